/**
 * e2e scenario: Order → Update (batched GraphQL), Export (grouped and rows), GraphQL execute with
 * variables per item.
 */
import { SEED_ORDER_IDS as IDS, type LoggedRequest } from '../../emulator';
import { pick, show } from '../lib/checks';
import { oauthData } from '../lib/credentials';
import { apiCalls, updateOrdersCalls } from '../lib/emulator';
import { WorkflowBuilder } from '../lib/workflow';
import {
	callKeys,
	items,
	jsonOf,
	pairedIndexes,
	range,
	type Scenario,
	type SuiteContext,
} from './context';

export function graphqlExportScenarios({
	emu,
	c,
	creds,
	order,
	bulkIds,
	oneTokenForAll,
}: SuiteContext): Scenario[] {
	const scenarios: Scenario[] = [];
	const cred = creds.oauth('KornitX graphql export', oauthData(emu));
	const ids = bulkIds(20, 513);
	const batchSize = 10;
	const gql =
		'query ($filter: Json) { core { orders(filter: $filter) { items { id external_ref status_name } } } }';
	scenarios.push({
		name: 'graphql+export',
		workflow: new WorkflowBuilder('e2e: update, export, graphql')
			.kornitx('Update in batches', {
				input: ids.map((id, n) => ({ id, n })),
				parameters: {
					resource: 'order',
					operation: 'update',
					orderId: '={{ $json.id }}',
					updateFields: { status: 4, shippingMethod: '={{ "Express " + $json.n }}' },
					options: { batchSize },
				},
				credential: cred.ref,
			})
			.kornitx('Export orders', {
				parameters: {
					resource: 'order',
					operation: 'export',
					returnAll: true,
					filters: { statuses: [8, 516], completedAfter: '2025-03-04T14:00:00Z' },
					options: { includeProductPrice: true },
				},
				credential: cred.ref,
			})
			.kornitx('Export rows', {
				parameters: {
					resource: 'order',
					operation: 'export',
					returnAll: false,
					limit: 3,
					// no offset: read in the workflow's timezone (America/New_York, UTC-5 in March)
					filters: { statuses: [8], completedAfter: '2025-03-01T04:00:00' },
					options: { output: 'rows' },
				},
				credential: cred.ref,
			})
			.kornitx('GraphQL query', {
				input: [{ ids: [IDS.hashRef] }, { ids: [IDS.cjkRef] }],
				parameters: {
					resource: 'graphql',
					operation: 'execute',
					query: gql,
					variables: '={{ JSON.stringify({ filter: { id: $json.ids } }) }}',
				},
				credential: cred.ref,
			})
			.settings({ timezone: 'America/New_York' }),
		before: () => emu.seedBulk(20, 1, 513),
		verify: (run) => {
			oneTokenForAll('graphql+export');
			const updated = items(run, 'Update in batches');
			c.equal(
				`Update in batches: ${ids.length} orders returned in input order (default return fields)`,
				jsonOf(updated).map((j) => pick(j, ['id', 'shipping_method', 'status', 'status_name'])),
				ids.map((id, n) => ({
					id,
					shipping_method: `Express ${n}`,
					status: 4,
					status_name: 'In Production',
				})),
			);
			c.equal(
				'Update in batches: pairedItem points at each input item',
				pairedIndexes(updated),
				range(ids.length),
			);
			const mutations = updateOrdersCalls(apiCalls(emu));
			const sent = mutations.flatMap(
				(call) => (call.body as { variables?: { orders?: unknown[] } }).variables?.orders ?? [],
			);
			c.ok(
				`Update in batches: ${mutations.length} GraphQL updateOrders request(s) ≤ ceil(${ids.length}/${batchSize}) = ${Math.ceil(ids.length / batchSize)}, none over ${batchSize} orders`,
				mutations.length >= 1 &&
					mutations.length <= Math.ceil(ids.length / batchSize) &&
					mutations.every(
						(call) =>
							((call.body as { variables?: { orders?: unknown[] } }).variables?.orders?.length ??
								0) <= batchSize,
					),
				`sizes ${show(mutations.map((call) => (call.body as { variables?: { orders?: unknown[] } }).variables?.orders?.length))}`,
			);
			c.equal(
				'Update in batches: variables.orders hold { id (number), status, shipping_method } per item',
				sent,
				ids.map((id, n) => ({ id, status: 4, shipping_method: `Express ${n}` })),
			);
			c.equal(
				'Update in batches: orders changed in the emulator',
				ids.map((id) => [order(id).status, order(id).shipping_method]),
				ids.map((_, n) => [4, `Express ${n}`]),
			);

			const exported = jsonOf(items(run, 'Export orders'));
			const first = exported[0] as
				| { items?: Array<Record<string, unknown>>; company?: unknown }
				| undefined;
			c.equal(
				'Export orders: grouped, one item per matching order',
				exported.map((j) => j.id),
				[IDS.dispatchedLater, IDS.receivedByShipperLater],
			);
			c.ok(
				'Export orders: items gathered into an array, "__" columns nested',
				first?.items?.length === order(IDS.dispatchedLater).items.length &&
					typeof (first.items[0].product_price as { price?: unknown } | undefined)?.price ===
						'number' &&
					typeof (first.company as { company_name?: unknown } | undefined)?.company_name ===
						'string',
				show(first),
			);
			const exports = apiCalls(emu).filter((call) => call.api === 'export');
			c.equal(
				'Export orders: GET /export-api/order-item-details with status and UTC completion filters',
				exports
					.map((call) => [call.method, call.path, call.query])
					.find((entry) => (entry[2] as Record<string, string>)['options[includeProductPrice]']),
				[
					'GET',
					'/export-api/order-item-details',
					{
						'filter[status:in]': '8,516',
						'filter[completion_datetime:gt]': '2025-03-04 14:00:00',
						'options[includeProductPrice]': '1',
					},
				],
			);
			const rows = jsonOf(items(run, 'Export rows'));
			c.ok(
				'Export rows: limit 3 counts raw rows, keys as the API returns them',
				rows.length === 3 &&
					rows.every((row) => 'id' in row && 'items__id' in row && 'company__company_name' in row),
				`${rows.length} rows; keys ${show(Object.keys(rows[0] ?? {}))}`,
			);
			c.equal(
				'Export rows: Completed After without offset is read in the workflow timezone (09:00 UTC)',
				exports.map((call) => call.query).find((q) => q['filter[status:in]'] === '8'),
				{ 'filter[status:in]': '8', 'filter[completion_datetime:gt]': '2025-03-01 09:00:00' },
			);

			const gqlOut = items(run, 'GraphQL query');
			c.equal('GraphQL query: each item returns its data object', jsonOf(gqlOut), [
				{
					core: {
						orders: {
							items: [
								{ id: IDS.hashRef, external_ref: '#5003', status_name: 'Received by Supplier' },
							],
						},
					},
				},
				{
					core: {
						orders: {
							items: [{ id: IDS.cjkRef, external_ref: '注文-7', status_name: 'In Production' }],
						},
					},
				},
			]);
			const queries = apiCalls(emu).filter(
				(call) => call.api === 'graphql' && !updateOrdersCalls([call]).length,
			);
			c.equal(
				'GraphQL query: POST /graphql { query, variables } per item',
				callKeys(queries),
				callKeys(
					[IDS.hashRef, IDS.cjkRef].map(
						(id) =>
							({
								method: 'POST',
								path: '/graphql',
								body: { query: gql, variables: { filter: { id: [id] } } },
							}) as LoggedRequest,
					),
				),
			);
		},
	});
	return scenarios;
}
