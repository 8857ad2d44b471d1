import type { IDataObject } from 'n8n-workflow';

import { SEED_ORDER_IDS as IDS } from '../emulator';
import { useFixture } from '../support/kornitx';

const dispatch = {
	resource: 'order',
	operation: 'updateStatus',
	identifyBy: 'id',
	orderId: '={{ $json.id }}',
	status: 8,
};

describe('Faults: every item ends in exactly one result or one error', () => {
	const f = useFixture();

	const bulk = (count: number, status = 4) => {
		f.emulator.seedBulk(count, 1, status);
		return [...f.emulator.orders.keys()].filter((id) => id >= 50_000_001).map((id) => ({ id }));
	};
	const puts = () => f.apiCalls().filter((call) => call.method === 'PUT');

	it('rides out a 429 storm honouring Retry-After, applying each status once', async () => {
		const input = bulk(20);
		f.emulator.addFault({
			kind: 'status',
			status: 429,
			retryAfter: 0,
			times: 8,
			match: { api: 'rest' },
		});
		const { output, error } = await f.run({ ...dispatch, options: { concurrency: 5 } }, { input });
		expect(error).toBeUndefined();
		expect(output.map((item) => item.json.orderId)).toEqual(input.map((item) => item.id));
		expect(puts().filter((call) => call.status === 429)).toHaveLength(8);
		expect(puts().filter((call) => call.status === 200)).toHaveLength(20);
		expect(input.every(({ id }) => f.emulator.getOrder(id)?.status === 8)).toBe(true);
	});

	it('retries a status update after a 5xx, and says so if the retry meets the applied state', async () => {
		f.emulator.addFault({ kind: 'status', status: 500, match: { api: 'rest' } });
		const ok = await f.run(dispatch, { input: [{ id: IDS.inProduction }] });
		expect(ok.output[0].json.success).toBe(true);
		expect(puts().map((call) => call.status)).toEqual([500, 200]);

		// The first attempt was applied but answered 502: the retry finds the order already dispatched.
		f.emulator.addFault({ kind: 'status', status: 502, phase: 'after', match: { api: 'rest' } });
		const { output } = await f.run(dispatch, {
			input: [{ id: IDS.pendingDispatch }],
			continueOnFail: true,
		});
		expect(output[0].json.error).toBe('KornitX: Invalid status transition');
		expect((output[0].json.details as IDataObject).description).toContain(
			'may already have applied it',
		);
		expect(f.emulator.getOrder(IDS.pendingDispatch)?.status).toBe(8);
	});

	it('gives up on a status update after 3 retries with one error for that item only', async () => {
		f.emulator.addFault({
			kind: 'status',
			status: 503,
			times: 4,
			match: { api: 'rest', pathIncludes: String(IDS.inProduction) },
		});
		const { output } = await f.run(
			{ ...dispatch, options: { concurrency: 1 } },
			{ input: [{ id: IDS.inProduction }, { id: IDS.pendingDispatch }], continueOnFail: true },
		);
		expect(output.map((item) => item.json.error ?? item.json.success)).toEqual([
			'KornitX server error (HTTP 503): Service Unavailable',
			true,
		]);
		expect(puts().filter((call) => call.path.includes(String(IDS.inProduction)))).toHaveLength(4);
	});

	it('sends a cancellation once when the server fails after applying it', async () => {
		const item = f.emulator.getOrder(IDS.inProduction)!.items[0];
		f.emulator.addFault({ kind: 'reset', phase: 'after', match: { api: 'rest', method: 'POST' } });
		const { output } = await f.run(
			{
				resource: 'orderItem',
				operation: 'cancel',
				identifyBy: 'id',
				orderId: String(IDS.inProduction),
				items: { item: [{ itemId: String(item.id), quantity: 1 }] },
			},
			{ continueOnFail: true },
		);
		expect(output).toHaveLength(1);
		expect(output[0].json.error).toBe('Outcome unknown: No reply from KornitX');
		expect(f.apiCalls().filter((call) => call.method === 'POST')).toHaveLength(1);
		expect(f.emulator.getOrder(IDS.inProduction)!.items[0].cancelled_quantity).toBe(1);
	});

	it('times out a hanging request and retries it when that is safe', async () => {
		f.emulator.addFault({ kind: 'hang', match: { api: 'rest' } });
		const { output } = await f.run(
			{ ...dispatch, options: { timeout: 1000 } },
			{ input: [{ id: IDS.inProduction }] },
		);
		expect(output[0].json.success).toBe(true);
		expect(puts()).toHaveLength(2);
	});

	it('reports malformed and empty replies as per-item errors', async () => {
		f.emulator.addFault({ kind: 'malformed', match: { api: 'graphql' } });
		f.emulator.addFault({ kind: 'empty', match: { api: 'graphql' } });
		const query = {
			resource: 'graphql',
			operation: 'execute',
			query: '{ core { orders(count: 1) { items { id } } } }',
		};
		const first = await f.run(query, { continueOnFail: true });
		const second = await f.run(query, { continueOnFail: true });
		expect(first.output[0].json.error).toBe('KornitX returned a reply that is not JSON');
		expect(second.output[0].json.error).toBe('KornitX returned an empty reply');
	});

	it('recognises the v2.2 rate limit (HTTP 400) and fails with advice once it persists', async () => {
		f.emulator.configure({ v22RateLimitPerHour: 1 });
		const { output } = await f.run(
			{
				resource: 'order',
				operation: 'updateStatus',
				orderId: '={{ $json.id }}',
				status: 8,
				options: { concurrency: 1 },
			},
			{
				apiKey: true,
				input: [{ id: IDS.inProduction }, { id: IDS.pendingDispatch }],
				continueOnFail: true,
			},
		);
		expect(output[0].json.success).toBe(true);
		expect(output[1].json.error).toMatch(/^KornitX rate limit reached: Rate limit exceeded/);
		expect((output[1].json.details as IDataObject).description).toContain('1000 requests per hour');
		expect(f.apiCalls().filter((call) => call.status === 400)).toHaveLength(4); // 1 + 3 retries
		expect(f.emulator.getOrder(IDS.pendingDispatch)?.status).toBe(517);
	});
});
