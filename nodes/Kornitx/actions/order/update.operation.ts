import type { IDataObject, IExecuteFunctions, INode, INodeProperties } from 'n8n-workflow';

import { describeTransitionRefusal, statusOptions, V23_STATUS_CODES } from '../../helpers/statuses';
import { updateDisplayOptions } from '../../helpers/utils';
import { inputError, parseJsonObject, parsePositiveInteger } from '../../helpers/validation';
import {
	graphqlRequest,
	toNodeApiError,
	type Connection,
	type GraphqlReply,
} from '../../transport';
import { runInBatches } from '../../transport/batches';
import { readBatchSize, readOptions } from '../common';
import { dryRunOption, orderIdProperty, timeoutOption } from '../common.descriptions';
import type { ItemResult, OperationEnv } from '../types';

export const DEFAULT_BATCH_SIZE = 50;
export const DEFAULT_RETURN_FIELDS = 'id,shipping_carrier,shipping_method,status,status_name';
/** The OrderInput fields Map Automatically sends by default: documented or inferred (docs/kornitx-api.md). */
export const DEFAULT_FIELDS_TO_SEND =
	'status, shipping_carrier, shipping_method, shipping_tracking, required_dispatch_date';

/** How each item's OrderInput is made: from this node's fields, or from the input item's own fields. */
export type MappingMode = 'defineBelow' | 'autoMapInputData';

const defineBelow = { show: { mappingMode: ['defineBelow'] } };
const autoMap = { show: { mappingMode: ['autoMapInputData'] } };

const properties: INodeProperties[] = [
	{
		displayName: 'Mapping Mode',
		name: 'mappingMode',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Map Automatically',
				value: 'autoMapInputData',
				description:
					"Send the order ID and the fields each input item already has under the API's names (status, shipping_carrier, …)",
			},
			{
				name: 'Map Each Field Below',
				value: 'defineBelow',
				description:
					'Set the order ID and each field to change here, with expressions for data from earlier nodes',
			},
		],
		default: 'defineBelow',
	},
	{ ...orderIdProperty, displayOptions: defineBelow },
	{
		displayName: 'Order ID Field',
		name: 'orderIdField',
		type: 'string',
		required: true,
		default: 'id',
		description: 'The input field (top level) that holds the KornitX order ID, a whole number',
		displayOptions: autoMap,
	},
	{
		displayName: 'Fields to Send',
		name: 'fieldsToSend',
		type: 'string',
		default: DEFAULT_FIELDS_TO_SEND,
		description:
			'Comma-separated input fields (top level), each sent as the OrderInput field of the same name when the item has it; empty values are not sent and other input fields are ignored. KornitX documents status, shipping_carrier and shipping_method; add any other OrderInput field by its API name.',
		displayOptions: autoMap,
	},
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: defineBelow,
		options: [
			{
				displayName: 'Extra Fields (JSON)',
				name: 'extraFieldsJson',
				type: 'json',
				default: '{}',
				description:
					'Further OrderInput fields, sent as given, e.g. {"production_notes": "…"}. Use the API\'s own snake_case names.',
			},
			{
				displayName: 'Required Dispatch Date',
				name: 'requiredDispatchDate',
				type: 'string',
				default: '',
				placeholder: '2026-12-01',
				description: 'Sent as required_dispatch_date, as given',
			},
			{
				displayName: 'Shipping Carrier',
				name: 'shippingCarrier',
				type: 'string',
				default: '',
				placeholder: 'Royal Mail',
			},
			{
				displayName: 'Shipping Method',
				name: 'shippingMethod',
				type: 'string',
				default: '',
				placeholder: 'Tracked 24',
			},
			{
				displayName: 'Shipping Tracking',
				name: 'shippingTracking',
				type: 'string',
				default: '',
			},
			{
				displayName: 'Status',
				name: 'status',
				type: 'options',
				options: statusOptions(V23_STATUS_CODES),
				default: 4,
			},
		],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Batch Size',
				name: 'batchSize',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 500 },
				default: DEFAULT_BATCH_SIZE,
				description: 'Max number of input items sent in one updateOrders mutation',
			},
			dryRunOption,
			{
				displayName: 'Return Fields',
				name: 'returnFields',
				type: 'string',
				default: DEFAULT_RETURN_FIELDS,
				description:
					'Comma-separated order fields to return. A GraphQL selection such as "ref status items { sku quantity }" is used as written.',
			},
			timeoutOption,
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['order'], operation: ['update'] } },
	properties,
);

const FIELD_MAP: Record<string, string> = {
	status: 'status',
	shippingCarrier: 'shipping_carrier',
	shippingMethod: 'shipping_method',
	shippingTracking: 'shipping_tracking',
	requiredDispatchDate: 'required_dispatch_date',
};

const GRAPHQL_NAME = /^[_A-Za-z][_0-9A-Za-z]*$/;

/** Fails, naming the parameter `label` (read from item 0), when `field` is not a GraphQL name. */
function checkFieldName(node: INode, label: string, field: string, what: string): void {
	if (!GRAPHQL_NAME.test(field))
		throw inputError(node, 0, label, `holds "${field}", which is not ${what}`);
}

/** The GraphQL selection set from the Return Fields option. */
export function selectionSet(ctx: IExecuteFunctions, returnFields: string): string {
	const trimmed = returnFields.trim() || DEFAULT_RETURN_FIELDS;
	if (trimmed.includes('{')) return trimmed;
	const fields = trimmed.split(/[\s,]+/).filter(Boolean);
	for (const field of fields)
		checkFieldName(ctx.getNode(), 'Return Fields', field, 'a GraphQL field name');
	return fields.join(' ');
}

export function updateOrdersMutation(selection: string): string {
	return `mutation KornitxUpdateOrders($orders: [OrderInput]) { core { updateOrders(orders: $orders) { ${selection} } } }`;
}

/**
 * One OrderInput field's value as sent: status codes as integers (a string of digits is
 * accepted), text trimmed, anything else as given. `undefined` when the value is empty (not sent).
 */
function orderInputValue(
	node: INode,
	itemIndex: number,
	apiField: string,
	label: string,
	value: unknown,
): unknown {
	if (value === undefined || value === null || value === '') return undefined;
	if (apiField === 'status') {
		const status = typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : value;
		if (typeof status !== 'number' || !Number.isInteger(status)) {
			throw inputError(
				node,
				itemIndex,
				label,
				`must be a status code, got ${JSON.stringify(value)}`,
			);
		}
		return status;
	}
	return typeof value === 'string' ? value.trim() : value;
}

/** One item's OrderInput from this node's fields (Map Each Field Below), checked before anything is sent. */
function buildOrderInput(ctx: IExecuteFunctions, itemIndex: number): IDataObject {
	const node = ctx.getNode();
	const id = parsePositiveInteger(
		node,
		itemIndex,
		'Order ID',
		ctx.getNodeParameter('orderId', itemIndex),
	);
	const fields = ctx.getNodeParameter('updateFields', itemIndex, {}) as IDataObject;
	const extra =
		parseJsonObject(node, itemIndex, 'Extra Fields (JSON)', fields.extraFieldsJson) ?? {};
	const input: IDataObject = { id };
	for (const [key, value] of Object.entries(extra)) {
		if (key === 'id')
			throw inputError(
				node,
				itemIndex,
				'Extra Fields (JSON)',
				'must not set "id": use the Order ID field',
			);
		input[key] = value;
	}
	for (const [parameter, apiField] of Object.entries(FIELD_MAP)) {
		const value = orderInputValue(
			node,
			itemIndex,
			apiField,
			parameter === 'status' ? 'Status' : parameter,
			fields[parameter],
		);
		if (value === undefined) continue;
		if (apiField in extra) {
			throw inputError(
				node,
				itemIndex,
				'Extra Fields (JSON)',
				`sets "${apiField}", which is also set by the ${parameter} field; keep one`,
			);
		}
		input[apiField] = value as IDataObject[string];
	}
	if (Object.keys(input).length === 1) {
		throw inputError(
			node,
			itemIndex,
			'Update Fields',
			'is empty: add at least one field to change',
		);
	}
	return input;
}

/** What Map Automatically reads from each input item; read once, from the first item. */
export interface AutoMapping {
	orderIdField: string;
	fieldsToSend: string[];
}

const TOP_LEVEL_FIELD = /^[^\s.,]+$/;

export function readAutoMapping(ctx: IExecuteFunctions): AutoMapping {
	const node = ctx.getNode();
	const orderIdField = String(ctx.getNodeParameter('orderIdField', 0, 'id') ?? '').trim();
	if (!TOP_LEVEL_FIELD.test(orderIdField)) {
		throw inputError(
			node,
			0,
			'Order ID Field',
			orderIdField ? `must name one top-level input field, got "${orderIdField}"` : 'is empty',
		);
	}
	const fieldsToSend = String(ctx.getNodeParameter('fieldsToSend', 0, DEFAULT_FIELDS_TO_SEND) ?? '')
		.split(',')
		.map((field) => field.trim())
		.filter(Boolean);
	if (fieldsToSend.length === 0)
		throw inputError(node, 0, 'Fields to Send', 'is empty: name at least one field to change');
	for (const field of fieldsToSend) {
		checkFieldName(node, 'Fields to Send', field, 'an OrderInput field name');
		if (field === 'id' || field === orderIdField) {
			throw inputError(
				node,
				0,
				'Fields to Send',
				`must not hold "${field}": the order is identified by the Order ID Field`,
			);
		}
	}
	return { orderIdField, fieldsToSend };
}

/** One item's OrderInput from the item's own fields (Map Automatically), checked before anything is sent. */
function mapOrderInput(
	node: INode,
	json: IDataObject,
	itemIndex: number,
	mapping: AutoMapping,
): IDataObject {
	const { orderIdField, fieldsToSend } = mapping;
	if (!(orderIdField in json)) {
		throw inputError(
			node,
			itemIndex,
			'Order ID Field',
			`names "${orderIdField}", which this item does not have`,
			'Set Order ID Field to the input field that holds the KornitX order ID.',
		);
	}
	const id = parsePositiveInteger(
		node,
		itemIndex,
		`Order ID (input field "${orderIdField}")`,
		json[orderIdField],
	);
	const input: IDataObject = { id };
	for (const field of fieldsToSend) {
		const value = orderInputValue(node, itemIndex, field, `Input field "${field}"`, json[field]);
		if (value !== undefined) input[field] = value as IDataObject[string];
	}
	if (Object.keys(input).length === 1) {
		throw inputError(
			node,
			itemIndex,
			'Fields to Send',
			`(${fieldsToSend.join(', ')}): none is set on this item, so there is nothing to change`,
		);
	}
	return input;
}

/** An item read and checked, waiting to be sent in a batch. */
interface Pending {
	itemIndex: number;
	input: IDataObject;
}

/** The index into `updateOrders` a GraphQL error points at, if any. */
function errorIndex(error: IDataObject): number | undefined {
	const path = error.path as unknown;
	if (!Array.isArray(path)) return undefined;
	const at = path.indexOf('updateOrders');
	const index = at >= 0 ? path[at + 1] : undefined;
	return typeof index === 'number' ? index : undefined;
}

async function orderError(
	ctx: IExecuteFunctions,
	connection: Connection,
	itemIndex: number,
	input: IDataObject,
	message: string,
): Promise<Error> {
	return await toNodeApiError(
		ctx,
		connection,
		{ message, status: 200, body: { error: { message, code: 0 } } },
		{
			itemIndex,
			request: `POST ${connection.graphqlUrl} (updateOrders, order ${String(input.id)})`,
			describe: (text) => {
				if (/invalid status transition/i.test(text) && typeof input.status === 'number')
					return describeTransitionRefusal(input.status);
				if (/not found/i.test(text))
					return `No order has the KornitX order ID ${String(input.id)}. Update Orders identifies orders by their numeric KornitX ID only.`;
				return undefined;
			},
		},
	);
}

/** Pairs one updateOrders reply back to the items of its batch. */
async function splitReply(
	ctx: IExecuteFunctions,
	connection: Connection,
	batch: Pending[],
	reply: GraphqlReply,
): Promise<Array<ItemResult | Error>> {
	const core = reply.data?.core as IDataObject | undefined;
	const orders = Array.isArray(core?.updateOrders)
		? (core!.updateOrders as Array<IDataObject | null>)
		: [];
	const perIndex = new Map<number, string[]>();
	const general: string[] = [];
	for (const error of reply.errors) {
		const index = errorIndex(error);
		const text = String(error.message ?? 'GraphQL error');
		if (index === undefined || index >= batch.length) general.push(text);
		else perIndex.set(index, [...(perIndex.get(index) ?? []), text]);
	}
	return await Promise.all(
		batch.map(async ({ itemIndex, input }, position) => {
			const own = perIndex.get(position);
			const order = orders[position];
			if (own) return await orderError(ctx, connection, itemIndex, input, own.join('; '));
			if (order && typeof order === 'object') return order;
			const reason = general.length
				? general.join('; ')
				: 'KornitX returned no order for this input';
			return await orderError(ctx, connection, itemIndex, input, reason);
		}),
	);
}

/**
 * Reads the items in order and sends one updateOrders mutation per `batchSize` valid items, through
 * the batch scheduler in transport/batches.ts (one mutation in flight, the next batch read while the
 * previous one is answered). With `stopOnError` nothing is sent after the first failing item: the
 * items before it are sent, those after it stay unstarted (undefined).
 */
export async function executeBatch(
	this: IExecuteFunctions,
	itemIndexes: number[],
	env: OperationEnv,
	stopOnError: boolean,
): Promise<Array<ItemResult | Error | undefined>> {
	// Options and the mapping shape the whole run, so they are read once, from the first item. If
	// they are unusable, no item can be sent: each gets the error (only the first one with stopOnError).
	let options: ReturnType<typeof readOptions>;
	let query: string;
	let readInput: (itemIndex: number) => IDataObject;
	try {
		options = readOptions(this, 0);
		query = updateOrdersMutation(
			selectionSet(this, String(options.values.returnFields ?? DEFAULT_RETURN_FIELDS)),
		);
		const mappingMode = this.getNodeParameter('mappingMode', 0, 'defineBelow') as MappingMode;
		if (mappingMode === 'autoMapInputData') {
			// No expressions to evaluate per item: each item's own fields are read as they are.
			const mapping = readAutoMapping(this);
			const node = this.getNode();
			const items = this.getInputData();
			readInput = (itemIndex) => mapOrderInput(node, items[itemIndex].json, itemIndex, mapping);
		} else {
			readInput = (itemIndex) => buildOrderInput(this, itemIndex);
		}
	} catch (error) {
		return itemIndexes.map((_, position) =>
			stopOnError && position > 0 ? undefined : (error as Error),
		);
	}
	const batchSize = readBatchSize(options.values.batchSize, DEFAULT_BATCH_SIZE);
	const { dryRun, timeout } = options;

	return await runInBatches<Pending, ItemResult>({
		count: itemIndexes.length,
		batchSize,
		stopOnError,
		read: (position) => {
			const itemIndex = itemIndexes[position];
			const input = readInput(itemIndex);
			if (dryRun) {
				return {
					result: {
						dryRun: true,
						method: 'POST',
						url: env.connection.graphqlUrl,
						body: { query, variables: { orders: [input] } },
					},
				};
			}
			return { send: { itemIndex, input } };
		},
		send: async (batch) => {
			const entries = batch.map((entry) => entry.value);
			const reply = await graphqlRequest(
				this,
				env.connection,
				{ query, variables: { orders: entries.map((entry) => entry.input) } },
				{ itemIndex: entries[0].itemIndex, timeout },
			);
			return await splitReply(this, env.connection, entries, reply);
		},
	});
}
