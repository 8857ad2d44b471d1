/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, no-console -- dev tooling, never shipped in dist */
/**
 * Proves the workflows in examples/ do their job in a real n8n, against the KornitX emulator and
 * loopback stubs of every other service.
 *
 *   npx tsx test/e2e/examples.ts          # n8n 2.x (Node 24)
 *   npx tsx test/e2e/examples.ts 2 1      # n8n 2.x, then 1.x
 *   KORNITX_E2E_MAJORS="2 1" npx tsx test/e2e/examples.ts
 *
 * Needs a built dist/ (the package is loaded through N8N_CUSTOM_EXTENSIONS, so node types are
 * `CUSTOM.kornitx…`: the runner rewrites `n8n-nodes-kornitx.` to `CUSTOM.` on import) and installs
 * n8n into the cache on first use (scripts/n8n-runtime.ts).
 *
 * Per n8n major, two instances with their own user folder and emulator:
 *  - "execute": the scheduled and chat examples, run with `n8n execute` (which only starts from a
 *    Manual Trigger): Schedule Triggers become Manual Triggers of the same name; the Chat Trigger
 *    becomes a Code node of the same name emitting chat messages, fed by a Manual Trigger.
 *  - "live": `n8n start` with the form and KornitX Trigger examples published, driven the way a
 *    user would: the form is submitted over HTTP, and an order is dispatched in the emulator for
 *    the trigger's next poll (every minute here instead of every 5) to announce on Slack.
 * External services: an ERP export server, an SMTP server, a Slack incoming-webhook endpoint and
 * an OpenAI-compatible chat-completions server (test/e2e/stubs/), all on 127.0.0.1.
 * Ends with "N passed, N failed"; exit code 1 on any failure.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { DateTime } from 'luxon';

import {
	createN8nInstance,
	ensureN8n,
	importWorkflows,
	n8nId,
	nodeOutput,
	N8N_VERSIONS,
	type CredentialImport,
	type ExecuteResult,
	type N8nInstall,
	type N8nInstance,
	type N8nMajor,
} from '../../scripts/n8n-runtime';
import { oauthCredentialData, SEED_ORDER_IDS as IDS, startEmulator, type KornitxEmulator } from '../emulator';
import type { N8nNode } from './lib/workflow';
import { startHttpStub, type HttpStub } from './stubs/http-stub';
import { startOpenAiStub, type OpenAiStub } from './stubs/openai-stub';
import { startSmtpStub, type SmtpStub } from './stubs/smtp-stub';

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const EXAMPLES_DIR = path.join(REPO_ROOT, 'examples');
const DIST = path.join(REPO_ROOT, 'dist');

/** The package's node types as a user who installed it has them, and as N8N_CUSTOM_EXTENSIONS loads them. */
const PACKAGE_PREFIX = 'n8n-nodes-kornitx.';
const CUSTOM_PREFIX = 'CUSTOM.';

/** The execute instance's time zone (n8n's own default), so "yesterday" is not UTC's. */
const EXECUTE_TIMEZONE = 'America/New_York';
const EXECUTE_TIMEOUT_MS = 180_000;
/** The KornitX Trigger polls every minute in the live instance: wait up to two polls. */
const SLACK_WAIT_MS = 150_000;

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

interface Outcome {
	name: string;
	ok: boolean;
	ms: number;
	failures: string[];
	notes: string[];
}

const outcomes: Outcome[] = [];

async function runCase(name: string, body: (c: Case) => Promise<void>): Promise<void> {
	const c = new Case(name);
	const t0 = Date.now();
	try {
		await body(c);
	} catch (error) {
		c.failures.push(`threw: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
	}
	const outcome: Outcome = { name, ok: c.failures.length === 0, ms: Date.now() - t0, failures: c.failures, notes: c.notes };
	outcomes.push(outcome);
	const seconds = (outcome.ms / 1000).toFixed(1);
	console.log(`${outcome.ok ? 'PASS' : 'FAIL'} ${name} (${seconds}s)`);
	for (const note of outcome.notes) console.log(`     · ${note}`);
	for (const failure of outcome.failures) console.log(`     ✗ ${failure.split('\n').join('\n       ')}`);
}

function fail(name: string, error: unknown): void {
	outcomes.push({
		name,
		ok: false,
		ms: 0,
		failures: [`not run: ${error instanceof Error ? error.message : String(error)}`],
		notes: [],
	});
	console.log(`FAIL ${name} (not run)\n     ✗ ${error instanceof Error ? error.message : String(error)}`);
}

/* ------------------------------------------------------------------------------------------------
 * Workflows
 * ---------------------------------------------------------------------------------------------- */


type Connections = Record<string, Record<string, Array<Array<{ node: string; type: string; index: number }>>>>;

interface Workflow {
	id?: string;
	name: string;
	nodes: N8nNode[];
	connections: Connections;
	settings?: Record<string, unknown>;
	[key: string]: unknown;
}

const EXAMPLE_FILES = [
	'dispatch-from-erp.json',
	'cancel-items-from-form.json',
	'daily-dispatched-export-email.json',
	'dispatched-to-slack.json',
	'ai-order-status-agent.json',
] as const;
type ExampleFile = (typeof EXAMPLE_FILES)[number];

function loadExample(file: ExampleFile): Workflow {
	return JSON.parse(fs.readFileSync(path.join(EXAMPLES_DIR, file), 'utf8')) as Workflow;
}

/** The example as N8N_CUSTOM_EXTENSIONS has our nodes: `n8n-nodes-kornitx.x` → `CUSTOM.x`; a fresh id. */
function forCustomExtensions(wf: Workflow): Workflow {
	const copy = JSON.parse(JSON.stringify(wf)) as Workflow;
	for (const node of copy.nodes) {
		if (node.type.startsWith(PACKAGE_PREFIX)) node.type = CUSTOM_PREFIX + node.type.slice(PACKAGE_PREFIX.length);
	}
	copy.id = n8nId();
	return copy;
}

function findNode(wf: Workflow, name: string): N8nNode {
	const node = wf.nodes.find((n) => n.name === name);
	if (!node) throw new Error(`example "${wf.name}" has no node "${name}"`);
	return node;
}

function findNodeByType(wf: Workflow, type: string): N8nNode {
	const node = wf.nodes.find((n) => n.type === type);
	if (!node) throw new Error(`example "${wf.name}" has no ${type} node`);
	return node;
}

/** `n8n execute` starts only from a Manual Trigger: the trigger becomes one, keeping its name. */
function triggerToManual(wf: Workflow, name: string): void {
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
function triggerToItems(wf: Workflow, name: string, items: Array<Record<string, unknown>>): void {
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

/** Marks a workflow active for the next `n8n start` (2.x publishes it; 1.x sets `active`). */
async function activate(n8n: N8nInstance, id: string): Promise<void> {
	const args = n8n.install.major === '2' ? ['publish:workflow', `--id=${id}`] : ['update:workflow', `--id=${id}`, '--active=true'];
	const r = await n8n.cli(args, { env: { N8N_LOG_LEVEL: 'info' } });
	if (r.code !== 0 || /error/i.test(r.stderr)) {
		throw new Error(`n8n ${args.join(' ')} failed (exit ${r.code ?? r.signal}):\n${r.stdout}\n${r.stderr}`.trim());
	}
}

function runError(run: ExecuteResult): string {
	const error = run.error as { message?: string; description?: string; node?: { name?: string } } | string | undefined;
	if (typeof error === 'string') return error;
	if (!error) return '';
	return [error.node?.name ? `[${error.node.name}]` : '', error.message, error.description].filter(Boolean).join(' ');
}

function items(run: ExecuteResult, node: string, output = 0): Array<Record<string, unknown>> {
	return (nodeOutput(run.json, node, output) ?? []) as Array<Record<string, unknown>>;
}

function logTail(file: string, lines = 30): string {
	try {
		return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
	} catch {
		return '(no log)';
	}
}

/** Values the stubs accept; not secrets of anything real. */
const STUB_LOGINS = {
	smtp: { user: 'kornitx-reports', pass: 'e2e-smtp-pass' },
	openAi: 'sk-e2e-not-a-real-key',
} as const;

/** Every workflow refers to credentials by name only; import resolves the names. */
function credentialsFor(emulator: KornitxEmulator, stubs: Stubs): CredentialImport[] {
	return [
		{
			name: 'KornitX account',
			type: 'kornitxOAuth2Api',
			data: oauthCredentialData(emulator.urls),
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

interface Stubs {
	erp: HttpStub;
	slack: HttpStub;
	smtp: SmtpStub;
	openai: OpenAiStub;
	close(): Promise<void>;
}

/** The ERP's shipment export: what a warehouse system writes after labels are printed. */
const ERP_CSV = [
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
const ERP_DISPATCHED: Array<{ id: number; carrier: string; method: string; tracking: string }> = [
	{ id: IDS.inProduction, carrier: 'Royal Mail', method: 'Tracked 24', tracking: 'RM100200300GB' },
	{ id: IDS.receivedBySupplier, carrier: 'DPD', method: 'Next Day', tracking: '15501234567890' },
	{ id: IDS.spaceRef, carrier: 'UPS', method: 'Express, signature', tracking: '1Z999AA10123456784' },
	{ id: IDS.pendingDispatch, carrier: 'Evri', method: '48h', tracking: 'H01ABC0000001' },
];

async function startStubs(): Promise<Stubs> {
	const erp = await startHttpStub('erp', (req) =>
		req.method === 'GET' && req.path === '/exports/shipments.csv'
			? { body: Buffer.from(ERP_CSV, 'utf8'), headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': 'attachment; filename="shipments.csv"' } }
			: { status: 404, body: 'not found' },
	);
	const slack = await startHttpStub('slack', (req) =>
		req.method === 'POST' && req.path.startsWith('/services/') ? { body: 'ok' } : { status: 404, body: 'no_service' },
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
 * Static checks of the example files (once)
 * ---------------------------------------------------------------------------------------------- */

async function checkExampleFiles(): Promise<void> {
	await runCase('examples: importable files, package node types, credentials by name', async (c) => {
		const known = new Set(['kornitx', 'kornitxTool', 'kornitxTrigger']);
		for (const file of EXAMPLE_FILES) {
			let wf: Workflow;
			try {
				wf = loadExample(file);
			} catch (error) {
				c.check(false, `${file}: not JSON (${error instanceof Error ? error.message : String(error)})`);
				continue;
			}
			c.check(typeof wf.name === 'string' && wf.name.length > 0, `${file}: has no name`);
			c.check(Array.isArray(wf.nodes) && wf.nodes.length > 0, `${file}: has no nodes`);
			const names = new Set(wf.nodes.map((n) => n.name));
			c.check(names.size === wf.nodes.length, `${file}: node names are not unique`);
			const ids = new Set(wf.nodes.map((n) => n.id));
			c.check(ids.size === wf.nodes.length, `${file}: node ids are not unique`);
			let kornitxNodes = 0;
			for (const node of wf.nodes) {
				c.check(!node.type.startsWith(CUSTOM_PREFIX), `${file}: node "${node.name}" uses ${node.type}; examples use the package's types`);
				if (node.type.startsWith(PACKAGE_PREFIX)) {
					kornitxNodes += 1;
					c.check(known.has(node.type.slice(PACKAGE_PREFIX.length)), `${file}: unknown package node type ${node.type}`);
					const credential = node.credentials?.kornitxOAuth2Api;
					c.check(credential?.name === 'KornitX account', `${file}: "${node.name}" should use the credential "KornitX account"`);
				}
				c.check(
					node.type.startsWith(PACKAGE_PREFIX) || node.type.startsWith('n8n-nodes-base.') || node.type.startsWith('@n8n/n8n-nodes-langchain.'),
					`${file}: "${node.name}" has a type outside the package and n8n's own nodes: ${node.type}`,
				);
			}
			c.check(kornitxNodes > 0, `${file}: uses no KornitX node`);
			for (const [from, outputs] of Object.entries(wf.connections)) {
				c.check(names.has(from), `${file}: connection from unknown node "${from}"`);
				for (const targets of Object.values(outputs)) {
					for (const target of targets.flat()) c.check(names.has(target.node), `${file}: connection to unknown node "${target.node}"`);
				}
			}
			const text = JSON.stringify(wf);
			c.check(!/kornitx-dev-secret|sk-e2e|127\.0\.0\.1|localhost/.test(text), `${file}: holds a test secret or a local address`);
			c.check(JSON.stringify(wf.pinData ?? {}) === '{}', `${file}: holds pinned data`);
		}
	});
}

/* ------------------------------------------------------------------------------------------------
 * The "execute" examples
 * ---------------------------------------------------------------------------------------------- */

/** Why a refused item can end on the success output (seen on n8n 1.x). */
const ERROR_OUTPUT_HINT =
	'A failed item left by the success output, not the error output. n8n 1.x moves an item to the error output ' +
	'("Continue (using error output)") only when the item carries an `error` property, or its json is exactly ' +
	'{ error } or { error, message }; the node emits { error, details } (2.x also accepts `details`).';

interface ExecuteSetup {
	n8n: N8nInstance;
	emulator: KornitxEmulator;
	ids: { erp: string; daily: string; agent: string };
}

const CHAT_MESSAGES = [
	{ sessionId: 'e2e-session-1', action: 'sendMessage', chatInput: `What is the status of order ${IDS.receivedBySupplier}?` },
	{ sessionId: 'e2e-session-2', action: 'sendMessage', chatInput: 'Where is order SHOP-1004? Has it shipped?' },
];

async function prepareExecute(install: N8nInstall, stubs: Stubs): Promise<ExecuteSetup> {
	const emulator = await startEmulator({ host: '127.0.0.1', port: 0 });
	const n8n = createN8nInstance(install, { customExtensions: DIST, env: { GENERIC_TIMEZONE: EXECUTE_TIMEZONE } });

	const erp = forCustomExtensions(loadExample('dispatch-from-erp.json'));
	triggerToManual(erp, findNodeByType(erp, 'n8n-nodes-base.scheduleTrigger').name);
	findNode(erp, 'Download ERP shipments').parameters.url = `${stubs.erp.url}/exports/shipments.csv`;

	const daily = forCustomExtensions(loadExample('daily-dispatched-export-email.json'));
	triggerToManual(daily, findNodeByType(daily, 'n8n-nodes-base.scheduleTrigger').name);

	const agent = forCustomExtensions(loadExample('ai-order-status-agent.json'));
	triggerToItems(agent, findNodeByType(agent, '@n8n/n8n-nodes-langchain.chatTrigger').name, CHAT_MESSAGES);

	await n8n.importCredentials(credentialsFor(emulator, stubs));
	await importWorkflows(n8n, [erp, daily, agent]);
	return { n8n, emulator, ids: { erp: erp.id!, daily: daily.id!, agent: agent.id! } };
}

async function execute(c: Case, setup: ExecuteSetup, id: string): Promise<ExecuteResult> {
	const run = await setup.n8n.execute(id, { timeoutMs: EXECUTE_TIMEOUT_MS });
	c.note(`n8n execute: ${(run.ms / 1000).toFixed(1)}s${run.crashedOnExit ? ' (SIGSEGV at exit after printing the run, a known n8n 2.x quirk)' : ''}`);
	c.check(run.ok, `the execution failed: ${runError(run) || `exit ${run.code ?? run.signal}`}`);
	return run;
}

async function testDispatchFromErp(label: string, setup: ExecuteSetup, stubs: Stubs): Promise<void> {
	await runCase(`${label} › dispatch-from-erp: ERP CSV rows dispatch orders with tracking in one batched mutation`, async (c) => {
		const { emulator } = setup;
		emulator.reset();
		const erpCallsBefore = stubs.erp.requests.length;
		const run = await execute(c, setup, setup.ids.erp);

		c.equal(stubs.erp.requests.length - erpCallsBefore, 1, 'ERP export downloads');
		const mutations = emulator.log.filter((entry) => entry.api === 'graphql' && entry.status === 200);
		c.equal(mutations.length, 1, 'GraphQL requests answered (all rows in one updateOrders batch)');
		const sent = ((mutations[0]?.body as { variables?: { orders?: Array<Record<string, unknown>> } })?.variables?.orders ?? []).map(
			(order) => order.id,
		);
		c.equal(sent, [...ERP_DISPATCHED.map((row) => row.id), IDS.received], 'orders in the mutation (the row without tracking is filtered out)');
		for (const row of ERP_DISPATCHED) {
			const order = emulator.getOrder(row.id);
			c.equal(
				[order?.status, order?.shipping_carrier, order?.shipping_method, order?.shipping_tracking],
				[8, row.carrier, row.method, row.tracking],
				`order ${row.id} (status, carrier, method, tracking)`,
			);
		}
		c.equal(emulator.getOrder(IDS.received)?.status, 1, 'order Received (1), which may not move to Dispatched, keeps its status');
		const untouched = emulator.getOrder(IDS.docExample);
		c.equal([untouched?.status, untouched?.shipping_tracking], [513, ''], 'the row without tracking leaves its order alone');
		const dispatched = items(run, 'Dispatched');
		c.equal(dispatched.map((item) => [item.id, item.status]), ERP_DISPATCHED.map((row) => [row.id, 8]), '"Dispatched" items');
		c.check(!dispatched.some((item) => 'error' in item), ERROR_OUTPUT_HINT);
		const refused = items(run, 'Refused by KornitX');
		c.equal(refused.length, 1, '"Refused by KornitX" items');
		c.equal(refused[0]?.['KornitX Order ID'], String(IDS.received), 'the refused item is the CSV row of the refused order');
		c.check(
			String(refused[0]?.error ?? '').includes('Invalid status transition') && String(refused[0]?.message ?? '').includes('Dispatched (8)'),
			`the refused row says why (error) and what is allowed (message): ${JSON.stringify(refused[0])}`,
		);
	});
}

async function testDailyExport(label: string, setup: ExecuteSetup, stubs: Stubs): Promise<void> {
	await runCase(`${label} › daily-dispatched-export-email: yesterday's dispatches arrive as a CSV attachment`, async (c) => {
		const { emulator } = setup;
		emulator.reset();
		const now = DateTime.now().setZone(EXECUTE_TIMEZONE);
		const yesterday = now.minus({ days: 1 }).startOf('day');
		const today = now.startOf('day');
		const kx = (dt: DateTime) => dt.toUTC().toFormat('yyyy-LL-dd HH:mm:ss');
		// Dispatched yesterday (in the workflow's time zone): in the report.
		emulator.setOrder(IDS.dispatched, { completion_datetime: kx(yesterday.plus({ hours: 2 })) });
		emulator.setOrder(IDS.sameSecondA, { completion_datetime: kx(yesterday.plus({ hours: 23, minutes: 59 })) });
		// Before yesterday: the export's completedAfter filter leaves it out.
		emulator.setOrder(IDS.sameSecondB, { completion_datetime: kx(yesterday.minus({ minutes: 1 })) });
		// Today: the export returns it, the "Completed yesterday" filter drops it.
		emulator.setOrder(IDS.dispatchedLater, { completion_datetime: kx(today) });
		// Completed yesterday but not Dispatched: the status filter leaves it out.
		emulator.setOrder(IDS.receivedByShipper, { completion_datetime: kx(yesterday.plus({ hours: 3 })) });
		const expectedOrders = [IDS.dispatched, IDS.sameSecondA];
		const expectedRows = expectedOrders.reduce((sum, id) => sum + (emulator.getOrder(id)?.items.length ?? 0), 0);
		const mailsBefore = stubs.smtp.messages.length;

		const run = await execute(c, setup, setup.ids.daily);

		// After emulator.reset() the token n8n stored is unknown: the first call gets a 401 and n8n
		// fetches a new token and repeats it. Count the answered calls.
		const exports = emulator.log.filter((entry) => entry.api === 'export' && entry.status === 200);
		c.equal(exports.length, 1, 'export requests answered');
		c.equal(
			[exports[0]?.query['filter[status:in]'], exports[0]?.query['filter[completion_datetime:gt]']],
			['8', kx(yesterday)],
			'export filters (statuses; completed after the start of yesterday, in UTC)',
		);
		const mail = await stubs.smtp.waitFor((m) => stubs.smtp.messages.indexOf(m) >= mailsBefore, 5_000);
		if (!c.present(mail, `no e-mail reached the SMTP server (Send Email output: ${JSON.stringify(items(run, 'E-mail the report'))})`)) return;
		const day = yesterday.toFormat('yyyy-LL-dd');
		c.equal(mail.to, ['dispatch-team@example.com'], 'recipients');
		c.equal(mail.authUser, STUB_LOGINS.smtp.user, 'SMTP login (from the credential)');
		c.equal(mail.subject, `KornitX dispatches ${day}`, 'subject');
		c.check(mail.text.includes(`the ${expectedRows} item rows of the ${expectedOrders.length} orders`), `body text counts rows and orders: ${JSON.stringify(mail.text)}`);
		const csv = mail.attachments.find((part) => part.filename === `kornitx-dispatched-${day}.csv`);
		if (!c.present(csv, `no attachment kornitx-dispatched-${day}.csv (attachments: ${mail.attachments.map((a) => a.filename).join(', ') || 'none'})`)) return;
		const csvText = csv.content.toString('utf8');
		c.note(`CSV attachment: ${csv.content.length} bytes${csvText.startsWith('\ufeff') ? ', with a UTF-8 BOM (for Excel)' : ''}`);
		const rows = parseCsv(csvText.replace(/^\ufeff/, ''));
		const header = rows[0] ?? [];
		c.equal(header.slice(0, 8), ['Order ID', 'Order Ref', 'External Ref', 'Company', 'Completed (UTC)', 'Carrier', 'Method', 'Tracking'], 'CSV columns');
		const body = rows.slice(1);
		c.equal(body.length, expectedRows, 'CSV rows (one per item of the orders dispatched yesterday)');
		const orderIds = [...new Set(body.map((row) => Number(row[0])))].sort();
		c.equal(orderIds, [...expectedOrders].sort(), 'orders in the CSV');
		const trackingOf = new Map(body.map((row) => [Number(row[0]), row[7]]));
		for (const id of expectedOrders) {
			c.equal(trackingOf.get(id), emulator.getOrder(id)?.shipping_tracking, `tracking of order ${id} in the CSV`);
		}
	});
}

/** RFC 4180 CSV (quotes, doubled quotes, CRLF or LF). */
function parseCsv(text: string): string[][] {
	const rows: string[][] = [];
	let row: string[] = [];
	let field = '';
	let quoted = false;
	for (let i = 0; i < text.length; i++) {
		const ch = text[i];
		if (quoted) {
			if (ch === '"' && text[i + 1] === '"') {
				field += '"';
				i++;
			} else if (ch === '"') quoted = false;
			else field += ch;
		} else if (ch === '"') quoted = true;
		else if (ch === ',') {
			row.push(field);
			field = '';
		} else if (ch === '\n' || ch === '\r') {
			if (ch === '\r' && text[i + 1] === '\n') i++;
			row.push(field);
			rows.push(row);
			row = [];
			field = '';
		} else field += ch;
	}
	if (field !== '' || row.length) {
		row.push(field);
		rows.push(row);
	}
	return rows.filter((r) => r.length > 1 || r[0] !== '');
}

async function testAgent(label: string, setup: ExecuteSetup, stubs: Stubs): Promise<void> {
	await runCase(`${label} › ai-order-status-agent: the agent looks orders up with the KornitX tool and answers`, async (c) => {
		const { emulator } = setup;
		emulator.reset();
		const chatBefore = stubs.openai.chatRequests().length;
		const run = await execute(c, setup, setup.ids.agent);

		const answers = items(run, 'Order status agent').map((item) => String(item.output ?? ''));
		c.equal(answers.length, CHAT_MESSAGES.length, 'answers');
		c.check(
			answers[0]?.includes(`KornitX ${IDS.receivedBySupplier}`) && answers[0]?.includes('Received by Supplier (status 513)'),
			`answer 1 gives the status from KornitX: ${JSON.stringify(answers[0])}`,
		);
		c.check(
			answers[1]?.includes('SHOP-1004') && answers[1]?.includes('Dispatched (status 8)') && answers[1]?.includes('RM123456785GB'),
			`answer 2 gives status and tracking from KornitX: ${JSON.stringify(answers[1])}`,
		);
		const queries = emulator.log.filter((entry) => entry.api === 'graphql' && entry.status === 200);
		const variables = queries.map((entry) => (entry.body as { variables?: unknown })?.variables);
		c.equal(
			variables,
			[{ filter: { id: [IDS.receivedBySupplier] } }, { filter: { external_ref: ['SHOP-1004'] } }],
			'GraphQL orders queries the tool sent (ID, then external ref)',
		);
		c.check(
			queries.every((entry) => /core\s*\{\s*orders\(filter: \$filter, page: 1, count: 10\)/.test(String((entry.body as { query?: string })?.query))),
			'the tool ran the example\'s core { orders } query (inferred shape, served by the emulator\'s schema)',
		);
		const chats = stubs.openai.chatRequests().slice(chatBefore);
		c.equal(chats.length, 4, 'chat-completion requests (a tool call, then an answer, per message)');
		const toolNames = chats[0]?.tools?.map((tool) => tool.function?.name) ?? [];
		c.check(toolNames.some((name) => /look_up_order/i.test(name ?? '')), `the model was offered the KornitX tool: ${JSON.stringify(toolNames)}`);
	});
}

/* ------------------------------------------------------------------------------------------------
 * The "live" examples
 * ---------------------------------------------------------------------------------------------- */

interface LiveSetup {
	n8n: N8nInstance;
	emulator: KornitxEmulator;
	url: string;
	formPath: string;
	/** Path of this instance's Slack incoming webhook on the stub (one per run). */
	slackPath: string;
	/** When the order for the Slack announcement was dispatched. */
	dispatchedAt?: number;
}

const SLACK_ORDER = { id: IDS.pendingDispatch, ref: 'SHOP-1008', carrier: 'Royal Mail', method: 'Tracked 48', tracking: 'RM555000111GB' };

async function prepareLive(install: N8nInstall, stubs: Stubs): Promise<LiveSetup> {
	const emulator = await startEmulator({ host: '127.0.0.1', port: 0 });
	const n8n = createN8nInstance(install, { customExtensions: DIST, logLevel: 'info' });

	const form = forCustomExtensions(loadExample('cancel-items-from-form.json'));
	const formTrigger = findNodeByType(form, 'n8n-nodes-base.formTrigger');
	const formPath = String((formTrigger.parameters.options as { path?: string } | undefined)?.path ?? formTrigger.webhookId);

	const slack = forCustomExtensions(loadExample('dispatched-to-slack.json'));
	// Poll every minute instead of every 5 (n8n's shortest poll interval) to keep the test short.
	findNodeByType(slack, `${CUSTOM_PREFIX}kornitxTrigger`).parameters.pollTimes = { item: [{ mode: 'everyMinute' }] };
	const slackPath = `/services/T0E2E/B${install.major}${n8nId().slice(0, 8)}/e2eWebhookToken`;
	findNode(slack, 'Post to Slack').parameters.url = `${stubs.slack.url}${slackPath}`;

	await n8n.importCredentials(credentialsFor(emulator, stubs));
	await importWorkflows(n8n, [form, slack]);
	await activate(n8n, form.id!);
	await activate(n8n, slack.id!);
	const { url } = await n8n.start({ timeoutMs: 180_000 });
	const setup: LiveSetup = { n8n, emulator, url, formPath, slackPath };
	await waitForActivation(setup);
	return setup;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** `fetch` that gives up after `ms` (n8n may hold a request open). */
async function fetchWithin(ms: number, input: string, init: RequestInit = {}): Promise<Response | undefined> {
	const controller = new AbortController();
	const timer = setTimeout(() => controller.abort(), ms);
	try {
		return await fetch(input, { ...init, signal: controller.signal });
	} catch {
		return undefined;
	} finally {
		clearTimeout(timer);
	}
}

/**
 * n8n 2.x answers HTTP before it has activated the published workflows: wait until the form's
 * production URL is served and the KornitX Trigger has made its first (baseline) poll.
 */
async function waitForActivation(setup: LiveSetup): Promise<void> {
	const deadline = Date.now() + 120_000;
	for (;;) {
		const page = await fetchWithin(5_000, `${setup.url}/form/${setup.formPath}`);
		const polled = setup.emulator.log.some((entry) => entry.api === 'export' && entry.status === 200);
		if (page?.status === 200 && polled) break;
		if (Date.now() > deadline) {
			throw new Error(
				`published workflows not active within 120s (form: HTTP ${page?.status ?? 'no answer'}, trigger polled: ${polled}); log:\n${logTail(setup.n8n.logFile)}`,
			);
		}
		await sleep(500);
	}
	// The trigger's baseline is the poll's second: dispatch in a later one.
	await sleep(1_100);
}

/**
 * Submits the n8n form like a browser: a multipart POST of `field-<n>` values, answered with the
 * URL of the form's next page (`formWaitingUrl`), which shows the Form Ending once the execution
 * reaches it. Returns the text of that page.
 */
async function submitForm(setup: LiveSetup, values: string[]): Promise<{ page: string; steps: string[] }> {
	const steps: string[] = [];
	const body = new FormData();
	values.forEach((value, index) => body.append(`field-${index}`, value));
	const posted = await fetchWithin(30_000, `${setup.url}/form/${setup.formPath}`, { method: 'POST', body, redirect: 'manual' });
	if (!posted) throw new Error(`POST /form/${setup.formPath}: no answer within 30s`);
	const answer = await posted.text();
	steps.push(`POST /form/${setup.formPath} → ${posted.status}`);
	let next = posted.headers.get('location') ?? undefined;
	try {
		next ??= (JSON.parse(answer) as { formWaitingUrl?: string }).formWaitingUrl;
	} catch {
		// not JSON
	}
	if (!next) return { page: pageText(answer), steps };

	// formWaitingUrl names the host n8n thinks it has (localhost): ask the instance directly.
	const target = new URL(next, setup.url);
	const local = (suffix: string) => `${setup.url}${target.pathname}${suffix}${target.search}`;
	// Like the form page's script: poll the execution's status (n8n holds a page request open
	// while the execution runs), then load the page once a Form Ending waits to be shown.
	const deadline = Date.now() + 60_000;
	let status = '';
	while (Date.now() < deadline) {
		const response = await fetchWithin(5_000, local('/n8n-execution-status'));
		status = response ? (await response.text()).trim().slice(0, 40) : 'no answer';
		if (!['running', 'new', 'no answer'].includes(status)) break;
		await sleep(300);
	}
	steps.push(`execution status ${status}`);
	const response = await fetchWithin(15_000, local(''), { redirect: 'manual' });
	const last = response ? pageText(await response.text()) : '';
	steps.push(`GET ${target.pathname} → ${response?.status ?? 'no answer'}`);
	return { page: last, steps };
}

function pageText(html: string): string {
	return html
		.replace(/<script[\s\S]*?<\/script>/gi, ' ')
		.replace(/<style[\s\S]*?<\/style>/gi, ' ')
		.replace(/<[^>]+>/g, ' ')
		.replace(/&#39;|&#x27;/g, "'")
		.replace(/&quot;/g, '"')
		.replace(/&amp;/g, '&')
		.replace(/&times;/g, '×')
		.replace(/\s+/g, ' ')
		.trim();
}

async function testForm(label: string, setup: LiveSetup): Promise<void> {
	await runCase(`${label} › cancel-items-from-form: a form submission cancels items and the form shows the result`, async (c) => {
		const { emulator } = setup;
		const page = await fetch(`${setup.url}/form/${setup.formPath}`);
		const pageHtml = await page.text();
		c.check(page.status === 200 && pageHtml.includes('Cancel KornitX order items'), `GET /form/${setup.formPath}: HTTP ${page.status}, the form's title shown`);

		const order = emulator.getOrder(IDS.inProduction)!;
		const [first, , third] = order.items;
		const before = order.items.map((item) => item.cancelled_quantity);
		const result = await submitForm(setup, [String(order.id), `${first.id}, ${third.id}`, '1, 2', 'Customer request']);
		c.note(result.steps.join('; '));
		const call = emulator.log.find((entry) => entry.api === 'rest' && entry.method === 'POST' && entry.path.endsWith(`/order/${order.id}/cancellation`));
		c.equal(
			call?.body,
			{ items: [{ id: first.id, quantity: 1 }, { id: third.id, quantity: 2 }], reference: 'Customer request' },
			'cancellation request built from the form',
		);
		const after = emulator.getOrder(IDS.inProduction)!.items.map((item) => item.cancelled_quantity);
		c.equal(after, [before[0] + 1, before[1], before[2] + 2], 'cancelled quantities of the order\'s items');
		const cancellationId = emulator.getOrder(IDS.inProduction)!.cancellations[0]?.id;
		const text = result.page;
		c.check(
			text.includes('Items cancelled') && text.includes(`KornitX cancellation ${cancellationId} for order ${order.id}`) && text.includes(`1 × item ${first.id}, 2 × item ${third.id}`),
			`the ending page shows the cancellation: ${JSON.stringify(text.slice(0, 400))}`,
		);

		// Too many of an item: KornitX refuses, nothing changes, the refusal page says why.
		const refused = await submitForm(setup, [String(order.id), String(first.id), String(first.quantity + 5), 'Out of stock']);
		c.note(refused.steps.join('; '));
		c.equal(emulator.getOrder(IDS.inProduction)!.items.map((item) => item.cancelled_quantity), after, 'a refused cancellation changes nothing');
		const refusedText = refused.page;
		c.check(!refusedText.includes('Items cancelled'), `a refused cancellation reached the success page. ${ERROR_OUTPUT_HINT}`);
		c.check(
			refusedText.includes('Cancellation refused') &&
				refusedText.includes('Invalid item specified') &&
				refusedText.includes('KornitX refused entry 1 of Items'),
			`the refusal page says why: ${JSON.stringify(refusedText.slice(0, 400))}`,
		);
	});
}

function dispatchForSlack(setup: LiveSetup): void {
	setup.emulator.setOrder(SLACK_ORDER.id, {
		status: 8,
		shipping_carrier: SLACK_ORDER.carrier,
		shipping_method: SLACK_ORDER.method,
		shipping_tracking: SLACK_ORDER.tracking,
	});
	setup.dispatchedAt = Date.now();
}

async function testSlack(label: string, setup: LiveSetup, stubs: Stubs): Promise<void> {
	await runCase(`${label} › dispatched-to-slack: the KornitX Trigger announces a dispatched order on Slack`, async (c) => {
		const since = setup.dispatchedAt ?? Date.now();
		const text = (req: { json?: unknown }) => String((req.json as { text?: unknown } | undefined)?.text ?? '');
		const message = await stubs.slack.waitFor(
			(req) => req.path === setup.slackPath && text(req).includes(SLACK_ORDER.ref),
			Math.max(1_000, SLACK_WAIT_MS - (Date.now() - since)),
		);
		if (
			!c.present(
				message,
				`no Slack message within ${SLACK_WAIT_MS / 1000}s of the dispatch; exports seen: ${setup.emulator.log.filter((e) => e.api === 'export').length}; n8n log:\n${logTail(setup.n8n.logFile)}`,
			)
		) {
			return;
		}
		c.note(`announced ${((message.receivedAt - since) / 1000).toFixed(0)}s after the dispatch`);
		c.check(String(message.headers['content-type']).includes('application/json'), `JSON body (content-type ${message.headers['content-type']})`);
		const body = text(message);
		for (const expected of [`*${SLACK_ORDER.ref}*`, `KornitX ${SLACK_ORDER.id}`, `with ${SLACK_ORDER.carrier} ${SLACK_ORDER.method}`, `Tracking: ${SLACK_ORDER.tracking}`]) {
			c.check(body.includes(expected), `message holds "${expected}": ${JSON.stringify(body)}`);
		}
		const all = stubs.slack.requests.filter((req) => req.path === setup.slackPath);
		c.equal(all.filter((req) => text(req).includes(SLACK_ORDER.ref)).length, 1, 'messages about the order (no duplicates)');
		const laterPolls = setup.emulator.log.filter(
			(entry) => entry.api === 'export' && entry.status === 200 && Date.parse(entry.startedAt) > message.receivedAt,
		).length;
		c.note(`${laterPolls} later poll(s) before the check, announcing nothing again`);
		c.check(
			!all.some((req) => text(req).includes('SHOP-1004')),
			'orders dispatched before the workflow was activated are not announced',
		);
	});
}

/* ------------------------------------------------------------------------------------------------
 * Main
 * ---------------------------------------------------------------------------------------------- */

async function runMajor(major: N8nMajor, stubs: Stubs): Promise<void> {
	const label = `n8n ${N8N_VERSIONS[major]}`;
	const install = await ensureN8n(major);
	console.log(`\n== ${label} (${major === '2' ? 'Node 24' : `Node ${process.versions.node}`}) ==`);

	const t0 = Date.now();
	const [liveResult, executeResult] = await Promise.allSettled([prepareLive(install, stubs), prepareExecute(install, stubs)]);
	console.log(`   setup (imports, publish, n8n start): ${((Date.now() - t0) / 1000).toFixed(1)}s`);
	const live = liveResult.status === 'fulfilled' ? liveResult.value : undefined;
	const exec = executeResult.status === 'fulfilled' ? executeResult.value : undefined;
	try {
		if (live) dispatchForSlack(live);
		if (live) await testForm(label, live);
		else fail(`${label} › cancel-items-from-form`, (liveResult as PromiseRejectedResult).reason);

		if (exec) {
			await testDispatchFromErp(label, exec, stubs);
			await testDailyExport(label, exec, stubs);
			await testAgent(label, exec, stubs);
		} else {
			const reason = (executeResult as PromiseRejectedResult).reason;
			for (const name of ['dispatch-from-erp', 'daily-dispatched-export-email', 'ai-order-status-agent']) fail(`${label} › ${name}`, reason);
		}

		if (live) await testSlack(label, live, stubs);
		else fail(`${label} › dispatched-to-slack`, (liveResult as PromiseRejectedResult).reason);
	} finally {
		await live?.n8n.stop();
		await Promise.all([live?.emulator.close(), exec?.emulator.close()]);
		for (const folder of [live?.n8n.userFolder, exec?.n8n.userFolder]) {
			if (folder && process.env.KORNITX_E2E_KEEP !== '1') fs.rmSync(folder, { recursive: true, force: true });
		}
	}
}

function requestedMajors(): N8nMajor[] {
	const raw = process.argv.slice(2).length ? process.argv.slice(2) : (process.env.KORNITX_E2E_MAJORS ?? '2').split(/[\s,]+/);
	const majors = raw.filter(Boolean);
	for (const m of majors) if (m !== '1' && m !== '2') throw new Error(`unknown n8n major "${m}" (use 2 and/or 1)`);
	return (majors.length ? majors : ['2']) as N8nMajor[];
}

async function main(): Promise<void> {
	const t0 = Date.now();
	if (!fs.existsSync(path.join(DIST, 'nodes', 'Kornitx', 'Kornitx.node.js'))) {
		throw new Error('dist/ is not built: run `npm run build` first');
	}
	const majors = requestedMajors();
	await checkExampleFiles();
	const stubs = await startStubs();
	try {
		for (const major of majors) await runMajor(major, stubs);
	} finally {
		await stubs.close();
	}
	const passed = outcomes.filter((o) => o.ok).length;
	const failed = outcomes.length - passed;
	console.log(`\nexamples e2e: ${((Date.now() - t0) / 1000).toFixed(0)}s`);
	console.log(`${passed} passed, ${failed} failed`);
	process.exitCode = failed ? 1 : 0;
}

main().catch((error: unknown) => {
	console.error(error instanceof Error ? (error.stack ?? error.message) : error);
	console.log(`${outcomes.filter((o) => o.ok).length} passed, ${outcomes.filter((o) => !o.ok).length + 1} failed`);
	process.exitCode = 1;
});
