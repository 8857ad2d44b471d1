/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, no-console -- dev tooling, never shipped in dist */
/**
 * `npm run bench` (= `npm run build && tsx scripts/bench.ts`): throughput and memory of the KornitX
 * node in a real n8n 2.x (`n8n execute`, dist/ loaded as CUSTOM.kornitx), against the KornitX
 * emulator running in this process with 20 ms latency per request. Prints a table, whether each
 * target is met, and writes the same to bench/results.md (overwritten).
 *
 *   npx tsx scripts/bench.ts [--rounds N] [--latency MS] [--profile [SLUG]] [--only SLUG,SLUG,…]
 *                            [--concurrency N] [--dist DIR] [--paced-items N]
 * --concurrency sets the KornitX Update Status node's Concurrency option (default: the node's
 * default, 5); --dist loads another build of the package instead of dist/ (to try a change).
 *
 * Per round (each with freshly seeded orders and its own credentials, so every run starts
 * without a stored token, as a first run of the day would):
 *   1. 1,000 status updates (orders in 4 → 8): KornitX node (default options: concurrency 5; once
 *      with a Custom credential as the emulator needs, once with the token URL a plain value as a
 *      Production credential has it)
 *      vs n8n's HTTP Request node (PUT per item, credential "Predefined Credential Type" →
 *      KornitX OAuth2 API), with default options, with Options → Batching 1 item / 0 ms, and
 *      (round 1 only) with Batching 1 item at its default 1,000 ms interval on --paced-items
 *      orders (default 100, scaled to 1,000; --paced-items 1000 runs all ~17 minutes of it).
 *   2. 1,000 order updates: KornitX Order → Update (GraphQL, batch size 50) vs HTTP Request
 *      POSTing one updateOrders mutation per item.
 *   3. Export of 50,000 rows (10,000 orders × 5 items) grouped into orders: in n8n (peak RSS of
 *      the `n8n execute` process) and in process with n8n-core (test/harness, child process).
 * The time of a node is its run data `executionTime` (n8n's own measure of that node's run).
 * --profile [kxStatus|kxUpdate|kxUpdateAuto|kxExport] (default kxStatus) adds a CPU profile of one extra run of
 * that scenario (n8n started with --cpu-prof) and prints where the n8n process spent its time.
 * Env: KORNITX_BENCH_KEEP=1 keeps the temporary n8n user folder and the CPU profile; KORNITX_N8N_CACHE as for the runtime.
 *
 * --only push runs only the push scenario (scripts/bench/push.ts: 1,000 pushes into `n8n start`,
 * KornitX Push Trigger vs n8n's Webhook node + a Code node checking the HMAC); a full run ends with it.
 *
 * Needs Linux /proc (memory, CPU and run-queue figures of the n8n process). Run it on a quiet
 * machine: every figure is printed with the 1-minute load, and a round waits up to 60 s for the
 * load to drop below the CPU count.
 */
import * as path from 'node:path';

import { PUSH_SLUG, runPushBench } from './bench/push';
import { runBench } from './bench/run';
import {
	DEFAULT_PACED_ITEMS,
	DIST,
	N_UPDATES,
	PROFILE_GROUPS,
	RESULTS_FILE,
	SCENARIOS,
	type Args,
	type ScenarioSlug,
} from './bench/scenarios';

export function parseArgs(argv: string[]): Args {
	const args: Args = { rounds: 2, latencyMs: 20, dist: DIST, pacedItems: DEFAULT_PACED_ITEMS };
	for (let i = 0; i < argv.length; i++) {
		const a = argv[i];
		const value = () => {
			const v = Number(argv[++i]);
			if (!Number.isFinite(v) || v < 0) throw new Error(`${a} needs a number`);
			return v;
		};
		if (a === '--rounds') args.rounds = Math.max(1, Math.floor(value()));
		else if (a === '--latency') args.latencyMs = value();
		else if (a === '--profile') {
			const next = argv[i + 1];
			const slug = next && !next.startsWith('--') ? (argv[++i] as ScenarioSlug) : 'kxStatus';
			if (!PROFILE_GROUPS[slug])
				throw new Error(`--profile takes one of ${Object.keys(PROFILE_GROUPS).join(', ')}`);
			args.profile = slug;
		} else if (a === '--dist') args.dist = path.resolve(String(argv[++i] ?? ''));
		else if (a === '--concurrency') args.concurrency = Math.max(1, Math.floor(value()));
		else if (a === '--only')
			args.only = String(argv[++i] ?? '')
				.split(',')
				.filter(Boolean);
		else if (a === '--paced-items')
			args.pacedItems = Math.min(N_UPDATES, Math.max(2, Math.floor(value())));
		else
			throw new Error(
				`unknown argument ${a} (use --rounds N, --latency MS, --profile [SLUG], --dist DIR, --concurrency N, --paced-items N, --only ${[...SCENARIOS.map((d) => d.slug), PUSH_SLUG].join(',')})`,
			);
	}
	return args;
}

if (require.main === module) {
	(async () => {
		const args = parseArgs(process.argv.slice(2));
		const pushBench = async () =>
			await runPushBench({
				pushes: 1000,
				concurrency: 10,
				dist: args.dist,
				resultsFile: RESULTS_FILE,
			});
		if (args.only?.length && args.only.every((slug) => slug === PUSH_SLUG))
			return await pushBench();
		await runBench(args);
		if (!args.only || args.only.includes(PUSH_SLUG)) await pushBench();
	})().catch((error: unknown) => {
		console.error(
			`[bench] ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
		);
		process.exitCode = 1;
	});
}
