/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- dev tooling, never shipped in dist */
/**
 * The "live" instance: `n8n start` with the form and KornitX Trigger examples published.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import {
	createN8nInstance,
	importWorkflows,
	n8nId,
	publishWorkflows,
	type N8nInstall,
	type N8nInstance,
} from '../../../scripts/n8n-runtime';
import { SEED_ORDER_IDS as IDS, startEmulator, type KornitxEmulator } from '../../emulator';
import {
	DIST,
	CUSTOM_PREFIX,
	loadExample,
	forCustomExtensions,
	findNode,
	findNodeByType,
	logTail,
	credentialsFor,
	type Stubs,
} from './common';

/* ------------------------------------------------------------------------------------------------
 * The "live" examples
 * ---------------------------------------------------------------------------------------------- */

export interface LiveSetup {
	n8n: N8nInstance;
	emulator: KornitxEmulator;
	url: string;
	formPath: string;
	/** Path of this instance's Slack incoming webhook on the stub (one per run). */
	slackPath: string;
	/** When the order for the Slack announcement was dispatched. */
	dispatchedAt?: number;
}

export const SLACK_ORDER = {
	id: IDS.pendingDispatch,
	ref: 'SHOP-1008',
	carrier: 'Royal Mail',
	method: 'Tracked 48',
	tracking: 'RM555000111GB',
};

export async function prepareLive(install: N8nInstall, stubs: Stubs): Promise<LiveSetup> {
	const emulator = await startEmulator({ host: '127.0.0.1', port: 0 });
	const n8n = createN8nInstance(install, { customExtensions: DIST, logLevel: 'info' });

	const form = forCustomExtensions(loadExample('cancel-items-from-form.json'));
	const formTrigger = findNodeByType(form, 'n8n-nodes-base.formTrigger');
	const formPath = String(
		(formTrigger.parameters.options as { path?: string } | undefined)?.path ??
			formTrigger.webhookId,
	);

	const slack = forCustomExtensions(loadExample('dispatched-to-slack.json'));
	// Poll every minute instead of every 5 (n8n's shortest poll interval) to keep the test short.
	findNodeByType(slack, `${CUSTOM_PREFIX}kornitxTrigger`).parameters.pollTimes = {
		item: [{ mode: 'everyMinute' }],
	};
	const slackPath = `/services/T0E2E/B${install.major}${n8nId().slice(0, 8)}/e2eWebhookToken`;
	findNode(slack, 'Post to Slack').parameters.url = `${stubs.slack.url}${slackPath}`;

	await n8n.importCredentials(credentialsFor(emulator, stubs));
	await importWorkflows(n8n, [form, slack]);
	await publishWorkflows(n8n, [form.id!, slack.id!]);
	const { url } = await n8n.start({ timeoutMs: 180_000 });
	const setup: LiveSetup = { n8n, emulator, url, formPath, slackPath };
	await waitForActivation(setup);
	return setup;
}

/** `fetch` that gives up after `ms` (n8n may hold a request open). */
export async function fetchWithin(
	ms: number,
	input: string,
	init: RequestInit = {},
): Promise<Response | undefined> {
	const controller = new AbortController();
	const timer = setTimeout(() => controller.abort(), ms);
	try {
		return await fetch(input, { ...init, signal: controller.signal });
	} catch {
		return undefined;
	} finally {
		clearTimeout(timer);
	}
}

/**
 * n8n 2.x answers HTTP before it has activated the published workflows: wait until the form's
 * production URL is served and the KornitX Trigger has made its first (baseline) poll.
 */
export async function waitForActivation(setup: LiveSetup): Promise<void> {
	const deadline = Date.now() + 120_000;
	for (;;) {
		const page = await fetchWithin(5_000, `${setup.url}/form/${setup.formPath}`);
		const polled = setup.emulator.log.some(
			(entry) => entry.api === 'export' && entry.status === 200,
		);
		if (page?.status === 200 && polled) break;
		if (Date.now() > deadline) {
			throw new Error(
				`published workflows not active within 120s (form: HTTP ${page?.status ?? 'no answer'}, trigger polled: ${polled}); log:\n${logTail(setup.n8n.logFile)}`,
			);
		}
		await sleep(500);
	}
	// The trigger's baseline is the poll's second: dispatch in a later one.
	await sleep(1_100);
}

/**
 * Submits the n8n form like a browser: a multipart POST of `field-<n>` values, answered with the
 * URL of the form's next page (`formWaitingUrl`), which shows the Form Ending once the execution
 * reaches it. Returns the text of that page.
 */
