import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { IdentifyBy } from '../helpers/paths';
import { inputError, parseJsonParameter } from '../helpers/validation';
import {
	kornitxRequest,
	type Connection,
	type DescribeError,
	type HttpFailure,
} from '../transport';
import type { ItemOptions } from './common';
import { identifyHint } from './common.descriptions';

/**
 * The order items a cancellation or a shipment names (docs/kornitx-api.md §4, §12): the Items
 * fields, read from the node's fields or from a JSON array, checked before any request, and sent
 * with the item key the identifier mode requires.
 */

/** What the items are for, in the words the fields and errors use: "cancel" or "ship". */
export type ItemVerb = 'cancel' | 'ship';

export function itemLineProperties(verb: ItemVerb): INodeProperties[] {
	return [
		{
			displayName: 'Items Input',
			name: 'itemsInputMode',
			type: 'options',
			options: [
				{
					name: 'Fields',
					value: 'fields',
					description: `Enter each item to ${verb}`,
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
							description: `How many units of this item to ${verb}`,
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
	];
}

interface ItemInput {
	itemId?: unknown;
	itemExternalRef?: unknown;
	quantity?: unknown;
}

function readItemInputs(
	ctx: IExecuteFunctions,
	itemIndex: number,
): { field: string; entries: ItemInput[] } {
	const node = ctx.getNode();
	const mode = ctx.getNodeParameter('itemsInputMode', itemIndex, 'fields') as string;
	if (mode === 'json') {
		const field = 'Items (JSON)';
		const parsed = parseJsonParameter(
			node,
			itemIndex,
			field,
			ctx.getNodeParameter('itemsJson', itemIndex),
		);
		if (!Array.isArray(parsed))
			throw inputError(node, itemIndex, field, 'must be a JSON array of items');
		parsed.forEach((entry, position) => {
			if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
				throw inputError(
					node,
					itemIndex,
					`${field} entry ${position + 1}`,
					'must be an object { itemId, itemExternalRef, quantity }',
				);
			}
		});
		return { field, entries: parsed as ItemInput[] };
	}
	const items = ctx.getNodeParameter('items', itemIndex, {}) as { item?: ItemInput[] };
	return { field: 'Items', entries: items.item ?? [] };
}

export function text(value: unknown): string {
	return value === undefined || value === null ? '' : String(value).trim();
}

/** Builds the API's item list with the key the identifier mode requires (docs/kornitx-api.md §4, §12). */
export function buildItemLines(
	ctx: IExecuteFunctions,
	itemIndex: number,
	identifyBy: IdentifyBy,
	verb: ItemVerb,
): IDataObject[] {
	const node = ctx.getNode();
	const { field, entries } = readItemInputs(ctx, itemIndex);
	if (entries.length === 0)
		throw inputError(node, itemIndex, field, `is empty: add at least one item to ${verb}`);
	return entries.map((entry, position) => {
		const label = `${field} entry ${position + 1}`;
		const quantity =
			typeof entry.quantity === 'string' && /^\d+$/.test(entry.quantity.trim())
				? Number(entry.quantity)
				: entry.quantity;
		if (typeof quantity !== 'number' || !Number.isInteger(quantity) || quantity < 1) {
			throw inputError(
				node,
				itemIndex,
				`${label}: Quantity`,
				`must be a positive whole number, got ${JSON.stringify(entry.quantity)}`,
			);
		}
		const id = text(entry.itemId);
		const ref = text(entry.itemExternalRef);
		if (identifyBy !== 'externalRef' && !/^\d+$/.test(id)) {
			throw inputError(
				node,
				itemIndex,
				`${label}: Item ID`,
				id ? `must be a positive whole number, got ${JSON.stringify(entry.itemId)}` : 'is empty',
			);
		}
		if (identifyBy !== 'id' && !ref)
			throw inputError(node, itemIndex, `${label}: Item External Ref`, 'is empty');
		switch (identifyBy) {
			case 'id':
				return { id: Number(id), quantity };
			case 'externalRef':
				return { external_ref: ref, quantity };
			case 'combined':
				return { combined: `${ref}-${id}`, quantity };
		}
	});
}

/**
 * KornitX names a refused line by its zero-based index ("Invalid item specified, index N"); this
 * turns it into "entry N+1 of Items" with the line as sent (its item key and quantity).
 */
export function describeRefusedItem(
	message: string,
	items: IDataObject[],
	identifyBy: IdentifyBy,
	why: string,
): string | undefined {
	const invalidItem = /invalid item specified, index (\d+)/i.exec(message);
	if (!invalidItem) return undefined;
	const index = Number(invalidItem[1]);
	const sent = items[index];
	return `KornitX refused entry ${index + 1} of Items (${sent ? JSON.stringify(sent) : 'unknown'}): the item is not on this order under "Identify Order By" = ${identifyBy}, ${why}`;
}

/**
 * Explains KornitX's refusals of a cancellation or shipment: a refused line as its entry of Items,
 * an order whose status forbids it, an order not found under the identifier mode.
 */
export function explainItemLinesRefusal(
	identifyBy: IdentifyBy,
	items: IDataObject[],
	words: { tooMany: string; badStatus: string },
): DescribeError {
	return (message: string, failure: HttpFailure): string | undefined => {
		const refused = describeRefusedItem(message, items, identifyBy, words.tooMany);
		if (refused) return refused;
		if (/invalid order status/i.test(message)) return words.badStatus;
		if (failure.status === 404 || /not found/i.test(message)) return identifyHint(identifyBy);
		return undefined;
	};
}

/**
 * Sends a cancellation or shipment: a POST never resent after an unknown outcome (a repeat would
 * apply it twice), its reply unwrapped. With Dry Run, returns the request instead.
 */
export async function postItemLines(
	ctx: IExecuteFunctions,
	connection: Connection,
	itemIndex: number,
	request: { url: string; body: IDataObject; options: ItemOptions; manyKey: string },
	context: { describe: DescribeError; outcomeUnknownAdvice: string },
): Promise<IDataObject> {
	const { url, body, options } = request;
	if (options.dryRun) return { dryRun: true, method: 'POST', url, body };
	const reply = await kornitxRequest(
		ctx,
		connection,
		{
			method: 'POST',
			url,
			body,
			retryUnknownOutcome: false,
			expect: 'json',
			timeout: options.timeout,
		},
		{ itemIndex, ...context },
	);
	return unwrapReply(reply, request.manyKey);
}

/** The reply of a cancellation or shipment: its one object, or all of them when there are several. */
export function unwrapReply(reply: unknown, manyKey: string): IDataObject {
	if (Array.isArray(reply))
		return reply.length === 1 ? (reply[0] as IDataObject) : { [manyKey]: reply as IDataObject[] };
	return reply as IDataObject;
}
