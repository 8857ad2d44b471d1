import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Verification of a KornitX push (docs/kornitx-api.md §10), apart from the webhook I/O.
 *
 * KornitX signs the request body with HMAC-SHA256 keyed with the integration's HMAC key and sends
 * the digest in `X-CustomGateway-Hmac`. The digest's text encoding is not published, so both hex
 * (either case) and base64 (or base64url, padded or not) are accepted. The digest is computed
 * over the raw bytes received, never over re-serialised JSON. Every comparison is constant time
 * and no answer carries the expected digest, the key or the Basic password.
 */

export const SIGNATURE_HEADER = 'x-customgateway-hmac';

export interface PushSecrets {
	hmacKey: string;
	basicAuthUser: string;
	basicAuthPassword: string;
}

export interface PushRequest {
	rawBody: Buffer;
	/** Lower-case header names, as Node's IncomingMessage gives them. */
	headers: Record<string, string | string[] | undefined>;
}

export type Refusal = { status: 400 | 401; message: string; basicChallenge?: boolean };

export type VerifyResult = { ok: true } | ({ ok: false } & Refusal);

const HEX_DIGEST = /^[0-9a-f]{64}$/i;
const BASE64_DIGEST = /^[A-Za-z0-9+/\-_]{43}={0,1}$/;
const DIGEST_LENGTH = 32;

function firstHeader(headers: PushRequest['headers'], name: string): string | undefined {
	const value = headers[name];
	return Array.isArray(value) ? value[0] : value;
}

/** HMAC-SHA256 of the raw body as raw bytes. */
export function computeDigest(rawBody: Buffer, key: string): Buffer {
	return createHmac('sha256', key).update(rawBody).digest();
}

/**
 * The 32 digest bytes a header value stands for, or undefined when it is neither hex nor base64
 * of 32 bytes. An optional `sha256=` prefix is tolerated (a common convention; not documented).
 */
export function decodeDigest(headerValue: string): Buffer | undefined {
	let text = headerValue.trim();
	if (text.toLowerCase().startsWith('sha256=')) text = text.slice(7).trim();
	if (HEX_DIGEST.test(text)) return Buffer.from(text, 'hex');
	if (BASE64_DIGEST.test(text)) {
		const bytes = Buffer.from(text.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
		return bytes.length === DIGEST_LENGTH ? bytes : undefined;
	}
	return undefined;
}

/** Constant-time check of a signature header against the raw body. */
export function signatureMatches(rawBody: Buffer, headerValue: string, key: string): boolean {
	const expected = computeDigest(rawBody, key);
	const given = decodeDigest(headerValue);
	// Compare even when the header is unreadable, so both paths do the same work.
	const candidate = given ?? Buffer.alloc(DIGEST_LENGTH);
	const same = timingSafeEqual(candidate, expected);
	return given !== undefined && same;
}

function sha256(text: string): Buffer {
	return createHash('sha256').update(text, 'utf8').digest();
}

/** Constant-time check of an `Authorization: Basic ...` header against user and password. */
export function basicAuthMatches(
	authorization: string | undefined,
	user: string,
	password: string,
): boolean {
	const match = /^basic\s+(\S+)\s*$/i.exec(authorization ?? '');
	const given = match ? Buffer.from(match[1], 'base64').toString('utf8') : '';
	// Hash both sides so the buffers have equal length whatever was sent.
	const same = timingSafeEqual(sha256(given), sha256(`${user}:${password}`));
	return match !== null && same;
}

export function basicAuthRequired(secrets: PushSecrets): boolean {
	return secrets.basicAuthUser !== '' || secrets.basicAuthPassword !== '';
}

/** Basic auth (when the credential sets it) then the signature. Nothing about the body yet. */
export function verifyPush(request: PushRequest, secrets: PushSecrets): VerifyResult {
	if (basicAuthRequired(secrets)) {
		const authorization = firstHeader(request.headers, 'authorization');
		if (authorization === undefined || authorization.trim() === '') {
			return {
				ok: false,
				status: 401,
				message: 'Basic authentication is required',
				basicChallenge: true,
			};
		}
		if (!basicAuthMatches(authorization, secrets.basicAuthUser, secrets.basicAuthPassword)) {
			return {
				ok: false,
				status: 401,
				message: 'Basic authentication failed',
				basicChallenge: true,
			};
		}
	}
	const signature = firstHeader(request.headers, SIGNATURE_HEADER);
	if (signature === undefined || signature.trim() === '') {
		return { ok: false, status: 401, message: 'Signature header X-CustomGateway-Hmac is missing' };
	}
	if (!signatureMatches(request.rawBody, signature, secrets.hmacKey)) {
		return {
			ok: false,
			status: 401,
			message: 'Signature in X-CustomGateway-Hmac does not match the body',
		};
	}
	return { ok: true };
}

export type BodyResult = { ok: true; body: Record<string, unknown> } | ({ ok: false } & Refusal);

/**
 * The push body as a JSON object, parsed from the raw bytes that were verified (so the output is
 * exactly what was signed, whatever Content-Type the caller sent). Arrays, scalars, empty and
 * unparseable bodies are refused.
 */
export function parsePushBody(rawBody: Buffer | undefined, parsedByN8n: unknown): BodyResult {
	let value: unknown;
	if (rawBody !== undefined && rawBody.length > 0) {
		try {
			value = JSON.parse(rawBody.toString('utf8'));
		} catch {
			return { ok: false, status: 400, message: 'Body is not valid JSON; expected a JSON object' };
		}
	} else if (
		rawBody === undefined &&
		isJsonObject(parsedByN8n) &&
		Object.keys(parsedByN8n).length > 0
	) {
		value = parsedByN8n;
	} else {
		return { ok: false, status: 400, message: 'Body is empty; expected a JSON object' };
	}
	if (!isJsonObject(value)) {
		const kind = Array.isArray(value) ? 'an array' : value === null ? 'null' : `a ${typeof value}`;
		return { ok: false, status: 400, message: `Body is ${kind}; expected a JSON object` };
	}
	return { ok: true, body: value };
}

export function isJsonObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** SHA-256 of the raw body, hex: the identity of a push for Ignore Repeats. */
export function bodyFingerprint(rawBody: Buffer): string {
	return createHash('sha256').update(rawBody).digest('hex');
}
