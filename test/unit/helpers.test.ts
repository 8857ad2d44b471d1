import { toKornitxUtc } from '../../nodes/Kornitx/helpers/dates';
import { cancellationPath, joinUrl, orderStatusPath } from '../../nodes/Kornitx/helpers/paths';
import { groupRowsIntoOrders, nestKeys } from '../../nodes/Kornitx/helpers/rows';
import {
	describeTransitionRefusal,
	statusOptions,
	transitionTable,
	V23_STATUS_CODES,
} from '../../nodes/Kornitx/helpers/statuses';
import { exportUrl } from '../../nodes/Kornitx/shared/export';
import { isMutation } from '../../nodes/Kornitx/transport/graphql';

describe('paths', () => {
	it('appends to a base that carries a path instead of replacing it', () => {
		expect(joinUrl('http://127.0.0.1:8080/kx/', 'order', 5, 'status')).toBe(
			'http://127.0.0.1:8080/kx/order/5/status',
		);
	});

	it('percent-encodes every segment of awkward external refs', () => {
		const url = joinUrl(
			'https://h',
			...orderStatusPath('externalRef', { externalRef: 'AB/12 #3%ü' }),
		);
		expect(url).toBe('https://h/order/by-external-ref/AB%2F12%20%233%25%C3%BC/status');
	});

	it('joins ref and ID with "_" for status and "-" with by-combined for cancellations', () => {
		const order = { orderId: 46140199, externalRef: 'SHOP-1' };
		expect(orderStatusPath('combined', order)).toEqual([
			'order',
			'by-external-ref',
			'SHOP-1_46140199',
			'status',
		]);
		expect(cancellationPath('combined', order)).toEqual([
			'order',
			'by-combined',
			'SHOP-1-46140199',
			'cancellation',
		]);
		expect(cancellationPath('id', order)).toEqual(['order', 46140199, 'cancellation']);
	});
});

describe('statuses', () => {
	it('names options "Name (code)" in alphabetical order', () => {
		const names = statusOptions(V23_STATUS_CODES).map((option) => option.name);
		expect(names).toContain('Dispatched (8)');
		expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
	});

	it('explains a refused move in one sentence: the statuses that can reach the target', () => {
		expect(describeTransitionRefusal(8)).toBe(
			"Dispatched (8) can be reached only from In Production (4), Received by Supplier (513) or Pending Dispatch (517): check the order's current status.",
		);
		expect(describeTransitionRefusal(1)).toBe(
			"Received (1) can be reached only from On Hold (256): check the order's current status.",
		);
		expect(describeTransitionRefusal(32)).toContain(
			'only from Sent to Supplier (512) or Received by Supplier (513)',
		);
	});

	it('says when no status can reach the target', () => {
		expect(describeTransitionRefusal(600)).toBe(
			'KornitX allows no move to Consolidating (600) through this API.',
		);
	});

	it('lists every allowed move for the Status field description', () => {
		const table = transitionTable();
		expect(table).toContain('In Production → Dispatched, Cancelled');
		expect(table).toContain(
			'Received by Supplier → In Production, Pending Dispatch, Dispatched, QC Query, Cancelled',
		);
		expect(table).not.toContain('Dispatched →'); // terminal statuses are left out
	});
});

describe('row grouping', () => {
	const rows = [
		{
			id: 1,
			ref: 'A',
			company__company_name: 'Acme',
			items__id: 11,
			items__sku: 'S1',
			items__product_price__price: 5,
		},
		{ id: 2, ref: 'B', company__company_name: 'Acme', items__id: 21, items__sku: 'S2' },
		{ id: 1, ref: 'A', company__company_name: 'Acme', items__id: 12, items__sku: 'S3' },
	];

	it('gathers item columns into an items array per order, in first-seen order', () => {
		const orders = groupRowsIntoOrders(rows);
		expect(orders.map((order) => order.id)).toEqual([1, 2]);
		expect(orders[0]).toEqual({
			id: 1,
			ref: 'A',
			company: { company_name: 'Acme' },
			items: [
				{ id: 11, sku: 'S1', product_price: { price: 5 } },
				{ id: 12, sku: 'S3' },
			],
		});
	});

	it('stops at the limit counting orders, not rows', () => {
		const orders = groupRowsIntoOrders(rows, 1);
		expect(orders).toHaveLength(1);
		expect(orders[0].items).toHaveLength(2);
	});

	it('keeps a key flat when it collides with a plain value', () => {
		expect(nestKeys({ a: 1, a__b: 2 })).toEqual({ a: 1, a__b: 2 });
	});

	// Its speed is measured by `npm run bench` (export of 50,000 rows), not asserted here.
	it('groups 50,000 rows into 10,000 orders of 5 items', () => {
		const many = Array.from({ length: 50_000 }, (_, index) => ({
			id: Math.floor(index / 5),
			items__id: index,
			items__sku: 'X',
		}));
		const orders = groupRowsIntoOrders(many);
		expect(orders).toHaveLength(10_000);
		expect(orders.every((order) => (order.items as unknown[]).length === 5)).toBe(true);
	});
});

describe('dates', () => {
	it('reads a date without offset in the workflow timezone and sends UTC', () => {
		expect(toKornitxUtc('2026-06-01T14:30:00', 'Europe/London')).toBe('2026-06-01 13:30:00');
	});

	it('keeps the instant of a date with an offset', () => {
		expect(toKornitxUtc('2026-01-01T00:00:00+02:00', 'America/New_York')).toBe(
			'2025-12-31 22:00:00',
		);
	});

	it('returns undefined for empty and null for garbage', () => {
		expect(toKornitxUtc('', 'UTC')).toBeUndefined();
		expect(toKornitxUtc('yesterday-ish', 'UTC')).toBeNull();
	});
});

describe('export URL', () => {
	it('sends statuses comma-joined, the date with an encoded space, and include options', () => {
		const url = exportUrl('http://x/export', {
			statuses: [8, 516],
			completedAfter: '2020-03-06 12:00:00',
			include: { includeProductPrice: true, includeAttributes: false },
		});
		expect(url).toBe(
			'http://x/export?filter[status:in]=8,516&filter[completion_datetime:gt]=2020-03-06%2012:00:00&options[includeProductPrice]=1',
		);
	});
});

describe('GraphQL documents', () => {
	it('tells mutations from queries, ignoring comments and strings', () => {
		expect(isMutation('mutation { core { updateOrders(orders: []) { id } } }')).toBe(true);
		expect(isMutation('# a mutation here\nquery { orders { id } }')).toBe(false);
		expect(isMutation('query { orders(ref: "mutation x") { id } }')).toBe(false);
		expect(
			isMutation('  mutation Named($o: [OrderInput]) { core { updateOrders(orders: $o) { id } } }'),
		).toBe(true);
	});
});
