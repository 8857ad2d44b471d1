import { NodeHelpers, type INodeParameters } from 'n8n-workflow';

import { KornitxOAuth2Api } from '../../credentials/KornitxOAuth2Api.credentials';
import { PRODUCTION_URLS } from '../../nodes/Kornitx/helpers/constants';

/**
 * n8n applies a credential type's defaults with NodeHelpers.getNodeParameters(properties, stored,
 * returnDefaults=true, returnNoneDisplayed=false) before resolving expressions, on every request.
 */
function withDefaults(stored: INodeParameters): INodeParameters {
	return (
		NodeHelpers.getNodeParameters(
			new KornitxOAuth2Api().properties,
			stored,
			true,
			false,
			null,
			null,
		) ?? {}
	);
}

describe('KornitX OAuth2 credential: Access Token URL', () => {
	it('is the production token URL as a plain value for the production environment (nothing to evaluate per request)', () => {
		const data = withDefaults({
			environment: 'production',
			clientId: 'id',
			clientSecret: 'secret',
		});
		expect(data.accessTokenUrl).toBe(PRODUCTION_URLS.token);
	});

	it('is the production token URL when the environment was never set (its default)', () => {
		expect(withDefaults({ clientId: 'id' }).accessTokenUrl).toBe(PRODUCTION_URLS.token);
	});

	it('follows the Token URL field for the custom environment, and production ignores that field', () => {
		expect(
			withDefaults({ environment: 'custom', tokenUrl: 'http://127.0.0.1:9/token' }).accessTokenUrl,
		).toBe('={{$self["tokenUrl"]}}');
		const production = withDefaults({
			environment: 'production',
			tokenUrl: 'http://127.0.0.1:9/token',
		});
		expect(production.accessTokenUrl).toBe(PRODUCTION_URLS.token);
		expect(production.tokenUrl).toBeUndefined();
	});
});
