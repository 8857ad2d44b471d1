import { timingSafeEqual } from 'node:crypto';

import { CLIENTS } from './constants';
import type { RequestContext, Reply } from './http';
import { headerValue, isFormContentType, json, parseForm } from './http';

function oauthError(
	status: number,
	error: string,
	description?: string,
	headers?: Record<string, string>,
): Reply {
	return json(
		status,
		description === undefined ? { error } : { error, error_description: description },
		{
			'Cache-Control': 'no-store',
			...headers,
		},
	);
}

function safeEqual(a: string, b: string): boolean {
	const left = Buffer.from(a);
	const right = Buffer.from(b);
	return left.length === right.length && timingSafeEqual(left, right);
}

function decodeFormComponent(value: string): string {
	try {
		return decodeURIComponent(value.replace(/\+/g, ' '));
	} catch {
		return value;
	}
}

/** `POST /oauth/token`, OAuth 2.0 client credentials grant (form-urlencoded only). */
export function handleToken(ctx: RequestContext): Reply {
	if (ctx.method !== 'POST') {
		return oauthError(405, 'invalid_request', 'The token endpoint only accepts POST', {
			Allow: 'POST',
		});
	}
	// Like common OAuth servers, only a form body is read; a JSON body reads as "no parameters".
	const form = isFormContentType(ctx.headers) ? parseForm(ctx.bodyText) : {};

	let clientId = form.client_id;
	let clientSecret = form.client_secret;
	const authorization = headerValue(ctx.headers, 'authorization') ?? '';
	const basic = /^basic\s+(\S+)\s*$/i.exec(authorization);
	if (basic) {
		const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
		const colon = decoded.indexOf(':');
		if (colon >= 0) {
			// RFC 6749 §2.3.1: both parts are form-encoded before base64.
			clientId = decodeFormComponent(decoded.slice(0, colon));
			clientSecret = decodeFormComponent(decoded.slice(colon + 1));
		}
	}
	ctx.entry.auth = { scheme: basic ? 'basic' : null, ...(clientId ? { clientId } : {}) };

	if (form.grant_type !== 'client_credentials') {
		return oauthError(
			400,
			'unsupported_grant_type',
			'The authorization grant type is not supported by the authorization server.',
		);
	}

	const client = CLIENTS.find((c) => c.clientId === clientId);
	if (!client || clientSecret === undefined || !safeEqual(client.clientSecret, clientSecret)) {
		return oauthError(
			401,
			'invalid_client',
			'Client authentication failed',
			basic ? { 'WWW-Authenticate': 'Basic realm="OAuth"' } : undefined,
		);
	}

	const requested = [...new Set((form.scope ?? '').split(/[\s+]+/).filter((s) => s !== ''))];
	if (requested.some((scope) => !client.scopes.includes(scope))) {
		return oauthError(
			400,
			'invalid_scope',
			'The requested scope is invalid, unknown, or malformed',
		);
	}
	const granted = requested.length > 0 ? requested : [...client.scopes];
	const { accessToken, record } = ctx.state.issueToken(client.clientId, granted);
	ctx.entry.auth = { ...ctx.entry.auth, tokenId: record.id };
	return json(
		200,
		{
			token_type: 'Bearer',
			expires_in: Math.floor(ctx.state.config.tokenTtlSeconds),
			access_token: accessToken,
			scope: granted.join(' '),
		},
		{ 'Cache-Control': 'no-store' },
	);
}
