/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- test tooling, never shipped in dist */
/**
 * Proves the in-process n8n harness (test/harness) with fixture node/credential types and a
 * local token + API server. Also pins down n8n-core 2.41.1's OAuth2 behaviour that our
 * transport relies on (see test/harness/OAUTH2_NOTES.md).
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type {
	ICredentialDataDecryptedObject,
	ICredentialTestFunctions,
	ICredentialType,
	ICredentialsDecrypted,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	INodeCredentialTestResult,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';
import { Expression, NodeApiError, NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { createHarness, getActiveExpressionEngine, type Harness } from '../harness';

// ---------------------------------------------------------------------------------------------
// Local fixture server: OAuth2 token endpoint + a tiny API
// ---------------------------------------------------------------------------------------------

interface Recorded {
	method: string;
	path: string;
	headers: http.IncomingHttpHeaders;
	body: string;
	remoteAddress?: string;
}

class FixtureServer {
	readonly tokenRequests: Recorded[] = [];
	readonly apiRequests: Recorded[] = [];
	readonly validTokens = new Set<string>();
	/** status returned for a bad token */
	invalidTokenStatus = 401;
	tokenStatus = 200;
	/** when false, issued tokens are rejected by the API right away */
	issuedTokensAreValid = true;
	tokenExpiresIn = 3600;
	/** delay (ms) before answering the token endpoint */
	tokenDelayMs = 0;
	events: IDataObject[] = [];
	private tokenCounter = 0;
	private server?: http.Server;
	baseUrl = '';

	async start(): Promise<void> {
		this.server = http.createServer((req, res) => {
			let body = '';
			req.on('data', (chunk: Buffer) => (body += chunk.toString()));
			req.on('end', () => {
				void this.handle(req, res, body);
			});
		});
		await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
		const { port } = this.server.address() as AddressInfo;
		this.baseUrl = `http://127.0.0.1:${port}`;
	}

	async stop(): Promise<void> {
		await new Promise<void>((resolve) => this.server?.close(() => resolve()));
	}

	reset(): void {
		this.tokenRequests.length = 0;
		this.apiRequests.length = 0;
		this.validTokens.clear();
		this.invalidTokenStatus = 401;
		this.tokenStatus = 200;
		this.issuedTokensAreValid = true;
		this.tokenExpiresIn = 3600;
		this.tokenDelayMs = 0;
		this.events = [];
		this.tokenCounter = 0;
	}

	private send(res: http.ServerResponse, status: number, payload: unknown) {
		res.writeHead(status, { 'content-type': 'application/json' });
		res.end(JSON.stringify(payload));
	}

	private async handle(req: http.IncomingMessage, res: http.ServerResponse, body: string) {
		const url = new URL(req.url ?? '/', this.baseUrl);
		const record: Recorded = {
			method: req.method ?? '',
			path: url.pathname + url.search,
			headers: req.headers,
			body,
			remoteAddress: req.socket.remoteAddress,
		};
		if (url.pathname === '/oauth/token') {
			this.tokenRequests.push(record);
			if (this.tokenDelayMs) await new Promise((r) => setTimeout(r, this.tokenDelayMs));
			if (this.tokenStatus !== 200) {
				return this.send(res, this.tokenStatus, {
					error: 'invalid_client',
					error_description: 'bad client',
				});
			}
			const token = `tok-${++this.tokenCounter}`;
			if (this.issuedTokensAreValid) this.validTokens.add(token);
			return this.send(res, 200, {
				access_token: token,
				token_type: 'Bearer',
				expires_in: this.tokenExpiresIn,
			});
		}
		this.apiRequests.push(record);
		if (url.pathname.startsWith('/key/')) {
			if (req.headers['x-api-key'] !== 'secret-key')
				return this.send(res, 403, { message: 'bad key' });
			return this.send(res, 200, { ok: true, tenant: url.searchParams.get('tenant') });
		}
		const auth = req.headers.authorization ?? '';
		const token = auth.replace(/^Bearer /, '');
		if (!this.validTokens.has(token)) {
			return this.send(res, this.invalidTokenStatus, {
				message: 'token invalid or expired',
				code: 'E_TOKEN',
			});
		}
		if (url.pathname === '/api/events') {
			const since = Number(url.searchParams.get('since') ?? 0);
			return this.send(
				res,
				200,
				this.events.filter((e) => Number(e.id) > since),
			);
		}
		const match = /^\/api\/items\/(\w+)$/.exec(url.pathname);
		if (match) {
			if (match[1] === 'missing') {
				return this.send(res, 404, { message: 'Item not found', code: 'E_NOT_FOUND' });
			}
			return this.send(res, 200, { id: match[1], token });
		}
		return this.send(res, 404, { message: 'no route' });
	}
}

// ---------------------------------------------------------------------------------------------
// Fixture credential and node types
// ---------------------------------------------------------------------------------------------

const fixtureOAuth2Api: ICredentialType = {
	name: 'fixtureOAuth2Api',
	displayName: 'Fixture OAuth2 API',
	extends: ['oAuth2Api'],
	properties: [
		{ displayName: 'Base URL', name: 'baseUrl', type: 'string', default: '' },
		{ displayName: 'Grant Type', name: 'grantType', type: 'hidden', default: 'clientCredentials' },
		{
			displayName: 'Access Token URL',
			name: 'accessTokenUrl',
			type: 'hidden',
			default: '={{$self["baseUrl"]}}/oauth/token',
		},
		{ displayName: 'Scope', name: 'scope', type: 'hidden', default: 'orders:read orders:write' },
		{ displayName: 'Authentication', name: 'authentication', type: 'hidden', default: 'body' },
	],
};

const fixtureApi: ICredentialType = {
	name: 'fixtureApi',
	displayName: 'Fixture API Key',
	properties: [
		{ displayName: 'Base URL', name: 'baseUrl', type: 'string', default: '' },
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
		},
		{ displayName: 'Tenant', name: 'tenant', type: 'string', default: 'acme' },
	],
	authenticate: {
		type: 'generic',
		properties: {
			headers: { 'X-API-KEY': '={{$credentials.apiKey}}' },
			qs: { tenant: '={{$credentials.tenant}}' },
		},
	},
};

/** Same auth, but with a declarative `test` request (what the credential modal runs). */
const fixtureTestedApi: ICredentialType = {
	...fixtureApi,
	name: 'fixtureTestedApi',
	displayName: 'Fixture API Key (declarative test)',
	test: {
		request: { baseURL: '={{$credentials.baseUrl}}', url: '/key/check' },
		rules: [{ type: 'responseCode', properties: { value: 403, message: 'Wrong API key' } }],
	},
};

/** Observations made inside execute(), per run. */
const observed: { continueOnFail: boolean[] } = { continueOnFail: [] };

class FixtureNode implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Fixture',
		name: 'fixture',
		group: ['transform'],
		version: [1, 2],
		description: 'Calls the fixture API per item',
		defaults: { name: 'Fixture' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'fixtureOAuth2Api',
				required: true,
				displayOptions: { show: { authentication: ['oAuth2'] } },
			},
			{
				name: 'fixtureApi',
				required: true,
				displayOptions: { show: { authentication: ['apiKey'] } },
				testedBy: 'fixtureApiTest',
			},
		],
		properties: [
			{
				displayName: 'Authentication',
				name: 'authentication',
				type: 'options',
				options: [
					{ name: 'OAuth2', value: 'oAuth2' },
					{ name: 'API Key', value: 'apiKey' },
				],
				default: 'oAuth2',
			},
			{
				displayName: 'Path',
				name: 'path',
				type: 'string',
				default: '={{ "/api/items/" + $json.id }}',
			},
			{ displayName: 'Throw On ID', name: 'throwOnId', type: 'string', default: '' },
			{ displayName: 'Parallel', name: 'parallel', type: 'boolean', default: false },
			{
				displayName: 'Token Expired Status (oAuth2Options)',
				name: 'expiredStatus',
				type: 'number',
				default: 0,
			},
			{ displayName: 'Refresh First', name: 'refreshFirst', type: 'boolean', default: false },
			{
				displayName: 'Ignore HTTP Status Errors',
				name: 'ignoreHttpStatusErrors',
				type: 'boolean',
				default: false,
			},
			{
				displayName: 'Error Item Shape',
				name: 'errorShape',
				type: 'options',
				options: [
					{ name: 'error + details (n8n convention)', value: 'details' },
					{ name: 'flat extra keys', value: 'flat' },
				],
				default: 'details',
			},
		],
	};

	methods = {
		credentialTest: {
			async fixtureApiTest(
				this: ICredentialTestFunctions,
				credential: ICredentialsDecrypted,
			): Promise<INodeCredentialTestResult> {
				const data = credential.data as ICredentialDataDecryptedObject;
				try {
					// ICredentialTestFunctions only offers the legacy `request` helper
					// eslint-disable-next-line @n8n/community-nodes/no-deprecated-workflow-functions
					await this.helpers.request({
						method: 'GET',
						uri: `${data.baseUrl as string}/key/check`,
						headers: { 'X-API-KEY': data.apiKey as string },
						qs: { tenant: data.tenant },
						json: true,
					});
					return {
						status: 'OK',
						message: `Connection successful (tenant ${data.tenant as string})`,
					};
				} catch (error) {
					return { status: 'Error', message: (error as Error).message };
				}
			},
		},
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		observed.continueOnFail.push(this.continueOnFail());
		const items = this.getInputData();
		const authentication = this.getNodeParameter('authentication', 0) as string;
		const credentialType = authentication === 'apiKey' ? 'fixtureApi' : 'fixtureOAuth2Api';
		const credentials = await this.getCredentials(credentialType);
		const asNodeError = (error: unknown) =>
			error instanceof NodeApiError || error instanceof NodeOperationError
				? error
				: new NodeOperationError(this.getNode(), error as Error);
		const checkItem = (i: number) => {
			const throwOnId = this.getNodeParameter('throwOnId', i) as string;
			if (throwOnId !== '' && String(items[i].json.id) === throwOnId) {
				throw new NodeOperationError(this.getNode(), `Item ${throwOnId} is not allowed`, {
					itemIndex: i,
					description: 'fixture refuses this id',
				});
			}
		};
		const expiredStatus = this.getNodeParameter('expiredStatus', 0) as number;
		const ignoreHttpStatusErrors = this.getNodeParameter('ignoreHttpStatusErrors', 0) as boolean;
		const oauth2 = expiredStatus
			? { oauth2: { tokenExpiredStatusCode: expiredStatus } }
			: undefined;
		if (this.getNodeParameter('refreshFirst', 0) as boolean) {
			await this.helpers.refreshOAuth2Token.call(this, credentialType, oauth2?.oauth2);
		}
		const one = async (i: number): Promise<INodeExecutionData> => {
			const options: IHttpRequestOptions = {
				method: 'GET',
				url: `${credentials.baseUrl as string}${this.getNodeParameter('path', i) as string}`,
				json: true,
				...(ignoreHttpStatusErrors
					? { ignoreHttpStatusErrors: true, returnFullResponse: true }
					: {}),
			};
			const response = (await this.helpers.httpRequestWithAuthentication.call(
				this,
				credentialType,
				options,
				oauth2,
			)) as IDataObject;
			const json = ignoreHttpStatusErrors
				? { statusCode: response.statusCode, body: response.body }
				: response;
			return { json: { ...json, input: items[i].json }, pairedItem: { item: i } };
		};

		if (this.getNodeParameter('parallel', 0) as boolean) {
			// validate everything first so no request is left dangling when one item throws
			items.forEach((_, i) => checkItem(i));
			return [await Promise.all(items.map(async (_, i) => await one(i)))];
		}
		const out: INodeExecutionData[] = [];
		for (let i = 0; i < items.length; i++) {
			try {
				checkItem(i);
				out.push(await one(i));
			} catch (error) {
				if (this.continueOnFail()) {
					const e = error as NodeApiError;
					const details = {
						description: e.description ?? null,
						httpCode: (e as { httpCode?: string | null }).httpCode ?? null,
					};
					const shape = this.getNodeParameter('errorShape', i) as string;
					out.push({
						json:
							shape === 'flat' ? { error: e.message, ...details } : { error: e.message, details },
						pairedItem: { item: i },
					});
					continue;
				}
				throw asNodeError(error);
			}
		}
		return [out];
	}
}

class FixtureTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Fixture Trigger',
		name: 'fixtureTrigger',
		group: ['trigger'],
		version: 1,
		description: 'Polls the fixture API',
		defaults: { name: 'Fixture Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'fixtureOAuth2Api', required: true }],
		properties: [{ displayName: 'Label', name: 'label', type: 'string', default: '' }],
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const staticData = this.getWorkflowStaticData('node');
		const credentials = await this.getCredentials('fixtureOAuth2Api');
		const since = this.getMode() === 'manual' ? 0 : Number(staticData.lastId ?? 0);
		const events = (await this.helpers.httpRequestWithAuthentication.call(
			this,
			'fixtureOAuth2Api',
			{
				method: 'GET',
				url: `${credentials.baseUrl as string}/api/events`,
				qs: { since },
				json: true,
			},
		)) as IDataObject[];
		if (this.getMode() === 'manual') {
			// "Fetch test event": newest event only, cursor untouched
			return events.length ? [this.helpers.returnJsonArray(events.slice(-1))] : null;
		}
		if (!events.length) return null;
		staticData.lastId = Math.max(...events.map((e) => Number(e.id)));
		const label = this.getNodeParameter('label') as string;
		return [this.helpers.returnJsonArray(events.map((e) => ({ ...e, label })))];
	}
}

// ---------------------------------------------------------------------------------------------

const server = new FixtureServer();
let harness: Harness;

const oauthCredential = () => ({
	baseUrl: server.baseUrl,
	clientId: 'client-123',
	clientSecret: 'shh-secret',
});

function newHarness(): Harness {
	const h = createHarness({
		nodeTypes: [new FixtureNode(), new FixtureTrigger()],
		credentialTypes: [fixtureOAuth2Api, fixtureApi, fixtureTestedApi],
	});
	h.setCredential('fixtureOAuth2Api', 'oauth-1', oauthCredential(), 'Fixture OAuth');
	return h;
}

const fixtureWorkflow = (parameters: IDataObject = {}) => ({
	nodes: [
		{
			id: 's',
			name: 'Start',
			type: 'harness.start',
			typeVersion: 1,
			position: [0, 0] as [number, number],
			parameters: {},
		},
		{
			id: 'f',
			name: 'Fixture',
			type: 'fixture',
			typeVersion: 2,
			position: [200, 0] as [number, number],
			parameters: { authentication: 'oAuth2', ...parameters },
			credentials: { fixtureOAuth2Api: { id: 'oauth-1', name: 'Fixture OAuth' } },
		},
	],
	connections: { Start: { main: [[{ node: 'Fixture', type: 'main' as const, index: 0 }]] } },
});

const form = (r: { body: string }) => Object.fromEntries(new URLSearchParams(r.body));

beforeAll(async () => {
	await server.start();
});

afterAll(async () => {
	await server.stop();
});

beforeEach(() => {
	server.reset();
	observed.continueOnFail.length = 0;
	harness = newHarness();
});

afterEach(() => harness.dispose());

describe('workflow execution', () => {
	it('runs Start -> fixture node through WorkflowExecute and keeps pairedItem', async () => {
		const run = await harness.runWorkflow({
			...fixtureWorkflow(),
			input: [{ id: 'a1' }, { id: 'b2' }],
		});

		expect(run.error).toBeUndefined();
		expect(run.status).toBe('success');
		expect(run.executedNodes).toEqual(['Start', 'Fixture']);
		expect(run.output('Start').map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		const out = run.output('Fixture');
		expect(out.map((i) => i.json.id)).toEqual(['a1', 'b2']);
		expect(out.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		// the engine recorded where the items came from
		expect(run.data.data.resultData.runData.Fixture[0].source).toEqual([
			{ previousNode: 'Start', previousNodeOutput: 0, previousNodeRun: 0 },
		]);
	});

	it('a harness created beside another runs on its own and can be disposed', async () => {
		const h = newHarness();
		const run = await h.runWorkflow({ ...fixtureWorkflow(), input: [{ id: 'x' }] });
		h.dispose();
		expect(run.status).toBe('success');
		expect(run.output('Fixture').map((i) => i.json.id)).toEqual(['x']);
		// the first harness is untouched by the second one's run and disposal
		const again = await harness.runWorkflow({ ...fixtureWorkflow(), input: [{ id: 'y' }] });
		expect(again.output('Fixture').map((i) => i.json.id)).toEqual(['y']);
	});

	it('reports unknown node types and missing credentials as workflow errors', async () => {
		const wf = fixtureWorkflow();
		wf.nodes[1].credentials = { fixtureOAuth2Api: { id: 'nope', name: 'x' } };
		const run = await harness.runWorkflow({ ...wf, input: [{ id: '1' }] });
		expect(run.status).toBe('error');
		expect(run.error?.message).toBe(
			'Credential with ID "nope" does not exist for type "fixtureOAuth2Api".',
		);
	});
});

describe('OAuth2 client credentials through n8n-core requestOAuth2', () => {
	it('fetches a token once, stores it via updateCredentialsOauthTokenData and reuses it in the next run', async () => {
		const first = await harness.runWorkflow({
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

		expect(harness.credentialWrites.map((w) => [w.kind, w.id, w.type])).toEqual([
			['updateCredentialsOauthTokenData', 'oauth-1', 'fixtureOAuth2Api'],
		]);
		const stored = harness.getCredential('oauth-1');
		expect(stored).toMatchObject({
			...oauthCredential(),
			oauthTokenData: { access_token: 'tok-1', token_type: 'Bearer', expires_in: 3600 },
		});
		// n8n-core adds an absolute expiry
		const expiresAt = Number((stored.oauthTokenData as IDataObject).n8n_expires_at);
		expect(expiresAt).toBeGreaterThan(Date.now() + 3500_000);

		const second = await harness.runWorkflow({ ...fixtureWorkflow(), input: [{ id: '3' }] });
		expect(second.error).toBeUndefined();
		expect(server.tokenRequests).toHaveLength(1);
		expect(server.apiRequests.at(-1)?.headers.authorization).toBe('Bearer tok-1');
		expect(harness.credentialWrites).toHaveLength(1);
	});

	it('on 401 fetches a NEW client-credentials token (no refresh_token needed), persists it and retries once', async () => {
		await harness.runWorkflow({ ...fixtureWorkflow(), input: [{ id: '1' }] });
		server.validTokens.clear(); // server-side expiry/revocation of tok-1

		const run = await harness.runWorkflow({
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
		expect(harness.credentialWrites.map((w) => w.kind)).toEqual([
			'updateCredentialsOauthTokenData',
			'updateCredentialsOauthTokenData',
		]);
		expect((harness.getCredential('oauth-1').oauthTokenData as IDataObject).access_token).toBe(
			'tok-2',
		);
	});

	it('retries only once: a second 401 surfaces as NodeApiError with httpCode 401', async () => {
		server.invalidTokenStatus = 401;
		harness.setCredential('fixtureOAuth2Api', 'oauth-1', {
			...oauthCredential(),
			oauthTokenData: { access_token: 'stale', token_type: 'Bearer' },
		});
		server.issuedTokensAreValid = false;
		const run = await harness.runWorkflow({ ...fixtureWorkflow(), input: [{ id: '1' }] });
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
		expect((harness.getCredential('oauth-1').oauthTokenData as IDataObject).access_token).toBe(
			'tok-1',
		);
	});

	it('does not refresh on 403 (default tokenExpiredStatusCode is 401)', async () => {
		server.invalidTokenStatus = 403;
		harness.setCredential('fixtureOAuth2Api', 'oauth-1', {
			...oauthCredential(),
			oauthTokenData: { access_token: 'stale', token_type: 'Bearer' },
		});
		const run = await harness.runWorkflow({ ...fixtureWorkflow(), input: [{ id: '1' }] });
		expect(server.tokenRequests).toHaveLength(0);
		expect(run.nodeError('Fixture')).toMatchObject({ httpCode: '403' });
	});

	it('refreshes on 403 when the node passes oauth2.tokenExpiredStatusCode', async () => {
		server.invalidTokenStatus = 403;
		harness.setCredential('fixtureOAuth2Api', 'oauth-1', {
			...oauthCredential(),
			oauthTokenData: { access_token: 'stale', token_type: 'Bearer' },
		});
		const run = await harness.runWorkflow({
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
		harness.setCredential('fixtureOAuth2Api', 'oauth-1', {
			...oauthCredential(),
			oauthTokenData: { access_token: 'stale', token_type: 'Bearer' },
		});
		const run = await harness.runWorkflow({
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
		await harness.runWorkflow({ ...fixtureWorkflow(), input: [{ id: '1' }] });
		const run = await harness.runWorkflow({
			...fixtureWorkflow({ refreshFirst: true }),
			input: [{ id: '2' }],
		});
		expect(run.error).toBeUndefined();
		expect(server.tokenRequests).toHaveLength(2);
		expect(server.apiRequests.map((r) => r.headers.authorization)).toEqual([
			'Bearer tok-1',
			'Bearer tok-2',
		]);
		expect((harness.getCredential('oauth-1').oauthTokenData as IDataObject).access_token).toBe(
			'tok-2',
		);
	});

	it('does not refresh proactively: an expired n8n_expires_at is still sent until the API says 401', async () => {
		server.validTokens.add('old-but-accepted');
		harness.setCredential('fixtureOAuth2Api', 'oauth-1', {
			...oauthCredential(),
			oauthTokenData: {
				access_token: 'old-but-accepted',
				token_type: 'Bearer',
				expires_in: 60,
				n8n_expires_at: String(Date.now() - 3600_000),
			},
		});
		const run = await harness.runWorkflow({ ...fixtureWorkflow(), input: [{ id: '1' }] });
		expect(run.error).toBeUndefined();
		expect(server.tokenRequests).toHaveLength(0);
		expect(server.apiRequests[0].headers.authorization).toBe('Bearer old-but-accepted');
	});

	it('parallel requests without a stored token each fetch their own token (initial fetch is not single-flight)', async () => {
		server.tokenDelayMs = 20;
		const run = await harness.runWorkflow({
			...fixtureWorkflow({ parallel: true }),
			input: [{ id: '1' }, { id: '2' }, { id: '3' }],
		});
		expect(run.error).toBeUndefined();
		expect(server.tokenRequests).toHaveLength(3);
		expect(harness.credentialWrites).toHaveLength(3);
	});

	it('parallel 401s share ONE token refetch (refresh is single-flight per credential id)', async () => {
		await harness.runWorkflow({ ...fixtureWorkflow(), input: [{ id: '0' }] });
		server.validTokens.clear();
		server.tokenDelayMs = 20;
		const run = await harness.runWorkflow({
			...fixtureWorkflow({ parallel: true }),
			input: [{ id: '1' }, { id: '2' }, { id: '3' }],
		});
		expect(run.error).toBeUndefined();
		expect(server.tokenRequests).toHaveLength(2); // initial + one shared refetch
		expect(run.output('Fixture').map((i) => i.json.token)).toEqual(['tok-2', 'tok-2', 'tok-2']);
	});

	it('a failing refetch after 401 surfaces as NodeApiError and keeps the old token stored', async () => {
		await harness.runWorkflow({ ...fixtureWorkflow(), input: [{ id: '1' }] });
		server.validTokens.clear();
		server.tokenStatus = 401; // token endpoint answers {"error":"invalid_client"}
		const run = await harness.runWorkflow({ ...fixtureWorkflow(), input: [{ id: '2' }] });
		const error = run.nodeError('Fixture');
		expect(error).toBeInstanceOf(NodeApiError);
		// @n8n/client-oauth2 maps the OAuth error code; NodeApiError keeps its code as httpCode
		expect(error).toMatchObject({
			httpCode: 'EAUTH',
			message: expect.stringContaining('Client authentication failed') as unknown,
		});
		expect(server.tokenRequests).toHaveLength(2);
		expect((harness.getCredential('oauth-1').oauthTokenData as IDataObject).access_token).toBe(
			'tok-1',
		);
	});

	it('a failing token endpoint surfaces as NodeApiError wrapping "Failed to acquire OAuth2 access token"', async () => {
		server.tokenStatus = 401;
		const run = await harness.runWorkflow({ ...fixtureWorkflow(), input: [{ id: '1' }] });
		const error = run.nodeError('Fixture');
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error?.message).toContain('Failed to acquire OAuth2 access token');
		expect(server.apiRequests).toHaveLength(0);
		expect(harness.credentialWrites).toHaveLength(0);
	});

	it('ignores a stored value for a hidden accessTokenUrl (CLI pins hidden OAuth fields to the type)', async () => {
		harness.setCredential('fixtureOAuth2Api', 'oauth-1', {
			...oauthCredential(),
			accessTokenUrl: 'http://127.0.0.1:1/never-used',
		});
		const run = await harness.runWorkflow({ ...fixtureWorkflow(), input: [{ id: '1' }] });
		expect(run.error).toBeUndefined();
		expect(server.tokenRequests).toHaveLength(1);
	});
});

describe('generic authenticate credentials', () => {
	it('applies headers and qs from IAuthenticateGeneric on httpRequestWithAuthentication', async () => {
		harness.setCredential('fixtureApi', 'key-1', { baseUrl: server.baseUrl, apiKey: 'secret-key' });
		const { output, error } = await harness.runNode({
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
		const ok = await harness.credentialTest('fixture', 'fixtureApiTest', {
			baseUrl: server.baseUrl,
			apiKey: 'secret-key',
		});
		expect(ok).toEqual({ status: 'OK', message: 'Connection successful (tenant acme)' });
		const bad = await harness.credentialTest('fixture', 'fixtureApiTest', {
			baseUrl: server.baseUrl,
			apiKey: 'wrong',
		});
		expect(bad.status).toBe('Error');
		expect(bad.message).toContain('403');
	});

	it('testCredentials mirrors the n8n UI test: OAuth2 types only check for an access token', async () => {
		const withoutToken = await harness.testCredentials('fixtureOAuth2Api', oauthCredential());
		expect(withoutToken.status).toBe('Error');
		const withToken = await harness.testCredentials('fixtureOAuth2Api', {
			...oauthCredential(),
			oauthTokenData: { access_token: 'x' },
		});
		expect(withToken.status).toBe('OK');
		expect(server.tokenRequests).toHaveLength(0);
		const apiKey = await harness.testCredentials('fixtureApi', {
			baseUrl: server.baseUrl,
			apiKey: 'secret-key',
		});
		expect(apiKey).toEqual({ status: 'OK', message: 'Connection successful (tenant acme)' });
	});

	it('testCredentials runs a declarative credential `test` request through RoutingNode', async () => {
		const ok = await harness.testCredentials('fixtureTestedApi', {
			baseUrl: server.baseUrl,
			apiKey: 'secret-key',
		});
		expect(ok).toEqual({ status: 'OK', message: 'Connection successful!' });
		expect(server.apiRequests[0].path).toBe('/key/check?tenant=acme');
		expect(server.apiRequests[0].headers['x-api-key']).toBe('secret-key');
		const bad = await harness.testCredentials('fixtureTestedApi', {
			baseUrl: server.baseUrl,
			apiKey: 'nope',
		});
		expect(bad).toEqual({ status: 'Error', message: 'Wrong API key' });
	});
});

describe('node error handling', () => {
	const input = [{ id: '1' }, { id: '2' }, { id: '3' }];

	it('continueRegularOutput: continueOnFail() is true and the failing item becomes an error item', async () => {
		const { output, error } = await harness.runNode({
			type: 'fixture',
			parameters: { throwOnId: '2' },
			input,
			onError: 'continueRegularOutput',
		});
		expect(observed.continueOnFail).toEqual([true]);
		expect(error).toBeUndefined();
		expect(output.map((i) => i.json.error ?? i.json.id)).toEqual([
			'1',
			'Item 2 is not allowed',
			'3',
		]);
		expect(output[1]).toEqual({
			json: {
				error: 'Item 2 is not allowed',
				details: { description: 'fixture refuses this id', httpCode: null },
			},
			pairedItem: { item: 1 },
		});
	});

	it('continueRegularOutput: NodeApiError fields from a failed request (404)', async () => {
		const { output } = await harness.runNode({
			type: 'fixture',
			parameters: {},
			input: [{ id: 'missing' }],
			onError: 'continueRegularOutput',
		});
		// NodeApiError replaces the server message with a generic one per status code;
		// the server's `message` ends up in `description`, the status in `httpCode` (a string)
		expect(output[0].json).toEqual({
			error: 'The resource you are requesting could not be found',
			details: { description: 'Item not found', httpCode: '404' },
		});
	});

	it('stopWorkflow: continueOnFail() is false and the error is a NodeOperationError with itemIndex', async () => {
		const { output, error, run } = await harness.runNode({
			type: 'fixture',
			parameters: { throwOnId: '2' },
			input,
		});
		expect(observed.continueOnFail).toEqual([false]);
		expect(output).toEqual([]);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error).toMatchObject({
			message: 'Item 2 is not allowed',
			description: 'fixture refuses this id',
			context: { itemIndex: 1 },
		});
		expect(run.status).toBe('error');
		expect(run.error).toBeInstanceOf(NodeOperationError);
	});

	it('continueErrorOutput: only items whose json keys are error/message/details go to the error output', async () => {
		const routed = await harness.runNode({
			type: 'fixture',
			parameters: { throwOnId: '2' },
			input,
			onError: 'continueErrorOutput',
		});
		expect(observed.continueOnFail).toEqual([true]);
		expect(routed.outputs).toHaveLength(2);
		expect(routed.outputs[0].map((i) => i.json.id)).toEqual(['1', '3']);
		// the engine merges the paired INPUT item's json into the error item
		expect(routed.outputs[1].map((i) => i.json)).toEqual([
			{
				id: '2',
				error: 'Item 2 is not allowed',
				details: { description: 'fixture refuses this id', httpCode: null },
			},
		]);

		const notRouted = await harness.runNode({
			type: 'fixture',
			parameters: { throwOnId: '2', errorShape: 'flat' },
			input,
			onError: 'continueErrorOutput',
		});
		expect(notRouted.outputs[0].map((i) => i.json.error ?? i.json.id)).toEqual([
			'1',
			'Item 2 is not allowed',
			'3',
		]);
		expect(notRouted.outputs[1]).toEqual([]);
	});

	it('an error thrown out of execute() under continueRegularOutput passes the INPUT items through', async () => {
		const { output, run, error } = await harness.runNode({
			type: 'fixture',
			parameters: { throwOnId: '2', parallel: true },
			input,
			onError: 'continueRegularOutput',
		});
		expect(observed.continueOnFail).toEqual([true]);
		expect(output.map((i) => i.json)).toEqual(input);
		expect(error?.message).toBe('Item 2 is not allowed');
		expect(run.nodeError('Fixture')?.message).toBe('Item 2 is not allowed');
		// n8n quirk: when that node is the LAST one executed, the execution still ends as 'error'
		expect(run.status).toBe('error');

		const wf = fixtureWorkflow({ throwOnId: '2', parallel: true });
		const withNext = await harness.runWorkflow({
			nodes: [
				wf.nodes[0],
				{ ...wf.nodes[1], onError: 'continueRegularOutput' },
				{
					id: 'n',
					name: 'After',
					type: 'harness.noOp',
					typeVersion: 1,
					position: [400, 0],
					parameters: {},
				},
			],
			connections: {
				...wf.connections,
				Fixture: { main: [[{ node: 'After', type: 'main', index: 0 }]] },
			},
			input,
		});
		expect(withNext.status).toBe('success');
		expect(withNext.error).toBeUndefined();
		expect(withNext.output('After').map((i) => i.json)).toEqual(input);
		expect(withNext.nodeError('Fixture')?.message).toBe('Item 2 is not allowed');
	});
});

describe('poll()', () => {
	it('runs poll() via PollContext; static data persists across polls; null when nothing new', async () => {
		server.events = [{ id: 1 }, { id: 2 }];
		const staticData: IDataObject = {};
		const params = {
			type: 'fixtureTrigger',
			parameters: { label: 'L' },
			staticData,
			mode: 'trigger' as const,
		};

		const first = await harness.poll(params);
		expect(first?.[0].map((i) => i.json)).toEqual([
			{ id: 1, label: 'L' },
			{ id: 2, label: 'L' },
		]);
		expect(staticData).toEqual({ lastId: 2 });

		expect(await harness.poll(params)).toBeNull();
		expect(server.apiRequests.at(-1)?.path).toBe('/api/events?since=2');

		server.events.push({ id: 3 });
		const third = await harness.poll(params);
		expect(third?.[0].map((i) => i.json.id)).toEqual([3]);
		expect(staticData).toEqual({ lastId: 3 });
		expect(server.tokenRequests).toHaveLength(1); // token reused across polls
	});

	it('manual mode returns a sample without moving the cursor', async () => {
		server.events = [{ id: 1 }, { id: 2 }];
		const staticData: IDataObject = { lastId: 1 };
		const result = await harness.poll({
			type: 'fixtureTrigger',
			parameters: {},
			staticData,
			mode: 'manual',
		});
		expect(result?.[0].map((i) => i.json.id)).toEqual([2]);
		expect(staticData).toEqual({ lastId: 1 });
	});

	it('a poll node as workflow start runs poll() in manual mode through WorkflowExecute', async () => {
		server.events = [{ id: 7 }];
		const run = await harness.runWorkflow({
			nodes: [
				{
					id: 't',
					name: 'Fixture Trigger',
					type: 'fixtureTrigger',
					typeVersion: 1,
					position: [0, 0],
					parameters: {},
					credentials: { fixtureOAuth2Api: { id: 'oauth-1', name: 'Fixture OAuth' } },
				},
			],
			connections: {},
		});
		expect(run.error).toBeUndefined();
		expect(run.output('Fixture Trigger').map((i) => i.json.id)).toEqual([7]);
	});
});

describe('expressions', () => {
	it('resolve per item with the legacy engine, even if something selected another engine', async () => {
		Expression.setExpressionEngine('vm'); // would throw "not initialized" on evaluation
		harness = newHarness();
		expect(getActiveExpressionEngine()).toBe('legacy');

		const run = await harness.runWorkflow({
			...fixtureWorkflow({ path: '={{ "/api/items/" + $json.id.toUpperCase() + $itemIndex }}' }),
			input: [{ id: 'ab' }, { id: 'cd' }],
		});
		expect(run.error).toBeUndefined();
		expect(server.apiRequests.map((r) => r.path)).toEqual(['/api/items/AB0', '/api/items/CD1']);
		expect(run.output('Fixture').map((i) => i.json.id)).toEqual(['AB0', 'CD1']);
	});
});

describe('network isolation', () => {
	it('every request went to the local server on 127.0.0.1', async () => {
		await harness.runWorkflow({ ...fixtureWorkflow(), input: [{ id: '1' }] });
		const all = [...server.tokenRequests, ...server.apiRequests];
		expect(all.length).toBeGreaterThan(0);
		for (const r of all) expect(r.remoteAddress).toMatch(/127\.0\.0\.1$/);
	});

	it('blocks connections to non-loopback hosts before DNS', async () => {
		harness.setCredential('fixtureOAuth2Api', 'oauth-1', {
			...oauthCredential(),
			baseUrl: 'http://api.example.com',
			oauthTokenData: { access_token: 'x', token_type: 'Bearer' },
		});
		const run = await harness.runWorkflow({ ...fixtureWorkflow(), input: [{ id: '1' }] });
		expect(JSON.stringify(run.nodeError('Fixture'))).toContain(
			'Test harness blocked a connection to api.example.com:80',
		);
	});
});
