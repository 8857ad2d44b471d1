import type { IDataObject } from 'n8n-workflow';

/**
 * What went wrong with one HTTP call, read from whatever n8n threw (n8n 1.x and 2.x wrap axios
 * errors differently: the response sits somewhere on the `cause` chain). Holds no request
 * headers, so nothing secret can travel further.
 */
export interface HttpFailure {
	status?: number;
	body?: unknown;
	retryAfterMs?: number;
	/** Node.js / axios error code, e.g. ECONNREFUSED, ECONNRESET, ETIMEDOUT, ECONNABORTED. */
	code?: string;
	message: string;
	/** The token request failed (n8n's OAuth2 code), with the OAuth error code if one came back. */
	tokenError?: { error?: string; message: string };
}

type Loose = Record<string, unknown>;

function asObject(value: unknown): Loose | undefined {
	return typeof value === 'object' && value !== null ? (value as Loose) : undefined;
}

export function parseRetryAfter(value: unknown): number | undefined {
	if (typeof value !== 'string' && typeof value !== 'number') return undefined;
	const seconds = Number(value);
	if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
	const date = Date.parse(String(value));
	return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

export function headerValue(headers: unknown, name: string): unknown {
	const object = asObject(headers);
	if (!object) return undefined;
	if (typeof object.get === 'function') return (object.get as (n: string) => unknown)(name);
	const key = Object.keys(object).find((candidate) => candidate.toLowerCase() === name);
	return key === undefined ? undefined : object[key];
}

export function parseMaybeJson(body: unknown): unknown {
	if (typeof body !== 'string') return body;
	try {
		return JSON.parse(body) as unknown;
	} catch {
		return body;
	}
}

const TOKEN_FAILURE =
	/failed to acquire oauth2 access token|requested scope is invalid|client authentication failed/i;

export function describeFailure(error: unknown): HttpFailure {
	const failure: HttpFailure = { message: error instanceof Error ? error.message : String(error) };
	const seen = new Set<unknown>();
	let current: unknown = error;
	for (let depth = 0; depth < 6 && asObject(current) && !seen.has(current); depth++) {
		seen.add(current);
		const object = current as Loose;
		const response = asObject(object.response);
		if (failure.status === undefined && response && typeof response.status === 'number') {
			failure.status = response.status;
			failure.body = parseMaybeJson(response.data ?? response.body);
			failure.retryAfterMs = parseRetryAfter(headerValue(response.headers, 'retry-after'));
		}
		if (
			failure.status === undefined &&
			typeof object.statusCode === 'number' &&
			object.statusCode >= 400
		) {
			failure.status = object.statusCode;
			failure.body = parseMaybeJson(object.error ?? object.body);
		}
		if (
			failure.code === undefined &&
			typeof object.code === 'string' &&
			/^E[A-Z_]+$/.test(object.code) &&
			object.code !== 'EAUTH'
		) {
			failure.code = object.code;
		}
		const body = asObject(object.body);
		if (
			object.code === 'EAUTH' ||
			(typeof object.message === 'string' && TOKEN_FAILURE.test(object.message))
		) {
			failure.tokenError = failure.tokenError ?? {
				error: typeof body?.error === 'string' ? body.error : undefined,
				message: String(object.message),
			};
			if (body && typeof body.error === 'string') failure.tokenError.error = body.error;
		}
		current = object.cause;
	}
	// n8n 1.x wraps HTTP errors in a NodeApiError that keeps neither the response nor the axios
	// error: only httpCode and the server's message (as description) remain.
	const top = asObject(error);
	if (
		failure.status === undefined &&
		!failure.tokenError &&
		top &&
		typeof top.httpCode === 'string' &&
		/^\d{3}$/.test(top.httpCode)
	) {
		failure.status = Number(top.httpCode);
		const text =
			typeof top.description === 'string' && top.description ? top.description : undefined;
		if (text) failure.body = { error: { message: text, code: 0 } };
	}
	return failure;
}

/** The message of a KornitX REST error body `{"error":{"message":…,"code":0}}`, if that is what came back. */
export function kornitxErrorMessage(body: unknown): string | undefined {
	const object = asObject(body);
	const error = asObject(object?.error);
	if (error && typeof error.message === 'string') return error.message;
	if (object && typeof object.error === 'string') return object.error;
	if (object && typeof object.message === 'string') return object.message;
	return undefined;
}

export function graphqlErrors(body: unknown): IDataObject[] {
	const errors = asObject(body)?.errors;
	return Array.isArray(errors) ? (errors.filter((entry) => asObject(entry)) as IDataObject[]) : [];
}

export const RATE_LIMIT_TEXT = /rate limit|limit exceeded/i;
const TRANSIENT_CODES = new Set([
	'ECONNRESET',
	'ETIMEDOUT',
	'ECONNABORTED',
	'EPIPE',
	'ESOCKETTIMEDOUT',
	'EAI_AGAIN',
]);

export function isRateLimited(failure: HttpFailure): boolean {
	if (failure.status === 429) return true;
	return failure.status === 400 && RATE_LIMIT_TEXT.test(kornitxErrorMessage(failure.body) ?? '');
}

/** A failure whose outcome is unknown: KornitX may or may not have applied the request. */
export function isAmbiguous(failure: HttpFailure): boolean {
	if (failure.status !== undefined) return failure.status >= 500;
	if (failure.code && TRANSIENT_CODES.has(failure.code)) return true;
	return /timeout|socket hang up|aborted/i.test(failure.message);
}
