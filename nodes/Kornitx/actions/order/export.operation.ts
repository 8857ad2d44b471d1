import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { toKornitxUtc } from '../../helpers/dates';
import { groupRowsIntoOrders } from '../../helpers/rows';
import { ALL_STATUS_CODES, statusOptions } from '../../helpers/statuses';
import { updateDisplayOptions } from '../../helpers/utils';
import { inputError } from '../../helpers/validation';
import {
	fetchExportRows,
	INCLUDE_OPTIONS,
	includeOptionProperties,
	outputOption,
	type ExportQuery,
} from '../../shared/export';
import { readLimit, readOptions } from '../common';
import { returnAllLimitProperties, timeoutOption } from '../common.descriptions';
import type { OperationEnv } from '../types';

const properties: INodeProperties[] = [
	...returnAllLimitProperties,
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			{
				displayName: 'Completed After',
				name: 'completedAfter',
				type: 'dateTime',
				default: '',
				description:
					"Only orders completed after this moment (read in the workflow's timezone, sent in UTC)",
			},
			{
				displayName: 'Statuses',
				name: 'statuses',
				type: 'multiOptions',
				options: statusOptions(ALL_STATUS_CODES),
				default: [],
				description: 'Only orders in one of these statuses',
			},
		],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [...includeOptionProperties, outputOption, timeoutOption],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['order'], operation: ['export'] } },
	properties,
);

function readStatuses(ctx: IExecuteFunctions, itemIndex: number, value: unknown): number[] {
	const list = Array.isArray(value)
		? value
		: typeof value === 'string' && value.trim()
			? value.split(',')
			: [];
	return list.map((entry) => {
		const code = typeof entry === 'number' ? entry : Number(String(entry).trim());
		if (!Number.isInteger(code) || code < 0) {
			throw inputError(
				ctx.getNode(),
				itemIndex,
				'Filters › Statuses',
				`holds ${JSON.stringify(entry)}, which is not a status code`,
			);
		}
		return code;
	});
}

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	env: OperationEnv,
): Promise<IDataObject[]> {
	const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const completedAfter = toKornitxUtc(filters.completedAfter, this.getTimezone());
	if (completedAfter === null) {
		throw inputError(
			this.getNode(),
			itemIndex,
			'Filters › Completed After',
			`is not a date: ${JSON.stringify(filters.completedAfter)}`,
		);
	}
	const include: ExportQuery['include'] = {};
	const options = readOptions(this, itemIndex);
	for (const name of INCLUDE_OPTIONS) include[name] = options.values[name] === true;
	const limit = readLimit(this, itemIndex);
	const rows = await fetchExportRows(
		this,
		env.connection,
		{ statuses: readStatuses(this, itemIndex, filters.statuses), completedAfter, include },
		{ itemIndex, timeout: options.timeout },
	);
	if (options.values.output === 'rows') return limit === undefined ? rows : rows.slice(0, limit);
	return groupRowsIntoOrders(rows, limit);
}
