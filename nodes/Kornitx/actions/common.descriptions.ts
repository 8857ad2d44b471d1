import type { INodeProperties } from 'n8n-workflow';

import type { IdentifyBy } from '../helpers/paths';

/** Default parallel requests for per-item calls; see the README's "Throughput" section. */
export const DEFAULT_CONCURRENCY = 5;

export const dryRunOption: INodeProperties = {
	displayName: 'Dry Run',
	name: 'dryRun',
	type: 'boolean',
	default: false,
	description:
		'Whether to return the request that would be sent (method, URL, body) instead of sending it',
};

export const concurrencyOption: INodeProperties = {
	displayName: 'Concurrency',
	name: 'concurrency',
	type: 'number',
	typeOptions: { minValue: 1, maxValue: 50 },
	default: DEFAULT_CONCURRENCY,
	description: 'Max number of requests to KornitX in flight at once. Output keeps the input order.',
};

export const timeoutOption: INodeProperties = {
	displayName: 'Timeout (Ms)',
	name: 'timeout',
	type: 'number',
	typeOptions: { minValue: 1000 },
	default: 60000,
	description: 'How long to wait for each KornitX reply before giving up on it',
};

/** An operation's Options collection. */
export function optionsCollection(options: INodeProperties[]): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options,
	};
}

/** Return All and Limit, for operations that list results (Order → Export, Stock → Get Many). */
export const returnAllLimitProperties: INodeProperties[] = [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { returnAll: [false] } },
	},
];

export const identifyByProperty: INodeProperties = {
	displayName: 'Identify Order By',
	name: 'identifyBy',
	type: 'options',
	options: [
		{
			name: 'KornitX Order ID',
			value: 'id',
			description: 'The numeric order ID KornitX assigned',
		},
		{
			name: 'External Ref',
			value: 'externalRef',
			description: "The sales channel's order reference",
		},
		{
			name: 'External Ref and Order ID',
			value: 'combined',
			description: 'Both, for split orders whose parts share one external ref',
		},
	],
	default: 'id',
};

export const orderIdProperty: INodeProperties = {
	displayName: 'Order ID',
	name: 'orderId',
	type: 'string',
	required: true,
	default: '',
	placeholder: '46140199',
	description: 'The KornitX order ID, a whole number',
};

export const externalRefProperty: INodeProperties = {
	displayName: 'External Ref',
	name: 'externalRef',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'SHOP-1001',
	description: "The sales channel's order reference, exactly as KornitX holds it",
};

/** The identifier fields shared by Update Status and Cancel Items (OAuth2, v2.3). */
export const identityProperties: INodeProperties[] = [
	identifyByProperty,
	{ ...orderIdProperty, displayOptions: { show: { identifyBy: ['id', 'combined'] } } },
	{ ...externalRefProperty, displayOptions: { show: { identifyBy: ['externalRef', 'combined'] } } },
];

export function identifyHint(identifyBy: IdentifyBy): string {
	switch (identifyBy) {
		case 'id':
			return 'No order has this KornitX order ID. If you have the sales channel\'s reference, set "Identify Order By" to External Ref.';
		case 'externalRef':
			return 'No order has this external ref. Refs must match exactly (case, spaces). If you have the numeric KornitX ID, set "Identify Order By" to KornitX Order ID.';
		case 'combined':
			return 'No order matches this external ref and order ID together. Check that both belong to the same order.';
	}
}
