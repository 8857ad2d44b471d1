/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, no-console -- dev tooling, never shipped in dist */
/**
 * What every example case shares: the case recorder (one printed line per case), turning an example
 * into a runnable workflow, n8n and credential helpers, the loopback stubs, and the "execute"
 * instance that runs the scheduled and chat examples with `n8n execute`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import {
	createN8nInstance,
	importWorkflows,
	n8nId,
	nodeOutput,
	type CredentialImport,
	type ExecuteResult,
	type N8nInstall,
	type N8nInstance,
} from '../../../scripts/n8n-runtime';
import {
	apiKeyCredentialData,
	oauthCredentialData,
	SEED_ORDER_IDS as IDS,
	SHIPMENT_SCOPES,
	startEmulator,
	type KornitxEmulator,
} from '../../emulator';
import { PACKING_CSV, STOCK_CSV } from './shipments-stock';
import type { N8nNode } from '../lib/workflow';
import { startHttpStub, type HttpStub } from '../stubs/http-stub';
import { startOpenAiStub, type OpenAiStub } from '../stubs/openai-stub';
import { startSmtpStub, type SmtpStub } from '../stubs/smtp-stub';

export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
export const EXAMPLES_DIR = path.join(REPO_ROOT, 'examples');
export const DIST = path.join(REPO_ROOT, 'dist');

/** The package's node types as a user who installed it has them, and as N8N_CUSTOM_EXTENSIONS loads them. */
export const PACKAGE_PREFIX = 'n8n-nodes-kornitx.';
export const CUSTOM_PREFIX = 'CUSTOM.';

/** The execute instance's time zone (n8n's own default), so "yesterday" is not UTC's. */
export const EXECUTE_TIMEZONE = 'America/New_York';
export const EXECUTE_TIMEOUT_MS = 180_000;
/** The KornitX Trigger polls every minute in the live instance: wait up to two polls. */
export const SLACK_WAIT_MS = 150_000;

/* ------------------------------------------------------------------------------------------------
 * Results
 * ---------------------------------------------------------------------------------------------- */

class Case {
	readonly failures: string[] = [];
	readonly notes: string[] = [];
	constructor(readonly name: string) {}

	check(condition: unknown, message: string): boolean {
		if (!condition) this.failures.push(message);
		return Boolean(condition);
	}

	equal(actual: unknown, expected: unknown, message: string): boolean {
		const a = JSON.stringify(actual);
		const e = JSON.stringify(expected);
		return this.check(a === e, `${message}: expected ${e}, got ${a}`);
	}

	/** Like check, and narrows: false (with a failure) when the value is missing. */
	present<T>(value: T | undefined | null, message: string): value is T {
		return this.check(value !== undefined && value !== null, message);
	}

	note(message: string): void {
		this.notes.push(message);
	}
}

export interface Outcome {
	name: string;
	ok: boolean;
	ms: number;
	failures: string[];
	notes: string[];
}

export const outcomes: Outcome[] = [];

export async function runCase(name: string, body: (c: Case) => Promise<void>): Promise<void> {
	const c = new Case(name);
	const t0 = Date.now();
	try {
		await body(c);
	} catch (error) {
		c.failures.push(
			`threw: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
		);
	}
	const outcome: Outcome = {
		name,
		ok: c.failures.length === 0,
		ms: Date.now() - t0,
		failures: c.failures,
		notes: c.notes,
	};
	outcomes.push(outcome);
	const seconds = (outcome.ms / 1000).toFixed(1);
	console.log(`${outcome.ok ? 'PASS' : 'FAIL'} ${name} (${seconds}s)`);
	for (const note of outcome.notes) console.log(`     · ${note}`);
	for (const failure of outcome.failures)
		console.log(`     ✗ ${failure.split('\n').join('\n       ')}`);
}

export function fail(name: string, error: unknown): void {
	outcomes.push({
		name,
		ok: false,
		ms: 0,
		failures: [`not run: ${error instanceof Error ? error.message : String(error)}`],
		notes: [],
	});
	console.log(
		`FAIL ${name} (not run)\n     ✗ ${error instanceof Error ? error.message : String(error)}`,
	);
}

/* ------------------------------------------------------------------------------------------------
 * Workflows
 * ---------------------------------------------------------------------------------------------- */

export type Connections = Record<
	string,
	Record<string, Array<Array<{ node: string; type: string; index: number }>>>
>;

export interface Workflow {
	id?: string;
	name: string;
	nodes: N8nNode[];
	connections: Connections;
	settings?: Record<string, unknown>;
	[key: string]: unknown;
}

export const EXAMPLE_FILES = [
	'dispatch-from-erp.json',
	'cancel-items-from-form.json',
	'daily-dispatched-export-email.json',
	'dispatched-to-slack.json',
	'ai-order-status-agent.json',
	'ship-parcels-from-packing-export.json',
	'nightly-stock-sync.json',
] as const;
export type ExampleFile = (typeof EXAMPLE_FILES)[number];

export function loadExample(file: ExampleFile): Workflow {
	return JSON.parse(fs.readFileSync(path.join(EXAMPLES_DIR, file), 'utf8')) as Workflow;
}

/** The example as N8N_CUSTOM_EXTENSIONS has our nodes: `n8n-nodes-kornitx.x` → `CUSTOM.x`; a fresh id. */
export function forCustomExtensions(wf: Workflow): Workflow {
	const copy = JSON.parse(JSON.stringify(wf)) as Workflow;
	for (const node of copy.nodes) {
		if (node.type.startsWith(PACKAGE_PREFIX))
			node.type = CUSTOM_PREFIX + node.type.slice(PACKAGE_PREFIX.length);
	}
	copy.id = n8nId();
	return copy;
}

export function findNode(wf: Workflow, name: string): N8nNode {
	const node = wf.nodes.find((n) => n.name === name);
	if (!node) throw new Error(`example "${wf.name}" has no node "${name}"`);
	return node;
}

export function findNodeByType(wf: Workflow, type: string): N8nNode {
	const node = wf.nodes.find((n) => n.type === type);
	if (!node) throw new Error(`example "${wf.name}" has no ${type} node`);
	return node;
}

/** `n8n execute` starts only from a Manual Trigger: the trigger becomes one, keeping its name. */
export function triggerToManual(wf: Workflow, name: string): void {
	const node = findNode(wf, name);
	node.type = 'n8n-nodes-base.manualTrigger';
	node.typeVersion = 1;
	node.parameters = {};
	delete node.webhookId;
}

/**
 * The trigger becomes a Code node of the same name emitting `items` (what the trigger would have
 * emitted), fed by a new Manual Trigger, so expressions such as `$('<trigger>')` keep working.
 */
export function triggerToItems(
	wf: Workflow,
	name: string,
	items: Array<Record<string, unknown>>,
): void {
	const node = findNode(wf, name);
	node.type = 'n8n-nodes-base.code';
	node.typeVersion = 2;
	node.parameters = { jsCode: `return ${JSON.stringify(items.map((json) => ({ json })))};` };
	delete node.webhookId;
	const start = 'Start (e2e)';
	wf.nodes.push({
		id: n8nId(),
		name: start,
		type: 'n8n-nodes-base.manualTrigger',
		typeVersion: 1,
		position: [node.position[0] - 220, node.position[1]],
		parameters: {},
	});
	wf.connections[start] = { main: [[{ node: name, type: 'main', index: 0 }]] };
}

/* ------------------------------------------------------------------------------------------------
 * n8n helpers
 * ---------------------------------------------------------------------------------------------- */

export function runError(run: ExecuteResult): string {
	const error = run.error as
		| { message?: string; description?: string; node?: { name?: string } }
		| string
		| undefined;
	if (typeof error === 'string') return error;
	if (!error) return '';
	return [error.node?.name ? `[${error.node.name}]` : '', error.message, error.description]
		.filter(Boolean)
		.join(' ');
}

export function items(
	run: ExecuteResult,
	node: string,
	output = 0,
): Array<Record<string, unknown>> {
	return (nodeOutput(run.json, node, output) ?? []) as Array<Record<string, unknown>>;
}

export function logTail(file: string, lines = 30): string {
	try {
		return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
	} catch {
		return '(no log)';
	}
}

/** Values the stubs accept; not secrets of anything real. */
export const STUB_LOGINS = {
	smtp: { user: 'kornitx-reports', pass: 'e2e-smtp-pass' },
	openAi: 'sk-e2e-not-a-real-key',
} as const;

/** Every workflow refers to credentials by name only; import resolves the names. */
export function credentialsFor(emulator: KornitxEmulator, stubs: Stubs): CredentialImport[] {
	return [
		{
			name: 'KornitX account',
			type: 'kornitxOAuth2Api',
			// The default scopes plus the opt-in shipment scope, as the shipping example asks.
			data: oauthCredentialData(emulator.urls, { scope: SHIPMENT_SCOPES.join(' ') }),
		},
		{
			name: 'KornitX API key',
			type: 'kornitxApi',
			data: apiKeyCredentialData(emulator.urls),
		},
		{
			name: 'SMTP account',
			type: 'smtp',
			data: {
				user: STUB_LOGINS.smtp.user,
				password: STUB_LOGINS.smtp.pass,
				host: stubs.smtp.host,
				port: stubs.smtp.port,
				secure: false,
				disableStartTls: true,
			},
		},
		{
			name: 'OpenAI account',
			type: 'openAiApi',
			data: { apiKey: STUB_LOGINS.openAi, url: `${stubs.openai.url}/v1`, header: false },
		},
	];
}

/* ------------------------------------------------------------------------------------------------
 * Stubs
 * ---------------------------------------------------------------------------------------------- */

export interface Stubs {
	erp: HttpStub;
	slack: HttpStub;
	smtp: SmtpStub;
	openai: OpenAiStub;
	close(): Promise<void>;
}

/** The ERP's shipment export: what a warehouse system writes after labels are printed. */
export const ERP_CSV = [
	'Order Number,KornitX Order ID,Ship Date,Carrier,Service,Tracking Number',
	`SHOP-1002,${IDS.inProduction},2025-03-10,Royal Mail,Tracked 24,RM100200300GB`,
	`SHOP-1003,${IDS.receivedBySupplier},2025-03-10,DPD,Next Day,15501234567890`,
	`ORDER 2002,${IDS.spaceRef},2025-03-10,UPS,"Express, signature",1Z999AA10123456784`,
	`SHOP-1008,${IDS.pendingDispatch},2025-03-10,Evri,48h,H01ABC0000001`,
	`SHOP-1001,${IDS.received},2025-03-10,DHL,Express,JD014600009999`,
	`SHOP-1010,${IDS.docExample},,,,`,
	'',
].join('\r\n');

/** Orders the ERP export dispatches (KornitX may move each to 8), with what the CSV says. */
export const ERP_DISPATCHED: Array<{
	id: number;
	carrier: string;
	method: string;
	tracking: string;
}> = [
	{ id: IDS.inProduction, carrier: 'Royal Mail', method: 'Tracked 24', tracking: 'RM100200300GB' },
	{ id: IDS.receivedBySupplier, carrier: 'DPD', method: 'Next Day', tracking: '15501234567890' },
	{
		id: IDS.spaceRef,
		carrier: 'UPS',
		method: 'Express, signature',
		tracking: '1Z999AA10123456784',
	},
	{ id: IDS.pendingDispatch, carrier: 'Evri', method: '48h', tracking: 'H01ABC0000001' },
];

export async function startStubs(): Promise<Stubs> {
	const csvFiles: Record<string, string> = {
		'/exports/shipments.csv': ERP_CSV,
		'/exports/packing.csv': PACKING_CSV,
		'/exports/stock-levels.csv': STOCK_CSV,
	};
	const erp = await startHttpStub('erp', (req) => {
		const csv = req.method === 'GET' ? csvFiles[req.path] : undefined;
		if (csv === undefined) return { status: 404, body: 'not found' };
		const filename = req.path.split('/').pop() ?? 'export.csv';
		return {
			body: Buffer.from(csv, 'utf8'),
			headers: {
				'content-type': 'text/csv; charset=utf-8',
				'content-disposition': `attachment; filename="${filename}"`,
			},
		};
	});
	const slack = await startHttpStub('slack', (req) =>
		req.method === 'POST' && req.path.startsWith('/services/')
			? { body: 'ok' }
			: { status: 404, body: 'no_service' },
	);
	const smtp = await startSmtpStub();
	const openai = await startOpenAiStub();
	return {
		erp,
		slack,
		smtp,
		openai,
		close: async () => {
			await Promise.all([erp.close(), slack.close(), smtp.close(), openai.close()]);
		},
	};
}

/* ------------------------------------------------------------------------------------------------
 * The "execute" examples
 * ---------------------------------------------------------------------------------------------- */

/** Why a refused item can end on the success output (seen on n8n 1.x). */
export const ERROR_OUTPUT_HINT =
	'A failed item left by the success output, not the error output. n8n 1.x moves an item to the error output ' +
	'("Continue (using error output)") only when the item carries an `error` property, or its json is exactly ' +
	'{ error } or { error, message }; the node emits { error, details } (2.x also accepts `details`).';

export interface ExecuteSetup {
	n8n: N8nInstance;
	emulator: KornitxEmulator;
	ids: { erp: string; daily: string; agent: string; ship: string; stock: string };
}

export const CHAT_MESSAGES = [
	{
		sessionId: 'e2e-session-1',
		action: 'sendMessage',
		chatInput: `What is the status of order ${IDS.receivedBySupplier}?`,
	},
	{
		sessionId: 'e2e-session-2',
		action: 'sendMessage',
		chatInput: 'Where is order SHOP-1004? Has it shipped?',
	},
];

export async function prepareExecute(install: N8nInstall, stubs: Stubs): Promise<ExecuteSetup> {
	const emulator = await startEmulator({ host: '127.0.0.1', port: 0 });
	const n8n = createN8nInstance(install, {
		customExtensions: DIST,
		env: { GENERIC_TIMEZONE: EXECUTE_TIMEZONE },
	});

	const erp = forCustomExtensions(loadExample('dispatch-from-erp.json'));
	triggerToManual(erp, findNodeByType(erp, 'n8n-nodes-base.scheduleTrigger').name);
	findNode(erp, 'Download ERP shipments').parameters.url = `${stubs.erp.url}/exports/shipments.csv`;

	const daily = forCustomExtensions(loadExample('daily-dispatched-export-email.json'));
	triggerToManual(daily, findNodeByType(daily, 'n8n-nodes-base.scheduleTrigger').name);

	const agent = forCustomExtensions(loadExample('ai-order-status-agent.json'));
	triggerToItems(
		agent,
		findNodeByType(agent, '@n8n/n8n-nodes-langchain.chatTrigger').name,
		CHAT_MESSAGES,
	);

	const ship = forCustomExtensions(loadExample('ship-parcels-from-packing-export.json'));
	triggerToManual(ship, findNodeByType(ship, 'n8n-nodes-base.scheduleTrigger').name);
	findNode(ship, 'Download packing export').parameters.url = `${stubs.erp.url}/exports/packing.csv`;

	const stock = forCustomExtensions(loadExample('nightly-stock-sync.json'));
	triggerToManual(stock, findNodeByType(stock, 'n8n-nodes-base.scheduleTrigger').name);
	findNode(stock, 'Download stock sheet').parameters.url =
		`${stubs.erp.url}/exports/stock-levels.csv`;

	await n8n.importCredentials(credentialsFor(emulator, stubs));
	await importWorkflows(n8n, [erp, daily, agent, ship, stock]);
	return {
		n8n,
		emulator,
		ids: { erp: erp.id!, daily: daily.id!, agent: agent.id!, ship: ship.id!, stock: stock.id! },
	};
}

export async function execute(c: Case, setup: ExecuteSetup, id: string): Promise<ExecuteResult> {
	const run = await setup.n8n.execute(id, { timeoutMs: EXECUTE_TIMEOUT_MS });
	c.note(
		`n8n execute: ${(run.ms / 1000).toFixed(1)}s${run.crashedOnExit ? ' (SIGSEGV at exit after printing the run, a known n8n 2.x quirk)' : ''}`,
	);
	c.check(run.ok, `the execution failed: ${runError(run) || `exit ${run.code ?? run.signal}`}`);
	return run;
}
