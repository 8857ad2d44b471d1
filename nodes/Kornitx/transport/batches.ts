import { sleep } from 'n8n-workflow';

/** One entry read and checked, waiting in a batch: its position in the run and what is sent for it. */
export interface BatchEntry<T> {
	position: number;
	value: T;
}

/** What reading one entry gave: something to send in a batch, or a result that needs no request (e.g. a dry run). */
export type BatchRead<T, R> = { send: T } | { result: R };

export interface BatchPlan<T, R> {
	/** How many entries the run has (positions 0 … count − 1). */
	count: number;
	/** Max number of entries in one request. */
	batchSize: number;
	/**
	 * Nothing is sent after the first failing entry: the valid entries before it are still sent,
	 * the later ones stay unstarted (their result is undefined).
	 */
	stopOnError: boolean;
	/** Reads and checks one entry, synchronously. Throwing fails that entry, before anything is sent for it. */
	read: (position: number) => BatchRead<T, R>;
	/**
	 * Sends one batch and resolves with one result or Error per entry, in batch order. A rejection
	 * fails every entry of the batch with that error.
	 */
	send: (batch: Array<BatchEntry<T>>) => Promise<Array<R | Error>>;
	/** The clock behind the yields; tests pass their own. */
	now?: () => number;
}

/**
 * While a request is in flight, reading the next entries (n8n evaluates their expressions
 * synchronously, ~1 ms each) hands the event loop a turn this often, so the reply is taken in and
 * the next batch can follow without waiting for the whole batch to be read.
 */
export const YIELD_INTERVAL_MS = 10;

/**
 * Reads the entries in order and sends one request per `batchSize` entries to send. One request
 * is in flight at a time (so batches reach KornitX in input order), and the next batch is read
 * while the previous one is answered. Every position gets its result or its Error, except those
 * left unstarted by `stopOnError` (undefined).
 */
export async function runInBatches<T, R>(
	plan: BatchPlan<T, R>,
): Promise<Array<R | Error | undefined>> {
	const { count, stopOnError, read, send } = plan;
	const batchSize = Math.max(1, Math.floor(plan.batchSize) || 1);
	const now = plan.now ?? Date.now;
	const results = new Array<R | Error | undefined>(count).fill(undefined);

	let failed = false;
	let answered = true;
	let inFlight: Promise<void> = Promise.resolve();

	/** Sends one batch; never rejects: every entry of the batch gets its result or its error. */
	const sendBatch = async (batch: Array<BatchEntry<T>>): Promise<void> => {
		let outcomes: Array<R | Error>;
		try {
			outcomes = await send(batch);
		} catch (error) {
			// The whole request failed: every entry of this batch carries the error.
			outcomes = batch.map(() => error as Error);
		}
		batch.forEach((entry, offset) => {
			results[entry.position] = outcomes[offset];
			if (outcomes[offset] instanceof Error) failed = true;
		});
	};
	/** Waits for the batch in flight, then sends `batch` unless a failure stops the run. */
	const dispatch = async (batch: Array<BatchEntry<T>>): Promise<void> => {
		await inFlight;
		if (batch.length === 0 || (stopOnError && failed)) return;
		answered = false;
		inFlight = sendBatch(batch).finally(() => {
			answered = true;
		});
	};

	let batch: Array<BatchEntry<T>> = [];
	let lastYield = now();
	for (let position = 0; position < count; position++) {
		try {
			const outcome = read(position);
			if ('send' in outcome) batch.push({ position, value: outcome.send });
			else results[position] = outcome.result;
		} catch (error) {
			results[position] = error as Error;
			if (stopOnError) {
				// The valid entries before this one are still sent (unless an earlier batch failed),
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
			lastYield = now();
		} else if (!answered && now() - lastYield >= YIELD_INTERVAL_MS) {
			await sleep(0);
			lastYield = now();
		}
	}
	await dispatch(batch);
	await inFlight;
	return results;
}
