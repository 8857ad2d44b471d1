/**
 * Workflows the benchmark imports into n8n. Every per-item workflow is
 *   Manual Trigger → Set (raw JSON: {"orders":[{"id":…},…]}) → Split Out (orders) → <node under test>
 * so the node under test gets one input item per order (`$json.id`) without a Code node (which
 * would need a task runner). Only the node under test is timed (its run data `executionTime`).
 */
import { randomUUID } from 'node:crypto';

import { n8nId } from '../n8n-runtime';

export const NODE_UNDER_TEST = 'Under Test';

export interface CredentialRef {
	id: string;
	name: string;
}

/** A GraphQL document the HTTP Request node sends once per item (same selection as the KornitX node's default). */
export const UPDATE_ORDERS_MUTATION =
	'mutation KornitxUpdateOrders($orders: [OrderInput]) { core { updateOrders(orders: $orders) { id shipping_carrier shipping_method status status_name } } }';

type Node = Record<string, unknown>;

function node(
	name: string,
	type: string,
	typeVersion: number,
	parameters: Record<string, unknown>,
	x: number,
	extra: Node = {},
): Node {
	return { id: randomUUID(), name, type, typeVersion, position: [x, 0], parameters, ...extra };
}

function chain(names: string[]): Record<string, unknown> {
	const connections: Record<string, unknown> = {};
	for (let i = 0; i < names.length - 1; i++) {
		connections[names[i]] = { main: [[{ node: names[i + 1], type: 'main', index: 0 }]] };
	}
	return connections;
}

/** A workflow whose nodes run one after another, in the given order. */
function linearWorkflow(name: string, nodes: Node[]): Record<string, unknown> {
	return {
		id: n8nId(),
		name,
		nodes,
		connections: chain(nodes.map((n) => n.name as string)),
		settings: { executionOrder: 'v1' },
	};
}

/** Manual Trigger → Set → Split Out → `underTest`, one item per order id (`{ id }` unless `item` makes it). */
export function perItemWorkflow(
	name: string,
	orderIds: number[],
	underTest: Node,
	item: (id: number) => Record<string, unknown> = (id) => ({ id }),
): Record<string, unknown> {
	const nodes = [
		node('Manual', 'n8n-nodes-base.manualTrigger', 1, {}, 0),
		node(
			'Orders',
			'n8n-nodes-base.set',
			3.4,
			{ mode: 'raw', jsonOutput: JSON.stringify({ orders: orderIds.map(item) }), options: {} },
			200,
		),
		node(
			'One Item Per Order',
			'n8n-nodes-base.splitOut',
			1,
			{ fieldToSplitOut: 'orders', options: {} },
			400,
		),
		{ ...underTest, id: randomUUID(), name: NODE_UNDER_TEST, position: [600, 0] },
	];
	return linearWorkflow(name, nodes);
}

/** Manual Trigger → `underTest` (the export needs no input). */
export function singleNodeWorkflow(name: string, underTest: Node): Record<string, unknown> {
	const nodes = [
		node('Manual', 'n8n-nodes-base.manualTrigger', 1, {}, 0),
		{ ...underTest, id: randomUUID(), name: NODE_UNDER_TEST, position: [200, 0] },
	];
	return linearWorkflow(name, nodes);
}

function kornitx(parameters: Record<string, unknown>, credential: CredentialRef): Node {
	return {
		type: 'CUSTOM.kornitx',
		typeVersion: 1,
		parameters,
		credentials: { kornitxOAuth2Api: credential },
	};
}

/** KornitX → Order → Update Status, default options (concurrency 5) unless `concurrency` is given. */
export function kornitxUpdateStatus(
	credential: CredentialRef,
	status: number,
	concurrency?: number,
): Node {
	return kornitx(
		{
			resource: 'order',
			operation: 'updateStatus',
			identifyBy: 'id',
			orderId: '={{ $json.id }}',
			status,
			options: concurrency === undefined ? {} : { concurrency },
		},
		credential,
	);
}

/** KornitX → Order → Update (GraphQL updateOrders), default options (batch size 50). */
export function kornitxUpdateOrders(credential: CredentialRef, status: number): Node {
	return kornitx(
		{
			resource: 'order',
			operation: 'update',
			orderId: '={{ $json.id }}',
			updateFields: { status, shippingTracking: '={{ "TRK-" + $json.id }}' },
			options: {},
		},
		credential,
	);
}

/**
 * KornitX → Order → Update with Mapping Mode "Map Automatically": each item's `id` and its
 * API-named fields (default Fields to Send) are sent; no expression is evaluated per item.
 */
export function kornitxUpdateOrdersAutoMapped(credential: CredentialRef): Node {
	return kornitx(
		{ resource: 'order', operation: 'update', mappingMode: 'autoMapInputData', options: {} },
		credential,
	);
}

/** KornitX → Order → Export, all orders, grouped into orders (default output). */
export function kornitxExport(credential: CredentialRef): Node {
	return kornitx(
		{ resource: 'order', operation: 'export', returnAll: true, filters: {}, options: {} },
		credential,
	);
}

/**
 * The HTTP Request node's Options → Batching: none (n8n's default: every item's request at once),
 * one item per batch with a 0 ms interval (which n8n 2.x does not pace at all), or one item per
 * batch with the interval the option comes with (1,000 ms between items).
 */
export type HttpBatching = 'default' | 'onePerBatch' | 'onePerBatchPaced';

/** The Batch Interval the HTTP Request node's Batching option defaults to, ms. */
export const HTTP_DEFAULT_BATCH_INTERVAL_MS = 1000;

/**
 * n8n's HTTP Request node (v4.5) with the KornitX credential chosen as a "Predefined Credential
 * Type": n8n's own OAuth2 code fetches and applies the token, exactly as for the KornitX node.
 */
function httpRequest(
	credential: CredentialRef,
	request: { method: string; url: string; jsonBody: string },
	batching: HttpBatching,
): Node {
	const options: Record<string, unknown> =
		batching === 'onePerBatch'
			? { batching: { batch: { batchSize: 1, batchInterval: 0 } } }
			: batching === 'onePerBatchPaced'
				? { batching: { batch: { batchSize: 1, batchInterval: HTTP_DEFAULT_BATCH_INTERVAL_MS } } }
				: {};
	return {
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.5,
		parameters: {
			method: request.method,
			url: request.url,
			authentication: 'predefinedCredentialType',
			nodeCredentialType: 'kornitxOAuth2Api',
			sendBody: true,
			specifyBody: 'json',
			jsonBody: request.jsonBody,
			options,
		},
		credentials: { kornitxOAuth2Api: credential },
	};
}

/** PUT {rest}/order/{id}/status {"status": …} per item. */
export function httpUpdateStatus(
	credential: CredentialRef,
	restBaseUrl: string,
	status: number,
	batching: HttpBatching,
): Node {
	return httpRequest(
		credential,
		{
			method: 'PUT',
			url: `={{ "${restBaseUrl}/order/" + $json.id + "/status" }}`,
			jsonBody: JSON.stringify({ status }),
		},
		batching,
	);
}

/** POST {graphql} updateOrders with this item's order only. */
export function httpUpdateOrders(
	credential: CredentialRef,
	graphqlUrl: string,
	status: number,
	batching: HttpBatching,
): Node {
	const body = `={{ JSON.stringify({ query: ${JSON.stringify(UPDATE_ORDERS_MUTATION)}, variables: { orders: [{ id: $json.id, status: ${status}, shipping_tracking: "TRK-" + $json.id }] } }) }}`;
	return httpRequest(credential, { method: 'POST', url: graphqlUrl, jsonBody: body }, batching);
}
