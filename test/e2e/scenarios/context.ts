/**
 * What every e2e scenario module (test/e2e/scenarios/*.ts) gets: the `Scenario` shape run.ts
 * executes, the per-major context (emulator, header proxy, checks, credential set and a few
 * emulator helpers), and small readers of the run data.
 */
import type { ExecuteResult } from '../../../scripts/n8n-runtime';
import type { KornitxEmulator, LoggedRequest } from '../../emulator';
import type { Checks } from '../lib/checks';
import { CredentialSet } from '../lib/credentials';
import { apiCalls, bulkOrderIds, logLines, tokenCalls } from '../lib/emulator';
import type { HeaderProxy } from '../lib/header-proxy';
import { nodeItems, type OutputItem } from '../lib/n8n';
import type { WorkflowBuilder } from '../lib/workflow';

export const EXECUTE_TIMEOUT_MS = 120_000;

export const enc = encodeURIComponent;
export const statusPath = (id: number) => `/api-sl-2-3/order/${id}/status`;

/** One workflow, executed once after `emu.reset()` + `before()`. */
export interface Scenario {
	name: string;
	workflow: WorkflowBuilder;
	/** Runs after emu.reset(), before `n8n execute`. */
	before?: () => void;
	/** Whether the run is expected to succeed (default true). */
	expectOk?: boolean;
	verify: (run: ExecuteResult) => void;
}

/** What a scenario module receives (one per n8n major). */
export interface SuiteContext {
	emu: KornitxEmulator;
	proxy: HeaderProxy;
	c: Checks;
	/** Every scenario adds its own credential here (all are imported in one CLI call). */
	creds: CredentialSet;
	/** The emulator's order (throws if unknown). */
	order: (id: number) => NonNullable<ReturnType<KornitxEmulator['getOrder']>>;
	/** The ids `emu.seedBulk(count, 1, status)` creates after a reset (deterministic). */
	bulkIds: (count: number, status: number) => number[];
	/** Checks the run made exactly `expected` token requests. */
	tokenCount: (expected: number, what: string) => void;
	/** Checks the run made one token request and every API call used that token. */
	oneTokenForAll: (what: string) => void;
}

export function createSuiteContext(
	emu: KornitxEmulator,
	proxy: HeaderProxy,
	c: Checks,
): SuiteContext {
	const creds = new CredentialSet();
	emu.reset();
	const order = (id: number) => emu.getOrder(id)!;
	// seedBulk is deterministic after a reset: learn the ids it will create
	const bulkIds = (count: number, status: number): number[] => {
		emu.reset();
		emu.seedBulk(count, 1, status);
		const ids = bulkOrderIds(emu);
		emu.reset();
		return ids;
	};
	const tokenCount = (expected: number, what: string) => {
		const calls = tokenCalls(emu);
		c.equal(`${what}: ${expected} token request(s) in the run`, calls.length, expected);
	};
	const oneTokenForAll = (what: string) => {
		const calls = tokenCalls(emu);
		const api = apiCalls(emu);
		c.ok(
			`${what}: one token request, reused by all ${api.length} API calls (items run 5 at a time)`,
			calls.length === 1 &&
				calls[0].status === 200 &&
				api.length > 0 &&
				api.every((call) => call.auth.tokenId === calls[0].auth.tokenId),
			`token requests ${calls.length}; ${logLines(emu.log.slice(0, 12)).join(', ')}`,
		);
	};
	return { emu, proxy, c, creds, order, bulkIds, tokenCount, oneTokenForAll };
}

export function items(run: ExecuteResult, node: string, output = 0): OutputItem[] {
	return nodeItems(run.json, node, output) ?? [];
}
export const jsonOf = (list: OutputItem[]) => list.map((item) => item.json);
export const pairedIndexes = (list: OutputItem[]) =>
	list.map((item) => (item.pairedItem as { item?: number } | undefined)?.item ?? null);
export const range = (n: number) => Array.from({ length: n }, (_, i) => i);
/** `METHOD path body` of calls, sorted (concurrent calls arrive in any order). */
export const callKeys = (calls: LoggedRequest[]) =>
	calls.map((c) => `${c.method} ${c.path} ${JSON.stringify(c.body)}`).sort();
