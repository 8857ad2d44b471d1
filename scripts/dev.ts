/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, no-console -- dev tooling, never shipped in dist */
/* eslint-disable @n8n/community-nodes/require-node-api-error -- plain errors are right outside n8n nodes */
/**
 * `npm run dev` (after `npm run build`): a real n8n with this package's nodes, wired to the local
 * KornitX emulator, ready to log in to.
 *
 *   1. starts the KornitX emulator (port KORNITX_EMULATOR_PORT, default 8787; a free one if taken)
 *   2. ensures n8n 2.41.1 on Node 24 in the cache (first run: ~5 min), or 1.123.81 on this Node
 *      with KORNITX_DEV_N8N=1
 *   3. user folder <cache>/dev/n8n-<major>/ (outside the repository, so lint and builds never see
 *      n8n's files; kept between runs; delete it to start over; KORNITX_DEV_USER_FOLDER overrides)
 *   4. loads this package the way a user's install does: <user folder>/.n8n/nodes/node_modules/
 *      n8n-nodes-kornitx links to this repository, so node types are `n8n-nodes-kornitx.kornitx`
 *      as in the example workflows and in users' exports (not `CUSTOM.kornitx`)
 *   5. imports three credentials pointing at the emulator ("KornitX (emulator)" OAuth2, "KornitX
 *      API key (emulator)", and "KornitX account", the OAuth2 credential the examples name) and
 *      the example workflows (examples/*.json); they are re-imported on every start (same ids), so
 *      they follow the emulator's port — edits made to them in the editor are overwritten
 *   6. starts n8n on 127.0.0.1:5678 (N8N_PORT overrides)
 *   7. sets up the owner account (dev@kornitx.local / KornitxDev1) and checks the credentials
 *      are visible to it
 *   Ctrl-C stops n8n and the emulator.
 *
 * Env: N8N_PORT, KORNITX_EMULATOR_PORT, KORNITX_DEV_N8N=1 (n8n 1.x), KORNITX_DEV_LOG_LEVEL
 * (n8n's N8N_LOG_LEVEL, default info), KORNITX_DEV_RELOAD=1 (n8n 2.x only: N8N_DEV_RELOAD=true and
 * POST /rest/dev/reload whenever dist/ changes, e.g. under `npx tsc -p tsconfig.json --watch`;
 * reopen the node panel / reload the editor page to see changes), KORNITX_N8N_CACHE.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';

import { apiKeyCredentialData, oauthCredentialData, startEmulator } from '../test/emulator';
import { setupDevPush, waitForDevPush } from './dev-push';
import {
	DEV_OWNER,
	cacheRoot,
	createN8nInstance,
	ensureN8n,
	importWorkflows,
	type CredentialImport,
	type N8nInstance,
	type N8nMajor,
} from './n8n-runtime';

const REPO_ROOT = path.resolve(__dirname, '..');
const DIST = path.join(REPO_ROOT, 'dist');

/** Fixed ids: re-imports update the same credentials instead of adding copies. */
export const DEV_CREDENTIAL_IDS = {
	v23: 'kxDevOAuth2Cred1',
	v22: 'kxDevV22KeyCred1',
	examples: 'kxExampleCred001',
} as const;
const EXAMPLES = path.join(REPO_ROOT, 'examples');

type EmulatorHandle = Awaited<ReturnType<typeof startEmulator>>;

function envPort(name: string, fallback: number): number {
	const raw = process.env[name];
	if (raw === undefined || raw === '') return fallback;
	const n = Number(raw);
	if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`${name}=${raw} is not a port`);
	return n;
}

/** Cheap fingerprint of dist/ (file count, sizes, mtimes); '' while it is missing (mid-build). */
function distSignature(): string {
	let acc = 0;
	let count = 0;
	const walk = (dir: string): void => {
		for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
			const p = path.join(dir, e.name);
			if (e.isDirectory()) walk(p);
			else {
				const st = fs.statSync(p);
				acc = (acc + st.mtimeMs + st.size * 7) % 1e15;
				count++;
			}
		}
	};
	try {
		walk(DIST);
	} catch {
		return '';
	}
	return `${count}:${acc}`;
}

/**
 * KORNITX_DEV_RELOAD=1 (n8n 2.x): n8n's own watcher does not cover an N8N_CUSTOM_EXTENSIONS
 * folder without a node_modules/ inside (2.41 setupHotReload fails with ENOENT on it), but
 * N8N_DEV_RELOAD=true also enables POST /rest/dev/reload, which reloads custom folders. So poll
 * dist/ and call it once a change has settled.
 */
function watchDist(n8n: N8nInstance): () => void {
	let last = distSignature();
	let pending: string | undefined;
	const timer = setInterval(() => {
		const sig = distSignature();
		if (!sig) return;
		if (sig !== last && sig === pending) {
			last = sig;
			pending = undefined;
			n8n
				.rest<{ data?: { reloaded?: string[] } }>('POST', '/rest/dev/reload')
				.then((r) =>
					console.log(
						`[dev] dist/ changed: reloaded ${r.body.data?.reloaded?.join(', ') ?? `(HTTP ${r.status})`}`,
					),
				)
				.catch((e: unknown) => console.warn(`[dev] reload failed: ${(e as Error).message}`));
		} else if (sig !== last) pending = sig;
	}, 1000);
	return () => clearInterval(timer);
}

async function assertPortFree(port: number): Promise<void> {
	await new Promise<void>((resolve, reject) => {
		const srv = net.createServer();
		srv.once('error', (e: NodeJS.ErrnoException) =>
			reject(
				e.code === 'EADDRINUSE'
					? new Error(`port ${port} is in use (another n8n?); stop it or set N8N_PORT`)
					: e,
			),
		);
		srv.listen(port, '127.0.0.1', () => srv.close(() => resolve()));
	});
}

async function startEmulatorPreferring(port: number): Promise<EmulatorHandle> {
	try {
		return await startEmulator({ host: '127.0.0.1', port });
	} catch (e) {
		if ((e as NodeJS.ErrnoException).code !== 'EADDRINUSE' || port === 0) throw e;
		console.log(
			`[dev] port ${port} is taken (another emulator?); starting the emulator on a free port`,
		);
		return await startEmulator({ host: '127.0.0.1', port: 0 });
	}
}

export function devCredentials(urls: EmulatorHandle['urls']): CredentialImport[] {
	return [
		{
			id: DEV_CREDENTIAL_IDS.v23,
			name: 'KornitX (emulator)',
			type: 'kornitxOAuth2Api',
			data: oauthCredentialData(urls),
		},
		{
			id: DEV_CREDENTIAL_IDS.v22,
			name: 'KornitX API key (emulator)',
			type: 'kornitxApi',
			data: apiKeyCredentialData(urls),
		},
		{
			// the id and name the example workflows reference, so they open linked and runnable
			id: DEV_CREDENTIAL_IDS.examples,
			name: 'KornitX account',
			type: 'kornitxOAuth2Api',
			data: oauthCredentialData(urls),
		},
	];
}

/** The example workflows, each with a stable id derived from its file name (re-imports replace them). */
export function exampleWorkflows(): Array<Record<string, unknown>> {
	return fs
		.readdirSync(EXAMPLES)
		.filter((file) => file.endsWith('.json'))
		.sort()
		.map((file) => {
			const workflow = JSON.parse(fs.readFileSync(path.join(EXAMPLES, file), 'utf8')) as Record<
				string,
				unknown
			>;
			const id = `kxEx${file.replace(/\.json$/, '').replace(/[^A-Za-z0-9]/g, '')}`.slice(0, 16);
			return { ...workflow, id };
		});
}

/**
 * Installs this repository into the user folder's community-nodes folder as a link, which n8n
 * (1.x and 2.x) loads as the package `n8n-nodes-kornitx`, exactly like a user's install.
 */
function linkPackage(userFolder: string): void {
	const modules = path.join(userFolder, '.n8n', 'nodes', 'node_modules');
	const link = path.join(modules, 'n8n-nodes-kornitx');
	fs.mkdirSync(modules, { recursive: true });
	fs.rmSync(link, { recursive: true, force: true });
	fs.symlinkSync(REPO_ROOT, link, 'dir');
}

function checkBuild(): void {
	const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
		n8n?: { nodes?: string[]; credentials?: string[] };
	};
	const files = [...(pkg.n8n?.nodes ?? []), ...(pkg.n8n?.credentials ?? [])];
	const missing = files.filter((f) => !fs.existsSync(path.join(REPO_ROOT, f)));
	if (missing.length) {
		throw new Error(
			`not built: ${missing.join(', ')} missing. Run \`npm run dev\` (it builds first) or \`npm run build\`.`,
		);
	}
}

async function main(): Promise<void> {
	checkBuild();
	const major: N8nMajor = process.env.KORNITX_DEV_N8N === '1' ? '1' : '2';
	const n8nPort = envPort('N8N_PORT', 5678);
	const logLevel = (process.env.KORNITX_DEV_LOG_LEVEL ?? 'info') as
		| 'error'
		| 'warn'
		| 'info'
		| 'debug';
	const reload = process.env.KORNITX_DEV_RELOAD === '1' && major === '2';
	if (process.env.KORNITX_DEV_RELOAD === '1' && !reload) {
		console.warn('[dev] KORNITX_DEV_RELOAD is n8n 2.x only (1.x has no /rest/dev/reload); ignored');
	}
	let stopWatching: (() => void) | undefined;

	let emulator: EmulatorHandle | undefined;
	let n8n: N8nInstance | undefined;
	let stopping = false;
	const shutdown = async (code: number) => {
		if (stopping) return;
		stopping = true;
		stopWatching?.();
		console.log('\n[dev] stopping n8n and the emulator … (Ctrl-C again to force)');
		await n8n?.stop().catch((e: unknown) => console.error('[dev] n8n stop:', e));
		await emulator?.close().catch((e: unknown) => console.error('[dev] emulator close:', e));
		process.exit(code);
	};
	// Ctrl-C reaches us twice (from the terminal's process group and relayed by tsx): only a
	// signal arriving well after the first one forces the exit.
	let firstSignalAt = 0;
	for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
		process.on(sig, () => {
			if (!firstSignalAt) firstSignalAt = Date.now();
			else if (Date.now() - firstSignalAt > 1500) {
				console.log('[dev] forced exit');
				process.exit(130); // the runtime's exit hook SIGKILLs n8n's process group
			}
			void shutdown(0);
		});
	}

	try {
		await assertPortFree(n8nPort);
		emulator = await startEmulatorPreferring(envPort('KORNITX_EMULATOR_PORT', 8787));
		console.log(`[dev] KornitX emulator on ${emulator.baseUrl}`);

		const install = await ensureN8n(major);
		const userFolder = path.resolve(
			process.env.KORNITX_DEV_USER_FOLDER || path.join(cacheRoot(), 'dev', `n8n-${major}`),
		);
		linkPackage(userFolder);
		const noCustomNodes = path.join(userFolder, 'custom-extensions');
		fs.mkdirSync(noCustomNodes, { recursive: true });
		n8n = createN8nInstance(install, {
			customExtensions: noCustomNodes,
			port: n8nPort,
			userFolder,
			logLevel,
			echo: true,
			env: reload ? { N8N_DEV_RELOAD: 'true' } : {},
		});

		console.log('[dev] importing the emulator credentials …');
		await n8n.importCredentials(devCredentials(emulator.urls));
		const examples = exampleWorkflows();
		console.log(`[dev] importing ${examples.length} example workflows …`);
		await importWorkflows(n8n, examples);
		const pushLines = await setupDevPush(n8n, n8nPort);

		console.log(
			`[dev] starting n8n ${install.version} on port ${n8nPort} (user folder ${userFolder}) …`,
		);
		const started = await n8n.start({ timeoutMs: 180_000 });

		const owner = await n8n.setupOwner(DEV_OWNER).catch((e: unknown) => {
			console.warn(
				`[dev] could not set up / log in as ${DEV_OWNER.email}: ${(e as Error).message}`,
			);
			return undefined;
		});
		if (owner) {
			const creds = await n8n.rest<{ data?: Array<{ id: string }> }>(
				'GET',
				'/rest/credentials',
				undefined,
				{
					cookie: owner.cookie,
				},
			);
			const ids = new Set((creds.body.data ?? []).map((c) => c.id));
			const invisible = Object.values(DEV_CREDENTIAL_IDS).filter((id) => !ids.has(id));
			if (invisible.length)
				console.warn(`[dev] credentials not visible to the owner: ${invisible.join(', ')}`);
		}

		if (pushLines.length > 1 && !(await waitForDevPush(n8nPort))) {
			console.warn('[dev] the dev push workflow is not registered yet; see the n8n log');
		}

		if (reload) stopWatching = watchDist(n8n);

		const u = emulator.urls;
		const editorUrl = `http://localhost:${n8nPort}`;
		console.log(
			[
				'',
				'────────────────────────────────────────────────────────────────────',
				`  n8n ${install.version} (ready in ${(started.readyMs / 1000).toFixed(1)}s)   ${editorUrl}`,
				`  login         ${DEV_OWNER.email} / ${DEV_OWNER.password}${owner?.created === false ? '   (existing owner)' : ''}`,
				`  credentials   "KornitX (emulator)" (OAuth2), "KornitX API key (emulator)" (v2.2 key),`,
				`                "KornitX account" (OAuth2, the name the examples use)`,
				`  nodes         search "KornitX" in the nodes panel (package n8n-nodes-kornitx, linked to this repo)`,
				`  examples      ${examples.length} workflows from examples/, in the Overview list`,
				'',
				`  emulator      ${emulator.baseUrl}`,
				`    token       ${u.token}`,
				`    REST v2.3   ${u.rest}`,
				`    REST v2.2   ${u.restV22}`,
				`    GraphQL     ${u.graphql}`,
				`    export      ${u.export}`,
				`    admin       ${u.admin}`,
				'',
				...pushLines,
				'',
				`  n8n log       ${n8n.logFile}`,
				...(reload
					? [
							'  hot reload    on: dist/ changes reload the nodes (e.g. `npx tsc -p tsconfig.json --watch`)',
						]
					: []),
				'  Ctrl-C stops everything.',
				'────────────────────────────────────────────────────────────────────',
				'',
			].join('\n'),
		);

		// n8n dying on its own takes the emulator down too
		for (;;) {
			await sleep(1000);
			if (!n8n.running() && !stopping) {
				console.error(`[dev] n8n exited unexpectedly; see ${n8n.logFile}`);
				await shutdown(1);
			}
		}
	} catch (e) {
		console.error(`[dev] ${e instanceof Error ? e.message : String(e)}`);
		await shutdown(1);
	}
}

if (require.main === module) void main();
