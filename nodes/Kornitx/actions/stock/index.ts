import type { INodeProperties } from 'n8n-workflow';

import * as getMany from './getMany.operation';
import * as updateAvailability from './updateAvailability.operation';

export { getMany, updateAvailability };

export const description: INodeProperties[] = [
	{
		displayName:
			'The Stock API exists only on KornitX v2.2: set Authentication to "API Key (v2.2, Legacy)" and choose a KornitX Legacy v2.2 API credential',
		name: 'stockOAuthNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { resource: ['stock'], authentication: ['oAuth2'] } },
	},
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['stock'] } },
		options: [
			{
				name: 'Get Many',
				value: 'getMany',
				description:
					'List stock products with the quantity available, lead time and daily capacity (sales-channel API key), optionally only those changed since a time or of one dropship company',
				action: 'Get many stock levels',
			},
			{
				name: 'Update Availability',
				value: 'updateAvailability',
				description:
					'Set the quantity available of stock products by fulfiller SKU or barcode (fulfiller API key). Input items are sent in batches.',
				action: 'Update stock availability',
			},
		],
		default: 'updateAvailability',
	},
	...updateAvailability.description,
	...getMany.description,
];
