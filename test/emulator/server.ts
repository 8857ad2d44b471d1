/* eslint-disable @n8n/community-nodes/no-restricted-imports -- dev tooling, never shipped in dist */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, STATUS_CODES } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';

import { FaultSchema, handleAdmin } from './admin';
import { handleExport } from './export';
import { handleGraphql } from './graphql';
import type { Reply, RequestContext } from './http';
import { AUTH_REQUIRED, bearerRecord, bodyForLog, parseQuery, restError } from './http';
import { sendPush } from './push';
import { handleRestV22, handleRestV23 } from './rest';
import { EmulatorState } from './state';
import { handleToken } from './token';
import type {
	ApiName,
	EmulatorConfig,
	EmulatorOptions,
	Fault,
	KornitxEmulator,
	LoggedRequest,
} from './types';

const PREFIXES: Array<[ApiName, string]> = [
	['admin', '/__emulator'],
	['token', '/oauth/token'],
	['rest', '/api-sl-2-3'],
	['restV22', '/api-sl-2-2'],
	['graphql', '/graphql'],
	['export', '/export-api/order-item-details'],
];

function classify(rawPath: string): { api: ApiName; subPath: string } {
	for (const [api, prefix] of PREFIXES) {
		if (rawPath === prefix || rawPath.startsWith(prefix + '/'))
			return { api, subPath: rawPath.slice(prefix.length) };
	}
	return { api: 'unknown', subPath: rawPath };
}

function dispatch(ctx: RequestContext): Reply | Promise<Reply> {
	switch (ctx.api) {
		case 'token':
			return ctx.subPath === '' ? handleToken(ctx) : restError(404, 'Not found');
		case 'rest':
			return handleRestV23(ctx);
		case 'restV22':
			return handleRestV22(ctx);
		case 'graphql':
			return ctx.subPath === '' || ctx.subPath === '/'
				? handleGraphql(ctx)
				: restError(404, 'Not found');
		case 'export':
			return handleExport(ctx);
		case 'admin':
			return handleAdmin(ctx);
		default:
			return restError(404, 'Not found');
	}
}

function faultMatches(fault: Fault, ctx: RequestContext): boolean {
	const m = fault.match;
	if (m?.api !== undefined && m.api !== ctx.api) return false;
	if (m?.method !== undefined && m.method.toUpperCase() !== ctx.method) return false;
	if (m?.pathIncludes !== undefined && !ctx.rawPath.includes(m.pathIncludes)) return false;
	if (fault.kind === 'graphqlPartial')
		return ctx.api === 'graphql' && ctx.bodyText.includes('updateOrders');
	return true;
}

/** First queued fault matching the request (FIFO); consumes one of its `times`. */
function takeFault(state: EmulatorState, ctx: RequestContext): Fault | undefined {
	const index = state.faults.findIndex((q) => faultMatches(q.fault, ctx));
	if (index < 0) return undefined;
	const queued = state.faults[index];
	queued.remaining -= 1;
	if (queued.remaining <= 0) state.faults.splice(index, 1);
	return queued.fault;
}

function faultLabel(fault: Fault): string {
	const after = 'phase' in fault && fault.phase === 'after' ? ':after' : '';
	switch (fault.kind) {
		case 'status':
			return `status:${fault.status}${after}`;
		case 'delay':
			return `delay:${fault.ms}`;
		default:
			return fault.kind + after;
	}
}

function faultStatusReply(fault: Extract<Fault, { kind: 'status' }>): Reply {
	const headers: Record<string, string> = {};
	if (fault.retryAfter !== undefined) headers['Retry-After'] = String(fault.retryAfter);
	if (typeof fault.body === 'string') return { status: fault.status, raw: fault.body, headers };
	const body = fault.body ?? { error: { message: STATUS_CODES[fault.status] ?? 'Error', code: 0 } };
	return { status: fault.status, body, headers };
}

const MALFORMED_JSON = '{"data":[{"id":46140190,"status":8,';

function baseUrlFor(host: string, port: number): string {
	const shown = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
	return `http://${shown.includes(':') ? `[${shown}]` : shown}:${port}`;
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<KornitxEmulator> {
	const host = options.host ?? '127.0.0.1';
	const startConfig: EmulatorConfig = {
		latencyMs: options.latencyMs ?? 0,
		tokenTtlSeconds: options.tokenTtlSeconds ?? 3600,
		expireTokensAfterRequests: null,
		exportShape: 'data',
		v22RateLimitPerHour: 1000,
		v22RateLimitPerDay: 10000,
	};
	const state = new EmulatorState(startConfig);
	const sockets = new Set<Socket>();
	const lifetime = new AbortController();

	/** Abortable sleep; false when the emulator closed meanwhile. */
	async function sleep(ms: number): Promise<boolean> {
		if (ms <= 0) return !lifetime.signal.aborted;
		try {
			await delay(ms, undefined, { signal: lifetime.signal });
			return true;
		} catch {
			return false;
		}
	}

	function send(res: ServerResponse, entry: LoggedRequest, reply: Reply): void {
		entry.status = reply.status;
		if (res.destroyed || res.headersSent) return;
		const text = reply.raw ?? (reply.body === undefined ? '' : JSON.stringify(reply.body));
		const headers: Record<string, string | number> = {
			'Content-Type': 'application/json; charset=utf-8',
			...reply.headers,
			'Content-Length': Buffer.byteLength(text),
		};
		res.writeHead(reply.status, headers);
		res.end(text);
	}

	async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const started = Date.now();
		const url = req.url ?? '/';
		const q = url.indexOf('?');
		const rawPath = q >= 0 ? url.slice(0, q) : url;
		const { api, subPath } = classify(rawPath);
		const isAdmin = api === 'admin';
		const method = (req.method ?? 'GET').toUpperCase();
		const entry: LoggedRequest = {
			seq: ++state.seq,
			method,
			path: rawPath,
			api,
			query: parseQuery(q >= 0 ? url.slice(q + 1) : ''),
			body: null,
			auth: { scheme: null },
			status: 0,
			startedAt: new Date(started).toISOString(),
			durationMs: 0,
		};
		state.log.push(entry);
		const counters = state.counters;
		counters.byApi[api] = (counters.byApi[api] ?? 0) + 1;
		if (!isAdmin) {
			counters.requests += 1;
			if (api === 'token') counters.tokenRequests += 1;
			counters.inFlight += 1;
			counters.peakConcurrent = Math.max(counters.peakConcurrent, counters.inFlight);
		}
		let finished = false;
		res.on('close', () => {
			if (finished) return;
			finished = true;
			if (!isAdmin) counters.inFlight -= 1;
			entry.durationMs = Date.now() - started;
		});

		const chunks: Buffer[] = [];
		try {
			for await (const chunk of req) chunks.push(chunk as Buffer);
		} catch {
			return; // client went away mid-body
		}
		const bodyText = Buffer.concat(chunks).toString('utf8');
		entry.body = bodyForLog(api, req.headers, bodyText);
		const ctx: RequestContext = {
			state,
			method,
			rawPath,
			api,
			subPath,
			query: entry.query,
			headers: req.headers,
			bodyText,
			entry,
		};

		if (!isAdmin && !(await sleep(state.config.latencyMs))) return;

		const fault = isAdmin ? undefined : takeFault(state, ctx);
		if (fault) {
			entry.fault = faultLabel(fault);
			const before = !('phase' in fault) || fault.phase !== 'after';
			switch (fault.kind) {
				case 'delay':
					if (!(await sleep(fault.ms))) return;
					break;
				case 'hang':
					return; // never answered; close() destroys the socket
				case 'expireToken': {
					const record = bearerRecord(ctx);
					if (record) {
						record.revoked = true;
						entry.auth = { scheme: 'bearer', clientId: record.clientId, tokenId: record.id };
					}
					send(res, entry, restError(401, AUTH_REQUIRED));
					return;
				}
				case 'graphqlPartial':
					ctx.graphqlPartial = { orderIds: fault.orderIds };
					break;
				default:
					if (before) {
						sendFault(req, res, entry, fault);
						return;
					}
			}
		}

		let reply: Reply;
		try {
			reply = await dispatch(ctx);
		} catch (error) {
			reply = restError(
				500,
				`Emulator error: ${error instanceof Error ? error.message : String(error)}`,
			);
		}
		if (fault && 'phase' in fault && fault.phase === 'after') {
			sendFault(req, res, entry, fault);
			return;
		}
		send(res, entry, reply);
	}

	function sendFault(
		req: IncomingMessage,
		res: ServerResponse,
		entry: LoggedRequest,
		fault: Fault,
	): void {
		switch (fault.kind) {
			case 'status':
				send(res, entry, faultStatusReply(fault));
				return;
			case 'malformed':
				send(res, entry, { status: 200, raw: MALFORMED_JSON });
				return;
			case 'empty':
				send(res, entry, { status: 200, raw: '' });
				return;
			case 'reset':
				req.socket.destroy();
				return;
			default:
				return;
		}
	}

	const server = createServer((req, res) => {
		handle(req, res).catch((error: unknown) => {
			if (!res.headersSent && !res.destroyed) {
				res.writeHead(500, { 'Content-Type': 'application/json; charset=utf-8' });
				res.end(
					JSON.stringify({ error: { message: `Emulator error: ${String(error)}`, code: 0 } }),
				);
			}
		});
	});
	server.on('connection', (socket: Socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});

	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port ?? 0, host, () => {
			server.off('error', reject);
			resolve();
		});
	});
	const port = (server.address() as AddressInfo).port;
	const baseUrl = baseUrlFor(host, port);

	let closing: Promise<void> | undefined;
	const emulator: KornitxEmulator = {
		baseUrl,
		urls: {
			token: `${baseUrl}/oauth/token`,
			rest: `${baseUrl}/api-sl-2-3`,
			restV22: `${baseUrl}/api-sl-2-2`,
			graphql: `${baseUrl}/graphql`,
			export: `${baseUrl}/export-api/order-item-details`,
			admin: `${baseUrl}/__emulator`,
		},
		close() {
			closing ??= new Promise<void>((resolve) => {
				lifetime.abort();
				state.pushAbort.abort();
				server.close(() => resolve());
				for (const socket of sockets) socket.destroy();
			});
			return closing;
		},
		reset: () => state.reset(),
		configure: (c) => state.configure(c),
		get config() {
			return state.config;
		},
		addFault(f) {
			const parsed = FaultSchema.safeParse(f);
			if (!parsed.success) throw new Error(`Invalid fault: ${parsed.error.message}`);
			state.addFault(f);
		},
		clearFaults() {
			state.faults = [];
		},
		expireAllTokens: () => state.expireAllTokens(),
		orders: state.orders,
		getOrder: (id) => state.getOrder(id),
		setOrder: (id, patch) => state.setOrder(id, patch),
		addOrder: (o) => state.addOrder(o),
		seedBulk: (orders, itemsPerOrder, status) => state.seedBulk(orders, itemsPerOrder, status),
		log: state.log,
		counters: state.counters,
		pushes: state.pushes,
		push: (o) => sendPush({ ...o, log: state.pushes, signal: o.signal ?? state.pushAbort.signal }),
		getShipments: (orderId) => state.shipments.get(orderId) ?? [],
		get stock() {
			return state.stock;
		},
	};
	return emulator;
}
