/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, no-console -- dev tooling, never shipped in dist */
/* eslint-disable @n8n/community-nodes/no-dangerous-functions -- spawning the in-process child is the point of this dev tool */
/**
 * The benchmark runner: one n8n 2.x and emulators, per round every scenario of scenarios.ts
 * (imported as workflows, run with `n8n execute`, watched through /proc), the in-process export,
 * an optional CPU profile; then the report (report.ts) to the console and bench/results.md.
 */
import { spawn } from 'node:child_process';
import * as events from 'node:events';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import {
	oauthCredentialData,
	startEmulator,
	type KornitxEmulator,
	type LoggedRequest,
} from '../../test/emulator';
import {
	createN8nInstance,
	ensureN8n,
	importWorkflows,
	n8nId,
	nodeTask,
	type CredentialImport,
	type ExecuteResult,
	type N8nInstance,
	type TaskData,
} from '../n8n-runtime';
import { formatLoad, loadIsHigh, peakUntil, readLoad, watchMemory, type MemoryWatch } from './proc';
import { summariseCpuProfile, type ProfileSummary } from './profile';
import {
	NODE_UNDER_TEST,
	httpUpdateOrders,
	httpUpdateStatus,
	kornitxExport,
	kornitxUpdateOrders,
	kornitxUpdateOrdersAutoMapped,
	kornitxUpdateStatus,
	HTTP_DEFAULT_BATCH_INTERVAL_MS,
	perItemWorkflow,
	singleNodeWorkflow,
	type CredentialRef,
} from './workflows';
import { buildReport, fmtMb, fmtMs, nodeVersionOf } from './report';
import {
	type Args,
	type CpuFigures,
	DIST,
	EXECUTE_TIMEOUT_MS,
	EXPORT_ITEMS_PER_ORDER,
	EXPORT_ORDERS,
	FROM_STATUS,
	type InProcessResult,
	KORNITX_BATCH_SIZE,
	MB,
	type MemoryFigures,
	N_UPDATES,
	PROFILE_GROUPS,
	REPO_ROOT,
	type RequestStats,
	RESULTS_FILE,
	type ScenarioDef,
	type ScenarioResult,
	SCENARIOS,
	TO_STATUS,
} from './scenarios';

/* ------------------------------------------------------------------------------------------------
 * Helpers
 * ---------------------------------------------------------------------------------------------- */

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * The credential a scenario imports. With `plainTokenUrl` its Token URL field points nowhere, so
 * the run fails unless the overwritten plain Access Token URL is what n8n really used.
 */
function credentialData(emulator: KornitxEmulator, plainTokenUrl = false): Record<string, unknown> {
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
function plainTokenUrlBuild(dist: string): string {
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
function seedOrders(emulator: KornitxEmulator, count: number, status: number): number[] {
	const before = new Set(emulator.orders.keys());
	emulator.seedBulk(count, 1, status);
	const ids = [...emulator.orders.keys()].filter((id) => !before.has(id)).sort((a, b) => a - b);
	if (ids.length !== count)
		throw new Error(`seedBulk added ${ids.length} orders, expected ${count}`);
	return ids;
}

function requestStats(
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

interface RunOutcome {
	exec: ExecuteResult;
	task?: TaskData;
	stats: RequestStats;
	entries: LoggedRequest[];
	watch: MemoryWatch;
}

/** Runs one imported workflow with `n8n execute`, watching the emulator and the n8n process. */
async function runWorkflow(
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

function memoryFigures(watch: MemoryWatch, task: TaskData | undefined): MemoryFigures | undefined {
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
function cpuFigures(watch: MemoryWatch, task: TaskData | undefined): CpuFigures | undefined {
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

function problemOf(outcome: RunOutcome, expectedItems: number): string | undefined {
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

async function runInProcessExport(
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

export async function runBench(args: Args): Promise<void> {
	const missing = [
		'nodes/Kornitx/Kornitx.node.js',
		'credentials/KornitxOAuth2Api.credentials.js',
	].filter((f) => !fs.existsSync(path.join(args.dist, f)));
	if (missing.length)
		throw new Error(
			`dist/ is not built (${missing.join(', ')} missing): run \`npm run bench\`, which builds first`,
		);
	if (args.concurrency !== undefined) {
		for (const def of SCENARIOS.filter(
			(d) => d.slug === 'kxStatus' || d.slug === 'kxStatusPlain',
		)) {
			def.concurrency = args.concurrency;
			def.label = `${def.label} [concurrency ${args.concurrency}, not the default]`;
		}
	}
	const startedAt = new Date();
	const startLoad = readLoad();
	console.log(
		`[bench] load ${formatLoad(startLoad)}${loadIsHigh(startLoad) ? '  (high: other work is running)' : ''}`,
	);

	const install = await ensureN8n('2');
	// The emulator's latency sleeps each add an abort listener to one AbortSignal; with the HTTP
	// Request node's bursts that is dozens at once, which only triggers Node's leak warning.
	events.EventEmitter.defaultMaxListeners = 5000;
	const updates = await startEmulator({ host: '127.0.0.1', port: 0, latencyMs: args.latencyMs });
	const exports = await startEmulator({ host: '127.0.0.1', port: 0, latencyMs: args.latencyMs });
	exports.orders.clear(); // only the bulk orders: exactly EXPORT_ORDERS × EXPORT_ITEMS_PER_ORDER rows
	exports.seedBulk(EXPORT_ORDERS, EXPORT_ITEMS_PER_ORDER, TO_STATUS);
	const userFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'kornitx-bench-'));
	const n8n = createN8nInstance(install, { customExtensions: args.dist, userFolder });
	const wantPlain = SCENARIOS.some(
		(d) => d.plainTokenUrl && (!args.only || args.only.includes(d.slug)),
	);
	const plainDist = wantPlain ? plainTokenUrlBuild(args.dist) : undefined;
	const plainUserFolder = wantPlain
		? fs.mkdtempSync(path.join(os.tmpdir(), 'kornitx-bench-plain-'))
		: undefined;
	const plainN8n = plainDist
		? createN8nInstance(install, { customExtensions: plainDist, userFolder: plainUserFolder })
		: undefined;
	if (args.dist !== DIST)
		console.log(`[bench] loading the package from ${args.dist} instead of dist/`);
	console.log(
		`[bench] n8n ${install.version} (Node ${nodeVersionOf(install.nodeBin)}), emulators ${updates.baseUrl} and ${exports.baseUrl}, latency ${args.latencyMs} ms, user folder ${userFolder}`,
	);

	const results: ScenarioResult[] = [];
	const inProcess: InProcessResult[] = [];
	let profile: ProfileSummary | undefined;
	let profileStats: RequestStats | undefined;
	let profileNodeMs: number | undefined;
	try {
		// Every round: its own orders and credentials (no stored token), imported in two CLI calls.
		const credentials: CredentialImport[] = [];
		const workflows: Array<Record<string, unknown>> = [];
		const plainCredentials: CredentialImport[] = [];
		const plainWorkflows: Array<Record<string, unknown>> = [];
		const plan: Array<Array<{ def: ScenarioDef; workflowId: string; orderIds: number[] }>> = [];
		const rounds = args.rounds + (args.profile ? 1 : 0);
		for (let round = 1; round <= rounds; round++) {
			const entries: Array<{ def: ScenarioDef; workflowId: string; orderIds: number[] }> = [];
			const selected = args.only ? SCENARIOS.filter((d) => args.only!.includes(d.slug)) : SCENARIOS;
			const defs =
				round > args.rounds
					? SCENARIOS.filter((d) => d.slug === args.profile)
					: selected.filter((d) => !d.paced || round === 1);
			for (const def of defs) {
				const credential: CredentialRef = {
					id: n8nId(),
					name: `KornitX bench r${round} ${def.slug}`,
				};
				const emulator = def.group === 'export' ? exports : updates;
				(def.plainTokenUrl ? plainCredentials : credentials).push({
					id: credential.id,
					name: credential.name,
					type: 'kornitxOAuth2Api',
					data: credentialData(emulator, def.plainTokenUrl),
				});
				const orderIds =
					def.group === 'export'
						? []
						: seedOrders(updates, def.paced ? args.pacedItems : N_UPDATES, FROM_STATUS);
				const name = `bench r${round} ${def.slug}`;
				let wf: Record<string, unknown>;
				switch (def.slug) {
					case 'kxStatus':
					case 'kxStatusPlain':
						wf = perItemWorkflow(
							name,
							orderIds,
							kornitxUpdateStatus(credential, TO_STATUS, args.concurrency),
						);
						break;
					case 'httpStatus':
						wf = perItemWorkflow(
							name,
							orderIds,
							httpUpdateStatus(credential, updates.urls.rest, TO_STATUS, 'default'),
						);
						break;
					case 'httpStatusBatch1':
						wf = perItemWorkflow(
							name,
							orderIds,
							httpUpdateStatus(credential, updates.urls.rest, TO_STATUS, 'onePerBatch'),
						);
						break;
					case 'httpStatusPaced':
						wf = perItemWorkflow(
							name,
							orderIds,
							httpUpdateStatus(credential, updates.urls.rest, TO_STATUS, 'onePerBatchPaced'),
						);
						break;
					case 'kxUpdate':
						wf = perItemWorkflow(name, orderIds, kornitxUpdateOrders(credential, TO_STATUS));
						break;
					case 'kxUpdateAuto':
						// The items carry the fields under the API's names, as an upstream system would send them.
						wf = perItemWorkflow(
							name,
							orderIds,
							kornitxUpdateOrdersAutoMapped(credential),
							(id) => ({
								id,
								status: TO_STATUS,
								shipping_tracking: `TRK-${id}`,
							}),
						);
						break;
					case 'httpUpdate':
						wf = perItemWorkflow(
							name,
							orderIds,
							httpUpdateOrders(credential, updates.urls.graphql, TO_STATUS, 'default'),
						);
						break;
					case 'kxExport':
						wf = singleNodeWorkflow(name, kornitxExport(credential));
						break;
				}
				(def.plainTokenUrl ? plainWorkflows : workflows).push(wf);
				entries.push({ def, workflowId: wf.id as string, orderIds });
			}
			plan.push(entries);
		}
		console.log(
			`[bench] importing ${credentials.length} credentials and ${workflows.length} workflows …`,
		);
		if (credentials.length) await n8n.importCredentials(credentials);
		if (workflows.length) await importWorkflows(n8n, workflows);
		if (plainN8n && plainCredentials.length) {
			await plainN8n.importCredentials(plainCredentials);
			await importWorkflows(plainN8n, plainWorkflows);
		}

		for (let round = 1; round <= args.rounds; round++) {
			let load = readLoad();
			if (loadIsHigh(load)) {
				console.log(
					`[bench] round ${round}: load ${formatLoad(load)} is high; waiting up to 60 s for it to drop …`,
				);
				for (let waited = 0; waited < 60_000 && loadIsHigh(load); waited += 5000) {
					await sleep(5000);
					load = readLoad();
				}
			}
			console.log(`\n[bench] round ${round}/${args.rounds} (load ${formatLoad(load)})`);
			for (const { def, workflowId, orderIds } of plan[round - 1]) {
				const emulator = def.group === 'export' ? exports : updates;
				const scenarioLoad = readLoad();
				process.stdout.write(`[bench]   ${def.label} … `);
				const outcome = await runWorkflow(
					def.plainTokenUrl ? plainN8n! : n8n,
					emulator,
					workflowId,
				);
				const expectedItems = def.group === 'export' ? EXPORT_ORDERS : orderIds.length;
				let problem = problemOf(outcome, expectedItems);
				const items = outcome.task?.data?.main?.[0] ?? [];
				let verified: number;
				if (def.group === 'export') {
					verified = items.reduce(
						(sum, item) => sum + ((item.json.items as unknown[] | undefined)?.length ?? 0),
						0,
					);
					if (!problem && verified !== EXPORT_ORDERS * EXPORT_ITEMS_PER_ORDER)
						problem = `grouped ${verified} rows, expected ${EXPORT_ORDERS * EXPORT_ITEMS_PER_ORDER}`;
				} else {
					verified = orderIds.filter((id) => updates.getOrder(id)?.status === TO_STATUS).length;
					if (!problem && verified !== orderIds.length)
						problem = `${orderIds.length - verified} orders not in status ${TO_STATUS} afterwards`;
				}
				const concurrency = def.concurrency ?? (outcome.stats.peakConcurrent || undefined);
				let floorMs: number | undefined;
				let floorNote: string;
				if (def.slug === 'kxUpdate' || def.slug === 'kxUpdateAuto') {
					const batches = Math.ceil(N_UPDATES / KORNITX_BATCH_SIZE);
					floorMs = batches * args.latencyMs;
					floorNote = `${batches} batches × ${args.latencyMs} ms, one after another`;
				} else if (def.group === 'export') {
					floorMs = 2 * args.latencyMs;
					floorNote = `token + export request × ${args.latencyMs} ms`;
				} else if (def.paced) {
					floorMs = (orderIds.length - 1) * HTTP_DEFAULT_BATCH_INTERVAL_MS + args.latencyMs;
					floorNote = `${orderIds.length - 1} intervals × ${HTTP_DEFAULT_BATCH_INTERVAL_MS} ms + ${args.latencyMs} ms`;
				} else {
					floorMs = concurrency ? (N_UPDATES * args.latencyMs) / concurrency : undefined;
					floorNote = def.concurrency
						? `${N_UPDATES} × ${args.latencyMs} ms ÷ ${def.concurrency}`
						: `${N_UPDATES} × ${args.latencyMs} ms ÷ ${concurrency ?? '?'} (observed peak; the node sets no limit)`;
				}
				const result: ScenarioResult = {
					def,
					round,
					load: scenarioLoad,
					ok: !problem,
					problem,
					nodeMs: outcome.task?.executionTime,
					cliMs: outcome.exec.ms,
					outputItems: items.length,
					verified,
					items: orderIds.length,
					stats: outcome.stats,
					floorMs,
					floorNote,
					memory: memoryFigures(outcome.watch, outcome.task),
					cpu: cpuFigures(outcome.watch, outcome.task),
					crashedOnExit: outcome.exec.crashedOnExit,
				};
				results.push(result);
				console.log(
					`${fmtMs(result.nodeMs)} (execute ${fmtMs(result.cliMs)}), ${result.stats.requests} requests, ${result.stats.tokenRequests} tokens, peak ${result.stats.peakConcurrent} in flight${result.memory ? `, peak RSS +${fmtMb(result.memory.deltaMb)}` : ''}${problem ? `  PROBLEM: ${problem}` : ''}`,
				);
			}
			if (args.only && !args.only.includes('kxExport')) continue;
			process.stdout.write(`[bench]   KornitX · Export in process (n8n-core harness) … `);
			const ip = await runInProcessExport(exports, round);
			inProcess.push(ip);
			console.log(
				ip.ok
					? `${fmtMs(ip.executionTimeMs)}, ${ip.orders} orders / ${ip.rows} rows, peak RSS +${fmtMb((ip.peakDeltaKb ?? 0) / MB)}`
					: `FAILED: ${ip.error}`,
			);
		}

		if (args.profile) {
			const { workflowId } = plan[args.rounds][0];
			const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kornitx-bench-prof-'));
			const profiled = SCENARIOS.find((d) => d.slug === args.profile)!;
			console.log(
				`\n[bench] profiling one more run of ${profiled.label} (n8n --cpu-prof into ${dir}) …`,
			);
			const outcome = await runWorkflow(
				n8n,
				profiled.group === 'export' ? exports : updates,
				workflowId,
				{
					NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${dir}`,
				},
			);
			profileStats = outcome.stats;
			profileNodeMs = outcome.task?.executionTime;
			const files = fs.readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'));
			const main = files
				.map((f) => ({ f, size: fs.statSync(path.join(dir, f)).size }))
				.sort((a, b) => b.size - a.size)[0];
			if (
				main &&
				outcome.task?.startTime !== undefined &&
				outcome.task.executionTime !== undefined
			) {
				profile = summariseCpuProfile(
					path.join(dir, main.f),
					outcome.task.startTime,
					outcome.task.startTime + outcome.task.executionTime,
					PROFILE_GROUPS[args.profile] ?? [],
				);
			}
			if (process.env.KORNITX_BENCH_KEEP === '1')
				console.log(
					`[bench] kept the profile in ${dir} (node ran ${outcome.task?.startTime} + ${outcome.task?.executionTime} ms)`,
				);
			else fs.rmSync(dir, { recursive: true, force: true });
		}
	} finally {
		await n8n.stop();
		await plainN8n?.stop();
		if (plainDist) fs.rmSync(plainDist, { recursive: true, force: true });
		if (plainUserFolder && process.env.KORNITX_BENCH_KEEP !== '1')
			fs.rmSync(plainUserFolder, { recursive: true, force: true });
		await updates.close();
		await exports.close();
		if (process.env.KORNITX_BENCH_KEEP !== '1')
			fs.rmSync(userFolder, { recursive: true, force: true });
	}

	const report = buildReport({
		args,
		startedAt,
		startLoad,
		install: install.version,
		nodeBin: install.nodeBin,
		results,
		inProcess,
		profile,
		profileStats,
		profileNodeMs,
	});
	console.log(`\n${report.text}`);
	fs.mkdirSync(path.dirname(RESULTS_FILE), { recursive: true });
	fs.writeFileSync(RESULTS_FILE, report.markdown);
	console.log(`\n[bench] wrote ${path.relative(REPO_ROOT, RESULTS_FILE)}`);
}
