import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { updateDisplayOptions } from '../../helpers/utils';
import { inputError, parseJsonObject } from '../../helpers/validation';
import { graphqlRequest, toNodeApiError } from '../../transport';
import { readOptions } from '../common';
import { dryRunOption, timeoutOption } from '../common.descriptions';
import type { OperationEnv } from '../types';

const properties: INodeProperties[] = [
	{
		displayName: 'Query',
		name: 'query',
		type: 'string',
		typeOptions: { rows: 8 },
		required: true,
		default: '',
		placeholder: 'query { core { orders(count: 5) { items { ref status status_name } } } }',
		description: 'A GraphQL query or mutation, run with this credential',
	},
	{
		displayName: 'Variables',
		name: 'variables',
		type: 'json',
		default: '{}',
		description: 'Variables of the query, as a JSON object',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [dryRunOption, timeoutOption],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['graphql'], operation: ['execute'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	env: OperationEnv,
): Promise<IDataObject> {
	const node = this.getNode();
	const query = String(this.getNodeParameter('query', itemIndex, '') ?? '');
	if (!query.trim()) throw inputError(node, itemIndex, 'Query', 'is empty');
	const variables = parseJsonObject(
		node,
		itemIndex,
		'Variables',
		this.getNodeParameter('variables', itemIndex, '{}'),
	);
	const body: IDataObject = { query };
	if (variables && Object.keys(variables).length) body.variables = variables;
	const options = readOptions(this, itemIndex);
	if (options.dryRun) {
		return { dryRun: true, method: 'POST', url: env.connection.graphqlUrl, body };
	}
	const reply = await graphqlRequest(
		this,
		env.connection,
		{ query, variables: body.variables as IDataObject | undefined },
		{ itemIndex, timeout: options.timeout },
	);
	if (reply.errors.length) {
		const messages = reply.errors.map((error) => {
			const path = Array.isArray(error.path) ? ` (at ${(error.path as unknown[]).join('.')})` : '';
			return `${String(error.message ?? 'GraphQL error')}${path}`;
		});
		throw await toNodeApiError(
			this,
			env.connection,
			{
				message: messages.join('; '),
				status: 200,
				body: { error: { message: messages.join('; '), code: 0 } },
			},
			{
				itemIndex,
				request: `POST ${env.connection.graphqlUrl}`,
				describe: () =>
					reply.data
						? `KornitX returned errors with partial data: ${messages.join('; ')}. Fix the query or its variables; with Continue On Fail the other items still run.`
						: undefined,
			},
		);
	}
	return reply.data ?? {};
}
