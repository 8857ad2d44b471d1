import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { SEED_ORDER_IDS as IDS } from '../emulator';
import { useFixture } from '../support/kornitx';

describe('KornitX Trigger', () => {
	const f = useFixture();

	const poll = async (
		parameters: INodeParameters,
		staticData: IDataObject,
		mode: 'trigger' | 'manual' = 'trigger',
	) => {
		const result = await f.harness.poll({ type: 'kornitxTrigger', parameters, staticData, mode });
		return result ? result[0].map((item) => item.json) : [];
	};
	const ids = (orders: IDataObject[]) => orders.map((order) => order.id);

	describe('order entered status', () => {
		const watch = { event: 'orderEnteredStatus', statuses: [4] };

		it('emits nothing on activation, then each order that enters the status, once', async () => {
			const state: IDataObject = {};
			expect(await poll(watch, state)).toEqual([]);
			expect(await poll(watch, state)).toEqual([]);

			f.emulator.setOrder(IDS.receivedBySupplier, { status: 4 });
			f.emulator.setOrder(IDS.docExample, { status: 4 });
			const entered = await poll(watch, state);
			expect(ids(entered).sort()).toEqual([IDS.receivedBySupplier, IDS.docExample].sort());
			expect((entered[0].items as unknown[]).length).toBeGreaterThan(0);
			expect(await poll(watch, state)).toEqual([]);
		});

		it('emits an order again after it left the status and came back, and forgets those that left', async () => {
			const state: IDataObject = {};
			await poll(watch, state);
			f.emulator.setOrder(IDS.inProduction, { status: 128 });
			expect(await poll(watch, state)).toEqual([]);
			expect(state.seen).not.toContain(`${IDS.inProduction}:4`);
			f.emulator.setOrder(IDS.inProduction, { status: 4 });
			expect(ids(await poll(watch, state))).toEqual([IDS.inProduction]);
		});

		it('keeps its state through a failed poll and emits the event on the next one', async () => {
			const state: IDataObject = {};
			await poll(watch, state);
			const before = JSON.stringify(state);
			f.emulator.setOrder(IDS.docExample, { status: 4 });
			f.emulator.addFault({ kind: 'status', status: 500, times: 4, match: { api: 'export' } });
			await expect(poll(watch, state)).rejects.toThrow(/KornitX server error/);
			expect(JSON.stringify(state)).toBe(before);
			expect(ids(await poll(watch, state))).toEqual([IDS.docExample]);
		});

		it('survives an expired token between polls', async () => {
			const state: IDataObject = {};
			await poll(watch, state);
			f.emulator.expireAllTokens();
			f.emulator.setOrder(IDS.docExample, { status: 4 });
			expect(ids(await poll(watch, state))).toEqual([IDS.docExample]);
			expect(f.tokenRequests()).toBe(2);
		});

		it('returns the newest matching order for "Fetch Test Event" without touching state', async () => {
			const state: IDataObject = {};
			const sample = await poll({ event: 'orderEnteredStatus', statuses: [8] }, state, 'manual');
			expect(sample).toHaveLength(1);
			expect(sample[0].status).toBe(8);
			expect(state).toEqual({});
		});

		it('emits raw rows when asked', async () => {
			const state: IDataObject = {};
			await poll({ ...watch, options: { output: 'rows' } }, state);
			f.emulator.setOrder(IDS.docExample, { status: 4 });
			const rows = await poll({ ...watch, options: { output: 'rows' } }, state);
			expect(rows).toHaveLength(f.emulator.getOrder(IDS.docExample)!.items.length);
			expect(rows[0]).toHaveProperty('items__id');
		});
	});

	describe('order completed', () => {
		const completed = { event: 'orderCompleted', statuses: [] };

		it('emits orders completed after the last poll, once, including same-second completions', async () => {
			const state: IDataObject = {};
			expect(await poll(completed, state)).toEqual([]);
			const cursor = String(state.cursor);

			f.emulator.setOrder(IDS.pendingDispatch, { status: 8, completion_datetime: cursor });
			// An order completed before activation is not an event.
			f.emulator.setOrder(IDS.inProduction, {
				status: 8,
				completion_datetime: '2020-01-01 00:00:00',
			});
			expect(ids(await poll(completed, state))).toEqual([IDS.pendingDispatch]);
			expect(await poll(completed, state)).toEqual([]);

			// Another order shows up later with the very same completion second.
			f.emulator.setOrder(IDS.docExample, { status: 8, completion_datetime: cursor });
			expect(ids(await poll(completed, state))).toEqual([IDS.docExample]);
			expect(await poll(completed, state)).toEqual([]);
		});

		it('does not move the cursor when a poll fails', async () => {
			const state: IDataObject = {};
			await poll(completed, state);
			const before = JSON.stringify(state);
			f.emulator.setOrder(IDS.pendingDispatch, { status: 8 });
			f.emulator.addFault({ kind: 'malformed', match: { api: 'export' } });
			await expect(poll(completed, state)).rejects.toThrow(/not JSON/);
			expect(JSON.stringify(state)).toBe(before);
			expect(ids(await poll(completed, state))).toEqual([IDS.pendingDispatch]);
		});

		it('refuses to watch no status for "entered status"', async () => {
			await expect(poll({ event: 'orderEnteredStatus', statuses: [] }, {})).rejects.toThrow(
				'Statuses is empty',
			);
		});
	});
});
