import type { IDataObject, IExecuteFunctions, INodeProperties, NodeApiError } from 'n8n-workflow';

import { joinUrl } from '../../helpers/paths';
import { updateDisplayOptions } from '../../helpers/utils';
import { inputError, parseNonEmptyString } from '../../helpers/validation';
import { kornitxRequest, type Connection } from '../../transport';
import { runInBatches } from '../../transport/batches';
import { readBatchSize, readOptions } from '../common';
import { dryRunOption, optionsCollection, timeoutOption } from '../common.descriptions';
import type { ItemResult, OperationEnv } from '../types';

export const DEFAULT_STOCK_BATCH_SIZE = 100;

/** An input item read and checked, waiting in a batch. */
interface Pending {
	itemIndex: number;
	input: StockEntry;
}

/** One entry per item of a batch: its output, its error, or undefined when it was not sent. */
type BatchOutcome = ItemResult | Error | undefined;

type ProductKey = 'sku' | 'barcode';

const properties: INodeProperties[] = [
	{
		displayName: 'Identify Product By',
		name: 'identifyProductBy',
		type: 'options',
		options: [
			{
				name: 'SKU',
				value: 'sku',
				description: 'Your fulfiller SKU of the stock product, as KornitX holds it',
			},
			{
				name: 'Barcode',
				value: 'barcode',
				description: "The stock product's barcode",
			},
		],
		default: 'sku',
	},
	{
		displayName: 'SKU',
		name: 'sku',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'TSHIRT-BLK-M',
		description: 'The fulfiller SKU of the stock product',
		displayOptions: { show: { identifyProductBy: ['sku'] } },
	},
	{
		displayName: 'Barcode',
		name: 'barcode',
		type: 'string',
		required: true,
		default: '',
		placeholder: '5012345678900',
		description: 'The barcode of the stock product',
		displayOptions: { show: { identifyProductBy: ['barcode'] } },
	},
	{
		displayName: 'Quantity Available',
		name: 'quantityAvailable',
		type: 'number',
		required: true,
		typeOptions: { minValue: 0, numberPrecision: 0 },
		default: 0,
		description:
			'How many units are available now, a whole number (0 = out of stock). It replaces the quantity KornitX holds.',
	},
	optionsCollection([
		{
			displayName: 'Batch Size',
			name: 'batchSize',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 1000 },
			default: DEFAULT_STOCK_BATCH_SIZE,
			description: 'Max number of input items (stock products) sent in one request',
		},
		dryRunOption,
		timeoutOption,
	]),
];

export const description = updateDisplayOptions(
	{ show: { authentication: ['apiKey'], resource: ['stock'], operation: ['updateAvailability'] } },
	properties,
);

/** One entry of the PUT body (docs/kornitx-api.md §13). */
interface StockEntry {
	key: ProductKey;
	value: string;
	quantity: number;
}

function readEntry(ctx: IExecuteFunctions, itemIndex: number): StockEntry {
	const node = ctx.getNode();
	const key: ProductKey =
		ctx.getNodeParameter('identifyProductBy', itemIndex, 'sku') === 'barcode' ? 'barcode' : 'sku';
	const value = parseNonEmptyString(
		node,
		itemIndex,
		key === 'sku' ? 'SKU' : 'Barcode',
		ctx.getNodeParameter(key, itemIndex, ''),
	).trim();
	const raw = ctx.getNodeParameter('quantityAvailable', itemIndex, undefined);
	const quantity = typeof raw === 'string' && /^\d+$/.test(raw.trim()) ? Number(raw) : raw;
	if (typeof quantity !== 'number' || !Number.isSafeInteger(quantity) || quantity < 0) {
		throw inputError(
			node,
			itemIndex,
			'Quantity Available',
			`must be a whole number of 0 or more, got ${typeof raw === 'number' ? String(raw) : JSON.stringify(raw ?? null)}`,
		);
	}
	return { key, value, quantity };
}

function bodyEntry(entry: StockEntry): IDataObject {
	return { [entry.key]: entry.value, data: { quantity_available: entry.quantity } };
}

function output(entry: StockEntry, response?: unknown): IDataObject {
	const result: IDataObject = {
		success: true,
		[entry.key]: entry.value,
		quantityAvailable: entry.quantity,
	};
	if (
		response !== undefined &&
		response !== null &&
		response !== '' &&
		!(typeof response === 'object' && Object.keys(response).length === 0)
	) {
		result.response = response as IDataObject;
	}
	return result;
}

/** The zero-based entry KornitX names when it refuses one ("… index N"), if it does. */
function refusedIndex(error: unknown, size: number): number | undefined {
	const { httpCode, description, message } = error as NodeApiError;
	if (httpCode !== '400' && httpCode !== '404' && httpCode !== '422') return undefined;
	const match = /index (\d+)/i.exec(`${message} ${description ?? ''}`);
	const index = match ? Number(match[1]) : undefined;
	return index !== undefined && index < size ? index : undefined;
}

/**
 * Sends one batch. The reply is unpublished: an array as long as the batch is paired entry by
 * entry, anything else is attached to every item. When KornitX refuses one entry by its index,
 * that item fails and the others are sent again without it (stock updates set a quantity, so a
 * repeat is harmless); with `stopOnError` only the entries before it are.
 */
async function sendBatch(
	ctx: IExecuteFunctions,
	connection: Connection,
	url: string,
	timeout: number,
	batch: Pending[],
	stopOnError: boolean,
): Promise<BatchOutcome[]> {
	const outcomes: BatchOutcome[] = batch.map(() => undefined);
	let remaining = batch.map((_, offset) => offset);
	while (remaining.length > 0) {
		const sending = remaining;
		try {
			const reply = await kornitxRequest(
				ctx,
				connection,
				{
					method: 'PUT',
					url,
					body: sending.map((offset) => bodyEntry(batch[offset].input)),
					retryUnknownOutcome: true,
					expect: 'any',
					timeout,
				},
				{
					itemIndex: batch[sending[0]].itemIndex,
					describe: (message) =>
						/index \d+/i.test(message)
							? 'KornitX knows no stock product with this SKU or barcode for your company. Check the value, or "Identify Product By".'
							: undefined,
				},
			);
			const paired = Array.isArray(reply) && reply.length === sending.length;
			sending.forEach((offset, position) => {
				outcomes[offset] = output(
					batch[offset].input,
					paired ? (reply as unknown[])[position] : reply,
				);
			});
			return outcomes;
		} catch (error) {
			const refused = refusedIndex(error, sending.length);
			if (refused === undefined) {
				// The whole request failed: every item still waiting carries the error.
				for (const offset of sending) outcomes[offset] = error as Error;
				return outcomes;
			}
			const offset = sending[refused];
			const refusedError = error as NodeApiError;
			refusedError.message = `${refusedError.message} (${batch[offset].input.key} "${batch[offset].input.value}", item ${batch[offset].itemIndex})`;
			refusedError.context = { ...refusedError.context, itemIndex: batch[offset].itemIndex };
			outcomes[offset] = refusedError;
			remaining = stopOnError
				? sending.slice(0, refused)
				: sending.filter((_, position) => position !== refused);
		}
	}
	return outcomes;
}

/** Stock → Update Availability (v2.2, API key; docs/kornitx-api.md §13): one PUT per batch, in input order. */
export async function executeBatch(
	this: IExecuteFunctions,
	itemIndexes: number[],
	env: OperationEnv,
	stopOnError: boolean,
): Promise<Array<ItemResult | Error | undefined>> {
	const options = readOptions(this, 0);
	const url = joinUrl(env.connection.restBaseUrl, 'stock', 'availability');
	return await runInBatches<Pending, ItemResult | undefined>({
		count: itemIndexes.length,
		batchSize: readBatchSize(options.values.batchSize, DEFAULT_STOCK_BATCH_SIZE),
		stopOnError,
		read: (position) => {
			const itemIndex = itemIndexes[position];
			const input = readEntry(this, itemIndex);
			return options.dryRun
				? { result: { dryRun: true, method: 'PUT', url, body: [bodyEntry(input)] } }
				: { send: { itemIndex, input } };
		},
		send: async (batch) =>
			await sendBatch(
				this,
				env.connection,
				url,
				options.timeout,
				batch.map((entry) => entry.value),
				stopOnError,
			),
	});
}
