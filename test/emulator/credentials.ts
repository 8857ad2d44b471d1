/**
 * Credential data that points the package's credentials at an emulator: the one place that
 * knows which client, key and URLs go where (dev server, jest fixture, e2e, examples, bench).
 */
import { ALL_SCOPES, DEV_API_KEY, DEV_CLIENT } from './constants';
import type { KornitxEmulator } from './types';

type Urls = Pick<KornitxEmulator['urls'], 'token' | 'rest' | 'restV22' | 'graphql' | 'export'>;

/**
 * `kornitxOAuth2Api` data: the dev client with every scope, Custom environment on the emulator.
 * Only public fields: the hidden ones (grant type, token URL, body authentication) come from the
 * credential type's defaults, as they do for a user.
 */
export function oauthCredentialData(
	urls: Urls,
	overrides: Record<string, unknown> = {},
): Record<string, unknown> {
	return {
		clientId: DEV_CLIENT.clientId,
		clientSecret: DEV_CLIENT.clientSecret,
		scope: ALL_SCOPES.join(' '),
		environment: 'custom',
		tokenUrl: urls.token,
		restBaseUrl: urls.rest,
		graphqlUrl: urls.graphql,
		exportUrl: urls.export,
		...overrides,
	};
}

/** `kornitxApi` data: the dev company ref and key on the emulator's v2.2 base. */
export function apiKeyCredentialData(
	urls: Urls,
	overrides: Record<string, unknown> = {},
): Record<string, unknown> {
	return {
		companyRefId: DEV_API_KEY.companyRefId,
		apiKey: DEV_API_KEY.apiKey,
		baseUrl: urls.restV22,
		headerFormat: 'raw',
		...overrides,
	};
}
