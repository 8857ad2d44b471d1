import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { getConnection, runPool, type Authentication, type Settled } from '../transport';
import { readConcurrency } from './common';
import * as graphql from './graphql';
import type { KornitxOperations, KornitxResource } from './node.type';
import * as order from './order';
import * as orderItem from './orderItem';
import * as shipment from './shipment';
import * as stock from './stock';
import type { ItemResult, Operation } from './types';
import { isBatchOperation } from './types';

const operations: { [R in KornitxResource]: Record<KornitxOperations[R], Operation> } = {
	order: { updateStatus: order.updateStatus, update: order.update, export: order.export },
	orderItem: { cancel: orderItem.cancel },
	graphql: { execute: graphql.execute },
	shipment: { create: shipment.create },
	stock: { updateAvailability: stock.updateAvailability, getMany: stock.getMany },
};

function findOperation(resource: string, operation: string): Operation | undefined {
	const forResource = (operations as Record<string, Record<string, Operation>>)[resource];
	return forResource?.[operation];
}

/**
 * The output of a failed item under Continue On Fail. n8n sends an item to the error output
 * ("Continue (using error output)") only when its json holds nothing but `error` and `message`
 * (n8n 1.x; 2.x also allows `details`), so that mode gets `{ error, message }` with the
 * description as message; the regular output gets `{ error, details: { description, httpCode } }`.
 */
function errorJson(error: Error, toErrorOutput: boolean): IDataObject {
	const { description, httpCode } = error as Error & { description?: unknown; httpCode?: unknown };
	const text = typeof description === 'string' && description ? description : undefined;
	if (toErrorOutput)
		return text ? { error: error.message, message: text } : { error: error.message };
	const details: IDataObject = {};
	if (text) details.description = text;
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
 * Which credential works where: the Stock API exists only on v2.2 (API key), Update Status on
 * both, everything else only with OAuth2 (v2.3, GraphQL, Export).
 */
function checkAuthentication(
	ctx: IExecuteFunctions,
	authentication: Authentication,
	resource: string,
	operation: string,
): void {
	if (resource === 'stock' && authentication !== 'apiKey') {
		throw new NodeOperationError(
			ctx.getNode(),
			'The Stock operations work only with the API Key (v2.2) credential',
			{
				description:
					'KornitX offers the Stock API only on v2.2. Set Authentication to "API Key (v2.2, Legacy)" and choose a KornitX Legacy v2.2 API credential (company reference ID and API key).',
			},
		);
	}
	if (
		authentication === 'apiKey' &&
		resource !== 'stock' &&
		!(resource === 'order' && operation === 'updateStatus')
	) {
		throw new NodeOperationError(
			ctx.getNode(),
			'The API Key (v2.2) credential supports only Order → Update Status and the Stock operations',
			{
				description:
					'Set Authentication to OAuth2 and choose a KornitX OAuth2 API credential for this operation.',
			},
		);
	}
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
		throw new NodeOperationError(
			this.getNode(),
			`The operation "${operationName}" of "${resource}" is not supported`,
		);
	}
	const authentication = this.getNodeParameter('authentication', 0, 'oAuth2') as Authentication;
	checkAuthentication(this, authentication, resource, operationName);
	const env = { authentication, connection: await getConnection(this, authentication) };
	const continueOnFail = this.continueOnFail();
	const toErrorOutput = this.getNode().onError === 'continueErrorOutput';
	const indexes = items.map((_, index) => index);

	let settled: Array<Settled<ItemResult> | undefined>;
	if (isBatchOperation(operation)) {
		const outcomes = await operation.executeBatch.call(this, indexes, env, !continueOnFail);
		settled = outcomes.map((outcome) => {
			if (outcome === undefined) return undefined;
			return outcome instanceof Error
				? { ok: false, error: outcome }
				: { ok: true, value: outcome };
		});
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
			const error =
				outcome.error instanceof Error ? outcome.error : new Error(String(outcome.error));
			output.push({ json: errorJson(error, toErrorOutput), pairedItem: { item: itemIndex } });
			return;
		}
		const results = Array.isArray(outcome.value) ? outcome.value : [outcome.value];
		for (const json of results) output.push({ json, pairedItem: { item: itemIndex } });
	});
	return [output];
}
