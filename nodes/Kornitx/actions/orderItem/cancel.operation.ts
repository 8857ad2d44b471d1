import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { cancellationPath, joinUrl, type IdentifyBy } from '../../helpers/paths';
import { updateDisplayOptions } from '../../helpers/utils';
import { readIdentifyBy, readOptions, readOrderIdentity } from '../common';
import {
	concurrencyOption,
	dryRunOption,
	identityProperties,
	timeoutOption,
} from '../common.descriptions';
import {
	buildItemLines,
	explainItemLinesRefusal,
	itemLineProperties,
	postItemLines,
	text,
} from '../itemLines';
import type { OperationEnv } from '../types';

const properties: INodeProperties[] = [
	...identityProperties,
	...itemLineProperties('cancel'),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			concurrencyOption,
			dryRunOption,
			{
				displayName: 'Reference',
				name: 'reference',
				type: 'string',
				default: '',
				description: 'Your own reference for this cancellation, sent as "reference"',
			},
			timeoutOption,
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['orderItem'], operation: ['cancel'] } },
	properties,
);

function explain(identifyBy: IdentifyBy, items: IDataObject[]) {
	return explainItemLinesRefusal(identifyBy, items, {
		tooMany: 'or the quantity is more than is left to cancel. Nothing was cancelled.',
		badStatus:
			"The order's status no longer allows item cancellations (for example it is dispatched or already cancelled). Nothing was cancelled.",
	});
}

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	env: OperationEnv,
): Promise<IDataObject> {
	const identifyBy = readIdentifyBy(this, itemIndex);
	const identity = readOrderIdentity(this, itemIndex, identifyBy);
	const items = buildItemLines(this, itemIndex, identifyBy, 'cancel');
	const body: IDataObject = { items };
	const options = readOptions(this, itemIndex);
	const reference = text(options.values.reference);
	if (reference) body.reference = reference;
	const url = joinUrl(env.connection.restBaseUrl, ...cancellationPath(identifyBy, identity));
	return await postItemLines(
		this,
		env.connection,
		itemIndex,
		{ url, body, options, manyKey: 'cancellations' },
		{
			describe: explain(identifyBy, items),
			outcomeUnknownAdvice:
				"KornitX may have recorded this cancellation. It was not sent again, because a repeat could cancel the items twice: check the order's items in KornitX (or with Order → Export) before retrying.",
		},
	);
}
