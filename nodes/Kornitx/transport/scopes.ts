import type { IDataObject } from 'n8n-workflow';

import type { Connection, KornitxContext } from './connection';

const diagnoses = new WeakMap<object, Promise<string | undefined>>();

/**
 * KornitX (like most OAuth servers) refuses a whole token request with `invalid_scope` when any
 * requested scope is not granted, without saying which. This asks for each scope alone and
 * returns the refused ones. Runs at most once per execution. The calls go to the token endpoint
 * itself — they are the authentication, not API calls — so they use the plain request helper.
 */
export async function findRefusedScopes(
	ctx: KornitxContext,
	connection: Connection,
): Promise<string | undefined> {
	const cached = diagnoses.get(ctx);
	if (cached) return await cached;
	const promise = probeScopes(ctx, connection);
	diagnoses.set(ctx, promise);
	return await promise;
}

async function probeScopes(
	ctx: KornitxContext,
	connection: Connection,
): Promise<string | undefined> {
	if (!connection.oauth) return undefined;
	const { clientId, clientSecret, scope } = connection.oauth;
	const scopes = scope.split(/\s+/).filter(Boolean);
	const refused: string[] = [];
	for (const candidate of scopes) {
		try {
			const reply = (await ctx.helpers.httpRequest({
				method: 'POST',
				url: connection.tokenUrl,
				headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
				body: new URLSearchParams({
					grant_type: 'client_credentials',
					client_id: clientId,
					client_secret: clientSecret,
					scope: candidate,
				}).toString(),
				ignoreHttpStatusErrors: true,
				json: true,
			})) as IDataObject | string;
			const error = typeof reply === 'object' && reply !== null ? reply.error : undefined;
			if (error === 'invalid_scope') refused.push(candidate);
			else if (error !== undefined) return undefined; // a different problem: the caller reports it
		} catch {
			return undefined; // the token endpoint is unreachable: the caller's own message says so
		}
	}
	return refused.length ? refused.join(' ') : undefined;
}
