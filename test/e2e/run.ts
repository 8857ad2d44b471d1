/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, no-console -- dev tooling, never shipped in dist */
/**
 * End-to-end proof in a REAL n8n (`n8n import:*` + `n8n execute`), n8n 2.x (Node 24) and 1.x (Node 20):
 *
 *   npx tsx test/e2e/run.ts          # both majors (2 then 1)
 *   npx tsx test/e2e/run.ts 1        # one major
 *
 * The majors run side by side (own emulator, proxy and user folder each); `--serial` runs them in turn.
 * Env: KORNITX_E2E_DIST (package folder to load, default ./dist), KORNITX_E2E_KEEP=1 (keep the n8n
 * user folders), KORNITX_N8N_CACHE (see scripts/README.md). Prints one line per check and ends with
 * `N passed, N failed`; exits 1 if any check failed. See test/e2e/README.md.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import {
	createN8nInstance,
	ensureN8n,
	N8N_VERSIONS,
	type ExecuteResult,
	type N8nMajor,
} from '../../scripts/n8n-runtime';
import {
	DEV_API_KEY,
	DEV_CLIENT,
	LIMITED_CLIENT,
	startEmulator,
	type KornitxEmulator,
} from '../emulator';
import { Checks } from './lib/checks';
import { type CredentialSet } from './lib/credentials';
import { startHeaderProxy, type HeaderProxy } from './lib/header-proxy';
import { executionSummary, importWorkflows } from './lib/n8n';
import { apiKeyScenarios } from './scenarios/api-key';
import { cancelScenarios } from './scenarios/cancel';
import { EXECUTE_TIMEOUT_MS, createSuiteContext, type Scenario } from './scenarios/context';
import { continueScenarios } from './scenarios/continue';
import { expiryScenarios } from './scenarios/expiry';
import { graphqlExportScenarios } from './scenarios/graphql-export';
import { lifecycleWorkflow, tokenLifecycle, type Lifecycle } from './scenarios/lifecycle';
import { refusedScopeScenarios } from './scenarios/refused-scope';
import { shipmentStockScenarios } from './scenarios/shipments-stock';
import { statusScenarios } from './scenarios/status';
import { updateAutoScenarios } from './scenarios/update-auto';

const ROOT = path.resolve(__dirname, '..', '..');
const DIST = path.resolve(process.env.KORNITX_E2E_DIST || path.join(ROOT, 'dist'));

/* ------------------------------------------------------------------------------------------------
 * The suite: one module per scenario (test/e2e/scenarios/), run in this order
 * ---------------------------------------------------------------------------------------------- */

interface Suite {
	creds: CredentialSet;
	scenarios: Scenario[];
	/** Multi-run token lifecycle study (findings for the README). */
	lifecycle: Lifecycle;
}

function defineSuite(emu: KornitxEmulator, proxy: HeaderProxy, c: Checks): Suite {
	const ctx = createSuiteContext(emu, proxy, c);
	const scenarios: Scenario[] = [
		...statusScenarios(ctx),
		...cancelScenarios(ctx),
		...graphqlExportScenarios(ctx),
		...updateAutoScenarios(ctx),
		...apiKeyScenarios(ctx),
		...expiryScenarios(ctx),
		...continueScenarios(ctx),
		...refusedScopeScenarios(ctx),
		...shipmentStockScenarios(ctx),
	];
	const lifecycle = lifecycleWorkflow(ctx);
	emu.reset();
	return { creds: ctx.creds, scenarios, lifecycle };
}

/* ------------------------------------------------------------------------------------------------
 * One n8n major
 * ---------------------------------------------------------------------------------------------- */

const SECRETS = [
	DEV_CLIENT.clientSecret,
	LIMITED_CLIENT.clientSecret,
	DEV_API_KEY.apiKey,
	'kxemu_',
];

async function runMajor(major: N8nMajor, c: Checks): Promise<void> {
	const t0 = Date.now();
	const install = await ensureN8n(major);
	const emu = await startEmulator();
	const proxy = await startHeaderProxy(emu.baseUrl);
	const n8n = createN8nInstance(install, { customExtensions: DIST });
	const failedBefore = c.failed;
	try {
		const suite = defineSuite(emu, proxy, c);
		// KORNITX_E2E_ONLY=shipments,stock runs only the scenarios whose names start so (no lifecycle study).
		const only = (process.env.KORNITX_E2E_ONLY ?? '')
			.split(',')
			.map((name) => name.trim())
			.filter(Boolean);
		if (only.length)
			suite.scenarios = suite.scenarios.filter((scenario) =>
				only.some((name) => scenario.name.startsWith(name)),
			);
		let t = Date.now();
		try {
			await n8n.importCredentials(suite.creds.imports);
			c.ok(
				`import ${suite.creds.imports.length} credentials (plain data, encrypted by n8n)`,
				true,
				`${Date.now() - t} ms`,
			);
		} catch (error) {
			c.error('import credentials', error);
			return;
		}
		t = Date.now();
		let ids: string[];
		try {
			ids = await importWorkflows(n8n, [
				...suite.scenarios.map((s) => s.workflow.build()),
				suite.lifecycle.workflow.build(),
			]);
			c.ok(`import ${ids.length} workflows`, true, `${Date.now() - t} ms`);
		} catch (error) {
			c.error('import workflows', error);
			return;
		}

		for (const [index, scenario] of suite.scenarios.entries()) {
			emu.reset();
			scenario.before?.();
			let run: ExecuteResult;
			try {
				run = await n8n.execute(ids[index], { timeoutMs: EXECUTE_TIMEOUT_MS });
			} catch (error) {
				c.error(`${scenario.name}: n8n execute`, error);
				continue;
			}
			const expectOk = scenario.expectOk ?? true;
			const printed = run.json !== undefined;
			c.ok(
				`${scenario.name}: n8n execute ${expectOk ? 'succeeds' : 'fails as expected'} (run data printed)`,
				printed && run.ok === expectOk,
				executionSummary(run),
			);
			if (!printed) continue;
			try {
				scenario.verify(run);
			} catch (error) {
				c.error(`${scenario.name}: verify`, error);
			}
			const leaked = SECRETS.filter(
				(secret) => run.stdout.includes(secret) || run.stderr.includes(secret),
			);
			c.ok(
				`${scenario.name}: no secret or access token in n8n's output`,
				leaked.length === 0,
				leaked.length ? `found ${leaked.length} secret(s)` : undefined,
			);
		}

		try {
			if (!only.length) await tokenLifecycle(n8n, emu, suite.lifecycle, ids[ids.length - 1], c);
		} catch (error) {
			c.error('lifecycle', error);
		}
	} finally {
		await n8n.stop();
		await proxy.close();
		await emu.close();
		const failed = c.failed - failedBefore;
		if (process.env.KORNITX_E2E_KEEP === '1' || failed > 0)
			console.log(`# n8n user folder kept: ${n8n.userFolder}`);
		else fs.rmSync(n8n.userFolder, { recursive: true, force: true });
		console.log(`# n8n ${install.version}: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
	}
}

async function main(): Promise<void> {
	const args = process.argv.slice(2);
	const serial = args.includes('--serial');
	const given = args.filter((a) => !a.startsWith('--'));
	const majors = (given.length ? given : ['2', '1']) as N8nMajor[];
	for (const m of majors)
		if (m !== '1' && m !== '2') throw new Error(`unknown n8n major "${m}" (use 1 or 2)`);
	if (!fs.existsSync(path.join(DIST, 'nodes', 'Kornitx', 'Kornitx.node.js'))) {
		throw new Error(`no built package in ${DIST} (run npm run build, or set KORNITX_E2E_DIST)`);
	}
	const t0 = Date.now();
	const one = async (major: N8nMajor): Promise<Checks> => {
		const c = new Checks(`[n8n ${N8N_VERSIONS[major]}]`);
		try {
			await runMajor(major, c);
		} catch (error) {
			c.error(`n8n ${major}.x`, error);
		}
		return c;
	};
	// Each major has its own emulator, proxy and n8n user folder, so they can run side by side
	// (the lines of both interleave; each carries its version). --serial runs them in turn.
	let results: Checks[];
	if (serial) {
		results = [];
		for (const major of majors) results.push(await one(major));
	} else {
		results = await Promise.all(majors.map(one));
	}
	const passed = results.reduce((n, c) => n + c.passed, 0);
	const failed = results.reduce((n, c) => n + c.failed, 0);
	for (const c of results) console.log(`# ${c.prefix}: ${c.summary()}`);
	console.log(`# total ${((Date.now() - t0) / 1000).toFixed(1)} s`);
	console.log(`${passed} passed, ${failed} failed`);
	process.exitCode = failed > 0 ? 1 : 0;
}

main().catch((error: unknown) => {
	console.error(error instanceof Error ? error.stack : error);
	console.log('0 passed, 1 failed');
	process.exitCode = 1;
});
