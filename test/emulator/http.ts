/* eslint-disable @n8n/community-nodes/no-restricted-imports -- dev tooling, never shipped in dist */
import type { IncomingHttpHeaders } from 'node:http';
import type { ZodError } from 'zod/v4';

import type { EmulatorState, TokenRecord } from './state';
import type { ApiName, LoggedRequest } from './types';

/** What a handler wants sent back. `raw` wins over `body` (sent verbatim). */
export interface Reply {
	status: number;
	body?: unknown;
	raw?: string;
	headers?: Record<string, string>;
}

export interface RequestContext {
	state: EmulatorState;
	method: string;
	/** Full raw path, still percent-encoded, no query string. */
	rawPath: string;
	api: ApiName;
	/** Raw path after the API prefix, e.g. `/order/123/status`. */
	subPath: string;
	query: Record<string, string | string[]>;
	headers: IncomingHttpHeaders;
	bodyText: string;
	entry: LoggedRequest;
	/** Set when a `graphqlPartial` fault fired for this request. */
	graphqlPartial?: { orderIds?: number[] };
}

export function json(status: number, body: unknown, headers?: Record<string, string>): Reply {
	return { status, body, headers };
}

/** REST error shape of every KornitX v2.x API. */
export function restError(status: number, message: string): Reply {
	return json(status, { error: { message, code: 0 } });
}

export const AUTH_REQUIRED = 'Authentication required';

export function permissionDenied(scope: string): string {
	return `Permission denied (${scope})`;
}

/** Split a raw sub-path on `/` and percent-decode each segment; undecodable segments become null. */
export function decodeSegments(subPath: string): Array<string | null> {
	const trimmed = subPath.startsWith('/') ? subPath.slice(1) : subPath;
	if (trimmed === '') return [];
	return trimmed.split('/').map((segment) => {
		try {
			return decodeURIComponent(segment);
		} catch {
			return null;
		}
	});
}

export function parseQuery(search: string): Record<string, string | string[]> {
	const out: Record<string, string | string[]> = {};
	for (const [key, value] of new URLSearchParams(search)) {
		const existing = out[key];
		if (existing === undefined) out[key] = value;
		else if (Array.isArray(existing)) existing.push(value);
		else out[key] = [existing, value];
	}
	return out;
}

export function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
	const value = headers[name];
	return Array.isArray(value) ? value[0] : value;
}

export function isFormContentType(headers: IncomingHttpHeaders): boolean {
	return (headerValue(headers, 'content-type') ?? '')
		.toLowerCase()
		.startsWith('application/x-www-form-urlencoded');
}

export function parseForm(text: string): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [key, value] of new URLSearchParams(text)) out[key] = value;
	return out;
}

export type JsonParse = { ok: true; value: unknown } | { ok: false };

export function parseJson(text: string): JsonParse {
	try {
		return { ok: true, value: JSON.parse(text) as unknown };
	} catch {
		return { ok: false };
	}
}

const SECRET_KEY_RE = /secret|password|passwd|api_?key|access_token|refresh_token/i;

/** Deep copy with secret-looking fields replaced, for the request log. */
export function redact(value: unknown, depth = 0): unknown {
	if (depth > 20 || value === null || typeof value !== 'object') return value;
	if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
	const out: Record<string, unknown> = {};
	for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
		out[key] = SECRET_KEY_RE.test(key) ? '[redacted]' : redact(v, depth + 1);
	}
	return out;
}

/** Body as it goes into the log: parsed JSON, form object, raw string, or null. Secrets redacted. */
export function bodyForLog(api: ApiName, headers: IncomingHttpHeaders, text: string): unknown {
	if (text === '') return null;
	if (isFormContentType(headers)) return redact(parseForm(text));
	const parsed = parseJson(text);
	if (parsed.ok) return redact(parsed.value);
	// A raw token-endpoint body may hold a secret in a shape we cannot parse: never log it.
	if (api === 'token') return '[unparsed body redacted]';
	return text.length > 2000 ? text.slice(0, 2000) + '…' : text;
}

/** One readable line from a zod error: `path: message; path: message`. */
export function describeZodError(error: ZodError): string {
	return error.issues
		.map((issue) => {
			const path = issue.path.length > 0 ? issue.path.map(String).join('.') : 'body';
			return `${path}: ${issue.message}`;
		})
		.join('; ');
}

export type BearerResult = { ok: true; token: TokenRecord } | { ok: false; reply: Reply };

/**
 * Check the bearer token of an API call (and one scope when given). Counts the call against the
 * token's request budget and records client/token ids (never the token) in the log entry.
 */
export function authenticateBearer(ctx: RequestContext, scope?: string): BearerResult {
	const header = headerValue(ctx.headers, 'authorization') ?? '';
	const match = /^bearer\s+(\S+)\s*$/i.exec(header);
	if (!match) {
		ctx.entry.auth = { scheme: /^basic\s/i.test(header) ? 'basic' : null };
		return { ok: false, reply: restError(401, AUTH_REQUIRED) };
	}
	ctx.entry.auth = { scheme: 'bearer' };
	const record = ctx.state.tokens.get(match[1]);
	if (!record) return { ok: false, reply: restError(401, AUTH_REQUIRED) };
	ctx.entry.auth = { scheme: 'bearer', clientId: record.clientId, tokenId: record.id };
	if (!ctx.state.isTokenUsable(record)) return { ok: false, reply: restError(401, AUTH_REQUIRED) };
	record.uses += 1;
	if (scope !== undefined && !record.scopes.includes(scope)) {
		return { ok: false, reply: restError(403, permissionDenied(scope)) };
	}
	return { ok: true, token: record };
}

/** The token record named by the request's bearer header, if any (for the expireToken fault). */
export function bearerRecord(ctx: RequestContext): TokenRecord | undefined {
	const header = headerValue(ctx.headers, 'authorization') ?? '';
	const match = /^bearer\s+(\S+)\s*$/i.exec(header);
	return match ? ctx.state.tokens.get(match[1]) : undefined;
}

/** Parse a JSON request body for an API; a reply when it is missing or not JSON. */
export function requireJsonBody(
	ctx: RequestContext,
): { ok: true; value: unknown } | { ok: false; reply: Reply } {
	if (ctx.bodyText.trim() === '')
		return { ok: false, reply: restError(400, 'Request body is empty; expected JSON') };
	const parsed = parseJson(ctx.bodyText);
	if (!parsed.ok) return { ok: false, reply: restError(400, 'Request body is not valid JSON') };
	return parsed;
}
