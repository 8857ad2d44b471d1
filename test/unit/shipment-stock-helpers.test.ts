import { readBatchSize } from '../../nodes/Kornitx/actions/common';
import { describeRefusedItem, unwrapReply } from '../../nodes/Kornitx/actions/itemLines';
import { joinUrl, orderItemsPath, shipmentPath } from '../../nodes/Kornitx/helpers/paths';

describe('shipment paths', () => {
	const order = { orderId: 46140199, externalRef: 'SHOP/1 #2' };

	it('builds the three forms like cancellations, every segment percent-encoded', () => {
		expect(joinUrl('http://h/kx/', ...shipmentPath('id', order))).toBe(
			'http://h/kx/order/46140199/shipment',
		);
		expect(joinUrl('http://h/kx', ...shipmentPath('externalRef', order))).toBe(
			'http://h/kx/order/by-external-ref/SHOP%2F1%20%232/shipment',
		);
		expect(joinUrl('http://h', ...shipmentPath('combined', order))).toBe(
			'http://h/order/by-combined/SHOP%2F1%20%232-46140199/shipment',
		);
		expect(orderItemsPath('cancellation', 'combined', order)).toEqual([
			'order',
			'by-combined',
			'SHOP/1 #2-46140199',
			'cancellation',
		]);
	});
});

describe('item line helpers', () => {
	it('turns a zero-based refused index into the entry of Items, with the line as sent', () => {
		const items = [
			{ id: 1, quantity: 1 },
			{ external_ref: 'L-2', quantity: 3 },
		];
		expect(
			describeRefusedItem('Invalid item specified, index 1', items, 'externalRef', 'or too many.'),
		).toBe(
			'KornitX refused entry 2 of Items ({"external_ref":"L-2","quantity":3}): the item is not on this order under "Identify Order By" = externalRef, or too many.',
		);
		expect(describeRefusedItem('Invalid order status', items, 'id', '')).toBeUndefined();
	});

	it('unwraps a one-object reply and keeps several under a key', () => {
		expect(unwrapReply([{ id: 1 }], 'shipments')).toEqual({ id: 1 });
		expect(unwrapReply([{ id: 1 }, { id: 2 }], 'shipments')).toEqual({
			shipments: [{ id: 1 }, { id: 2 }],
		});
	});
});

// The batching loop itself (order, one request in flight, stop on error) is tested in batches.test.ts.
describe('batch size option', () => {
	it('reads the batch size as a whole number, falling back to the default when unusable', () => {
		expect([
			readBatchSize(undefined, 100),
			readBatchSize(2.7, 100),
			readBatchSize('abc', 100),
			readBatchSize(0, 100),
		]).toEqual([100, 2, 100, 100]);
	});
});
