/**
 * URL building for KornitX. Bases may carry a path (http://host/kx): segments are appended as
 * strings, never resolved with `new URL(path, base)`, which would drop the base's path. Every
 * segment is percent-encoded, because external refs are free text (spaces, "/", "#", "%", …).
 */
export type IdentifyBy = 'id' | 'externalRef' | 'combined';

export interface OrderIdentity {
	orderId?: number;
	externalRef?: string;
}

export function joinUrl(base: string, ...segments: Array<string | number>): string {
	const trimmed = base.replace(/\/+$/, '');
	return [trimmed, ...segments.map((segment) => encodeURIComponent(String(segment)))].join('/');
}

/** Order Status v2.3: the combined form joins ref and ID with an underscore (docs/kornitx-api.md §2). */
export function orderStatusPath(
	identifyBy: IdentifyBy,
	order: OrderIdentity,
): Array<string | number> {
	switch (identifyBy) {
		case 'id':
			return ['order', order.orderId as number, 'status'];
		case 'externalRef':
			return ['order', 'by-external-ref', order.externalRef as string, 'status'];
		case 'combined':
			return ['order', 'by-external-ref', `${order.externalRef}_${order.orderId}`, 'status'];
	}
}

/** What is created against an order's items: a cancellation (§4) or a shipment (§12). */
export type ItemAction = 'cancellation' | 'shipment';

/**
 * Item cancellations and shipments v2.3: the combined form has its own prefix and a hyphen
 * (docs/kornitx-api.md §4; the shipment forms follow the cancellation ones, §12).
 */
export function orderItemsPath(
	action: ItemAction,
	identifyBy: IdentifyBy,
	order: OrderIdentity,
): Array<string | number> {
	switch (identifyBy) {
		case 'id':
			return ['order', order.orderId as number, action];
		case 'externalRef':
			return ['order', 'by-external-ref', order.externalRef as string, action];
		case 'combined':
			return ['order', 'by-combined', `${order.externalRef}-${order.orderId}`, action];
	}
}

export function cancellationPath(
	identifyBy: IdentifyBy,
	order: OrderIdentity,
): Array<string | number> {
	return orderItemsPath('cancellation', identifyBy, order);
}

export function shipmentPath(identifyBy: IdentifyBy, order: OrderIdentity): Array<string | number> {
	return orderItemsPath('shipment', identifyBy, order);
}
