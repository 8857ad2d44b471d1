import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { IdentifyBy, OrderIdentity } from '../helpers/paths';
import { inputError, parseNonEmptyString, parsePositiveInteger } from '../helpers/validation';
import { DEFAULT_TIMEOUT_MS } from '../transport';
import { DEFAULT_CONCURRENCY } from './common.descriptions';

/** Reads and checks the order identifier fields of one item, before any request. */
export function readOrderIdentity(
	ctx: IExecuteFunctions,
	itemIndex: number,
	identifyBy: IdentifyBy,
): OrderIdentity {
	const node = ctx.getNode();
	const identity: OrderIdentity = {};
	if (identifyBy === 'id' || identifyBy === 'combined') {
		identity.orderId = parsePositiveInteger(
			node,
			itemIndex,
			'Order ID',
			ctx.getNodeParameter('orderId', itemIndex),
		);
	}
	if (identifyBy === 'externalRef' || identifyBy === 'combined') {
		identity.externalRef = parseNonEmptyString(
			node,
			itemIndex,
			'External Ref',
			ctx.getNodeParameter('externalRef', itemIndex),
		);
	}
	return identity;
}

export function readIdentifyBy(ctx: IExecuteFunctions, itemIndex: number): IdentifyBy {
	const value = ctx.getNodeParameter('identifyBy', itemIndex, 'id') as string;
	if (value === 'id' || value === 'externalRef' || value === 'combined') return value;
	return 'id';
}

export interface ItemOptions {
	/** The operation's whole Options collection, for its own entries. */
	values: IDataObject;
	dryRun: boolean;
	timeout: number;
}

/** Reads an item's Options collection once (each read resolves its expressions again). */
export function readOptions(ctx: IExecuteFunctions, itemIndex: number): ItemOptions {
	const values = (ctx.getNodeParameter('options', itemIndex, {}) ?? {}) as IDataObject;
	const timeout = Number(values.timeout);
	return {
		values,
		dryRun: values.dryRun === true,
		timeout: Number.isFinite(timeout) && timeout > 0 ? timeout : DEFAULT_TIMEOUT_MS,
	};
}

export function readConcurrency(ctx: IExecuteFunctions): number {
	const concurrency = Math.floor(Number(readOptions(ctx, 0).values.concurrency));
	return Number.isFinite(concurrency) && concurrency >= 1 ? concurrency : DEFAULT_CONCURRENCY;
}

/** Return All / Limit of one item: undefined for all, else the limit, checked. */
export function readLimit(ctx: IExecuteFunctions, itemIndex: number): number | undefined {
	if (ctx.getNodeParameter('returnAll', itemIndex, false) as boolean) return undefined;
	const limit = Number(ctx.getNodeParameter('limit', itemIndex, 50));
	if (!Number.isInteger(limit) || limit < 1) {
		throw inputError(
			ctx.getNode(),
			itemIndex,
			'Limit',
			`must be a positive whole number, got ${JSON.stringify(limit)}`,
		);
	}
	return limit;
}

/** The Batch Size option as a whole number ≥ 1, or the operation's default. */
export function readBatchSize(value: unknown, fallback: number): number {
	return Math.max(1, Math.floor(Number(value ?? fallback)) || fallback);
}
