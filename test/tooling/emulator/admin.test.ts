import { DEV_CLIENT, SEED_ORDER_IDS as IDS } from '../../emulator';
import { call, enc, useEmulator } from './client';

const env = useEmulator();
const { requestToken, token, putStatus, exportRows, order } = env;

describe('counters, log and admin API', () => {
	it('measures peak concurrency of parallel requests', async () => {
		const tok = await token();
		env.emu.configure({ latencyMs: 120 });
		const results = await Promise.all(
			Array.from({ length: 8 }, () => exportRows(tok, 'filter[status:in]=8')),
		);
		expect(results.every((r) => r.status === 200)).toBe(true);
		expect(env.emu.counters.peakConcurrent).toBe(8);
		expect(env.emu.counters.inFlight).toBe(0);
		expect(env.emu.counters.byApi.export).toBe(8);
	});

	it('logs raw paths, query, body and token ids', async () => {
		const tok = await token();
		await exportRows(
			tok,
			`filter[status:in]=8,516&filter[completion_datetime:gt]=${enc('2025-01-01 00:00:00')}`,
		);
		await putStatus(`by-external-ref/${enc('注文-7')}`, tok, 8);
		const [tokenEntry, exportEntry, statusEntry] = env.emu.log;
		expect(tokenEntry).toMatchObject({ api: 'token', method: 'POST', status: 200 });
		expect(exportEntry.query).toEqual({
			'filter[status:in]': '8,516',
			'filter[completion_datetime:gt]': '2025-01-01 00:00:00',
		});
		expect(statusEntry).toMatchObject({
			seq: 3,
			api: 'rest',
			path: '/api-sl-2-3/order/by-external-ref/%E6%B3%A8%E6%96%87-7/status',
			body: { status: 8 },
			auth: { scheme: 'bearer', clientId: DEV_CLIENT.clientId, tokenId: tokenEntry.auth.tokenId },
			status: 200,
		});
		expect(JSON.stringify(env.emu.log)).not.toContain(tok);
	});

	it('drives state, faults, config and bulk data over HTTP', async () => {
		const admin = env.emu.urls.admin;
		const patched = await call<{ status: number; completion_datetime: string }>(
			'PATCH',
			`${admin}/orders/${IDS.received}`,
			{
				body: { status: 8 },
			},
		);
		expect(patched.status).toBe(200);
		expect(patched.json.completion_datetime).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
		expect(order(IDS.received).status).toBe(8);
		expect((await call('PATCH', `${admin}/orders/1`, { body: { status: 8 } })).status).toBe(404);

		const added = await call<{ id: number }>('POST', `${admin}/orders`, {
			body: { external_ref: 'NEW 1', status: 4 },
		});
		expect(added.status).toBe(201);
		expect(order(added.json.id).external_ref).toBe('NEW 1');

		expect(
			(await call('POST', `${admin}/faults`, { body: { kind: 'status', status: 502 } })).status,
		).toBe(200);
		expect((await call('POST', `${admin}/faults`, { body: { kind: 'bogus' } })).status).toBe(400);
		expect((await call('POST', `${admin}/config`, { body: { exportShape: 'array' } })).status).toBe(
			200,
		);
		expect(env.emu.config.exportShape).toBe('array');
		expect(
			(await call('POST', `${admin}/seed-bulk`, { body: { orders: 3, itemsPerOrder: 2 } })).status,
		).toBe(200);

		const tokenRes = await requestToken({
			grant_type: 'client_credentials',
			client_id: DEV_CLIENT.clientId,
			client_secret: DEV_CLIENT.clientSecret,
		});
		expect(tokenRes.status).toBe(502); // the queued fault fired on the next API call

		const counters = await call<{
			requests: number;
			peakConcurrent: number;
			byApi: Record<string, number>;
		}>('GET', `${admin}/counters`);
		expect(counters.json.requests).toBe(1);
		expect(counters.json.byApi.admin).toBeGreaterThanOrEqual(7);

		const state = await call<{ orders: Array<{ id: number }> }>('GET', `${admin}/state`);
		expect(state.json.orders.length).toBe(env.emu.orders.size);
		const log = await call<Array<{ api: string }>>('GET', `${admin}/log`);
		expect(log.json.filter((e) => e.api === 'admin').length).toBeGreaterThan(5);

		expect((await call('POST', `${admin}/reset`)).status).toBe(200);
		expect(order(IDS.received).status).toBe(1);
		expect(env.emu.config.exportShape).toBe('data');
		expect(env.emu.getOrder(added.json.id)).toBeUndefined();
	});
});
