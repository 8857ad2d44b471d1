import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { router } from './actions/router';
import { credentials, properties } from './actions/versionDescription';

export class Kornitx implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'KornitX',
		name: 'kornitx',
		icon: { light: 'file:../../icons/kornitx.svg', dark: 'file:../../icons/kornitx.dark.svg' },
		group: ['output'],
		// 1.1: Order → Update Status starts with no status chosen (1 defaulted to Dispatched). New nodes
		// get the highest version; no `defaultVersion`, which would hide n8n's Custom API Call option.
		version: [1, 1.1],
		subtitle:
			'={{ {"updateStatus": "Update status", "update": "Update orders", "export": "Export orders", "cancel": "Cancel items", "execute": "Run GraphQL", "create": "Create shipment", "updateAvailability": "Update stock", "getMany": "Get stock"}[$parameter["operation"]] }}',
		description:
			'Report order status, shipments and stock, cancel items, update and export orders in KornitX',
		defaults: { name: 'KornitX' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials,
		properties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
