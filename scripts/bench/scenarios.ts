/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- dev tooling, never shipped in dist */
/**
 * What the benchmark measures: its constants (workload sizes, the node's defaults), the scenario
 * list (SCENARIOS: one row of the report each), the figures a run yields, and what a CPU profile
 * is broken down into per scenario. run.ts runs them, report.ts turns the figures into the report.
 */
import * as path from 'node:path';

import { type LoadSample } from './proc';
import { type ProfileGroup } from './profile';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const DIST = path.join(REPO_ROOT, 'dist');
export const RESULTS_FILE = path.join(REPO_ROOT, 'bench', 'results.md');

export const N_UPDATES = 1000;
export const EXPORT_ORDERS = 10_000;
export const EXPORT_ITEMS_PER_ORDER = 5;
export const KORNITX_CONCURRENCY = 5; // the node's default (DEFAULT_CONCURRENCY)
export const KORNITX_BATCH_SIZE = 50; // the node's default (DEFAULT_BATCH_SIZE)
export const FROM_STATUS = 4;
export const TO_STATUS = 8;
export const EXECUTE_TIMEOUT_MS = 1_500_000; // the paced scenario on 1,000 items takes ~17 minutes
/** Orders the paced HTTP Request scenario runs on by default (~100 s); --paced-items 1000 runs it in full. */
export const DEFAULT_PACED_ITEMS = 100;
export const MB = 1024; // kB per MB (figures are MiB)

/** Profile rows more than one scenario has. */
export const REQUEST_HELPER: ProfileGroup = {
	label: "n8n's authenticated request helper (httpRequestWithAuthentication)",
	functionName: 'httpRequestWithAuthentication',
	urlIncludes: 'n8n-core/dist',
};
export const ROUTER: ProfileGroup = {
	label: 'the node router (output items, pairedItem)',
	functionName: 'router',
	urlIncludes: 'dist/nodes/Kornitx/actions/router.js',
};
export const HTTP_CLIENT: ProfileGroup = {
	label: 'HTTP client (axios dispatchRequest)',
	functionName: 'dispatchRequest',
	urlIncludes: 'axios',
};
export const EXPRESSIONS: ProfileGroup = {
	label: 'all expression evaluation (n8n 2.x isolated-vm engine: evaluate)',
	functionName: 'evaluate',
	urlIncludes: '@n8n/expression-runtime',
};

/** Order → Update's own functions, with `read` the one that builds each item's OrderInput. */
export function updateBatchGroups(readLabel: string, read: string): ProfileGroup[] {
	const file = 'dist/nodes/Kornitx/actions/order/update.operation.js';
	return [
		{ label: 'Update (GraphQL) executeBatch', functionName: 'executeBatch', urlIncludes: file },
		{
			label: 'the batch scheduler (runInBatches: reading items, one mutation in flight)',
			functionName: 'runInBatches',
			urlIncludes: 'dist/nodes/Kornitx/transport/batches.js',
		},
		{ label: readLabel, functionName: read, urlIncludes: file },
		{
			label: 'sending the mutations (graphqlRequest)',
			functionName: 'graphqlRequest',
			urlIncludes: 'dist/nodes/Kornitx/transport/graphql.js',
		},
		{
			label: 'pairing replies to items (splitReply)',
			functionName: 'splitReply',
			urlIncludes: file,
		},
	];
}

/**
 * What a profile is broken down into, per profiled scenario (inclusive times: a function with what
 * it called synchronously; async continuations count under their own function, so rows overlap).
 */
export const PROFILE_GROUPS: Partial<Record<ScenarioSlug, ProfileGroup[]>> = {
	kxStatus: [
		{
			label: "the node's per-item work (Update Status execute: parameters, then the request)",
			functionName: 'execute',
			urlIncludes: 'dist/nodes/Kornitx/actions/order/updateStatus.operation.js',
		},
		{
			label: 'reading Order ID per item (evaluating its expression {{ $json.id }})',
			functionName: 'readOrderIdentity',
			urlIncludes: 'dist/nodes/Kornitx/actions/common.js',
		},
		REQUEST_HELPER,
		{
			label: 'n8n loading the credential for every request (CredentialsHelper.getDecrypted)',
			functionName: 'getDecrypted',
			urlIncludes: 'n8n/dist/credentials-helper',
		},
		{
			label:
				'… resolving its fields, incl. the Access Token URL expression (applyDefaultsAndOverwrites)',
			functionName: 'applyDefaultsAndOverwrites',
			urlIncludes: 'n8n/dist/credentials-helper',
		},
		{
			label: '… decrypting it (Cipher.decryptV2)',
			functionName: 'decryptV2',
			urlIncludes: 'n8n-core/dist/encryption',
		},
		{
			label: '… reading it from SQLite (typeorm runQuery)',
			functionName: 'runQuery',
			urlIncludes: '@n8n/typeorm',
		},
		{
			label: 'OAuth2 signing and sending (requestOAuth2)',
			functionName: 'requestOAuth2',
			urlIncludes: 'n8n-core/dist',
		},
		HTTP_CLIENT,
		EXPRESSIONS,
	],
	kxUpdate: [
		...updateBatchGroups(
			"building each item's OrderInput (reading its parameters)",
			'buildOrderInput',
		),
		{
			label: 'n8n reading a parameter (getNodeParameter: expressions, cleanup, schema check)',
			functionName: '_getNodeParameter',
			urlIncludes: 'n8n-core/dist',
		},
		{
			label: '… building the expression data proxy per expression (WorkflowDataProxy)',
			functionName: 'getDataProxy',
			urlIncludes: 'n8n-workflow/dist',
		},
		{
			label: '… preparing and evaluating one expression (Expression.resolveSimpleParameterValue)',
			functionName: 'resolveSimpleParameterValue',
			urlIncludes: 'n8n-workflow/dist/cjs/expression.js',
		},
		{
			label: '… checking values against the node description (validateValueAgainstSchema)',
			functionName: 'validateValueAgainstSchema',
			urlIncludes: 'n8n-core/dist',
		},
		EXPRESSIONS,
	],
	kxUpdateAuto: [
		...updateBatchGroups(
			"building each item's OrderInput from its own fields (mapOrderInput)",
			'mapOrderInput',
		),
		REQUEST_HELPER,
		ROUTER,
	],
	kxExport: [
		{
			label: 'Export execute',
			functionName: 'execute',
			urlIncludes: 'dist/nodes/Kornitx/actions/order/export.operation.js',
		},
		{
			label: "fetching the rows (fetchExportRows, incl. n8n's request helper)",
			functionName: 'fetchExportRows',
			urlIncludes: 'dist/nodes/Kornitx/shared/export.js',
		},
		HTTP_CLIENT,
		{
			label: 'grouping rows into orders (groupRowsIntoOrders)',
			functionName: 'groupRowsIntoOrders',
			urlIncludes: 'dist/nodes/Kornitx/helpers/rows.js',
		},
		ROUTER,
	],
};

/** The command line (parsed by scripts/bench.ts). */
export interface Args {
	rounds: number;
	latencyMs: number;
	/** Scenario to profile once more with --cpu-prof. */
	profile?: ScenarioSlug;
	/** Run only these scenarios (slugs, comma-separated), e.g. for investigating one. */
	only?: string[];
	/** Another build of the package to load instead of dist/ (for trying a change). */
	dist: string;
	/** Concurrency option set on the KornitX Update Status node (default: the node's default). */
	concurrency?: number;
	/** Orders for the paced HTTP Request scenario (1,000 ms each; N_UPDATES runs it in full). */
	pacedItems: number;
}

/* ------------------------------------------------------------------------------------------------
 * Scenarios
 * ---------------------------------------------------------------------------------------------- */

export type ScenarioSlug =
	| 'kxStatus'
	| 'kxStatusPlain'
	| 'httpStatus'
	| 'httpStatusBatch1'
	| 'httpStatusPaced'
	| 'kxUpdate'
	| 'kxUpdateAuto'
	| 'httpUpdate'
	| 'kxExport';

export interface ScenarioDef {
	slug: ScenarioSlug;
	label: string;
	group: 'status' | 'update' | 'export';
	/** Requests the node keeps in flight (undefined: unbounded, the floor uses the observed peak). */
	concurrency?: number;
	/**
	 * Paced by the HTTP Request node's 1,000 ms batch interval: 1,000 items take ~17 minutes, so it
	 * runs in round 1 only, on --paced-items orders, and its 1,000-item time is extrapolated.
	 */
	paced?: boolean;
	/**
	 * Run in a second n8n loading a copy of the package whose Custom credential takes its Access
	 * Token URL as a plain stored value: what a Production credential has (no expression to
	 * evaluate per request), measured against the emulator, which only a Custom credential reaches.
	 */
	plainTokenUrl?: boolean;
}

export const SCENARIOS: ScenarioDef[] = [
	{
		slug: 'kxStatus',
		label: 'KornitX · Update Status (default, concurrency 5)',
		group: 'status',
		concurrency: KORNITX_CONCURRENCY,
	},
	{
		slug: 'kxStatusPlain',
		label: 'KornitX · Update Status (token URL a plain value, as for Production)',
		group: 'status',
		concurrency: KORNITX_CONCURRENCY,
		plainTokenUrl: true,
	},
	{ slug: 'httpStatus', label: 'HTTP Request · PUT status (default options)', group: 'status' },
	{
		slug: 'httpStatusBatch1',
		label: 'HTTP Request · PUT status (batching 1 item / 0 ms)',
		group: 'status',
	},
	{
		slug: 'httpStatusPaced',
		label: 'HTTP Request · PUT status (batching 1 item / its default 1,000 ms)',
		group: 'status',
		paced: true,
	},
	{ slug: 'kxUpdate', label: 'KornitX · Update (GraphQL, batch size 50)', group: 'update' },
	{
		slug: 'kxUpdateAuto',
		label: 'KornitX · Update (GraphQL, batch size 50, Map Automatically)',
		group: 'update',
	},
	{ slug: 'httpUpdate', label: 'HTTP Request · GraphQL mutation per item', group: 'update' },
	{ slug: 'kxExport', label: 'KornitX · Export 10,000 orders × 5 rows (n8n)', group: 'export' },
];

export interface RequestStats {
	/** API requests (token included, admin excluded) the emulator logged during the run. */
	requests: number;
	tokenRequests: number;
	peakConcurrent: number;
	/** First request start → last reply, ms. */
	spanMs: number;
	/** Mean time the emulator held a request (latency + handling), ms. */
	meanServerMs: number;
	/** Σ request durations ÷ span: requests in flight on average. */
	meanInFlight: number;
	/** Mean time between consecutive request starts, ms. */
	meanStartGapMs: number;
	/** Statuses the emulator answered, with counts. */
	statuses: Record<string, number>;
}

export interface MemoryFigures {
	/** RSS of the n8n process when the node's first request reached the emulator, MiB. */
	rssBeforeMb: number;
	/** Peak RSS (VmHWM) from then until the node ended, MiB. */
	peakMb: number;
	deltaMb: number;
	/** VmHWM reset worked (else peak is the process's lifetime peak). */
	resetOk: boolean;
	/** Peak RSS of the whole `n8n execute` process (start-up and printing the run data too), MiB. */
	processPeakMb: number;
}

export interface CpuFigures {
	/** CPU time (user + system) the n8n process used while the node ran, all threads, ms. */
	cpuMs: number;
	/** The same for its main thread only (where node code, n8n's helpers and JSON work run). */
	mainCpuMs: number;
	/** Time the main thread was runnable but waiting for a CPU (other processes had them), ms. */
	mainRunWaitMs: number;
	/** CPU of the bench process (the emulator) meanwhile, and how long its main thread waited for a CPU, ms. */
	emulatorCpuMs?: number;
	emulatorRunWaitMs?: number;
}

export interface ScenarioResult {
	def: ScenarioDef;
	round: number;
	load: LoadSample;
	ok: boolean;
	problem?: string;
	nodeMs?: number;
	/** Whole `n8n execute` (process start → exit), ms. */
	cliMs: number;
	outputItems: number;
	/** Orders the emulator shows in the target state afterwards (updates), or rows exported. */
	verified: number;
	/** Input items the node got (N_UPDATES, or --paced-items for the paced scenario). */
	items: number;
	stats: RequestStats;
	floorMs?: number;
	floorNote: string;
	memory?: MemoryFigures;
	cpu?: CpuFigures;
	crashedOnExit?: boolean;
}

export interface InProcessResult {
	round: number;
	load: LoadSample;
	ok: boolean;
	error?: string;
	nodeVersion?: string;
	orders?: number;
	rows?: number;
	wallMs?: number;
	executionTimeMs?: number;
	rssBeforeKb?: number;
	peakKb?: number;
	peakDeltaKb?: number;
	resetOk?: boolean;
	heapBeforeBytes?: number;
	heapAfterBytes?: number;
	heapRetainedBytes?: number;
	/** Time the child's main thread waited for a CPU during the run (schedstat run_delay), ms. */
	runWaitMs?: number;
	stats?: RequestStats;
}
