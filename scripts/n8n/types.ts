/* eslint-disable @n8n/community-nodes/no-restricted-imports -- dev tooling, never shipped in dist */
/**
 * The shapes of a driven n8n instance (instance.ts): options, CLI and REST results, the instance API.
 */
import type * as http from 'node:http';

import type { N8nInstall } from './install';

export interface N8nInstanceOptions {
	/** Folder n8n loads custom nodes/credentials from (N8N_CUSTOM_EXTENSIONS): our package's dist. */
	customExtensions: string;
	/** HTTP port for `start()`; default: a free port picked at start. */
	port?: number;
	/** N8N_USER_FOLDER (n8n keeps `.n8n/` inside it); default: a new temp folder. */
	userFolder?: string;
	/** Extra env, applied last (overrides everything below). */
	env?: Record<string, string>;
	/** N8N_LOG_LEVEL for `start()` and imports (default 'warn'; `execute` uses 'info', see there). */
	logLevel?: 'error' | 'warn' | 'info' | 'debug';
	/** Echo `n8n start` output to this process's stdout/stderr (always also written to logFile). */
	echo?: boolean;
}

export interface CliOptions {
	env?: Record<string, string>;
	timeoutMs?: number;
	/** Collect stdout through a file instead of a pipe (complete even if n8n exits right after writing). */
	stdoutToFile?: boolean;
}

export interface CliResult {
	code: number | null;
	signal: NodeJS.Signals | null;
	stdout: string;
	stderr: string;
	ms: number;
}

export interface ExecuteResult extends CliResult {
	/** The run data (IRun) parsed from the output, when present (also on failed executions). */
	json?: unknown;
	/** exit code 0, JSON found, no `data.resultData.error`. */
	ok: boolean;
	/** `data.resultData.error` of a failed execution (or the CLI's error text). */
	error?: unknown;
	/** The process died by SIGSEGV at exit after printing complete run data (n8n 2.x + isolated-vm). */
	crashedOnExit: boolean;
}

export interface RestResponse<T = unknown> {
	status: number;
	headers: http.IncomingHttpHeaders;
	body: T;
	text: string;
}

export interface OwnerAccount {
	email: string;
	password: string;
	firstName: string;
	lastName: string;
}

/** Dev owner account: password meets n8n's rules (8–64 chars, ≥1 digit, ≥1 uppercase). */
export const DEV_OWNER: OwnerAccount = {
	email: 'dev@kornitx.local',
	password: 'KornitxDev1',
	firstName: 'KornitX',
	lastName: 'Developer',
};

export interface N8nInstance {
	readonly install: N8nInstall;
	readonly userFolder: string;
	/** n8n's own folder: `<userFolder>/.n8n` (database.sqlite, config, n8nEventLog…). */
	readonly n8nFolder: string;
	/** `n8n start` output (stdout+stderr). */
	readonly logFile: string;
	/** Port once known (opts.port, or after start()). */
	readonly port: number | undefined;
	/** http://127.0.0.1:<port> once started. */
	readonly url: string | undefined;
	/** Full env passed to every n8n process of this instance (except per-process ports). */
	env(): NodeJS.ProcessEnv;
	/** Run any n8n CLI command against this user folder (`node n8n <args>`). */
	cli(args: string[], opts?: CliOptions): Promise<CliResult>;
	/** `n8n import:credentials`. Plain-object `data` is encrypted by n8n on import (1.x and 2.x). */
	importCredentials(creds: CredentialImport[]): Promise<CliResult>;
	/** `n8n import:workflow`; assigns an id when missing; resolves to the workflow id. */
	importWorkflow(wf: Record<string, unknown>): Promise<string>;
	/**
	 * `n8n execute --id=<id> --rawOutput`; parses the printed run data. Its stdout goes to a file:
	 * n8n prints the run data with one write and then calls process.exit(), and a pipe (async in
	 * Node) loses whatever it had not taken yet (seen: 1.3 MB of a 60 MB export, exit code 0).
	 */
	execute(
		workflowId: string,
		opts?: { env?: Record<string, string>; timeoutMs?: number },
	): Promise<ExecuteResult>;
	/** Spawn `n8n start`; resolves once /healthz answers, /healthz/readiness is 200 (2.x: fully
	 * ready; 1.x: DB migrated), REST routes answer, and (log level info/debug) n8n printed
	 * "Editor is now accessible via" (active workflows are up). */
	start(opts?: {
		timeoutMs?: number;
	}): Promise<{ url: string; healthzMs: number; readyMs: number }>;
	/** SIGTERM (then SIGKILL of the process group after a grace period); resolves when gone. */
	stop(): Promise<void>;
	/** True while `n8n start` is running. */
	running(): boolean;
	/** stop(), then delete the user folder if this instance created it (no opts.userFolder). */
	dispose(): Promise<void>;
	/** JSON request against the started instance (127.0.0.1). */
	rest<T = unknown>(
		method: string,
		urlPath: string,
		body?: unknown,
		opts?: { cookie?: string; headers?: Record<string, string> },
	): Promise<RestResponse<T>>;
	/** POST /rest/owner/setup; `created: false` if an owner already existed. Returns the auth cookie. */
	setupOwner(owner?: OwnerAccount): Promise<{ created: boolean; cookie: string }>;
	/** POST /rest/login; returns the `n8n-auth` cookie. (2.x: max 5 logins/min per email.) */
	login(email?: string, password?: string): Promise<string>;
}

export interface CredentialImport {
	id?: string;
	name: string;
	type: string;
	/** Decrypted credential data (n8n encrypts it on import) or an already-encrypted string. */
	data: Record<string, unknown> | string;
	[k: string]: unknown;
}
