/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- dev tooling, never shipped in dist */
/**
 * Webhook workflows for the push suite, the push bench and `npm run dev`:
 *   - `pushWorkflow`: KornitX Push Trigger → optional nodes after it (NoOp by default)
 *   - `webhookHmacWorkflow`: what users build today without the trigger — n8n's Webhook node
 *     (answers when the last node finishes) → a Code node checking `X-CustomGateway-Hmac` with the
 *     crypto module (NODE_FUNCTION_ALLOW_BUILTIN=crypto)
 * and the production URL of a trigger (`<base>/webhook/<webhookId>/<path of the node's webhook>`).
 */
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

import { n8nId } from '../../../scripts/n8n-runtime';
import { DIST, PUSH_TRIGGER_TYPE } from './live';

export const PUSH_CREDENTIAL_TYPE = 'kornitxPushApi';
export const TRIGGER_NAME = 'KornitX Push';

export type PushEvent = 'orderPushed' | 'statusNotification';

export interface PushTriggerParams {
	event?: PushEvent;
	authentication?: 'hmac' | 'none';
	respond?: 'immediately' | 'whenLastNodeFinishes';
	ignoreRepeats?: boolean;
	output?: 'order' | 'items';
	/** `{ id, name }` of a kornitxPushApi credential (needed for hmac). */
	credential?: { id: string; name: string };
}

type Node = Record<string, unknown> & { name: string };

export interface WebhookWorkflow {
	workflow: Record<string, unknown>;
	id: string;
	webhookId: string;
	/** Path after `/webhook/` (production) or `/webhook-test/` (test). */
	path: string;
	method: 'POST' | 'PUT';
}

function node(
	name: string,
	type: string,
	typeVersion: number,
	parameters: Record<string, unknown>,
	column: number,
	extra: Record<string, unknown> = {},
): Node {
	return {
		id: randomUUID(),
		name,
		type,
		typeVersion,
		position: [column * 240, 0],
		parameters,
		...extra,
	};
}

/** Nodes wired one after another (output 0 → input 0). */
function linear(name: string, nodes: Node[]): { id: string; workflow: Record<string, unknown> } {
	const connections: Record<string, unknown> = {};
	for (let i = 0; i < nodes.length - 1; i++)
		connections[nodes[i].name] = { main: [[{ node: nodes[i + 1].name, type: 'main', index: 0 }]] };
	const id = n8nId();
	return {
		id,
		workflow: {
			id,
			name,
			active: false,
			nodes,
			connections,
			settings: { executionOrder: 'v1' },
			pinData: {},
		},
	};
}

interface WebhookDescription {
	httpMethod: string;
	path: string;
}

/**
 * The path our trigger registers for an event, read from the built node's description (so the
 * suite follows whatever path the node declares). An expression path is not supported here.
 */
export function triggerWebhookPath(event: PushEvent, dist = DIST): string {
	const file = path.join(dist, 'nodes', 'KornitxPushTrigger', 'KornitxPushTrigger.node.js');
	if (!fs.existsSync(file))
		throw new Error(
			`${path.relative(process.cwd(), file)} is not built: the KornitX Push Trigger is missing`,
		);
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const mod = require(file) as Record<
		string,
		new () => { description: { webhooks?: WebhookDescription[] } }
	>;
	const Trigger = Object.values(mod).find((v) => typeof v === 'function');
	const hooks = Trigger ? (new Trigger().description.webhooks ?? []) : [];
	const method = event === 'orderPushed' ? 'POST' : 'PUT';
	const hook = hooks.find((h) => h.httpMethod === method) ?? hooks[0];
	if (!hook) throw new Error('the KornitX Push Trigger declares no webhook');
	if (hook.path.startsWith('='))
		throw new Error(
			`the trigger's webhook path is an expression (${hook.path}); teach triggerWebhookPath to evaluate it`,
		);
	return hook.path;
}

export function pushTriggerAvailable(dist = DIST): boolean {
	return fs.existsSync(
		path.join(dist, 'nodes', 'KornitxPushTrigger', 'KornitxPushTrigger.node.js'),
	);
}

/** The trigger node (the KornitX Push Trigger's public parameters, node contract). */
export function pushTriggerNode(
	p: PushTriggerParams,
	webhookId: string,
	type = PUSH_TRIGGER_TYPE,
): Node {
	const options: Record<string, unknown> = {};
	if (p.respond) options.respond = p.respond;
	if (p.ignoreRepeats !== undefined) options.ignoreRepeats = p.ignoreRepeats;
	if (p.output) options.output = p.output;
	return node(
		TRIGGER_NAME,
		type,
		1,
		{ event: p.event ?? 'orderPushed', authentication: p.authentication ?? 'hmac', options },
		0,
		{
			webhookId,
			...(p.credential && (p.authentication ?? 'hmac') === 'hmac'
				? { credentials: { [PUSH_CREDENTIAL_TYPE]: p.credential } }
				: {}),
		},
	);
}

export function noOp(name: string): Node {
	return node(name, 'n8n-nodes-base.noOp', 1, {}, 1);
}

/** A node that fails the run (for "respond when the last node finishes"). */
export function failingNode(name: string, message: string): Node {
	return node(
		name,
		'n8n-nodes-base.stopAndError',
		1,
		{ errorType: 'errorMessage', errorMessage: message },
		1,
	);
}

/** KornitX Push Trigger → `after` (default a NoOp "Received"). */
export function pushWorkflow(
	name: string,
	p: PushTriggerParams,
	after: Node[] = [noOp('Received')],
): WebhookWorkflow {
	const webhookId = randomUUID();
	const event = p.event ?? 'orderPushed';
	const placed = after.map((n, i) => ({ ...n, position: [(i + 1) * 240, 0] }));
	const { id, workflow } = linear(name, [pushTriggerNode(p, webhookId), ...placed]);
	return {
		workflow,
		id,
		webhookId,
		path: `${webhookId}/${triggerWebhookPath(event)}`,
		method: event === 'orderPushed' ? 'POST' : 'PUT',
	};
}

/** Code node body: HMAC-SHA256 over the re-serialised body (what users do without raw-body access), hex, constant-time compare. */
export function hmacCheckCode(key: string): string {
	return [
		"const crypto = require('crypto');",
		`const key = ${JSON.stringify(key)};`,
		'const item = $input.first().json;',
		"const expected = crypto.createHmac('sha256', key).update(JSON.stringify(item.body)).digest('hex');",
		"const got = String(item.headers['x-customgateway-hmac'] || '').toLowerCase();",
		"if (got.length !== expected.length || !crypto.timingSafeEqual(Buffer.from(got), Buffer.from(expected))) throw new Error('Invalid signature');",
		'return [{ json: item.body }];',
	].join('\n');
}

/** n8n's Webhook node (POST, answers when the last node finishes) → Code node checking the HMAC. */
export function webhookHmacWorkflow(name: string, key: string): WebhookWorkflow {
	const webhookId = randomUUID();
	const hookPath = `kornitx-push-${webhookId.slice(0, 8)}`;
	const { id, workflow } = linear(name, [
		node(
			'Webhook',
			'n8n-nodes-base.webhook',
			2,
			{ httpMethod: 'POST', path: hookPath, responseMode: 'lastNode', options: {} },
			0,
			{ webhookId },
		),
		node('Check HMAC', 'n8n-nodes-base.code', 2, { jsCode: hmacCheckCode(key) }, 1),
	]);
	return { workflow, id, webhookId, path: hookPath, method: 'POST' };
}
