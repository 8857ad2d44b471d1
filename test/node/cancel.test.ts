import { SEED_ORDER_IDS as IDS } from '../emulator';
import { useFixture } from '../support/kornitx';

const cancel = { resource: 'orderItem', operation: 'cancel' };

describe('Order Item → Cancel', () => {
	const f = useFixture();

	const order = (id: number) => f.emulator.getOrder(id)!;

	it('cancels by KornitX IDs and returns the cancellation object', async () => {
		const item = order(IDS.inProduction).items[0];
		const { output, error } = await f.run({
			...cancel,
			identifyBy: 'id',
			orderId: String(IDS.inProduction),
			items: { item: [{ itemId: String(item.id), quantity: 1 }] },
		});
		expect(error).toBeUndefined();
		expect(output[0].json).toEqual({
			id: expect.any(Number),
			items: [{ id: item.id, order_id: IDS.inProduction, quantity: 1 }],
		});
		expect(order(IDS.inProduction).items[0].cancelled_quantity).toBe(1);
		expect(f.apiCalls()[0].body).toEqual({ items: [{ id: item.id, quantity: 1 }] });
	});

	it('cancels by external refs with awkward order and item refs', async () => {
		const item = order(IDS.slashRef).items[1];
		const { output, error } = await f.run({
			...cancel,
			identifyBy: 'externalRef',
			externalRef: 'AB/123/C',
			items: { item: [{ itemExternalRef: item.external_ref, quantity: 1 }] },
		});
		expect(error).toBeUndefined();
		expect(output[0].json.items).toEqual([{ id: item.id, order_id: IDS.slashRef, quantity: 1 }]);
		expect(f.apiCalls()[0].path).toBe(
			'/api-sl-2-3/order/by-external-ref/AB%2F123%2FC/cancellation',
		);
		expect(f.apiCalls()[0].body).toEqual({
			items: [{ external_ref: item.external_ref, quantity: 1 }],
		});
	});

	it('cancels by combined refs with a reference, items mapped as JSON from an earlier node', async () => {
		const items = order(IDS.splitA).items;
		const lines = items.map((item) => ({
			itemId: item.id,
			itemExternalRef: item.external_ref,
			quantity: 1,
		}));
		const { output, error } = await f.run(
			{
				...cancel,
				identifyBy: 'combined',
				externalRef: 'SPLIT-3001',
				orderId: String(IDS.splitA),
				itemsInputMode: 'json',
				itemsJson: '={{ $json.lines }}',
				options: { reference: 'RMA-77' },
			},
			{ input: [{ lines }] },
		);
		expect(error).toBeUndefined();
		expect(f.apiCalls()[0].path).toBe(
			`/api-sl-2-3/order/by-combined/SPLIT-3001-${IDS.splitA}/cancellation`,
		);
		expect(f.apiCalls()[0].body).toEqual({
			items: items.map((item) => ({ combined: `${item.external_ref}-${item.id}`, quantity: 1 })),
			reference: 'RMA-77',
		});
		expect((output[0].json.items as unknown[]).length).toBe(items.length);
	});

	it('refuses to cancel more than is left, naming the entry, and changes nothing', async () => {
		const item = order(IDS.inProduction).items[0];
		const { error } = await f.run({
			...cancel,
			identifyBy: 'id',
			orderId: String(IDS.inProduction),
			items: { item: [{ itemId: String(item.id), quantity: item.quantity + 1 }] },
		});
		expect(error?.message).toBe('KornitX: Invalid item specified, index 0');
		expect(error?.description).toContain('entry 1 of Items');
		expect(order(IDS.inProduction).items[0].cancelled_quantity).toBe(0);
	});

	it('explains an order whose status no longer allows cancellation', async () => {
		const item = order(IDS.dispatched).items[0];
		const { error } = await f.run({
			...cancel,
			identifyBy: 'id',
			orderId: String(IDS.dispatched),
			items: { item: [{ itemId: String(item.id), quantity: 1 }] },
		});
		expect(error?.message).toBe('KornitX: Invalid order status');
		expect(error?.description).toContain('no longer allows item cancellations');
	});

	it.each([
		[
			{ itemsInputMode: 'fields', items: { item: [{ itemId: '5', quantity: 0 }] } },
			'Items entry 1: Quantity must be a positive whole number, got 0 (item 0)',
		],
		[
			{ itemsInputMode: 'fields', items: {} },
			'Items is empty: add at least one item to cancel (item 0)',
		],
		[
			{ itemsInputMode: 'json', itemsJson: '[{"itemId": 5, "quantity": 1' },
			'Items (JSON) is not valid JSON',
		],
		[
			{ itemsInputMode: 'json', itemsJson: '[{"itemExternalRef": "x", "quantity": 1}]' },
			'Items (JSON) entry 1: Item ID is empty (item 0)',
		],
	])('rejects bad item input before any request (%#)', async (parameters, message) => {
		const { error } = await f.run({
			...cancel,
			identifyBy: 'id',
			orderId: String(IDS.inProduction),
			...parameters,
		});
		expect(error?.message).toContain(message);
		expect(f.apiCalls()).toHaveLength(0);
	});

	it('never retries a cancellation whose outcome is unknown, and says how to check', async () => {
		const item = order(IDS.inProduction).items[0];
		f.emulator.addFault({
			kind: 'status',
			status: 502,
			phase: 'after',
			match: { api: 'rest', method: 'POST' },
		});
		const { error } = await f.run({
			...cancel,
			identifyBy: 'id',
			orderId: String(IDS.inProduction),
			items: { item: [{ itemId: String(item.id), quantity: 1 }] },
		});
		expect(error?.message).toMatch(/^Outcome unknown/);
		expect(error?.description).toContain('could cancel the items twice');
		expect(f.apiCalls().filter((call) => call.method === 'POST')).toHaveLength(1);
		expect(order(IDS.inProduction).items[0].cancelled_quantity).toBe(1); // applied once, not twice
	});

	it('dry run shows the request with the right item keys', async () => {
		const { output } = await f.run({
			...cancel,
			identifyBy: 'combined',
			externalRef: 'ORDER 2002',
			orderId: String(IDS.spaceRef),
			items: { item: [{ itemId: '9', itemExternalRef: 'LINE 1', quantity: 2 }] },
			options: { dryRun: true },
		});
		expect(output[0].json).toEqual({
			dryRun: true,
			method: 'POST',
			url: `${f.emulator.urls.rest}/order/by-combined/ORDER%202002-${IDS.spaceRef}/cancellation`,
			body: { items: [{ combined: 'LINE 1-9', quantity: 2 }] },
		});
		expect(f.apiCalls()).toHaveLength(0);
	});
});
