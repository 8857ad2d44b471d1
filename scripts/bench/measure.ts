/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- dev tooling, never shipped in dist */
/* eslint-disable @n8n/community-nodes/no-dangerous-functions -- spawning the in-process child is the point of this dev tool */
/**
 * What one benchmark run measures: seeding, running a workflow with `n8n execute` while /proc is
 * watched, request statistics from the emulator's log, memory and CPU figures, and the in-process
 * export. The runner (run.ts) strings these together per round.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { oauthCredentialData, type KornitxEmulator, type LoggedRequest } from '../../test/emulator';
import { nodeTask, type ExecuteResult, type N8nInstance, type TaskData } from '../n8n-runtime';
import { peakUntil, readLoad, watchMemory, type MemoryWatch } from './proc';
import { NODE_UNDER_TEST } from './workflows';
import {
	type CpuFigures,
	EXECUTE_TIMEOUT_MS,
	type InProcessResult,
	MB,
	type MemoryFigures,
	REPO_ROOT,
	type RequestStats,
} from './scenarios';

/* ------------------------------------------------------------------------------------------------
 * Helpers
 * ---------------------------------------------------------------------------------------------- */

/**
 * The credential a scenario imports. With `plainTokenUrl` its Token URL field points nowhere, so
 * the run fails unless the overwritten plain Access Token URL is what n8n really used.
 */
export function credentialData(
	emulator: KornitxEmulator,
	plainTokenUrl = false,
): Record<string, unknown> {
	return oauthCredentialData(
		emulator.urls,
		plainTokenUrl
			? { tokenUrl: 'http://127.0.0.1:9/not-used', accessTokenUrl: emulator.urls.token }
			: {},
	);
}

/**
 * A copy of the built package whose Custom-environment Access Token URL is a plain stored field
 * instead of the hidden `={{$self["tokenUrl"]}}` (n8n ignores stored values of hidden OAuth fields).
 */
export function plainTokenUrlBuild(dist: string): string {
	const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'kornitx-bench-plain-dist-'));
	fs.cpSync(dist, copy, { recursive: true });
	const file = path.join(copy, 'credentials', 'KornitxOAuth2Api.credentials.js');
	const source = fs.readFileSync(file, 'utf8');
	const patched = source.replace(
		/type: 'hidden',(\s*)default: '=\{\{\$self\["tokenUrl"\]\}\}'/,
		"type: 'string',$1default: ''",
	);
	if (patched === source)
		throw new Error(
			`plainTokenUrlBuild: the Custom Access Token URL expression was not found in ${file}`,
		);
	fs.writeFileSync(file, patched);
	return copy;
}

/** Seeds `count` orders in `status` and returns their ids (seedBulk numbers them after the highest id). */
export function seedOrders(emulator: KornitxEmulator, count: number, status: number): number[] {
	const before = new Set(emulator.orders.keys());
	emulator.seedBulk(count, 1, status);
	const ids = [...emulator.orders.keys()].filter((id) => !before.has(id)).sort((a, b) => a - b);
	if (ids.length !== count)
		throw new Error(`seedBulk added ${ids.length} orders, expected ${count}`);
	return ids;
}

export function requestStats(
	entries: LoggedRequest[],
	tokenRequests: number,
	peakConcurrent: number,
): RequestStats {
	const api = entries.filter((e) => e.api !== 'admin');
	const statuses: Record<string, number> = {};
	for (const e of api) statuses[String(e.status)] = (statuses[String(e.status)] ?? 0) + 1;
	if (!api.length) {
		return {
			requests: 0,
			tokenRequests,
			peakConcurrent,
			spanMs: 0,
			meanServerMs: 0,
			meanInFlight: 0,
			meanStartGapMs: 0,
			statuses,
		};
	}
	const starts = api.map((e) => Date.parse(e.startedAt)).sort((a, b) => a - b);
	const first = starts[0];
	const last = Math.max(...api.map((e) => Date.parse(e.startedAt) + e.durationMs));
	const spanMs = Math.max(1, last - first);
	const total = api.reduce((sum, e) => sum + e.durationMs, 0);
	return {
		requests: api.length,
		tokenRequests,
		peakConcurrent,
		spanMs,
		meanServerMs: total / api.length,
		meanInFlight: total / spanMs,
		meanStartGapMs: api.length > 1 ? (starts[starts.length - 1] - first) / (api.length - 1) : 0,
		statuses,
	};
}

export interface RunOutcome {
	exec: ExecuteResult;
	task?: TaskData;
	stats: RequestStats;
	entries: LoggedRequest[];
	watch: MemoryWatch;
}

/** Runs one imported workflow with `n8n execute`, watching the emulator and the n8n process. */
export async function runWorkflow(
	n8n: N8nInstance,
	emulator: KornitxEmulator,
	workflowId: string,
	env: Record<string, string> = {},
): Promise<RunOutcome> {
	const counters = emulator.counters;
	const requests0 = counters.requests;
	const tokens0 = counters.tokenRequests;
	counters.peakConcurrent = counters.inFlight;
	const log0 = emulator.log.length;
	const watch = watchMemory(['execute', `--id=${workflowId}`], () => counters.requests > requests0);
	let exec: ExecuteResult;
	try {
		exec = await n8n.execute(workflowId, { timeoutMs: EXECUTE_TIMEOUT_MS, env });
	} finally {
		watch.stop();
	}
	const entries = emulator.log.slice(log0);
	const stats = requestStats(entries, counters.tokenRequests - tokens0, counters.peakConcurrent);
	return { exec, task: nodeTask(exec.json, NODE_UNDER_TEST), stats, entries, watch };
}

export function memoryFigures(
	watch: MemoryWatch,
	task: TaskData | undefined,
): MemoryFigures | undefined {
	if (!watch.reset || task?.startTime === undefined || task.executionTime === undefined)
		return undefined;
	const peak = peakUntil(watch, task.startTime + task.executionTime);
	if (!peak) return undefined;
	const processPeak = Math.max(...watch.samples.map((s) => s.hwmKb));
	return {
		rssBeforeMb: watch.reset.rssKb / MB,
		peakMb: peak.hwmKb / MB,
		deltaMb: (peak.hwmKb - watch.reset.rssKb) / MB,
		resetOk: watch.reset.ok,
		processPeakMb: processPeak / MB,
	};
}

/** CPU the process used between the last sample before the node started and the first after it ended. */
export function cpuFigures(watch: MemoryWatch, task: TaskData | undefined): CpuFigures | undefined {
	if (task?.startTime === undefined || task.executionTime === undefined) return undefined;
	const end = task.startTime + task.executionTime;
	const withCpu = watch.samples.filter(
		(s) => s.cpuMs !== undefined && s.mainCpuMs !== undefined && s.mainRunWaitMs !== undefined,
	);
	const before = [...withCpu].reverse().find((s) => s.t <= task.startTime!);
	const after = withCpu.find((s) => s.t >= end) ?? withCpu[withCpu.length - 1];
	if (!before || !after || after === before) return undefined;
	return {
		cpuMs: after.cpuMs! - before.cpuMs!,
		mainCpuMs: after.mainCpuMs! - before.mainCpuMs!,
		mainRunWaitMs: after.mainRunWaitMs! - before.mainRunWaitMs!,
		emulatorCpuMs: after.self && before.self ? after.self.cpuMs - before.self.cpuMs : undefined,
		emulatorRunWaitMs:
			after.self && before.self ? after.self.mainRunWaitMs - before.self.mainRunWaitMs : undefined,
	};
}

export function problemOf(outcome: RunOutcome, expectedItems: number): string | undefined {
	const { exec, task } = outcome;
	if (!exec.ok) {
		const error = exec.error as { message?: string } | string | undefined;
		return `execution failed: ${typeof error === 'string' ? error.slice(-400) : (error?.message ?? 'unknown')}`;
	}
	if (!task) {
		const top =
			exec.json && typeof exec.json === 'object'
				? Object.keys(exec.json).join(',')
				: typeof exec.json;
		return `no run data for the node under test (exit ${exec.code ?? exec.signal}, stdout ${exec.stdout.length} chars, parsed JSON keys: ${top}; stderr: ${exec.stderr.slice(-300)})`;
	}
	if (task.error) return `node error: ${task.error.message ?? ''}`;
	const items = task.data?.main?.[0]?.length ?? 0;
	if (items !== expectedItems) return `node output ${items} items, expected ${expectedItems}`;
	return undefined;
}

/* ------------------------------------------------------------------------------------------------
 * In-process export (n8n-core harness, child process)
 * ---------------------------------------------------------------------------------------------- */

export async function runInProcessExport(
	emulator: KornitxEmulator,
	round: number,
): Promise<InProcessResult> {
	const load = readLoad();
	const counters = emulator.counters;
	const tokens0 = counters.tokenRequests;
	counters.peakConcurrent = counters.inFlight;
	const log0 = emulator.log.length;
	const script = path.join(__dirname, 'inprocess-export.ts');
	const output = await new Promise<{ code: number | null; stdout: string; stderr: string }>(
		(resolve, reject) => {
			const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', script], {
				cwd: REPO_ROOT,
				env: { ...process.env, KORNITX_BENCH_CREDENTIAL: JSON.stringify(credentialData(emulator)) },
				stdio: ['ignore', 'pipe', 'pipe'],
			});
			let stdout = '';
			let stderr = '';
			child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
			child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
			const timer = setTimeout(() => child.kill('SIGKILL'), EXECUTE_TIMEOUT_MS);
			child.on('error', (e) => {
				clearTimeout(timer);
				reject(e);
			});
			child.on('close', (code) => {
				clearTimeout(timer);
				resolve({ code, stdout, stderr });
			});
		},
	);
	const line = output.stdout.split('\n').find((l) => l.startsWith('RESULT '));
	const stats = requestStats(
		emulator.log.slice(log0),
		counters.tokenRequests - tokens0,
		counters.peakConcurrent,
	);
	if (!line) {
		return {
			round,
			load,
			ok: false,
			error: `no result (exit ${output.code}): ${(output.stderr || output.stdout).slice(-600)}`,
			stats,
		};
	}
	const parsed = JSON.parse(line.slice('RESULT '.length)) as Omit<
		InProcessResult,
		'round' | 'load' | 'stats'
	>;
	return { ...parsed, round, load, stats };
}

/* ------------------------------------------------------------------------------------------------
 * Main
 * ---------------------------------------------------------------------------------------------- */
