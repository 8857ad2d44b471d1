/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, no-console -- dev tooling, never shipped in dist */
/**
 * The KornitX Push Trigger in a REAL n8n under `n8n start`, against the PRODUCTION webhook URLs of
 * published workflows (n8n 2.41.1 on Node 24, 1.123.81 on Node 20):
 *
 *   npx tsx test/e2e/push.ts          # both majors, one after the other (2 then 1)
 *   npx tsx test/e2e/push.ts 2        # one major
 *
 * Per major: one n8n with 8 published workflows (6 built here, the 2 push examples) and one
 * unpublished for test mode, loopback
 * stubs for the ERP, Slack and SMTP, pushes sent by a KornitX-like signer (test/e2e/push/sender.ts),
 * executions read back over REST as the owner. Checks: verification (hex / HEX / base64, wrong /
 * missing / other key → 401, no execution), Basic auth, non-object bodies, the PUT status
 * notification without authentication, respond when the last node finishes (ERP example, with
 * the retry running again), Ignore Repeats, output order / items, test mode (webhook-test URL),
 * a burst of 60 distinct pushes 10 at a time, secrets in stored executions, answers and the log.
 * Needs a built dist/ with the trigger. One line per check; ends with `N passed, N failed`.
 * Env: KORNITX_E2E_DIST, KORNITX_E2E_KEEP=1 (keep user folders; kept anyway on failure).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { ensureN8n, N8N_VERSIONS, n8nId, type N8nMajor } from '../../scripts/n8n-runtime';
import { Checks } from './lib/checks';
import {
	erpExampleChecks,
	exampleFileChecks,
	pushExamples,
	startExampleStubs,
	statusExampleChecks,
} from './push/examples';
import { DIST as DEFAULT_DIST, startLive, type LiveN8n } from './push/live';
import {
	SECRETS,
	basicAuthChecks,
	burstChecks,
	outputChecks,
	repeatChecks,
	secretChecks,
	statusNotificationChecks,
	verificationChecks,
	type PushContext,
	type PushSuiteWorkflows,
} from './push/scenarios';
import { testModeChecks } from './push/test-mode';
import { PUSH_CREDENTIAL_TYPE, pushTriggerAvailable, pushWorkflow } from './push/workflows';

const DIST = path.resolve(process.env.KORNITX_E2E_DIST || DEFAULT_DIST);

async function runMajor(major: N8nMajor): Promise<Checks> {
	const checks = new Checks(`[n8n ${N8N_VERSIONS[major]}]`);
	const t0 = Date.now();
	const install = await ensureN8n(major);
	const stubs = await startExampleStubs();
	let live: LiveN8n | undefined;
	try {
		const credA = { id: n8nId(), name: 'push key A' };
		const credB = { id: n8nId(), name: 'push key B + Basic' };
		const w: PushSuiteWorkflows = {
			hmac: pushWorkflow('push hmac', { credential: credA }),
			basic: pushWorkflow('push basic', { credential: credB }),
			status: pushWorkflow('push status none', {
				event: 'statusNotification',
				authentication: 'none',
			}),
			repeats: pushWorkflow('push repeats', { credential: credA, ignoreRepeats: true }),
			items: pushWorkflow('push items', { credential: credA, output: 'items' }),
			burst: pushWorkflow('push burst', { credential: credA }),
		};
		const examples = pushExamples(stubs);
		const all = [...Object.values(w), examples.erp, examples.status];
		// not published: its test URL is registered by "Listen for test event" only
		const testMode = pushWorkflow('push test mode', { credential: credA });
		live = await startLive({
			install,
			customExtensions: DIST,
			credentials: [
				{ ...credA, type: PUSH_CREDENTIAL_TYPE, data: { hmacKey: SECRETS.keyA } },
				{
					...credB,
					type: PUSH_CREDENTIAL_TYPE,
					data: {
						hmacKey: SECRETS.keyB,
						basicAuthUser: SECRETS.basicUser,
						basicAuthPassword: SECRETS.basicPassword,
					},
				},
				...examples.credentials,
			],
			workflows: [...all, testMode].map((h) => h.workflow),
			publish: all.map((h) => h.id),
		});
		for (const h of all) await live.waitForWebhook(`${live.url}/webhook/${h.path}`, h.method);
		console.log(
			`# ${checks.prefix}: n8n start + ${all.length} published workflows ready in ${((Date.now() - t0) / 1000).toFixed(1)}s`,
		);

		const ctx: PushContext = {
			live,
			checks,
			answers: [],
			nextId: 47_000_000 + Number(major) * 100_000,
		};
		const steps: Array<[string, () => Promise<void>]> = [
			['verification', () => verificationChecks(ctx, w)],
			['basic auth', () => basicAuthChecks(ctx, w)],
			['status notification', () => statusNotificationChecks(ctx, w)],
			['example ERP', () => erpExampleChecks(ctx, examples.erp, stubs)],
			['example status', () => statusExampleChecks(ctx, examples.status, stubs)],
			['ignore repeats', () => repeatChecks(ctx, w)],
			['output', () => outputChecks(ctx, w)],
			['burst', () => burstChecks(ctx, w)],
			['test mode', () => testModeChecks(ctx, testMode)],
			[
				'secrets',
				() =>
					secretChecks(
						ctx,
						[...all, testMode].map((h) => h.id),
						fs.readFileSync(live!.n8n.logFile, 'utf8'),
					),
			],
		];
		for (const [name, step] of steps) {
			try {
				await step();
			} catch (e) {
				checks.error(`${name}: ran to the end`, e);
			}
		}
	} catch (e) {
		checks.error('setup: n8n started with the push workflows published', e);
	} finally {
		await live?.stop();
		await stubs.close();
		const keep = checks.failed > 0 || process.env.KORNITX_E2E_KEEP === '1';
		if (live) {
			if (keep) console.log(`# ${checks.prefix}: user folder kept: ${live.n8n.userFolder}`);
			else fs.rmSync(live.n8n.userFolder, { recursive: true, force: true });
		}
		console.log(
			`# ${checks.prefix}: ${checks.summary()} in ${((Date.now() - t0) / 1000).toFixed(1)}s`,
		);
	}
	return checks;
}

async function main(): Promise<number> {
	const majors = process.argv.slice(2).filter((a) => a === '1' || a === '2') as N8nMajor[];
	const files = new Checks('[files]');
	exampleFileChecks(files);
	if (!pushTriggerAvailable(DIST)) {
		files.ok('dist/ holds the KornitX Push Trigger (run `npm run build`)', false);
		console.log(`${files.passed} passed, ${files.failed} failed`);
		return 1;
	}
	const results = [files];
	for (const major of majors.length ? majors : (['2', '1'] as N8nMajor[]))
		results.push(await runMajor(major));
	const passed = results.reduce((n, c) => n + c.passed, 0);
	const failed = results.reduce((n, c) => n + c.failed, 0);
	for (const c of results) console.log(`# ${c.prefix}: ${c.summary()}`);
	console.log(`${passed} passed, ${failed} failed`);
	return failed ? 1 : 0;
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
