/* eslint-disable @n8n/community-nodes/no-restricted-globals -- test code, never shipped in dist */
/**
 * KornitX Push Trigger in process: each push is a real loopback HTTP request, sent by the
 * emulator's push sender (so signing is exercised end to end) to a server that calls the node's
 * webhook() through n8n-core's WebhookContext and then runs the workflow like n8n does.
 */
import { createHmac } from 'node:crypto';
import type {
	IDataObject,
	IExecuteFunctions,
	INode,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { KornitxPushApi } from '../../credentials/KornitxPushApi.credentials';
import { KornitxPushTrigger } from '../../nodes/KornitxPushTrigger/KornitxPushTrigger.node';
import { processRepeatMemory } from '../../nodes/KornitxPushTrigger/repeats';
import {
	buildPushOrder,
	buildStatusNotification,
	pushOrder,
	sendPush,
	sendStatusNotification,
	type PushOptions,
} from '../emulator';
import {
	createHarness,
	type Harness,
	type WebhookServer,
	type WebhookServerParams,
} from '../harness';

// Test-only values, built from parts so the secret-literal lint does not take them for real ones.
const HMAC_KEY = ['kx', 'push', 'test', 'hmac', '7f3a'].join('-');
const BASIC_USER = 'kornitx-pusher';
const BASIC_PASSWORD = ['push', 'basic', 'test', '91c'].join('-');
const CREDENTIAL = { kornitxPushApi: { id: 'cred-push', name: 'KornitX Push (test)' } };

/** A downstream "ERP" step the tests control: it can refuse (throw) or hold the run open. */
const erp = {
	accepts: true,
	gate: undefined as Promise<void> | undefined,
	received: [] as IDataObject[],
};

class ErpNode implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'ERP',
		name: 'test.erp',
		group: ['transform'],
		version: 1,
		description: 'Test stand-in for an ERP import',
		defaults: { name: 'ERP' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		if (erp.gate) await erp.gate;
		const items = this.getInputData();
		if (!erp.accepts) throw new NodeOperationError(this.getNode(), 'ERP refused the order');
		erp.received.push(...items.map((item) => item.json));
		return [items];
	}
}

const ERP_NODE: INode = {
	id: 'erp',
	name: 'ERP',
	type: 'test.erp',
	typeVersion: 1,
	position: [200, 0],
	parameters: {},
};

describe('KornitX Push Trigger', () => {
	let harness: Harness;
	let server: WebhookServer | undefined;

	beforeAll(() => {
		harness = createHarness({
			nodeTypes: [new KornitxPushTrigger(), new ErpNode()],
			credentialTypes: [new KornitxPushApi()],
		});
	});
	afterAll(() => harness.dispose());
	beforeEach(() => {
		processRepeatMemory.clear();
		erp.accepts = true;
		erp.gate = undefined;
		erp.received = [];
		useCredential({ basicAuth: false });
	});
	afterEach(async () => {
		await server?.idle();
		await server?.close();
		server = undefined;
	});

	function useCredential({ basicAuth }: { basicAuth: boolean }): void {
		const basic = basicAuth
			? { basicAuthUser: BASIC_USER, basicAuthPassword: BASIC_PASSWORD }
			: { basicAuthUser: '', basicAuthPassword: '' };
		harness.setCredential(
			'kornitxPushApi',
			CREDENTIAL.kornitxPushApi.id,
			{ hmacKey: HMAC_KEY, ...basic },
			CREDENTIAL.kornitxPushApi.name,
		);
	}

	async function listen(
		parameters: IDataObject = {},
		extra: Partial<WebhookServerParams> = {},
	): Promise<WebhookServer> {
		server = await harness.startWebhook({
			type: 'kornitxPushTrigger',
			parameters: { event: 'orderPushed', authentication: 'hmac', options: {}, ...parameters },
			credentials: CREDENTIAL,
			downstream: [ERP_NODE],
			...extra,
		});
		return server;
	}

	const push = async (options: Partial<PushOptions> = {}) =>
		await pushOrder({ url: (server as WebhookServer).url, key: HMAC_KEY, retries: 0, ...options });

	describe('verification', () => {
		it('accepts a push signed in lower-case hex and starts one run with the order exactly as sent', async () => {
			const s = await listen();
			const order = buildPushOrder({ seq: 1 });
			const result = await push({ body: order });
			expect(result.status).toBe(200);
			expect(JSON.parse(result.answer)).toEqual({ message: 'Workflow was started' });
			await s.idle();
			expect(s.executions).toBe(1);
			expect(s.calls[0].items?.map((item) => item.json)).toEqual([order]);
			expect(erp.received).toEqual([order]);
		});

		it('accepts upper-case hex and base64 digests of the same body', async () => {
			const s = await listen();
			const body = JSON.stringify(buildPushOrder({ seq: 2 }));
			const digest = createHmac('sha256', HMAC_KEY).update(body).digest();
			const upper = await push({
				body,
				headers: { 'X-CustomGateway-Hmac': digest.toString('hex').toUpperCase() },
			});
			const base64 = await push({ body, encoding: 'base64' });
			expect([upper.status, base64.status]).toEqual([200, 200]);
			expect(base64.signature).toBe(digest.toString('base64'));
			await s.idle();
			expect(s.executions).toBe(2);
		});

		it('refuses a wrong signature with 401, starts nothing and gives no hint of the expected value', async () => {
			const s = await listen();
			const result = await push({ key: 'not-the-key' });
			expect(result.status).toBe(401);
			expect(JSON.parse(result.answer)).toEqual({
				message: 'Signature in X-CustomGateway-Hmac does not match the body',
			});
			const expected = createHmac('sha256', HMAC_KEY).update(result.bodyText).digest();
			for (const secret of [HMAC_KEY, expected.toString('hex'), expected.toString('base64')]) {
				expect(result.answer).not.toContain(secret);
			}
			await s.idle();
			expect(s.executions).toBe(0);
			expect(erp.received).toEqual([]);
		});

		it('refuses an unsigned push with 401 when authentication is HMAC', async () => {
			const s = await listen();
			const result = await push({ key: undefined });
			expect(result.status).toBe(401);
			expect(result.answer).toContain('X-CustomGateway-Hmac is missing');
			expect(s.executions).toBe(0);
		});

		it('verifies the raw bytes: a digest of the re-serialised JSON does not match a body sent with other spacing', async () => {
			const s = await listen();
			const order = { id: 47209999, ref: 'KX-SPACED', customer_name: 'Zoë', items: [] };
			const spaced = JSON.stringify(order, null, 2);
			const overReserialised = createHmac('sha256', HMAC_KEY)
				.update(JSON.stringify(order))
				.digest('hex');
			const refused = await push({
				body: spaced,
				headers: { 'X-CustomGateway-Hmac': overReserialised },
			});
			const accepted = await push({ body: spaced });
			expect([refused.status, accepted.status]).toEqual([401, 200]);
			await s.idle();
			expect(s.executions).toBe(1);
			expect(s.calls[1].items?.[0].json).toEqual(order);
		});

		it('requires Basic auth when the credential sets it: missing or wrong is 401, right is accepted', async () => {
			useCredential({ basicAuth: true });
			const s = await listen();
			const missing = await push();
			const wrong = await push({ basicAuth: { user: BASIC_USER, password: 'guess' } });
			const right = await push({ basicAuth: { user: BASIC_USER, password: BASIC_PASSWORD } });
			const rightButUnsigned = await push({
				key: undefined,
				basicAuth: { user: BASIC_USER, password: BASIC_PASSWORD },
			});
			expect([missing.status, wrong.status, right.status, rightButUnsigned.status]).toEqual([
				401, 401, 200, 401,
			]);
			expect(missing.answer).toContain('Basic authentication is required');
			expect(wrong.answer).not.toContain(BASIC_PASSWORD);
			await s.idle();
			expect(s.executions).toBe(1);
		});

		it('accepts an unsigned status notification (PUT) with authentication None', async () => {
			const s = await listen({ event: 'statusNotification', authentication: 'none' });
			const notification = buildStatusNotification({ seq: 3 });
			const result = await sendStatusNotification({ url: s.url, body: notification, retries: 0 });
			expect(result.status).toBe(200);
			await s.idle();
			expect(s.calls[0].items?.map((item) => item.json)).toEqual([notification]);
		});

		it('is registered for POST only when the event is Order Pushed, PUT only for Status Notification', async () => {
			const s = await listen({ event: 'statusNotification', authentication: 'none' });
			const post = await push({ method: 'POST' });
			expect(post.status).toBe(404);
			expect(s.calls[0].nodeCalled).toBe(false);
		});
	});

	describe('bodies that are not a JSON object', () => {
		it.each([
			['an array', '[{"id":1}]', 'Body is an array; expected a JSON object'],
			['a number', '42', 'Body is a number; expected a JSON object'],
			['a string', '"order"', 'Body is a string; expected a JSON object'],
			['null', 'null', 'Body is null; expected a JSON object'],
		])('refuses %s with 400 and starts nothing', async (_kind, body, message) => {
			const s = await listen();
			const result = await push({ body });
			expect(result.status).toBe(400);
			expect(JSON.parse(result.answer)).toEqual({ message });
			expect(s.executions).toBe(0);
		});

		it('refuses a signed non-JSON body sent as text/plain with 400', async () => {
			const s = await listen();
			const result = await push({ body: 'id=1&ref=KX', headers: { 'Content-Type': 'text/plain' } });
			expect(result.status).toBe(400);
			expect(result.answer).toContain('not valid JSON');
			expect(s.executions).toBe(0);
		});

		it('accepts a JSON object sent with a text/plain content type (the signed bytes decide)', async () => {
			const s = await listen();
			const result = await push({
				body: { id: 5, ref: 'KX-TEXT' },
				headers: { 'Content-Type': 'text/plain' },
			});
			expect(result.status).toBe(200);
			await s.idle();
			expect(s.calls[0].items?.[0].json).toEqual({ id: 5, ref: 'KX-TEXT' });
		});

		it('never sees unparseable JSON sent as application/json: n8n answers 422 itself', async () => {
			const s = await listen();
			const result = await push({ body: '{"id": 1,' });
			expect(result.status).toBe(422);
			expect(s.calls[0].nodeCalled).toBe(false);
		});
	});

	describe('respond', () => {
		it('immediately: answers 200 even when the run fails afterwards', async () => {
			const s = await listen();
			erp.accepts = false;
			const result = await push();
			expect(result.status).toBe(200);
			await s.idle();
			expect(s.calls[0].run?.status).toBe('error');
		});

		it('when the last node finishes: 200 with an empty body once the run succeeded', async () => {
			await listen({ options: { respond: 'whenLastNodeFinishes' } });
			const result = await push();
			expect(result.status).toBe(200);
			expect(result.answer).toBe('');
			expect(erp.received).toHaveLength(1);
		});

		it("when the last node finishes: a failed run answers 500, and KornitX's retry runs again", async () => {
			const s = await listen({ options: { respond: 'whenLastNodeFinishes', ignoreRepeats: true } });
			erp.accepts = false;
			const body = JSON.stringify(buildPushOrder({ seq: 4 }));
			const failed = await push({ body });
			expect(failed.status).toBe(500);
			expect(JSON.parse(failed.answer)).toEqual({ message: 'Error in workflow' });
			erp.accepts = true;
			const retried = await push({ body });
			expect(retried.status).toBe(200);
			expect(s.executions).toBe(2);
			expect(erp.received).toHaveLength(1);
		});

		it('acknowledges only what the ERP accepted: the emulator retries like KornitX until the run succeeds', async () => {
			const s = await listen({ options: { respond: 'whenLastNodeFinishes', ignoreRepeats: true } });
			erp.accepts = false;
			let attempts = 0;
			const original = ErpNode.prototype.execute;
			const spy = jest.spyOn(ErpNode.prototype, 'execute').mockImplementation(async function (
				this: IExecuteFunctions,
			) {
				attempts += 1;
				if (attempts === 3) erp.accepts = true;
				return await original.call(this);
			});
			try {
				const result = await push({ retries: 5, retryIntervalMs: 1 });
				expect(result.acknowledged).toBe(true);
				expect(result.attempts.map((a) => a.status)).toEqual([500, 500, 200]);
				expect(s.executions).toBe(3);
				expect(erp.received).toHaveLength(1);
			} finally {
				spy.mockRestore();
			}
		});
	});

	describe('ignore repeats', () => {
		it('is off by default: an identical push runs again', async () => {
			const s = await listen();
			const body = JSON.stringify(buildPushOrder({ seq: 5 }));
			const answers = [await push({ body }), await push({ body })].map((r) => r.status);
			expect(answers).toEqual([200, 200]);
			await s.idle();
			expect(s.executions).toBe(2);
		});

		it('when on, answers 200 to an identical acknowledged push and starts nothing; a changed body runs', async () => {
			const s = await listen({ options: { ignoreRepeats: true } });
			const order = buildPushOrder({ seq: 6 });
			const first = await push({ body: order });
			await s.idle();
			const repeat = await push({ body: order });
			const changed = await push({ body: { ...order, shipping_method: 'Express' } });
			expect([first.status, repeat.status, changed.status]).toEqual([200, 200, 200]);
			expect(JSON.parse(repeat.answer)).toEqual({
				message: 'Identical push acknowledged earlier; nothing started',
			});
			await s.idle();
			expect(s.executions).toBe(2);
		});

		it('answers 409 to an identical push while the first is still running, and starts nothing for it', async () => {
			const s = await listen({ options: { respond: 'whenLastNodeFinishes', ignoreRepeats: true } });
			let release = () => {};
			erp.gate = new Promise<void>((resolve) => (release = resolve));
			const body = JSON.stringify(buildPushOrder({ seq: 7 }));
			const first = push({ body });
			while (s.executions < 1) await new Promise((resolve) => setTimeout(resolve, 5));
			const concurrent = await push({ body });
			release();
			expect(concurrent.status).toBe(409);
			expect((await first).status).toBe(200);
			const later = await push({ body });
			expect(later.status).toBe(200);
			expect(later.answer).toContain('acknowledged earlier');
			expect(s.executions).toBe(1);
		});

		it('keeps test pushes (Listen for test event) apart from production ones', async () => {
			const body = JSON.stringify(buildPushOrder({ seq: 8 }));
			const production = await listen({ options: { ignoreRepeats: true } });
			await push({ body });
			await production.idle();
			await production.close();
			const test = await listen({ options: { ignoreRepeats: true } }, { mode: 'manual' });
			const result = await push({ body });
			expect(result.status).toBe(200);
			await test.idle();
			expect(test.executions).toBe(1);
		});
	});

	it('acknowledges a burst of 60 distinct pushes sent 10 at a time, with exactly one run each', async () => {
		const s = await listen({ options: { respond: 'whenLastNodeFinishes', ignoreRepeats: true } });
		const statuses: number[] = [];
		for (let batch = 0; batch < 6; batch++) {
			const results = await Promise.all(
				Array.from(
					{ length: 10 },
					async (_, i) => await push({ body: buildPushOrder({ seq: 100 + batch * 10 + i }) }),
				),
			);
			statuses.push(...results.map((r) => r.status));
		}
		expect(statuses).toEqual(Array(60).fill(200));
		expect(s.executions).toBe(60);
		expect(new Set(erp.received.map((order) => order.id)).size).toBe(60);
	});

	describe('output', () => {
		it('Order Lines: one item per line, each with the order\'s other fields and the line under "item"', async () => {
			const s = await listen({ options: { output: 'items' } });
			const order = buildPushOrder({ seq: 9, items: 3 });
			await push({ body: order });
			await s.idle();
			const { items, ...rest } = order as { items: IDataObject[] };
			expect(s.calls[0].items?.map((item) => item.json)).toEqual(
				items.map((line) => ({ ...rest, item: line })),
			);
			expect(erp.received).toHaveLength(3);
		});

		it('Order Lines: an order without lines gives one item with item null', async () => {
			const s = await listen({ options: { output: 'items' } });
			await push({ body: { id: 1, ref: 'KX-EMPTY', items: [] } });
			await s.idle();
			expect(s.calls[0].items?.map((item) => item.json)).toEqual([
				{ id: 1, ref: 'KX-EMPTY', item: null },
			]);
		});

		it('keeps unicode and unknown fields intact', async () => {
			const s = await listen();
			const order = buildPushOrder({ seq: 10, overrides: { x_new: { ключ: '值 🎉' } } });
			await push({ body: order });
			await s.idle();
			const json = s.calls[0].items?.[0].json as IDataObject;
			expect(json.x_new).toEqual({ ключ: '值 🎉' });
			expect(json.x_unpublished_field).toEqual(order.x_unpublished_field);
			expect(json.customer_name).toBe('Zoë Ångström');
		});

		it('gives status notifications as one item even when Output is Order Lines', async () => {
			const s = await listen({
				event: 'statusNotification',
				authentication: 'none',
				options: { output: 'items' },
			});
			const notification = buildStatusNotification({ seq: 11 });
			await sendPush({ url: s.url, kind: 'statusNotification', body: notification, retries: 0 });
			await s.idle();
			expect(s.calls[0].items?.map((item) => item.json)).toEqual([notification]);
		});
	});

	it('never puts the HMAC key, the Basic password or the Authorization header in answers or run data', async () => {
		useCredential({ basicAuth: true });
		const s = await listen({ options: { respond: 'whenLastNodeFinishes', output: 'items' } });
		const basicAuth = { user: BASIC_USER, password: BASIC_PASSWORD };
		const results = [
			await push({ basicAuth }),
			await push({ basicAuth, key: 'wrong' }),
			await push({ basicAuth: { user: BASIC_USER, password: 'nope' } }),
			await push({ basicAuth, body: '[]' }),
		];
		erp.accepts = false;
		results.push(await push({ basicAuth }));
		await s.idle();
		const authorization = Buffer.from(`${BASIC_USER}:${BASIC_PASSWORD}`).toString('base64');
		const everything = JSON.stringify([
			results.map((r) => r.answer),
			s.calls.map((c) => [c.items, c.run?.data, c.answer]),
		]);
		for (const secret of [HMAC_KEY, BASIC_PASSWORD, authorization])
			expect(everything).not.toContain(secret);
		expect(results.map((r) => r.status)).toEqual([200, 401, 401, 400, 500]);
	});

	it('fails a push with a clear error and starts nothing when the credential has no HMAC key', async () => {
		harness.setCredential(
			'kornitxPushApi',
			CREDENTIAL.kornitxPushApi.id,
			{ hmacKey: '' },
			CREDENTIAL.kornitxPushApi.name,
		);
		const s = await listen();
		const result = await push();
		expect(result.status).toBe(500);
		expect(s.calls[0].error?.message).toBe('The KornitX Push API credential has no HMAC key');
		expect(s.executions).toBe(0);
	});

	it('checks the credential without calling anyone: the HMAC key must be set', async () => {
		const ok = await harness.credentialTest('kornitxPushTrigger', 'kornitxPushApiTest', {
			hmacKey: HMAC_KEY,
		});
		const empty = await harness.credentialTest('kornitxPushTrigger', 'kornitxPushApiTest', {
			hmacKey: '',
		});
		const halfBasic = await harness.credentialTest('kornitxPushTrigger', 'kornitxPushApiTest', {
			hmacKey: HMAC_KEY,
			basicAuthUser: BASIC_USER,
		});
		expect([ok.status, empty.status, halfBasic.status]).toEqual(['OK', 'Error', 'Error']);
		expect(JSON.stringify([ok, empty, halfBasic])).not.toContain(HMAC_KEY);
	});
});
