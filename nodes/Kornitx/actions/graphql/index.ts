import type { INodeProperties } from 'n8n-workflow';

import * as execute from './execute.operation';

export { execute };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['graphql'] } },
		options: [
			{
				name: 'Execute',
				value: 'execute',
				description: 'Run any GraphQL query or mutation',
				action: 'Run a query or mutation',
			},
		],
		default: 'execute',
	},
	...execute.description,
];
