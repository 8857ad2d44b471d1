/**
 * Order item shipments v2.3 (kornitx-api.md §12): `POST /order/{ID}/shipment`,
 * `/order/by-external-ref/{REF}/shipment`, `/order/by-combined/{REF}-{ID}/shipment`. Validated like
 * cancellations (same error shapes, strict item keys per path form, all or nothing); each shipment
 * adds to the shipped quantity of its items, and an order whose every item is shipped or
 * cancelled becomes Dispatched (8).
 */
import { z } from 'zod/v4';

import { nowDateTime, SHIPPABLE_STATUSES } from './constants';
import type { RequestContext, Reply } from './http';
import { describeZodError, json, restError } from './http';
import { lookupItemsOrder, planItemLines, type V23Route } from './rest';
import type { EmulatorState } from './state';
import type { EmulatorOrder, EmulatorShipment } from './types';

const ShipmentBody = z.object({
	status: z.int(),
	carrier: z.string().nullable().optional(),
	tracking: z.string().nullable().optional(),
	tracking_url: z.string().nullable().optional(),
	items: z.array(z.unknown()).min(1),
});

/** Units of an item shipped so far, over all of the order's shipments. */
export function shippedQuantity(
	state: EmulatorState,
	order: EmulatorOrder,
	itemId: number,
): number {
	let shipped = 0;
	for (const shipment of state.shipments.get(order.id) ?? []) {
		for (const line of shipment.items) if (line.id === itemId) shipped += line.quantity;
	}
	return shipped;
}

/** Moves an order whose every unit is shipped or cancelled (some shipped) to Dispatched. */
export function settleShippedOrder(state: EmulatorState, order: EmulatorOrder): void {
	const shipped = order.items.map((item) => shippedQuantity(state, order, item.id));
	const done = order.items.every(
		(item, k) => item.cancelled_quantity + shipped[k] >= item.quantity,
	);
	if (!done || !shipped.some((quantity) => quantity > 0) || order.status === 8) return;
	order.status = 8;
	order.completion_datetime = nowDateTime();
}

export function createShipment(ctx: RequestContext, route: V23Route, body: unknown): Reply {
	const parsed = ShipmentBody.safeParse(body);
	if (!parsed.success)
		return restError(400, `Invalid request body: ${describeZodError(parsed.error)}`);
	if (route.action !== 'shipment') return restError(404, 'Not found');

	const lookup = lookupItemsOrder(ctx, route);
	if (!lookup.ok) return lookup.reply;
	const order = lookup.order;
	if (!SHIPPABLE_STATUSES.includes(order.status)) return restError(400, 'Invalid order status');

	const plan = planItemLines(ctx, order, route.form, parsed.data.items);
	if (!plan.ok) return plan.reply;
	const planned = plan.planned;

	const shipment: EmulatorShipment = {
		id: ctx.state.nextShipmentId++,
		status: parsed.data.status,
		carrier: parsed.data.carrier ?? null,
		tracking: parsed.data.tracking ?? null,
		tracking_url: parsed.data.tracking_url ?? null,
		created_at: nowDateTime(),
		items: planned.map(({ item, quantity }) => ({ id: item.id, order_id: order.id, quantity })),
	};
	ctx.state.shipments.set(order.id, [...(ctx.state.shipments.get(order.id) ?? []), shipment]);
	settleShippedOrder(ctx.state, order);
	return json(200, [{ id: shipment.id, items: shipment.items }]);
}
