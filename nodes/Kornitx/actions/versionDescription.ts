import type { INodeCredentialDescription, INodeProperties } from 'n8n-workflow';

import * as graphql from './graphql';
import * as order from './order';
import * as orderItem from './orderItem';

export const credentials: INodeCredentialDescription[] = [
	{
		name: 'kornitxOAuth2Api',
		required: true,
		displayOptions: { show: { authentication: ['oAuth2'] } },
	},
	{
		name: 'kornitxApi',
		required: true,
		displayOptions: { show: { authentication: ['apiKey'] } },
	},
];

export const properties: INodeProperties[] = [
	{
		displayName: 'Authentication',
		name: 'authentication',
		type: 'options',
		options: [
			{
				name: 'OAuth2',
				value: 'oAuth2',
			},
			{
				name: 'API Key (v2.2, Legacy)',
				value: 'apiKey',
			},
		],
		default: 'oAuth2',
		description: 'The API key (v2.2) supports only Order → Update Status',
	},
	{
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'GraphQL',
				value: 'graphql',
			},
			{
				name: 'Order',
				value: 'order',
			},
			{
				name: 'Order Item',
				value: 'orderItem',
			},
		],
		default: 'order',
	},
	{
		displayName:
			'The API Key (v2.2) credential supports only Order → Update Status. Choose a KornitX OAuth2 API credential for this operation.',
		name: 'apiKeyNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { authentication: ['apiKey'] }, hide: { operation: ['updateStatus'] } },
	},
	...order.description,
	...orderItem.description,
	...graphql.description,
];
