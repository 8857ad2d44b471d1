/* eslint-disable @n8n/community-nodes/no-restricted-globals -- tests, never shipped in dist */
import {
	runInBatches,
	type BatchEntry,
	type BatchPlan,
} from '../../nodes/Kornitx/transport/batches';

/** A request the test answers when it likes: the scheduler sees a request in flight until then. */
interface Request {
	positions: number[];
	answer: (results?: Array<string | Error>) => void;
	fail: (error: Error) => void;
}

/**
 * A plan over `count` entries whose `read` and `send` record what happened, in order. Entries
 * listed in `invalid` throw when read; `dryRun` ones return a result without a request.
 */
function recordingPlan(
	count: number,
	batchSize: number,
	opts: { stopOnError?: boolean; invalid?: number[]; dryRun?: number[]; autoAnswer?: boolean } = {},
) {
	const events: string[] = [];
	const requests: Request[] = [];
	let inFlight = 0;
	let maxInFlight = 0;
	const plan: BatchPlan<string, string> = {
		count,
		batchSize,
		stopOnError: opts.stopOnError ?? false,
		// A clock that stands still: no turns are handed to the event loop unless a test moves it.
		now: () => 0,
		read: (position) => {
			events.push(`read ${position}`);
			if (opts.invalid?.includes(position)) throw new Error(`entry ${position} is invalid`);
			if (opts.dryRun?.includes(position)) return { result: `dry ${position}` };
			return { send: `value ${position}` };
		},
		send: async (batch: Array<BatchEntry<string>>) => {
			const positions = batch.map((entry) => entry.position);
			events.push(`send ${positions.join(',')}`);
			inFlight++;
			maxInFlight = Math.max(maxInFlight, inFlight);
			try {
				return await new Promise<Array<string | Error>>((resolve, reject) => {
					const request: Request = {
						positions,
						answer: (results) => resolve(results ?? batch.map((entry) => `sent ${entry.value}`)),
						fail: reject,
					};
					requests.push(request);
					if (opts.autoAnswer !== false) setImmediate(() => request.answer());
				});
			} finally {
				inFlight--;
				events.push(`answered ${positions.join(',')}`);
			}
		},
	};
	return { plan, events, requests, maxInFlight: () => maxInFlight };
}

/** Lets pending I/O callbacks (the requests' answers) and the scheduler's continuations run. */
async function turn(): Promise<void> {
	await new Promise((resolve) => setImmediate(resolve));
}

/** Results as text: an Error by its message, an unstarted entry as undefined. */
function shown(results: Array<string | Error | undefined>): Array<string | undefined> {
	return results.map((result) => (result instanceof Error ? result.message : result));
}

describe('the batch scheduler (transport/batches)', () => {
	it('sends full batches in input order, then the rest, and gives every entry its own result', async () => {
		const { plan, events, maxInFlight } = recordingPlan(7, 3);
		const results = await runInBatches(plan);
		expect(events.filter((event) => event.startsWith('send'))).toEqual([
			'send 0,1,2',
			'send 3,4,5',
			'send 6',
		]);
		expect(results).toEqual([0, 1, 2, 3, 4, 5, 6].map((n) => `sent value ${n}`));
		expect(maxInFlight()).toBe(1);
	});

	it('reads the next batch while the previous request is in flight, but never sends two at once', async () => {
		const { plan, events, requests, maxInFlight } = recordingPlan(6, 3, { autoAnswer: false });
		const run = runInBatches(plan);
		await turn();
		// The first request is unanswered: the second batch has been read, not sent.
		expect(events).toEqual([
			'read 0',
			'read 1',
			'read 2',
			'send 0,1,2',
			'read 3',
			'read 4',
			'read 5',
		]);
		requests[0].answer();
		await turn();
		expect(events.slice(-2)).toEqual(['answered 0,1,2', 'send 3,4,5']);
		requests[1].answer();
		await run;
		expect(maxInFlight()).toBe(1);
	});

	it('hands the event loop a turn while reading slowly, so an answer is taken in before the batch is read', async () => {
		const { plan, events } = recordingPlan(12, 5);
		let clock = 0;
		const read = plan.read;
		// Every read "takes" 6 ms on the test's clock: a turn is due after two reads.
		const slow: BatchPlan<string, string> = {
			...plan,
			now: () => clock,
			read: (position) => ((clock += 6), read(position)),
		};
		await runInBatches(slow);
		const answered = events.indexOf('answered 0,1,2,3,4');
		expect(answered).toBeGreaterThan(events.indexOf('read 5'));
		expect(answered).toBeLessThan(events.indexOf('read 9'));
	});

	it('fails an invalid entry on its own and still sends the others, without stopOnError', async () => {
		const { plan, events } = recordingPlan(4, 2, { invalid: [1] });
		const results = await runInBatches(plan);
		expect(events.filter((event) => event.startsWith('send'))).toEqual(['send 0,2', 'send 3']);
		expect(shown(results)).toEqual([
			'sent value 0',
			'entry 1 is invalid',
			'sent value 2',
			'sent value 3',
		]);
	});

	it('with stopOnError, sends the valid entries before an invalid one and leaves the rest unstarted', async () => {
		const { plan, events } = recordingPlan(6, 4, { stopOnError: true, invalid: [2] });
		const results = await runInBatches(plan);
		expect(events).toEqual(['read 0', 'read 1', 'read 2', 'send 0,1', 'answered 0,1']);
		expect(shown(results)).toEqual([
			'sent value 0',
			'sent value 1',
			'entry 2 is invalid',
			undefined,
			undefined,
			undefined,
		]);
	});

	it('gives a failed request to every entry of its batch, and with stopOnError sends nothing after it', async () => {
		const { plan, events, requests } = recordingPlan(6, 2, {
			stopOnError: true,
			autoAnswer: false,
		});
		const run = runInBatches(plan);
		await turn();
		requests[0].fail(new Error('HTTP 500'));
		const results = await run;
		expect(events.filter((event) => event.startsWith('send'))).toEqual(['send 0,1']);
		expect(events).not.toContain('read 4'); // nor are later entries read (their expressions not evaluated)
		expect(shown(results)).toEqual([
			'HTTP 500',
			'HTTP 500',
			undefined,
			undefined,
			undefined,
			undefined,
		]);
	});

	it('keeps sending after a failed request without stopOnError', async () => {
		const { plan, requests } = recordingPlan(4, 2, { autoAnswer: false });
		const run = runInBatches(plan);
		await turn();
		requests[0].answer([new Error('order 0 refused'), 'kept 1']);
		await turn();
		requests[1].answer();
		const results = await run;
		expect(shown(results)).toEqual(['order 0 refused', 'kept 1', 'sent value 2', 'sent value 3']);
	});

	it('returns results that need no request (dry run) without sending them', async () => {
		const { plan, events } = recordingPlan(3, 2, { dryRun: [0, 1, 2] });
		expect(await runInBatches(plan)).toEqual(['dry 0', 'dry 1', 'dry 2']);
		expect(events.some((event) => event.startsWith('send'))).toBe(false);
	});
});
