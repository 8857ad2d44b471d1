import type {
	IAuthenticateGeneric,
	ICredentialTestRequest,
	ICredentialType,
	Icon,
	INodeProperties,
} from 'n8n-workflow';

import { PRODUCTION_URLS } from '../nodes/Kornitx/helpers/constants';

export class KornitxApi implements ICredentialType {
	name = 'kornitxApi';

	// eslint-disable-next-line n8n-nodes-base/cred-class-field-display-name-missing-api -- name fixed by docs/node-contract.md
	displayName = 'KornitX API Key (v2.2)';

	icon: Icon = { light: 'file:../icons/kornitx.svg', dark: 'file:../icons/kornitx.dark.svg' };

	documentationUrl = 'https://github.com/n8n-nodes-kornitx/n8n-nodes-kornitx#kornitx-api-key-v22';

	properties: INodeProperties[] = [
		{
			displayName:
				'Legacy v2.2 access: only Order → Update Status (dispatch or cancel by KornitX order ID). Use the KornitX OAuth2 API credential for everything else.',
			name: 'legacyNotice',
			type: 'notice',
			default: '',
		},
		{
			displayName: 'Company Reference ID',
			name: 'companyRefId',
			type: 'string',
			default: '',
			required: true,
			description: 'Your company reference ID in KornitX',
		},
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: PRODUCTION_URLS.restV22,
			description:
				'Base of the v2.2 API; may carry a path, "/order/..." is appended. Newer KornitX pages use https://api-sl-2-2.kornitx.net.',
		},
		{
			displayName: 'Header Format',
			name: 'headerFormat',
			type: 'options',
			options: [
				{
					name: 'Raw (as Documented)',
					value: 'raw',
					description: 'Authorization: basic REFID:APIKEY',
				},
				{
					name: 'Base64',
					value: 'base64',
					description: 'Authorization: basic base64(REFID:APIKEY), as some clients send it',
				},
			],
			default: 'raw',
			description:
				'KornitX documents the raw form; which forms its server accepts is not published, so switch if the raw form is refused',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				Authorization:
					'={{ "basic " + ($credentials.headerFormat === "base64" ? ($credentials.companyRefId + ":" + $credentials.apiKey).base64Encode() : $credentials.companyRefId + ":" + $credentials.apiKey) }}',
			},
		},
	};

	/**
	 * v2.2 has no read endpoint we know of; a status update for order 0 (which cannot exist)
	 * proves the key without touching any order: "Order not found" means the key was accepted.
	 */
	test: ICredentialTestRequest = {
		request: {
			method: 'PUT',
			url: '={{ $credentials.baseUrl.replace(/\\/+$/, "") + "/order/0/status" }}',
			body: { status: 8 },
			json: true,
			ignoreHttpStatusErrors: true,
		},
		rules: [
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'error.message',
					value: 'Authentication required',
					message:
						'KornitX did not accept the company reference ID and API key. Check both, then try the other Header Format.',
				},
			},
		],
	};
}
