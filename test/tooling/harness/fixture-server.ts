/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- test tooling, never shipped in dist */
/** Local fixture server for the harness self-tests: an OAuth2 token endpoint and a tiny API. */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { IDataObject } from 'n8n-workflow';

export interface Recorded {
	method: string;
	path: string;
	headers: http.IncomingHttpHeaders;
	body: string;
	remoteAddress?: string;
}

export class FixtureServer {
	readonly tokenRequests: Recorded[] = [];
	readonly apiRequests: Recorded[] = [];
	readonly validTokens = new Set<string>();
	/** status returned for a bad token */
	invalidTokenStatus = 401;
	tokenStatus = 200;
	/** when false, issued tokens are rejected by the API right away */
	issuedTokensAreValid = true;
	tokenExpiresIn = 3600;
	/** delay (ms) before answering the token endpoint */
	tokenDelayMs = 0;
	events: IDataObject[] = [];
	private tokenCounter = 0;
	private server?: http.Server;
	baseUrl = '';

	async start(): Promise<void> {
		this.server = http.createServer((req, res) => {
			let body = '';
			req.on('data', (chunk: Buffer) => (body += chunk.toString()));
			req.on('end', () => {
				void this.handle(req, res, body);
			});
		});
		await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
		const { port } = this.server.address() as AddressInfo;
		this.baseUrl = `http://127.0.0.1:${port}`;
	}

	async stop(): Promise<void> {
		await new Promise<void>((resolve) => this.server?.close(() => resolve()));
	}

	reset(): void {
		this.tokenRequests.length = 0;
		this.apiRequests.length = 0;
		this.validTokens.clear();
		this.invalidTokenStatus = 401;
		this.tokenStatus = 200;
		this.issuedTokensAreValid = true;
		this.tokenExpiresIn = 3600;
		this.tokenDelayMs = 0;
		this.events = [];
		this.tokenCounter = 0;
	}

	private send(res: http.ServerResponse, status: number, payload: unknown) {
		res.writeHead(status, { 'content-type': 'application/json' });
		res.end(JSON.stringify(payload));
	}

	private async handle(req: http.IncomingMessage, res: http.ServerResponse, body: string) {
		const url = new URL(req.url ?? '/', this.baseUrl);
		const record: Recorded = {
			method: req.method ?? '',
			path: url.pathname + url.search,
			headers: req.headers,
			body,
			remoteAddress: req.socket.remoteAddress,
		};
		if (url.pathname === '/oauth/token') {
			this.tokenRequests.push(record);
			if (this.tokenDelayMs) await new Promise((r) => setTimeout(r, this.tokenDelayMs));
			if (this.tokenStatus !== 200) {
				return this.send(res, this.tokenStatus, {
					error: 'invalid_client',
					error_description: 'bad client',
				});
			}
			const token = `tok-${++this.tokenCounter}`;
			if (this.issuedTokensAreValid) this.validTokens.add(token);
			return this.send(res, 200, {
				access_token: token,
				token_type: 'Bearer',
				expires_in: this.tokenExpiresIn,
			});
		}
		this.apiRequests.push(record);
		if (url.pathname.startsWith('/key/')) {
			if (req.headers['x-api-key'] !== 'secret-key')
				return this.send(res, 403, { message: 'bad key' });
			return this.send(res, 200, { ok: true, tenant: url.searchParams.get('tenant') });
		}
		const auth = req.headers.authorization ?? '';
		const token = auth.replace(/^Bearer /, '');
		if (!this.validTokens.has(token)) {
			return this.send(res, this.invalidTokenStatus, {
				message: 'token invalid or expired',
				code: 'E_TOKEN',
			});
		}
		if (url.pathname === '/api/events') {
			const since = Number(url.searchParams.get('since') ?? 0);
			return this.send(
				res,
				200,
				this.events.filter((e) => Number(e.id) > since),
			);
		}
		const match = /^\/api\/items\/(\w+)$/.exec(url.pathname);
		if (match) {
			if (match[1] === 'missing') {
				return this.send(res, 404, { message: 'Item not found', code: 'E_NOT_FOUND' });
			}
			return this.send(res, 200, { id: match[1], token });
		}
		return this.send(res, 404, { message: 'no route' });
	}
}
