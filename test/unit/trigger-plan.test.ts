import { planPoll, type TriggerState } from '../../nodes/KornitxTrigger/poll';

const row = (id: number, status: number, completion = '0000-00-00 00:00:00', itemId = id * 10) => ({
	id,
	status,
	completion_datetime: completion,
	created_at: `2026-01-0${(id % 9) + 1} 00:00:00`,
	items__id: itemId,
});

const now = new Date('2026-11-23T12:00:00Z');

function poll(
	event: 'orderEnteredStatus' | 'orderCompleted',
	state: TriggerState,
	rows: Array<ReturnType<typeof row>>,
	statuses = [8],
) {
	const plan = planPoll(event, state, { manual: false, now, statuses });
	const { emit, nextState } = plan.settle(rows, 'orders');
	return { plan, emitted: emit.map((order) => order.id), nextState };
}

describe('trigger: order entered status', () => {
	it('records a baseline first and emits nothing', () => {
		const first = poll('orderEnteredStatus', {}, [row(1, 8), row(2, 8)]);
		expect(first.emitted).toEqual([]);
		expect(first.nextState.seen).toEqual(['1:8', '2:8']);
	});

	it('takes a new baseline when the watched statuses change instead of firing for every order', () => {
		const state = poll('orderEnteredStatus', {}, [row(1, 8)]).nextState;
		const widened = poll('orderEnteredStatus', state, [row(1, 8), row(2, 4), row(3, 4)], [4, 8]);
		expect(widened.emitted).toEqual([]);
		expect(widened.nextState.watching).toBe('4,8');
		expect(
			poll(
				'orderEnteredStatus',
				widened.nextState,
				[row(1, 8), row(2, 4), row(3, 4), row(4, 4)],
				[8, 4],
			).emitted,
		).toEqual([4]);
	});

	it('emits each newly seen order once, and again after it left and came back', () => {
		let state: TriggerState = { seen: ['1:8'], watching: '8' };
		let result = poll('orderEnteredStatus', state, [row(1, 8), row(2, 8)]);
		expect(result.emitted).toEqual([2]);
		state = result.nextState;
		result = poll('orderEnteredStatus', state, [row(1, 8), row(2, 8)]);
		expect(result.emitted).toEqual([]);
		state = poll('orderEnteredStatus', result.nextState, [row(2, 8)]).nextState; // order 1 left
		expect(state.seen).toEqual(['2:8']);
		expect(poll('orderEnteredStatus', state, [row(1, 8), row(2, 8)]).emitted).toEqual([1]);
	});
});

describe('trigger: order completed', () => {
	it('starts from "now" and emits nothing on activation', () => {
		const first = poll('orderCompleted', {}, []);
		expect(first.plan.completedAfter).toBe('2026-11-23 12:00:00');
		expect(first.nextState).toEqual({ cursor: '2026-11-23 12:00:00', atCursor: [] });
	});

	it('neither loses nor doubles orders completing in the cursor second', () => {
		let state: TriggerState = { cursor: '2026-11-23 12:00:00', atCursor: [] };
		let result = poll('orderCompleted', state, [row(1, 8, '2026-11-23 12:00:05')]);
		expect(result.plan.completedAfter).toBe('2026-11-23 11:59:59');
		expect(result.emitted).toEqual([1]);
		state = result.nextState;
		expect(state).toEqual({ cursor: '2026-11-23 12:00:05', atCursor: ['1'] });
		// Order 2 completes in the same second, but became visible only now.
		result = poll('orderCompleted', state, [
			row(1, 8, '2026-11-23 12:00:05'),
			row(2, 8, '2026-11-23 12:00:05'),
		]);
		expect(result.emitted).toEqual([2]);
		expect(result.nextState.atCursor?.sort()).toEqual(['1', '2']);
		result = poll('orderCompleted', result.nextState, [
			row(1, 8, '2026-11-23 12:00:05'),
			row(2, 8, '2026-11-23 12:00:05'),
		]);
		expect(result.emitted).toEqual([]);
	});
});
