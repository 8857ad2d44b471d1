/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- dev tooling, never shipped in dist */
/* eslint-disable @n8n/community-nodes/no-dangerous-functions -- spawning n8n is the point of this dev tool */
/**
 * `n8n execute` with its output going to a file instead of a pipe.
 *
 * Why: `N8nInstance.execute` (scripts/n8n-runtime.ts) reads n8n's stdout through a pipe. n8n
 * prints the run data with one console write and then calls process.exit(); writes to a pipe are
 * asynchronous in Node, so a large run data (the 10,000-order export: tens of MB) is cut off at
 * whatever the pipe had taken (seen: 1.3 MB of ~60 MB, exit code 0). Writes to a file are
 * synchronous, so the file always holds the complete output.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

import { extractJson, getFreePort, type ExecuteResult, type N8nInstance } from '../n8n-runtime';

export async function executeToFile(
	n8n: N8nInstance,
	workflowId: string,
	opts: { env?: Record<string, string>; timeoutMs: number },
): Promise<ExecuteResult> {
	const t0 = Date.now();
	const brokerPort = await getFreePort();
	const outFile = path.join(n8n.userFolder, `.bench-execute-${workflowId}-${Date.now()}.out`);
	const errFile = `${outFile}.err`;
	const out = fs.openSync(outFile, 'w');
	const err = fs.openSync(errFile, 'w');
	const { code, signal } = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve, reject) => {
		const child = spawn(n8n.install.nodeBin, [n8n.install.binJs, 'execute', `--id=${workflowId}`, '--rawOutput'], {
			cwd: n8n.userFolder,
			env: { ...n8n.env(), N8N_LOG_LEVEL: 'info', N8N_RUNNERS_BROKER_PORT: String(brokerPort), ...(opts.env ?? {}) },
			stdio: ['ignore', out, err],
			detached: true, // own process group, so a timeout can end n8n and its task runner together
		});
		const killGroup = () => {
			try {
				if (child.pid) process.kill(-child.pid, 'SIGKILL');
			} catch {
				// already gone
			}
		};
		const timer = setTimeout(killGroup, opts.timeoutMs);
		const onExit = () => killGroup(); // never leave it behind if the bench is stopped
		process.once('exit', onExit);
		child.on('error', (e) => {
			clearTimeout(timer);
			process.off('exit', onExit);
			reject(e);
		});
		child.on('close', (exitCode, exitSignal) => {
			clearTimeout(timer);
			process.off('exit', onExit);
			killGroup(); // a stray task runner of this n8n, if any
			resolve({ code: exitCode, signal: exitSignal });
		});
	});
	fs.closeSync(out);
	fs.closeSync(err);
	const stdout = fs.readFileSync(outFile, 'utf8');
	const stderr = fs.readFileSync(errFile, 'utf8');
	fs.rmSync(outFile, { force: true });
	fs.rmSync(errFile, { force: true });
	const json = extractJson(stdout);
	const runError = (json as { data?: { resultData?: { error?: unknown } } } | undefined)?.data?.resultData?.error;
	// Same rule as the runtime: n8n 2.x may die with SIGSEGV in process.exit after printing the result.
	const crashedOnExit = signal === 'SIGSEGV' && (json as { status?: string } | undefined)?.status !== undefined;
	const ok = (code === 0 || crashedOnExit) && json !== undefined && !runError;
	let error: unknown = runError;
	if (!ok && error === undefined) error = `${stdout}\n${stderr}`.trim().split('\n').slice(-20).join('\n');
	return { code, signal, stdout, stderr, ms: Date.now() - t0, json, ok, error, crashedOnExit };
}
