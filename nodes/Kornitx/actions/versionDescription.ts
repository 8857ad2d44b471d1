import type { INodeCredentialDescription, INodeProperties } from 'n8n-workflow';

import * as graphql from './graphql';
import * as order from './order';
import * as orderItem from './orderItem';
import * as shipment from './shipment';
import * as stock from './stock';

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
		description:
			'OAuth2 (v2.3) for everything but Stock; the API key (v2.2) for Stock and Order → Update Status',
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
			{
				name: 'Shipment',
				value: 'shipment',
			},
			{
				name: 'Stock',
				value: 'stock',
			},
		],
		default: 'order',
	},
	{
		displayName:
			'The API Key (v2.2) credential supports only Order → Update Status and the Stock operations. Choose a KornitX OAuth2 API credential for this operation.',
		name: 'apiKeyNotice',
		type: 'notice',
		default: '',
		displayOptions: {
			show: { authentication: ['apiKey'] },
			hide: { operation: ['updateStatus'], resource: ['stock'] },
		},
	},
	...order.description,
	...orderItem.description,
	...graphql.description,
	...shipment.description,
	...stock.description,
];
