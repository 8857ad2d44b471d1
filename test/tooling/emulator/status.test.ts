import { DEV_API_KEY, LIMITED_CLIENT, SEED_ORDER_IDS as IDS, STATUS_NAMES } from '../../emulator';
import { call, enc, useEmulator, type ApiError, type StatusReply } from './client';

const env = useEmulator();
const { token, putStatus, order } = env;

describe('v2.3 order status', () => {
	it('moves an order by id and answers id, status and name', async () => {
		const tok = await token();
		const res = await putStatus(String(IDS.received), tok, 128);
		expect(res.status).toBe(200);
		expect(res.json).toEqual({ id: IDS.received, status: 128, status_name: 'Cancelled' });
		expect(order(IDS.received).status).toBe(128);

		const dispatch = await putStatus(String(IDS.inProduction), tok, 8);
		expect(dispatch.status).toBe(200);
		expect(order(IDS.inProduction).completion_datetime).toMatch(
			/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/,
		);
	});

	it('enforces exactly the transition table of §2', async () => {
		const table: Record<number, number[]> = {
			1: [128],
			4: [8, 128],
			8: [],
			32: [],
			128: [],
			256: [1, 128],
			512: [32, 128, 513],
			513: [4, 517, 8, 32, 128],
			517: [8],
		};
		const codes = Object.keys(STATUS_NAMES).map(Number);
		const tok = await token();
		const mismatches: string[] = [];
		for (const from of Object.keys(table).map(Number)) {
			for (const to of codes) {
				const o = env.emu.addOrder({ status: from });
				const res = await putStatus(String(o.id), tok, to);
				const allowed = table[from].includes(to);
				const expected = allowed ? 200 : 400;
				if (res.status !== expected) mismatches.push(`${from}->${to}: ${res.status}`);
				if (!allowed && res.json.error?.message !== 'Invalid status transition')
					mismatches.push(`${from}->${to} message`);
				if (order(o.id).status !== (allowed ? to : from)) mismatches.push(`${from}->${to} state`);
			}
		}
		expect(mismatches).toEqual([]);
	});

	it('finds orders by percent-encoded awkward external refs', async () => {
		const tok = await token();
		const cases: Array<[number, number]> = [
			[IDS.spaceRef, 4],
			[IDS.slashRef, 4],
			[IDS.hashRef, 517],
			[IDS.percentRef, 8],
			[IDS.plusRef, 32],
			[IDS.underscoreRef, 128],
			[IDS.unicodeRef, 4],
			[IDS.cjkRef, 8],
		];
		for (const [id, to] of cases) {
			const res = await putStatus(`by-external-ref/${enc(order(id).external_ref)}`, tok, to);
			expect({ id, status: res.status, body: res.json }).toEqual({
				id,
				status: 200,
				body: { id, status: to, status_name: STATUS_NAMES[to] },
			});
		}
		expect(env.emu.log.some((e) => e.path.includes('/by-external-ref/AB%2F123%2FC/status'))).toBe(
			true,
		);
	});

	it('fails to find orders when the client forgets to encode', async () => {
		const tok = await token();
		for (const raw of ['AB/123/C', '100%-cotton', '#5003', 'GIFT WRAP 12']) {
			const res = await putStatus(`by-external-ref/${raw}`, tok, 4);
			expect(res.status).toBe(404);
		}
		expect(order(IDS.slashRef).status).toBe(513);
		expect(order(IDS.percentRef).status).toBe(513);
		expect(order(IDS.hashRef).status).toBe(513);
	});

	it('reads {REF}_{ID} on the last underscore and refuses an ambiguous split-order ref', async () => {
		const tok = await token();
		const ambiguous = await putStatus(`by-external-ref/${enc('SPLIT-3001')}`, tok, 128);
		expect(ambiguous.status).toBe(409);
		expect(ambiguous.json.error.message).toBe(
			'External ref matches more than one order; use the combined form',
		);

		const combined = await putStatus(`by-external-ref/${enc(`SPLIT-3001_${IDS.splitB}`)}`, tok, 8);
		expect(combined.status).toBe(200);
		expect(order(IDS.splitB).status).toBe(8);
		expect(order(IDS.splitA).status).toBe(513);

		const underscoreRef = await putStatus(
			`by-external-ref/${enc(`shop_ref-7_x_${IDS.underscoreRef}`)}`,
			tok,
			4,
		);
		expect(underscoreRef.json).toMatchObject({ id: IDS.underscoreRef, status: 4 });

		const wrongId = await putStatus(
			`by-external-ref/${enc(`shop_ref-7_x_${IDS.received}`)}`,
			tok,
			8,
		);
		expect(wrongId.status).toBe(404);
	});

	it('validates the body, unknown orders and scopes', async () => {
		const tok = await token();
		const bad = await putStatus(String(IDS.received), tok, '128');
		expect(bad.status).toBe(400);
		expect(bad.json.error.message).toMatch(/status/);
		const notJson = await call<ApiError>(
			'PUT',
			`${env.emu.urls.rest}/order/${IDS.received}/status`,
			{
				token: tok,
				body: '{status:',
			},
		);
		expect(notJson.status).toBe(400);
		expect((await putStatus('99999999', tok, 128)).json.error.message).toBe('Order not found');
		expect((await putStatus(String(IDS.received), 'not-a-token', 128)).status).toBe(401);

		const cancelOnly = await token(LIMITED_CLIENT, 'api-sl-2-3.order-cancellation.create');
		const denied = await putStatus(String(IDS.received), cancelOnly, 128);
		expect(denied.status).toBe(403);
		expect(denied.json).toEqual({
			error: { message: 'Permission denied (api-sl-2-3.order-status.update)', code: 0 },
		});
		expect(order(IDS.received).status).toBe(1);
	});
});

describe('v2.2 order status', () => {
	const url = (id: number) => `${env.emu.urls.restV22}/order/${id}/status`;
	const rawAuth = `basic ${DEV_API_KEY.companyRefId}:${DEV_API_KEY.apiKey}`;
	const b64Auth = `Basic ${Buffer.from(`${DEV_API_KEY.companyRefId}:${DEV_API_KEY.apiKey}`).toString('base64')}`;

	it('accepts both header forms and stores the tracking number', async () => {
		const dispatched = await call<StatusReply>('PUT', url(IDS.inProduction), {
			headers: { authorization: rawAuth },
			body: { status: 8, shipping_tracking: 'RM000111222GB' },
		});
		expect(dispatched.status).toBe(200);
		expect(order(IDS.inProduction)).toMatchObject({
			status: 8,
			shipping_tracking: 'RM000111222GB',
		});

		const cancelled = await call<StatusReply>('PUT', url(IDS.received), {
			headers: { authorization: b64Auth },
			body: { status: 128 },
		});
		expect(cancelled.json).toEqual({ id: IDS.received, status: 128, status_name: 'Cancelled' });
		expect(JSON.stringify(env.emu.log)).not.toContain(DEV_API_KEY.apiKey);
	});

	it('refuses bad keys, bearer tokens, other statuses and bad transitions', async () => {
		const badKey = await call<ApiError>('PUT', url(IDS.received), {
			headers: { authorization: `basic ${DEV_API_KEY.companyRefId}:wrong` },
			body: { status: 128 },
		});
		expect(badKey.status).toBe(401);
		expect(badKey.json.error.message).toBe('Authentication required');
		const bearer = await call('PUT', url(IDS.received), {
			token: await token(),
			body: { status: 128 },
		});
		expect(bearer.status).toBe(401);
		const status4 = await call<ApiError>('PUT', url(IDS.received), {
			headers: { authorization: rawAuth },
			body: { status: 4 },
		});
		expect(status4.status).toBe(400);
		expect(status4.json.error.message).toMatch(/status/);
		const transition = await call<ApiError>('PUT', url(IDS.received), {
			headers: { authorization: rawAuth },
			body: { status: 8 },
		});
		expect(transition.json.error.message).toBe('Invalid status transition');
		expect(order(IDS.received).status).toBe(1);
	});

	it('answers HTTP 400 over the hourly and daily limits', async () => {
		env.emu.configure({ v22RateLimitPerHour: 2 });
		const put = () =>
			call<ApiError>('PUT', url(IDS.dispatched), {
				headers: { authorization: rawAuth },
				body: { status: 8 },
			});
		expect((await put()).status).toBe(400); // invalid transition, still counted
		expect((await put()).json.error.message).toBe('Invalid status transition');
		const limited = await put();
		expect(limited.status).toBe(400);
		expect(limited.json).toEqual({
			error: { message: 'Rate limit exceeded: 2 requests per hour', code: 0 },
		});

		env.emu.configure({ v22RateLimitPerHour: 1000, v22RateLimitPerDay: 2 });
		expect((await put()).json.error.message).toBe('Rate limit exceeded: 2 requests per day');
	});
});
