import { DateTime } from 'luxon';
import type { IDataObject } from 'n8n-workflow';

import { isZeroDate } from '../Kornitx/helpers/dates';
import { groupRowsIntoOrders } from '../Kornitx/helpers/rows';

export type TriggerEvent = 'orderEnteredStatus' | 'orderCompleted';

/** What the trigger keeps between polls (the workflow's static data). */
export interface TriggerState {
	/** orderEnteredStatus: "id:status" of every order seen in the selected statuses last time. */
	seen?: string[];
	/** orderEnteredStatus: the statuses `seen` was taken for; a change of selection takes a new baseline. */
	watching?: string;
	/** orderCompleted: newest completion time emitted, KornitX format in UTC. */
	cursor?: string;
	/** orderCompleted: ids of orders completed exactly at `cursor` that were already emitted. */
	atCursor?: string[];
}

const FORMAT = 'yyyy-LL-dd HH:mm:ss';

function utc(date: Date): string {
	return DateTime.fromJSDate(date).toUTC().toFormat(FORMAT);
}

function minusOneSecond(value: string): string {
	return DateTime.fromFormat(value, FORMAT, { zone: 'utc' }).minus({ seconds: 1 }).toFormat(FORMAT);
}

function orderKey(order: IDataObject): string {
	return String(order.id ?? order.ref ?? '');
}

function newest(orders: IDataObject[], field: string): IDataObject | undefined {
	let best: IDataObject | undefined;
	for (const order of orders) {
		const value = String(order[field] ?? '');
		if (
			best === undefined ||
			value > String(best[field] ?? '') ||
			(value === String(best[field] ?? '') && Number(order.id) > Number(best.id))
		) {
			best = order;
		}
	}
	return best;
}

function shape(
	rows: IDataObject[],
	orders: IDataObject[],
	output: 'orders' | 'rows',
): IDataObject[] {
	if (output === 'orders') return orders;
	const wanted = new Set(orders.map(orderKey));
	return rows.filter((row) => wanted.has(String(row.id ?? row.ref ?? '')));
}

export interface PollPlan {
	/** The completion filter to ask the export for, if any. */
	completedAfter?: string;
	/** Given the rows of a successful export: what to emit and the state to keep. */
	settle(
		rows: IDataObject[],
		output: 'orders' | 'rows',
	): { emit: IDataObject[]; nextState: TriggerState };
}

/**
 * The trigger's decisions, apart from I/O so they can be read and tested alone. State changes
 * only through `settle`, which the caller reaches only after a successful export.
 */
export function planPoll(
	event: TriggerEvent,
	state: TriggerState,
	context: { manual: boolean; now: Date; statuses?: number[] },
): PollPlan {
	if (event === 'orderEnteredStatus') {
		const watching = [...(context.statuses ?? [])].sort((a, b) => a - b).join(',');
		return {
			settle(rows, output) {
				const orders = groupRowsIntoOrders(rows);
				const current = orders.map((order) => `${orderKey(order)}:${String(order.status)}`);
				if (context.manual) {
					const latest = newest(orders, 'created_at') ?? orders[orders.length - 1];
					return { emit: latest ? shape(rows, [latest], output) : [], nextState: state };
				}
				// First activation, or the user changed the statuses: record a baseline, emit nothing.
				if (state.seen === undefined || (state.watching ?? watching) !== watching) {
					return { emit: [], nextState: { seen: current, watching } };
				}
				const seen = new Set(state.seen);
				const entered = orders.filter((_order, index) => !seen.has(current[index]));
				// Orders that left the selected statuses drop out, so the set stays bounded.
				return { emit: shape(rows, entered, output), nextState: { seen: current, watching } };
			},
		};
	}

	if (context.manual) {
		return {
			completedAfter: utc(new Date(context.now.getTime() - 30 * 24 * 3600 * 1000)),
			settle(rows, output) {
				const orders = groupRowsIntoOrders(rows).filter(
					(order) => !isZeroDate(order.completion_datetime),
				);
				const latest = newest(orders, 'completion_datetime');
				return { emit: latest ? shape(rows, [latest], output) : [], nextState: state };
			},
		};
	}

	if (state.cursor === undefined) {
		// First activation: the baseline is "now"; nothing completed before it is emitted.
		const baseline = utc(context.now);
		return {
			completedAfter: baseline,
			settle: () => ({ emit: [], nextState: { cursor: baseline, atCursor: [] } }),
		};
	}

	const cursor = state.cursor;
	const atCursor = new Set(state.atCursor ?? []);
	return {
		// Ask from one second before the cursor: orders completing in the cursor's own second after
		// the last poll are then seen, and `atCursor` keeps those already emitted from repeating.
		completedAfter: minusOneSecond(cursor),
		settle(rows, output) {
			const orders = groupRowsIntoOrders(rows).filter((order) => {
				const completed = order.completion_datetime;
				if (isZeroDate(completed)) return false;
				const value = String(completed);
				return value > cursor || (value === cursor && !atCursor.has(orderKey(order)));
			});
			let nextCursor = cursor;
			for (const order of orders) {
				if (String(order.completion_datetime) > nextCursor)
					nextCursor = String(order.completion_datetime);
			}
			const nextAt = new Set(nextCursor === cursor ? atCursor : []);
			for (const order of orders) {
				if (String(order.completion_datetime) === nextCursor) nextAt.add(orderKey(order));
			}
			return {
				emit: shape(rows, orders, output),
				nextState: { cursor: nextCursor, atCursor: [...nextAt] },
			};
		},
	};
}
