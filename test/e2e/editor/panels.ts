/**
 * The panels the editor check opens: one KornitX node per operation (plus Update Status with the
 * API key and the trigger), all in one workflow, and what each panel must show. Expectations come
 * from docs/node-contract.md (names and values) and the labels the README documents; they are
 * written out here on purpose instead of being read from the node's description, so that a
 * renamed or hidden field fails the check.
 */
import { randomUUID } from 'node:crypto';

export const OAUTH2_CREDENTIAL = { id: 'kxDevOAuth2Cred1', name: 'KornitX (emulator)' } as const;
export const PUSH_CREDENTIAL = { id: 'kxDevPushCred001', name: 'KornitX push (dev)' } as const;
export const API_KEY_CREDENTIAL = {
	id: 'kxDevV22KeyCred1',
	name: 'KornitX API key (emulator)',
} as const;

/** Statuses the v2.3 operations offer, as the editor lists them (alphabetical by name). */
export const V23_STATUS_LABELS = [
	'Cancelled (128)',
	'Dispatched (8)',
	'In Production (4)',
	'Pending Dispatch (517)',
	'QC Query (32)',
	'Received (1)',
	'Received by Supplier (513)',
];
export const V22_STATUS_LABELS = ['Cancelled (128)', 'Dispatched (8)'];

export interface DropdownExpectation {
	/** Parameter name (`parameter-input-<name>`). */
	param: string;
	/** Exact list of options the dropdown offers, in order. */
	options: string[];
}

export interface AddOptionExpectation {
	/** Placeholder of the collection's "Add …" select: "Add Option", "Add Field", "Add Filter". */
	placeholder: string;
	/** What its "Add …" dropdown offers (the options not set yet), any order. */
	options: string[];
}

export interface PanelSpec {
	/** Short id used in check names. */
	key: string;
	/** Screenshot file name (in .github/screenshots/ when refreshed with `npm run screenshots`). */
	screenshot: string;
	/** Node name on the canvas. */
	nodeName: string;
	type: string;
	parameters: Record<string, unknown>;
	credentials: Record<string, { id: string; name: string }>;
	/** Labels that must be visible in the parameter panel. */
	labels: string[];
	/** Parameters (`parameter-input-<name>`) that must be visible. */
	params: string[];
	/** Labels that must not be visible. */
	absent: string[];
	/** Name shown in the credential select. */
	credentialName: string;
	/** Text of a notice the panel must show (substring). */
	notice?: string;
	dropdowns: DropdownExpectation[];
	addOptions: AddOptionExpectation[];
}

const KORNITX = 'CUSTOM.kornitx';
const TRIGGER = 'CUSTOM.kornitxTrigger';
const PUSH_TRIGGER = 'CUSTOM.kornitxPushTrigger';
const oauth = { kornitxOAuth2Api: { ...OAUTH2_CREDENTIAL } };
const apiKey = { kornitxApi: { ...API_KEY_CREDENTIAL } };

export const PANELS: PanelSpec[] = [
	{
		key: 'order updateStatus',
		screenshot: 'update-status.png',
		nodeName: 'Update Status',
		type: KORNITX,
		parameters: {
			resource: 'order',
			operation: 'updateStatus',
			identifyBy: 'combined',
			orderId: '46140199',
			externalRef: 'SHOP-1001',
			status: 8,
		},
		credentials: oauth,
		labels: [
			'Credential',
			'Resource',
			'Operation',
			'Identify Order By',
			'Order ID',
			'External Ref',
			'Status',
			'Options',
		],
		params: ['resource', 'operation', 'identifyBy', 'orderId', 'externalRef', 'status'],
		absent: ['Shipping Tracking'],
		credentialName: OAUTH2_CREDENTIAL.name,
		notice: 'wait about 20 minutes',
		dropdowns: [
			// n8n appends "Custom API Call" (an HTTP Request with this credential) to nodes whose
			// credential it can use for arbitrary requests
			{
				param: 'resource',
				options: ['GraphQL', 'Order', 'Order Item', 'Shipment', 'Stock', 'Custom API Call'],
			},
			{ param: 'operation', options: ['Export', 'Update', 'Update Status', 'Custom API Call'] },
			{
				param: 'identifyBy',
				options: ['KornitX Order ID', 'External Ref', 'External Ref and Order ID'],
			},
			{ param: 'status', options: V23_STATUS_LABELS },
		],
		addOptions: [
			{ placeholder: 'Add Option', options: ['Concurrency', 'Dry Run', 'Timeout (Ms)'] },
		],
	},
	{
		key: 'order updateStatus (apiKey)',
		screenshot: 'update-status-api-key.png',
		nodeName: 'Update Status (API key)',
		type: KORNITX,
		parameters: {
			authentication: 'apiKey',
			resource: 'order',
			operation: 'updateStatus',
			orderId: '46140199',
			status: 8,
			shippingTracking: 'RM123456789GB',
		},
		credentials: apiKey,
		labels: ['Order ID', 'Status', 'Shipping Tracking', 'Options'],
		params: ['orderId', 'status', 'shippingTracking'],
		absent: ['Identify Order By', 'External Ref'],
		credentialName: API_KEY_CREDENTIAL.name,
		dropdowns: [{ param: 'status', options: V22_STATUS_LABELS }],
		addOptions: [
			{ placeholder: 'Add Option', options: ['Concurrency', 'Dry Run', 'Timeout (Ms)'] },
		],
	},
	{
		key: 'order update',
		screenshot: 'update.png',
		nodeName: 'Update Orders',
		type: KORNITX,
		parameters: {
			resource: 'order',
			operation: 'update',
			orderId: '46140199',
			updateFields: {
				status: 8,
				shippingCarrier: 'Royal Mail',
				shippingMethod: 'Tracked 24',
				shippingTracking: 'RM123456789GB',
			},
			options: { batchSize: 50 },
		},
		credentials: oauth,
		labels: [
			'Mapping Mode',
			'Order ID',
			'Update Fields',
			'Status',
			'Shipping Carrier',
			'Shipping Method',
			'Shipping Tracking',
			'Options',
			'Batch Size',
		],
		params: ['orderId', 'shippingCarrier', 'shippingMethod', 'shippingTracking', 'batchSize'],
		absent: ['Identify Order By', 'External Ref', 'Order ID Field', 'Fields to Send'],
		credentialName: OAUTH2_CREDENTIAL.name,
		dropdowns: [{ param: 'mappingMode', options: ['Map Automatically', 'Map Each Field Below'] }],
		addOptions: [
			{ placeholder: 'Add Field', options: ['Extra Fields (JSON)', 'Required Dispatch Date'] },
			{ placeholder: 'Add Option', options: ['Dry Run', 'Return Fields', 'Timeout (Ms)'] },
		],
	},
	{
		key: 'order update (map automatically)',
		screenshot: 'update-map-automatically.png',
		nodeName: 'Update Orders (mapped automatically)',
		type: KORNITX,
		parameters: {
			resource: 'order',
			operation: 'update',
			mappingMode: 'autoMapInputData',
			options: {},
		},
		credentials: oauth,
		labels: ['Mapping Mode', 'Order ID Field', 'Fields to Send', 'Options'],
		params: ['orderIdField', 'fieldsToSend'],
		absent: ['Order ID', 'Update Fields', 'Identify Order By'],
		credentialName: OAUTH2_CREDENTIAL.name,
		dropdowns: [{ param: 'mappingMode', options: ['Map Automatically', 'Map Each Field Below'] }],
		addOptions: [
			{
				placeholder: 'Add Option',
				options: ['Batch Size', 'Dry Run', 'Return Fields', 'Timeout (Ms)'],
			},
		],
	},
	{
		key: 'order export',
		screenshot: 'export.png',
		nodeName: 'Export Orders',
		type: KORNITX,
		parameters: {
			resource: 'order',
			operation: 'export',
			returnAll: false,
			limit: 50,
			filters: { statuses: [513, 517], completedAfter: '2026-11-01T00:00:00' },
			options: { output: 'orders', includeProductPrice: true },
		},
		credentials: oauth,
		labels: [
			'Return All',
			'Limit',
			'Filters',
			'Statuses',
			'Completed After',
			'Options',
			'Output',
			'Include Product Price',
		],
		params: ['returnAll', 'limit', 'statuses', 'completedAfter', 'output', 'includeProductPrice'],
		absent: ['Order ID', 'Identify Order By'],
		credentialName: OAUTH2_CREDENTIAL.name,
		dropdowns: [{ param: 'output', options: ['Orders', 'Rows'] }],
		addOptions: [
			{
				placeholder: 'Add Option',
				options: [
					'Include Attributes',
					'Include Product E-Commerce Info',
					'Include Product Owner',
					'Timeout (Ms)',
				],
			},
		],
	},
	{
		key: 'orderItem cancel',
		screenshot: 'cancel.png',
		nodeName: 'Cancel Items',
		type: KORNITX,
		parameters: {
			resource: 'orderItem',
			operation: 'cancel',
			identifyBy: 'id',
			orderId: '46140199',
			itemsInputMode: 'fields',
			items: {
				item: [
					{ itemId: '73500001', quantity: 1 },
					{ itemId: '73500002', quantity: 2 },
				],
			},
			options: { reference: 'RMA-1001' },
		},
		credentials: oauth,
		labels: [
			'Identify Order By',
			'Order ID',
			'Items Input',
			'Items',
			'Item ID',
			'Quantity',
			'Options',
			'Reference',
		],
		params: ['identifyBy', 'orderId', 'itemsInputMode', 'itemId', 'quantity', 'reference'],
		absent: ['External Ref', 'Item External Ref', 'Items (JSON)', 'Status'],
		credentialName: OAUTH2_CREDENTIAL.name,
		dropdowns: [{ param: 'itemsInputMode', options: ['Fields', 'JSON'] }],
		addOptions: [
			{ placeholder: 'Add Option', options: ['Concurrency', 'Dry Run', 'Timeout (Ms)'] },
		],
	},
	{
		key: 'graphql execute',
		screenshot: 'graphql.png',
		nodeName: 'GraphQL',
		type: KORNITX,
		parameters: {
			resource: 'graphql',
			operation: 'execute',
			query:
				'query {\n  core {\n    orders(count: 5) {\n      items { id ref status status_name }\n    }\n  }\n}',
			variables: '{}',
		},
		credentials: oauth,
		labels: ['Resource', 'Operation', 'Query', 'Variables', 'Options'],
		params: ['query', 'variables'],
		absent: ['Order ID'],
		credentialName: OAUTH2_CREDENTIAL.name,
		dropdowns: [],
		addOptions: [{ placeholder: 'Add Option', options: ['Dry Run', 'Timeout (Ms)'] }],
	},
	{
		key: 'trigger',
		screenshot: 'trigger.png',
		nodeName: 'KornitX Trigger',
		type: TRIGGER,
		parameters: { event: 'orderEnteredStatus', statuses: [513], options: {} },
		credentials: oauth,
		labels: ['Credential', 'Event', 'Statuses', 'Options'],
		params: ['event', 'statuses'],
		absent: ['Resource', 'Operation'],
		credentialName: OAUTH2_CREDENTIAL.name,
		notice: 'Each poll exports every order',
		dropdowns: [{ param: 'event', options: ['Order Entered Status', 'Order Completed'] }],
		addOptions: [
			{
				placeholder: 'Add Option',
				options: [
					'Include Attributes',
					'Include Product E-Commerce Info',
					'Include Product Owner',
					'Include Product Price',
					'Output',
				],
			},
		],
	},
	{
		key: 'push trigger',
		screenshot: 'push-trigger.png',
		nodeName: 'KornitX Push Trigger',
		type: PUSH_TRIGGER,
		parameters: { event: 'orderPushed', authentication: 'hmac', options: {} },
		credentials: { kornitxPushApi: { ...PUSH_CREDENTIAL } },
		// the credential shows only with HMAC, so n8n names it after its type
		labels: ['Credential for KornitX Push API', 'Event', 'Authentication', 'Options'],
		params: ['event', 'authentication'],
		absent: ['Resource', 'Operation', 'Statuses'],
		credentialName: PUSH_CREDENTIAL.name,
		notice: "Paste this node's Production URL into KornitX",
		dropdowns: [
			{ param: 'event', options: ['Order Pushed', 'Status Notification'] },
			{ param: 'authentication', options: ['HMAC Signature', 'None'] },
		],
		addOptions: [{ placeholder: 'Add Option', options: ['Ignore Repeats', 'Output', 'Respond'] }],
	},
	// ---- Shipment → Create, Stock → Update Availability / Get Many ----
	{
		key: 'shipment create',
		screenshot: 'shipment.png',
		nodeName: 'Create Shipment',
		type: KORNITX,
		parameters: {
			resource: 'shipment',
			operation: 'create',
			identifyBy: 'externalRef',
			externalRef: 'SHOP-1002',
			itemsInputMode: 'fields',
			items: { item: [{ itemExternalRef: 'LINE-1', quantity: 1 }] },
			carrier: 'DPD',
			tracking: 'JD12345876A',
			trackingUrl: 'https://track.example.com/JD12345876A',
		},
		credentials: oauth,
		labels: [
			'Identify Order By',
			'External Ref',
			'Items Input',
			'Items',
			'Item External Ref',
			'Quantity',
			'Carrier',
			'Tracking',
			'Tracking URL',
			'Options',
		],
		params: [
			'identifyBy',
			'externalRef',
			'itemsInputMode',
			'itemExternalRef',
			'quantity',
			'carrier',
			'tracking',
			'trackingUrl',
		],
		absent: ['Order ID', 'Item ID', 'Items (JSON)', 'Status', 'Reference'],
		credentialName: OAUTH2_CREDENTIAL.name,
		notice: 'One shipment is one package',
		dropdowns: [
			{ param: 'operation', options: ['Create', 'Custom API Call'] },
			{ param: 'itemsInputMode', options: ['Fields', 'JSON'] },
		],
		addOptions: [
			{
				placeholder: 'Add Option',
				options: ['Concurrency', 'Dry Run', 'Shipment Status', 'Timeout (Ms)'],
			},
		],
	},
	{
		key: 'stock updateAvailability',
		screenshot: 'stock-update.png',
		nodeName: 'Update Stock',
		type: KORNITX,
		parameters: {
			authentication: 'apiKey',
			resource: 'stock',
			operation: 'updateAvailability',
			identifyProductBy: 'sku',
			sku: 'TSHIRT-BLK-M',
			quantityAvailable: 120,
			options: { batchSize: 100 },
		},
		credentials: apiKey,
		labels: ['Identify Product By', 'SKU', 'Quantity Available', 'Options', 'Batch Size'],
		params: ['identifyProductBy', 'sku', 'quantityAvailable', 'batchSize'],
		absent: ['Barcode', 'Order ID', 'Identify Order By'],
		credentialName: API_KEY_CREDENTIAL.name,
		dropdowns: [
			{ param: 'operation', options: ['Get Many', 'Update Availability', 'Custom API Call'] },
			{ param: 'identifyProductBy', options: ['SKU', 'Barcode'] },
		],
		addOptions: [{ placeholder: 'Add Option', options: ['Dry Run', 'Timeout (Ms)'] }],
	},
	{
		key: 'stock getMany',
		screenshot: 'stock-get-many.png',
		nodeName: 'Get Stock',
		type: KORNITX,
		parameters: {
			authentication: 'apiKey',
			resource: 'stock',
			operation: 'getMany',
			returnAll: false,
			limit: 50,
			filters: { dropshipRef: 'DS-PRINTSTREET' },
		},
		credentials: apiKey,
		labels: ['Return All', 'Limit', 'Filters', 'Dropship Ref', 'Options'],
		params: ['returnAll', 'limit', 'dropshipRef'],
		absent: ['SKU', 'Quantity Available'],
		credentialName: API_KEY_CREDENTIAL.name,
		notice: 'sales-channel company',
		dropdowns: [],
		addOptions: [
			{ placeholder: 'Add Filter', options: ['Changed Since'] },
			{ placeholder: 'Add Option', options: ['Timeout (Ms)'] },
		],
	},
	{
		key: 'stock (oAuth2)',
		screenshot: 'stock-oauth2.png',
		nodeName: 'Stock with OAuth2',
		type: KORNITX,
		parameters: { resource: 'stock', operation: 'updateAvailability' },
		credentials: oauth,
		labels: ['Credential', 'Resource', 'Operation'],
		params: ['resource', 'operation'],
		absent: ['SKU', 'Quantity Available', 'Identify Product By'],
		credentialName: OAUTH2_CREDENTIAL.name,
		notice: 'The Stock API exists only on KornitX v2.2',
		dropdowns: [],
		addOptions: [],
	},
];

/** The workflow holding every panel's node, laid out in two rows. */
export function editorWorkflow(): Record<string, unknown> {
	const nodes = PANELS.map((p, i) => ({
		id: randomUUID(),
		name: p.nodeName,
		type: p.type,
		// what a node added in the editor gets: the KornitX node's newest version (1.1), the triggers' 1
		typeVersion: p.type === KORNITX ? 1.1 : 1,
		position: [(i % 4) * 260, Math.floor(i / 4) * 220],
		parameters: p.parameters,
		credentials: p.credentials,
		...(p.type === PUSH_TRIGGER ? { webhookId: randomUUID() } : {}),
	}));
	return {
		name: 'KornitX editor check',
		nodes,
		connections: {},
		settings: { executionOrder: 'v1' },
	};
}
