import { isValidDateTime, SCOPE, statusName, ZERO_DATETIME } from './constants';
import type { RequestContext, Reply } from './http';
import { authenticateBearer, restError } from './http';
import type { EmulatorOrder } from './types';

const FILTER_STATUS = 'filter[status:in]';
const FILTER_COMPLETED = 'filter[completion_datetime:gt]';
const KNOWN_FILTERS = new Set([FILTER_STATUS, FILTER_COMPLETED]);
const OPTION_NAMES = [
	'includeProductOwner',
	'includeProductPrice',
	'includeProductEcommerceInfo',
	'includeAttributes',
] as const;
type OptionName = (typeof OPTION_NAMES)[number];

export interface ExportQuery {
	statuses?: Set<number>;
	completedAfter?: string;
	options: Record<OptionName, boolean>;
}

type ParsedQuery = { ok: true; value: ExportQuery } | { ok: false; message: string };

function single(value: string | string[]): string {
	return Array.isArray(value) ? value[value.length - 1] : value;
}

export function parseExportQuery(query: Record<string, string | string[]>): ParsedQuery {
	const options = Object.fromEntries(OPTION_NAMES.map((name) => [name, false])) as Record<
		OptionName,
		boolean
	>;
	const result: ExportQuery = { options };
	for (const [key, rawValue] of Object.entries(query)) {
		const value = single(rawValue).trim();
		if (key.startsWith('filter[')) {
			if (!KNOWN_FILTERS.has(key)) return { ok: false, message: `Unknown filter: ${key}` };
			if (key === FILTER_STATUS) {
				const parts = value.split(',').map((p) => p.trim());
				if (value === '' || parts.some((p) => !/^\d+$/.test(p))) {
					return {
						ok: false,
						message: `Invalid ${FILTER_STATUS}: expected comma-separated status codes, e.g. 8,516`,
					};
				}
				result.statuses = new Set(parts.map(Number));
			} else {
				if (!isValidDateTime(value)) {
					return {
						ok: false,
						message: `Invalid ${FILTER_COMPLETED}: expected YYYY-MM-DD HH:MM:SS`,
					};
				}
				result.completedAfter = value;
			}
		} else if (key.startsWith('options[')) {
			const name = key.slice('options['.length, -1) as OptionName;
			if (!key.endsWith(']') || !OPTION_NAMES.includes(name))
				return { ok: false, message: `Unknown option: ${key}` };
			if (value === '1' || value === 'true') options[name] = true;
			else if (value === '0' || value === 'false' || value === '') options[name] = false;
			else return { ok: false, message: `Invalid ${key}: expected 1 or 0` };
		}
	}
	return { ok: true, value: result };
}

/** Orders matching the filters, ordered by completion_datetime then id. */
export function selectOrders(orders: Iterable<EmulatorOrder>, q: ExportQuery): EmulatorOrder[] {
	const selected: EmulatorOrder[] = [];
	for (const order of orders) {
		if (q.statuses && !q.statuses.has(order.status)) continue;
		if (
			q.completedAfter !== undefined &&
			(order.completion_datetime ?? ZERO_DATETIME) <= q.completedAfter
		)
			continue;
		selected.push(order);
	}
	return selected.sort((a, b) => {
		const ca = a.completion_datetime ?? ZERO_DATETIME;
		const cb = b.completion_datetime ?? ZERO_DATETIME;
		return ca < cb ? -1 : ca > cb ? 1 : a.id - b.id;
	});
}

/** Flat rows, one per order item: order columns, then item columns, option columns when on. */
export function exportRows(
	orders: Iterable<EmulatorOrder>,
	q: ExportQuery,
): Array<Record<string, unknown>> {
	const {
		includeProductOwner,
		includeProductPrice,
		includeProductEcommerceInfo,
		includeAttributes,
	} = q.options;
	const rows: Array<Record<string, unknown>> = [];
	for (const order of selectOrders(orders, q)) {
		const name = statusName(order.status);
		const requiredDispatch = order.required_dispatch_date ?? ZERO_DATETIME;
		const completion = order.completion_datetime ?? ZERO_DATETIME;
		for (const item of order.items) {
			const row: Record<string, unknown> = {
				id: order.id,
				ref: order.ref,
				external_ref: order.external_ref,
				status: order.status,
				status_name: name,
				shipping_carrier: order.shipping_carrier,
				shipping_method: order.shipping_method,
				shipping_tracking: order.shipping_tracking,
				required_dispatch_date: requiredDispatch,
				completion_datetime: completion,
				created_at: order.created_at,
				company__id: order.company.id,
				company__company_name: order.company.company_name,
				items__id: item.id,
				items__external_ref: item.external_ref,
				items__sku: item.sku,
				items__description: item.description,
				items__quantity: item.quantity,
				items__cancelled_quantity: item.cancelled_quantity,
			};
			if (includeProductOwner)
				row.items__product_owner__company_name = item.product_owner.company_name;
			if (includeProductPrice) {
				row.items__product_price__price = item.product_price.price;
				row.items__product_price__currency = item.product_price.currency;
			}
			if (includeProductEcommerceInfo) {
				row.items__ecommerce__product_name = item.ecommerce.product_name;
				row.items__ecommerce__url = item.ecommerce.url;
			}
			if (includeAttributes) {
				for (const attr in item.attributes)
					row['items__attributes__' + attr] = item.attributes[attr];
			}
			rows.push(row);
		}
	}
	return rows;
}

/** `GET /export-api/order-item-details`. */
export function handleExport(ctx: RequestContext): Reply {
	if (ctx.subPath !== '' && ctx.subPath !== '/') return restError(404, 'Not found');
	if (ctx.method !== 'GET')
		return { ...restError(405, 'Method not allowed'), headers: { Allow: 'GET' } };
	const auth = authenticateBearer(ctx, SCOPE.export);
	if (!auth.ok) return auth.reply;
	const parsed = parseExportQuery(ctx.query);
	if (!parsed.ok) return restError(400, parsed.message);
	const rows = exportRows(ctx.state.orders.values(), parsed.value);
	return {
		status: 200,
		raw: JSON.stringify(ctx.state.config.exportShape === 'array' ? rows : { data: rows }),
	};
}
