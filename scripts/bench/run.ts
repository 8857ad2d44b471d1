/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, no-console -- dev tooling, never shipped in dist */
/**
 * The benchmark runner: one n8n 2.x and emulators, per round every scenario of scenarios.ts
 * (imported as workflows, run with `n8n execute`, watched through /proc), the in-process export,
 * an optional CPU profile; then the report (report.ts) to the console and bench/results.md.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import * as events from 'node:events';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { startEmulator } from '../../test/emulator';
import {
	createN8nInstance,
	ensureN8n,
	importWorkflows,
	n8nId,
	type CredentialImport,
} from '../n8n-runtime';
import { formatLoad, loadIsHigh, readLoad } from './proc';
import { summariseCpuProfile, type ProfileSummary } from './profile';
import {
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
	DIST,
	EXPORT_ITEMS_PER_ORDER,
	EXPORT_ORDERS,
	FROM_STATUS,
	type InProcessResult,
	KORNITX_BATCH_SIZE,
	MB,
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
import {
	credentialData,
	plainTokenUrlBuild,
	seedOrders,
	runWorkflow,
	memoryFigures,
	cpuFigures,
	problemOf,
	runInProcessExport,
} from './measure';

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
