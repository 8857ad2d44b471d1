import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { Authentication, Connection } from '../transport';

export interface OperationEnv {
	authentication: Authentication;
	connection: Connection;
}

/** What one input item produced: one output object, or several (export). */
export type ItemResult = IDataObject | IDataObject[];

/** An operation that handles one input item at a time; the router runs items concurrently. */
export interface ItemOperation {
	description: INodeProperties[];
	execute(this: IExecuteFunctions, itemIndex: number, env: OperationEnv): Promise<ItemResult>;
}

/**
 * An operation that handles all input items together (GraphQL batching). It returns one entry
 * per given item index, in the same order: a result, the Error for that item, or undefined for
 * an item it did not start because `stopOnError` is set and an earlier item failed.
 */
export interface BatchOperation {
	description: INodeProperties[];
	executeBatch(
		this: IExecuteFunctions,
		itemIndexes: number[],
		env: OperationEnv,
		stopOnError: boolean,
	): Promise<Array<ItemResult | Error | undefined>>;
}

export type Operation = ItemOperation | BatchOperation;

export function isBatchOperation(operation: Operation): operation is BatchOperation {
	return 'executeBatch' in operation;
}
