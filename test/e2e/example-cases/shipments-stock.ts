/**
 * The shipping and stock-sync examples, as run by test/e2e/examples.ts in a real n8n: what the stub
 * serves them (a warehouse packing export, a stock sheet) and what each run must have done.
 */
import type { ExecuteResult } from '../../../scripts/n8n-runtime';
import { SEED_ORDER_IDS as IDS, type KornitxEmulator } from '../../emulator';
import { buildSeedOrders } from '../../emulator/seed';
import { execute, items, runCase, type ExecuteSetup } from './common';

/** The parts of examples.ts's Case these checks use. */
export interface CaseLike {
	check(condition: unknown, message: string): boolean;
	equal(actual: unknown, expected: unknown, message: string): boolean;
}

export interface ExampleCase {
	/** examples/<file>.json */
	file: string;
	title: string;
	before(emulator: KornitxEmulator): void;
	verify(
		c: CaseLike,
		run: ExecuteResult,
		emulator: KornitxEmulator,
		items: (node: string, output?: number) => Array<Record<string, unknown>>,
	): void;
}

const seed = new Map(buildSeedOrders().map((order) => [order.id, order]));
const itemsOf = (id: number) => seed.get(id)!.items;

const TRACK = 'https://track.example.com/';
const inProduction = itemsOf(IDS.inProduction); // 3 items: 3, 1 and 4 units
const rbs = itemsOf(IDS.receivedBySupplier)[0];
const dispatched = itemsOf(IDS.dispatched)[0];

/** A warehouse packing export: one row per packed line; an order in two parcels, one in one, one already dispatched. */
export const PACKING_CSV = [
	'Order Ref,KornitX Order ID,Parcel,Item ID,SKU,Qty,Carrier,Tracking Number,Tracking URL',
	`SHOP-1002,${IDS.inProduction},P-1,${inProduction[0].id},${inProduction[0].sku},${inProduction[0].quantity},DPD,JD0001,${TRACK}JD0001`,
	`SHOP-1002,${IDS.inProduction},P-1,${inProduction[1].id},${inProduction[1].sku},${inProduction[1].quantity},DPD,JD0001,${TRACK}JD0001`,
	`SHOP-1003,${IDS.receivedBySupplier},P-2,${rbs.id},${rbs.sku},${rbs.quantity},Royal Mail,RM200300400GB,${TRACK}RM200300400GB`,
	`SHOP-1002,${IDS.inProduction},P-3,${inProduction[2].id},${inProduction[2].sku},${inProduction[2].quantity},DPD,JD0002,${TRACK}JD0002`,
	`SHOP-1004,${IDS.dispatched},P-4,${dispatched.id},${dispatched.sku},1,DPD,JD0003,${TRACK}JD0003`,
	'',
].join('\r\n');

export const SHIP_PARCELS: ExampleCase = {
	file: 'ship-parcels-from-packing-export',
	title: 'packing export rows become one shipment per parcel; the two-parcel order ends Dispatched',
	before: () => undefined,
	verify: (c, run, emulator, items) => {
		const posts = emulator.log.filter(
			(entry) => entry.api === 'rest' && entry.method === 'POST' && entry.status !== 401,
		);
		c.equal(
			posts.map((entry) => [entry.path, entry.body, entry.status]),
			[
				[
					`/api-sl-2-3/order/${IDS.inProduction}/shipment`,
					{
						status: 200,
						carrier: 'DPD',
						tracking: 'JD0001',
						tracking_url: `${TRACK}JD0001`,
						items: inProduction.slice(0, 2).map((it) => ({ id: it.id, quantity: it.quantity })),
					},
					200,
				],
				[
					`/api-sl-2-3/order/${IDS.receivedBySupplier}/shipment`,
					{
						status: 200,
						carrier: 'Royal Mail',
						tracking: 'RM200300400GB',
						tracking_url: `${TRACK}RM200300400GB`,
						items: [{ id: rbs.id, quantity: rbs.quantity }],
					},
					200,
				],
				[
					`/api-sl-2-3/order/${IDS.inProduction}/shipment`,
					{
						status: 200,
						carrier: 'DPD',
						tracking: 'JD0002',
						tracking_url: `${TRACK}JD0002`,
						items: [{ id: inProduction[2].id, quantity: inProduction[2].quantity }],
					},
					200,
				],
				[
					`/api-sl-2-3/order/${IDS.dispatched}/shipment`,
					{
						status: 200,
						carrier: 'DPD',
						tracking: 'JD0003',
						tracking_url: `${TRACK}JD0003`,
						items: [{ id: dispatched.id, quantity: 1 }],
					},
					400,
				],
			],
			'shipment POSTs (one per parcel, in export order)',
		);
		c.equal(
			[
				emulator.getOrder(IDS.inProduction)?.status,
				emulator.getShipments(IDS.inProduction).map((s) => s.tracking_url),
			],
			[8, [`${TRACK}JD0001`, `${TRACK}JD0002`]],
			'the order packed in two parcels: two shipments with tracking URLs, then Dispatched (8)',
		);
		c.equal(
			emulator.getOrder(IDS.receivedBySupplier)?.status,
			8,
			'the one-parcel order is Dispatched (8)',
		);
		c.equal(
			items('Shipped').map((item) => (item.items as Array<{ order_id: number }>)[0].order_id),
			[IDS.inProduction, IDS.receivedBySupplier, IDS.inProduction],
			'"Shipped" items (the shipments)',
		);
		const refused = items('Refused by KornitX');
		c.check(
			refused.length === 1 &&
				String(refused[0].error).includes('Invalid order status') &&
				String(refused[0].message).includes('no longer allows shipments'),
			`"Refused by KornitX" holds the already dispatched order's parcel, with why: ${JSON.stringify(refused)}`,
		);
	},
};

/** A stock sheet as a spreadsheet exports it: SKU or barcode, on hand, reserved; one bad row, one unknown SKU. */
export const STOCK_CSV = [
	'SKU,Barcode,Product,On Hand,Reserved',
	'TSHIRT-BLK-S,5012345678900,T-shirt black S,150,10',
	'TSHIRT-BLK-M,,T-shirt black M,80,95',
	',4006381333931,Mug 11oz white,420,20',
	'HOODIE-NVY-M,,Hoodie navy M,n/a,0',
	'DISCONTINUED-01,,Old poster,5,0',
	'MUG-15OZ-BLK,,Mug 15oz black,64,',
	'',
].join('\r\n');

export const STOCK_SYNC: ExampleCase = {
	file: 'nightly-stock-sync',
	title: 'stock sheet rows set quantities available (on hand − reserved) in one batched PUT',
	before: () => undefined,
	verify: (c, _run, emulator, items) => {
		const puts = emulator.log.filter((entry) => entry.api === 'restV22' && entry.method === 'PUT');
		c.equal(
			puts.map((entry) => [entry.body, entry.status]),
			[
				[
					[
						{ sku: 'TSHIRT-BLK-S', data: { quantity_available: 140 } },
						{ sku: 'TSHIRT-BLK-M', data: { quantity_available: 0 } },
						{ barcode: '4006381333931', data: { quantity_available: 400 } },
						{ sku: 'DISCONTINUED-01', data: { quantity_available: 5 } },
						{ sku: 'MUG-15OZ-BLK', data: { quantity_available: 64 } },
					],
					400,
				],
				[
					[
						{ sku: 'TSHIRT-BLK-S', data: { quantity_available: 140 } },
						{ sku: 'TSHIRT-BLK-M', data: { quantity_available: 0 } },
						{ barcode: '4006381333931', data: { quantity_available: 400 } },
						{ sku: 'MUG-15OZ-BLK', data: { quantity_available: 64 } },
					],
					200,
				],
			],
			'PUT /stock/availability: one batch; the unknown SKU refused, the rest sent again without it',
		);
		const quantity = (sku: string) =>
			emulator.stock.find((product) => product.supplier_sku === sku)?.quantity_available;
		c.equal(
			['TSHIRT-BLK-S', 'TSHIRT-BLK-M', 'MUG-11OZ-WHT', 'MUG-15OZ-BLK', 'HOODIE-NVY-M'].map(
				quantity,
			),
			[140, 0, 400, 64, 35],
			'quantities in KornitX (the bad row left its product alone)',
		);
		c.equal(
			items('Updated').map((item) => item.sku ?? item.barcode),
			['TSHIRT-BLK-S', 'TSHIRT-BLK-M', '4006381333931', 'MUG-15OZ-BLK'],
			'"Updated" items',
		);
		const notUpdated = items('Not updated').map((item) => String(item.error));
		c.check(
			notUpdated.length === 2 &&
				notUpdated[0].startsWith('Quantity Available must be a whole number') &&
				notUpdated[1].includes('DISCONTINUED-01'),
			`"Not updated" holds the bad row and the unknown SKU: ${JSON.stringify(notUpdated)}`,
		);
	},
};

/** Runs one of the cases above against its imported workflow (`n8n execute`). */
export async function testExampleCase(
	label: string,
	setup: ExecuteSetup,
	id: string,
	kase: ExampleCase,
): Promise<void> {
	await runCase(`${label} › ${kase.file}: ${kase.title}`, async (c) => {
		setup.emulator.reset();
		kase.before(setup.emulator);
		const run = await execute(c, setup, id);
		kase.verify(c, run, setup.emulator, (node, output) => items(run, node, output));
	});
}
