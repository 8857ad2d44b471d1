/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- dev tooling, never shipped in dist */
/* eslint-disable @n8n/community-nodes/require-node-api-error -- plain errors are right outside n8n nodes */
/**
 * A real n8n under `n8n start` with published webhook workflows, for the push suite, the push
 * bench and `npm run dev`: import credentials and workflows, publish them (2.x `publish:workflow`,
 * 1.x `update:workflow --active=true`), start, log in as the owner, wait until the production
 * webhooks answer, and read executions back over REST (`/rest/executions`, owner cookie).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import * as path from 'node:path';

import { parse as parseFlatted } from 'flatted';

import {
	DEV_OWNER,
	createN8nInstance,
	publishWorkflows,
	type CredentialImport,
	type N8nInstall,
	type N8nInstance,
	type RestResponse,
} from '../../../scripts/n8n-runtime';
import { importWorkflows } from '../lib/n8n';

export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
export const DIST = path.join(REPO_ROOT, 'dist');

/** Node type of the push trigger as N8N_CUSTOM_EXTENSIONS loads it. */
export const PUSH_TRIGGER_TYPE = 'CUSTOM.kornitxPushTrigger';

export { publishWorkflows };
export interface ExecutionSummary {
	id: string;
	workflowId: string;
	status: string;
	mode: string;
	startedAt?: string;
	stoppedAt?: string;
}

export interface ExecutionDetail extends ExecutionSummary {
	/** The stored run data as n8n keeps it (flatted JSON text): search it for secrets. */
	rawData: string;
	/** The run data parsed (IRunExecutionData). */
	data: {
		resultData?: {
			runData?: Record<
				string,
				Array<{ data?: { main?: Array<Array<{ json: Record<string, unknown> }> | null> } }>
			>;
			error?: unknown;
		};
	};
}

export interface LiveN8n {
	n8n: N8nInstance;
	/** http://127.0.0.1:<port> */
	url: string;
	cookie: string;
	readyMs: number;
	api<T = unknown>(method: string, urlPath: string, body?: unknown): Promise<RestResponse<T>>;
	/** All executions of a workflow (newest first, as n8n lists them). */
	executions(workflowId: string): Promise<ExecutionSummary[]>;
	/** Waits until the workflow has no running/new execution and its count is unchanged for `quietMs`. */
	settledExecutions(
		workflowId: string,
		opts?: { atLeast?: number; timeoutMs?: number; quietMs?: number },
	): Promise<ExecutionSummary[]>;
	execution(id: string): Promise<ExecutionDetail>;
	/** Waits until `method url` is served by a registered webhook (not "not registered"). */
	waitForWebhook(url: string, method: string, timeoutMs?: number): Promise<void>;
	stop(): Promise<void>;
}

export interface LiveOptions {
	install: N8nInstall;
	credentials: CredentialImport[];
	workflows: Array<Record<string, unknown>>;
	/** Ids of the workflows to publish (default: all). */
	publish?: string[];
	env?: Record<string, string>;
	userFolder?: string;
	port?: number;
	customExtensions?: string;
	echo?: boolean;
}

/** `GET /rest/executions` takes at most 100 per page (2.41: 'Execution limit must be between 1 and 100'). */
const PAGE = 100;
const RUNNING = new Set(['new', 'running', 'waiting', 'unknown']);

export async function startLive(opts: LiveOptions): Promise<LiveN8n> {
	const n8n = createN8nInstance(opts.install, {
		customExtensions: opts.customExtensions ?? DIST,
		logLevel: 'info',
		userFolder: opts.userFolder,
		port: opts.port,
		echo: opts.echo,
		env: opts.env,
	});
	try {
		if (opts.credentials.length) await n8n.importCredentials(opts.credentials);
		if (opts.workflows.length) await importWorkflows(n8n, opts.workflows);
		await publishWorkflows(n8n, opts.publish ?? opts.workflows.map((wf) => wf.id as string));
		const started = await n8n.start({ timeoutMs: 240_000 });
		const { cookie } = await n8n.setupOwner(DEV_OWNER);
		const api: LiveN8n['api'] = (method, urlPath, body) =>
			n8n.rest(method, urlPath, body, { cookie });

		const executions: LiveN8n['executions'] = async (workflowId) => {
			// Pages: 2.41 hands out `nextCursor` (and refuses `lastId`); 1.x pages with `lastId`.
			const out: ExecutionSummary[] = [];
			let next = '';
			for (;;) {
				const filter = encodeURIComponent(JSON.stringify({ workflowId }));
				const page = await api<{
					data?: { results?: ExecutionSummary[]; nextCursor?: string | null };
				}>('GET', `/rest/executions?filter=${filter}&limit=${PAGE}${next}`);
				if (page.status !== 200)
					throw new Error(`GET /rest/executions: HTTP ${page.status} ${page.text.slice(0, 300)}`);
				const results = page.body.data?.results ?? [];
				out.push(...results.map((r) => ({ ...r, id: String(r.id) })));
				const cursor = page.body.data?.nextCursor;
				if (cursor) next = `&cursor=${encodeURIComponent(cursor)}`;
				else if (cursor === undefined && results.length >= PAGE)
					next = `&lastId=${results[results.length - 1].id}`;
				else return [...new Map(out.map((e) => [e.id, e])).values()];
			}
		};

		const settledExecutions: LiveN8n['settledExecutions'] = async (workflowId, o = {}) => {
			const deadline = Date.now() + (o.timeoutMs ?? 120_000);
			const quietMs = o.quietMs ?? 1500;
			let last = -1;
			let stableSince = Date.now();
			for (;;) {
				const list = await executions(workflowId);
				if (list.length !== last) {
					last = list.length;
					stableSince = Date.now();
				}
				const busy = list.some((e) => RUNNING.has(e.status));
				if (!busy && list.length >= (o.atLeast ?? 0) && Date.now() - stableSince >= quietMs)
					return list;
				if (Date.now() > deadline) return list;
				await sleep(300);
			}
		};

		const execution: LiveN8n['execution'] = async (id) => {
			const r = await api<{ data?: ExecutionSummary & { data?: string } }>(
				'GET',
				`/rest/executions/${id}`,
			);
			if (r.status !== 200 || !r.body.data)
				throw new Error(`GET /rest/executions/${id}: HTTP ${r.status} ${r.text.slice(0, 300)}`);
			const raw = r.body.data.data ?? '';
			return {
				...r.body.data,
				id: String(r.body.data.id),
				rawData: raw,
				data: raw ? (parseFlatted(raw) as ExecutionDetail['data']) : {},
			};
		};

		const waitForWebhook: LiveN8n['waitForWebhook'] = async (url, method, timeoutMs = 120_000) => {
			const deadline = Date.now() + timeoutMs;
			// An unregistered path answers 404 "The requested webhook … is not registered"; a
			// registered one answers an OPTIONS preflight (no execution) with 204/200.
			for (;;) {
				const r = await fetch(url, {
					method: 'OPTIONS',
					headers: { origin: 'http://localhost', 'access-control-request-method': method },
				}).catch(() => undefined);
				if (r && r.status < 300) return;
				if (Date.now() > deadline)
					throw new Error(
						`webhook ${method} ${url} not registered after ${timeoutMs / 1000}s (last HTTP ${r?.status}); log ${n8n.logFile}`,
					);
				await sleep(500);
			}
		};

		return {
			n8n,
			url: started.url,
			cookie,
			readyMs: started.readyMs,
			api,
			executions,
			settledExecutions,
			execution,
			waitForWebhook,
			stop: () => n8n.stop(),
		};
	} catch (e) {
		await n8n.stop().catch(() => undefined);
		throw e;
	}
}

/** The items a node put out in its first run of a stored execution. */
export function executionItems(
	detail: ExecutionDetail,
	nodeName: string,
): Array<Record<string, unknown>> {
	return (detail.data.resultData?.runData?.[nodeName]?.[0]?.data?.main?.[0] ?? []).map(
		(i) => i.json,
	);
}
