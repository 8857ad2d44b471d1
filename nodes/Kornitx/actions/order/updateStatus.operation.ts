import type {
	IDataObject,
	IExecuteFunctions,
	INodeProperties,
	INodePropertyOptions,
} from 'n8n-workflow';

import { joinUrl, orderStatusPath, type IdentifyBy, type OrderIdentity } from '../../helpers/paths';
import {
	describeTransitionRefusal,
	statusName,
	statusLabel,
	statusOptions,
	transitionTable,
	V22_STATUS_CODES,
	V23_STATUS_CODES,
} from '../../helpers/statuses';
import { updateDisplayOptions } from '../../helpers/utils';
import { inputError } from '../../helpers/validation';
import { kornitxRequest, type HttpFailure } from '../../transport';
import { readIdentifyBy, readOptions, readOrderIdentity } from '../common';
import {
	concurrencyOption,
	dryRunOption,
	identifyHint,
	identityProperties,
	orderIdProperty,
	timeoutOption,
} from '../common.descriptions';
import type { OperationEnv } from '../types';

const oauth = { show: { authentication: ['oAuth2'] } };
const apiKey = { show: { authentication: ['apiKey'] } };

/**
 * Status, once per node version: version 1 defaulted to Dispatched (8), and saved workflows omit
 * parameters left at their default, so v1 nodes keep it; from 1.1 a new node starts with no status
 * and the editor asks for one, so filling in only the ID can no longer dispatch an order.
 */
function statusProperties(
	options: INodePropertyOptions[],
	description: string,
	auth: { show: { authentication: string[] } },
): INodeProperties[] {
	const base = {
		displayName: 'Status',
		name: 'status',
		type: 'options' as const,
		options,
		description,
	};
	return [
		{ ...base, default: 8, displayOptions: { show: { ...auth.show, '@version': [1] } } },
		{
			...base,
			default: '',
			required: true,
			displayOptions: { show: { ...auth.show, '@version': [{ _cnd: { gte: 1.1 } }] } },
		},
	];
}

const properties: INodeProperties[] = [
	{
		displayName:
			'KornitX asks fulfillers to wait about 20 minutes after receiving an order before sending its first status update',
		name: 'waitNotice',
		type: 'notice',
		default: '',
	},
	...identityProperties.map((property) => ({
		...property,
		displayOptions: { show: { ...oauth.show, ...property.displayOptions?.show } },
	})),
	{ ...orderIdProperty, displayOptions: apiKey },
	...statusProperties(
		statusOptions(V23_STATUS_CODES),
		`The order status to set. KornitX allows only these moves: ${transitionTable()}.`,
		oauth,
	),
	...statusProperties(
		statusOptions(V22_STATUS_CODES),
		'The order status to set (the v2.2 API can dispatch or cancel)',
		apiKey,
	),
	{
		displayName: 'Shipping Tracking',
		name: 'shippingTracking',
		type: 'string',
		default: '',
		description: 'Tracking number sent with a dispatch (v2.2 only)',
		displayOptions: apiKey,
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [concurrencyOption, dryRunOption, timeoutOption],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['order'], operation: ['updateStatus'] } },
	properties,
);

function readStatus(ctx: IExecuteFunctions, itemIndex: number, allowed: readonly number[]): number {
	const raw = ctx.getNodeParameter('status', itemIndex);
	if (raw === '' || raw === undefined || raw === null) {
		throw inputError(
			ctx.getNode(),
			itemIndex,
			'Status',
			`is not set: choose one of ${allowed.map(statusLabel).join(', ')}`,
		);
	}
	const status = typeof raw === 'string' && /^\d+$/.test(raw.trim()) ? Number(raw) : raw;
	if (typeof status !== 'number' || !allowed.includes(status)) {
		throw inputError(
			ctx.getNode(),
			itemIndex,
			'Status',
			`must be one of ${allowed.map(statusLabel).join(', ')}; got ${JSON.stringify(raw)}`,
		);
	}
	return status;
}

function explain(identifyBy: IdentifyBy, status: number) {
	return (message: string, failure: HttpFailure): string | undefined => {
		if (/invalid status transition/i.test(message)) return describeTransitionRefusal(status);
		if (/more than one order/i.test(message)) {
			return 'KornitX split this order between fulfillers, so several orders share the external ref. Set "Identify Order By" to External Ref and Order ID.';
		}
		if (failure.status === 404 || /not found/i.test(message)) return identifyHint(identifyBy);
		return undefined;
	};
}

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	env: OperationEnv,
): Promise<IDataObject> {
	const legacy = env.authentication === 'apiKey';
	const identifyBy: IdentifyBy = legacy ? 'id' : readIdentifyBy(this, itemIndex);
	const identity: OrderIdentity = readOrderIdentity(this, itemIndex, identifyBy);
	const status = readStatus(this, itemIndex, legacy ? V22_STATUS_CODES : V23_STATUS_CODES);
	const body: IDataObject = { status };
	if (legacy) {
		const tracking = String(this.getNodeParameter('shippingTracking', itemIndex, '') ?? '').trim();
		if (tracking) body.shipping_tracking = tracking;
	}
	const url = joinUrl(env.connection.restBaseUrl, ...orderStatusPath(identifyBy, identity));
	const options = readOptions(this, itemIndex);
	if (options.dryRun) return { dryRun: true, method: 'PUT', url, body };

	const response = await kornitxRequest(
		this,
		env.connection,
		{
			method: 'PUT',
			url,
			body,
			retryUnknownOutcome: true,
			expect: 'any',
			timeout: options.timeout,
		},
		{ itemIndex, describe: explain(identifyBy, status) },
	);
	const result: IDataObject = { success: true };
	if (identity.orderId !== undefined) result.orderId = identity.orderId;
	if (identity.externalRef !== undefined) result.externalRef = identity.externalRef;
	result.status = status;
	result.statusName = statusName(status);
	if (legacy && body.shipping_tracking) result.shippingTracking = body.shipping_tracking;
	if (typeof response === 'object' && response !== null && Object.keys(response).length > 0) {
		result.response = response as IDataObject;
	}
	return result;
}
