import type {
	IDataObject,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import {
	fetchExportRows,
	INCLUDE_OPTIONS,
	includeOptionProperties,
	outputOption,
	type ExportQuery,
} from '../Kornitx/shared/export';
import { ALL_STATUS_CODES, statusOptions } from '../Kornitx/helpers/statuses';
import { getConnection } from '../Kornitx/transport';
import { planPoll, type TriggerEvent, type TriggerState } from './poll';

export class KornitxTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'KornitX Trigger',
		name: 'kornitxTrigger',
		icon: { light: 'file:../../icons/kornitx.svg', dark: 'file:../../icons/kornitx.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle:
			'={{$parameter["event"] === "orderCompleted" ? "Order completed" : "Order entered status"}}',
		description:
			'Starts the workflow when KornitX orders reach a status or complete (polls the Order Details Export API)',
		defaults: { name: 'KornitX Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'kornitxOAuth2Api', required: true }],
		properties: [
			{
				displayName: 'Event',
				name: 'event',
				type: 'options',
				options: [
					{
						name: 'Order Entered Status',
						value: 'orderEnteredStatus',
						description: 'An order is newly seen in one of the selected statuses',
					},
					{
						name: 'Order Completed',
						value: 'orderCompleted',
						description: 'An order got a completion time after the last poll',
					},
				],
				default: 'orderEnteredStatus',
			},
			{
				displayName: 'Statuses',
				name: 'statuses',
				type: 'multiOptions',
				options: statusOptions(ALL_STATUS_CODES),
				default: [8],
				description:
					'For "Order Entered Status": the statuses to watch. For "Order Completed": only orders in these statuses (leave empty for any).',
			},
			{
				displayName:
					'Each poll exports every order currently in the selected statuses. Prefer statuses orders pass through (e.g. Received by Supplier) or "Order Completed" for terminal ones like Dispatched.',
				name: 'pollNotice',
				type: 'notice',
				default: '',
				displayOptions: { show: { event: ['orderEnteredStatus'] } },
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [...includeOptionProperties, outputOption],
			},
		],
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const event = this.getNodeParameter('event') as TriggerEvent;
		const statuses = (this.getNodeParameter('statuses', []) as Array<number | string>).map(Number);
		const options = this.getNodeParameter('options', {}) as IDataObject;
		if (event === 'orderEnteredStatus' && statuses.length === 0) {
			throw new NodeOperationError(
				this.getNode(),
				'Statuses is empty: choose at least one status to watch',
			);
		}
		const include: ExportQuery['include'] = {};
		for (const name of INCLUDE_OPTIONS) include[name] = options[name] === true;

		const state = this.getWorkflowStaticData('node') as TriggerState;
		const manual = this.getMode() === 'manual';
		const plan = planPoll(event, state, { manual, now: new Date(), statuses });
		const connection = await getConnection(this, 'oAuth2');
		const rows = await fetchExportRows(
			this,
			connection,
			{
				statuses: statuses.length ? statuses : undefined,
				completedAfter: plan.completedAfter,
				include,
			},
			{ itemIndex: 0 },
		);
		// Only a poll that succeeded gets here: the cursor and seen-set move now, never before.
		const { emit, nextState } = plan.settle(rows, options.output === 'rows' ? 'rows' : 'orders');
		if (!manual) {
			for (const key of Object.keys(state)) delete (state as IDataObject)[key];
			Object.assign(state, nextState);
		}
		if (!emit.length) return null;
		return [this.helpers.returnJsonArray(emit)];
	}
}
