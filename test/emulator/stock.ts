/**
 * Stock API v2.2 (kornitx-api.md §13), API key like v2.2 status, rate limit included:
 * `PUT /stock/availability` (an array of `{sku | barcode, data: {quantity_available}}`) and
 * `GET /stock?dropship_ref=&changed_since=`. Unpublished, chosen here (README "Behaviour chosen"):
 * the PUT is all or nothing; an entry naming no known product is refused as
 * `{"error":{"message":"Invalid stock product specified, index N","code":0}}` (HTTP 400, the v2.3
 * cancellation wording, zero-based), and a success answers one `{id, supplier_sku, barcode,
 * quantity_available}` per entry.
 */
import { z } from 'zod/v4';

import { isValidDateTime, nowDateTime } from './constants';
import type { RequestContext, Reply } from './http';
import { AUTH_REQUIRED, describeZodError, json, requireJsonBody, restError } from './http';
import { authenticateApiKey, rateLimited } from './rest';
import type { EmulatorStockProduct } from './types';

const Entry = z.union([
	z.strictObject({
		sku: z.string().min(1),
		data: z.strictObject({ quantity_available: z.int().min(0) }),
	}),
	z.strictObject({
		barcode: z.string().min(1),
		data: z.strictObject({ quantity_available: z.int().min(0) }),
	}),
]);
const AvailabilityBody = z.array(z.unknown()).min(1);

function stockEntry(product: EmulatorStockProduct) {
	return {
		linked: [
			{
				product: {
					id: product.id,
					supplier_sku: product.supplier_sku,
					retail_sku: product.retail_sku,
				},
				variant: null,
			},
		],
		quantity_available: product.quantity_available,
		lead_time_days: product.lead_time_days,
		daily_capacity: product.daily_capacity,
	};
}

function firstValue(value: string | string[] | undefined): string | undefined {
	return Array.isArray(value) ? value[0] : value;
}

export function handleStock(ctx: RequestContext, segments: Array<string | null>): Reply {
	const availability = segments.length === 2 && segments[1] === 'availability';
	if (!(segments.length === 1 || availability)) return restError(404, 'Not found');
	const method = availability ? 'PUT' : 'GET';
	if (ctx.method !== method)
		return { ...restError(405, 'Method not allowed'), headers: { Allow: method } };
	if (!authenticateApiKey(ctx)) return restError(401, AUTH_REQUIRED);
	const limited = rateLimited(ctx);
	if (limited) return limited;
	return availability ? updateAvailability(ctx) : listStock(ctx);
}

function listStock(ctx: RequestContext): Reply {
	const dropshipRef = firstValue(ctx.query.dropship_ref);
	const changedSince = firstValue(ctx.query.changed_since);
	if (changedSince !== undefined && !isValidDateTime(changedSince)) {
		return restError(400, 'Invalid changed_since: expected YYYY-MM-DD HH:MM:SS');
	}
	const products = ctx.state.stock.filter(
		(product) =>
			(dropshipRef === undefined || product.dropship_ref === dropshipRef) &&
			(changedSince === undefined || product.changed_at > changedSince),
	);
	return json(200, { stock: products.map(stockEntry) });
}

function updateAvailability(ctx: RequestContext): Reply {
	const body = requireJsonBody(ctx);
	if (!body.ok) return body.reply;
	const parsed = AvailabilityBody.safeParse(body.value);
	if (!parsed.success)
		return restError(400, `Invalid request body: ${describeZodError(parsed.error)}`);

	// Validate every entry first: all or nothing.
	const planned: Array<{ product: EmulatorStockProduct; quantity: number }> = [];
	for (const [index, raw] of parsed.data.entries()) {
		const entry = Entry.safeParse(raw);
		if (!entry.success)
			return restError(400, `Invalid request body: ${index}: ${describeZodError(entry.error)}`);
		const product =
			'sku' in entry.data
				? ctx.state.stock.find(
						(candidate) => candidate.supplier_sku === (entry.data as { sku: string }).sku,
					)
				: ctx.state.stock.find(
						(candidate) => candidate.barcode === (entry.data as { barcode: string }).barcode,
					);
		if (!product) return restError(400, `Invalid stock product specified, index ${index}`);
		planned.push({ product, quantity: entry.data.data.quantity_available });
	}
	const changedAt = nowDateTime();
	return json(
		200,
		planned.map(({ product, quantity }) => {
			product.quantity_available = quantity;
			product.changed_at = changedAt;
			return {
				id: product.id,
				supplier_sku: product.supplier_sku,
				barcode: product.barcode,
				quantity_available: quantity,
			};
		}),
	);
}
