/**
 * Shared setup for the emulator self-tests (test/tooling/emulator/*.test.ts): one emulator per
 * test file, reset before each test, and small HTTP helpers that talk to it over loopback.
 */
import type { KornitxEmulator } from '../../emulator';
import { DEV_CLIENT, startEmulator } from '../../emulator';

export const enc = encodeURIComponent;

export interface Res<T> {
	status: number;
	headers: Headers;
	text: string;
	json: T;
}

export interface ApiError {
	error: { message: string; code: number };
}

export interface OAuthError {
	error: string;
	error_description?: string;
}

export interface TokenReply {
	token_type: string;
	expires_in: number;
	access_token: string;
	scope: string;
}

export interface StatusReply {
	id: number;
	status: number;
	status_name: string;
}

export type CancellationReply = Array<{
	id: number;
	items: Array<{ id: number; order_id: number; quantity: number }>;
}>;

export interface GqlError {
	message: string;
	path?: Array<string | number>;
}

export interface GqlOrder {
	id: number;
	status: number;
	status_name: string;
	shipping_carrier?: string;
	external_ref?: string;
	items?: Array<{
		id: number;
		external_ref: string;
		attributes: Array<{ name: string; value: string }>;
	}>;
}

export interface UpdateReply {
	data?: { core: { updateOrders: Array<GqlOrder | null> | null } | null };
	errors?: GqlError[];
}

export interface OrdersReply {
	data?: {
		core: {
			orders: { pages: { pageCount: number; current: number }; items: GqlOrder[] } | null;
		} | null;
	};
	errors?: GqlError[];
}

export type Row = Record<string, string | number>;

export const UPDATE_ORDERS = `mutation($orders: [OrderInput]) {
  core { updateOrders(orders: $orders) { id shipping_carrier shipping_method status status_name } }
}`;

export async function call<T = unknown>(
	method: string,
	url: string,
	opts: {
		token?: string;
		body?: unknown;
		headers?: Record<string, string>;
		signal?: AbortSignal;
	} = {},
): Promise<Res<T>> {
	const headers: Record<string, string> = { ...opts.headers };
	if (opts.token !== undefined) headers.authorization = `Bearer ${opts.token}`;
	let body: string | undefined;
	if (opts.body !== undefined) {
		headers['content-type'] ??= 'application/json';
		body = typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
	}
	const res = await fetch(url, { method, headers, body, signal: opts.signal });
	const text = await res.text();
	let json: unknown;
	try {
		json = JSON.parse(text);
	} catch {
		json = undefined;
	}
	return { status: res.status, headers: res.headers, text, json: json as T };
}

export interface EmulatorClient {
	/** The running emulator, filled in once `beforeAll` has run. */
	emu: KornitxEmulator;
	requestToken(
		form: Record<string, string>,
		headers?: Record<string, string>,
	): Promise<{ status: number; json: TokenReply & OAuthError }>;
	token(client?: typeof DEV_CLIENT, scope?: string): Promise<string>;
	putStatus(
		pathAfterOrder: string,
		tok: string,
		status: unknown,
	): Promise<Res<StatusReply & ApiError>>;
	cancel(
		pathAfterOrder: string,
		tok: string,
		body: unknown,
	): Promise<Res<CancellationReply & ApiError>>;
	gql<T>(tok: string, query: string, variables?: Record<string, unknown>): Promise<Res<T>>;
	exportRows(tok: string, query: string): Promise<Res<{ data: Row[] } & ApiError>>;
	/** The emulator's stored order `id` (throws when there is none). */
	order(id: number): ReturnType<KornitxEmulator['getOrder']> & object;
}

/**
 * One emulator per test file (started in `beforeAll`, closed in `afterAll`, reset before each
 * test). Returns the client; its `emu` is filled in once `beforeAll` has run.
 */
export function useEmulator(): EmulatorClient {
	const env = {} as EmulatorClient;
	beforeAll(async () => {
		env.emu = await startEmulator();
	});
	afterAll(async () => {
		await env.emu.close();
	});
	beforeEach(() => {
		env.emu.reset();
	});

	async function requestToken(form: Record<string, string>, headers: Record<string, string> = {}) {
		const res = await fetch(env.emu.urls.token, {
			method: 'POST',
			body: new URLSearchParams(form),
			headers,
		});
		return { status: res.status, json: (await res.json()) as TokenReply & OAuthError };
	}

	async function token(client = DEV_CLIENT, scope?: string): Promise<string> {
		const form: Record<string, string> = {
			grant_type: 'client_credentials',
			client_id: client.clientId,
			client_secret: client.clientSecret,
		};
		if (scope !== undefined) form.scope = scope;
		const res = await requestToken(form);
		if (res.status !== 200) throw new Error(`token request failed: ${res.status}`);
		return res.json.access_token;
	}

	function putStatus(pathAfterOrder: string, tok: string, status: unknown) {
		return call<StatusReply & ApiError>(
			'PUT',
			`${env.emu.urls.rest}/order/${pathAfterOrder}/status`,
			{
				token: tok,
				body: { status },
			},
		);
	}

	function cancel(pathAfterOrder: string, tok: string, body: unknown) {
		return call<CancellationReply & ApiError>(
			'POST',
			`${env.emu.urls.rest}/order/${pathAfterOrder}/cancellation`,
			{
				token: tok,
				body,
			},
		);
	}

	function gql<T>(tok: string, query: string, variables?: Record<string, unknown>) {
		return call<T>('POST', env.emu.urls.graphql, { token: tok, body: { query, variables } });
	}

	function exportRows(tok: string, query: string) {
		return call<{ data: Row[] } & ApiError>('GET', `${env.emu.urls.export}?${query}`, {
			token: tok,
		});
	}

	function order(id: number) {
		const o = env.emu.getOrder(id);
		if (!o) throw new Error(`no order ${id}`);
		return o;
	}

	return Object.assign(env, { requestToken, token, putStatus, cancel, gql, exportRows, order });
}
