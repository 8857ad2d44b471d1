import type { JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { SCOPES } from '../helpers/constants';
import type { Connection, KornitxContext } from './connection';
import type { HttpFailure } from './failure';
import { graphqlErrors, isRateLimited, kornitxErrorMessage } from './failure';
import { findRefusedScopes } from './scopes';

/** Lets an operation explain an API error in its own terms (e.g. legal status moves). */
export type DescribeError = (message: string, failure: HttpFailure) => string | undefined;

export interface ErrorContext {
	itemIndex: number;
	/** e.g. "PUT /order/123/status" — shown to help the user, never holds a secret. */
	request: string;
	describe?: DescribeError;
	/** Set when an earlier attempt of the same request failed without a known outcome. */
	ambiguousEarlierAttempt?: boolean;
	/** Set for writes that are never retried, when the outcome is unknown. */
	outcomeUnknown?: string;
}

const CONNECTION_WORDS: Record<string, string> = {
	ECONNREFUSED: 'connection refused',
	ENOTFOUND: 'host not found',
	EAI_AGAIN: 'host name lookup failed',
	EHOSTUNREACH: 'host unreachable',
};

const PERMISSION = /permission denied \(([^)]+)\)/i;

function scopeAdvice(scope: string): string {
	const known = Object.values(SCOPES).includes(scope as never);
	return `The OAuth user behind this credential lacks "${scope}". Add ${scope} to the credential's Scope field and ask KornitX support to grant it to your OAuth user${known ? '' : ' (KornitX named this permission)'}.`;
}

function firstGraphqlMessage(body: unknown): string | undefined {
	const errors = graphqlErrors(body);
	if (!errors.length) return undefined;
	return errors.map((error) => String(error.message ?? 'GraphQL error')).join('; ');
}

export async function toNodeApiError(
	ctx: KornitxContext,
	connection: Connection,
	failure: HttpFailure,
	context: ErrorContext,
): Promise<NodeApiError> {
	let message: string;
	let description: string | undefined;
	const apiMessage = kornitxErrorMessage(failure.body) ?? firstGraphqlMessage(failure.body);

	if (failure.tokenError) {
		const code = failure.tokenError.error;
		if (code === 'invalid_scope' || /scope is invalid/i.test(failure.tokenError.message)) {
			const refused = await findRefusedScopes(ctx, connection);
			message = refused
				? `KornitX refused the scope ${refused} when issuing a token`
				: 'KornitX refused the requested scopes when issuing a token';
			description = refused
				? `Remove ${refused} from the credential's Scope field, or ask KornitX support to grant it to your OAuth user.`
				: "Keep only the scopes your OAuth user has in the credential's Scope field.";
		} else if (
			code === 'invalid_client' ||
			/client authentication failed/i.test(failure.tokenError.message)
		) {
			message = 'KornitX did not accept the Client ID and Client Secret';
			description =
				'Check both in the KornitX OAuth2 API credential, or ask KornitX support whether the OAuth user is active.';
		} else {
			message = `Could not get a KornitX access token: ${failure.tokenError.message}`;
			description = `Check the credential's Token URL (${connection.tokenUrl}) and that this n8n can reach it.`;
		}
	} else if (failure.status === undefined) {
		// Plain words only: NodeApiError replaces any message containing an error code such as
		// ECONNREFUSED with a generic sentence, so the code goes into the description.
		const reason = CONNECTION_WORDS[failure.code ?? ''];
		if (reason) {
			message = `Could not reach KornitX (${reason})`;
			description = `Check the URLs in the credential and that this n8n can reach them (${failure.code}). Request: ${context.request}.`;
		} else {
			message = 'No reply from KornitX';
			description = `The request timed out or the connection broke${failure.code ? ` (${failure.code})` : ''}. Request: ${context.request}.`;
		}
	} else if (failure.status === 401 || apiMessage === 'Authentication required') {
		message = 'KornitX refused the credential: Authentication required';
		description =
			connection.authentication === 'apiKey'
				? 'Check the company reference ID and API key, and try the other Header Format in the credential.'
				: 'The access token was refused even after a fresh one was fetched. Check the Client ID and Secret, and that the credential points at the same KornitX environment as its Token URL.';
	} else if (apiMessage && PERMISSION.test(apiMessage)) {
		message = `KornitX: ${apiMessage}`;
		description = scopeAdvice(PERMISSION.exec(apiMessage)![1]);
	} else if (isRateLimited(failure)) {
		message = `KornitX rate limit reached${apiMessage ? `: ${apiMessage}` : ''}`;
		description =
			connection.authentication === 'apiKey'
				? 'The v2.2 API allows 1000 requests per hour and 10000 per day. Wait, spread the work over time, or use the OAuth2 (v2.3) credential.'
				: "Lower the node's Concurrency option, or spread the work over time.";
	} else if (failure.status >= 500) {
		message = `KornitX server error (HTTP ${failure.status})${apiMessage ? `: ${apiMessage}` : ''}`;
		description = 'KornitX kept failing after retries. Try again later.';
	} else if (apiMessage) {
		message = `KornitX: ${apiMessage}`;
	} else {
		message = failure.status < 300 ? failure.message : `KornitX answered HTTP ${failure.status}`;
	}

	const specific =
		failure.status !== undefined
			? context.describe?.(apiMessage ?? failure.message, failure)
			: undefined;
	if (specific) description = specific;
	if (context.outcomeUnknown) {
		message = `Outcome unknown: ${message}`;
		description = `${context.outcomeUnknown}${description ? ` ${description}` : ''}`;
	} else if (
		context.ambiguousEarlierAttempt &&
		failure.status !== undefined &&
		failure.status < 500
	) {
		description =
			`An earlier attempt of this request failed without a reply, so KornitX may already have applied it. ${description ?? ''}`.trim();
	}

	const cause: JsonObject = { message, request: context.request };
	if (failure.status !== undefined) cause.httpCode = failure.status;
	if (failure.body !== undefined && typeof failure.body !== 'string')
		cause.body = failure.body as JsonObject;
	return new NodeApiError(ctx.getNode(), cause, {
		message,
		description,
		httpCode: failure.status !== undefined ? String(failure.status) : undefined,
		itemIndex: context.itemIndex,
	});
}
