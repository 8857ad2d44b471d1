import { SEED_ORDER_IDS as IDS } from '../emulator';
import { useFixture } from '../support/kornitx';

const exportOrders = { resource: 'order', operation: 'export' };

describe('Order → Export', () => {
	const f = useFixture();

	it('groups rows into orders with items, filtered by status and completion time', async () => {
		const { output, error } = await f.run({
			...exportOrders,
			returnAll: true,
			filters: { statuses: [8, 516], completedAfter: '2025-03-04T14:00:00Z' },
			options: { includeProductPrice: true },
		});
		expect(error).toBeUndefined();
		const ids = output.map((item) => item.json.id);
		expect(ids).toEqual([IDS.dispatchedLater, IDS.receivedByShipperLater]);
		const order = output[0].json as { company: unknown; items: Array<Record<string, unknown>> };
		expect(order.company).toEqual(expect.objectContaining({ company_name: expect.any(String) }));
		expect(order.items).toHaveLength(f.emulator.getOrder(IDS.dispatchedLater)!.items.length);
		expect(order.items[0].product_price).toEqual(
			expect.objectContaining({ price: expect.any(Number) }),
		);
		expect(f.apiCalls()[0].query).toEqual({
			'filter[status:in]': '8,516',
			'filter[completion_datetime:gt]': '2025-03-04 14:00:00',
			'options[includeProductPrice]': '1',
		});
	});

	it('converts Completed After from the workflow timezone to UTC', async () => {
		await f.run({
			...exportOrders,
			returnAll: true,
			filters: { completedAfter: '2025-03-04T09:00:00-05:00' },
		});
		expect(f.apiCalls()[0].query['filter[completion_datetime:gt]']).toBe('2025-03-04 14:00:00');
	});

	it('returns raw rows and counts the limit in rows', async () => {
		const { output } = await f.run({
			...exportOrders,
			returnAll: false,
			limit: 3,
			filters: { statuses: [8] },
			options: { output: 'rows' },
		});
		expect(output).toHaveLength(3);
		expect(Object.keys(output[0].json)).toEqual(
			expect.arrayContaining(['id', 'items__id', 'company__company_name']),
		);
	});

	it('counts the limit in orders when grouped', async () => {
		const { output } = await f.run({
			...exportOrders,
			returnAll: false,
			limit: 2,
			filters: { statuses: [8] },
		});
		expect(output).toHaveLength(2);
		expect((output[0].json.items as unknown[]).length).toBeGreaterThan(0);
	});

	it('accepts a top-level array reply as well as { data }', async () => {
		f.emulator.configure({ exportShape: 'array' });
		const { output, error } = await f.run({
			...exportOrders,
			returnAll: true,
			filters: { statuses: [517] },
		});
		expect(error).toBeUndefined();
		expect(output.map((item) => item.json.id)).toEqual([IDS.pendingDispatch]);
	});

	it('rejects a date it cannot read, naming the filter', async () => {
		const { error } = await f.run({
			...exportOrders,
			returnAll: true,
			filters: { completedAfter: 'last tuesday' },
		});
		expect(error?.message).toBe('Filters › Completed After is not a date: "last tuesday" (item 0)');
		expect(f.apiCalls()).toHaveLength(0);
	});

	it('retries a failing export and reports a malformed reply as an error', async () => {
		f.emulator.addFault({ kind: 'status', status: 500, match: { api: 'export' } });
		const retried = await f.run({ ...exportOrders, returnAll: true, filters: { statuses: [517] } });
		expect(retried.output).toHaveLength(1);
		expect(f.apiCalls().filter((call) => call.api === 'export')).toHaveLength(2);

		f.emulator.addFault({ kind: 'malformed', match: { api: 'export' } });
		const malformed = await f.run({ ...exportOrders, returnAll: true }, { continueOnFail: true });
		expect(malformed.output).toEqual([
			{
				json: expect.objectContaining({ error: 'KornitX returned a reply that is not JSON' }),
				pairedItem: { item: 0 },
			},
		]);
	});

	it('names the missing scope when the token lacks export permission', async () => {
		f.useOAuth({ scope: 'api-sl-2-3.order-status.update' });
		const { error } = await f.run({ ...exportOrders, returnAll: true });
		expect(error?.message).toBe('KornitX: Permission denied (export-api.order-item-details)');
		expect(error?.description).toContain(
			"Add export-api.order-item-details to the credential's Scope field",
		);
	});
});
