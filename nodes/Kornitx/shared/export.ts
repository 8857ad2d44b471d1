import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { kornitxRequest, toNodeApiError, type Connection, type KornitxContext } from '../transport';

/*
 * The Order Details Export (docs/kornitx-api.md §6) as both Order → Export and the KornitX Trigger
 * use it: the include options and output fields they both show, the export URL with its filters,
 * and fetching the rows. Each node keeps its own fields and what it does with the rows.
 */

export const INCLUDE_OPTIONS = [
	'includeProductOwner',
	'includeProductPrice',
	'includeProductEcommerceInfo',
	'includeAttributes',
] as const;

/** Filters, include options and output shared by Order → Export and the trigger. */
export const includeOptionProperties: INodeProperties[] = [
	{
		displayName: 'Include Attributes',
		name: 'includeAttributes',
		type: 'boolean',
		default: false,
		description: 'Whether to include item attributes (items__attributes__…)',
	},
	{
		displayName: 'Include Product E-Commerce Info',
		name: 'includeProductEcommerceInfo',
		type: 'boolean',
		default: false,
		description: "Whether to include the products' e-commerce details",
	},
	{
		displayName: 'Include Product Owner',
		name: 'includeProductOwner',
		type: 'boolean',
		default: false,
		description: 'Whether to include the company that owns each product',
	},
	{
		displayName: 'Include Product Price',
		name: 'includeProductPrice',
		type: 'boolean',
		default: false,
		description: 'Whether to include product prices',
	},
];

export const outputOption: INodeProperties = {
	displayName: 'Output',
	name: 'output',
	type: 'options',
	options: [
		{
			name: 'Orders',
			value: 'orders',
			description: 'One item per order, its order items in an "items" array, "a__b" columns nested',
		},
		{
			name: 'Rows',
			value: 'rows',
			description: 'One item per order item, flat, as KornitX returns them',
		},
	],
	default: 'orders',
};

export interface ExportQuery {
	statuses?: number[];
	/** Already in KornitX's `Y-m-d H:i:s` UTC form. */
	completedAfter?: string;
	include?: Partial<Record<(typeof INCLUDE_OPTIONS)[number], boolean>>;
}

function encodeQueryPart(value: string): string {
	return encodeURIComponent(value)
		.replace(/%5B/g, '[')
		.replace(/%5D/g, ']')
		.replace(/%3A/g, ':')
		.replace(/%2C/g, ',');
}

/** The export URL with its filters and options (docs/kornitx-api.md §6); the space in dates is sent as %20. */
export function exportUrl(base: string, query: ExportQuery): string {
	const parts: string[] = [];
	if (query.statuses?.length)
		parts.push(
			`${encodeQueryPart('filter[status:in]')}=${encodeQueryPart(query.statuses.join(','))}`,
		);
	if (query.completedAfter) {
		parts.push(
			`${encodeQueryPart('filter[completion_datetime:gt]')}=${encodeQueryPart(query.completedAfter)}`,
		);
	}
	for (const name of INCLUDE_OPTIONS) {
		if (query.include?.[name]) parts.push(`${encodeQueryPart(`options[${name}]`)}=1`);
	}
	if (!parts.length) return base;
	return `${base}${base.includes('?') ? '&' : '?'}${parts.join('&')}`;
}

/** Fetches export rows; the reply may be a top-level array or `{ data: [...] }` (inferred). */
export async function fetchExportRows(
	ctx: KornitxContext,
	connection: Connection,
	query: ExportQuery,
	context: { itemIndex: number; timeout?: number },
): Promise<IDataObject[]> {
	const url = exportUrl(connection.exportUrl, query);
	const reply = await kornitxRequest(
		ctx,
		connection,
		{ method: 'GET', url, retryUnknownOutcome: true, expect: 'json', timeout: context.timeout },
		{ itemIndex: context.itemIndex },
	);
	const rows = Array.isArray(reply) ? reply : (reply as IDataObject).data;
	if (!Array.isArray(rows)) {
		throw await toNodeApiError(
			ctx,
			connection,
			{ message: 'unexpected export reply', status: 200 },
			{
				itemIndex: context.itemIndex,
				request: `GET ${url}`,
				describe: () =>
					'KornitX answered with neither an array of rows nor { "data": [...] }. Check the credential\'s Export URL.',
			},
		);
	}
	return rows.filter(
		(row): row is IDataObject => typeof row === 'object' && row !== null && !Array.isArray(row),
	);
}
