/* eslint-disable @n8n/community-nodes/no-restricted-imports -- dev tooling, never shipped in dist */
/**
 * The push part of `npm run dev` (scripts/dev.ts calls `setupDevPush` before `n8n start`):
 *   - a "KornitX push (dev)" credential (kornitxPushApi, HMAC key DEV_PUSH_KEY), fixed id
 *   - a published workflow "KornitX push (dev)": KornitX Push Trigger (Order Pushed, HMAC) → NoOp,
 *     fixed id and webhookId, so its production URL is always <n8n>/webhook/kornitx-dev-push/push
 * Both are re-imported on every start (edits made to them in the editor are overwritten).
 * Returns the banner lines, with the ONE command that pushes a signed order into the running n8n:
 *
 *   npm run emulator -- push --url http://localhost:5678/webhook/kornitx-dev-push/push --key kornitx-dev-push-key
 *
 * (the emulator's push sender: a realistic order, signed like KornitX, retried on a non-200).
 */
import { setTimeout as sleep } from 'node:timers/promises';

import { importWorkflows } from '../test/e2e/lib/n8n';
import { publishWorkflows } from '../test/e2e/push/live';
import {
	PUSH_CREDENTIAL_TYPE,
	noOp,
	pushTriggerAvailable,
	pushTriggerNode,
	triggerWebhookPath,
} from '../test/e2e/push/workflows';
import type { CredentialImport, N8nInstance } from './n8n-runtime';

/** Dev-only HMAC key (not a secret of anything real). */
export const DEV_PUSH_KEY = 'kornitx-dev-push-key';
export const DEV_PUSH_IDS = {
	credential: 'kxDevPushCred001',
	workflow: 'kxDevPushWflow01',
	webhookId: 'kornitx-dev-push',
} as const;
const CREDENTIAL_NAME = 'KornitX push (dev)';

function devPushUrl(n8nPort: number): string {
	return `http://localhost:${n8nPort}/webhook/${DEV_PUSH_IDS.webhookId}/${triggerWebhookPath('orderPushed')}`;
}

function devPushWorkflow(): Record<string, unknown> {
	// `npm run dev` loads the package as a user install does, so the type carries the package name.
	const trigger = pushTriggerNode(
		{ credential: { id: DEV_PUSH_IDS.credential, name: CREDENTIAL_NAME } },
		DEV_PUSH_IDS.webhookId,
		'n8n-nodes-kornitx.kornitxPushTrigger',
	);
	const received = { ...noOp('Received'), position: [260, 0] };
	return {
		id: DEV_PUSH_IDS.workflow,
		name: 'KornitX push (dev)',
		active: false,
		nodes: [trigger, received],
		connections: { [trigger.name]: { main: [[{ node: received.name, type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
		pinData: {},
	};
}

/**
 * n8n registers production webhooks a few seconds after it reports ready: wait until the dev push
 * URL answers something other than 404 (an unsigned probe gets 401 and starts nothing), so the
 * printed command works at once.
 */
export async function waitForDevPush(n8nPort: number, timeoutMs = 60_000): Promise<boolean> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		const status = await fetch(devPushUrl(n8nPort), {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: '{}',
		}).then(
			(res) => res.status,
			() => 0,
		);
		if (status !== 404 && status !== 0) return true;
		await sleep(500);
	}
	return false;
}

/** The dev push credential (also imported by the editor check). */
export function devPushCredential(): CredentialImport {
	return {
		id: DEV_PUSH_IDS.credential,
		name: CREDENTIAL_NAME,
		type: PUSH_CREDENTIAL_TYPE,
		data: { hmacKey: DEV_PUSH_KEY },
	};
}

/** Imports and publishes the dev push credential and workflow (before `n8n start`); returns banner lines. */
export async function setupDevPush(n8n: N8nInstance, n8nPort: number): Promise<string[]> {
	if (!pushTriggerAvailable())
		return ['  push          (the KornitX Push Trigger is not built: no push workflow)'];
	await n8n.importCredentials([devPushCredential()]);
	await importWorkflows(n8n, [devPushWorkflow()]);
	await publishWorkflows(n8n, [DEV_PUSH_IDS.workflow]);
	return [
		`  push          workflow "KornitX push (dev)" (published), credential "${CREDENTIAL_NAME}" (HMAC key ${DEV_PUSH_KEY})`,
		`    URL         ${devPushUrl(n8nPort)}`,
		`    push one    npm run emulator -- push --url ${devPushUrl(n8nPort)} --key ${DEV_PUSH_KEY} --retries 0`,
	];
}
