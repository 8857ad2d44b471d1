import type { KornitxEmulator } from '../emulator';
import {
	ALL_SCOPES,
	DEV_API_KEY,
	DEV_CLIENT,
	SEED_ORDER_IDS as IDS,
	SHIPMENT_SCOPES,
	STOCK_DROPSHIP_REFS,
	startEmulator,
} from '../emulator';

let emu: KornitxEmulator;

beforeAll(async () => {
	emu = await startEmulator();
});
afterAll(async () => await emu.close());
beforeEach(() => emu.reset());

const enc = encodeURIComponent;
const API_KEY_HEADER = `basic ${DEV_API_KEY.companyRefId}:${DEV_API_KEY.apiKey}`;

/** The fields of a reply the assertions read (errors and GET /stock). */
interface Json {
	error: { message: string; code: number };
	stock: StockEntry[];
}
interface StockEntry {
	linked: Array<{ product: { supplier_sku: string } }>;
}

async function call(method: string, url: string, headers: Record<string, string>, body?: unknown) {
	const res = await fetch(url, {
		method,
		headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const text = await res.text();
	return { status: res.status, json: (text ? JSON.parse(text) : undefined) as Json };
}

async function token(scopes: string[] = SHIPMENT_SCOPES): Promise<string> {
	const res = await fetch(emu.urls.token, {
		method: 'POST',
		body: new URLSearchParams({
			grant_type: 'client_credentials',
			client_id: DEV_CLIENT.clientId,
			client_secret: DEV_CLIENT.clientSecret,
			scope: scopes.join(' '),
		}),
	});
	return ((await res.json()) as { access_token: string }).access_token;
}

const ship = async (path: string, body: unknown, scopes?: string[]) =>
	await call(
		'POST',
		`${emu.urls.rest}/order/${path}/shipment`,
		{ authorization: `Bearer ${await token(scopes)}` },
		body,
	);

describe('emulator: shipments (v2.3)', () => {
	it('records a partial then a complete shipment by ID; the order becomes Dispatched', async () => {
		const order = emu.getOrder(IDS.inProduction)!;
		const [first, ...rest] = order.items;
		const partial = await ship(String(order.id), {
			status: 200,
			carrier: 'DPD',
			tracking: 'JD1',
			items: [{ id: first.id, quantity: first.quantity }],
		});
		expect(partial.status).toBe(200);
		expect(partial.json).toEqual([
			{ id: 700001, items: [{ id: first.id, order_id: order.id, quantity: first.quantity }] },
		]);
		expect(emu.getOrder(order.id)!.status).toBe(4);

		const complete = await ship(String(order.id), {
			status: 200,
			items: rest.map((item) => ({ id: item.id, quantity: item.quantity })),
		});
		expect(complete.status).toBe(200);
		expect(emu.getOrder(order.id)!.status).toBe(8);
		expect(emu.getShipments(order.id).map((s) => [s.id, s.carrier, s.tracking])).toEqual([
			[700001, 'DPD', 'JD1'],
			[700002, null, null],
		]);
	});

	it('ships by external ref and by combined ref with their own item keys, percent-decoded', async () => {
		const slash = emu.getOrder(IDS.slashRef)!;
		const byRef = await ship(`by-external-ref/${enc('AB/123/C')}`, {
			status: 200,
			items: [{ external_ref: slash.items[0].external_ref, quantity: 1 }],
		});
		expect(byRef.status).toBe(200);
		const split = emu.getOrder(IDS.splitA)!;
		const item = split.items[0];
		const byCombined = await ship(`by-combined/${enc(`SPLIT-3001-${split.id}`)}`, {
			status: 200,
			items: [{ combined: `${item.external_ref}-${item.id}`, quantity: 1 }],
		});
		expect(byCombined.json).toEqual([
			{ id: 700002, items: [{ id: item.id, order_id: split.id, quantity: 1 }] },
		]);
		const wrongKey = await ship(String(split.id), {
			status: 200,
			items: [{ external_ref: item.external_ref, quantity: 1 }],
		});
		expect(wrongKey).toEqual({
			status: 400,
			json: { error: { message: 'Invalid item specified, index 0', code: 0 } },
		});
	});

	it('refuses more than is left to ship (shipped and cancelled count), all or nothing', async () => {
		const order = emu.getOrder(IDS.inProduction)!;
		const item = order.items[0];
		item.cancelled_quantity = 1;
		const refused = await ship(String(order.id), {
			status: 200,
			items: [
				{ id: order.items[1].id, quantity: 1 },
				{ id: item.id, quantity: item.quantity },
			],
		});
		expect(refused).toEqual({
			status: 400,
			json: { error: { message: 'Invalid item specified, index 1', code: 0 } },
		});
		expect(emu.getShipments(order.id)).toEqual([]);
	});

	it('refuses a dispatched order, an unknown order and a token without the shipment scope', async () => {
		const dispatched = emu.getOrder(IDS.dispatched)!;
		expect(
			(
				await ship(String(dispatched.id), {
					status: 200,
					items: [{ id: dispatched.items[0].id, quantity: 1 }],
				})
			).json.error.message,
		).toBe('Invalid order status');
		expect((await ship('999', { status: 200, items: [{ id: 1, quantity: 1 }] })).status).toBe(404);
		const denied = await ship(
			String(IDS.inProduction),
			{ status: 200, items: [{ id: 1, quantity: 1 }] },
			ALL_SCOPES,
		);
		expect(denied).toEqual({
			status: 403,
			json: { error: { message: 'Permission denied (api-sl-2-3.order-shipment.create)', code: 0 } },
		});
		expect(
			(await ship(String(IDS.inProduction), { items: [{ id: 1, quantity: 1 }] })).json.error
				.message,
		).toMatch(/^Invalid request body: status/);
	});

	it('applies a shipment and then answers 500 under an "after" fault', async () => {
		emu.addFault({
			kind: 'status',
			status: 502,
			phase: 'after',
			match: { pathIncludes: '/shipment' },
		});
		const order = emu.getOrder(IDS.receivedBySupplier)!;
		const res = await ship(String(order.id), {
			status: 200,
			items: [{ id: order.items[0].id, quantity: order.items[0].quantity }],
		});
		expect(res.status).toBe(502);
		expect(emu.getShipments(order.id)).toHaveLength(1);
		expect(emu.getOrder(order.id)!.status).toBe(8);
	});
});

describe('emulator: stock (v2.2)', () => {
	const auth = { authorization: API_KEY_HEADER };

	it('lists seeded stock in the documented shape, filtered by dropship ref and changed_since', async () => {
		const all = await call('GET', `${emu.urls.restV22}/stock`, auth);
		expect(all.status).toBe(200);
		expect(all.json.stock).toHaveLength(emu.stock.length);
		expect(all.json.stock[0]).toEqual({
			linked: [
				{
					product: { id: 880001, supplier_sku: 'TSHIRT-BLK-S', retail_sku: 'PS-TEE-BLK-S' },
					variant: null,
				},
			],
			quantity_available: 140,
			lead_time_days: 2,
			daily_capacity: 400,
		});
		const filtered = await call(
			'GET',
			`${emu.urls.restV22}/stock?dropship_ref=${STOCK_DROPSHIP_REFS.mugsAndMore}&changed_since=${enc('2026-11-20 00:00:00')}`,
			auth,
		);
		expect(filtered.json.stock.map((s: StockEntry) => s.linked[0].product.supplier_sku)).toEqual([
			'MUG-15OZ-BLK',
			'TOTE-NAT-STD',
		]);
		expect(
			(await call('GET', `${emu.urls.restV22}/stock?changed_since=yesterday`, auth)).status,
		).toBe(400);
	});

	it('sets availability by SKU and barcode, all or nothing, unknown products refused by index', async () => {
		const ok = await call('PUT', `${emu.urls.restV22}/stock/availability`, auth, [
			{ sku: 'TSHIRT-BLK-M', data: { quantity_available: 12 } },
			{ barcode: '4006381333931', data: { quantity_available: 0 } },
		]);
		expect(ok.status).toBe(200);
		expect(ok.json).toEqual([
			{
				id: 880002,
				supplier_sku: 'TSHIRT-BLK-M',
				barcode: '5012345678917',
				quantity_available: 12,
			},
			{ id: 880006, supplier_sku: 'MUG-11OZ-WHT', barcode: '4006381333931', quantity_available: 0 },
		]);
		const refused = await call('PUT', `${emu.urls.restV22}/stock/availability`, auth, [
			{ sku: 'TSHIRT-BLK-S', data: { quantity_available: 1 } },
			{ sku: 'NO-SUCH-SKU', data: { quantity_available: 1 } },
		]);
		expect(refused).toEqual({
			status: 400,
			json: { error: { message: 'Invalid stock product specified, index 1', code: 0 } },
		});
		expect(emu.stock[0].quantity_available).toBe(140);
		const negative = await call('PUT', `${emu.urls.restV22}/stock/availability`, auth, [
			{ sku: 'TSHIRT-BLK-S', data: { quantity_available: -1 } },
		]);
		expect(negative.status).toBe(400);
	});

	it('needs the API key and counts against the v2.2 rate limit', async () => {
		expect((await call('GET', `${emu.urls.restV22}/stock`, {})).status).toBe(401);
		emu.configure({ v22RateLimitPerHour: 1 });
		expect((await call('GET', `${emu.urls.restV22}/stock`, auth)).status).toBe(200);
		const limited = await call('GET', `${emu.urls.restV22}/stock`, auth);
		expect(limited).toEqual({
			status: 400,
			json: { error: { message: 'Rate limit exceeded: 1 requests per hour', code: 0 } },
		});
	});
});
