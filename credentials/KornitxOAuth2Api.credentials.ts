import type { ICredentialTestRequest, ICredentialType, Icon, INodeProperties } from 'n8n-workflow';

import { ALL_SCOPES, PRODUCTION_URLS, SCOPES } from '../nodes/Kornitx/helpers/constants';

const custom = { show: { environment: ['custom'] } };

const production = { show: { environment: ['production'] } };

export class KornitxOAuth2Api implements ICredentialType {
	name = 'kornitxOAuth2Api';

	extends = ['oAuth2Api'];

	displayName = 'KornitX OAuth2 API';

	icon: Icon = { light: 'file:../icons/kornitx.svg', dark: 'file:../icons/kornitx.dark.svg' };

	documentationUrl = 'https://github.com/OWNER/n8n-nodes-kornitx#kornitx-oauth2-api';

	properties: INodeProperties[] = [
		{
			displayName: 'Grant Type',
			name: 'grantType',
			type: 'hidden',
			default: 'clientCredentials',
		},
		{
			displayName: 'Environment',
			name: 'environment',
			type: 'options',
			options: [
				{
					name: 'Production',
					value: 'production',
					description: 'The kornitx.net hosts',
				},
				{
					name: 'Custom',
					value: 'custom',
					description:
						'Other hosts, such as the local KornitX emulator or a URL KornitX support gave you',
				},
			],
			default: 'production',
		},
		{
			displayName: 'Token URL',
			name: 'tokenUrl',
			type: 'string',
			default: PRODUCTION_URLS.token,
			placeholder: PRODUCTION_URLS.token,
			description: 'Full URL of the OAuth2 token endpoint',
			displayOptions: custom,
		},
		{
			displayName: 'REST Base URL',
			name: 'restBaseUrl',
			type: 'string',
			default: PRODUCTION_URLS.rest,
			placeholder: PRODUCTION_URLS.rest,
			description:
				'Base of the v2.3 Order Status and Order Item Cancellation APIs; may carry a path, "/order/..." is appended',
			displayOptions: custom,
		},
		{
			displayName: 'GraphQL URL',
			name: 'graphqlUrl',
			type: 'string',
			default: PRODUCTION_URLS.graphql,
			placeholder: PRODUCTION_URLS.graphql,
			displayOptions: custom,
		},
		{
			displayName: 'Export URL',
			name: 'exportUrl',
			type: 'string',
			default: PRODUCTION_URLS.export,
			placeholder: PRODUCTION_URLS.export,
			description:
				'Full URL of the Order Details Export endpoint. KornitX does not publish it; the default is inferred, so replace it with the URL from your KornitX help article or support if it differs.',
			displayOptions: custom,
		},
		// n8n's OAuth2 code reads accessTokenUrl. It is hidden and derived from the environment,
		// once per environment: n8n resolves a credential for every request, and an expression
		// costs about a millisecond of n8n's main thread each time, so production gets a plain value.
		{
			displayName: 'Access Token URL',
			name: 'accessTokenUrl',
			type: 'hidden',
			default: PRODUCTION_URLS.token,
			displayOptions: production,
		},
		{
			displayName: 'Access Token URL',
			name: 'accessTokenUrl',
			type: 'hidden',
			default: '={{$self["tokenUrl"]}}',
			displayOptions: custom,
		},
		{
			displayName: 'Scope',
			name: 'scope',
			type: 'string',
			default: ALL_SCOPES.join(' '),
			description: `Space-separated scopes to request. KornitX refuses the whole token request if one is not granted to your OAuth user, so keep only those it has: ${SCOPES.orderStatus} (Update Status), ${SCOPES.orderCancellation} (Cancel Items), ${SCOPES.orderEdit} (Update Orders), ${SCOPES.orderView} (GraphQL queries), ${SCOPES.export} (Export and the trigger). For Shipment → Create add ${SCOPES.orderShipment} once KornitX support has granted it (not in the default list: its name is inferred).`,
		},
		{
			displayName: 'Auth URI Query Parameters',
			name: 'authQueryParameters',
			type: 'hidden',
			default: '',
		},
		{
			displayName: 'Authentication',
			name: 'authentication',
			type: 'hidden',
			default: 'body',
		},
		{
			// KornitX's token request takes no extra body fields; keep oAuth2Api's switch out of sight.
			displayName: 'Send Additional Body Properties',
			name: 'sendAdditionalBodyProperties',
			type: 'hidden',
			default: false,
		},
		{
			displayName: 'Additional Body Properties',
			name: 'additionalBodyProperties',
			type: 'hidden',
			default: '',
		},
	];

	/**
	 * n8n tests OAuth2 credentials only through a declarative request (it skips node test
	 * functions for OAuth2 types). This one asks the token endpoint for a fresh token with the
	 * configured scopes, so a stored token cannot hide a refused scope, and turns the OAuth error
	 * codes into sentences.
	 */
	test: ICredentialTestRequest = {
		request: {
			method: 'POST',
			url: `={{$credentials.environment === "custom" ? $credentials.tokenUrl : "${PRODUCTION_URLS.token}"}}`,
			headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
			body: '={{ "grant_type=client_credentials&client_id=" + encodeURIComponent($credentials.clientId) + "&client_secret=" + encodeURIComponent($credentials.clientSecret) + "&scope=" + encodeURIComponent($credentials.scope) }}',
			ignoreHttpStatusErrors: true,
		},
		rules: [
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'error',
					value: 'invalid_client',
					message:
						'KornitX did not accept the Client ID and Client Secret. Check both, or ask KornitX support whether the OAuth user is active.',
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'error',
					value: 'invalid_scope',
					message:
						'KornitX refused the requested scopes: at least one is not granted to this OAuth user. Remove the scopes it does not have from the Scope field (run any KornitX node to have the refused scope named), or ask KornitX support to grant them.',
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'error',
					value: 'unsupported_grant_type',
					message:
						'The token endpoint does not support the client credentials grant. Check the Token URL.',
				},
			},
		],
	};
}
