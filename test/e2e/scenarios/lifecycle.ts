/* eslint-disable @n8n/community-nodes/no-restricted-imports -- dev tooling, never shipped in dist */
/**
 * e2e token lifecycle across `n8n execute` runs (findings for test/e2e/README.md): is the token
 * stored, reused by the next run, refetched on 401, refreshed before expiry?
 */
import { setTimeout as sleep } from 'node:timers/promises';

import type { N8nInstance } from '../../../scripts/n8n-runtime';
import { SEED_ORDER_IDS as IDS, type KornitxEmulator, type LoggedRequest } from '../../emulator';
import { show, type Checks } from '../lib/checks';
import { oauthData } from '../lib/credentials';
import { executionSummary, readStoredCredential } from '../lib/n8n';
import { WorkflowBuilder } from '../lib/workflow';
import { EXECUTE_TIMEOUT_MS, items, jsonOf, type SuiteContext } from './context';

export interface Lifecycle {
	workflow: WorkflowBuilder;
	credentialId: string;
}

/** The one-query workflow the lifecycle runs several times, with its own credential. */
export function lifecycleWorkflow({ emu, creds }: SuiteContext): Lifecycle {
	const lifecycleCred = creds.oauth('KornitX lifecycle', oauthData(emu));
	const workflow = new WorkflowBuilder('e2e: token lifecycle').kornitx('Query', {
		parameters: {
			resource: 'graphql',
			operation: 'execute',
			query: `{ core { orders(filter: { id: ${IDS.received} }) { items { id status } } } }`,
		},
		credential: lifecycleCred.ref,
	});
	return { workflow, credentialId: lifecycleCred.id };
}

export async function tokenLifecycle(
	n8n: N8nInstance,
	emu: KornitxEmulator,
	lifecycle: Lifecycle,
	workflowId: string,
	c: Checks,
): Promise<void> {
	const expected = [{ core: { orders: { items: [{ id: IDS.received, status: 1 }] } } }];
	emu.reset();
	const step = async (label: string) => {
		const from = emu.log.length;
		const run = await n8n.execute(workflowId, { timeoutMs: EXECUTE_TIMEOUT_MS });
		c.ok(
			`lifecycle ${label}: run succeeds with the query's data`,
			run.ok && show(jsonOf(items(run, 'Query'))) === show(expected),
			executionSummary(run),
		);
		return { run, calls: emu.log.slice(from).filter((e) => e.api !== 'admin') };
	};
	const lines = (calls: LoggedRequest[]) =>
		calls.map((e) =>
			`${e.api === 'token' ? 'token' : e.api} ${e.status} ${e.auth.tokenId ?? ''}`.trim(),
		);

	const first = await step('#1 (no token stored)');
	c.equal('lifecycle #1: token fetched, then the query', lines(first.calls), [
		'token 200 tok-0001',
		'graphql 200 tok-0001',
	]);

	const stored = await readStoredCredential(n8n, lifecycle.credentialId).catch((error: unknown) => {
		c.error('lifecycle: read the stored credential back', error);
		return undefined;
	});
	const tokenData = stored?.oauthTokenData as Record<string, unknown> | undefined;
	c.ok(
		'lifecycle: n8n stored the token in the credential after run #1 (oauthTokenData.access_token)',
		typeof tokenData?.access_token === 'string' &&
			tokenData.access_token.startsWith('kxemu_') &&
			tokenData.expires_in === 3600,
		`stored keys: ${show(Object.keys(tokenData ?? {}))}`,
	);
	const expectsExpiresAt = n8n.install.major === '2';
	c.equal(
		`lifecycle: stored token ${expectsExpiresAt ? 'has' : 'has no'} n8n_expires_at (n8n ${n8n.install.major}.x)`,
		typeof tokenData?.n8n_expires_at === 'string',
		expectsExpiresAt,
	);

	const second = await step('#2 (token stored)');
	c.equal(
		'lifecycle #2: the stored token is reused by the next n8n execute (no token request)',
		lines(second.calls),
		['graphql 200 tok-0001'],
	);

	emu.expireAllTokens();
	emu.configure({ tokenTtlSeconds: 2 });
	const third = await step('#3 (stored token revoked)');
	c.equal('lifecycle #3: 401, one new token, the same call retried once', lines(third.calls), [
		'graphql 401 tok-0001',
		'token 200 tok-0002',
		'graphql 200 tok-0002',
	]);

	const issued = Date.parse(
		third.calls.find((e) => e.api === 'token')?.startedAt ?? new Date().toISOString(),
	);
	await sleep(Math.max(0, issued + 2_500 - Date.now()));
	const fourth = await step('#4 (stored token past expires_in = 2 s)');
	c.equal(
		'lifecycle #4: no refresh before use — the expired token is sent, 401, one new token, retry',
		lines(fourth.calls),
		['graphql 401 tok-0002', 'token 200 tok-0003', 'graphql 200 tok-0003'],
	);
}
