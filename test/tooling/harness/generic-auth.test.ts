import { useHarness } from './setup';

const env = useHarness();
const { server, oauthCredential } = env;

describe('generic authenticate credentials', () => {
	it('applies headers and qs from IAuthenticateGeneric on httpRequestWithAuthentication', async () => {
		env.harness.setCredential('fixtureApi', 'key-1', {
			baseUrl: server.baseUrl,
			apiKey: 'secret-key',
		});
		const { output, error } = await env.harness.runNode({
			type: 'fixture',
			parameters: { authentication: 'apiKey', path: '={{ "/key/" + $json.id }}' },
			input: [{ id: 'k1' }],
		});
		expect(error).toBeUndefined();
		expect(output[0].json).toMatchObject({ ok: true, tenant: 'acme' });
		expect(server.apiRequests[0].headers['x-api-key']).toBe('secret-key');
		expect(server.apiRequests[0].path).toBe('/key/k1?tenant=acme');
		expect(server.tokenRequests).toHaveLength(0);
	});

	it('credentialTest runs methods.credentialTest with n8n-core CredentialTestContext (defaults applied)', async () => {
		const ok = await env.harness.credentialTest('fixture', 'fixtureApiTest', {
			baseUrl: server.baseUrl,
			apiKey: 'secret-key',
		});
		expect(ok).toEqual({ status: 'OK', message: 'Connection successful (tenant acme)' });
		const bad = await env.harness.credentialTest('fixture', 'fixtureApiTest', {
			baseUrl: server.baseUrl,
			apiKey: 'wrong',
		});
		expect(bad.status).toBe('Error');
		expect(bad.message).toContain('403');
	});

	it('testCredentials mirrors the n8n UI test: OAuth2 types only check for an access token', async () => {
		const withoutToken = await env.harness.testCredentials('fixtureOAuth2Api', oauthCredential());
		expect(withoutToken.status).toBe('Error');
		const withToken = await env.harness.testCredentials('fixtureOAuth2Api', {
			...oauthCredential(),
			oauthTokenData: { access_token: 'x' },
		});
		expect(withToken.status).toBe('OK');
		expect(server.tokenRequests).toHaveLength(0);
		const apiKey = await env.harness.testCredentials('fixtureApi', {
			baseUrl: server.baseUrl,
			apiKey: 'secret-key',
		});
		expect(apiKey).toEqual({ status: 'OK', message: 'Connection successful (tenant acme)' });
	});

	it('testCredentials runs a declarative credential `test` request through RoutingNode', async () => {
		const ok = await env.harness.testCredentials('fixtureTestedApi', {
			baseUrl: server.baseUrl,
			apiKey: 'secret-key',
		});
		expect(ok).toEqual({ status: 'OK', message: 'Connection successful!' });
		expect(server.apiRequests[0].path).toBe('/key/check?tenant=acme');
		expect(server.apiRequests[0].headers['x-api-key']).toBe('secret-key');
		const bad = await env.harness.testCredentials('fixtureTestedApi', {
			baseUrl: server.baseUrl,
			apiKey: 'nope',
		});
		expect(bad).toEqual({ status: 'Error', message: 'Wrong API key' });
	});
});
