/* eslint-disable @n8n/community-nodes/no-restricted-imports -- dev tooling, never shipped in dist */
/**
 * The emulator as KornitX the CALLER (docs/kornitx-api.md §10, §11, §14): push an order (POST, signed
 * with `X-CustomGateway-Hmac`) or send a status notification (PUT) to a URL, retry a non-200
 * answer like KornitX does, and record what was sent, answered and retried.
 *
 * KornitX retries a failed push up to 5 times; for orders the interval is unpublished (default
 * here 60 s), for status notifications it is 2 hours. `retries` and `retryIntervalMs` shorten
 * both for tests and demos. The HMAC key and Basic password are never recorded.
 */
import { createHash, createHmac } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';

import { buildPushOrder, buildStatusNotification } from './push-bodies';

export type PushKind = 'order' | 'statusNotification';
export type DigestEncoding = 'hex' | 'base64';

export const KORNITX_RETRIES = 5;
/** KornitX does not publish the interval between order push retries; this is our choice. */
export const ORDER_RETRY_INTERVAL_MS = 60_000;
/** §11: notifications are retried at 2-hour intervals. */
export const NOTIFICATION_RETRY_INTERVAL_MS = 2 * 60 * 60 * 1000;
export const SIGNATURE_HEADER = 'X-CustomGateway-Hmac';

export interface PushOptions {
	url: string;
	/** What is sent: `order` (POST, default) or `statusNotification` (PUT). */
	kind?: PushKind;
	/** Overrides the method of the kind (e.g. to test a wrong method). */
	method?: string;
	/** Body: an object (serialised as JSON) or the exact text/bytes to send. Default: a generated §10/§11 body. */
	body?: unknown;
	/** HMAC key; without it the push is unsigned (plain status callbacks carry no signature). */
	key?: string;
	/** Digest text encoding; KornitX's is unpublished. Default hex (lower case). */
	encoding?: DigestEncoding;
	/** Sent as HTTP Basic auth when given. */
	basicAuth?: { user: string; password: string };
	/** Extra headers (win over the generated ones, e.g. a wrong signature or Content-Type). */
	headers?: Record<string, string>;
	/** Retries after the first attempt while the answer is not 200. Default 5 (KornitX). */
	retries?: number;
	/** Wait between attempts. Default 60 s for orders, 2 h for notifications. */
	retryIntervalMs?: number;
	/** Per-attempt timeout. Default 30 s. */
	timeoutMs?: number;
	signal?: AbortSignal;
	/** Where the record goes (the emulator's push log); it is updated as attempts finish. */
	log?: PushRecord[];
}

export interface PushAttempt {
	attempt: number;
	startedAt: string;
	durationMs: number;
	/** HTTP status, 0 when no answer (connection refused, timeout, reset). */
	status: number;
	/** The answer's body (first 2,000 characters). */
	answer: string;
	error?: string;
}

export interface PushRecord {
	id: number;
	kind: PushKind;
	method: string;
	url: string;
	signed: boolean;
	encoding: DigestEncoding | null;
	basicAuth: boolean;
	/** SHA-256 of the bytes sent (never the signature or key). */
	bodySha256: string;
	bytes: number;
	/** The order id of the body, when it has one. */
	orderId: unknown;
	outcome: 'pending' | 'acknowledged' | 'failed' | 'aborted';
	attempts: PushAttempt[];
}

export interface PushResult {
	/** True when an attempt was answered 200. */
	acknowledged: boolean;
	/** Status of the last attempt (0: no answer). */
	status: number;
	/** Body of the last answer. */
	answer: string;
	attempts: PushAttempt[];
	record: PushRecord;
	/** The exact bytes sent. */
	bodyText: string;
	/** The signature header sent, if signed. */
	signature?: string;
}

let nextPushId = 1;

/** HMAC-SHA256 of the exact bytes, as KornitX's `X-CustomGateway-Hmac` (hex by default). */
export function signPush(
	body: string | Buffer,
	key: string,
	encoding: DigestEncoding = 'hex',
): string {
	return createHmac('sha256', key).update(body).digest(encoding);
}

function bodyText(kind: PushKind, body: unknown): string {
	if (body === undefined)
		return JSON.stringify(kind === 'order' ? buildPushOrder() : buildStatusNotification());
	if (typeof body === 'string') return body;
	if (Buffer.isBuffer(body)) return body.toString('utf8');
	return JSON.stringify(body);
}

function orderIdOf(text: string): unknown {
	try {
		const parsed = JSON.parse(text) as unknown;
		return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
			? (parsed as { id?: unknown }).id
			: undefined;
	} catch {
		return undefined;
	}
}

/** The useful part of a fetch failure: the socket error code (ECONNREFUSED...) or the abort reason. */
function describeFetchError(error: unknown): string {
	const cause = (
		error as { cause?: { code?: string; message?: string; errors?: Array<{ code?: string }> } }
	).cause;
	const code = cause?.code ?? cause?.errors?.[0]?.code;
	if (code) return code;
	if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError'))
		return error.name;
	return cause?.message ?? (error instanceof Error ? error.message : String(error));
}

async function attemptOnce(
	url: string,
	method: string,
	headers: Record<string, string>,
	text: string,
	timeoutMs: number,
	signal: AbortSignal | undefined,
	attempt: number,
): Promise<PushAttempt> {
	const started = Date.now();
	const signals = [AbortSignal.timeout(timeoutMs), ...(signal ? [signal] : [])];
	const entry: PushAttempt = {
		attempt,
		startedAt: new Date(started).toISOString(),
		durationMs: 0,
		status: 0,
		answer: '',
	};
	try {
		const response = await fetch(url, {
			method,
			headers,
			body: text,
			signal: AbortSignal.any(signals),
		});
		entry.status = response.status;
		const answer = await response.text();
		entry.answer = answer.length > 2000 ? answer.slice(0, 2000) + '…' : answer;
	} catch (error) {
		entry.error = describeFetchError(error);
	}
	entry.durationMs = Date.now() - started;
	return entry;
}

/** Push (or notify) once, retrying a non-200 answer like KornitX. Never throws for HTTP outcomes. */
export async function sendPush(options: PushOptions): Promise<PushResult> {
	const kind = options.kind ?? 'order';
	const method = (options.method ?? (kind === 'order' ? 'POST' : 'PUT')).toUpperCase();
	const text = bodyText(kind, options.body);
	const encoding = options.encoding ?? 'hex';
	const headers: Record<string, string> = {
		'Content-Type': 'application/json',
		'User-Agent': 'KornitX-Emulator/1',
	};
	let signature: string | undefined;
	if (options.key !== undefined) {
		signature = signPush(text, options.key, encoding);
		headers[SIGNATURE_HEADER] = signature;
	}
	if (options.basicAuth) {
		const pair = `${options.basicAuth.user}:${options.basicAuth.password}`;
		headers.Authorization = `Basic ${Buffer.from(pair, 'utf8').toString('base64')}`;
	}
	Object.assign(headers, options.headers);
	const retries = options.retries ?? KORNITX_RETRIES;
	const interval =
		options.retryIntervalMs ??
		(kind === 'order' ? ORDER_RETRY_INTERVAL_MS : NOTIFICATION_RETRY_INTERVAL_MS);
	const record: PushRecord = {
		id: nextPushId++,
		kind,
		method,
		url: options.url,
		signed: signature !== undefined,
		encoding: signature !== undefined ? encoding : null,
		basicAuth: options.basicAuth !== undefined,
		bodySha256: createHash('sha256').update(text).digest('hex'),
		bytes: Buffer.byteLength(text),
		orderId: orderIdOf(text),
		outcome: 'pending',
		attempts: [],
	};
	options.log?.push(record);

	for (let attempt = 1; attempt <= retries + 1; attempt++) {
		if (options.signal?.aborted) break;
		const result = await attemptOnce(
			options.url,
			method,
			headers,
			text,
			options.timeoutMs ?? 30_000,
			options.signal,
			attempt,
		);
		record.attempts.push(result);
		if (result.status === 200) {
			record.outcome = 'acknowledged';
			break;
		}
		if (attempt > retries) break;
		try {
			await delay(interval, undefined, options.signal ? { signal: options.signal } : undefined);
		} catch {
			break;
		}
	}
	if (record.outcome === 'pending') record.outcome = options.signal?.aborted ? 'aborted' : 'failed';
	const last = record.attempts[record.attempts.length - 1];
	return {
		acknowledged: record.outcome === 'acknowledged',
		status: last?.status ?? 0,
		answer: last?.answer ?? '',
		attempts: record.attempts,
		record,
		bodyText: text,
		signature,
	};
}

/** Push an order (§10): POST, signed when `key` is given. */
export async function pushOrder(options: Omit<PushOptions, 'kind'>): Promise<PushResult> {
	return await sendPush({ ...options, kind: 'order' });
}

/** Send a status notification (§11): PUT, unsigned unless `key` is given. */
export async function sendStatusNotification(
	options: Omit<PushOptions, 'kind'>,
): Promise<PushResult> {
	return await sendPush({ ...options, kind: 'statusNotification' });
}
