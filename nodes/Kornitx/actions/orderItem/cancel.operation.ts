import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { cancellationPath, joinUrl, type IdentifyBy } from '../../helpers/paths';
import { updateDisplayOptions } from '../../helpers/utils';
import { inputError, parseJsonParameter } from '../../helpers/validation';
import { kornitxRequest, type HttpFailure } from '../../transport';
import { readIdentifyBy, readOptions, readOrderIdentity } from '../common';
import { concurrencyOption, dryRunOption, identifyHint, identityProperties, timeoutOption } from '../common.descriptions';
import type { OperationEnv } from '../types';

const properties: INodeProperties[] = [
	...identityProperties,
	{
		displayName: 'Items Input',
		name: 'itemsInputMode',
		type: 'options',
		options: [
			{
				name: 'Fields',
				value: 'fields',
				description: 'Enter each item to cancel',
			},
			{
				name: 'JSON',
				value: 'json',
				description: 'An array mapped from an earlier node',
			},
		],
		default: 'fields',
	},
	{
		displayName: 'Items',
		name: 'items',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Item',
		default: {},
		displayOptions: { show: { itemsInputMode: ['fields'] } },
		options: [
			{
				displayName: 'Item',
				name: 'item',
				values: [
					{
						displayName: 'Item ID',
						name: 'itemId',
						type: 'string',
						default: '',
						description: 'The KornitX order item ID, a whole number',
						displayOptions: { show: { '/identifyBy': ['id', 'combined'] } },
					},
					{
						displayName: 'Item External Ref',
						name: 'itemExternalRef',
						type: 'string',
						default: '',
						description: "The sales channel's reference of the order item",
						displayOptions: { show: { '/identifyBy': ['externalRef', 'combined'] } },
					},
					{
						displayName: 'Quantity',
						name: 'quantity',
						type: 'number',
						typeOptions: { minValue: 1 },
						default: 1,
						description: 'How many units of this item to cancel',
					},
				],
			},
		],
	},
	{
		displayName: 'Items (JSON)',
		name: 'itemsJson',
		type: 'json',
		default: '[\n  { "itemId": "", "itemExternalRef": "", "quantity": 1 }\n]',
		description:
			'Array of { itemId, itemExternalRef, quantity }. Which key is needed follows "Identify Order By": itemId, itemExternalRef, or both.',
		displayOptions: { show: { itemsInputMode: ['json'] } },
	},
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

export const description = updateDisplayOptions({ show: { resource: ['orderItem'], operation: ['cancel'] } }, properties);

interface ItemInput {
	itemId?: unknown;
	itemExternalRef?: unknown;
	quantity?: unknown;
}

function readItemInputs(ctx: IExecuteFunctions, itemIndex: number): { field: string; entries: ItemInput[] } {
	const node = ctx.getNode();
	const mode = ctx.getNodeParameter('itemsInputMode', itemIndex, 'fields') as string;
	if (mode === 'json') {
		const field = 'Items (JSON)';
		const parsed = parseJsonParameter(node, itemIndex, field, ctx.getNodeParameter('itemsJson', itemIndex));
		if (!Array.isArray(parsed)) throw inputError(node, itemIndex, field, 'must be a JSON array of items');
		parsed.forEach((entry, position) => {
			if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
				throw inputError(node, itemIndex, `${field} entry ${position + 1}`, 'must be an object { itemId, itemExternalRef, quantity }');
			}
		});
		return { field, entries: parsed as ItemInput[] };
	}
	const items = ctx.getNodeParameter('items', itemIndex, {}) as { item?: ItemInput[] };
	return { field: 'Items', entries: items.item ?? [] };
}

function text(value: unknown): string {
	return value === undefined || value === null ? '' : String(value).trim();
}

/** Builds the API's item list with the key the identifier mode requires (docs/kornitx-api.md §4). */
export function buildCancellationItems(
	ctx: IExecuteFunctions,
	itemIndex: number,
	identifyBy: IdentifyBy,
): { items: IDataObject[]; entries: ItemInput[] } {
	const node = ctx.getNode();
	const { field, entries } = readItemInputs(ctx, itemIndex);
	if (entries.length === 0) throw inputError(node, itemIndex, field, 'is empty: add at least one item to cancel');
	const items = entries.map((entry, position) => {
		const label = `${field} entry ${position + 1}`;
		const quantity = typeof entry.quantity === 'string' && /^\d+$/.test(entry.quantity.trim()) ? Number(entry.quantity) : entry.quantity;
		if (typeof quantity !== 'number' || !Number.isInteger(quantity) || quantity < 1) {
			throw inputError(node, itemIndex, `${label}: Quantity`, `must be a positive whole number, got ${JSON.stringify(entry.quantity)}`);
		}
		const id = text(entry.itemId);
		const ref = text(entry.itemExternalRef);
		if (identifyBy !== 'externalRef' && !/^\d+$/.test(id)) {
			throw inputError(node, itemIndex, `${label}: Item ID`, id ? `must be a positive whole number, got ${JSON.stringify(entry.itemId)}` : 'is empty');
		}
		if (identifyBy !== 'id' && !ref) throw inputError(node, itemIndex, `${label}: Item External Ref`, 'is empty');
		switch (identifyBy) {
			case 'id':
				return { id: Number(id), quantity };
			case 'externalRef':
				return { external_ref: ref, quantity };
			case 'combined':
				return { combined: `${ref}-${id}`, quantity };
		}
	});
	return { items, entries };
}

function explain(identifyBy: IdentifyBy, items: IDataObject[]) {
	return (message: string, failure: HttpFailure): string | undefined => {
		const invalidItem = /invalid item specified, index (\d+)/i.exec(message);
		if (invalidItem) {
			const index = Number(invalidItem[1]);
			const sent = items[index];
			return `KornitX refused entry ${index + 1} of Items (${sent ? JSON.stringify(sent) : 'unknown'}): the item is not on this order under "Identify Order By" = ${identifyBy}, or the quantity is more than is left to cancel. Nothing was cancelled.`;
		}
		if (/invalid order status/i.test(message)) {
			return "The order's status no longer allows item cancellations (for example it is dispatched or already cancelled). Nothing was cancelled.";
		}
		if (failure.status === 404 || /not found/i.test(message)) return identifyHint(identifyBy);
		return undefined;
	};
}

export async function execute(this: IExecuteFunctions, itemIndex: number, env: OperationEnv): Promise<IDataObject> {
	const identifyBy = readIdentifyBy(this, itemIndex);
	const identity = readOrderIdentity(this, itemIndex, identifyBy);
	const { items } = buildCancellationItems(this, itemIndex, identifyBy);
	const body: IDataObject = { items };
	const options = readOptions(this, itemIndex);
	const reference = text(options.values.reference);
	if (reference) body.reference = reference;
	const url = joinUrl(env.connection.restBaseUrl, ...cancellationPath(identifyBy, identity));
	if (options.dryRun) return { dryRun: true, method: 'POST', url, body };

	const reply = await kornitxRequest(
		this,
		env.connection,
		{ method: 'POST', url, body, retryUnknownOutcome: false, expect: 'json', timeout: options.timeout },
		{
			itemIndex,
			describe: explain(identifyBy, items),
			outcomeUnknownAdvice:
				'KornitX may have recorded this cancellation. It was not sent again, because a repeat could cancel the items twice: check the order\'s items in KornitX (or with Order → Export) before retrying.',
		},
	);
	if (Array.isArray(reply)) {
		return reply.length === 1 ? (reply[0] as IDataObject) : { cancellations: reply as IDataObject[] };
	}
	return reply as IDataObject;
}
