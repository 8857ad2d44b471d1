import type { IDataObject, IExecuteFunctions, IPollFunctions } from 'n8n-workflow';

import { PRODUCTION_URLS } from '../helpers/constants';

export type KornitxContext = IExecuteFunctions | IPollFunctions;

export type Authentication = 'oAuth2' | 'apiKey';

export interface Connection {
	authentication: Authentication;
	credentialType: 'kornitxOAuth2Api' | 'kornitxApi';
	/** v2.3 REST base (OAuth2) or the v2.2 base (API key); "/order/..." is appended. */
	restBaseUrl: string;
	graphqlUrl: string;
	exportUrl: string;
	tokenUrl: string;
	/** Only for naming refused scopes when a token request fails; never logged or returned. */
	oauth?: { clientId: string; clientSecret: string; scope: string };
}

function pick(credentials: IDataObject, field: string, fallback: string): string {
	const value = credentials[field];
	return typeof value === 'string' && value.trim() !== '' ? value.trim() : fallback;
}

/** Reads the credential once and works out the hosts in effect. */
export async function getConnection(
	ctx: KornitxContext,
	authentication: Authentication,
): Promise<Connection> {
	if (authentication === 'apiKey') {
		const credentials = await ctx.getCredentials('kornitxApi');
		return {
			authentication,
			credentialType: 'kornitxApi',
			restBaseUrl: pick(credentials, 'baseUrl', PRODUCTION_URLS.restV22),
			graphqlUrl: PRODUCTION_URLS.graphql,
			exportUrl: PRODUCTION_URLS.export,
			tokenUrl: PRODUCTION_URLS.token,
		};
	}
	const credentials = await ctx.getCredentials('kornitxOAuth2Api');
	const custom = credentials.environment === 'custom';
	const url = (field: string, production: string) =>
		custom ? pick(credentials, field, production) : production;
	return {
		authentication,
		credentialType: 'kornitxOAuth2Api',
		restBaseUrl: url('restBaseUrl', PRODUCTION_URLS.rest),
		graphqlUrl: url('graphqlUrl', PRODUCTION_URLS.graphql),
		exportUrl: url('exportUrl', PRODUCTION_URLS.export),
		tokenUrl: url('tokenUrl', PRODUCTION_URLS.token),
		oauth: {
			clientId: String(credentials.clientId ?? ''),
			clientSecret: String(credentials.clientSecret ?? ''),
			scope: String(credentials.scope ?? ''),
		},
	};
}
