import type { IDataObject } from 'n8n-workflow';

import type { Connection, KornitxContext } from './connection';
import type { DescribeError } from './errors';
import { graphqlErrors } from './failure';
import { kornitxRequest } from './request';

export interface GraphqlReply {
	data: IDataObject | null;
	errors: IDataObject[];
}

/** Whether a GraphQL document holds a mutation (which must not be retried blindly). */
export function isMutation(query: string): boolean {
	const withoutComments = query
		.replace(/#[^\n\r]*/g, ' ')
		.replace(/"""[\s\S]*?"""|"(?:\\.|[^"\\])*"/g, '""');
	return /(^|[\s}])mutation(?=[\s({@]|$)/.test(withoutComments);
}

/**
 * POSTs a GraphQL document. Transport failures throw; GraphQL `errors` inside an HTTP 200 are
 * returned with the partial `data` so the caller can fail exactly the items they concern.
 */
export async function graphqlRequest(
	ctx: KornitxContext,
	connection: Connection,
	document: { query: string; variables?: IDataObject },
	context: { itemIndex: number; describe?: DescribeError; timeout?: number },
): Promise<GraphqlReply> {
	const mutation = isMutation(document.query);
	const body: IDataObject = { query: document.query };
	if (document.variables !== undefined) body.variables = document.variables;
	const reply = (await kornitxRequest(
		ctx,
		connection,
		{
			method: 'POST',
			url: connection.graphqlUrl,
			body,
			retryUnknownOutcome: !mutation,
			expect: 'json',
			timeout: context.timeout,
		},
		{
			itemIndex: context.itemIndex,
			describe: context.describe,
			outcomeUnknownAdvice: mutation
				? 'KornitX may or may not have applied this mutation. Query the orders (GraphQL orders or Export) before sending it again.'
				: undefined,
		},
	)) as IDataObject;
	const data = reply.data;
	return {
		data:
			typeof data === 'object' && data !== null && !Array.isArray(data)
				? (data as IDataObject)
				: null,
		errors: graphqlErrors(reply),
	};
}
