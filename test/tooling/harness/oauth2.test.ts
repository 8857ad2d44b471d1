/**
 * Pins down n8n-core 2.41.1's OAuth2 behaviour that our transport relies on (see
 * test/harness/OAUTH2_NOTES.md), through the harness with the fixture types and server.
 */
import type { IDataObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { fixtureWorkflow, form, useHarness } from './setup';

const env = useHarness();
const { server, oauthCredential } = env;

describe('OAuth2 client credentials through n8n-core requestOAuth2', () => {
	it('fetches a token once, stores it via updateCredentialsOauthTokenData and reuses it in the next run', async () => {
		const first = await env.harness.runWorkflow({
			...fixtureWorkflow(),
			input: [{ id: '1' }, { id: '2' }],
		});
		expect(first.error).toBeUndefined();

		expect(server.tokenRequests).toHaveLength(1);
		const tokenRequest = server.tokenRequests[0];
		expect(tokenRequest.method).toBe('POST');
		expect(tokenRequest.headers['content-type']).toContain('application/x-www-form-urlencoded');
		expect(tokenRequest.headers.authorization).toBeUndefined(); // authentication: body
		expect(form(tokenRequest)).toEqual({
			grant_type: 'client_credentials',
			client_id: 'client-123',
			client_secret: 'shh-secret',
			scope: 'orders:read orders:write',
		});
		expect(server.apiRequests.map((r) => r.headers.authorization)).toEqual([
			'Bearer tok-1',
			'Bearer tok-1',
		]);

		expect(env.harness.credentialWrites.map((w) => [w.kind, w.id, w.type])).toEqual([
			['updateCredentialsOauthTokenData', 'oauth-1', 'fixtureOAuth2Api'],
		]);
		const stored = env.harness.getCredential('oauth-1');
		expect(stored).toMatchObject({
			...oauthCredential(),
			oauthTokenData: { access_token: 'tok-1', token_type: 'Bearer', expires_in: 3600 },
		});
		// n8n-core adds an absolute expiry
		const expiresAt = Number((stored.oauthTokenData as IDataObject).n8n_expires_at);
		expect(expiresAt).toBeGreaterThan(Date.now() + 3500_000);

		const second = await env.harness.runWorkflow({ ...fixtureWorkflow(), input: [{ id: '3' }] });
		expect(second.error).toBeUndefined();
		expect(server.tokenRequests).toHaveLength(1);
		expect(server.apiRequests.at(-1)?.headers.authorization).toBe('Bearer tok-1');
		expect(env.harness.credentialWrites).toHaveLength(1);
	});

	it('on 401 fetches a NEW client-credentials token (no refresh_token needed), persists it and retries once', async () => {
		await env.harness.runWorkflow({ ...fixtureWorkflow(), input: [{ id: '1' }] });
		server.validTokens.clear(); // server-side expiry/revocation of tok-1

		const run = await env.harness.runWorkflow({
			...fixtureWorkflow(),
			input: [{ id: '2' }, { id: '3' }],
		});
		expect(run.error).toBeUndefined();
		expect(run.output('Fixture').map((i) => i.json.token)).toEqual(['tok-2', 'tok-2']);
		expect(server.tokenRequests).toHaveLength(2);
		expect(form(server.tokenRequests[1]).grant_type).toBe('client_credentials');
		expect(server.apiRequests.map((r) => r.headers.authorization)).toEqual([
			'Bearer tok-1', // run 1
			'Bearer tok-1', // run 2 item 0 -> 401
			'Bearer tok-2', // retry
			'Bearer tok-2', // item 1 reads the persisted token
		]);
		expect(env.harness.credentialWrites.map((w) => w.kind)).toEqual([
			'updateCredentialsOauthTokenData',
			'updateCredentialsOauthTokenData',
		]);
		expect((env.harness.getCredential('oauth-1').oauthTokenData as IDataObject).access_token).toBe(
			'tok-2',
		);
	});

	it('retries only once: a second 401 surfaces as NodeApiError with httpCode 401', async () => {
		server.invalidTokenStatus = 401;
		env.harness.setCredential('fixtureOAuth2Api', 'oauth-1', {
			...oauthCredential(),
			oauthTokenData: { access_token: 'stale', token_type: 'Bearer' },
		});
		server.issuedTokensAreValid = false;
		const run = await env.harness.runWorkflow({ ...fixtureWorkflow(), input: [{ id: '1' }] });
		expect(server.tokenRequests).toHaveLength(1);
		expect(server.apiRequests.map((r) => r.headers.authorization)).toEqual([
			'Bearer stale',
			'Bearer tok-1',
		]);
		const error = run.nodeError('Fixture');
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error).toMatchObject({
			httpCode: '401',
			name: 'NodeApiError',
			description: 'token invalid or expired',
		});
		expect(run.error?.message).toBe(error?.message);
		// the refetched (still rejected) token was persisted anyway
		expect((env.harness.getCredential('oauth-1').oauthTokenData as IDataObject).access_token).toBe(
			'tok-1',
		);
	});

	it('does not refresh on 403 (default tokenExpiredStatusCode is 401)', async () => {
		server.invalidTokenStatus = 403;
		env.harness.setCredential('fixtureOAuth2Api', 'oauth-1', {
			...oauthCredential(),
			oauthTokenData: { access_token: 'stale', token_type: 'Bearer' },
		});
		const run = await env.harness.runWorkflow({ ...fixtureWorkflow(), input: [{ id: '1' }] });
		expect(server.tokenRequests).toHaveLength(0);
		expect(run.nodeError('Fixture')).toMatchObject({ httpCode: '403' });
	});

	it('refreshes on 403 when the node passes oauth2.tokenExpiredStatusCode', async () => {
		server.invalidTokenStatus = 403;
		env.harness.setCredential('fixtureOAuth2Api', 'oauth-1', {
			...oauthCredential(),
			oauthTokenData: { access_token: 'stale', token_type: 'Bearer' },
		});
		const run = await env.harness.runWorkflow({
			...fixtureWorkflow({ expiredStatus: 403 }),
			input: [{ id: '1' }],
		});
		expect(run.error).toBeUndefined();
		expect(server.tokenRequests).toHaveLength(1);
		expect(server.apiRequests.map((r) => r.headers.authorization)).toEqual([
			'Bearer stale',
			'Bearer tok-1',
		]);
	});

	it('ignoreHttpStatusErrors hides the 401 from n8n-core: no refetch, the 401 response is returned', async () => {
		env.harness.setCredential('fixtureOAuth2Api', 'oauth-1', {
			...oauthCredential(),
			oauthTokenData: { access_token: 'stale', token_type: 'Bearer' },
		});
		const run = await env.harness.runWorkflow({
			...fixtureWorkflow({ ignoreHttpStatusErrors: true }),
			input: [{ id: '1' }],
		});
		expect(run.error).toBeUndefined();
		expect(server.tokenRequests).toHaveLength(0);
		expect(run.output('Fixture')[0].json).toMatchObject({
			statusCode: 401,
			body: { code: 'E_TOKEN' },
		});
	});

	it('helpers.refreshOAuth2Token forces a client-credentials refetch before any request', async () => {
		await env.harness.runWorkflow({ ...fixtureWorkflow(), input: [{ id: '1' }] });
		const run = await env.harness.runWorkflow({
			...fixtureWorkflow({ refreshFirst: true }),
			input: [{ id: '2' }],
		});
		expect(run.error).toBeUndefined();
		expect(server.tokenRequests).toHaveLength(2);
		expect(server.apiRequests.map((r) => r.headers.authorization)).toEqual([
			'Bearer tok-1',
			'Bearer tok-2',
		]);
		expect((env.harness.getCredential('oauth-1').oauthTokenData as IDataObject).access_token).toBe(
			'tok-2',
		);
	});

	it('does not refresh proactively: an expired n8n_expires_at is still sent until the API says 401', async () => {
		server.validTokens.add('old-but-accepted');
		env.harness.setCredential('fixtureOAuth2Api', 'oauth-1', {
			...oauthCredential(),
			oauthTokenData: {
				access_token: 'old-but-accepted',
				token_type: 'Bearer',
				expires_in: 60,
				n8n_expires_at: String(Date.now() - 3600_000),
			},
		});
		const run = await env.harness.runWorkflow({ ...fixtureWorkflow(), input: [{ id: '1' }] });
		expect(run.error).toBeUndefined();
		expect(server.tokenRequests).toHaveLength(0);
		expect(server.apiRequests[0].headers.authorization).toBe('Bearer old-but-accepted');
	});

	it('parallel requests without a stored token each fetch their own token (initial fetch is not single-flight)', async () => {
		server.tokenDelayMs = 20;
		const run = await env.harness.runWorkflow({
			...fixtureWorkflow({ parallel: true }),
			input: [{ id: '1' }, { id: '2' }, { id: '3' }],
		});
		expect(run.error).toBeUndefined();
		expect(server.tokenRequests).toHaveLength(3);
		expect(env.harness.credentialWrites).toHaveLength(3);
	});

	it('parallel 401s share ONE token refetch (refresh is single-flight per credential id)', async () => {
		await env.harness.runWorkflow({ ...fixtureWorkflow(), input: [{ id: '0' }] });
		server.validTokens.clear();
		server.tokenDelayMs = 20;
		const run = await env.harness.runWorkflow({
			...fixtureWorkflow({ parallel: true }),
			input: [{ id: '1' }, { id: '2' }, { id: '3' }],
		});
		expect(run.error).toBeUndefined();
		expect(server.tokenRequests).toHaveLength(2); // initial + one shared refetch
		expect(run.output('Fixture').map((i) => i.json.token)).toEqual(['tok-2', 'tok-2', 'tok-2']);
	});

	it('a failing refetch after 401 surfaces as NodeApiError and keeps the old token stored', async () => {
		await env.harness.runWorkflow({ ...fixtureWorkflow(), input: [{ id: '1' }] });
		server.validTokens.clear();
		server.tokenStatus = 401; // token endpoint answers {"error":"invalid_client"}
		const run = await env.harness.runWorkflow({ ...fixtureWorkflow(), input: [{ id: '2' }] });
		const error = run.nodeError('Fixture');
		expect(error).toBeInstanceOf(NodeApiError);
		// @n8n/client-oauth2 maps the OAuth error code; NodeApiError keeps its code as httpCode
		expect(error).toMatchObject({
			httpCode: 'EAUTH',
			message: expect.stringContaining('Client authentication failed') as unknown,
		});
		expect(server.tokenRequests).toHaveLength(2);
		expect((env.harness.getCredential('oauth-1').oauthTokenData as IDataObject).access_token).toBe(
			'tok-1',
		);
	});

	it('a failing token endpoint surfaces as NodeApiError wrapping "Failed to acquire OAuth2 access token"', async () => {
		server.tokenStatus = 401;
		const run = await env.harness.runWorkflow({ ...fixtureWorkflow(), input: [{ id: '1' }] });
		const error = run.nodeError('Fixture');
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error?.message).toContain('Failed to acquire OAuth2 access token');
		expect(server.apiRequests).toHaveLength(0);
		expect(env.harness.credentialWrites).toHaveLength(0);
	});

	it('ignores a stored value for a hidden accessTokenUrl (CLI pins hidden OAuth fields to the type)', async () => {
		env.harness.setCredential('fixtureOAuth2Api', 'oauth-1', {
			...oauthCredential(),
			accessTokenUrl: 'http://127.0.0.1:1/never-used',
		});
		const run = await env.harness.runWorkflow({ ...fixtureWorkflow(), input: [{ id: '1' }] });
		expect(run.error).toBeUndefined();
		expect(server.tokenRequests).toHaveLength(1);
	});
});
