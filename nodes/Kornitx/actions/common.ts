import type { IExecuteFunctions } from 'n8n-workflow';

import type { IdentifyBy, OrderIdentity } from '../helpers/paths';
import { getOption, parseNonEmptyString, parsePositiveInteger } from '../helpers/validation';
import { DEFAULT_CONCURRENCY } from './common.descriptions';

/** Reads and checks the order identifier fields of one item, before any request. */
export function readOrderIdentity(ctx: IExecuteFunctions, itemIndex: number, identifyBy: IdentifyBy): OrderIdentity {
	const node = ctx.getNode();
	const identity: OrderIdentity = {};
	if (identifyBy === 'id' || identifyBy === 'combined') {
		identity.orderId = parsePositiveInteger(node, itemIndex, 'Order ID', ctx.getNodeParameter('orderId', itemIndex));
	}
	if (identifyBy === 'externalRef' || identifyBy === 'combined') {
		identity.externalRef = parseNonEmptyString(node, itemIndex, 'External Ref', ctx.getNodeParameter('externalRef', itemIndex));
	}
	return identity;
}

export function readIdentifyBy(ctx: IExecuteFunctions, itemIndex: number): IdentifyBy {
	const value = ctx.getNodeParameter('identifyBy', itemIndex, 'id') as string;
	if (value === 'id' || value === 'externalRef' || value === 'combined') return value;
	return 'id';
}

export function readTimeout(ctx: IExecuteFunctions, itemIndex: number): number {
	return Number(getOption(ctx, itemIndex, 'timeout', 60000));
}

export function readConcurrency(ctx: IExecuteFunctions): number {
	return Number(getOption(ctx, 0, 'concurrency', DEFAULT_CONCURRENCY));
}
