import type { INodeProperties } from 'n8n-workflow';

import * as exportOrders from './export.operation';
import * as update from './update.operation';
import * as updateStatus from './updateStatus.operation';

export { exportOrders as export, update, updateStatus };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['order'] } },
		options: [
			{
				name: 'Export',
				value: 'export',
				description: 'Export order details with filters (Order Details Export API)',
				action: 'Export orders',
			},
			{
				name: 'Update',
				value: 'update',
				description:
					'Change status, shipping carrier, method or other fields of orders in batches (GraphQL)',
				action: 'Update orders',
			},
			{
				name: 'Update Status',
				value: 'updateStatus',
				description: 'Set the status of an order (Order Status API)',
				action: 'Update order status',
			},
		],
		default: 'updateStatus',
	},
	...updateStatus.description,
	...update.description,
	...exportOrders.description,
];
