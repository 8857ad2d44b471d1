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

import { ensureN8n, N8N_VERSIONS, type N8nMajor } from '../../scripts/n8n-runtime';
import {
	DIST,
	fail,
	outcomes,
	prepareExecute,
	startStubs,
	type Stubs,
} from './example-cases/common';
import { checkExampleFiles } from './example-cases/files';
import { testDispatchFromErp } from './example-cases/dispatch-from-erp';
import { testDailyExport } from './example-cases/daily-dispatched-export-email';
import { testAgent } from './example-cases/ai-order-status-agent';
import { prepareLive } from './example-cases/live';
import { testForm } from './example-cases/cancel-items-from-form';
import { dispatchForSlack, testSlack } from './example-cases/dispatched-to-slack';
import { SHIP_PARCELS, STOCK_SYNC, testExampleCase } from './example-cases/shipments-stock';

/* ------------------------------------------------------------------------------------------------
 * Main
 * ---------------------------------------------------------------------------------------------- */

async function runMajor(major: N8nMajor, stubs: Stubs): Promise<void> {
	const label = `n8n ${N8N_VERSIONS[major]}`;
	const install = await ensureN8n(major);
	console.log(`\n== ${label} (${major === '2' ? 'Node 24' : `Node ${process.versions.node}`}) ==`);

	const t0 = Date.now();
	const [liveResult, executeResult] = await Promise.allSettled([
		prepareLive(install, stubs),
		prepareExecute(install, stubs),
	]);
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
			await testExampleCase(label, exec, exec.ids.ship, SHIP_PARCELS);
			await testExampleCase(label, exec, exec.ids.stock, STOCK_SYNC);
		} else {
			const reason = (executeResult as PromiseRejectedResult).reason;
			for (const name of [
				'dispatch-from-erp',
				'daily-dispatched-export-email',
				'ai-order-status-agent',
				'ship-parcels-from-packing-export',
				'nightly-stock-sync',
			]) {
				fail(`${label} › ${name}`, reason);
			}
		}

		if (live) await testSlack(label, live, stubs);
		else fail(`${label} › dispatched-to-slack`, (liveResult as PromiseRejectedResult).reason);
	} finally {
		await live?.n8n.stop();
		await Promise.all([live?.emulator.close(), exec?.emulator.close()]);
		for (const folder of [live?.n8n.userFolder, exec?.n8n.userFolder]) {
			if (folder && process.env.KORNITX_E2E_KEEP !== '1')
				fs.rmSync(folder, { recursive: true, force: true });
		}
	}
}

function requestedMajors(): N8nMajor[] {
	const raw = process.argv.slice(2).length
		? process.argv.slice(2)
		: (process.env.KORNITX_E2E_MAJORS ?? '2').split(/[\s,]+/);
	const majors = raw.filter(Boolean);
	for (const m of majors)
		if (m !== '1' && m !== '2') throw new Error(`unknown n8n major "${m}" (use 2 and/or 1)`);
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
	console.log(
		`${outcomes.filter((o) => o.ok).length} passed, ${outcomes.filter((o) => !o.ok).length + 1} failed`,
	);
	process.exitCode = 1;
});
