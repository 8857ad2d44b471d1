import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { getConnection, runPool, type Authentication, type Settled } from '../transport';
import { readConcurrency } from './common';
import * as graphql from './graphql';
import type { KornitxOperations, KornitxResource } from './node.type';
import * as order from './order';
import * as orderItem from './orderItem';
import type { ItemResult, Operation } from './types';
import { isBatchOperation } from './types';

const operations: { [R in KornitxResource]: Record<KornitxOperations[R], Operation> } = {
	order: { updateStatus: order.updateStatus, update: order.update, export: order.export },
	orderItem: { cancel: orderItem.cancel },
	graphql: { execute: graphql.execute },
};

function findOperation(resource: string, operation: string): Operation | undefined {
	const forResource = (operations as Record<string, Record<string, Operation>>)[resource];
	return forResource?.[operation];
}

/**
 * The output of a failed item under Continue On Fail. Only `error` and `details` keys, because
 * n8n routes an item to the error output ("Continue (using error output)") only when its json
 * holds nothing but error, message and details.
 */
function errorJson(error: Error): IDataObject {
	const details: IDataObject = {};
	const { description, httpCode } = error as Error & { description?: unknown; httpCode?: unknown };
	if (typeof description === 'string' && description) details.description = description;
	if (typeof httpCode === 'string' && httpCode) details.httpCode = httpCode;
	return Object.keys(details).length ? { error: error.message, details } : { error: error.message };
}

function withItemIndex(ctx: IExecuteFunctions, error: unknown, itemIndex: number): Error {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		error.context = { ...error.context, itemIndex };
		return error;
	}
	return new NodeOperationError(ctx.getNode(), error as Error, { itemIndex });
}

/**
 * The node's one item loop: runs the chosen operation for every input item (concurrently for
 * per-item operations, in batches for batched ones), and owns Continue On Fail, pairedItem and
 * itemIndex for all of them. Every input item yields its results or exactly one error item, in
 * input order.
 */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as string;
	const operationName = this.getNodeParameter('operation', 0) as string;
	const operation = findOperation(resource, operationName);
	if (!operation) {
		throw new NodeOperationError(this.getNode(), `The operation "${operationName}" of "${resource}" is not supported`);
	}
	const authentication = this.getNodeParameter('authentication', 0, 'oAuth2') as Authentication;
	if (authentication === 'apiKey' && !(resource === 'order' && operationName === 'updateStatus')) {
		throw new NodeOperationError(this.getNode(), 'The API Key (v2.2) credential supports only Order → Update Status', {
			description: 'Set Authentication to OAuth2 and choose a KornitX OAuth2 API credential for this operation.',
		});
	}
	const env = { authentication, connection: await getConnection(this, authentication) };
	const continueOnFail = this.continueOnFail();
	const indexes = items.map((_, index) => index);

	let settled: Array<Settled<ItemResult> | undefined>;
	if (isBatchOperation(operation)) {
		const outcomes = await operation.executeBatch.call(this, indexes, env);
		settled = outcomes.map((outcome) =>
			outcome instanceof Error ? { ok: false, error: outcome } : { ok: true, value: outcome },
		);
	} else {
		settled = await runPool(
			items.length,
			readConcurrency(this),
			async (index) => await operation.execute.call(this, index, env),
			!continueOnFail,
		);
	}

	const output: INodeExecutionData[] = [];
	settled.forEach((outcome, itemIndex) => {
		if (outcome === undefined) return; // not started: an earlier item failed and the node stops
		if (!outcome.ok) {
			if (!continueOnFail) throw withItemIndex(this, outcome.error, itemIndex);
			const error = outcome.error instanceof Error ? outcome.error : new Error(String(outcome.error));
			output.push({ json: errorJson(error), pairedItem: { item: itemIndex } });
			return;
		}
		const results = Array.isArray(outcome.value) ? outcome.value : [outcome.value];
		for (const json of results) output.push({ json, pairedItem: { item: itemIndex } });
	});
	return [output];
}
