/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- dev tooling, never shipped in dist */
/* eslint-disable @n8n/community-nodes/no-dangerous-functions -- spawning n8n/npm is the point of this dev tool */
/**
 * Drives an installed n8n (install.ts) against one user folder: any CLI command, credential and
 * workflow imports, `n8n execute` (run data parsed by run-data.ts), `n8n start`/stop, REST calls and
 * the owner account.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import { baseN8nEnv, getFreePort, n8nId } from './env';
import { cleanNpmEnv, type N8nInstall } from './install';
import { extractJson } from './run-data';
import {
	DEV_OWNER,
	type CliResult,
	type N8nInstance,
	type N8nInstanceOptions,
	type RestResponse,
} from './types';

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
					...(payload
						? { 'content-type': 'application/json', 'content-length': String(payload.length) }
						: {}),
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
		const outFile = cliOpts?.stdoutToFile
			? path.join(userFolder, `.cli-stdout-${Date.now()}-${n8nId()}.out`)
			: undefined;
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
		throw new Error(
			`n8n ${what} failed (exit ${r.code ?? r.signal}):\n${r.stdout}\n${r.stderr}`.trim(),
		);
	};
	const cliFailed = (r: CliResult) =>
		r.code !== 0 ||
		/An error occurred while importing|Error executing workflow/.test(r.stdout + r.stderr);

	const importCredentials: N8nInstance['importCredentials'] = async (creds) => {
		const file = path.join(userFolder, `.import-credentials-${Date.now()}-${n8nId()}.json`);
		const withIds = creds.map((c) => ({ id: c.id ?? n8nId(), ...c }));
		fs.writeFileSync(file, JSON.stringify(withIds, null, 2), { mode: 0o600 });
		try {
			const r = await cli(['import:credentials', `--input=${file}`], {
				env: { N8N_LOG_LEVEL: 'info' },
			});
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
			const r = await cli(['import:workflow', `--input=${file}`], {
				env: { N8N_LOG_LEVEL: 'info' },
			});
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
		const runError = (json as { data?: { resultData?: { error?: unknown } } } | undefined)?.data
			?.resultData?.error;
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

	const login: N8nInstance['login'] = async (
		email = DEV_OWNER.email,
		password = DEV_OWNER.password,
	) => {
		// 2.x and late 1.x take `emailOrLdapLoginId`; older 1.x took `email` (extra keys are ignored)
		const res = await rest('POST', '/rest/login', { emailOrLdapLoginId: email, email, password });
		const cookie = authCookie(res);
		if (res.status !== 200 || !cookie)
			throw new Error(`login failed: HTTP ${res.status} ${res.text.slice(0, 300)}`);
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
		fs.writeSync(
			out,
			`\n--- n8n ${install.version} start ${new Date().toISOString()} port ${port}\n`,
		);
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
				if (exitInfo)
					throw new Error(`n8n start ended early (${exitInfo}); log ${logFile}:\n${tail}`);
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
			if (exitInfo)
				throw new Error(`n8n start ended early (${exitInfo}); log ${logFile}:\n${tail}`);
			if (Date.now() > deadline) {
				await stop();
				throw new Error(`n8n start: REST API not up in time; log ${logFile}:\n${tail}`);
			}
			const r = await request(port, 'GET', '/rest/login', undefined, {}, 2000).catch(
				() => undefined,
			);
			if (r && r.status !== 404 && !/starting up/i.test(r.text)) break;
			await sleep(100);
		}
		// With log level info/debug n8n prints this after active workflows are up (both majors
		// route `this.log` through the logger at info level, so it is absent at 'warn').
		const level = env().N8N_LOG_LEVEL ?? 'warn';
		while ((level === 'info' || level === 'debug') && !sawEditorLine) {
			if (exitInfo)
				throw new Error(`n8n start ended early (${exitInfo}); log ${logFile}:\n${tail}`);
			if (Date.now() > deadline) {
				await stop();
				throw new Error(
					`n8n start: no "Editor is now accessible" line in time; log ${logFile}:\n${tail}`,
				);
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
