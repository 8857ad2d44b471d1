import type { IDataObject, IHttpRequestMethods, IHttpRequestOptions } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import type { Connection, KornitxContext } from './connection';
import type { DescribeError } from './errors';
import { toNodeApiError } from './errors';
import {
	describeFailure,
	headerValue,
	isAmbiguous,
	isRateLimited,
	parseMaybeJson,
	parseRetryAfter,
	type HttpFailure,
} from './failure';

/** Retries after the first attempt for unknown outcomes (only where resending is safe). */
export const MAX_RETRIES = 3;
/**
 * Retries after HTTP 429: KornitX did not process those, so resending is always safe. v2.2's
 * rate-limit 400 counts against hourly and daily windows that retrying cannot outwait, so it
 * gets only MAX_RETRIES.
 */
export const MAX_RATE_LIMIT_RETRIES = 10;
const BACKOFF_BASE_MS = 500;
const BACKOFF_CAP_MS = 15_000;
/** A Retry-After longer than this (v2.2's hourly limit) is reported instead of waited out. */
const MAX_RETRY_AFTER_MS = 60_000;
export const DEFAULT_TIMEOUT_MS = 60_000;

export interface KornitxRequest {
	method: IHttpRequestMethods;
	url: string;
	body?: IDataObject | IDataObject[];
	qs?: IDataObject;
	/**
	 * Whether sending again is safe when an attempt ends without a known outcome (5xx, timeout,
	 * broken connection). True for status PUTs, exports and GraphQL queries; false for item
	 * cancellations and GraphQL mutations, where a retry could apply a change twice.
	 */
	retryUnknownOutcome: boolean;
	/** What the reply must be: `json` (an object or array) or `any` (status PUT: body unpublished). */
	expect: 'json' | 'any';
	timeout?: number;
}

export interface RequestContext {
	itemIndex: number;
	describe?: DescribeError;
	/** For writes never retried: how the user can check whether it was applied. */
	outcomeUnknownAdvice?: string;
}

function backoff(attempt: number, failure: HttpFailure): number {
	if (failure.retryAfterMs !== undefined) return failure.retryAfterMs;
	const exponential = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** attempt);
	return Math.round(exponential * (0.8 + Math.random() * 0.4));
}

function shouldRetry(request: KornitxRequest, failure: HttpFailure, attempt: number): boolean {
	if (failure.tokenError) return false;
	if (isRateLimited(failure)) {
		const budget = failure.status === 429 ? MAX_RATE_LIMIT_RETRIES : MAX_RETRIES;
		return attempt < budget && (failure.retryAfterMs ?? 0) <= MAX_RETRY_AFTER_MS;
	}
	return attempt < MAX_RETRIES && request.retryUnknownOutcome && isAmbiguous(failure);
}

export function describeRequest(request: Pick<KornitxRequest, 'method' | 'url'>): string {
	return `${request.method} ${request.url}`;
}

interface FullResponse {
	body: unknown;
	headers?: Record<string, unknown>;
	statusCode: number;
}

/** Per execution: token refreshes done so far, and the lock that lets one happen at a time. */
const refreshes = new WeakMap<object, { count: number; lock: Promise<void> }>();

function refreshState(ctx: KornitxContext) {
	let state = refreshes.get(ctx);
	if (!state) {
		state = { count: 0, lock: Promise.resolve() };
		refreshes.set(ctx, state);
	}
	return state;
}

async function send(
	ctx: KornitxContext,
	connection: Connection,
	options: IHttpRequestOptions,
): Promise<FullResponse> {
	return (await ctx.helpers.httpRequestWithAuthentication.call(ctx, connection.credentialType, {
		...options,
	})) as FullResponse;
}

/**
 * n8n 2.x honours `ignoreHttpStatusErrors.except`, so a 401 throws inside n8n's OAuth2 code,
 * which fetches a new token (once for all parallel requests) and retries. n8n 1.x ignores
 * `except` and hands the 401 back: then the node asks n8n for a new token itself, one request
 * at a time, and only if no other request refreshed it since this one was sent — so parallel
 * 401s cost one token, not one each — and sends again once.
 */
async function recoverFrom401(
	ctx: KornitxContext,
	connection: Connection,
	options: IHttpRequestOptions,
	sentAfterRefresh: number,
): Promise<FullResponse> {
	const state = refreshState(ctx);
	const previous = state.lock;
	let release!: () => void;
	state.lock = new Promise<void>((resolve) => (release = resolve));
	await previous;
	try {
		if (state.count === sentAfterRefresh) {
			await ctx.helpers.refreshOAuth2Token.call(ctx, connection.credentialType);
			state.count++;
		}
	} finally {
		release();
	}
	return await send(ctx, connection, options);
}

function failureFromResponse(response: FullResponse): HttpFailure {
	return {
		status: response.statusCode,
		body: parseMaybeJson(response.body),
		retryAfterMs: parseRetryAfter(headerValue(response.headers, 'retry-after')),
		message: `HTTP ${response.statusCode}`,
	};
}

/**
 * One KornitX call through n8n's credential code (which fetches OAuth2 tokens and fetches a new
 * one on 401). Reads the full response itself, so status, body and Retry-After are the same on
 * n8n 1.x and 2.x; adds retries for rate limits and, when safe, unknown outcomes; and turns
 * every failure into a NodeApiError that names the item.
 */
export async function kornitxRequest(
	ctx: KornitxContext,
	connection: Connection,
	request: KornitxRequest,
	context: RequestContext,
): Promise<unknown> {
	const options: IHttpRequestOptions = {
		method: request.method,
		url: request.url,
		json: true,
		timeout: request.timeout ?? DEFAULT_TIMEOUT_MS,
		returnFullResponse: true,
		ignoreHttpStatusErrors: { ignore: true, except: [401] },
	};
	if (request.body !== undefined) options.body = request.body;
	if (request.qs !== undefined) options.qs = request.qs;
	let ambiguousEarlierAttempt = false;
	for (let attempt = 0; ; attempt++) {
		let failure: HttpFailure | undefined;
		let reply: unknown;
		try {
			const refreshedBefore = refreshState(ctx).count;
			let response = await send(ctx, connection, options);
			if (response.statusCode === 401 && connection.authentication === 'oAuth2') {
				response = await recoverFrom401(ctx, connection, options, refreshedBefore);
			}
			if (response.statusCode >= 400) failure = failureFromResponse(response);
			else reply = response.body;
		} catch (error) {
			failure = describeFailure(error);
		}
		if (failure) {
			if (shouldRetry(request, failure, attempt)) {
				ambiguousEarlierAttempt ||= isAmbiguous(failure);
				await sleep(backoff(attempt, failure));
				continue;
			}
			const unknown = isAmbiguous(failure) && !request.retryUnknownOutcome;
			throw await toNodeApiError(ctx, connection, failure, {
				itemIndex: context.itemIndex,
				request: describeRequest(request),
				describe: context.describe,
				ambiguousEarlierAttempt,
				outcomeUnknown: unknown
					? (context.outcomeUnknownAdvice ??
						'KornitX may or may not have applied this request; check before sending it again.')
					: undefined,
			});
		}
		if (request.expect === 'json' && (typeof reply !== 'object' || reply === null)) {
			const shown =
				typeof reply === 'string'
					? reply.trim() === ''
						? 'an empty reply'
						: 'a reply that is not JSON'
					: 'no data';
			throw await toNodeApiError(
				ctx,
				connection,
				{ message: `KornitX returned ${shown}`, status: 200 },
				{
					itemIndex: context.itemIndex,
					request: describeRequest(request),
					describe: () =>
						`KornitX answered HTTP 200 with ${shown} to ${describeRequest(request)}.${request.retryUnknownOutcome ? ' Try again.' : ' It may have applied the request; check before sending it again.'}`,
				},
			);
		}
		return reply;
	}
}
