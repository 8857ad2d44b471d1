/* eslint-disable @n8n/community-nodes/no-restricted-globals -- dev tooling, never shipped in dist */
import { SEED_ORDER_IDS as IDS, startEmulator } from '../../emulator';
import { call, UPDATE_ORDERS, useEmulator, type UpdateReply } from './client';

const env = useEmulator();
const { token, putStatus, cancel, gql, order } = env;

describe('faults', () => {
	it('answers 429 with Retry-After once, then recovers', async () => {
		const tok = await token();
		env.emu.addFault({ kind: 'status', status: 429, retryAfter: 2, match: { api: 'rest' } });
		const first = await putStatus(String(IDS.received), tok, 128);
		expect(first.status).toBe(429);
		expect(first.headers.get('retry-after')).toBe('2');
		expect(order(IDS.received).status).toBe(1);
		expect((await putStatus(String(IDS.received), tok, 128)).status).toBe(200);
		expect(env.emu.log.map((e) => e.fault ?? null)).toEqual([null, 'status:429', null]);
	});

	it("phase 'after' changes state and still fails the reply", async () => {
		const tok = await token();
		const o = order(IDS.inProduction);
		env.emu.addFault({
			kind: 'status',
			status: 503,
			phase: 'after',
			match: { method: 'POST', pathIncludes: '/cancellation' },
		});
		const res = await cancel(String(o.id), tok, { items: [{ id: o.items[0].id, quantity: 1 }] });
		expect(res.status).toBe(503);
		expect(o.items[0].cancelled_quantity).toBe(1);
		expect(o.cancellations).toHaveLength(1);
	});

	it('sends malformed and empty bodies, resets sockets and matches by api', async () => {
		const tok = await token();
		env.emu.addFault({ kind: 'malformed', match: { api: 'export' } });
		env.emu.addFault({ kind: 'empty', match: { api: 'export' } });
		const malformed = await fetch(`${env.emu.urls.export}?filter[status:in]=8`, {
			headers: { authorization: `Bearer ${tok}` },
		});
		expect(malformed.status).toBe(200);
		await expect(malformed.json()).rejects.toThrow();
		// The pending 'empty' fault only matches export, so this status call is untouched.
		expect((await putStatus(String(IDS.received), tok, 128)).status).toBe(200);
		const empty = await call('GET', `${env.emu.urls.export}`, { token: tok });
		expect(empty).toMatchObject({ status: 200, text: '' });

		env.emu.addFault({ kind: 'reset' });
		await expect(
			fetch(`${env.emu.urls.export}`, { headers: { authorization: `Bearer ${tok}` } }),
		).rejects.toThrow();
	});

	it('hangs without blocking others, and delays', async () => {
		const tok = await token();
		env.emu.addFault({ kind: 'hang', match: { api: 'graphql' } });
		const hung = call('POST', env.emu.urls.graphql, {
			token: tok,
			body: { query: '{ core { orders { items { id } } } }' },
			signal: AbortSignal.timeout(300),
		});
		const other = await putStatus(String(IDS.received), tok, 128);
		expect(other.status).toBe(200);
		await expect(hung).rejects.toThrow();

		// A delayed reply is overtaken by an undelayed request sent after it (order, not clock time).
		env.emu.addFault({ kind: 'delay', ms: 300, match: { pathIncludes: `/order/${IDS.onHold}/` } });
		const finished: string[] = [];
		const delayed = putStatus(String(IDS.onHold), tok, 1).then(
			(res) => (finished.push('delayed'), res),
		);
		const prompt = putStatus(String(IDS.inProduction), tok, 8).then(
			(res) => (finished.push('prompt'), res),
		);
		expect((await delayed).status).toBe(200);
		expect((await prompt).status).toBe(200);
		expect(finished).toEqual(['prompt', 'delayed']);
		expect(env.emu.log.find((entry) => entry.path.includes(`/order/${IDS.onHold}/`))).toMatchObject(
			{
				fault: 'delay:300',
				status: 200,
			},
		);
	});

	it('close() destroys a hanging socket', async () => {
		const other = await startEmulator();
		other.addFault({ kind: 'hang' });
		const hung = fetch(`${other.urls.export}`).then(
			() => 'answered',
			() => 'failed',
		);
		for (let i = 0; i < 100 && other.counters.inFlight === 0; i++)
			await new Promise((r) => setTimeout(r, 10));
		expect(other.counters.inFlight).toBe(1);
		await other.close();
		expect(await hung).toBe('failed');
		expect(other.log[0]).toMatchObject({ fault: 'hang', status: 0 });
	});

	it('expires the token used and fails chosen GraphQL updates', async () => {
		const tok = await token();
		env.emu.addFault({ kind: 'expireToken' });
		const expired = await putStatus(String(IDS.received), tok, 128);
		expect(expired.status).toBe(401);
		expect((await putStatus(String(IDS.received), tok, 128)).status).toBe(401);

		const fresh = await token();
		env.emu.addFault({ kind: 'graphqlPartial', orderIds: [IDS.pendingDispatch] });
		const res = await gql<UpdateReply>(fresh, UPDATE_ORDERS, {
			orders: [
				{ id: IDS.docExample, status: 4 },
				{ id: IDS.pendingDispatch, status: 8 },
			],
		});
		expect(res.status).toBe(200);
		expect(res.json.errors?.map((e) => [e.message, e.path])).toEqual([
			[`Temporary failure updating order ${IDS.pendingDispatch}`, ['core', 'updateOrders', 1]],
		]);
		expect(order(IDS.docExample).status).toBe(4);
		expect(order(IDS.pendingDispatch).status).toBe(517);
	});
});
