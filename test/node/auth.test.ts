import { LIMITED_CLIENT, SEED_ORDER_IDS as IDS } from '../emulator';
import {
	apiKeyCredential,
	createFixture,
	oauthCredential,
	secretsOf,
	type KornitxFixture,
} from '../support/kornitx';

const dispatch = { resource: 'order', operation: 'updateStatus', identifyBy: 'id', status: 8 };

describe('OAuth2 client credentials through n8n', () => {
	let f: KornitxFixture;
	beforeEach(async () => (f = await createFixture()));
	afterEach(async () => await f.close());

	it('fetches one token with the configured scopes and reuses it on the next run', async () => {
		await f.run({ ...dispatch, orderId: String(IDS.inProduction) });
		await f.run({ ...dispatch, orderId: String(IDS.pendingDispatch) });
		expect(f.tokenRequests()).toBe(1);
		const token = f.emulator.log.find((entry) => entry.api === 'token')!;
		expect(token.body).toMatchObject({
			grant_type: 'client_credentials',
			client_id: 'kornitx-dev-client',
		});
		expect(String((token.body as Record<string, string>).scope).split(' ')).toHaveLength(5);
	});

	it('fetches a single token for a run of many concurrent items', async () => {
		f.emulator.seedBulk(30, 1, 4);
		const ids = [...f.emulator.orders.keys()].filter((id) => id >= 50_000_001);
		const { output } = await f.run(
			{ ...dispatch, orderId: '={{ $json.id }}', options: { concurrency: 10 } },
			{ input: ids.map((id) => ({ id })) },
		);
		expect(output.every((item) => item.json.success === true)).toBe(true);
		expect(f.tokenRequests()).toBe(1);
		expect(f.emulator.counters.peakConcurrent).toBeLessThanOrEqual(10);
	});

	it('gets a fresh token when the old one expires mid-run and retries that call once', async () => {
		f.emulator.configure({ expireTokensAfterRequests: 2 });
		const input = [IDS.inProduction, IDS.pendingDispatch, IDS.docExample].map((id) => ({ id }));
		const { output, error } = await f.run(
			{ ...dispatch, orderId: '={{ $json.id }}', options: { concurrency: 1 } },
			{ input },
		);
		expect(error).toBeUndefined();
		expect(output.map((item) => item.json.success)).toEqual([true, true, true]);
		expect(f.tokenRequests()).toBe(2);
		const puts = f.apiCalls().filter((call) => call.method === 'PUT');
		expect(puts.map((call) => call.status)).toEqual([200, 200, 401, 200]);
	});

	it('names the refused scope when the token request is refused', async () => {
		f.useOAuth({ clientId: LIMITED_CLIENT.clientId, clientSecret: LIMITED_CLIENT.clientSecret });
		const { error } = await f.run({ ...dispatch, orderId: String(IDS.inProduction) });
		expect(error?.message).toBe(
			'KornitX refused the scope order-it.order-manager.edit order-it.order-manager.view export-api.order-item-details when issuing a token',
		);
		expect(error?.description).toContain(
			"Remove order-it.order-manager.edit order-it.order-manager.view export-api.order-item-details from the credential's Scope field",
		);
		expect(f.apiCalls()).toHaveLength(0);
	});

	it('works with a trimmed scope list', async () => {
		f.useOAuth({
			clientId: LIMITED_CLIENT.clientId,
			clientSecret: LIMITED_CLIENT.clientSecret,
			scope: 'api-sl-2-3.order-status.update',
		});
		const { output } = await f.run({ ...dispatch, orderId: String(IDS.inProduction) });
		expect(output[0].json.success).toBe(true);
	});

	it('says the client is wrong without echoing the secret', async () => {
		f.useOAuth({ clientSecret: 'not-the-secret' });
		const { error } = await f.run({ ...dispatch, orderId: String(IDS.inProduction) });
		expect(error?.message).toBe('KornitX did not accept the Client ID and Client Secret');
		expect(JSON.stringify([error, error?.description])).not.toContain('not-the-secret');
	});

	it('says which host is unreachable', async () => {
		f.useOAuth({ restBaseUrl: 'http://127.0.0.1:9/kx' });
		const { error } = await f.run({ ...dispatch, orderId: String(IDS.inProduction) });
		expect(error?.message).toBe('Could not reach KornitX (connection refused)');
		expect(error?.description).toContain('ECONNREFUSED');
		expect(error?.description).toContain('http://127.0.0.1:9/kx/order/');
	});

	it('keeps secrets out of every output and error', async () => {
		const runs = [
			await f.run({ ...dispatch, orderId: String(IDS.inProduction) }),
			await f.run({ ...dispatch, orderId: String(IDS.received) }, { continueOnFail: true }),
			await f.run({ ...dispatch, orderId: String(IDS.received) }),
		];
		const text = JSON.stringify(runs.map((run) => [run.output, run.error, run.error?.description]));
		const secrets = secretsOf(f);
		expect(secrets.length).toBeGreaterThan(2);
		for (const secret of secrets) expect(text).not.toContain(secret);
	});
});

describe('Testing credentials in the editor', () => {
	let f: KornitxFixture;
	beforeAll(async () => (f = await createFixture()));
	afterAll(async () => await f.close());

	// n8n saves a credential before testing it; the test then reads it by ID like a node would.
	let saved = 0;
	const test = async (type: string, data: Record<string, unknown>) => {
		const id = `saved-${++saved}`;
		f.harness.setCredential(type, id, data as never, id);
		return await f.harness.testCredentials(type, data as never, { id, name: id });
	};

	it('passes for a working OAuth2 credential', async () => {
		const result = await test('kornitxOAuth2Api', oauthCredential(f.emulator));
		expect(result).toEqual({ status: 'OK', message: 'Connection successful!' });
	});

	it('fails with a readable reason for a wrong secret', async () => {
		const result = await test(
			'kornitxOAuth2Api',
			oauthCredential(f.emulator, { clientSecret: 'nope' }),
		);
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/client/i);
	});

	it('fails when a requested scope is not granted', async () => {
		const result = await test(
			'kornitxOAuth2Api',
			oauthCredential(f.emulator, {
				clientId: LIMITED_CLIENT.clientId,
				clientSecret: LIMITED_CLIENT.clientSecret,
			}),
		);
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/scope/i);
	});

	it('passes for a working API key and fails for a wrong one', async () => {
		expect(await test('kornitxApi', apiKeyCredential(f.emulator))).toEqual({
			status: 'OK',
			message: 'Connection successful!',
		});
		const bad = await test('kornitxApi', apiKeyCredential(f.emulator, { apiKey: 'wrong' }));
		expect(bad).toEqual({
			status: 'Error',
			message: expect.stringContaining('did not accept the company reference ID and API key'),
		});
		const base64 = await test(
			'kornitxApi',
			apiKeyCredential(f.emulator, { headerFormat: 'base64' }),
		);
		expect(base64.status).toBe('OK');
	});
});
