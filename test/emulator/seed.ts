import { formatDateTime } from './constants';
import type { EmulatorCompany, EmulatorOrder, EmulatorOrderItem } from './types';

/** Handy seed orders, so tests never hard-code ids. */
export const SEED_ORDER_IDS = {
	received: 46140190,
	inProduction: 46140191,
	receivedBySupplier: 46140192,
	dispatched: 46140193,
	cancelled: 46140194,
	onHold: 46140195,
	sentToSupplier: 46140196,
	pendingDispatch: 46140197,
	qcQuery: 46140198,
	/** The order of the GraphQL example in docs/kornitx-api.md §5 (status 513, so moving it to 4 works). */
	docExample: 46140199,
	spaceRef: 46140200,
	slashRef: 46140201,
	hashRef: 46140202,
	percentRef: 46140203,
	plusRef: 46140204,
	underscoreRef: 46140205,
	unicodeRef: 46140206,
	cjkRef: 46140207,
	/** Two halves of a split order: same external_ref, different ids. */
	splitA: 46140208,
	splitB: 46140209,
	unknownStatus: 46140210,
	unused: 46140211,
	retailerNotified: 46140212,
	sentToShipper: 46140213,
	receivedByShipper: 46140214,
	consolidated: 46140215,
	consolidating: 46140216,
	/** Two dispatched orders completed in the same second. */
	sameSecondA: 46140217,
	sameSecondB: 46140218,
	dispatchedLater: 46140219,
	receivedByShipperLater: 46140220,
	dispatchedEarliest: 46140221,
	receivedMixedRef: 46140222,
} as const;

export const FIRST_SEED_ITEM_ID = 73500001;

export const COMPANIES: EmulatorCompany[] = [
	{ id: 1201, company_name: 'Print Street Ltd' },
	{ id: 1202, company_name: 'Mugs & More GmbH' },
	{ id: 1203, company_name: 'Tokyo Tees K.K.' },
];

interface Product {
	sku: string;
	description: string;
	owner: string;
	price: number;
	currency: string;
	productName: string;
	slug: string;
	attributes: Record<string, string>;
}

const PRODUCTS: Product[] = [
	{
		sku: 'TSHIRT-BLK-M',
		description: 'Organic T-shirt, black, M',
		owner: 'Kornit Fulfilment UK',
		price: 12.5,
		currency: 'GBP',
		productName: 'Organic Tee',
		slug: 'organic-tee',
		attributes: { colour: 'Black', size: 'M' },
	},
	{
		sku: 'MUG-11OZ-WHT',
		description: 'Ceramic mug 11oz, white',
		owner: 'Mugs & More GmbH',
		price: 7.95,
		currency: 'EUR',
		productName: 'Classic Mug',
		slug: 'classic-mug',
		attributes: { colour: 'White', size: '11oz' },
	},
	{
		sku: 'HOODIE-NVY-L',
		description: 'Pullover hoodie, navy, L',
		owner: 'Kornit Fulfilment UK',
		price: 24,
		currency: 'GBP',
		productName: 'Heavy Hoodie',
		slug: 'heavy-hoodie',
		attributes: { colour: 'Navy', size: 'L' },
	},
	{
		sku: 'TOTE-NAT',
		description: 'Cotton tote bag, natural',
		owner: 'Bags Direct B.V.',
		price: 5.2,
		currency: 'EUR',
		productName: 'Canvas Tote',
		slug: 'canvas-tote',
		attributes: { colour: 'Natural', size: 'One size' },
	},
	{
		sku: 'POSTER-A3',
		description: 'Matte poster A3',
		owner: 'Paper Works Inc.',
		price: 9.99,
		currency: 'USD',
		productName: 'Art Poster',
		slug: 'art-poster',
		attributes: { colour: 'Full colour', size: 'A3' },
	},
];

/** Awkward item external refs, cycled per order. */
const ITEM_REFS = ['LINE 1', 'sku/2', 'line-3', 'Pos#4 ü'];

function makeItem(
	id: number,
	ref: string,
	productIndex: number,
	quantity: number,
): EmulatorOrderItem {
	const p = PRODUCTS[productIndex % PRODUCTS.length];
	return {
		id,
		external_ref: ref,
		sku: p.sku,
		description: p.description,
		quantity,
		cancelled_quantity: 0,
		product_owner: { company_name: p.owner },
		product_price: { price: p.price, currency: p.currency },
		ecommerce: { product_name: p.productName, url: `https://shop.example.com/products/${p.slug}` },
		attributes: { ...p.attributes },
	};
}

interface SeedRow {
	id: number;
	externalRef: string;
	status: number;
	items: number;
	completion?: string;
	carrier?: string;
	method?: string;
	tracking?: string;
	allCancelled?: boolean;
}

const CARRIERS: Array<[string, string]> = [
	['Royal Mail', 'Tracked 24'],
	['DHL', 'Express'],
	['UPS', 'Standard'],
	['', ''],
];

const S = SEED_ORDER_IDS;

const SEED_ROWS: SeedRow[] = [
	{ id: S.received, externalRef: 'SHOP-1001', status: 1, items: 2 },
	{ id: S.inProduction, externalRef: 'SHOP-1002', status: 4, items: 3 },
	{ id: S.receivedBySupplier, externalRef: 'SHOP-1003', status: 513, items: 1 },
	{
		id: S.dispatched,
		externalRef: 'SHOP-1004',
		status: 8,
		items: 2,
		completion: '2025-03-01 09:15:00',
		tracking: 'RM123456785GB',
	},
	{ id: S.cancelled, externalRef: 'SHOP-1005', status: 128, items: 2, allCancelled: true },
	{ id: S.onHold, externalRef: 'SHOP-1006', status: 256, items: 1 },
	{ id: S.sentToSupplier, externalRef: 'SHOP-1007', status: 512, items: 2 },
	{ id: S.pendingDispatch, externalRef: 'SHOP-1008', status: 517, items: 3 },
	{ id: S.qcQuery, externalRef: 'SHOP-1009', status: 32, items: 1 },
	{ id: S.docExample, externalRef: 'SHOP-1010', status: 513, items: 2 },
	{ id: S.spaceRef, externalRef: 'ORDER 2002', status: 513, items: 3 },
	{ id: S.slashRef, externalRef: 'AB/123/C', status: 513, items: 2 },
	{ id: S.hashRef, externalRef: '#5003', status: 513, items: 1 },
	{ id: S.percentRef, externalRef: '100%-cotton', status: 513, items: 4 },
	{ id: S.plusRef, externalRef: 'GIFT+WRAP 12', status: 513, items: 2 },
	{ id: S.underscoreRef, externalRef: 'shop_ref-7_x', status: 513, items: 3 },
	{ id: S.unicodeRef, externalRef: 'Bestellung-Größe-ü', status: 513, items: 2 },
	{ id: S.cjkRef, externalRef: '注文-7', status: 4, items: 1 },
	{ id: S.splitA, externalRef: 'SPLIT-3001', status: 513, items: 2 },
	{ id: S.splitB, externalRef: 'SPLIT-3001', status: 4, items: 1 },
	{ id: S.unknownStatus, externalRef: 'LEGACY-0', status: 0, items: 1 },
	{ id: S.unused, externalRef: 'LEGACY-2', status: 2, items: 1 },
	{
		id: S.retailerNotified,
		externalRef: 'SHOP-1011',
		status: 64,
		items: 2,
		completion: '2025-03-02 10:00:00',
		tracking: '1Z999AA10123456784',
	},
	{ id: S.sentToShipper, externalRef: 'SHOP-1012', status: 515, items: 1 },
	{
		id: S.receivedByShipper,
		externalRef: 'SHOP-1013',
		status: 516,
		items: 3,
		completion: '2025-03-03 11:30:00',
	},
	{ id: S.consolidated, externalRef: 'SHOP-1014', status: 520, items: 2 },
	{ id: S.consolidating, externalRef: 'SHOP-1015', status: 600, items: 4 },
	{
		id: S.sameSecondA,
		externalRef: 'SHOP-1016',
		status: 8,
		items: 2,
		completion: '2025-03-04 14:00:00',
		tracking: 'JD014600003SE',
	},
	{
		id: S.sameSecondB,
		externalRef: 'SHOP-1017',
		status: 8,
		items: 1,
		completion: '2025-03-04 14:00:00',
		tracking: 'JD014600004SE',
	},
	{
		id: S.dispatchedLater,
		externalRef: 'SHOP-1018',
		status: 8,
		items: 3,
		completion: '2025-03-05 08:45:30',
		tracking: 'RM987654321GB',
	},
	{
		id: S.receivedByShipperLater,
		externalRef: 'SHOP-1019',
		status: 516,
		items: 1,
		completion: '2025-03-06 16:20:10',
	},
	{
		id: S.dispatchedEarliest,
		externalRef: 'SHOP-1000',
		status: 8,
		items: 2,
		completion: '2025-02-28 23:59:59',
		tracking: 'RM000000001GB',
	},
	{ id: S.receivedMixedRef, externalRef: 'Rush #77 / 50% off', status: 1, items: 1 },
];

/** A fresh copy of the deterministic seed orders. */
export function buildSeedOrders(): EmulatorOrder[] {
	let nextItemId = FIRST_SEED_ITEM_ID;
	const created0 = Date.UTC(2025, 1, 20, 8, 0, 0);
	return SEED_ROWS.map((row, index) => {
		const items: EmulatorOrderItem[] = [];
		for (let k = 0; k < row.items; k++) {
			const quantity = ((index * 7 + k * 3) % 5) + 1;
			const item = makeItem(nextItemId++, ITEM_REFS[k % ITEM_REFS.length], index + k, quantity);
			if (row.allCancelled) item.cancelled_quantity = item.quantity;
			items.push(item);
		}
		const [carrier, method] = CARRIERS[index % CARRIERS.length];
		const company = COMPANIES[index % COMPANIES.length];
		return {
			id: row.id,
			ref: `KX-${row.id}`,
			external_ref: row.externalRef,
			status: row.status,
			shipping_carrier: row.carrier ?? carrier,
			shipping_method: row.method ?? method,
			shipping_tracking: row.tracking ?? '',
			required_dispatch_date:
				index % 3 === 2
					? null
					: formatDateTime(new Date(created0 + (index + 14) * 86_400_000)).slice(0, 10) +
						' 17:00:00',
			completion_datetime: row.completion ?? null,
			created_at: formatDateTime(new Date(created0 + index * 3_600_000 + index * 61_000)),
			company: { ...company },
			items,
			cancellations: [],
		};
	});
}

/** Statuses whose orders carry a completion datetime in generated data. */
export const COMPLETED_STATUSES: readonly number[] = [8, 64, 516];

/**
 * Generate `count` orders with `itemsPerOrder` items each, ids from `firstId`, item ids from
 * `firstItemId`. Completed ones get completion datetimes one second apart from 2024-06-01.
 */
export function buildBulkOrders(
	count: number,
	itemsPerOrder: number,
	status: number,
	firstId: number,
	firstItemId: number,
): EmulatorOrder[] {
	const orders: EmulatorOrder[] = new Array<EmulatorOrder>(count);
	const base = Date.UTC(2024, 5, 1, 0, 0, 0);
	const completed = COMPLETED_STATUSES.includes(status);
	let itemId = firstItemId;
	for (let i = 0; i < count; i++) {
		const id = firstId + i;
		const items: EmulatorOrderItem[] = new Array<EmulatorOrderItem>(itemsPerOrder);
		for (let k = 0; k < itemsPerOrder; k++) {
			items[k] = makeItem(itemId++, `BULK-${id}-${k + 1}`, i + k, ((i + k) % 5) + 1);
		}
		const [carrier, method] = CARRIERS[i % CARRIERS.length];
		orders[i] = {
			id,
			ref: `KX-${id}`,
			external_ref: `BULK-${id}`,
			status,
			shipping_carrier: carrier,
			shipping_method: method,
			shipping_tracking: completed ? `TRK${id}` : '',
			required_dispatch_date: null,
			completion_datetime: completed ? formatDateTime(new Date(base + i * 1000)) : null,
			created_at: formatDateTime(new Date(base - 86_400_000 + i * 1000)),
			company: { ...COMPANIES[i % COMPANIES.length] },
			items,
			cancellations: [],
		};
	}
	return orders;
}

export { makeItem };
