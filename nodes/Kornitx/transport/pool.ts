export type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

/**
 * Runs `task` for indexes 0..count-1 with at most `concurrency` in flight, keeping results in
 * index order. The first task runs alone so that an OAuth2 token is fetched once per run rather
 * than once per parallel request. With `stopOnError`, nothing new starts after a failure;
 * indexes never started stay undefined.
 */
export async function runPool<T>(
	count: number,
	concurrency: number,
	task: (index: number) => Promise<T>,
	stopOnError: boolean,
): Promise<Array<Settled<T> | undefined>> {
	const results: Array<Settled<T> | undefined> = new Array<Settled<T> | undefined>(count).fill(
		undefined,
	);
	let next = 0;
	let stopped = false;
	const runOne = async (index: number) => {
		try {
			results[index] = { ok: true, value: await task(index) };
		} catch (error) {
			results[index] = { ok: false, error };
			if (stopOnError) stopped = true;
		}
	};
	const worker = async () => {
		while (!stopped && next < count) {
			await runOne(next++);
		}
	};
	if (count > 0) await runOne(next++);
	const workers = Math.max(1, Math.min(Math.floor(concurrency) || 1, count - next));
	await Promise.all(Array.from({ length: workers }, worker));
	return results;
}
