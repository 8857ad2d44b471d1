/**
 * Stand-in for n8n-nodes-base's `oAuth2Api` credential type (n8n-nodes-base is not installed).
 *
 * Only what matters at runtime is reproduced: property names, types, defaults, `displayOptions`
 * (they decide which stored fields survive `NodeHelpers.getNodeParameters` in the credentials
 * helper) and `doNotInherit` (those properties are NOT merged into types that `extends`
 * oAuth2Api, see `NodeHelpers.mergeNodeProperties`). Labels/descriptions are abbreviated.
 *
 * Consequence worth knowing for credential authors: `ignoreSSLIssues`, `tokenExpiredStatusCode`
 * and `jweEnabled` are `doNotInherit`, so a child type like `kornitxOAuth2Api` does not get them
 * unless it declares them itself. n8n-core then falls back to
 * `oAuth2Options.tokenExpiredStatusCode ?? 401` for the refresh trigger.
 */
import type { ICredentialType, INodeProperties } from 'n8n-workflow';

const whenNotDcr = { useDynamicClientRegistration: [false] };

const properties: INodeProperties[] = [
	{
		displayName: 'Use Dynamic Client Registration',
		name: 'useDynamicClientRegistration',
		type: 'hidden',
		default: false,
	},
	{
		displayName: 'Grant Type',
		name: 'grantType',
		type: 'options',
		displayOptions: { show: { ...whenNotDcr } },
		options: [
			{ name: 'Authorization Code', value: 'authorizationCode' },
			{ name: 'Client Credentials', value: 'clientCredentials' },
			{ name: 'PKCE', value: 'pkce' },
		],
		default: 'authorizationCode',
	},
	{
		displayName: 'Server URL',
		name: 'serverUrl',
		type: 'string',
		displayOptions: { show: { useDynamicClientRegistration: [true] } },
		default: '',
		required: true,
	},
	{
		displayName: 'Authorization URL',
		name: 'authUrl',
		type: 'string',
		displayOptions: { show: { grantType: ['authorizationCode', 'pkce'], ...whenNotDcr } },
		default: '',
		required: true,
	},
	{
		displayName: 'Access Token URL',
		name: 'accessTokenUrl',
		type: 'string',
		displayOptions: { show: { ...whenNotDcr } },
		default: '',
		required: true,
	},
	{
		displayName: 'Client ID',
		name: 'clientId',
		type: 'string',
		displayOptions: { show: { ...whenNotDcr } },
		default: '',
		required: true,
	},
	{
		displayName: 'Client Secret',
		name: 'clientSecret',
		type: 'string',
		typeOptions: { password: true },
		displayOptions: { show: { ...whenNotDcr } },
		default: '',
		required: true,
	},
	{
		displayName: 'Scope',
		name: 'scope',
		type: 'string',
		displayOptions: { show: { ...whenNotDcr } },
		default: '',
	},
	{
		displayName: 'Auth URI Query Parameters',
		name: 'authQueryParameters',
		type: 'string',
		displayOptions: { show: { grantType: ['authorizationCode', 'pkce'], ...whenNotDcr } },
		default: '',
	},
	{
		displayName: 'Authentication',
		name: 'authentication',
		type: 'options',
		displayOptions: { show: { ...whenNotDcr } },
		options: [
			{ name: 'Body', value: 'body' },
			{ name: 'Header', value: 'header' },
		],
		default: 'header',
	},
	{
		displayName: 'Send Additional Body Properties',
		name: 'sendAdditionalBodyProperties',
		type: 'boolean',
		default: false,
		displayOptions: {
			show: { grantType: ['clientCredentials'], authentication: ['body'], ...whenNotDcr },
		},
	},
	{
		displayName: 'Additional Body Properties',
		name: 'additionalBodyProperties',
		type: 'json',
		default: '',
		displayOptions: {
			show: {
				grantType: ['clientCredentials'],
				authentication: ['body'],
				sendAdditionalBodyProperties: [true],
				...whenNotDcr,
			},
		},
	},
	{
		displayName: 'Ignore SSL Issues (Insecure)',
		name: 'ignoreSSLIssues',
		type: 'boolean',
		default: false,
		doNotInherit: true,
	},
	{
		displayName: 'Token Expired Status Code',
		name: 'tokenExpiredStatusCode',
		type: 'number',
		default: 401,
		doNotInherit: true,
	},
	{
		displayName: 'JWE Token Decryption',
		name: 'jweEnabled',
		type: 'boolean',
		default: false,
		doNotInherit: true,
	},
];

/** Fresh instance per harness so nobody can mutate a shared definition. */
export function createOAuth2ApiCredentialType(): ICredentialType {
	return {
		name: 'oAuth2Api',
		displayName: 'OAuth2 API',
		documentationUrl: 'httprequest',
		genericAuth: true,
		properties: properties.map((p) => ({ ...p })),
	};
}
