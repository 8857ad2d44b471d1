/* eslint-disable @n8n/community-nodes/no-restricted-imports -- dev tooling, never shipped in dist */
/**
 * Ids, ports and the environment every n8n process of an instance gets.
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';

import type { N8nInstall } from './install';

export async function getFreePort(): Promise<number> {
	return await new Promise((resolve, reject) => {
		const srv = net.createServer();
		srv.unref();
		srv.on('error', reject);
		srv.listen(0, '127.0.0.1', () => {
			const addr = srv.address();
			srv.close(() =>
				typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port')),
			);
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
export function baseN8nEnv(
	install: N8nInstall,
	userFolder: string,
	customExtensions: string,
): Record<string, string> {
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
