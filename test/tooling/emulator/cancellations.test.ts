import { SEED_ORDER_IDS as IDS } from '../../emulator';
import { enc, useEmulator } from './client';

const env = useEmulator();
const { token, cancel, order } = env;

describe('v2.3 cancellations', () => {
	it('cancels by KornitX ids with incrementing cancellation ids', async () => {
		const tok = await token();
		const o = order(IDS.inProduction);
		const item = o.items[0];
		const before = item.quantity;
		const first = await cancel(String(o.id), tok, { items: [{ id: item.id, quantity: 1 }] });
		expect(first.status).toBe(200);
		expect(first.json).toEqual([
			{ id: 900001, items: [{ id: item.id, order_id: o.id, quantity: 1 }] },
		]);
		expect(item.cancelled_quantity).toBe(1);
		expect(item.quantity).toBe(before);
		const second = await cancel(String(o.id), tok, { items: [{ id: o.items[1].id, quantity: 1 }] });
		expect(second.json[0].id).toBe(900002);
	});

	it('cancels by external refs and by the combined form with a reference', async () => {
		const tok = await token();
		const spaced = order(IDS.spaceRef);
		const slashItem = spaced.items.find((i) => i.external_ref === 'sku/2');
		expect(slashItem).toBeDefined();
		const byRef = await cancel(`by-external-ref/${enc('ORDER 2002')}`, tok, {
			items: [{ external_ref: 'sku/2', quantity: 1 }],
		});
		expect(byRef.status).toBe(200);
		expect(slashItem?.cancelled_quantity).toBe(1);

		const pct = order(IDS.percentRef);
		const lineItem = pct.items.find((i) => i.external_ref === 'line-3');
		if (!lineItem) throw new Error('seed lacks line-3');
		const byCombined = await cancel(`by-combined/${enc(`100%-cotton-${pct.id}`)}`, tok, {
			reference: 'ABC1234',
			items: [{ combined: `line-3-${lineItem.id}`, quantity: lineItem.quantity }],
		});
		expect(byCombined.status).toBe(200);
		expect(byCombined.json[0].items).toEqual([
			{ id: lineItem.id, order_id: pct.id, quantity: lineItem.quantity },
		]);
		expect(pct.cancellations[0]).toMatchObject({ reference: 'ABC1234' });
		expect(pct.status).toBe(513);

		const ambiguous = await cancel(`by-external-ref/SPLIT-3001`, tok, {
			items: [{ external_ref: 'LINE 1', quantity: 1 }],
		});
		expect(ambiguous.status).toBe(409);
	});

	it('refuses over-cancelling, wrong keys and bad quantities atomically', async () => {
		const tok = await token();
		const o = order(IDS.pendingDispatch);
		const [a, b] = o.items;
		const over = await cancel(String(o.id), tok, {
			items: [
				{ id: a.id, quantity: 1 },
				{ id: b.id, quantity: b.quantity + 1 },
			],
		});
		expect(over.status).toBe(400);
		expect(over.json).toEqual({ error: { message: 'Invalid item specified, index 1', code: 0 } });
		expect(a.cancelled_quantity).toBe(0);

		const twiceTooMany = await cancel(String(o.id), tok, {
			items: [
				{ id: a.id, quantity: a.quantity },
				{ id: a.id, quantity: 1 },
			],
		});
		expect(twiceTooMany.json.error.message).toBe('Invalid item specified, index 1');
		const wrongKey = await cancel(String(o.id), tok, {
			items: [{ external_ref: a.external_ref, quantity: 1 }],
		});
		expect(wrongKey.json.error.message).toBe('Invalid item specified, index 0');
		const zero = await cancel(String(o.id), tok, { items: [{ id: a.id, quantity: 0 }] });
		expect(zero.json.error.message).toBe('Invalid item specified, index 0');
		const unknownItem = await cancel(String(o.id), tok, { items: [{ id: 1, quantity: 1 }] });
		expect(unknownItem.json.error.message).toBe('Invalid item specified, index 0');
		const noItems = await cancel(String(o.id), tok, { items: [] });
		expect(noItems.status).toBe(400);
		expect(o.cancellations).toHaveLength(0);
	});

	it('refuses orders past cancelling and cancels the order once every item is', async () => {
		const tok = await token();
		const dispatched = order(IDS.dispatched);
		const late = await cancel(String(dispatched.id), tok, {
			items: [{ id: dispatched.items[0].id, quantity: 1 }],
		});
		expect(late.json).toEqual({ error: { message: 'Invalid order status', code: 0 } });

		const o = order(IDS.received);
		const first = o.items[0];
		await cancel(String(o.id), tok, { items: [{ id: first.id, quantity: first.quantity }] });
		expect(o.status).toBe(1);
		const rest = o.items.slice(1).map((i) => ({ id: i.id, quantity: i.quantity }));
		expect((await cancel(String(o.id), tok, { items: rest })).status).toBe(200);
		expect(o.status).toBe(128);
	});
});
