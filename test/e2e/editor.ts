/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, no-console -- dev tooling, never shipped in dist */
/**
 * Editor check: the KornitX node and credentials as a user sees them in a real n8n 2.x editor.
 *
 *   npx tsx test/e2e/editor.ts          (needs dist/ built; n8n comes from the cache, installed on first use)
 *
 *  1. starts the KornitX emulator and n8n 2.x with dist/ as custom extensions, imports the
 *     emulator credentials ("KornitX (emulator)" OAuth2, "KornitX API key (emulator)"), sets up
 *     the owner over REST and hands its cookie to a headless Debian chromium (playwright-core)
 *  2. creates over REST one workflow with a KornitX node per operation (Update Status, the same
 *     with the API key, Update, Export, Cancel, GraphQL Execute, Shipment Create, Stock Update
 *     Availability and Get Many, Stock with OAuth2 showing its notice) and the KornitX Trigger, opens
 *     it, opens each node's panel and checks fields, option lists, credential, issues and the
 *     browser console (see editor/panels.ts for the expectations, taken from the node contract);
 *     the nodes panel finds "KornitX" and lists an action per operation
 *  3. credentials: the imported ones test green in their dialog; one created in the UI with the
 *     emulator's limited client (all five scopes requested) shows the scope error; the REST
 *     call behind the test button is replayed and its JSON printed
 *  4. screenshots go to a temp folder, so a test run leaves the tree clean; `npm run screenshots`
 *     sets KORNITX_SCREENSHOTS_DIR=.github/screenshots to refresh the README's pictures
 *
 * Prints one line per check and `N passed, N failed`; exits 1 on any failure.
 * Env: KORNITX_EDITOR_KEEP=1 keeps n8n's temp user folder (always kept on failure).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import type { Browser } from 'playwright-core';

import {
	ConsoleCollector,
	describeEntry,
	ensureChromium,
	launchBrowser,
	loggedInContext,
} from './editor/browser';
import { credentialChecks } from './editor/credentials';
import { canvasNode } from './editor/ndv';
import { nodeCreatorChecks } from './editor/node-creator';
import { panelChecks } from './editor/panel-checks';
import { PANELS, editorWorkflow } from './editor/panels';
import { Report, firstLine } from './editor/report';
import { REPO_ROOT, startSession, type EditorSession } from './editor/session';

/** The README's pictures live in .github/screenshots (a dot folder, which `n8n-node build` does not
 * copy into dist/); only `npm run screenshots` writes there. */
const SHOTS_DIR = process.env.KORNITX_SCREENSHOTS_DIR
	? path.resolve(REPO_ROOT, process.env.KORNITX_SCREENSHOTS_DIR)
	: fs.mkdtempSync(path.join(os.tmpdir(), 'kornitx-editor-shots-'));

const log = (line: string) => console.log(`[editor] ${line}`);

async function main(): Promise<number> {
	const t0 = Date.now();
	const report = new Report();
	let session: EditorSession | undefined;
	let browser: Browser | undefined;
	const collector = new ConsoleCollector();
	const timings: Record<string, number> = {};

	try {
		ensureChromium(log);
		session = await startSession(log);
		Object.assign(timings, session.timings);
		const api = session.api;
		const tSetup = Date.now();

		// --- workflow with one node per panel ----------------------------------------------------
		const created = await api<{ data?: { id?: string } }>(
			'POST',
			'/rest/workflows',
			editorWorkflow(),
		);
		const workflowId = created.body?.data?.id;
		if (
			!report.expect(
				'workflow created over REST',
				created.status === 200 && !!workflowId,
				`HTTP ${created.status}, id ${workflowId}`,
			)
		) {
			throw new Error(`POST /rest/workflows: ${created.text.slice(0, 300)}`);
		}

		fs.mkdirSync(SHOTS_DIR, { recursive: true });
		browser = await launchBrowser();
		const context = await loggedInContext(browser, session.login);
		const page = await context.newPage();
		page.setDefaultTimeout(20_000);
		collector.attach(page);

		// --- the editor ---------------------------------------------------------------------------
		collector.phase = 'workflow load';
		const loadMark = collector.mark;
		const tLoad = Date.now();
		await page.goto(`${session.login.baseUrl}/workflow/${workflowId}`);
		const loaded = await report.check(
			`editor opens /workflow/${workflowId} with ${PANELS.length} KornitX nodes`,
			async () => {
				for (const p of PANELS)
					await canvasNode(page, p.nodeName).waitFor({ state: 'visible', timeout: 90_000 });
				return `${((Date.now() - tLoad) / 1000).toFixed(1)}s`;
			},
		);
		timings.editorLoad = Date.now() - tLoad;
		if (loaded) {
			await report.check('canvas: no node shows a warning', async () => {
				const warned: string[] = [];
				for (const p of PANELS) {
					const n = await canvasNode(page, p.nodeName)
						.getByTestId('canvas-node-status-warning')
						.filter({ visible: true })
						.count();
					if (n) warned.push(p.nodeName);
				}
				if (warned.length) throw new Error(`warnings on ${warned.join(', ')}`);
			});
			const loadErrors = collector.errorsSince(loadMark);
			report.expect(
				'workflow load: no browser console errors',
				loadErrors.length === 0,
				loadErrors.length ? loadErrors.map(describeEntry).join(' | ') : 'none',
			);

			await nodeCreatorChecks(page, report, collector, SHOTS_DIR);

			const tPanels = Date.now();
			for (const spec of PANELS) await panelChecks(page, spec, report, collector, SHOTS_DIR);
			timings.panels = Date.now() - tPanels;
		}

		// --- credentials -------------------------------------------------------------------------
		const tCreds = Date.now();
		await credentialChecks(page, session, report, collector, SHOTS_DIR);
		timings.credentials = Date.now() - tCreds;
		timings.browser = Date.now() - tSetup;

		// --- n8n's own log -----------------------------------------------------------------------
		await report.check('n8n log: no errors about KornitX', async () => {
			const text = fs.readFileSync(session!.n8n.logFile, 'utf8');
			const bad = text
				.split('\n')
				.filter((l) => /kornitx/i.test(l) && /\b(error|failed|cannot|invalid)\b/i.test(l))
				.filter((l) => !/Failed to acquire OAuth2 access token/i.test(l)); // the scope check's expected failure
			if (bad.length) throw new Error(bad.slice(0, 3).join(' | '));
		});
	} catch (e) {
		report.fail('editor check ran to the end', firstLine(e));
	} finally {
		await browser?.close().catch(() => undefined);
		const failed = report.failed > 0;
		const keep = failed || process.env.KORNITX_EDITOR_KEEP === '1';
		if (session) {
			if (keep) log(`n8n user folder kept: ${session.n8n.userFolder} (log ${session.n8n.logFile})`);
			await session.close({ keepUserFolder: keep });
		}
	}

	const ignored = collector.ignored;
	if (ignored.length) {
		log(`browser console entries ignored (${ignored.length}):`);
		for (const e of ignored) log(`  ${describeEntry(e)} — ${e.ignored}`);
	} else {
		log('browser console entries ignored: none');
	}
	log(`screenshots: ${path.relative(process.cwd(), SHOTS_DIR) || SHOTS_DIR}/`);
	const s = (ms: number | undefined) => (ms === undefined ? '-' : `${(ms / 1000).toFixed(1)}s`);
	log(
		`time: total ${s(Date.now() - t0)} (n8n install check ${s(timings.ensureN8n)}, credential import ${s(timings.importCredentials)}, ` +
			`n8n start ${s(timings.n8nStart)}, editor load ${s(timings.editorLoad)}, panels ${s(timings.panels)}, credentials ${s(timings.credentials)})`,
	);
	console.log(report.summary());
	return report.failed > 0 ? 1 : 0;
}

main().then(
	(code) => {
		process.exitCode = code;
	},
	(e: unknown) => {
		console.error(e);
		console.log('0 passed, 1 failed');
		process.exitCode = 1;
	},
);
