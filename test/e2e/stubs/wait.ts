/* eslint-disable @n8n/community-nodes/no-restricted-globals -- test tooling, never shipped in dist */
/**
 * Waits until `received` holds an entry matching `predicate` (checked now and each time a
 * waiter in `waiters` is woken by the stub), or resolves undefined after `timeoutMs`.
 */
export async function waitForEntry<T>(
	received: T[],
	waiters: Set<() => void>,
	predicate: (entry: T) => boolean,
	timeoutMs: number,
): Promise<T | undefined> {
	const found = received.find(predicate);
	if (found) return found;
	return await new Promise((resolve) => {
		const wake = () => {
			const match = received.find(predicate);
			if (match) finish(match);
		};
		const timer = setTimeout(() => finish(undefined), timeoutMs);
		const finish = (value: T | undefined) => {
			clearTimeout(timer);
			waiters.delete(wake);
			resolve(value);
		};
		waiters.add(wake);
	});
}
