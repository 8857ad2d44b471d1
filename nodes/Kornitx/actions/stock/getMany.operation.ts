import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { toKornitxUtc } from '../../helpers/dates';
import { joinUrl } from '../../helpers/paths';
import { updateDisplayOptions } from '../../helpers/utils';
import { inputError } from '../../helpers/validation';
import { kornitxRequest } from '../../transport';
import { readLimit, readOptions } from '../common';
import { optionsCollection, returnAllLimitProperties, timeoutOption } from '../common.descriptions';
import type { OperationEnv } from '../types';

const properties: INodeProperties[] = [
	{
		displayName:
			'Reading stock needs the API key of a sales-channel company: KornitX does not let a fulfiller read its own stock',
		name: 'stockReadNotice',
		type: 'notice',
		default: '',
	},
	...returnAllLimitProperties,
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			{
				displayName: 'Changed Since',
				name: 'changedSince',
				type: 'dateTime',
				default: '',
				description:
					"Only stock changed after this time. Sent in UTC; a time without an offset is read in the workflow's timezone.",
			},
			{
				displayName: 'Dropship Ref',
				name: 'dropshipRef',
				type: 'string',
				default: '',
				description: 'Only the stock of this dropship (fulfiller) company, by its reference',
			},
		],
	},
	optionsCollection([timeoutOption]),
];

export const description = updateDisplayOptions(
	{ show: { authentication: ['apiKey'], resource: ['stock'], operation: ['getMany'] } },
	properties,
);

/** The query of GET /stock from the Filters collection (docs/kornitx-api.md §13). */
export function stockQuery(ctx: IExecuteFunctions, itemIndex: number): IDataObject {
	const filters = (ctx.getNodeParameter('filters', itemIndex, {}) ?? {}) as IDataObject;
	const qs: IDataObject = {};
	const dropshipRef =
		typeof filters.dropshipRef === 'string' ? filters.dropshipRef.trim() : filters.dropshipRef;
	if (dropshipRef !== undefined && dropshipRef !== null && dropshipRef !== '')
		qs.dropship_ref = String(dropshipRef);
	const changedSince = toKornitxUtc(filters.changedSince, ctx.getTimezone());
	if (changedSince === null) {
		throw inputError(
			ctx.getNode(),
			itemIndex,
			'Changed Since',
			`must be a date and time, got ${JSON.stringify(filters.changedSince)}`,
		);
	}
	if (changedSince !== undefined) qs.changed_since = changedSince;
	return qs;
}

/** Stock → Get Many: one output item per entry of the reply's `stock` array. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	env: OperationEnv,
): Promise<IDataObject[]> {
	const limit = readLimit(this, itemIndex);
	const qs = stockQuery(this, itemIndex);
	const options = readOptions(this, itemIndex);
	const reply = await kornitxRequest(
		this,
		env.connection,
		{
			method: 'GET',
			url: joinUrl(env.connection.restBaseUrl, 'stock'),
			qs,
			retryUnknownOutcome: true,
			expect: 'json',
			timeout: options.timeout,
		},
		{ itemIndex },
	);
	const stock = (reply as IDataObject).stock;
	if (!Array.isArray(stock)) {
		throw inputError(
			this.getNode(),
			itemIndex,
			'KornitX reply',
			'has no "stock" array',
			'GET /stock answered without the documented { "stock": [...] } shape.',
		);
	}
	const entries = stock.filter(
		(entry): entry is IDataObject => typeof entry === 'object' && entry !== null,
	);
	return limit === undefined ? entries : entries.slice(0, limit);
}
