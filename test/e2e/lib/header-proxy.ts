/* eslint-disable @n8n/community-nodes/no-restricted-imports -- dev tooling, never shipped in dist */
/**
 * A loopback HTTP proxy that forwards every request unchanged (raw path, headers, body) to a
 * target base URL and records the request headers. The emulator logs only the auth *scheme*;
 * this lets a check see the exact header a real n8n sent (e.g. the v2.2 key's raw vs base64
 * form). Recorded headers hold secrets: compare them, never print them.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
	method: string;
	/** Raw path (and query) as received. */
	url: string;
	headers: http.IncomingHttpHeaders;
}

export interface HeaderProxy {
	/** http://127.0.0.1:<port> */
	baseUrl: string;
	requests: RecordedRequest[];
	close(): Promise<void>;
}

export async function startHeaderProxy(target: string): Promise<HeaderProxy> {
	const to = new URL(target);
	const requests: RecordedRequest[] = [];
	const server = http.createServer((req, res) => {
		requests.push({ method: req.method ?? '', url: req.url ?? '', headers: { ...req.headers } });
		const upstream = http.request(
			{
				host: to.hostname,
				port: to.port,
				method: req.method,
				path: req.url,
				headers: { ...req.headers, host: to.host },
			},
			(reply) => {
				res.writeHead(reply.statusCode ?? 502, reply.headers);
				reply.pipe(res);
			},
		);
		upstream.on('error', () => {
			if (!res.headersSent) res.writeHead(502);
			res.end();
		});
		req.pipe(upstream);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		baseUrl: `http://127.0.0.1:${port}`,
		requests,
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}
