import { SEED_ORDER_IDS as IDS } from '../emulator';
import { useFixture } from '../support/kornitx';

const update = { resource: 'order', operation: 'update' };

describe('Order → Update (GraphQL updateOrders)', () => {
	const f = useFixture();

	/** Seeds `count` bulk orders in In Production (4) and returns their ids. */
	const seedOrders = (count: number): number[] => {
		const before = new Set(f.emulator.orders.keys());
		f.emulator.seedBulk(count, 1, 4);
		return [...f.emulator.orders.keys()].filter((id) => !before.has(id));
	};
	/** The order ids of each updateOrders mutation the emulator received, in arrival order. */
	const sentOrderIds = (): number[][] =>
		f
			.apiCalls()
			.map((call) =>
				(call.body as { variables: { orders: Array<{ id: number }> } }).variables.orders.map(
					(order) => order.id,
				),
			);

	it('sends the documented mutation and returns each order paired to its item', async () => {
		const { output, error } = await f.run({
			...update,
			orderId: String(IDS.docExample),
			updateFields: { shippingCarrier: 'Royal Mail', shippingMethod: 'Tracked 24', status: 4 },
		});
		expect(error).toBeUndefined();
		expect(output).toEqual([
			{
				json: {
					id: IDS.docExample,
					shipping_carrier: 'Royal Mail',
					shipping_method: 'Tracked 24',
					status: 4,
					status_name: 'In Production',
				},
				pairedItem: { item: 0 },
			},
		]);
		expect(f.apiCalls()[0].body).toMatchObject({
			variables: {
				orders: [
					{
						id: IDS.docExample,
						shipping_carrier: 'Royal Mail',
						shipping_method: 'Tracked 24',
						status: 4,
					},
				],
			},
		});
	});

	it('batches input items into one mutation per batch size', async () => {
		const ids = seedOrders(120);
		const { output, error } = await f.run(
			{
				...update,
				orderId: '={{ $json.id }}',
				updateFields: { shippingTracking: '={{ "T-" + $json.id }}' },
				options: { batchSize: 50 },
			},
			{ input: ids.map((id) => ({ id })) },
		);
		expect(error).toBeUndefined();
		expect(sentOrderIds()).toEqual([ids.slice(0, 50), ids.slice(50, 100), ids.slice(100)]);
		expect(output.map((item) => item.json.id)).toEqual(ids);
		expect(output.map((item) => item.pairedItem)).toEqual(ids.map((_, index) => ({ item: index })));
		expect(f.emulator.getOrder(ids[119])?.shipping_tracking).toBe(`T-${ids[119]}`);
	});

	it('keeps one mutation in flight at a time, batches arriving in input order', async () => {
		f.emulator.configure({ latencyMs: 40 });
		const ids = seedOrders(9);
		const { output, error } = await f.run(
			{
				...update,
				orderId: '={{ $json.id }}',
				updateFields: { shippingMethod: 'Express' },
				options: { batchSize: 2 },
			},
			{ input: ids.map((id) => ({ id })) },
		);
		expect(error).toBeUndefined();
		expect(sentOrderIds()).toEqual([
			ids.slice(0, 2),
			ids.slice(2, 4),
			ids.slice(4, 6),
			ids.slice(6, 8),
			ids.slice(8),
		]);
		expect(f.emulator.counters.peakConcurrent).toBe(1);
		expect(output.map((item) => item.json.id)).toEqual(ids);
	});

	it('without Continue On Fail, sends the items before a bad one and nothing after it', async () => {
		const ids = seedOrders(7);
		const input: Array<{ id: number | string }> = ids.map((id) => ({ id }));
		input[4] = { id: 'not-a-number' };
		const { error } = await f.run(
			{
				...update,
				orderId: '={{ $json.id }}',
				updateFields: { shippingMethod: 'Stop Test' },
				options: { batchSize: 3 },
			},
			{ input },
		);
		expect(error?.message).toBe(
			'Order ID must be a positive whole number, got "not-a-number" (item 4)',
		);
		expect(sentOrderIds()).toEqual([ids.slice(0, 3), [ids[3]]]);
		expect(f.emulator.getOrder(ids[5])?.shipping_method).not.toBe('Stop Test');
		expect(f.emulator.getOrder(ids[3])?.shipping_method).toBe('Stop Test');
	});

	it('without Continue On Fail, sends no batch after one that failed', async () => {
		const { error } = await f.run(
			{
				...update,
				orderId: '={{ $json.id }}',
				updateFields: { status: 4 },
				options: { batchSize: 2 },
			},
			{ input: [{ id: IDS.docExample }, { id: 999 }, { id: IDS.received }, { id: IDS.spaceRef }] },
		);
		expect(error?.message).toBe('KornitX: Order not found: 999');
		expect(f.apiCalls()).toHaveLength(1);
	});

	it('with Continue On Fail, sends every valid item around bad ones', async () => {
		const ids = seedOrders(5);
		const input: Array<{ id: number | string }> = ids.map((id) => ({ id }));
		input[1] = { id: -3 };
		const { output } = await f.run(
			{
				...update,
				orderId: '={{ $json.id }}',
				updateFields: { shippingMethod: 'Express' },
				options: { batchSize: 2 },
			},
			{ input, continueOnFail: true },
		);
		expect(sentOrderIds()).toEqual([
			[ids[0], ids[2]],
			[ids[3], ids[4]],
		]);
		expect(output.map((item) => item.json.shipping_method ?? item.json.error)).toEqual([
			'Express',
			'Order ID must be a positive whole number, got -3 (item 1)',
			'Express',
			'Express',
			'Express',
		]);
	});

	it('fails only the items GraphQL errors point at; the rest succeed', async () => {
		const input = [
			{ id: IDS.docExample, status: 4 },
			{ id: 999, status: 4 }, // unknown order
			{ id: IDS.received, status: 8 }, // invalid transition
			{ id: IDS.spaceRef, status: 517 },
		];
		const { output, error } = await f.run(
			{ ...update, orderId: '={{ $json.id }}', updateFields: { status: '={{ $json.status }}' } },
			{ input, continueOnFail: true },
		);
		expect(error).toBeUndefined();
		expect(f.apiCalls()).toHaveLength(1);
		expect(output.map((item) => item.json.status ?? item.json.error)).toEqual([
			4,
			'KornitX: Order not found: 999',
			'KornitX: Invalid status transition',
			517,
		]);
		expect((output[2].json.details as { description: string }).description).toContain(
			'Dispatched (8) can be reached only from',
		);
		expect(output.map((item) => item.pairedItem)).toEqual([
			{ item: 0 },
			{ item: 1 },
			{ item: 2 },
			{ item: 3 },
		]);
	});

	it('turns injected partial errors into per-item errors', async () => {
		f.emulator.addFault({ kind: 'graphqlPartial', orderIds: [IDS.spaceRef] });
		const { output } = await f.run(
			{ ...update, orderId: '={{ $json.id }}', updateFields: { shippingMethod: 'Express' } },
			{ input: [{ id: IDS.docExample }, { id: IDS.spaceRef }], continueOnFail: true },
		);
		expect(output[0].json.shipping_method).toBe('Express');
		expect(output[1].json.error).toContain(`Temporary failure updating order ${IDS.spaceRef}`);
	});

	it('stops on the first failing item without Continue On Fail', async () => {
		const { error } = await f.run(
			{ ...update, orderId: '={{ $json.id }}', updateFields: { status: 4 } },
			{ input: [{ id: IDS.docExample }, { id: 999 }] },
		);
		expect(error?.message).toBe('KornitX: Order not found: 999');
		expect((error as { context?: { itemIndex?: number } }).context?.itemIndex).toBe(1);
	});

	it('passes extra OrderInput fields through and selects the return fields', async () => {
		const { output, error } = await f.run({
			...update,
			orderId: String(IDS.docExample),
			updateFields: {
				extraFieldsJson: '{"required_dispatch_date": "2026-12-24"}',
				shippingCarrier: 'DPD',
			},
			options: { returnFields: 'id, required_dispatch_date, shipping_carrier' },
		});
		expect(error).toBeUndefined();
		expect(output[0].json).toEqual({
			id: IDS.docExample,
			required_dispatch_date: '2026-12-24 00:00:00',
			shipping_carrier: 'DPD',
		});
		expect((f.apiCalls()[0].body as { query: string }).query).toContain(
			'updateOrders(orders: $orders) { id required_dispatch_date shipping_carrier }',
		);
	});

	it('rejects bad input per item before sending', async () => {
		const { output } = await f.run(
			{
				...update,
				orderId: '={{ $json.id }}',
				updateFields: { extraFieldsJson: '={{ $json.extra }}' },
			},
			{
				input: [
					{ id: 'x', extra: '{}' },
					{ id: IDS.docExample, extra: '{"shipping_method": ' },
					{ id: IDS.docExample, extra: '{}' },
				],
				continueOnFail: true,
			},
		);
		expect(output.map((item) => item.json.error)).toEqual([
			'Order ID must be a positive whole number, got "x" (item 0)',
			expect.stringContaining('Extra Fields (JSON) is not valid JSON'),
			'Update Fields is empty: add at least one field to change (item 2)',
		]);
		expect(f.apiCalls()).toHaveLength(0);
	});

	it('fails every item, and sends nothing, when Return Fields is not a field list', async () => {
		const parameters = {
			...update,
			orderId: '={{ $json.id }}',
			updateFields: { status: 4 },
			options: { returnFields: 'id, status-name' },
		};
		const input = [{ id: IDS.docExample }, { id: IDS.received }];
		const { output } = await f.run(parameters, { input, continueOnFail: true });
		expect(output.map((item) => item.json.error)).toEqual([
			'Return Fields holds "status-name", which is not a GraphQL field name (item 0)',
			'Return Fields holds "status-name", which is not a GraphQL field name (item 0)',
		]);
		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		const { error } = await f.run(parameters, { input });
		expect(error?.message).toBe(
			'Return Fields holds "status-name", which is not a GraphQL field name (item 0)',
		);
		expect(f.apiCalls()).toHaveLength(0);
	});

	it('dry run shows each item its own order only', async () => {
		const { output } = await f.run(
			{
				...update,
				orderId: '={{ $json.id }}',
				updateFields: { status: 4 },
				options: { dryRun: true },
			},
			{ input: [{ id: 1 }, { id: 2 }] },
		);
		expect(
			output.map(
				(item) => (item.json.body as { variables: { orders: unknown[] } }).variables.orders,
			),
		).toEqual([[{ id: 1, status: 4 }], [{ id: 2, status: 4 }]]);
		expect(f.apiCalls()).toHaveLength(0);
	});

	it('does not resend a mutation whose outcome is unknown', async () => {
		f.emulator.addFault({ kind: 'status', status: 503, phase: 'after', match: { api: 'graphql' } });
		const { output } = await f.run(
			{ ...update, orderId: String(IDS.docExample), updateFields: { shippingMethod: 'Next Day' } },
			{ continueOnFail: true },
		);
		expect(output[0].json.error).toMatch(/^Outcome unknown/);
		expect(f.apiCalls()).toHaveLength(1);
	});

	describe('Map Automatically', () => {
		const auto = { ...update, mappingMode: 'autoMapInputData' };

		it("sends each item's own API-named fields, skipping empty ones and ignoring the rest", async () => {
			const ids = seedOrders(3);
			const input = [
				{
					id: ids[0],
					status: '4',
					shipping_tracking: ' RM1 ',
					ref: 'not sent',
					items: [{ sku: 'not sent' }],
				},
				{ id: String(ids[1]), shipping_carrier: 'DPD', shipping_method: '', status: null },
				{ id: ids[2], shipping_method: 'Tracked 24', required_dispatch_date: '2026-12-24' },
			];
			const { output, error } = await f.run(auto, { input });
			expect(error).toBeUndefined();
			expect((f.apiCalls()[0].body as { variables: unknown }).variables).toEqual({
				orders: [
					{ id: ids[0], status: 4, shipping_tracking: 'RM1' },
					{ id: ids[1], shipping_carrier: 'DPD' },
					{ id: ids[2], shipping_method: 'Tracked 24', required_dispatch_date: '2026-12-24' },
				],
			});
			expect(output.map((item) => item.json.id)).toEqual(ids);
			expect(output.map((item) => item.pairedItem)).toEqual([
				{ item: 0 },
				{ item: 1 },
				{ item: 2 },
			]);
			expect(f.emulator.getOrder(ids[0])?.shipping_tracking).toBe('RM1');
			expect(f.emulator.getOrder(ids[1])?.shipping_carrier).toBe('DPD');
		});

		it('reads the order ID and the fields from the fields it is told, in batches', async () => {
			const ids = seedOrders(5);
			const input = ids.map((id) => ({
				kornitxId: id,
				id: 1,
				shipping_method: 'Express',
				status: 8,
			}));
			const { output, error } = await f.run(
				{
					...auto,
					orderIdField: 'kornitxId',
					fieldsToSend: 'shipping_method',
					options: { batchSize: 2 },
				},
				{ input },
			);
			expect(error).toBeUndefined();
			expect(sentOrderIds()).toEqual([ids.slice(0, 2), ids.slice(2, 4), [ids[4]]]);
			expect(
				f
					.apiCalls()
					.flatMap((call) => (call.body as { variables: { orders: unknown[] } }).variables.orders),
			).toEqual(ids.map((id) => ({ id, shipping_method: 'Express' })));
			expect(output.map((item) => item.json.status)).toEqual(ids.map(() => 4));
		});

		it('fails the bad items, naming the input field and the item, and sends the rest', async () => {
			const ids = seedOrders(2);
			const input = [
				{ id: ids[0], status: 4 },
				{ order: ids[1], status: 4 },
				{ id: ids[1], status: 'Dispatched' },
				{ id: 'x', status: 4 },
				{ id: ids[1], note: 'nothing to change' },
				{ id: ids[1], shipping_method: 'Express' },
			];
			const { output } = await f.run(auto, { input, continueOnFail: true });
			expect(output.map((item) => item.json.error ?? item.json.id)).toEqual([
				ids[0],
				'Order ID Field names "id", which this item does not have (item 1)',
				'Input field "status" must be a status code, got "Dispatched" (item 2)',
				'Order ID (input field "id") must be a positive whole number, got "x" (item 3)',
				`Fields to Send (${['status', 'shipping_carrier', 'shipping_method', 'shipping_tracking', 'required_dispatch_date'].join(', ')}): none is set on this item, so there is nothing to change (item 4)`,
				ids[1],
			]);
			expect(sentOrderIds()).toEqual([[ids[0], ids[1]]]);

			const { error } = await f.run(auto, {
				input: [{ id: ids[0], status: 4 }, { id: 'x' }, { id: ids[1], status: 4 }],
			});
			expect(error?.message).toBe(
				'Order ID (input field "id") must be a positive whole number, got "x" (item 1)',
			);
			expect(sentOrderIds()).toEqual([[ids[0], ids[1]], [ids[0]]]);
		});

		it('fails every item, and sends nothing, when Fields to Send names the order ID or no field', async () => {
			const input = [
				{ id: IDS.docExample, status: 4 },
				{ id: IDS.received, status: 4 },
			];
			const cases: Array<[Record<string, unknown>, string]> = [
				[
					{ fieldsToSend: 'status, id' },
					'Fields to Send must not hold "id": the order is identified by the Order ID Field (item 0)',
				],
				[
					{ fieldsToSend: ' , ' },
					'Fields to Send is empty: name at least one field to change (item 0)',
				],
				[
					{ fieldsToSend: 'shipping method' },
					'Fields to Send holds "shipping method", which is not an OrderInput field name (item 0)',
				],
				[
					{ orderIdField: 'order.id' },
					'Order ID Field must name one top-level input field, got "order.id" (item 0)',
				],
			];
			for (const [parameters, message] of cases) {
				const { output } = await f.run({ ...auto, ...parameters }, { input, continueOnFail: true });
				expect(output.map((item) => item.json.error)).toEqual([message, message]);
			}
			expect(f.apiCalls()).toHaveLength(0);
		});

		it('dry run shows each item its own mapped order', async () => {
			const { output } = await f.run(
				{ ...auto, options: { dryRun: true } },
				{
					input: [
						{ id: 1, status: 4, x: 1 },
						{ id: 2, shipping_carrier: 'DPD' },
					],
				},
			);
			expect(
				output.map(
					(item) => (item.json.body as { variables: { orders: unknown[] } }).variables.orders,
				),
			).toEqual([[{ id: 1, status: 4 }], [{ id: 2, shipping_carrier: 'DPD' }]]);
			expect(f.apiCalls()).toHaveLength(0);
		});
	});
});
