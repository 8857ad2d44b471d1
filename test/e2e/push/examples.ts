/* eslint-disable @n8n/community-nodes/no-restricted-imports -- dev tooling, never shipped in dist */
/**
 * The two push examples (examples/pushed-orders-to-erp.json, examples/status-notification-to-customer.json)
 * in the push suite's running n8n: loaded from the files, node types rewritten for
 * N8N_CUSTOM_EXTENSIONS, external URLs pointed at loopback stubs (ERP, Slack, SMTP), published
 * with the suite's other workflows, then driven by pushes.
 *  (a) pushed order → ERP, respond when the last node finishes: an order the ERP accepts is
 *      answered 200; one the ERP refuses once is answered with an error status, and the emulator's
 *      KornitX-like retry (`sendPush`, interval shortened) runs it again and gets 200 (2 executions: error, success).
 *  (b) status notification (PUT, no auth) → Slack for every change, e-mail the customer on Dispatched.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { n8nId, type CredentialImport } from '../../../scripts/n8n-runtime';
import type { Checks } from '../lib/checks';
import type { N8nNode } from '../lib/workflow';
import { startHttpStub, type HttpStub } from '../stubs/http-stub';
import { startSmtpStub, type SmtpStub } from '../stubs/smtp-stub';
import { REPO_ROOT } from './live';
import { sendPush, type PushResult } from '../../emulator';
import { pushedOrder, statusNotification } from './sender';
import { newId, url, SECRETS, type PushContext } from './scenarios';
import type { WebhookWorkflow } from './workflows';

const PACKAGE_PREFIX = 'n8n-nodes-kornitx.';
const CUSTOM_PREFIX = 'CUSTOM.';
export const PUSH_EXAMPLES = {
	erp: 'pushed-orders-to-erp.json',
	status: 'status-notification-to-customer.json',
} as const;

interface ExampleWorkflow {
	id?: string;
	name: string;
	nodes: N8nNode[];
	connections: Record<string, unknown>;
	[key: string]: unknown;
}

export interface ExampleStubs {
	erp: HttpStub;
	slack: HttpStub;
	smtp: SmtpStub;
	/** Order ids the ERP refuses the first time it sees them. */
	refuseOnce: Set<number>;
	close(): Promise<void>;
}

export async function startExampleStubs(): Promise<ExampleStubs> {
	const refuseOnce = new Set<number>();
	const erp = await startHttpStub('erp', (req) => {
		if (req.method !== 'POST' || req.path !== '/api/orders')
			return { status: 404, body: { error: 'not found' } };
		const id = Number((req.json as { kornitx_order_id?: unknown } | undefined)?.kornitx_order_id);
		if (refuseOnce.delete(id)) return { status: 503, body: { error: 'ERP busy, try later' } };
		return { status: 201, body: { accepted: true, erp_order: `ERP-${id}` } };
	});
	const slack = await startHttpStub('slack', (req) =>
		req.method === 'POST' && req.path.startsWith('/services/')
			? { body: 'ok' }
			: { status: 404, body: 'no_service' },
	);
	const smtp = await startSmtpStub();
	return {
		erp,
		slack,
		smtp,
		refuseOnce,
		close: async () => void (await Promise.all([erp.close(), slack.close(), smtp.close()])),
	};
}

function loadExample(file: string): ExampleWorkflow {
	return JSON.parse(
		fs.readFileSync(path.join(REPO_ROOT, 'examples', file), 'utf8'),
	) as ExampleWorkflow;
}

function nodeOfType(wf: ExampleWorkflow, type: string): N8nNode {
	const found = wf.nodes.find((n) => n.type === type);
	if (!found) throw new Error(`example "${wf.name}" has no ${type} node`);
	return found;
}

/** The example as the suite imports it: CUSTOM.* types, a fresh id and webhookId, URLs on the stubs. */
function prepare(
	file: string,
	stubs: ExampleStubs,
): { wf: ExampleWorkflow; hook: WebhookWorkflow } {
	const wf = loadExample(file);
	wf.id = n8nId();
	for (const node of wf.nodes)
		if (node.type.startsWith(PACKAGE_PREFIX))
			node.type = CUSTOM_PREFIX + node.type.slice(PACKAGE_PREFIX.length);
	const trigger = nodeOfType(wf, `${CUSTOM_PREFIX}kornitxPushTrigger`);
	const webhookId = `${String(trigger.webhookId).slice(0, 24)}${n8nId().slice(0, 12).toLowerCase()}`;
	trigger.webhookId = webhookId;
	const event = (trigger.parameters as { event?: string }).event;
	for (const node of wf.nodes.filter((n) => n.type === 'n8n-nodes-base.httpRequest')) {
		const params = node.parameters as { url: string };
		params.url = params.url.includes('hooks.slack.com')
			? `${stubs.slack.url}/services/T0E2E/B0PUSH/e2e`
			: params.url.replace('https://erp.example.com', stubs.erp.url);
	}
	return {
		wf,
		hook: {
			workflow: wf,
			id: wf.id,
			webhookId,
			path: `${webhookId}/push`,
			method: event === 'statusNotification' ? 'PUT' : 'POST',
		},
	};
}

export interface PushExamples {
	erp: WebhookWorkflow;
	status: WebhookWorkflow;
	credentials: CredentialImport[];
}

/** Both examples ready to import, with the credentials they name ("KornitX push", "SMTP account"). */
export function pushExamples(stubs: ExampleStubs): PushExamples {
	return {
		erp: prepare(PUSH_EXAMPLES.erp, stubs).hook,
		status: prepare(PUSH_EXAMPLES.status, stubs).hook,
		credentials: [
			{ name: 'KornitX push', type: 'kornitxPushApi', data: { hmacKey: SECRETS.keyA } },
			{
				name: 'SMTP account',
				type: 'smtp',
				data: {
					user: 'push-e2e',
					password: 'e2e-smtp-pass',
					host: stubs.smtp.host,
					port: stubs.smtp.port,
					secure: false,
					disableStartTls: true,
				},
			},
		],
	};
}

/** Static checks of the two files: package node types, credentials by name, no local addresses. */
export function exampleFileChecks(c: Checks): void {
	for (const file of Object.values(PUSH_EXAMPLES)) {
		const wf = loadExample(file);
		const trigger = wf.nodes.find((n) => n.type === `${PACKAGE_PREFIX}kornitxPushTrigger`);
		c.ok(`${file}: uses n8n-nodes-kornitx.kornitxPushTrigger`, trigger !== undefined);
		const auth = (trigger?.parameters as { authentication?: string } | undefined)?.authentication;
		c.ok(
			`${file}: credential by name "KornitX push" where the trigger verifies HMAC`,
			auth === 'none' || trigger?.credentials?.kornitxPushApi?.name === 'KornitX push',
		);
		c.ok(
			`${file}: no local address, test secret or pinned data`,
			!/127\.0\.0\.1|localhost|e2e-/.test(JSON.stringify(wf)) &&
				JSON.stringify(wf.pinData ?? {}) === '{}',
		);
	}
}

/** Pushes like KornitX with the emulator's sender (retries a non-200 `retries` times, 500 ms apart); records the answers. */
async function kornitxPush(
	ctx: PushContext,
	hook: WebhookWorkflow,
	body: unknown,
	key: string | undefined,
	retries: number,
): Promise<PushResult> {
	const result = await sendPush({
		url: url(ctx, hook),
		method: hook.method,
		body,
		key,
		retries,
		retryIntervalMs: 500,
		timeoutMs: 120_000,
	});
	ctx.answers.push(...result.attempts.map((a) => a.answer));
	return result;
}

const statuses = (r: PushResult) => r.attempts.map((a) => a.status || a.error);

export async function erpExampleChecks(
	ctx: PushContext,
	hook: WebhookWorkflow,
	stubs: ExampleStubs,
): Promise<void> {
	const c = ctx.checks;
	const accepted = pushedOrder(newId(ctx));
	const first = await kornitxPush(ctx, hook, accepted, SECRETS.keyA, 3);
	c.equal(
		'example ERP: order the ERP accepts → acknowledged 200 on the first push',
		statuses(first),
		[200],
	);
	const got = stubs.erp.requests.filter(
		(r) => (r.json as { kornitx_order_id?: number } | undefined)?.kornitx_order_id === accepted.id,
	);
	c.ok(
		'example ERP: the ERP received the order with its lines',
		got.length === 1 && ((got[0].json as { lines?: unknown[] }).lines?.length ?? 0) === 2,
		`${got.length} requests`,
	);

	const refused = pushedOrder(newId(ctx));
	stubs.refuseOnce.add(refused.id as number);
	const before = (await ctx.live.settledExecutions(hook.id)).length;
	const seen = statuses(await kornitxPush(ctx, hook, refused, SECRETS.keyA, 3));
	c.ok(
		'example ERP: ERP refuses → the push is answered with an error status (KornitX will retry)',
		typeof seen[0] === 'number' && seen[0] >= 400,
		JSON.stringify(seen),
	);
	c.ok(
		"example ERP: the emulator's retry runs again and is acknowledged 200",
		seen.length === 2 && seen[1] === 200,
		JSON.stringify(seen),
	);
	const runs = await ctx.live.settledExecutions(hook.id, { atLeast: before + 2 });
	const fresh = runs
		.slice(0, runs.length - before)
		.map((e) => e.status)
		.sort();
	c.equal('example ERP: two executions for the refused order (error, then success)', fresh, [
		'error',
		'success',
	]);
	const erpCalls = stubs.erp.requests.filter(
		(r) => (r.json as { kornitx_order_id?: number } | undefined)?.kornitx_order_id === refused.id,
	).length;
	c.equal('example ERP: the ERP saw the refused order twice (refused, then accepted)', erpCalls, 2);
}

export async function statusExampleChecks(
	ctx: PushContext,
	hook: WebhookWorkflow,
	stubs: ExampleStubs,
): Promise<void> {
	const c = ctx.checks;
	const dispatched = statusNotification(newId(ctx));
	const r1 = await kornitxPush(ctx, hook, dispatched, undefined, 0);
	c.equal('example status: Dispatched notification (PUT, no auth) answered 200', statuses(r1), [
		200,
	]);
	const slack = await stubs.slack.waitFor(
		(req) => req.body.includes(String(dispatched.external_ref)),
		30_000,
	);
	c.ok(
		'example status: Slack gets the change with status and tracking',
		slack !== undefined &&
			slack.body.includes('Dispatched') &&
			slack.body.includes(String(dispatched.shipping_tracking)),
		slack?.body.slice(0, 200),
	);
	const mail = await stubs.smtp.waitFor(
		(m) => m.subject.includes(String(dispatched.external_ref)),
		30_000,
	);
	c.ok(
		'example status: the customer gets an e-mail with the tracking number',
		mail !== undefined &&
			mail.to.some((t) => t.includes(`customer+${String(dispatched.external_ref)}@example.com`)) &&
			mail.text.includes(String(dispatched.shipping_tracking)),
		mail ? `${mail.to.join(',')} ${mail.subject}` : 'no mail',
	);

	const inProduction = statusNotification(newId(ctx), {
		status: 4,
		status_name: 'In Production',
		shipping_tracking: '',
		new_shipments: [],
	});
	const mailsBefore = stubs.smtp.messages.length;
	await kornitxPush(ctx, hook, inProduction, undefined, 0);
	const slack2 = await stubs.slack.waitFor(
		(req) => req.body.includes(String(inProduction.external_ref)),
		30_000,
	);
	c.ok(
		'example status: an In Production notification goes to Slack only (no e-mail)',
		slack2 !== undefined &&
			(await ctx.live.settledExecutions(hook.id, { atLeast: 2 })).length === 2 &&
			stubs.smtp.messages.length === mailsBefore,
	);
}
