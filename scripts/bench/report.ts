/* eslint-disable @n8n/community-nodes/no-restricted-imports -- dev tooling, never shipped in dist */
/**
 * The benchmark's report: tables of the figures run.ts collected, each target of the product's
 * performance goals with whether it is met, the load and profile sections; text for the console,
 * markdown for bench/results.md.
 */
import * as os from 'node:os';

import { formatLoad, loadIsHigh, type LoadSample } from './proc';
import { type ProfileSummary } from './profile';
import { HTTP_DEFAULT_BATCH_INTERVAL_MS } from './workflows';
import {
	type Args,
	DEFAULT_PACED_ITEMS,
	DIST,
	EXPORT_ORDERS,
	type InProcessResult,
	KORNITX_CONCURRENCY,
	MB,
	N_UPDATES,
	type RequestStats,
	type ScenarioResult,
	SCENARIOS,
	type ScenarioSlug,
} from './scenarios';

/* ------------------------------------------------------------------------------------------------
 * Reporting
 * ---------------------------------------------------------------------------------------------- */

export const fmtMs = (ms: number | undefined) =>
	ms === undefined ? '—' : ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`;
export const fmtX = (x: number | undefined) =>
	x === undefined || !Number.isFinite(x) ? '—' : `${x.toFixed(x >= 10 ? 1 : 2)}×`;
export const fmtMb = (mb: number | undefined) => (mb === undefined ? '—' : `${mb.toFixed(0)} MB`);

export function table(headers: string[], rows: string[][]): { text: string; markdown: string } {
	const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
	const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ');
	const text = [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join(
		'\n',
	);
	const md = (cells: string[]) => `| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`;
	const markdown = [md(headers), `|${headers.map(() => '---').join('|')}|`, ...rows.map(md)].join(
		'\n',
	);
	return { text, markdown };
}

export interface Target {
	name: string;
	value: string;
	met: boolean | undefined;
}

export function median(values: number[]): number | undefined {
	if (!values.length) return undefined;
	const s = [...values].sort((a, b) => a - b);
	const m = Math.floor(s.length / 2);
	return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Node time minus the time n8n's main thread waited for a CPU: what the run would take on an otherwise idle machine (estimate). */
export function uncontendedMs(r: ScenarioResult): number | undefined {
	return r.nodeMs !== undefined && r.cpu ? Math.max(0, r.nodeMs - r.cpu.mainRunWaitMs) : undefined;
}

export function nodeVersionOf(nodeBin: string): string {
	const m = /node-(\d+\.\d+\.\d+)/.exec(nodeBin);
	return m ? m[1] : nodeBin;
}

/* ------------------------------------------------------------------------------------------------
 * Report
 * ---------------------------------------------------------------------------------------------- */

export interface ReportInput {
	args: Args;
	startedAt: Date;
	startLoad: LoadSample;
	install: string;
	nodeBin: string;
	results: ScenarioResult[];
	inProcess: InProcessResult[];
	profile?: ProfileSummary;
	profileStats?: RequestStats;
	profileNodeMs?: number;
}

/**
 * A paced run on fewer than N_UPDATES orders: `ms` scaled to N_UPDATES orders (its 1,000 ms
 * intervals dominate, so by intervals: × (N_UPDATES − 1) ÷ (orders − 1)). Otherwise undefined.
 */
export function extrapolated(r: ScenarioResult, ms: number | undefined): number | undefined {
	if (ms === undefined || !r.def.paced || r.items >= N_UPDATES) return undefined;
	return (ms * (N_UPDATES - 1)) / (r.items - 1);
}

export function buildReport(input: ReportInput): { text: string; markdown: string } {
	const { args, results, inProcess } = input;
	const byKey = (slug: ScenarioSlug, round: number) =>
		results.find((r) => r.def.slug === slug && r.round === round);
	const rows: string[][] = [];
	for (const r of results) {
		const baseSlug: ScenarioSlug | undefined =
			r.def.group === 'status' ? 'kxStatus' : r.def.group === 'update' ? 'kxUpdate' : undefined;
		const base = baseSlug ? byKey(baseSlug, r.round) : undefined;
		const extrapolatedMs = extrapolated(r, r.nodeMs);
		const comparable = extrapolatedMs ?? r.nodeMs;
		const variantOf = r.def.plainTokenUrl
			? 'the Custom credential run'
			: r.def.slug === 'kxUpdateAuto'
				? 'the run with expressions'
				: undefined;
		const ratio = variantOf
			? base?.nodeMs && r.nodeMs
				? `${fmtX(base.nodeMs / r.nodeMs)} the speed of ${variantOf}`
				: '—'
			: base && base !== r && base.nodeMs && comparable
				? `KornitX ${fmtX(comparable / base.nodeMs)} faster${extrapolatedMs ? ` (${N_UPDATES} orders extrapolated: ${fmtMs(extrapolatedMs)})` : ''}`
				: r === base
					? '(baseline)'
					: '—';
		rows.push([
			String(r.round),
			r.items !== N_UPDATES && r.def.group !== 'export'
				? `${r.def.label} — ${r.items} orders`
				: r.def.label,
			fmtMs(r.nodeMs),
			fmtMs(uncontendedMs(r)),
			fmtMs(r.floorMs),
			r.nodeMs !== undefined && r.floorMs ? fmtX(r.nodeMs / r.floorMs) : '—',
			ratio,
			String(r.stats.requests),
			String(r.stats.tokenRequests),
			String(r.stats.peakConcurrent),
			r.stats.meanInFlight.toFixed(1),
			r.memory
				? `${fmtMb(r.memory.deltaMb)} (${fmtMb(r.memory.rssBeforeMb)} → ${fmtMb(r.memory.peakMb)})`
				: '—',
			r.load.avg1.toFixed(2) + (loadIsHigh(r.load) ? ' high' : ''),
			r.ok ? 'ok' : `PROBLEM: ${r.problem}`,
		]);
	}
	for (const ip of inProcess) {
		rows.push([
			String(ip.round),
			'KornitX · Export in process (n8n-core harness)',
			fmtMs(ip.executionTimeMs),
			ip.executionTimeMs !== undefined && ip.runWaitMs !== undefined
				? fmtMs(Math.max(0, ip.executionTimeMs - ip.runWaitMs))
				: '—',
			fmtMs(2 * args.latencyMs),
			ip.executionTimeMs !== undefined ? fmtX(ip.executionTimeMs / (2 * args.latencyMs)) : '—',
			'—',
			String(ip.stats?.requests ?? '—'),
			String(ip.stats?.tokenRequests ?? '—'),
			String(ip.stats?.peakConcurrent ?? '—'),
			ip.stats ? ip.stats.meanInFlight.toFixed(1) : '—',
			ip.peakDeltaKb !== undefined
				? `${fmtMb(ip.peakDeltaKb / MB)} (${fmtMb((ip.rssBeforeKb ?? 0) / MB)} → ${fmtMb((ip.peakKb ?? 0) / MB)})`
				: '—',
			ip.load.avg1.toFixed(2) + (loadIsHigh(ip.load) ? ' high' : ''),
			ip.ok ? 'ok' : `PROBLEM: ${ip.error}`,
		]);
	}
	const main = table(
		[
			'round',
			'scenario',
			'node time',
			'node time − CPU wait',
			'floor',
			'time ÷ floor',
			'vs KornitX',
			'requests',
			'tokens',
			'peak conc.',
			'mean in flight',
			'peak RSS Δ (before → peak)',
			'load 1m',
			'check',
		],
		rows,
	);

	// Targets: judged on the median over rounds (each round's figures are in the table), once on
	// the measured node times and once on the estimate without CPU contention.
	const med = (slug: ScenarioSlug, pick: (r: ScenarioResult) => number | undefined) =>
		median(
			results
				.filter((r) => r.def.slug === slug && r.ok)
				.map(pick)
				.filter((v): v is number => v !== undefined),
		);
	const pacedRun = results.find((r) => r.def.slug === 'httpStatusPaced');
	const pacedNote =
		pacedRun && pacedRun.items !== N_UPDATES
			? ` (run on ${pacedRun.items} orders, scaled to ${N_UPDATES})`
			: '';
	const kxFloor =
		(N_UPDATES * args.latencyMs) /
		(SCENARIOS.find((d) => d.slug === 'kxStatus')!.concurrency ?? KORNITX_CONCURRENCY);
	const ipOk = inProcess.filter((r) => r.ok);
	const ratio = (a?: number, b?: number) => (a !== undefined && b ? a / b : undefined);
	const judge = (
		time: (r: ScenarioResult) => number | undefined,
		ipTime: (r: InProcessResult) => number | undefined,
	) => {
		const kxStatus = med('kxStatus', time);
		const httpStatus = med('httpStatus', time);
		const httpBatch1 = med('httpStatusBatch1', time);
		const kxPlain = med('kxStatusPlain', time);
		const httpPaced = med('httpStatusPaced', (r) => extrapolated(r, time(r)) ?? time(r));
		const kxUpdate = med('kxUpdate', time);
		const kxUpdateAuto = med('kxUpdateAuto', time);
		const httpUpdate = med('httpUpdate', time);
		const kxExport = med('kxExport', time);
		const ipExport = median(ipOk.map(ipTime).filter((v): v is number => v !== undefined));
		const kxUpdateRequests = med('kxUpdate', (r) => r.stats.requests);
		const kxExportMem = med('kxExport', (r) => r.memory?.deltaMb);
		const ipMem = median(ipOk.map((r) => (r.peakDeltaKb ?? 0) / MB));
		const both = <T>(a: T | undefined, b: T | undefined, test: (a: T, b: T) => boolean) =>
			a === undefined || b === undefined ? undefined : test(a, b);
		return [
			{
				value: `${fmtMs(kxStatus)} ÷ ${fmtMs(httpStatus)} = ${fmtX(ratio(kxStatus, httpStatus))}`,
				met: both(kxStatus, httpStatus, (k, h) => k <= 1.5 * h),
			},
			{
				value: `${fmtMs(httpPaced)}${pacedNote} ÷ ${fmtMs(kxStatus)} = ${fmtX(ratio(httpPaced, kxStatus))}`,
				met: both(httpPaced, kxStatus, (h, k) => h / k >= 5),
			},
			{
				value: `${fmtMs(kxStatus)} = ${fmtX(ratio(kxStatus, kxFloor))} floor`,
				met: both(kxStatus, kxFloor, (a, f) => a <= 1.5 * f),
			},
			{
				value: `${fmtMs(kxPlain)} = ${fmtX(ratio(kxPlain, kxFloor))} floor`,
				met: both(kxPlain, kxFloor, (a, f) => a <= 1.5 * f),
			},
			{
				value: `${fmtMs(httpStatus)} ÷ ${fmtMs(kxStatus)} = ${fmtX(ratio(httpStatus, kxStatus))}`,
				met: both(httpStatus, kxStatus, (h, k) => h / k >= 5),
			},
			{
				value: `${fmtMs(httpBatch1)} ÷ ${fmtMs(kxStatus)} = ${fmtX(ratio(httpBatch1, kxStatus))}`,
				met: both(httpBatch1, kxStatus, (h, k) => h / k >= 5),
			},
			{
				value: `${kxUpdateRequests ?? '—'} requests`,
				met: kxUpdateRequests === undefined ? undefined : kxUpdateRequests <= 25,
			},
			{
				value: `${fmtMs(httpUpdate)} ÷ ${fmtMs(kxUpdate)} = ${fmtX(ratio(httpUpdate, kxUpdate))}`,
				met: both(httpUpdate, kxUpdate, (h, k) => h / k >= 10),
			},
			{
				value: `${fmtMs(httpUpdate)} ÷ ${fmtMs(kxUpdateAuto)} = ${fmtX(ratio(httpUpdate, kxUpdateAuto))}`,
				met: both(httpUpdate, kxUpdateAuto, (h, k) => h / k >= 10),
			},
			{
				value: `${fmtMs(kxExport)} (in process: ${fmtMs(ipExport)})`,
				met: kxExport === undefined ? undefined : kxExport < 2000,
			},
			{
				value: `${fmtMb(kxExportMem)} (in process: ${fmtMb(ipMem)})`,
				met: kxExportMem === undefined ? undefined : kxExportMem < 300,
			},
		];
	};
	const measured = judge(
		(r) => r.nodeMs,
		(r) => r.executionTimeMs,
	);
	const estimated = judge(uncontendedMs, (r) =>
		r.executionTimeMs !== undefined && r.runWaitMs !== undefined
			? Math.max(0, r.executionTimeMs - r.runWaitMs)
			: undefined,
	);
	const targetNames = [
		'Update Status: KornitX within 1.5× of HTTP Request with default settings (time ÷ its time ≤ 1.5)',
		`Update Status: KornitX ≥ 5× faster than HTTP Request with one item per batch (its default ${HTTP_DEFAULT_BATCH_INTERVAL_MS} ms interval)`,
		`Update Status, stricter reading: KornitX within 1.5× of its floor (${fmtMs(kxFloor)})`,
		'… the same with the token URL a plain value, as a Production credential has it',
		'Update Status, stricter reading: KornitX ≥ 5× faster than HTTP Request with default settings',
		'Update Status, stricter reading: KornitX ≥ 5× faster than HTTP Request with 1 item per batch / 0 ms (n8n does not pace it)',
		'Update (GraphQL): ≤ 25 requests for 1,000 orders (token included)',
		'Update (GraphQL): ≥ 10× faster than one HTTP Request GraphQL call per item (fields mapped with 2 expressions per item)',
		'… the same with Mapping Mode "Map Automatically" (no expression per item; items carry the API-named fields)',
		'Export 50,000 rows → 10,000 orders: node time < 2 s (n8n)',
		'Export: peak memory < 300 MB (n8n process peak RSS − RSS when the node started)',
	];
	const yesNo = (met: boolean | undefined) => (met === undefined ? 'n/a' : met ? 'yes' : 'NO');
	const targets: Target[] = targetNames.map((name, i) => ({
		name,
		value: measured[i].value,
		met: measured[i].met,
	}));
	const targetTable = table(
		[
			'target',
			'measured (median of rounds)',
			'met',
			'without CPU contention (estimate)',
			'met (estimate)',
		],
		targets.map((t, i) => [
			t.name,
			t.value,
			yesNo(t.met),
			estimated[i].value,
			yesNo(estimated[i].met),
		]),
	);

	// Diagnostics from the emulator log: where the KornitX status run spends its time.
	const diagRows = results.map((r) => [
		String(r.round),
		r.def.label,
		`${r.stats.spanMs} ms`,
		`${r.stats.meanServerMs.toFixed(1)} ms`,
		r.stats.meanInFlight.toFixed(2),
		`${r.stats.meanStartGapMs.toFixed(2)} ms`,
		r.def.concurrency
			? `${((r.stats.spanMs * r.def.concurrency) / r.stats.requests - r.stats.meanServerMs).toFixed(1)} ms`
			: '—',
		r.nodeMs !== undefined ? `${Math.round(r.nodeMs - r.stats.spanMs)} ms` : '—',
		r.cpu ? `${fmtMs(r.cpu.cpuMs)} / ${fmtMs(r.cpu.mainCpuMs)}` : '—',
		r.cpu && r.nodeMs ? `${Math.round((100 * r.cpu.mainCpuMs) / r.nodeMs)} %` : '—',
		r.cpu && r.nodeMs
			? `${fmtMs(r.cpu.mainRunWaitMs)} (${Math.round((100 * r.cpu.mainRunWaitMs) / r.nodeMs)} %)`
			: '—',
		r.cpu && r.stats.requests ? `${(r.cpu.mainCpuMs / r.stats.requests).toFixed(1)} ms` : '—',
		r.cpu?.emulatorCpuMs !== undefined
			? `${fmtMs(r.cpu.emulatorCpuMs)} / ${fmtMs(r.cpu.emulatorRunWaitMs)}`
			: '—',
		Object.entries(r.stats.statuses)
			.map(([s, n]) => `${s}×${n}`)
			.join(' '),
	]);
	const diag = table(
		[
			'round',
			'scenario',
			'request span',
			'mean server time',
			'mean in flight',
			'mean gap between starts',
			'client time per request (per worker)',
			'node time − span',
			'n8n CPU during node (all / main thread)',
			'main thread busy',
			'main thread waiting for a CPU',
			'main-thread CPU per request',
			'emulator CPU / its wait for a CPU',
			'HTTP statuses',
		],
		diagRows,
	);
	const memRows = [
		...results
			.filter((r) => r.memory)
			.map((r) => [
				String(r.round),
				r.def.label,
				fmtMb(r.memory!.rssBeforeMb),
				fmtMb(r.memory!.peakMb),
				fmtMb(r.memory!.deltaMb),
				fmtMb(r.memory!.processPeakMb),
				r.memory!.resetOk ? 'yes' : 'NO',
			]),
		...ipOk.map((r) => [
			String(r.round),
			`KornitX · Export in process (Node ${r.nodeVersion}; heap ${fmtMb((r.heapBeforeBytes ?? 0) / 2 ** 20)} → ${fmtMb((r.heapAfterBytes ?? 0) / 2 ** 20)}, ${fmtMb((r.heapRetainedBytes ?? 0) / 2 ** 20)} after GC)`,
			fmtMb((r.rssBeforeKb ?? 0) / MB),
			fmtMb((r.peakKb ?? 0) / MB),
			fmtMb((r.peakDeltaKb ?? 0) / MB),
			'—',
			r.resetOk ? 'yes' : 'NO',
		]),
	];
	const mem = table(
		[
			'round',
			'run',
			'RSS at node start',
			'peak RSS during node',
			'peak Δ',
			'whole-process peak',
			'VmHWM reset',
		],
		memRows,
	);

	const loads = [
		`start of the bench: ${formatLoad(input.startLoad)}`,
		...[...new Set(results.map((r) => r.round))].map((round) => {
			const rs = results.filter((r) => r.round === round);
			return `round ${round}: 1-min load ${rs.map((r) => r.load.avg1.toFixed(2)).join(', ')} at the start of each scenario${rs.some((r) => loadIsHigh(r.load)) ? ' — HIGH (above the CPU count) for some' : ''}`;
		}),
	];

	const header = [
		`n8n ${input.install} on Node ${nodeVersionOf(input.nodeBin)} (\`n8n execute\`, this package's dist/ as CUSTOM.kornitx), emulator in the bench process with ${args.latencyMs} ms latency per request, ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? '?'}), ${Math.round(os.totalmem() / 2 ** 30)} GiB RAM. ${input.startedAt.toISOString()}. ${args.dist !== DIST ? `**Package loaded from ${args.dist}, not this repository's dist/.** ` : ''}${args.concurrency !== undefined ? `**KornitX Update Status run with Concurrency ${args.concurrency}.** ` : ''}Rounds: ${args.rounds}; each round uses freshly seeded orders and its own credentials, so every node run starts without a stored token.`,
	];
	const definitions = [
		"- **token URL a plain value, as for Production**: the same KornitX run in a second n8n that loads a copy of dist/ whose Custom credential stores its Access Token URL as a plain field (set to the emulator's token URL; its Token URL field points nowhere, so the run fails if n8n did not use the plain value). A Production credential has exactly that (its hidden Access Token URL defaults to a plain URL); a Custom one, which the emulator needs, derives it from its Token URL field with an expression that n8n evaluates on every request.",
		"- **node time**: the node's `executionTime` in n8n's run data (n8n's own measure of that node's run; excludes n8n start-up and the other nodes).",
		"- **node time − CPU wait**: node time minus the time n8n's main thread was ready to run but found every CPU taken (its schedstat run_delay over the node's run). An estimate of the node time on an otherwise idle machine; this machine is shared (other engineers' n8n and chromium runs), so the measured times swing with the load. The estimate is rough: the emulator and other threads also waited, and contention slows the CPU work itself (caches, steal).",
		"- **floor**: N × latency ÷ concurrency — the time the requests take if nothing but the emulator's latency counted. KornitX Update Status: concurrency 5 (the node's default). HTTP Request: it sets no limit (it starts every item's request at once), so its floor uses the peak concurrency the emulator saw. Update (GraphQL): batches of 50 are sent one after another, floor = 20 × latency.",
		'- **requests / tokens / peak conc.**: from the emulator (token requests included in requests; peak = most requests open at once). **mean in flight** = Σ request durations ÷ (first request start → last reply).',
		"- **peak RSS Δ** (n8n): the `n8n execute` process's VmRSS when the node's first request reached the emulator; its VmHWM is reset at that moment (`echo 5 > /proc/<pid>/clear_refs`) and read every 10 ms; the figure is VmHWM at the first reading at or after the node's end (start + executionTime) minus that VmRSS. It includes at most one 10 ms sampling interval after the node ended. **In process**: a child Node process runs the same dist/ node with n8n-core's WorkflowExecute (test/harness); after a full GC its VmHWM is reset, the node runs, and the figure is VmHWM − VmRSS before (the emulator lives in the parent, so it is not counted).",
		`- HTTP Request: n8n-nodes-base.httpRequest v4.5, Authentication "Predefined Credential Type" → "KornitX OAuth2 API" (n8n lets the HTTP Request node use any credential type; the OAuth2 token is fetched and applied by n8n's own OAuth2 code, as for the KornitX node). In n8n 2.41.1 the node starts every item's request without waiting (it awaits them all at the end) and sleeps between batches only when the batch interval is > 0, so "1 item per batch, 0 ms" behaves like the default. With no stored token, every parallel request fetches its own token. **One item per batch** as an n8n user sets it keeps the option's Batch Interval default of ${HTTP_DEFAULT_BATCH_INTERVAL_MS} ms: one request per second. That run takes ~17 minutes for ${N_UPDATES} orders, so it runs once (round 1), on --paced-items orders (default ${DEFAULT_PACED_ITEMS}), and its time is scaled to ${N_UPDATES} orders (× ${N_UPDATES - 1} ÷ (orders − 1): the intervals dominate); \`--paced-items ${N_UPDATES}\` runs it in full.`,
	];

	let profileText = '';
	if (input.profile) {
		const p = input.profile;
		profileText = [
			`CPU profile of one more run of ${SCENARIOS.find((d) => d.slug === args.profile)?.label ?? args.profile} (node time ${fmtMs(input.profileNodeMs)}, ${input.profileStats?.requests ?? '?'} requests; --cpu-prof slows n8n down). Main thread during the node: ${fmtMs(p.windowMs)} wall, ${fmtMs(p.busyMs)} busy (${((100 * p.busyMs) / Math.max(1, p.windowMs)).toFixed(0)} %), ${fmtMs(p.idleMs)} idle, ${fmtMs(p.gcMs)} GC.`,
			'',
			table(
				['self time', 'share of busy', 'function', 'where'],
				p.top.map((t) => [
					fmtMs(t.selfMs),
					`${((100 * t.selfMs) / Math.max(1, p.busyMs)).toFixed(1)} %`,
					t.name,
					t.where,
				]),
			).markdown,
			'',
			'Where the time goes (inclusive time of these functions: with what they called synchronously; an async function\'s continuations count under it, its callees\' continuations under them, so rows overlap and do not add up; "…" rows are called from the row above):',
			'',
			table(
				['part', 'time', 'share of busy', 'per input/output item'],
				p.groups.map((g) => [
					g.label,
					fmtMs(g.totalMs),
					`${((100 * g.totalMs) / Math.max(1, p.busyMs)).toFixed(1)} %`,
					`${(g.totalMs / (args.profile === 'kxExport' ? EXPORT_ORDERS : N_UPDATES)).toFixed(3)} ms`,
				]),
			).markdown,
			'',
			'Inclusive time (functions on the stack, this package and n8n):',
			'',
			table(
				['inclusive time', 'share of busy', 'function', 'where'],
				p.inclusive.map((t) => [
					fmtMs(t.totalMs),
					`${((100 * t.totalMs) / Math.max(1, p.busyMs)).toFixed(1)} %`,
					t.name,
					t.where,
				]),
			).markdown,
			'',
			'By package (self time, top 12):',
			'',
			table(
				['package / area', 'self time', 'share of busy'],
				p.byArea
					.slice(0, 12)
					.map((a) => [
						a.area,
						fmtMs(a.selfMs),
						`${((100 * a.selfMs) / Math.max(1, p.busyMs)).toFixed(1)} %`,
					]),
			).markdown,
		].join('\n');
	}

	const markdown = [
		'# Benchmark results',
		'',
		'Generated by `npm run bench` (`scripts/bench.ts`); overwritten on every run.',
		'',
		...header,
		'',
		'## Targets',
		'',
		"The rows are the product's performance goals. Update Status on 1,000 orders runs within 1.5× of n8n's HTTP Request node with default settings and ≥ 5× faster than HTTP Request sending one item per batch (the first two rows). A stricter reading (within 1.5× of the floor, ≥ 5× faster than every HTTP Request setting) is judged too, in the next three rows. Update (GraphQL) sends ≤ 25 requests for 1,000 orders and is ≥ 10× faster than one GraphQL call per item; Export turns 50,000 rows into 10,000 orders in < 2 s of node time with < 300 MB peak memory.",
		'',
		targetTable.markdown,
		'',
		'## Figures',
		'',
		main.markdown,
		'',
		'## Request timing (emulator log)',
		'',
		'"client time per request" = span × concurrency ÷ requests − mean server time: what each of the node\'s workers spends between one reply and its next request (n8n\'s request helper, credential handling, the node\'s own code). "n8n CPU during node": user + system CPU time of the `n8n execute` process (/proc/<pid>/stat, all threads, and its main thread alone) from the last sample before the node started to the first after it ended (10 ms ticks). "main thread busy" = main-thread CPU ÷ node time: near 100 % means the node is limited by CPU in n8n\'s single JavaScript thread, not by KornitX\'s latency. "main thread waiting for a CPU" = increase of its schedstat run_delay (/proc/<pid>/task/<pid>/schedstat): time it was ready to run but every CPU was taken (by other processes on this shared machine, or by the emulator in the bench process); busy + waiting near 100 % means CPU-bound. "emulator CPU": the bench process (which runs the emulator) over the same span, and how long its main thread waited for a CPU.',
		'',
		diag.markdown,
		'',
		'## Memory',
		'',
		mem.markdown,
		'',
		'## Load',
		'',
		...loads.map((l) => `- ${l}`),
		'',
		...(profileText ? ['## Profile', '', profileText, ''] : []),
		'## Definitions',
		'',
		...definitions,
		'',
	].join('\n');
	const text = [
		'TARGETS',
		targetTable.text,
		'',
		'FIGURES',
		main.text,
		'',
		'REQUEST TIMING (emulator log)',
		diag.text,
		'',
		'MEMORY',
		mem.text,
		'',
		'LOAD',
		...loads,
		...(profileText ? ['', 'PROFILE', profileText] : []),
	].join('\n');
	return { text, markdown };
}
