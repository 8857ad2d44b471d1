/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test tooling, never shipped in dist */
/**
 * Loaded before every test file (jest `setupFilesAfterEnv`) so that a jest worker can exit
 * within the 500 ms jest gives it.
 *
 * A jest worker has no teardown of its own: asked to stop, it lets its event loop drain, and
 * jest kills it and prints "A worker process has failed to exit gracefully" if that takes more
 * than 500 ms. No handle is left open (the worker's `exit` event fires within 1 ms of jest's
 * request); the time goes after that event, in V8 freeing the worker's heap page by page (perf:
 * `Isolate::Delete` → `Heap::TearDown` → `munmap`, slow on this virtual machine). Two things
 * keep it short:
 * - a full garbage collection after each test file, so a worker ends with its live objects
 *   (~125 MB) rather than the garbage of every file before (~250-470 MB);
 * - in a jest worker process, `process.exit` from the `exit` event: the process then ends the
 *   way `process.exit()` ends it, leaving the address space to the kernel instead of freeing the
 *   heap first. `exit` listeners run last and must be synchronous, so nothing is cut short; the
 *   worker's stdout and stderr are pipes, written synchronously on Linux and macOS.
 * Measured with 4 busy loops beside `jest` on this 2-core machine, 3 runs each: before, workers
 * took 687-889 ms to exit and every run printed the warning; with both, 287-458 ms and none did.
 * Either one alone still printed it (469-747 ms and 583-688 ms).
 *
 * Test code runs in a vm context whose `process` is jest's copy; `runInThisContext` reaches the
 * worker's own. `gc` is reached the way jest's leak detector reaches it.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext, runInThisContext } from 'node:vm';

const workerProcess = runInThisContext('process') as NodeJS.Process;
// Only in a forked jest worker (it has an IPC channel), and once per worker: the listener is
// `process.exit` itself, so it holds nothing of this test file.
if (
	typeof workerProcess.send === 'function' &&
	!workerProcess.listeners('exit').includes(workerProcess.exit)
) {
	workerProcess.on('exit', workerProcess.exit);
}

function collectGarbage(): void {
	setFlagsFromString('--expose-gc');
	(runInNewContext('gc') as () => void)();
	setFlagsFromString('--no-expose-gc');
}

afterAll(collectGarbage);
