/* eslint-disable @n8n/community-nodes/no-restricted-globals -- dev tooling, never shipped in dist */
import type { KornitxEmulator } from '../../emulator';
import {
	ALL_SCOPES,
	DEV_API_KEY,
	DEV_CLIENT,
	LIMITED_CLIENT,
	SEED_ORDER_IDS as IDS,
	SHIPMENT_SCOPES,
	STATUS_NAMES,
	startEmulator,
} from '../../emulator';

let emu: KornitxEmulator;

beforeAll(async () => {
	emu = await startEmulator();
});

afterAll(async () => {
	await emu.close();
});

beforeEach(() => {
	emu.reset();
});

const enc = encodeURIComponent;

interface Res<T> {
	status: number;
	headers: Headers;
	text: string;
	json: T;
}

interface ApiError {
	error: { message: string; code: number };
}

interface OAuthError {
	error: string;
	error_description?: string;
}

interface TokenReply {
	token_type: string;
	expires_in: number;
	access_token: string;
	scope: string;
}

interface StatusReply {
	id: number;
	status: number;
	status_name: string;
}

type CancellationReply = Array<{
	id: number;
	items: Array<{ id: number; order_id: number; quantity: number }>;
}>;

interface GqlError {
	message: string;
	path?: Array<string | number>;
}

interface GqlOrder {
	id: number;
	status: number;
	status_name: string;
	shipping_carrier?: string;
	external_ref?: string;
	items?: Array<{
		id: number;
		external_ref: string;
		attributes: Array<{ name: string; value: string }>;
	}>;
}

interface UpdateReply {
	data?: { core: { updateOrders: Array<GqlOrder | null> | null } | null };
	errors?: GqlError[];
}

interface OrdersReply {
	data?: {
		core: {
			orders: { pages: { pageCount: number; current: number }; items: GqlOrder[] } | null;
		} | null;
	};
	errors?: GqlError[];
}

type Row = Record<string, string | number>;

async function call<T = unknown>(
	method: string,
	url: string,
	opts: {
		token?: string;
		body?: unknown;
		headers?: Record<string, string>;
		signal?: AbortSignal;
	} = {},
): Promise<Res<T>> {
	const headers: Record<string, string> = { ...opts.headers };
	if (opts.token !== undefined) headers.authorization = `Bearer ${opts.token}`;
	let body: string | undefined;
	if (opts.body !== undefined) {
		headers['content-type'] ??= 'application/json';
		body = typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
	}
	const res = await fetch(url, { method, headers, body, signal: opts.signal });
	const text = await res.text();
	let json: unknown;
	try {
		json = JSON.parse(text);
	} catch {
		json = undefined;
	}
	return { status: res.status, headers: res.headers, text, json: json as T };
}

async function requestToken(form: Record<string, string>, headers: Record<string, string> = {}) {
	const res = await fetch(emu.urls.token, {
		method: 'POST',
		body: new URLSearchParams(form),
		headers,
	});
	return { status: res.status, json: (await res.json()) as TokenReply & OAuthError };
}

async function token(client = DEV_CLIENT, scope?: string): Promise<string> {
	const form: Record<string, string> = {
		grant_type: 'client_credentials',
		client_id: client.clientId,
		client_secret: client.clientSecret,
	};
	if (scope !== undefined) form.scope = scope;
	const res = await requestToken(form);
	if (res.status !== 200) throw new Error(`token request failed: ${res.status}`);
	return res.json.access_token;
}

function putStatus(pathAfterOrder: string, tok: string, status: unknown) {
	return call<StatusReply & ApiError>('PUT', `${emu.urls.rest}/order/${pathAfterOrder}/status`, {
		token: tok,
		body: { status },
	});
}

function cancel(pathAfterOrder: string, tok: string, body: unknown) {
	return call<CancellationReply & ApiError>(
		'POST',
		`${emu.urls.rest}/order/${pathAfterOrder}/cancellation`,
		{
			token: tok,
			body,
		},
	);
}

function gql<T>(tok: string, query: string, variables?: Record<string, unknown>) {
	return call<T>('POST', emu.urls.graphql, { token: tok, body: { query, variables } });
}

function exportRows(tok: string, query: string) {
	return call<{ data: Row[] } & ApiError>('GET', `${emu.urls.export}?${query}`, { token: tok });
}

function order(id: number) {
	const o = emu.getOrder(id);
	if (!o) throw new Error(`no order ${id}`);
	return o;
}

const UPDATE_ORDERS = `mutation($orders: [OrderInput]) {
  core { updateOrders(orders: $orders) { id shipping_carrier shipping_method status status_name } }
}`;

describe('seed', () => {
	it('covers every status code, awkward refs and a split order', () => {
		const statuses = new Set([...emu.orders.values()].map((o) => o.status));
		for (const code of Object.keys(STATUS_NAMES).map(Number)) expect(statuses.has(code)).toBe(true);
		expect(ALL_SCOPES).toHaveLength(5);
		expect(order(IDS.spaceRef).external_ref).toBe('ORDER 2002');
		expect(order(IDS.unicodeRef).external_ref).toBe('Bestellung-Größe-ü');
		expect(order(IDS.splitA).external_ref).toBe(order(IDS.splitB).external_ref);
		expect(order(IDS.sameSecondA).completion_datetime).toBe(
			order(IDS.sameSecondB).completion_datetime,
		);
		for (const o of emu.orders.values()) {
			expect(o.items.length).toBeGreaterThanOrEqual(1);
			expect(o.items.length).toBeLessThanOrEqual(4);
		}
	});
});

describe('token endpoint', () => {
	it('issues a token from body credentials and from a Basic header, logging no secrets', async () => {
		const fromBody = await requestToken({
			grant_type: 'client_credentials',
			client_id: DEV_CLIENT.clientId,
			client_secret: DEV_CLIENT.clientSecret,
		});
		expect(fromBody.status).toBe(200);
		expect(fromBody.json.token_type).toBe('Bearer');
		expect(fromBody.json.expires_in).toBe(3600);
		expect(fromBody.json.scope.split(' ')).toEqual(SHIPMENT_SCOPES);

		const basic = Buffer.from(`${LIMITED_CLIENT.clientId}:${LIMITED_CLIENT.clientSecret}`).toString(
			'base64',
		);
		const fromHeader = await requestToken(
			{ grant_type: 'client_credentials' },
			{ authorization: `Basic ${basic}` },
		);
		expect(fromHeader.status).toBe(200);
		expect(fromHeader.json.scope).toBe(
			'api-sl-2-3.order-status.update api-sl-2-3.order-cancellation.create',
		);

		const logText = JSON.stringify(emu.log);
		expect(logText).not.toContain(DEV_CLIENT.clientSecret);
		expect(logText).not.toContain(fromBody.json.access_token);
		expect(emu.log[1].auth).toMatchObject({ scheme: 'basic', clientId: LIMITED_CLIENT.clientId });
		expect(emu.counters.tokenRequests).toBe(2);
	});

	it('refuses a wrong secret, an unknown client and a wrong grant', async () => {
		const badSecret = await requestToken({
			grant_type: 'client_credentials',
			client_id: DEV_CLIENT.clientId,
			client_secret: 'nope',
		});
		expect(badSecret.status).toBe(401);
		expect(badSecret.json).toEqual({
			error: 'invalid_client',
			error_description: 'Client authentication failed',
		});
		const unknown = await requestToken({
			grant_type: 'client_credentials',
			client_id: 'who',
			client_secret: 'x',
		});
		expect(unknown.status).toBe(401);
		const grant = await requestToken({
			grant_type: 'password',
			client_id: DEV_CLIENT.clientId,
			client_secret: DEV_CLIENT.clientSecret,
		});
		expect(grant.status).toBe(400);
		expect(grant.json.error).toBe('unsupported_grant_type');
	});

	it('refuses the whole request when one scope is not allowed, without naming it', async () => {
		const res = await requestToken({
			grant_type: 'client_credentials',
			client_id: LIMITED_CLIENT.clientId,
			client_secret: LIMITED_CLIENT.clientSecret,
			scope: 'api-sl-2-3.order-status.update export-api.order-item-details',
		});
		expect(res.status).toBe(400);
		expect(res.json).toEqual({
			error: 'invalid_scope',
			error_description: 'The requested scope is invalid, unknown, or malformed',
		});
		expect(res.json.access_token).toBeUndefined();

		const ok = await requestToken({
			grant_type: 'client_credentials',
			client_id: LIMITED_CLIENT.clientId,
			client_secret: LIMITED_CLIENT.clientSecret,
			scope: 'api-sl-2-3.order-status.update+api-sl-2-3.order-cancellation.create',
		});
		expect(ok.status).toBe(200);
		expect(ok.json.scope).toBe(
			'api-sl-2-3.order-status.update api-sl-2-3.order-cancellation.create',
		);
	});

	it('expires tokens after N requests, by time, and on expireAllTokens()', async () => {
		emu.configure({ expireTokensAfterRequests: 2 });
		const tok = await token();
		expect((await putStatus(String(IDS.received), tok, 'bad')).status).toBe(400);
		expect((await putStatus(String(IDS.received), tok, 128)).status).toBe(200);
		const third = await putStatus(String(IDS.onHold), tok, 1);
		expect(third.status).toBe(401);
		expect(third.json).toEqual({ error: { message: 'Authentication required', code: 0 } });
		expect(order(IDS.onHold).status).toBe(256);

		emu.configure({ expireTokensAfterRequests: null, tokenTtlSeconds: 0 });
		const instantlyExpired = await token();
		expect((await putStatus(String(IDS.onHold), instantlyExpired, 1)).status).toBe(401);

		emu.configure({ tokenTtlSeconds: 3600 });
		const fresh = await token();
		emu.expireAllTokens();
		expect((await putStatus(String(IDS.onHold), fresh, 1)).status).toBe(401);
		expect((await putStatus(String(IDS.onHold), await token(), 1)).status).toBe(200);
	});
});

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
				const o = emu.addOrder({ status: from });
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
		expect(emu.log.some((e) => e.path.includes('/by-external-ref/AB%2F123%2FC/status'))).toBe(true);
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
		const notJson = await call<ApiError>('PUT', `${emu.urls.rest}/order/${IDS.received}/status`, {
			token: tok,
			body: '{status:',
		});
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
	const url = (id: number) => `${emu.urls.restV22}/order/${id}/status`;
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
		expect(JSON.stringify(emu.log)).not.toContain(DEV_API_KEY.apiKey);
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
		emu.configure({ v22RateLimitPerHour: 2 });
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

		emu.configure({ v22RateLimitPerHour: 1000, v22RateLimitPerDay: 2 });
		expect((await put()).json.error.message).toBe('Rate limit exceeded: 2 requests per day');
	});
});

describe('v2.3 cancellations', () => {
	it('cancels by KornitX ids with incrementing cancellation ids', async () => {
		const tok = await token();
		const o = order(IDS.inProduction);
		const item = o.items[0];
		const before = item.quantity;
		const first = await cancel(String(o.id), tok, { items: [{ id: item.id, quantity: 1 }] });
		expect(first.status).toBe(200);
		expect(first.json).toEqual([
			{ id: 900001, items: [{ id: item.id, order_id: o.id, quantity: 1 }] },
		]);
		expect(item.cancelled_quantity).toBe(1);
		expect(item.quantity).toBe(before);
		const second = await cancel(String(o.id), tok, { items: [{ id: o.items[1].id, quantity: 1 }] });
		expect(second.json[0].id).toBe(900002);
	});

	it('cancels by external refs and by the combined form with a reference', async () => {
		const tok = await token();
		const spaced = order(IDS.spaceRef);
		const slashItem = spaced.items.find((i) => i.external_ref === 'sku/2');
		expect(slashItem).toBeDefined();
		const byRef = await cancel(`by-external-ref/${enc('ORDER 2002')}`, tok, {
			items: [{ external_ref: 'sku/2', quantity: 1 }],
		});
		expect(byRef.status).toBe(200);
		expect(slashItem?.cancelled_quantity).toBe(1);

		const pct = order(IDS.percentRef);
		const lineItem = pct.items.find((i) => i.external_ref === 'line-3');
		if (!lineItem) throw new Error('seed lacks line-3');
		const byCombined = await cancel(`by-combined/${enc(`100%-cotton-${pct.id}`)}`, tok, {
			reference: 'ABC1234',
			items: [{ combined: `line-3-${lineItem.id}`, quantity: lineItem.quantity }],
		});
		expect(byCombined.status).toBe(200);
		expect(byCombined.json[0].items).toEqual([
			{ id: lineItem.id, order_id: pct.id, quantity: lineItem.quantity },
		]);
		expect(pct.cancellations[0]).toMatchObject({ reference: 'ABC1234' });
		expect(pct.status).toBe(513);

		const ambiguous = await cancel(`by-external-ref/SPLIT-3001`, tok, {
			items: [{ external_ref: 'LINE 1', quantity: 1 }],
		});
		expect(ambiguous.status).toBe(409);
	});

	it('refuses over-cancelling, wrong keys and bad quantities atomically', async () => {
		const tok = await token();
		const o = order(IDS.pendingDispatch);
		const [a, b] = o.items;
		const over = await cancel(String(o.id), tok, {
			items: [
				{ id: a.id, quantity: 1 },
				{ id: b.id, quantity: b.quantity + 1 },
			],
		});
		expect(over.status).toBe(400);
		expect(over.json).toEqual({ error: { message: 'Invalid item specified, index 1', code: 0 } });
		expect(a.cancelled_quantity).toBe(0);

		const twiceTooMany = await cancel(String(o.id), tok, {
			items: [
				{ id: a.id, quantity: a.quantity },
				{ id: a.id, quantity: 1 },
			],
		});
		expect(twiceTooMany.json.error.message).toBe('Invalid item specified, index 1');
		const wrongKey = await cancel(String(o.id), tok, {
			items: [{ external_ref: a.external_ref, quantity: 1 }],
		});
		expect(wrongKey.json.error.message).toBe('Invalid item specified, index 0');
		const zero = await cancel(String(o.id), tok, { items: [{ id: a.id, quantity: 0 }] });
		expect(zero.json.error.message).toBe('Invalid item specified, index 0');
		const unknownItem = await cancel(String(o.id), tok, { items: [{ id: 1, quantity: 1 }] });
		expect(unknownItem.json.error.message).toBe('Invalid item specified, index 0');
		const noItems = await cancel(String(o.id), tok, { items: [] });
		expect(noItems.status).toBe(400);
		expect(o.cancellations).toHaveLength(0);
	});

	it('refuses orders past cancelling and cancels the order once every item is', async () => {
		const tok = await token();
		const dispatched = order(IDS.dispatched);
		const late = await cancel(String(dispatched.id), tok, {
			items: [{ id: dispatched.items[0].id, quantity: 1 }],
		});
		expect(late.json).toEqual({ error: { message: 'Invalid order status', code: 0 } });

		const o = order(IDS.received);
		const first = o.items[0];
		await cancel(String(o.id), tok, { items: [{ id: first.id, quantity: first.quantity }] });
		expect(o.status).toBe(1);
		const rest = o.items.slice(1).map((i) => ({ id: i.id, quantity: i.quantity }));
		expect((await cancel(String(o.id), tok, { items: rest })).status).toBe(200);
		expect(o.status).toBe(128);
	});
});

describe('GraphQL', () => {
	it('runs the documented updateOrders example', async () => {
		const res = await gql<UpdateReply>(await token(), UPDATE_ORDERS, {
			orders: [
				{ id: 46140199, shipping_carrier: 'Royal Mail', shipping_method: 'Tracked 24', status: 4 },
			],
		});
		expect(res.status).toBe(200);
		expect(res.json).toEqual({
			data: {
				core: {
					updateOrders: [
						{
							id: 46140199,
							shipping_carrier: 'Royal Mail',
							shipping_method: 'Tracked 24',
							status: 4,
							status_name: 'In Production',
						},
					],
				},
			},
		});
	});

	it('fails invalid documents with HTTP 400 like graphql-js', async () => {
		const tok = await token();
		const unknownField = await gql<{ errors: GqlError[] }>(
			tok,
			'{ core { orders { items { id nope } } } }',
		);
		expect(unknownField.status).toBe(400);
		expect(unknownField.json.errors[0].message).toContain(
			'Cannot query field "nope" on type "Order"',
		);
		const syntax = await gql<{ errors: GqlError[] }>(tok, '{ core { orders { items { id ');
		expect(syntax.status).toBe(400);
		expect(syntax.json.errors[0].message).toMatch(/^Syntax Error/);
		const badVariable = await gql<{ errors: GqlError[] }>(tok, UPDATE_ORDERS, {
			orders: [{ id: 1, colour: 'x' }],
		});
		expect(badVariable.status).toBe(400);
		expect(badVariable.json.errors[0].message).toContain('colour');
	});

	it('applies each input independently and reports errors at their index', async () => {
		const res = await gql<UpdateReply>(await token(), UPDATE_ORDERS, {
			orders: [
				{ id: IDS.docExample, status: 4 },
				{ id: 123, status: 4 },
				{ id: IDS.dispatched, status: 1 },
				{ id: IDS.pendingDispatch, status: 8, shipping_carrier: 'DHL' },
			],
		});
		expect(res.status).toBe(200);
		const list = res.json.data?.core?.updateOrders;
		expect(list?.map((o) => o?.id ?? null)).toEqual([
			IDS.docExample,
			null,
			null,
			IDS.pendingDispatch,
		]);
		expect(res.json.errors?.map((e) => [e.message, e.path])).toEqual([
			['Order not found: 123', ['core', 'updateOrders', 1]],
			['Invalid status transition', ['core', 'updateOrders', 2]],
		]);
		expect(order(IDS.pendingDispatch)).toMatchObject({ status: 8, shipping_carrier: 'DHL' });
		expect(order(IDS.dispatched).status).toBe(8);
	});

	it('checks scopes per field and tokens per request', async () => {
		const editOnly = await token(DEV_CLIENT, 'order-it.order-manager.edit');
		const query = await gql<OrdersReply>(editOnly, '{ core { orders { items { id } } } }');
		expect(query.status).toBe(200);
		expect(query.json.data?.core?.orders).toBeNull();
		expect(query.json.errors?.[0].message).toBe('Permission denied (order-it.order-manager.view)');

		const limited = await gql<UpdateReply>(await token(LIMITED_CLIENT), UPDATE_ORDERS, {
			orders: [{ id: IDS.docExample, status: 4 }],
		});
		expect(limited.json.errors?.[0].message).toBe(
			'Permission denied (order-it.order-manager.edit)',
		);
		expect(order(IDS.docExample).status).toBe(513);

		const noToken = await call<ApiError>('POST', emu.urls.graphql, {
			body: { query: '{ core { orders { items { id } } } }' },
		});
		expect(noToken.status).toBe(401);
		expect(noToken.json).toEqual({ error: { message: 'Authentication required', code: 0 } });
	});

	it('queries core orders (inferred shape) with a JSON filter, items and attributes', async () => {
		const res = await gql<OrdersReply>(
			await token(),
			'query($filter: Json) { core { orders(filter: $filter) { pages { pageCount current } items { id status status_name external_ref items { id external_ref attributes { name value } } } } } }',
			{ filter: { external_ref: ['SPLIT-3001'] } },
		);
		const page = res.json.data?.core?.orders;
		expect(page?.pages).toEqual({ pageCount: 1, current: 1 });
		const orders = page?.items ?? [];
		expect(orders.map((o) => o.id)).toEqual([IDS.splitA, IDS.splitB]);
		expect(orders[0].status_name).toBe('Received by Supplier');
		expect(orders[0].items?.[0].attributes.map((a) => a.name)).toEqual(['colour', 'size']);
	});

	it('pages core orders by count and 1-based page, filters combining with AND', async () => {
		const tok = await token();
		const paged = await gql<OrdersReply>(
			tok,
			'{ core { orders(filter: { status: 8 }, page: 2, count: 2) { pages { pageCount current } items { id } } } }',
		);
		expect(paged.json.data?.core?.orders).toEqual({
			pages: { pageCount: 3, current: 2 },
			items: [{ id: IDS.sameSecondB }, { id: IDS.dispatchedLater }],
		});
		const both = await gql<OrdersReply>(
			tok,
			'query($f: Json) { core { orders(filter: $f) { items { id } } } }',
			{
				f: { id: [IDS.splitA, IDS.splitB, IDS.dispatched], status: [4, 8] },
			},
		);
		expect(both.json.data?.core?.orders?.items.map((o) => o.id)).toEqual([
			IDS.dispatched,
			IDS.splitB,
		]);
	});

	it('refuses unknown filter keys and bad paging instead of matching everything', async () => {
		const tok = await token();
		const typo = await gql<OrdersReply>(
			tok,
			'{ core { orders(filter: { ids: [1] }) { items { id } } } }',
		);
		expect(typo.json.data?.core?.orders).toBeNull();
		expect(typo.json.errors?.[0].message).toBe(
			'Unknown filter key: ids (known: id, external_ref, status)',
		);
		const badType = await gql<OrdersReply>(
			tok,
			'{ core { orders(filter: { id: ["1"] }) { items { id } } } }',
		);
		expect(badType.json.errors?.[0].message).toBe('filter.id must hold numbers');
		const badPage = await gql<OrdersReply>(tok, '{ core { orders(page: 0) { items { id } } } }');
		expect(badPage.json.errors?.[0].message).toBe('page must be 1 or more');
	});
});

describe('export', () => {
	it('filters by status and completion time, ordering by completion then id', async () => {
		const res = await exportRows(
			await token(),
			`filter[status:in]=8,516&filter[completion_datetime:gt]=${enc('2025-03-03 11:30:00')}`,
		);
		expect(res.status).toBe(200);
		const orderIds = [...new Set(res.json.data.map((r) => Number(r.id)))];
		expect(orderIds).toEqual([
			IDS.sameSecondA,
			IDS.sameSecondB,
			IDS.dispatchedLater,
			IDS.receivedByShipperLater,
		]);
		const expectedRows = orderIds.reduce((n, id) => n + order(id).items.length, 0);
		expect(res.json.data).toHaveLength(expectedRows);
		const row = res.json.data[0];
		expect(row).toMatchObject({
			status: 8,
			status_name: 'Dispatched',
			completion_datetime: '2025-03-04 14:00:00',
		});
		expect(row.items__id).toBe(order(IDS.sameSecondA).items[0].id);
		expect(Object.keys(row).some((k) => k.startsWith('items__product_price'))).toBe(false);

		const dispatched = await exportRows(await token(), 'filter[status:in]=8');
		expect([...new Set(dispatched.json.data.map((r) => r.id))]).toEqual([
			IDS.dispatchedEarliest,
			IDS.dispatched,
			IDS.sameSecondA,
			IDS.sameSecondB,
			IDS.dispatchedLater,
		]);
	});

	it('adds option columns, zero dates and the array shape', async () => {
		const tok = await token();
		const options =
			'options[includeProductOwner]=1&options[includeProductPrice]=1&options[includeProductEcommerceInfo]=1&options[includeAttributes]=1';
		const res = await exportRows(tok, `filter[status:in]=1&${options}`);
		const row = res.json.data.find((r) => r.id === IDS.received);
		expect(row).toMatchObject({
			completion_datetime: '0000-00-00 00:00:00',
			items__product_owner__company_name: expect.any(String),
			items__product_price__price: expect.any(Number),
			items__product_price__currency: expect.any(String),
			items__ecommerce__product_name: expect.any(String),
			items__ecommerce__url: expect.stringMatching(/^https:/),
			items__attributes__colour: expect.any(String),
			items__attributes__size: expect.any(String),
		});

		emu.configure({ exportShape: 'array' });
		const array = await call<Row[]>('GET', `${emu.urls.export}?filter[status:in]=128`, {
			token: tok,
		});
		expect(Array.isArray(array.json)).toBe(true);
		expect(array.json.map((r) => r.id)).toEqual(
			order(IDS.cancelled).items.map(() => IDS.cancelled),
		);
		expect(array.json[0].items__cancelled_quantity).toBe(array.json[0].items__quantity);
	});

	it('names a bad filter and needs its scope', async () => {
		const tok = await token();
		const bad = await exportRows(tok, 'filter[completion_datetime:gt]=2025-03-03T11:30:00Z');
		expect(bad.status).toBe(400);
		expect(bad.json.error.message).toContain('filter[completion_datetime:gt]');
		const badStatus = await exportRows(tok, 'filter[status:in]=8,x');
		expect(badStatus.json.error.message).toContain('filter[status:in]');
		const limited = await exportRows(await token(LIMITED_CLIENT), '');
		expect(limited.status).toBe(403);
		expect(limited.json.error.message).toBe('Permission denied (export-api.order-item-details)');
	});

	// How fast is `npm run bench`'s business (export of 50k rows); here only that all arrive.
	it('serves 50,000 bulk rows in one reply', async () => {
		emu.seedBulk(10_000, 5);
		expect(emu.orders.size).toBeGreaterThan(10_000);
		const res = await exportRows(
			await token(),
			'filter[status:in]=8&filter[completion_datetime:gt]=2024-01-01 00:00:00',
		);
		const bulkRows = res.json.data.filter((r) => String(r.external_ref).startsWith('BULK-'));
		expect(bulkRows).toHaveLength(50_000);
	});
});

describe('faults', () => {
	it('answers 429 with Retry-After once, then recovers', async () => {
		const tok = await token();
		emu.addFault({ kind: 'status', status: 429, retryAfter: 2, match: { api: 'rest' } });
		const first = await putStatus(String(IDS.received), tok, 128);
		expect(first.status).toBe(429);
		expect(first.headers.get('retry-after')).toBe('2');
		expect(order(IDS.received).status).toBe(1);
		expect((await putStatus(String(IDS.received), tok, 128)).status).toBe(200);
		expect(emu.log.map((e) => e.fault ?? null)).toEqual([null, 'status:429', null]);
	});

	it("phase 'after' changes state and still fails the reply", async () => {
		const tok = await token();
		const o = order(IDS.inProduction);
		emu.addFault({
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
		emu.addFault({ kind: 'malformed', match: { api: 'export' } });
		emu.addFault({ kind: 'empty', match: { api: 'export' } });
		const malformed = await fetch(`${emu.urls.export}?filter[status:in]=8`, {
			headers: { authorization: `Bearer ${tok}` },
		});
		expect(malformed.status).toBe(200);
		await expect(malformed.json()).rejects.toThrow();
		// The pending 'empty' fault only matches export, so this status call is untouched.
		expect((await putStatus(String(IDS.received), tok, 128)).status).toBe(200);
		const empty = await call('GET', `${emu.urls.export}`, { token: tok });
		expect(empty).toMatchObject({ status: 200, text: '' });

		emu.addFault({ kind: 'reset' });
		await expect(
			fetch(`${emu.urls.export}`, { headers: { authorization: `Bearer ${tok}` } }),
		).rejects.toThrow();
	});

	it('hangs without blocking others, and delays', async () => {
		const tok = await token();
		emu.addFault({ kind: 'hang', match: { api: 'graphql' } });
		const hung = call('POST', emu.urls.graphql, {
			token: tok,
			body: { query: '{ core { orders { items { id } } } }' },
			signal: AbortSignal.timeout(300),
		});
		const other = await putStatus(String(IDS.received), tok, 128);
		expect(other.status).toBe(200);
		await expect(hung).rejects.toThrow();

		// A delayed reply is overtaken by an undelayed request sent after it (order, not clock time).
		emu.addFault({ kind: 'delay', ms: 300, match: { pathIncludes: `/order/${IDS.onHold}/` } });
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
		expect(emu.log.find((entry) => entry.path.includes(`/order/${IDS.onHold}/`))).toMatchObject({
			fault: 'delay:300',
			status: 200,
		});
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
		emu.addFault({ kind: 'expireToken' });
		const expired = await putStatus(String(IDS.received), tok, 128);
		expect(expired.status).toBe(401);
		expect((await putStatus(String(IDS.received), tok, 128)).status).toBe(401);

		const fresh = await token();
		emu.addFault({ kind: 'graphqlPartial', orderIds: [IDS.pendingDispatch] });
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

describe('counters, log and admin API', () => {
	it('measures peak concurrency of parallel requests', async () => {
		const tok = await token();
		emu.configure({ latencyMs: 120 });
		const results = await Promise.all(
			Array.from({ length: 8 }, () => exportRows(tok, 'filter[status:in]=8')),
		);
		expect(results.every((r) => r.status === 200)).toBe(true);
		expect(emu.counters.peakConcurrent).toBe(8);
		expect(emu.counters.inFlight).toBe(0);
		expect(emu.counters.byApi.export).toBe(8);
	});

	it('logs raw paths, query, body and token ids', async () => {
		const tok = await token();
		await exportRows(
			tok,
			`filter[status:in]=8,516&filter[completion_datetime:gt]=${enc('2025-01-01 00:00:00')}`,
		);
		await putStatus(`by-external-ref/${enc('注文-7')}`, tok, 8);
		const [tokenEntry, exportEntry, statusEntry] = emu.log;
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
		expect(JSON.stringify(emu.log)).not.toContain(tok);
	});

	it('drives state, faults, config and bulk data over HTTP', async () => {
		const admin = emu.urls.admin;
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
		expect(emu.config.exportShape).toBe('array');
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
		expect(state.json.orders.length).toBe(emu.orders.size);
		const log = await call<Array<{ api: string }>>('GET', `${admin}/log`);
		expect(log.json.filter((e) => e.api === 'admin').length).toBeGreaterThan(5);

		expect((await call('POST', `${admin}/reset`)).status).toBe(200);
		expect(order(IDS.received).status).toBe(1);
		expect(emu.config.exportShape).toBe('data');
		expect(emu.getOrder(added.json.id)).toBeUndefined();
	});
});
