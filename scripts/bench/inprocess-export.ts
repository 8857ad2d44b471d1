/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, no-console -- dev tooling, never shipped in dist */
/* eslint-disable @typescript-eslint/no-require-imports -- loads the built node from dist at run time */
/**
 * Child process of `scripts/bench.ts`: runs Order → Export once, in process, with n8n-core's
 * WorkflowExecute (the harness in test/harness) and the node and credential built in dist/,
 * against an emulator the parent runs. The parent passes the credential data as JSON in
 * KORNITX_BENCH_CREDENTIAL; this process prints one JSON line starting with "RESULT ".
 *
 * Run with --expose-gc. Memory: this process's VmHWM is reset (/proc/self/clear_refs) right
 * before the run, after a full GC; "peak RSS Δ" = VmHWM after the run − VmRSS before it.
 * The emulator lives in the parent, so none of its memory is counted here.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ICredentialType, IDataObject, INodeType } from 'n8n-workflow';

import { createHarness } from '../../test/harness';
import { nodeTask } from '../n8n/run-data';

const REPO_ROOT = path.resolve(__dirname, '..', '..');

function status(): { rssKb: number; hwmKb: number } {
	const text = fs.readFileSync('/proc/self/status', 'utf8');
	return {
		rssKb: Number(/^VmRSS:\s+(\d+)/m.exec(text)?.[1]),
		hwmKb: Number(/^VmHWM:\s+(\d+)/m.exec(text)?.[1]),
	};
}

/** ms this (main) thread was runnable but waiting for a CPU. */
function runWaitMs(): number {
	return (
		Number(fs.readFileSync('/proc/thread-self/schedstat', 'utf8').trim().split(/\s+/)[1]) / 1e6
	);
}

function gc(): void {
	const collect = (globalThis as { gc?: () => void }).gc;
	if (!collect) throw new Error('run with --expose-gc');
	collect();
	collect();
}

async function main(): Promise<void> {
	const credential = JSON.parse(process.env.KORNITX_BENCH_CREDENTIAL ?? '{}') as IDataObject;
	const { Kornitx } = require(path.join(REPO_ROOT, 'dist/nodes/Kornitx/Kornitx.node.js')) as {
		Kornitx: new () => INodeType;
	};
	const { KornitxOAuth2Api } = require(
		path.join(REPO_ROOT, 'dist/credentials/KornitxOAuth2Api.credentials.js'),
	) as {
		KornitxOAuth2Api: new () => ICredentialType;
	};
	const harness = createHarness({
		nodeTypes: [new Kornitx()],
		credentialTypes: [new KornitxOAuth2Api()],
	});
	harness.setCredential('kornitxOAuth2Api', 'bench-export', credential, 'KornitX (bench)');

	gc();
	const before = status();
	const heapBefore = process.memoryUsage().heapUsed;
	const resetOk = (() => {
		try {
			fs.writeFileSync('/proc/self/clear_refs', '5');
			return true;
		} catch {
			return false;
		}
	})();
	const wait0 = runWaitMs();
	const t0 = performance.now();
	const result = await harness.runNode({
		type: 'kornitx',
		name: 'Under Test',
		parameters: {
			resource: 'order',
			operation: 'export',
			returnAll: true,
			filters: {},
			options: {},
		},
		credentials: { kornitxOAuth2Api: { id: 'bench-export', name: 'KornitX (bench)' } },
		input: [{}],
	});
	const wallMs = performance.now() - t0;
	const waited = runWaitMs() - wait0;
	const after = status();
	const heapAfter = process.memoryUsage().heapUsed;
	const task = nodeTask(result.run.data, 'Under Test');
	const orders = result.output.length;
	const rows = result.output.reduce(
		(sum, item) => sum + ((item.json.items as unknown[] | undefined)?.length ?? 0),
		0,
	);
	gc();
	const heapRetained = process.memoryUsage().heapUsed;
	const line = {
		ok: !result.error,
		error: result.error?.message,
		nodeVersion: process.version,
		orders,
		rows,
		wallMs,
		executionTimeMs: task?.executionTime,
		rssBeforeKb: before.rssKb,
		peakKb: after.hwmKb,
		peakDeltaKb: after.hwmKb - before.rssKb,
		resetOk,
		runWaitMs: waited,
		heapBeforeBytes: heapBefore,
		heapAfterBytes: heapAfter,
		heapRetainedBytes: heapRetained,
	};
	harness.dispose();
	console.log(`RESULT ${JSON.stringify(line)}`);
}

main().catch((error: unknown) => {
	console.log(
		`RESULT ${JSON.stringify({ ok: false, error: error instanceof Error ? error.stack : String(error) })}`,
	);
	process.exitCode = 1;
});
