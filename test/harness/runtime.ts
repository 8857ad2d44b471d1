/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- test tooling, never shipped in dist */
/**
 * Process-wide (per jest test file, since jest gives every test file its own module registry)
 * setup of the few n8n-core singletons that would otherwise touch the disk or the console.
 *
 * Why this exists:
 * - n8n-core resolves services through `@n8n/di`'s `Container`, a module-level singleton.
 *   n8n-core 2.41.1 depends on its OWN copy (`node_modules/n8n-core/node_modules/@n8n/di`,
 *   0.17.0), not the hoisted `@n8n/di` (0.16.0, pulled in by @n8n/node-cli). Importing
 *   `@n8n/di` from here would give a different Container, so we resolve it relative to n8n-core.
 *   The same goes for `@n8n/backend-common` (the `Logger` class used as the DI key).
 *   We use jest's `require` (not `createRequire`) so the instance is the one n8n-core sees.
 * - `Container.get(InstanceSettings)` (pulled in by every node execution context and by
 *   `Cipher`) reads/creates `~/.n8n/config` with a fresh encryption key. We register an
 *   in-memory stub first, so nothing is ever written to the user's home.
 * - The real backend-common `Logger` builds winston transports and prints to the console;
 *   we register a silent logger that records entries for the harness instead.
 * - Everything set up here is released when the test file ends (`releaseRuntime`, registered
 *   with jest's `afterAll`): core modules and timers are shared by every test file a jest worker
 *   runs, so anything left there (a patched `net.Socket#connect`, n8n-core's SSH clients
 *   manager and its interval) would keep the whole file's module registry alive — ~17 MB per
 *   file that ran a workflow, and a worker so large that it takes more than jest's 500 ms to exit.
 * - n8n-workflow 2.41 has three expression engines. `Expression.expressionEngine` defaults to
 *   'legacy' in the library, and only the n8n CLI switches it (from `N8N_EXPRESSION_ENGINE`,
 *   whose @n8n/config default is 'vm') via `Expression.initExpressionEngine()`, which needs the
 *   native `isolated-vm` module (not built here: npm ran with ignore-scripts). The env var is
 *   never read by n8n-workflow/n8n-core themselves. We force 'legacy' explicitly with
 *   `Expression.setExpressionEngine('legacy')` so a stray env var or another test cannot switch
 *   the engine for us.
 */
import * as net from 'node:net';
import * as path from 'node:path';
import * as os from 'node:os';
import { randomBytes } from 'node:crypto';
import { InstanceSettings } from 'n8n-core';
import { Expression } from 'n8n-workflow';

export interface LogEntry {
	level: 'error' | 'warn' | 'info' | 'debug';
	message: string;
	metadata?: unknown;
}

type LogListener = (entry: LogEntry) => void;

interface DiContainer {
	get<T>(type: abstract new (...args: never[]) => T): T;
	set<T>(type: abstract new (...args: never[]) => T, instance: T): void;
	has(type: unknown): boolean;
}

type AnyClass = abstract new (...args: never[]) => unknown;

const coreDir = path.dirname(require.resolve('n8n-core/package.json'));

function requireFromCore<T>(id: string): T {
	const resolved = require.resolve(id, { paths: [coreDir] });
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	return require(resolved) as T;
}

const logListeners = new Set<LogListener>();
let container: DiContainer | undefined;

function makeLogger(loggerClass: AnyClass) {
	const emit = (level: LogEntry['level']) => (message: string, metadata?: unknown) => {
		for (const listener of logListeners) listener({ level, message, metadata });
	};
	const logger = Object.create(loggerClass.prototype as object) as Record<string, unknown>;
	logger.error = emit('error');
	logger.warn = emit('warn');
	logger.info = emit('info');
	logger.debug = emit('debug');
	logger.scoped = () => logger;
	return logger;
}

function makeInstanceSettings(): InstanceSettings {
	const n8nFolder = path.join(os.tmpdir(), 'n8n-nodes-kornitx-harness');
	const stub = Object.create(InstanceSettings.prototype as object) as Record<string, unknown>;
	Object.assign(stub, {
		n8nFolder,
		staticCacheDir: path.join(n8nFolder, 'cache'),
		customExtensionDir: path.join(n8nFolder, 'custom'),
		nodesDownloadDir: path.join(n8nFolder, 'nodes'),
		nodeDefinitionsDir: path.join(n8nFolder, 'node-definitions'),
		settingsFile: path.join(n8nFolder, 'config'),
		enforceSettingsFilePermissions: false,
		canSeedDeploymentState: false,
		instanceRole: 'leader',
		isMultiMainEnabled: false,
		isMultiMainLicensed: false,
		instanceType: 'main',
		hostId: 'main-harness',
		settings: { encryptionKey: randomBytes(24).toString('base64') },
		derivedInstanceId: 'harness-instance',
		instanceId: 'harness-instance',
		hmacSignatureSecret: randomBytes(32).toString('hex'),
	});
	return stub as unknown as InstanceSettings;
}

/** Idempotent. Called by `createHarness`; cheap after the first call. */
export function ensureRuntime(): DiContainer {
	if (container) {
		Expression.setExpressionEngine('legacy');
		return container;
	}
	const { Container } = requireFromCore<{ Container: DiContainer }>('@n8n/di');
	const { Logger } = requireFromCore<{ Logger: AnyClass }>('@n8n/backend-common');
	Container.set(Logger, makeLogger(Logger));
	Container.set(InstanceSettings as unknown as AnyClass, makeInstanceSettings());
	Expression.setExpressionEngine('legacy');
	installLoopbackOnlyGuard();
	container = Container;
	return Container;
}

// Jest accepts hooks only while a test file is being collected, i.e. now, as the file imports this.
// (Outside jest, e.g. in `npm run bench`, there is no afterAll and nothing to release.)
const jestAfterAll = (globalThis as { afterAll?: (fn: () => void) => void }).afterAll;
if (jestAfterAll) jestAfterAll(releaseRuntime);

/**
 * Undoes what `ensureRuntime` left in process-wide state: stops n8n-core's SSH clients manager
 * (created with every node execution context; its interval and `exit` listener would hold this
 * module registry) and restores `net.Socket#connect`. Called at the end of each test file.
 */
export function releaseRuntime(): void {
	if (!container) return;
	const { SSHClientsManager } = requireFromCore<{ SSHClientsManager: AnyClass }>(
		'n8n-core/dist/execution-engine/ssh-clients-manager',
	);
	(container.get(SSHClientsManager) as { onShutdown(): void }).onShutdown();
	uninstallLoopbackOnlyGuard();
	container = undefined;
}

export function addLogListener(listener: LogListener): () => void {
	logListeners.add(listener);
	return () => logListeners.delete(listener);
}

export function getContainer(): DiContainer {
	return ensureRuntime();
}

export function getActiveExpressionEngine(): string {
	return Expression.getActiveImplementation();
}

// ---- loopback-only network guard ---------------------------------------------------------

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|::1|::ffff:127(?:\.\d{1,3}){3}|\[::1\])$/i;
let externalNetworkAllowed = 0;

export class ExternalNetworkBlockedError extends Error {
	code = 'EHARNESSBLOCKED';

	constructor(host: string, port: unknown) {
		super(
			`Test harness blocked a connection to ${host}:${String(port)} (only 127.0.0.1/localhost is allowed)`,
		);
		this.name = 'ExternalNetworkBlockedError';
	}
}

/** Host/port that `net.Socket#connect` was called with (its arguments come in 3 shapes). */
function connectTarget(args: unknown[]): { host?: string; port?: unknown; path?: string } {
	let first = args[0];
	if (Array.isArray(first)) first = first[0]; // already normalized by net.createConnection
	if (first && typeof first === 'object') {
		const o = first as { host?: string; hostname?: string; port?: unknown; path?: unknown };
		// http passes its request options through, so `path` may be `null` for TCP
		const ipcPath = typeof o.path === 'string' && o.port === undefined ? o.path : undefined;
		return { host: o.hostname ?? o.host ?? 'localhost', port: o.port, path: ipcPath };
	}
	if (typeof first === 'string' && Number.isNaN(Number(first))) return { path: first };
	return { host: typeof args[1] === 'string' ? args[1] : 'localhost', port: first };
}

/** Where the unpatched `net.Socket#connect` is kept while the guard is installed. */
export const ORIGINAL_CONNECT = Symbol.for('n8n-nodes-kornitx.harness.originalConnect');
export type GuardedPrototype = {
	connect: (...args: unknown[]) => net.Socket;
	[ORIGINAL_CONNECT]?: (...args: unknown[]) => net.Socket;
};

/**
 * Patch `net.Socket.prototype.connect` so every TCP connection (http, https, axios, undici)
 * to anything but loopback fails with `ExternalNetworkBlockedError` before DNS is even asked.
 * Core modules are shared by every test file of a jest worker while this module is loaded once
 * per file: the unpatched method is kept on the prototype itself, so a later file's guard
 * replaces an earlier one instead of wrapping it. Unix sockets/pipes are allowed.
 */
export function installLoopbackOnlyGuard(): void {
	const proto = net.Socket.prototype as unknown as GuardedPrototype;
	const original = (proto[ORIGINAL_CONNECT] ??= proto.connect);
	proto.connect = function (this: net.Socket, ...args: unknown[]): net.Socket {
		const target = connectTarget(args);
		if (
			externalNetworkAllowed === 0 &&
			target.path === undefined &&
			!LOOPBACK.test(target.host ?? '')
		) {
			const error = new ExternalNetworkBlockedError(target.host ?? '?', target.port);
			process.nextTick(() => this.destroy(error));
			return this;
		}
		return original.apply(this, args);
	};
}

/** Puts the unpatched `net.Socket#connect` back. */
export function uninstallLoopbackOnlyGuard(): void {
	const proto = net.Socket.prototype as unknown as GuardedPrototype;
	const original = proto[ORIGINAL_CONNECT];
	if (!original) return;
	proto.connect = original;
	delete proto[ORIGINAL_CONNECT];
}

/** Escape hatch for a test that really needs the network (counts nested calls). */
export async function withExternalNetwork<T>(fn: () => Promise<T>): Promise<T> {
	externalNetworkAllowed++;
	try {
		return await fn();
	} finally {
		externalNetworkAllowed--;
	}
}
