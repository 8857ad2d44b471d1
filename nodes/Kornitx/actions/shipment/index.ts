import type { INodeProperties } from 'n8n-workflow';

import * as create from './create.operation';

export { create };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['shipment'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				description:
					'Record one package of an order as shipped: which items and how many, with carrier, tracking number and tracking URL. Partial shipments are allowed; create one shipment per package.',
				action: 'Create a shipment for order items',
			},
		],
		default: 'create',
	},
	...create.description,
];
