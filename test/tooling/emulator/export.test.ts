import { LIMITED_CLIENT, SEED_ORDER_IDS as IDS } from '../../emulator';
import { call, enc, useEmulator, type Row } from './client';

const env = useEmulator();
const { token, exportRows, order } = env;

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

		env.emu.configure({ exportShape: 'array' });
		const array = await call<Row[]>('GET', `${env.emu.urls.export}?filter[status:in]=128`, {
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
		env.emu.seedBulk(10_000, 5);
		expect(env.emu.orders.size).toBeGreaterThan(10_000);
		const res = await exportRows(
			await token(),
			'filter[status:in]=8&filter[completion_datetime:gt]=2024-01-01 00:00:00',
		);
		const bulkRows = res.json.data.filter((r) => String(r.external_ref).startsWith('BULK-'));
		expect(bulkRows).toHaveLength(50_000);
	});
});
