/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- dev tooling, never shipped in dist */
/* eslint-disable @n8n/community-nodes/require-node-api-error -- plain errors are right outside n8n nodes */
/**
 * The environment of the editor check: the KornitX emulator, a real n8n 2.x (from the cache,
 * installed on first use) with `dist/` as custom extensions, the emulator credentials imported,
 * and the owner account set up through the REST API with a browser-id of our own, so that the
 * auth cookie it returns also works in the browser.
 */
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

import { devCredentials } from '../../../scripts/dev';
import { devPushCredential } from '../../../scripts/dev-push';
import {
	DEV_OWNER,
	createN8nInstance,
	ensureN8n,
	type N8nInstance,
	type RestResponse,
} from '../../../scripts/n8n-runtime';
import { startEmulator } from '../../emulator';
import type { LoginState } from './browser';
import { API_KEY_CREDENTIAL, OAUTH2_CREDENTIAL, PUSH_CREDENTIAL } from './panels';

export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
export const DIST = path.join(REPO_ROOT, 'dist');

type Emulator = Awaited<ReturnType<typeof startEmulator>>;

export interface EditorSession {
	emulator: Emulator;
	n8n: N8nInstance;
	login: LoginState;
	/** REST call as the owner, with the browser's browser-id. */
	api<T = unknown>(method: string, urlPath: string, body?: unknown): Promise<RestResponse<T>>;
	timings: Record<string, number>;
	close(opts: { keepUserFolder: boolean }): Promise<void>;
}

function checkBuilt(): void {
	const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
		n8n?: { nodes?: string[]; credentials?: string[] };
	};
	const files = [...(pkg.n8n?.nodes ?? []), ...(pkg.n8n?.credentials ?? [])];
	const missing = files.filter((f) => !fs.existsSync(path.join(REPO_ROOT, f)));
	if (missing.length)
		throw new Error(
			`dist/ is not built (${missing.join(', ')} missing): run \`npm run build\` first`,
		);
}

export async function startSession(log: (line: string) => void): Promise<EditorSession> {
	checkBuilt();
	const timings: Record<string, number> = {};
	let t = Date.now();
	const lap = (name: string) => {
		timings[name] = Date.now() - t;
		t = Date.now();
	};

	const emulator = await startEmulator({ host: '127.0.0.1', port: 0 });
	log(`KornitX emulator on ${emulator.baseUrl}`);
	let n8n: N8nInstance | undefined;
	try {
		const install = await ensureN8n('2');
		lap('ensureN8n');
		n8n = createN8nInstance(install, { customExtensions: DIST, logLevel: 'warn' });
		const creds = [...devCredentials(emulator.urls), devPushCredential()];
		// the ids and names the panels refer to
		const ids = new Set(creds.map((c) => `${c.id}|${c.name}`));
		for (const c of [OAUTH2_CREDENTIAL, API_KEY_CREDENTIAL, PUSH_CREDENTIAL]) {
			if (!ids.has(`${c.id}|${c.name}`))
				throw new Error(`scripts/dev.ts no longer imports credential ${c.id} "${c.name}"`);
		}
		await n8n.importCredentials(creds);
		lap('importCredentials');
		const started = await n8n.start({ timeoutMs: 180_000 });
		lap('n8nStart');
		log(
			`n8n ${install.version} on ${started.url} (ready in ${(started.readyMs / 1000).toFixed(1)}s), user folder ${n8n.userFolder}`,
		);

		// Owner setup answers with the auth cookie; it is bound to the browser-id sent with the
		// request, so send the one the browser will send.
		const browserId = randomUUID();
		const headers = { 'browser-id': browserId };
		const setup = await n8n.rest('POST', '/rest/owner/setup', DEV_OWNER, { headers });
		let cookie = (setup.headers['set-cookie'] ?? [])
			.map((s) => s.split(';')[0])
			.find((s) => s.startsWith('n8n-auth='));
		if (setup.status !== 200 || !cookie) {
			if (setup.status === 400 && /already setup/i.test(setup.text)) {
				const res = await n8n.rest(
					'POST',
					'/rest/login',
					{
						emailOrLdapLoginId: DEV_OWNER.email,
						email: DEV_OWNER.email,
						password: DEV_OWNER.password,
					},
					{ headers },
				);
				cookie = (res.headers['set-cookie'] ?? [])
					.map((s) => s.split(';')[0])
					.find((s) => s.startsWith('n8n-auth='));
			}
			if (!cookie)
				throw new Error(`owner setup failed: HTTP ${setup.status} ${setup.text.slice(0, 300)}`);
		}
		lap('ownerSetup');
		const instance = n8n;
		const login: LoginState = { baseUrl: started.url, cookie, browserId };
		return {
			emulator,
			n8n: instance,
			login,
			api: (method, urlPath, body) => instance.rest(method, urlPath, body, { cookie, headers }),
			timings,
			async close({ keepUserFolder }) {
				await instance.stop().catch((e: unknown) => log(`n8n stop: ${String(e)}`));
				await emulator.close().catch((e: unknown) => log(`emulator close: ${String(e)}`));
				if (!keepUserFolder) fs.rmSync(instance.userFolder, { recursive: true, force: true });
			},
		};
	} catch (e) {
		await n8n?.stop().catch(() => undefined);
		await emulator.close().catch(() => undefined);
		throw e;
	}
}
