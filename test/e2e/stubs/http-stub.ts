/* eslint-disable @n8n/community-nodes/no-restricted-imports -- dev tooling, never shipped in dist */
/**
 * A recording HTTP server on 127.0.0.1 (random port) standing in for an external service
 * (an ERP export, a Slack incoming webhook, an OpenAI-compatible API). Every request is kept in
 * `requests`; `waitFor` resolves once a request matching a predicate has arrived.
 */
import * as http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { waitForEntry } from './wait';

export interface StubRequest {
	method: string;
	/** Path without the query string. */
	path: string;
	query: URLSearchParams;
	headers: http.IncomingHttpHeaders;
	body: string;
	/** The body parsed as JSON, when it is JSON. */
	json?: unknown;
	receivedAt: number;
}

export interface StubReply {
	status?: number;
	headers?: Record<string, string>;
	/** A string or Buffer is sent as is; anything else as JSON. */
	body?: unknown;
	/** Server-sent events: each entry is sent as `data: <entry>\n\n`. */
	sse?: string[];
}

export type StubHandler = (req: StubRequest) => StubReply | Promise<StubReply>;

export interface HttpStub {
	/** http://127.0.0.1:<port> */
	url: string;
	port: number;
	requests: StubRequest[];
	waitFor(
		predicate: (req: StubRequest) => boolean,
		timeoutMs: number,
	): Promise<StubRequest | undefined>;
	close(): Promise<void>;
}

export async function startHttpStub(name: string, handler: StubHandler): Promise<HttpStub> {
	const requests: StubRequest[] = [];
	const waiters = new Set<() => void>();
	const sockets = new Set<Socket>();

	const server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			const url = new URL(req.url ?? '/', 'http://127.0.0.1');
			const body = Buffer.concat(chunks).toString('utf8');
			let json: unknown;
			try {
				json = body ? JSON.parse(body) : undefined;
			} catch {
				json = undefined;
			}
			const entry: StubRequest = {
				method: (req.method ?? 'GET').toUpperCase(),
				path: url.pathname,
				query: url.searchParams,
				headers: req.headers,
				body,
				json,
				receivedAt: Date.now(),
			};
			requests.push(entry);
			for (const wake of waiters) wake();
			Promise.resolve()
				.then(() => handler(entry))
				.then(
					(reply) => send(res, reply),
					(error: unknown) =>
						send(res, {
							status: 500,
							body: {
								error: `${name} stub: ${error instanceof Error ? error.message : String(error)}`,
							},
						}),
				);
		});
	});
	server.on('connection', (socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => resolve());
	});
	const port = (server.address() as AddressInfo).port;

	return {
		url: `http://127.0.0.1:${port}`,
		port,
		requests,
		waitFor: (predicate, timeoutMs) => waitForEntry(requests, waiters, predicate, timeoutMs),
		close: () =>
			new Promise<void>((resolve) => {
				for (const socket of sockets) socket.destroy();
				server.close(() => resolve());
			}),
	};
}

function send(res: http.ServerResponse, reply: StubReply): void {
	if (reply.sse) {
		res.writeHead(reply.status ?? 200, {
			'content-type': 'text/event-stream',
			'cache-control': 'no-cache',
			connection: 'keep-alive',
			...reply.headers,
		});
		for (const event of reply.sse) res.write(`data: ${event}\n\n`);
		res.end();
		return;
	}
	let payload: Buffer;
	let contentType = 'application/json; charset=utf-8';
	if (Buffer.isBuffer(reply.body)) {
		payload = reply.body;
		contentType = 'application/octet-stream';
	} else if (typeof reply.body === 'string') {
		payload = Buffer.from(reply.body, 'utf8');
		contentType = 'text/plain; charset=utf-8';
	} else {
		payload = Buffer.from(reply.body === undefined ? '' : JSON.stringify(reply.body), 'utf8');
	}
	res.writeHead(reply.status ?? 200, {
		'content-type': contentType,
		...reply.headers,
		'content-length': String(payload.length),
	});
	res.end(payload);
}
