import { SEED_ORDER_IDS as IDS, SHIPMENT_SCOPES } from '../emulator';
import { secretsOf, useFixture } from '../support/kornitx';

const create = { resource: 'shipment', operation: 'create' };

describe('Shipment → Create', () => {
	const f = useFixture();
	// A user adds the (inferred, opt-in) shipment scope to the credential's default list.
	beforeEach(() => f.useOAuth({ scope: SHIPMENT_SCOPES.join(' ') }));

	const order = (id: number) => f.emulator.getOrder(id)!;
	const posts = () => f.apiCalls().filter((call) => call.method === 'POST');

	it('ships a package by KornitX IDs with carrier, tracking and tracking URL, returning the shipment', async () => {
		const item = order(IDS.inProduction).items[0];
		const { output, error } = await f.run({
			...create,
			identifyBy: 'id',
			orderId: String(IDS.inProduction),
			items: { item: [{ itemId: String(item.id), quantity: 1 }] },
			carrier: 'DPD',
			tracking: 'JD12345876A',
			trackingUrl: 'https://track.example.com/JD12345876A',
		});
		expect(error).toBeUndefined();
		expect(output.map((o) => o.json)).toEqual([
			{ id: 700001, items: [{ id: item.id, order_id: IDS.inProduction, quantity: 1 }] },
		]);
		expect(posts().map((call) => [call.path, call.body])).toEqual([
			[
				`/api-sl-2-3/order/${IDS.inProduction}/shipment`,
				{
					status: 200,
					carrier: 'DPD',
					tracking: 'JD12345876A',
					tracking_url: 'https://track.example.com/JD12345876A',
					items: [{ id: item.id, quantity: 1 }],
				},
			],
		]);
	});

	it('ships by external ref, percent-encoding the ref, sending only the optional fields that are set', async () => {
		const item = order(IDS.slashRef).items[1];
		const { output, error } = await f.run({
			...create,
			identifyBy: 'externalRef',
			externalRef: 'AB/123/C',
			items: { item: [{ itemExternalRef: item.external_ref, quantity: 1 }] },
			tracking: 'RM1GB',
		});
		expect(error).toBeUndefined();
		expect(output[0].json.items).toEqual([{ id: item.id, order_id: IDS.slashRef, quantity: 1 }]);
		expect(posts()[0].path).toBe('/api-sl-2-3/order/by-external-ref/AB%2F123%2FC/shipment');
		expect(posts()[0].body).toEqual({
			status: 200,
			tracking: 'RM1GB',
			items: [{ external_ref: item.external_ref, quantity: 1 }],
		});
	});

	it('ships one half of a split order by combined refs, items mapped as JSON, with the Shipment Status option', async () => {
		const items = order(IDS.splitA).items;
		const lines = items.map((item) => ({
			itemId: item.id,
			itemExternalRef: item.external_ref,
			quantity: 1,
		}));
		const { error } = await f.run(
			{
				...create,
				identifyBy: 'combined',
				externalRef: 'SPLIT-3001',
				orderId: String(IDS.splitA),
				itemsInputMode: 'json',
				itemsJson: '={{ $json.lines }}',
				options: { shipmentStatus: 201 },
			},
			{ input: [{ lines }] },
		);
		expect(error).toBeUndefined();
		expect(posts()[0].path).toBe(`/api-sl-2-3/order/by-combined/SPLIT-3001-${IDS.splitA}/shipment`);
		expect(posts()[0].body).toEqual({
			status: 201,
			items: items.map((item) => ({ combined: `${item.external_ref}-${item.id}`, quantity: 1 })),
		});
		expect(f.emulator.getShipments(IDS.splitA)).toHaveLength(1);
	});

	it('ships an order in two packages: after the partial one it is still in production, after the last it is Dispatched', async () => {
		const [first, ...rest] = order(IDS.inProduction).items;
		const packages = [
			{ tracking: 'PKG-1', lines: [{ itemId: first.id, quantity: first.quantity }] },
			{
				tracking: 'PKG-2',
				lines: rest.map((item) => ({ itemId: item.id, quantity: item.quantity })),
			},
		];
		const shipPackage = {
			...create,
			identifyBy: 'id',
			orderId: String(IDS.inProduction),
			itemsInputMode: 'json',
			itemsJson: '={{ $json.lines }}',
			tracking: '={{ $json.tracking }}',
			options: { concurrency: 1 },
		};
		const partial = await f.run(shipPackage, { input: [packages[0]] });
		expect(partial.error).toBeUndefined();
		expect(order(IDS.inProduction).status).toBe(4);
		const last = await f.run(shipPackage, { input: [packages[1]] });
		expect(last.error).toBeUndefined();
		expect(order(IDS.inProduction).status).toBe(8);
		expect(f.emulator.getShipments(IDS.inProduction).map((s) => s.tracking)).toEqual([
			'PKG-1',
			'PKG-2',
		]);
	});

	it('reports a refused line as its entry of Items with its item key, and ships nothing', async () => {
		const items = order(IDS.inProduction).items;
		const { error } = await f.run({
			...create,
			identifyBy: 'id',
			orderId: String(IDS.inProduction),
			items: {
				item: [
					{ itemId: String(items[0].id), quantity: 1 },
					{ itemId: String(items[1].id), quantity: items[1].quantity + 1 },
				],
			},
		});
		expect(error?.message).toBe('KornitX: Invalid item specified, index 1');
		expect(error?.description).toContain(
			`KornitX refused entry 2 of Items ({"id":${items[1].id},"quantity":${items[1].quantity + 1}})`,
		);
		expect(error?.description).toContain('more than is left to ship');
		expect(f.emulator.getShipments(IDS.inProduction)).toEqual([]);
	});

	it('explains an order that can no longer be shipped', async () => {
		const item = order(IDS.dispatched).items[0];
		const { error } = await f.run({
			...create,
			orderId: String(IDS.dispatched),
			items: { item: [{ itemId: String(item.id), quantity: 1 }] },
		});
		expect(error?.message).toBe('KornitX: Invalid order status');
		expect(error?.description).toContain('no longer allows shipments');
	});

	it('never resends a shipment whose outcome is unknown (5xx after KornitX applied it), and says how to check', async () => {
		const item = order(IDS.inProduction).items[0];
		f.emulator.addFault({
			kind: 'status',
			status: 502,
			phase: 'after',
			match: { api: 'rest', method: 'POST' },
		});
		const { error } = await f.run({
			...create,
			orderId: String(IDS.inProduction),
			items: { item: [{ itemId: String(item.id), quantity: 1 }] },
		});
		expect(error?.message).toMatch(/^Outcome unknown/);
		expect(error?.description).toContain('could ship the items twice');
		expect(error?.description).toContain('Order → Export');
		expect(posts()).toHaveLength(1);
		expect(f.emulator.getShipments(IDS.inProduction)).toHaveLength(1); // applied once, not twice
	});

	it('retries after a 429 with Retry-After and ships once', async () => {
		const item = order(IDS.inProduction).items[0];
		f.emulator.addFault({
			kind: 'status',
			status: 429,
			retryAfter: 0,
			times: 2,
			match: { api: 'rest', method: 'POST' },
		});
		const { output, error } = await f.run({
			...create,
			orderId: String(IDS.inProduction),
			items: { item: [{ itemId: String(item.id), quantity: 1 }] },
		});
		expect(error).toBeUndefined();
		expect(output[0].json.id).toBe(700001);
		expect(posts().map((call) => call.status)).toEqual([429, 429, 200]);
		expect(f.emulator.getShipments(IDS.inProduction)).toHaveLength(1);
	});

	it('names the scope to add when the credential lacks it', async () => {
		f.useOAuth({});
		const item = order(IDS.inProduction).items[0];
		const { error } = await f.run({
			...create,
			orderId: String(IDS.inProduction),
			items: { item: [{ itemId: String(item.id), quantity: 1 }] },
		});
		expect(error?.message).toBe('KornitX: Permission denied (api-sl-2-3.order-shipment.create)');
		expect(error?.description).toContain(
			"Add api-sl-2-3.order-shipment.create to the credential's Scope field",
		);
	});

	it('dry run shows method, URL and body and sends nothing', async () => {
		const { output } = await f.run({
			...create,
			identifyBy: 'combined',
			externalRef: 'ORDER 2002',
			orderId: String(IDS.spaceRef),
			items: { item: [{ itemId: '9', itemExternalRef: 'LINE 1', quantity: 2 }] },
			carrier: 'UPS',
			options: { dryRun: true },
		});
		expect(output[0].json).toEqual({
			dryRun: true,
			method: 'POST',
			url: `${f.emulator.urls.rest}/order/by-combined/ORDER%202002-${IDS.spaceRef}/shipment`,
			body: { status: 200, carrier: 'UPS', items: [{ combined: 'LINE 1-9', quantity: 2 }] },
		});
		expect(f.apiCalls()).toHaveLength(0);
		expect(f.tokenRequests()).toBe(0);
	});

	it.each([
		[{ items: { item: [] } }, 'Items is empty: add at least one item to ship (item 0)'],
		[
			{ items: { item: [{ itemId: '1', quantity: 0 }] } },
			'Items entry 1: Quantity must be a positive whole number, got 0 (item 0)',
		],
		[
			{ items: { item: [{ itemId: '1', quantity: 1.5 }] } },
			'Items entry 1: Quantity must be a positive whole number, got 1.5 (item 0)',
		],
		[
			{ items: { item: [{ itemId: 'abc', quantity: 1 }] } },
			'Items entry 1: Item ID must be a positive whole number, got "abc" (item 0)',
		],
		[
			{ itemsInputMode: 'json', itemsJson: '{"itemId": 1}' },
			'Items (JSON) must be a JSON array of items (item 0)',
		],
		[
			{ orderId: '={{ "" }}', items: { item: [{ itemId: '1', quantity: 1 }] } },
			'Order ID is empty (item 0)',
		],
		[
			{ options: { shipmentStatus: -3 }, items: { item: [{ itemId: '1', quantity: 1 }] } },
			'Shipment Status must be a whole number, got -3 (item 0)',
		],
	])(
		'rejects bad input before any request, naming the field and the item (%#)',
		async (parameters, message) => {
			const { error } = await f.run({
				...create,
				identifyBy: 'id',
				orderId: String(IDS.inProduction),
				...parameters,
			});
			expect(error?.message).toBe(message);
			expect(f.apiCalls()).toHaveLength(0);
		},
	);

	it('under Continue On Fail, fails only the bad item and ships the others, in input order', async () => {
		const items = order(IDS.inProduction).items;
		const { output, error } = await f.run(
			{
				...create,
				orderId: String(IDS.inProduction),
				items: { item: [{ itemId: '={{ $json.itemId }}', quantity: '={{ $json.quantity }}' }] },
			},
			{
				continueOnFail: true,
				input: [
					{ itemId: items[0].id, quantity: 1 },
					{ itemId: items[1].id, quantity: -1 },
					{ itemId: items[1].id, quantity: 1 },
				],
			},
		);
		expect(error).toBeUndefined();
		expect(output.map((o) => o.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(output[0].json.items).toEqual([
			{ id: items[0].id, order_id: IDS.inProduction, quantity: 1 },
		]);
		expect(output[1].json.error).toBe(
			'Items entry 1: Quantity must be a positive whole number, got -1 (item 1)',
		);
		expect(output[2].json.items).toEqual([
			{ id: items[1].id, order_id: IDS.inProduction, quantity: 1 },
		]);
		expect(posts()).toHaveLength(2);
	});

	it('never puts a secret in outputs or errors', async () => {
		const item = order(IDS.inProduction).items[0];
		const good = await f.run({
			...create,
			orderId: String(IDS.inProduction),
			items: { item: [{ itemId: String(item.id), quantity: 1 }] },
		});
		f.emulator.addFault({ kind: 'status', status: 500, phase: 'after', match: { api: 'rest' } });
		const bad = await f.run({
			...create,
			orderId: String(IDS.inProduction),
			items: { item: [{ itemId: String(item.id), quantity: 1 }] },
		});
		expect(bad.error).toBeDefined();
		const text = JSON.stringify([
			good.output,
			bad.error,
			bad.error?.description,
			(bad.error as { cause?: unknown })?.cause,
		]);
		for (const secret of secretsOf(f)) expect(text).not.toContain(secret);
	});
});
