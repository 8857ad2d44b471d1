import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { joinUrl, shipmentPath, type IdentifyBy } from '../../helpers/paths';
import { updateDisplayOptions } from '../../helpers/utils';
import { inputError } from '../../helpers/validation';
import { readIdentifyBy, readOptions, readOrderIdentity } from '../common';
import {
	concurrencyOption,
	dryRunOption,
	identityProperties,
	optionsCollection,
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

/** The `status` the one integration seen always sends; its meaning is unpublished (docs/kornitx-api.md §12). */
export const DEFAULT_SHIPMENT_STATUS = 200;

const properties: INodeProperties[] = [
	{
		displayName:
			'One shipment is one package: its items and quantities, carrier and tracking. Ship an order in several packages by creating several shipments.',
		name: 'shipmentNotice',
		type: 'notice',
		default: '',
	},
	...identityProperties,
	...itemLineProperties('ship'),
	{
		displayName: 'Carrier',
		name: 'carrier',
		type: 'string',
		default: '',
		placeholder: 'DPD',
		description: 'The carrier of this package, sent as "carrier" (not sent when empty)',
	},
	{
		displayName: 'Tracking',
		name: 'tracking',
		type: 'string',
		default: '',
		placeholder: 'JD12345876A',
		description: 'The tracking number of this package, sent as "tracking" (not sent when empty)',
	},
	{
		displayName: 'Tracking URL',
		name: 'trackingUrl',
		type: 'string',
		default: '',
		placeholder: 'https://track.example.com/JD12345876A',
		description:
			'Where the retailer can track this package, sent as "tracking_url" (not sent when empty). KornitX passes it on in status notifications.',
	},
	optionsCollection([
		concurrencyOption,
		dryRunOption,
		{
			displayName: 'Shipment Status',
			name: 'shipmentStatus',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: DEFAULT_SHIPMENT_STATUS,
			description:
				'The "status" value sent with the shipment. KornitX does not publish its meaning; 200 is what a working integration sends. Change it only if KornitX support tells you to.',
		},
		timeoutOption,
	]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['shipment'], operation: ['create'] } },
	properties,
);

function readShipmentStatus(ctx: IExecuteFunctions, itemIndex: number, value: unknown): number {
	if (value === undefined || value === null || value === '') return DEFAULT_SHIPMENT_STATUS;
	const status = typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : value;
	if (typeof status !== 'number' || !Number.isInteger(status) || status < 0) {
		throw inputError(
			ctx.getNode(),
			itemIndex,
			'Shipment Status',
			`must be a whole number, got ${JSON.stringify(value)}`,
		);
	}
	return status;
}

function explain(identifyBy: IdentifyBy, items: IDataObject[]) {
	return explainItemLinesRefusal(identifyBy, items, {
		tooMany:
			'or the quantity is more than is left to ship (ordered minus shipped and cancelled). Nothing was shipped.',
		badStatus:
			"The order's status no longer allows shipments (for example it is already dispatched or cancelled). Nothing was shipped.",
	});
}

/** Shipment → Create: one package of an order (docs/kornitx-api.md §12). */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	env: OperationEnv,
): Promise<IDataObject> {
	const identifyBy = readIdentifyBy(this, itemIndex);
	const identity = readOrderIdentity(this, itemIndex, identifyBy);
	const items = buildItemLines(this, itemIndex, identifyBy, 'ship');
	const options = readOptions(this, itemIndex);
	const body: IDataObject = {
		status: readShipmentStatus(this, itemIndex, options.values.shipmentStatus),
	};
	for (const [parameter, apiField] of [
		['carrier', 'carrier'],
		['tracking', 'tracking'],
		['trackingUrl', 'tracking_url'],
	] as const) {
		const value = text(this.getNodeParameter(parameter, itemIndex, ''));
		if (value) body[apiField] = value;
	}
	body.items = items;
	const url = joinUrl(env.connection.restBaseUrl, ...shipmentPath(identifyBy, identity));
	return await postItemLines(
		this,
		env.connection,
		itemIndex,
		{ url, body, options, manyKey: 'shipments' },
		{
			describe: explain(identifyBy, items),
			outcomeUnknownAdvice:
				"KornitX may have recorded this shipment. It was not sent again, because a repeat could ship the items twice: check the order's shipments in the KornitX UI (or the shipped quantities with Order → Export) before retrying.",
		},
	);
}
