import { timingSafeEqual } from 'node:crypto';
import { z } from 'zod/v4';

import { CANCELLABLE_STATUSES, DEV_API_KEY, SCOPE, nowDateTime, statusName } from './constants';
import type { RequestContext, Reply } from './http';
import {
	AUTH_REQUIRED,
	authenticateBearer,
	decodeSegments,
	describeZodError,
	headerValue,
	json,
	requireJsonBody,
	restError,
} from './http';
import { createShipment, settleShippedOrder, shippedQuantity } from './shipments';
import { handleStock } from './stock';
import type { EmulatorCancellationItem, EmulatorOrder, EmulatorOrderItem } from './types';

const ORDER_NOT_FOUND = 'Order not found';
const AMBIGUOUS_REF = 'External ref matches more than one order; use the combined form';
const DIGITS = /^\d+$/;

export type Lookup = { ok: true; order: EmulatorOrder } | { ok: false; reply: Reply };

export function notFound(): Lookup {
	return { ok: false, reply: restError(404, ORDER_NOT_FOUND) };
}

export function byId(ctx: RequestContext, segment: string | null): Lookup {
	if (segment === null || !DIGITS.test(segment)) return notFound();
	const order = ctx.state.orders.get(Number(segment));
	return order ? { ok: true, order } : notFound();
}

export function byExternalRef(ctx: RequestContext, ref: string): Lookup {
	const matches = ctx.state.findByExternalRef(ref);
	if (matches.length === 0) return notFound();
	if (matches.length > 1) return { ok: false, reply: restError(409, AMBIGUOUS_REF) };
	return { ok: true, order: matches[0] };
}

/** `{REF}{sep}{ID}` split on the last separator; the order must exist with that id AND ref. */
export function byCombined(
	ctx: RequestContext,
	segment: string,
	separator: '_' | '-',
): EmulatorOrder | undefined {
	const at = segment.lastIndexOf(separator);
	if (at <= 0) return undefined;
	const idText = segment.slice(at + 1);
	if (!DIGITS.test(idText)) return undefined;
	const order = ctx.state.orders.get(Number(idText));
	return order && order.external_ref === segment.slice(0, at) ? order : undefined;
}

// ---- v2.3 ---------------------------------------------------------------------------------------

type ItemAction = 'cancellation' | 'shipment';

export type V23Route =
	| { action: 'status'; form: 'id' | 'ref'; key: string | null }
	| { action: ItemAction; form: 'id' | 'ref' | 'combined'; key: string | null };

const isItemAction = (segment: string | null): segment is ItemAction =>
	segment === 'cancellation' || segment === 'shipment';

function routeV23(subPath: string): V23Route | undefined {
	const s = decodeSegments(subPath);
	if (s[0] !== 'order') return undefined;
	if (s.length === 3 && (s[2] === 'status' || isItemAction(s[2]))) {
		return { action: s[2], form: 'id', key: s[1] };
	}
	if (s.length === 4 && s[1] === 'by-external-ref' && (s[3] === 'status' || isItemAction(s[3]))) {
		return { action: s[3], form: 'ref', key: s[2] };
	}
	if (s.length === 4 && s[1] === 'by-combined' && isItemAction(s[3])) {
		return { action: s[3], form: 'combined', key: s[2] };
	}
	return undefined;
}

const StatusBody = z.object({ status: z.int() });

const CancellationBody = z.object({
	items: z.array(z.unknown()).min(1),
	reference: z.string().nullable().optional(),
});

const ItemById = z.strictObject({ id: z.int(), quantity: z.int() });
const ItemByRef = z.strictObject({ external_ref: z.string(), quantity: z.int() });
const ItemByCombined = z.strictObject({ combined: z.string(), quantity: z.int() });

export function handleRestV23(ctx: RequestContext): Reply {
	const route = routeV23(ctx.subPath);
	if (!route) return restError(404, 'Not found');
	const method = route.action === 'status' ? 'PUT' : 'POST';
	if (ctx.method !== method)
		return { ...restError(405, 'Method not allowed'), headers: { Allow: method } };

	const scope = {
		status: SCOPE.statusUpdate,
		cancellation: SCOPE.cancellationCreate,
		shipment: SCOPE.shipmentCreate,
	}[route.action];
	const auth = authenticateBearer(ctx, scope);
	if (!auth.ok) return auth.reply;

	const body = requireJsonBody(ctx);
	if (!body.ok) return body.reply;

	if (route.action === 'shipment') return createShipment(ctx, route, body.value);
	return route.action === 'status'
		? updateStatus(ctx, route, body.value)
		: createCancellation(ctx, route, body.value);
}

function updateStatus(ctx: RequestContext, route: V23Route, body: unknown): Reply {
	const parsed = StatusBody.safeParse(body);
	if (!parsed.success)
		return restError(400, `Invalid request body: ${describeZodError(parsed.error)}`);

	let lookup: Lookup;
	if (route.form === 'id') lookup = byId(ctx, route.key);
	else if (route.key === null) lookup = notFound();
	else {
		// `{REF}_{ID}` when such an order exists, else the whole segment is a ref.
		const combined = byCombined(ctx, route.key, '_');
		lookup = combined ? { ok: true, order: combined } : byExternalRef(ctx, route.key);
	}
	if (!lookup.ok) return lookup.reply;

	const order = lookup.order;
	const error = ctx.state.transition(order, parsed.data.status);
	if (error) return restError(400, error);
	return json(200, { id: order.id, status: order.status, status_name: statusName(order.status) });
}

/** The order an item cancellation or shipment path names (`{ID}`, `by-external-ref/{REF}`, `by-combined/{REF}-{ID}`). */
export function lookupItemsOrder(ctx: RequestContext, route: V23Route): Lookup {
	if (route.key === null) return notFound();
	if (route.form === 'id') return byId(ctx, route.key);
	if (route.form === 'ref') return byExternalRef(ctx, route.key);
	const order = byCombined(ctx, route.key, '-');
	return order ? { ok: true, order } : notFound();
}

function createCancellation(ctx: RequestContext, route: V23Route, body: unknown): Reply {
	const parsed = CancellationBody.safeParse(body);
	if (!parsed.success)
		return restError(400, `Invalid request body: ${describeZodError(parsed.error)}`);

	const lookup = lookupItemsOrder(ctx, route);
	if (!lookup.ok) return lookup.reply;
	const order = lookup.order;

	if (!CANCELLABLE_STATUSES.includes(order.status)) return restError(400, 'Invalid order status');

	const plan = planItemLines(ctx, order, route.form, parsed.data.items);
	if (!plan.ok) return plan.reply;
	const planned = plan.planned;

	const lines: EmulatorCancellationItem[] = planned.map(({ item, quantity }) => {
		item.cancelled_quantity += quantity;
		return { id: item.id, order_id: order.id, quantity };
	});
	const cancellation = {
		id: ctx.state.nextCancellationId++,
		reference: parsed.data.reference ?? null,
		created_at: nowDateTime(),
		items: lines,
	};
	order.cancellations.push(cancellation);
	if (order.items.every((item) => item.cancelled_quantity >= item.quantity)) order.status = 128;
	else settleShippedOrder(ctx.state, order);
	return json(200, [{ id: cancellation.id, items: lines }]);
}

/**
 * Checks every line of a cancellation or shipment before anything changes (all or nothing): each
 * names an item of the order in the path form's key, for no more than is left (ordered − cancelled
 * − shipped). A refused line is `Invalid item specified, index N`.
 */
export function planItemLines(
	ctx: RequestContext,
	order: EmulatorOrder,
	form: 'id' | 'ref' | 'combined',
	lines: unknown[],
):
	| { ok: true; planned: Array<{ item: EmulatorOrderItem; quantity: number }> }
	| { ok: false; reply: Reply } {
	const planned: Array<{ item: EmulatorOrderItem; quantity: number }> = [];
	const requestedPerItem = new Map<number, number>();
	for (const [index, raw] of lines.entries()) {
		const found = findItem(order, form, raw);
		if (!found)
			return { ok: false, reply: restError(400, `Invalid item specified, index ${index}`) };
		const { item, quantity: wanted } = found;
		const already = requestedPerItem.get(item.id) ?? 0;
		const remaining =
			item.quantity -
			item.cancelled_quantity -
			shippedQuantity(ctx.state, order, item.id) -
			already;
		if (wanted <= 0 || wanted > remaining)
			return { ok: false, reply: restError(400, `Invalid item specified, index ${index}`) };
		requestedPerItem.set(item.id, already + wanted);
		planned.push({ item, quantity: wanted });
	}
	return { ok: true, planned };
}

/** The order item a cancellation line names, in the key of the path's form; undefined if none. */
export function findItem(
	order: EmulatorOrder,
	form: 'id' | 'ref' | 'combined',
	raw: unknown,
): { item: EmulatorOrderItem; quantity: number } | undefined {
	let item: EmulatorOrderItem | undefined;
	let quantity = 0;
	if (form === 'id') {
		const r = ItemById.safeParse(raw);
		if (!r.success) return undefined;
		item = order.items.find((i) => i.id === r.data.id);
		quantity = r.data.quantity;
	} else if (form === 'ref') {
		const r = ItemByRef.safeParse(raw);
		if (!r.success) return undefined;
		item = order.items.find((i) => i.external_ref === r.data.external_ref);
		quantity = r.data.quantity;
	} else {
		// `<item ref>-<item id>`, split on the last hyphen (refs may contain hyphens).
		const r = ItemByCombined.safeParse(raw);
		if (!r.success) return undefined;
		const at = r.data.combined.lastIndexOf('-');
		const idText = r.data.combined.slice(at + 1);
		if (at <= 0 || !DIGITS.test(idText)) return undefined;
		const ref = r.data.combined.slice(0, at);
		item = order.items.find((i) => i.id === Number(idText) && i.external_ref === ref);
		quantity = r.data.quantity;
	}
	return item ? { item, quantity } : undefined;
}

// ---- v2.2 ---------------------------------------------------------------------------------------

const V22Body = z.object({
	status: z.union([z.literal(8), z.literal(128)]),
	shipping_tracking: z.string().optional(),
});

function safeEqual(a: string, b: string): boolean {
	const left = Buffer.from(a);
	const right = Buffer.from(b);
	return left.length === right.length && timingSafeEqual(left, right);
}

/** `Authorization: basic REF:KEY` (vendor form) or `basic base64(REF:KEY)`; scheme case-insensitive. */
export function authenticateApiKey(ctx: RequestContext): boolean {
	const header = headerValue(ctx.headers, 'authorization') ?? '';
	const match = /^basic\s+(.+?)\s*$/i.exec(header);
	if (!match) {
		ctx.entry.auth = { scheme: /^bearer\s/i.test(header) ? 'bearer' : null };
		return false;
	}
	let credentials = match[1];
	if (!credentials.includes(':')) credentials = Buffer.from(credentials, 'base64').toString('utf8');
	const colon = credentials.indexOf(':');
	if (colon < 0) {
		ctx.entry.auth = { scheme: 'basic' };
		return false;
	}
	const refId = credentials.slice(0, colon);
	ctx.entry.auth = { scheme: 'basic', clientId: refId };
	return (
		refId === DEV_API_KEY.companyRefId &&
		safeEqual(credentials.slice(colon + 1), DEV_API_KEY.apiKey)
	);
}

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

export function rateLimited(ctx: RequestContext): Reply | undefined {
	const now = Date.now();
	const state = ctx.state;
	while (state.v22Hits.length > 0 && state.v22Hits[0] <= now - DAY_MS) state.v22Hits.shift();
	let lastHour = 0;
	for (let i = state.v22Hits.length - 1; i >= 0 && state.v22Hits[i] > now - HOUR_MS; i--)
		lastHour++;
	const { v22RateLimitPerHour: perHour, v22RateLimitPerDay: perDay } = state.config;
	if (lastHour >= perHour)
		return restError(400, `Rate limit exceeded: ${perHour} requests per hour`);
	if (state.v22Hits.length >= perDay)
		return restError(400, `Rate limit exceeded: ${perDay} requests per day`);
	state.v22Hits.push(now);
	return undefined;
}

export function handleRestV22(ctx: RequestContext): Reply {
	const s = decodeSegments(ctx.subPath);
	if (s[0] === 'stock') return handleStock(ctx, s);
	if (s.length !== 3 || s[0] !== 'order' || s[2] !== 'status') return restError(404, 'Not found');
	if (ctx.method !== 'PUT')
		return { ...restError(405, 'Method not allowed'), headers: { Allow: 'PUT' } };
	if (!authenticateApiKey(ctx)) return restError(401, AUTH_REQUIRED);

	const limited = rateLimited(ctx);
	if (limited) return limited;

	const body = requireJsonBody(ctx);
	if (!body.ok) return body.reply;
	const parsed = V22Body.safeParse(body.value);
	if (!parsed.success)
		return restError(400, `Invalid request body: ${describeZodError(parsed.error)}`);

	const lookup = byId(ctx, s[1]);
	if (!lookup.ok) return lookup.reply;
	const order = lookup.order;
	const error = ctx.state.transition(order, parsed.data.status);
	if (error) return restError(400, error);
	if (parsed.data.shipping_tracking !== undefined)
		order.shipping_tracking = parsed.data.shipping_tracking;
	return json(200, { id: order.id, status: order.status, status_name: statusName(order.status) });
}
