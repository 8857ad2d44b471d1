/** Fixture credential and node types for the harness self-tests. */
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
import { NodeApiError, NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

export const fixtureOAuth2Api: ICredentialType = {
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

export const fixtureApi: ICredentialType = {
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
export const fixtureTestedApi: ICredentialType = {
	...fixtureApi,
	name: 'fixtureTestedApi',
	displayName: 'Fixture API Key (declarative test)',
	test: {
		request: { baseURL: '={{$credentials.baseUrl}}', url: '/key/check' },
		rules: [{ type: 'responseCode', properties: { value: 403, message: 'Wrong API key' } }],
	},
};

/** Observations made inside execute(), per run. */
export const observed: { continueOnFail: boolean[] } = { continueOnFail: [] };

export class FixtureNode implements INodeType {
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

export class FixtureTrigger implements INodeType {
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
