import { sleep } from 'n8n-workflow';

import type { ItemResult } from './types';

/** An item read and checked, waiting to be sent in a batch. */
export interface Pending<T> {
	/** Position in the operation's item list (the index into its results). */
	position: number;
	itemIndex: number;
	input: T;
}

/** One entry per item of a batch: its result, its error, or undefined when it was not sent. */
export type BatchOutcome = ItemResult | Error | undefined;

export interface BatchPlan<T> {
	batchSize: number;
	/** Reads and checks one item before anything is sent; throws its input error. */
	read(itemIndex: number): T;
	/** When set, each item's output is this instead of sending it (Dry Run). */
	dryRun?: (input: T, itemIndex: number) => ItemResult;
	/**
	 * Sends one batch and pairs the reply back to its items. May throw: every item of the batch
	 * then carries the error.
	 */
	send(batch: Array<Pending<T>>): Promise<BatchOutcome[]>;
}

/**
 * While a request is in flight, reading the next items' parameters (n8n evaluates their
 * expressions synchronously, ~1 ms each) hands the event loop a turn this often, so the reply is
 * taken in and the next batch can follow without waiting for the whole batch to be read.
 */
const YIELD_INTERVAL_MS = 10;

/**
 * The batching loop of the BatchOperation contract (actions/types.ts): reads the items in order
 * and sends one request per `batchSize` valid items. One request is in flight at a time (so
 * batches reach KornitX in input order), and the next batch is read while the previous one is
 * answered. With `stopOnError` nothing is sent after the first failing item: the items before it
 * are sent, those after it stay unstarted (undefined).
 */
export async function runBatches<T>(itemIndexes: number[], plan: BatchPlan<T>, stopOnError: boolean): Promise<BatchOutcome[]> {
	const results: BatchOutcome[] = new Array<BatchOutcome>(itemIndexes.length).fill(undefined);
	const batchSize = Math.max(1, Math.floor(plan.batchSize) || 1);

	let failed = false;
	let answered = true;
	let inFlight: Promise<void> = Promise.resolve();

	/** Sends one batch; never rejects: every item of the batch gets its result or its error. */
	const send = async (batch: Array<Pending<T>>): Promise<void> => {
		let outcomes: BatchOutcome[];
		try {
			outcomes = await plan.send(batch);
		} catch (error) {
			outcomes = batch.map(() => error as Error);
		}
		batch.forEach((entry, offset) => {
			results[entry.position] = outcomes[offset];
			if (outcomes[offset] instanceof Error) failed = true;
		});
	};
	/** Waits for the batch in flight, then sends `batch` unless a failure stops the run. */
	const dispatch = async (batch: Array<Pending<T>>): Promise<void> => {
		await inFlight;
		if (batch.length === 0 || (stopOnError && failed)) return;
		answered = false;
		inFlight = send(batch).finally(() => {
			answered = true;
		});
	};

	let batch: Array<Pending<T>> = [];
	let lastYield = Date.now();
	for (let position = 0; position < itemIndexes.length; position++) {
		const itemIndex = itemIndexes[position];
		try {
			const input = plan.read(itemIndex);
			if (plan.dryRun) results[position] = plan.dryRun(input, itemIndex);
			else batch.push({ position, itemIndex, input });
		} catch (error) {
			results[position] = error as Error;
			if (stopOnError) {
				// The valid items before this one are still sent (unless an earlier batch failed),
				// as a node working item by item would have done; nothing after it is.
				await dispatch(batch);
				batch = [];
				failed = true;
				break;
			}
		}
		if (batch.length >= batchSize) {
			await dispatch(batch);
			batch = [];
			if (stopOnError && failed) break;
			lastYield = Date.now();
		} else if (!answered && Date.now() - lastYield >= YIELD_INTERVAL_MS) {
			await sleep(0);
			lastYield = Date.now();
		}
	}
	await dispatch(batch);
	await inFlight;
	return results;
}

/** The Batch Size option as a whole number ≥ 1, or the default. */
export function readBatchSize(value: unknown, fallback: number): number {
	return Math.max(1, Math.floor(Number(value ?? fallback)) || fallback);
}
