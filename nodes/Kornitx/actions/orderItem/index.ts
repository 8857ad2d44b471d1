import type { INodeProperties } from 'n8n-workflow';

import * as cancel from './cancel.operation';

export { cancel };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['orderItem'] } },
		options: [
			{
				name: 'Cancel',
				value: 'cancel',
				description: 'Cancel some or all units of order items',
				action: 'Cancel order items',
			},
		],
		default: 'cancel',
	},
	...cancel.description,
];
