/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, no-console -- dev tooling, never shipped in dist */
/**
 * End-to-end proof in a REAL n8n (`n8n import:*` + `n8n execute`), n8n 2.x (Node 24) and 1.x (Node 20):
 *
 *   npx tsx test/e2e/run.ts          # both majors (2 then 1)
 *   npx tsx test/e2e/run.ts 1        # one major
 *
 * The majors run side by side (own emulator, proxy and user folder each); `--serial` runs them in turn.
 * Env: KORNITX_E2E_DIST (package folder to load, default ./dist), KORNITX_E2E_KEEP=1 (keep the n8n
 * user folders), KORNITX_N8N_CACHE (see scripts/README.md). Prints one line per check and ends with
 * `N passed, N failed`; exits 1 if any check failed. See test/e2e/README.md.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import {
	createN8nInstance,
	ensureN8n,
	N8N_VERSIONS,
	type ExecuteResult,
	type N8nInstance,
	type N8nMajor,
} from '../../scripts/n8n-runtime';
import {
	ALL_SCOPES,
	DEV_API_KEY,
	DEV_CLIENT,
	LIMITED_CLIENT,
	SEED_ORDER_IDS as IDS,
	startEmulator,
	type KornitxEmulator,
	type LoggedRequest,
} from '../emulator';
import { Checks, pick, show } from './lib/checks';
import { CredentialSet, apiKeyData, limitedOauthData, oauthData } from './lib/credentials';
import { apiCalls, bulkOrderIds, logLines, tokenCalls, updateOrdersCalls } from './lib/emulator';
import { startHeaderProxy, type HeaderProxy } from './lib/header-proxy';
import { executionSummary, importWorkflows, nodeItems, readStoredCredential, runError, type OutputItem } from './lib/n8n';
import { WorkflowBuilder } from './lib/workflow';
import { shipmentStockScenarios } from './scenarios/shipments-stock';

const ROOT = path.resolve(__dirname, '..', '..');
const DIST = path.resolve(process.env.KORNITX_E2E_DIST || path.join(ROOT, 'dist'));
const EXECUTE_TIMEOUT_MS = 120_000;

const enc = encodeURIComponent;
const statusPath = (id: number) => `/api-sl-2-3/order/${id}/status`;

/* ------------------------------------------------------------------------------------------------
 * Scenarios: one workflow each, executed once after `emu.reset()` + `before()`
 * ---------------------------------------------------------------------------------------------- */

interface Scenario {
	name: string;
	workflow: WorkflowBuilder;
	/** Runs after emu.reset(), before `n8n execute`. */
	before?: () => void;
	/** Whether the run is expected to succeed (default true). */
	expectOk?: boolean;
	verify: (run: ExecuteResult) => void;
}

interface Suite {
	creds: CredentialSet;
	scenarios: Scenario[];
	/** Multi-run token lifecycle study (findings for the README). */
	lifecycle: WorkflowBuilder;
	lifecycleCredentialId: string;
}

function items(run: ExecuteResult, node: string, output = 0): OutputItem[] {
	return nodeItems(run.json, node, output) ?? [];
}
const jsonOf = (list: OutputItem[]) => list.map((item) => item.json);
const pairedIndexes = (list: OutputItem[]) =>
	list.map((item) => (item.pairedItem as { item?: number } | undefined)?.item ?? null);
const range = (n: number) => Array.from({ length: n }, (_, i) => i);
/** `METHOD path body` of calls, sorted (concurrent calls arrive in any order). */
const callKeys = (calls: LoggedRequest[]) => calls.map((c) => `${c.method} ${c.path} ${JSON.stringify(c.body)}`).sort();

function defineSuite(emu: KornitxEmulator, proxy: HeaderProxy, c: Checks): Suite {
	const creds = new CredentialSet();
	const scenarios: Scenario[] = [];
	emu.reset();
	const order = (id: number) => emu.getOrder(id)!;
	// seedBulk is deterministic after a reset: learn the ids it will create
	const bulkIds = (count: number, status: number): number[] => {
		emu.reset();
		emu.seedBulk(count, 1, status);
		const ids = bulkOrderIds(emu);
		emu.reset();
		return ids;
	};
	const tokenCount = (expected: number, what: string) => {
		const calls = tokenCalls(emu);
		c.equal(`${what}: ${expected} token request(s) in the run`, calls.length, expected);
	};
	const oneTokenForAll = (what: string) => {
		const calls = tokenCalls(emu);
		const api = apiCalls(emu);
		c.ok(
			`${what}: one token request, reused by all ${api.length} API calls (items run 5 at a time)`,
			calls.length === 1 && calls[0].status === 200 && api.length > 0 && api.every((call) => call.auth.tokenId === calls[0].auth.tokenId),
			`token requests ${calls.length}; ${logLines(emu.log.slice(0, 12)).join(', ')}`,
		);
	};

	/* ---- A: Order → Update Status, every identifier mode --------------------------------------- */
	{
		const cred = creds.oauth('KornitX status', oauthData(emu));
		const ids = bulkIds(12, 4);
		const refs: Array<[string, number, number]> = [
			['ORDER 2002', IDS.spaceRef, 4],
			['AB/123/C', IDS.slashRef, 4],
			['#5003', IDS.hashRef, 4],
			['100%-cotton', IDS.percentRef, 4],
			['GIFT+WRAP 12', IDS.plusRef, 4],
			['Bestellung-Größe-ü', IDS.unicodeRef, 4],
			['Rush #77 / 50% off', IDS.receivedMixedRef, 128],
		];
		const combined: Array<[string, number, number]> = [
			['SPLIT-3001', IDS.splitA, 4],
			['shop_ref-7_x', IDS.underscoreRef, 517],
		];
		const base = { resource: 'order', operation: 'updateStatus' };
		scenarios.push({
			name: 'status',
			workflow: new WorkflowBuilder('e2e: update status')
				.kornitx('By ID', {
					input: ids.map((id) => ({ id })),
					parameters: { ...base, identifyBy: 'id', orderId: '={{ $json.id }}', status: 8 },
					credential: cred.ref,
				})
				.kornitx('By external ref', {
					input: refs.map(([ref, , status]) => ({ ref, status })),
					parameters: { ...base, identifyBy: 'externalRef', externalRef: '={{ $json.ref }}', status: '={{ $json.status }}' },
					credential: cred.ref,
				})
				.kornitx('By ref and ID', {
					input: combined.map(([ref, id, status]) => ({ ref, id: String(id), status })),
					parameters: {
						...base,
						identifyBy: 'combined',
						externalRef: '={{ $json.ref }}',
						orderId: '={{ $json.id }}',
						status: '={{ $json.status }}',
					},
					credential: cred.ref,
				}),
			before: () => {
				emu.seedBulk(12, 1, 4);
				emu.configure({ latencyMs: 200 }); // so that concurrent requests overlap visibly
			},
			verify: (run) => {
				oneTokenForAll('status');
				const token = tokenCalls(emu)[0];
				const form = (token?.body ?? {}) as Record<string, string>;
				c.ok(
					'status: token request is client_credentials with the 5 default scopes, client id in the form body (hidden credential fields applied)',
					form.grant_type === 'client_credentials' &&
						form.client_id === DEV_CLIENT.clientId &&
						String(form.scope).split(' ').sort().join(' ') === [...ALL_SCOPES].sort().join(' ') &&
						token.auth.scheme === null,
					show({ ...form, scheme: token?.auth.scheme }),
				);

				const byId = items(run, 'By ID');
				c.equal(
					'By ID: 12 items { success, orderId, status 8, statusName } in input order',
					jsonOf(byId).map((j) => pick(j, ['success', 'orderId', 'status', 'statusName'])),
					ids.map((id) => ({ success: true, orderId: id, status: 8, statusName: 'Dispatched' })),
				);
				c.equal('By ID: pairedItem points at each input item', pairedIndexes(byId), range(12));
				const idCalls = apiCalls(emu).filter((call) => ids.some((id) => call.path === statusPath(id)));
				c.equal(
					'By ID: emulator got PUT /api-sl-2-3/order/{id}/status {"status":8} once per item',
					callKeys(idCalls),
					callKeys(ids.map((id) => ({ method: 'PUT', path: statusPath(id), body: { status: 8 } }) as LoggedRequest)),
				);
				const [first, second] = idCalls;
				c.ok(
					'By ID: the first item runs alone (its call ends before the next starts)',
					first?.path === statusPath(ids[0]) &&
						second !== undefined &&
						Date.parse(second.startedAt) >= Date.parse(first.startedAt) + first.durationMs - 5,
					first && second ? `${first.path} ${first.startedAt}+${first.durationMs}ms, next ${second.startedAt}` : 'missing calls',
				);
				c.equal('By ID: at most 5 requests in flight, and 5 reached (default concurrency)', emu.counters.peakConcurrent, 5);
				c.equal('By ID: all 12 orders are Dispatched in the emulator', ids.map((id) => order(id).status), ids.map(() => 8));

				const byRef = items(run, 'By external ref');
				c.equal(
					'By external ref: one success per awkward ref, in input order',
					jsonOf(byRef).map((j) => pick(j, ['success', 'externalRef', 'status', 'statusName'])),
					refs.map(([ref, , status]) => ({
						success: true,
						externalRef: ref,
						status,
						statusName: status === 4 ? 'In Production' : 'Cancelled',
					})),
				);
				c.equal(
					'By external ref: raw paths percent-encode every segment (space, /, #, %, +, unicode)',
					callKeys(apiCalls(emu).filter((call) => call.path.includes('/by-external-ref/') && !call.path.match(/_\d+\/status$/))),
					callKeys(
						refs.map(([ref, , status]) => ({ method: 'PUT', path: `/api-sl-2-3/order/by-external-ref/${enc(ref)}/status`, body: { status } }) as LoggedRequest),
					),
				);
				c.equal('By external ref: orders moved in the emulator', refs.map(([, id]) => order(id).status), refs.map(([, , s]) => s));

				const byBoth = items(run, 'By ref and ID');
				c.equal(
					'By ref and ID: { success, orderId, externalRef, status } per item',
					jsonOf(byBoth).map((j) => pick(j, ['success', 'orderId', 'externalRef', 'status'])),
					combined.map(([ref, id, status]) => ({ success: true, orderId: id, externalRef: ref, status })),
				);
				c.equal(
					'By ref and ID: PUT /order/by-external-ref/{ref}_{id}/status',
					callKeys(apiCalls(emu).filter((call) => /_\d+\/status$/.test(call.path))),
					callKeys(
						combined.map(([ref, id, status]) => ({ method: 'PUT', path: `/api-sl-2-3/order/by-external-ref/${enc(ref)}_${id}/status`, body: { status } }) as LoggedRequest),
					),
				);
				c.equal(
					'By ref and ID: only the addressed half of the split order moved',
					[order(IDS.splitA).status, order(IDS.splitB).status, order(IDS.underscoreRef).status],
					[4, 4, 517],
				);
				c.equal('status: nothing else was sent', apiCalls(emu).length, ids.length + refs.length + combined.length);
			},
		});
	}

	/* ---- B: Order Item → Cancel, every identifier mode, fields and JSON ------------------------ */
	{
		const cred = creds.oauth('KornitX cancel', oauthData(emu));
		const base = { resource: 'orderItem', operation: 'cancel' };
		const inProd = order(IDS.inProduction).items;
		const pending = order(IDS.pendingDispatch).items;
		const received = order(IDS.received).items;
		const space = order(IDS.spaceRef).items;
		const split = order(IDS.splitA).items;
		const percent = order(IDS.percentRef).items;
		interface Case {
			node: string;
			path: string;
			body: Record<string, unknown>;
			orderId: number;
			itemIds: number[];
		}
		const cases: Case[] = [
			{
				node: 'Cancel by ID (fields)',
				path: `/api-sl-2-3/order/${IDS.inProduction}/cancellation`,
				body: { items: [{ id: inProd[0].id, quantity: 1 }, { id: inProd[1].id, quantity: 1 }] },
				orderId: IDS.inProduction,
				itemIds: [inProd[0].id, inProd[1].id],
			},
			{
				node: 'Cancel by external ref (fields)',
				path: `/api-sl-2-3/order/by-external-ref/${enc('AB/123/C')}/cancellation`,
				body: { items: [{ external_ref: 'sku/2', quantity: 1 }] },
				orderId: IDS.slashRef,
				itemIds: [order(IDS.slashRef).items[1].id],
			},
			{
				node: 'Cancel by ref and ID (fields)',
				path: `/api-sl-2-3/order/by-combined/${enc('ORDER 2002')}-${IDS.spaceRef}/cancellation`,
				body: { items: [{ combined: `LINE 1-${space[0].id}`, quantity: 1 }] },
				orderId: IDS.spaceRef,
				itemIds: [space[0].id],
			},
			{
				node: 'Cancel by ID (JSON)',
				path: `/api-sl-2-3/order/${IDS.pendingDispatch}/cancellation`,
				body: { items: [{ id: pending[2].id, quantity: 1 }] },
				orderId: IDS.pendingDispatch,
				itemIds: [pending[2].id],
			},
			{
				node: 'Cancel by ID (JSON)',
				path: `/api-sl-2-3/order/${IDS.received}/cancellation`,
				body: { items: [{ id: received[0].id, quantity: 1 }] },
				orderId: IDS.received,
				itemIds: [received[0].id],
			},
			{
				node: 'Cancel by external ref (JSON)',
				path: `/api-sl-2-3/order/by-external-ref/${enc('100%-cotton')}/cancellation`,
				body: { items: [{ external_ref: 'Pos#4 ü', quantity: 1 }] },
				orderId: IDS.percentRef,
				itemIds: [percent[3].id],
			},
			{
				node: 'Cancel by ref and ID (JSON)',
				path: `/api-sl-2-3/order/by-combined/SPLIT-3001-${IDS.splitA}/cancellation`,
				body: { items: split.map((it) => ({ combined: `${it.external_ref}-${it.id}`, quantity: 1 })), reference: 'RMA-77' },
				orderId: IDS.splitA,
				itemIds: split.map((it) => it.id),
			},
		];
		scenarios.push({
			name: 'cancel',
			workflow: new WorkflowBuilder('e2e: cancel items')
				.kornitx('Cancel by ID (fields)', {
					parameters: {
						...base,
						identifyBy: 'id',
						orderId: String(IDS.inProduction),
						items: { item: inProd.slice(0, 2).map((it) => ({ itemId: String(it.id), quantity: 1 })) },
					},
					credential: cred.ref,
				})
				.kornitx('Cancel by external ref (fields)', {
					parameters: {
						...base,
						identifyBy: 'externalRef',
						externalRef: 'AB/123/C',
						items: { item: [{ itemExternalRef: 'sku/2', quantity: 1 }] },
					},
					credential: cred.ref,
				})
				.kornitx('Cancel by ref and ID (fields)', {
					parameters: {
						...base,
						identifyBy: 'combined',
						externalRef: 'ORDER 2002',
						orderId: String(IDS.spaceRef),
						items: { item: [{ itemId: String(space[0].id), itemExternalRef: 'LINE 1', quantity: 1 }] },
					},
					credential: cred.ref,
				})
				.kornitx('Cancel by ID (JSON)', {
					input: [
						{ orderId: IDS.pendingDispatch, lines: [{ itemId: pending[2].id, quantity: 1 }] },
						{ orderId: IDS.received, lines: [{ itemId: received[0].id, quantity: 1 }] },
					],
					parameters: { ...base, identifyBy: 'id', orderId: '={{ $json.orderId }}', itemsInputMode: 'json', itemsJson: '={{ $json.lines }}' },
					credential: cred.ref,
				})
				.kornitx('Cancel by external ref (JSON)', {
					input: [{ ref: '100%-cotton', lines: [{ itemExternalRef: 'Pos#4 ü', quantity: 1 }] }],
					parameters: {
						...base,
						identifyBy: 'externalRef',
						externalRef: '={{ $json.ref }}',
						itemsInputMode: 'json',
						itemsJson: '={{ $json.lines }}',
					},
					credential: cred.ref,
				})
				.kornitx('Cancel by ref and ID (JSON)', {
					input: [{ lines: split.map((it) => ({ itemId: it.id, itemExternalRef: it.external_ref, quantity: 1 })) }],
					parameters: {
						...base,
						identifyBy: 'combined',
						externalRef: 'SPLIT-3001',
						orderId: String(IDS.splitA),
						itemsInputMode: 'json',
						itemsJson: '={{ JSON.stringify($json.lines) }}',
						options: { reference: 'RMA-77' },
					},
					credential: cred.ref,
				}),
			verify: (run) => {
				tokenCount(1, 'cancel');
				const outputs = new Map<string, OutputItem[]>();
				for (const kase of cases) {
					const list = outputs.get(kase.node) ?? items(run, kase.node);
					outputs.set(kase.node, list);
					const out = list.find((item) => (item.json.items as Array<{ order_id?: number }> | undefined)?.[0]?.order_id === kase.orderId);
					c.ok(
						`${kase.node}: output is the cancellation { id, items: [{ id, order_id, quantity }] } of order ${kase.orderId}`,
						typeof out?.json.id === 'number' &&
							show(out.json.items) === show(kase.itemIds.map((id) => ({ id, order_id: kase.orderId, quantity: 1 }))),
						show(jsonOf(list)),
					);
					const calls = apiCalls(emu).filter((call) => call.path === kase.path);
					c.equal(`${kase.node}: emulator got POST ${kase.path} with the right item keys`, calls.map((call) => [call.method, call.body, call.status]), [
						['POST', kase.body, 200],
					]);
					c.equal(
						`${kase.node}: cancelled quantities applied once`,
						kase.itemIds.map((id) => order(kase.orderId).items.find((it) => it.id === id)?.cancelled_quantity),
						kase.itemIds.map(() => 1),
					);
				}
				c.equal('Cancel by ID (JSON): two input items, two outputs paired 0 and 1', pairedIndexes(items(run, 'Cancel by ID (JSON)')), [0, 1]);
				c.equal('cancel: nothing else was sent', apiCalls(emu).length, cases.length);
			},
		});
	}

	/* ---- C: Order → Update (batched), Export (grouped, rows), GraphQL execute ------------------ */
	{
		const cred = creds.oauth('KornitX graphql export', oauthData(emu));
		const ids = bulkIds(20, 513);
		const batchSize = 10;
		const gql = 'query ($filter: Json) { core { orders(filter: $filter) { items { id external_ref status_name } } } }';
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
					ids.map((id, n) => ({ id, shipping_method: `Express ${n}`, status: 4, status_name: 'In Production' })),
				);
				c.equal('Update in batches: pairedItem points at each input item', pairedIndexes(updated), range(ids.length));
				const mutations = updateOrdersCalls(apiCalls(emu));
				const sent = mutations.flatMap((call) => (call.body as { variables?: { orders?: unknown[] } }).variables?.orders ?? []);
				c.ok(
					`Update in batches: ${mutations.length} GraphQL updateOrders request(s) ≤ ceil(${ids.length}/${batchSize}) = ${Math.ceil(ids.length / batchSize)}, none over ${batchSize} orders`,
					mutations.length >= 1 &&
						mutations.length <= Math.ceil(ids.length / batchSize) &&
						mutations.every((call) => ((call.body as { variables?: { orders?: unknown[] } }).variables?.orders?.length ?? 0) <= batchSize),
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
				const first = exported[0] as { items?: Array<Record<string, unknown>>; company?: unknown } | undefined;
				c.equal('Export orders: grouped, one item per matching order', exported.map((j) => j.id), [IDS.dispatchedLater, IDS.receivedByShipperLater]);
				c.ok(
					'Export orders: items gathered into an array, "__" columns nested',
					first?.items?.length === order(IDS.dispatchedLater).items.length &&
						typeof (first.items[0].product_price as { price?: unknown } | undefined)?.price === 'number' &&
						typeof (first.company as { company_name?: unknown } | undefined)?.company_name === 'string',
					show(first),
				);
				const exports = apiCalls(emu).filter((call) => call.api === 'export');
				c.equal(
					'Export orders: GET /export-api/order-item-details with status and UTC completion filters',
					exports.map((call) => [call.method, call.path, call.query]).find((entry) => (entry[2] as Record<string, string>)['options[includeProductPrice]']),
					[
						'GET',
						'/export-api/order-item-details',
						{ 'filter[status:in]': '8,516', 'filter[completion_datetime:gt]': '2025-03-04 14:00:00', 'options[includeProductPrice]': '1' },
					],
				);
				const rows = jsonOf(items(run, 'Export rows'));
				c.ok(
					'Export rows: limit 3 counts raw rows, keys as the API returns them',
					rows.length === 3 && rows.every((row) => 'id' in row && 'items__id' in row && 'company__company_name' in row),
					`${rows.length} rows; keys ${show(Object.keys(rows[0] ?? {}))}`,
				);
				c.equal(
					'Export rows: Completed After without offset is read in the workflow timezone (09:00 UTC)',
					exports.map((call) => call.query).find((q) => q['filter[status:in]'] === '8'),
					{ 'filter[status:in]': '8', 'filter[completion_datetime:gt]': '2025-03-01 09:00:00' },
				);

				const gqlOut = items(run, 'GraphQL query');
				c.equal('GraphQL query: each item returns its data object', jsonOf(gqlOut), [
					{ core: { orders: { items: [{ id: IDS.hashRef, external_ref: '#5003', status_name: 'Received by Supplier' }] } } },
					{ core: { orders: { items: [{ id: IDS.cjkRef, external_ref: '注文-7', status_name: 'In Production' }] } } },
				]);
				const queries = apiCalls(emu).filter((call) => call.api === 'graphql' && !updateOrdersCalls([call]).length);
				c.equal(
					'GraphQL query: POST /graphql { query, variables } per item',
					callKeys(queries),
					callKeys([IDS.hashRef, IDS.cjkRef].map((id) => ({ method: 'POST', path: '/graphql', body: { query: gql, variables: { filter: { id: [id] } } } }) as LoggedRequest)),
				);
			},
		});
	}

	/* ---- C2: Order → Update with Mapping Mode "Map Automatically" ------------------------------- */
	{
		const cred = creds.oauth('KornitX update mapped', oauthData(emu));
		const ids = bulkIds(6, 513);
		const sent = ids.map((id, n) => ({ id, status: 4, shipping_carrier: 'DPD', shipping_tracking: `TRK-${n}` }));
		const input = sent.map((fields) => ({ ...fields, customer: 'not sent' }));
		scenarios.push({
			name: 'update-auto',
			workflow: new WorkflowBuilder('e2e: update mapped automatically').kornitx('Update mapped automatically', {
				input,
				parameters: { resource: 'order', operation: 'update', mappingMode: 'autoMapInputData', options: { batchSize: 4 } },
				credential: cred.ref,
			}),
			before: () => emu.seedBulk(6, 1, 513),
			verify: (run) => {
				tokenCount(1, 'update-auto');
				const updated = items(run, 'Update mapped automatically');
				c.equal(
					'Update mapped automatically: each order returned, paired to its item',
					[jsonOf(updated).map((j) => [j.id, j.status, j.shipping_carrier]), pairedIndexes(updated)],
					[ids.map((id) => [id, 4, 'DPD']), range(ids.length)],
				);
				const mutations = updateOrdersCalls(apiCalls(emu));
				c.equal(
					"Update mapped automatically: 2 mutations sending each item's API-named fields, nothing else",
					mutations.map((call) => (call.body as { variables?: { orders?: unknown[] } }).variables?.orders),
					[sent.slice(0, 4), sent.slice(4)],
				);
				c.equal(
					'Update mapped automatically: orders changed in the emulator',
					ids.map((id) => [order(id).status, order(id).shipping_tracking]),
					ids.map((_, n) => [4, `TRK-${n}`]),
				);
			},
		});
	}

	/* ---- D: legacy v2.2 API key, raw and base64 header ---------------------------------------- */
	{
		const v22 = `${proxy.baseUrl}/api-sl-2-2`;
		const raw = creds.apiKey('KornitX key raw', apiKeyData(emu, 'raw', v22));
		const b64 = creds.apiKey('KornitX key base64', apiKeyData(emu, 'base64', v22));
		const cases: Array<[string, typeof raw, number, string, string]> = [
			['API key (raw)', raw, IDS.inProduction, 'RM1GB', `basic ${DEV_API_KEY.companyRefId}:${DEV_API_KEY.apiKey}`],
			[
				'API key (base64)',
				b64,
				IDS.pendingDispatch,
				'RM2GB',
				`basic ${Buffer.from(`${DEV_API_KEY.companyRefId}:${DEV_API_KEY.apiKey}`).toString('base64')}`,
			],
		];
		const wf = new WorkflowBuilder('e2e: api key v2.2');
		for (const [node, cred, id, tracking] of cases) {
			wf.kornitx(node, {
				parameters: { authentication: 'apiKey', resource: 'order', operation: 'updateStatus', orderId: String(id), status: 8, shippingTracking: tracking },
				credential: cred.ref,
			});
		}
		let proxyFrom = 0;
		scenarios.push({
			name: 'api key',
			workflow: wf,
			before: () => (proxyFrom = proxy.requests.length),
			verify: (run) => {
				tokenCount(0, 'api key');
				const recorded = proxy.requests.slice(proxyFrom);
				for (const [node, , id, tracking, header] of cases) {
					c.equal(
						`${node}: output { success, status, shippingTracking }`,
						jsonOf(items(run, node)).map((j) => pick(j, ['success', 'status', 'shippingTracking'])),
						[{ success: true, status: 8, shippingTracking: tracking }],
					);
					const path22 = `/api-sl-2-2/order/${id}/status`;
					c.equal(
						`${node}: emulator got PUT ${path22} with shipping_tracking, basic auth for ${DEV_API_KEY.companyRefId}`,
						apiCalls(emu)
							.filter((call) => call.path === path22)
							.map((call) => [call.method, call.body, call.auth.scheme, call.auth.clientId, call.status]),
						[['PUT', { status: 8, shipping_tracking: tracking }, 'basic', DEV_API_KEY.companyRefId, 200]],
					);
					const sentHeader = recorded.find((r) => r.url === path22)?.headers.authorization;
					c.ok(
						`${node}: Authorization header has the ${node.includes('base64') ? 'basic base64(REF:KEY)' : 'basic REF:KEY'} form`,
						sentHeader === header,
						sentHeader === undefined ? 'no request seen' : `scheme "${sentHeader.split(' ')[0]}", ${sentHeader.includes(DEV_API_KEY.apiKey) ? 'plain key' : 'encoded key'}`,
					);
					c.equal(`${node}: order dispatched with tracking in the emulator`, [order(id).status, order(id).shipping_tracking], [8, tracking]);
				}
			},
		});
	}

	/* ---- E: a token that expires mid-run ------------------------------------------------------ */
	{
		const cred = creds.oauth('KornitX expiry', oauthData(emu));
		const ids = bulkIds(12, 4);
		scenarios.push({
			name: 'expiry',
			workflow: new WorkflowBuilder('e2e: token expires mid-run').kornitx('Mid-run expiry', {
				input: ids.map((id) => ({ id })),
				parameters: { resource: 'order', operation: 'updateStatus', identifyBy: 'id', orderId: '={{ $json.id }}', status: 8 },
				credential: cred.ref,
			}),
			before: () => {
				emu.seedBulk(12, 1, 4);
				emu.configure({ expireTokensAfterRequests: 6, latencyMs: 100 });
			},
			verify: (run) => {
				const out = jsonOf(items(run, 'Mid-run expiry'));
				c.ok('expiry: all 12 items succeed', out.length === 12 && out.every((j) => j.success === true), show(out.slice(0, 3)));
				const puts = apiCalls(emu).filter((call) => call.method === 'PUT');
				const unauthorized = puts.filter((call) => call.status === 401);
				const tokens = tokenCalls(emu);
				c.ok(
					'expiry: the token was refused mid-run (HTTP 401) and every refused call was retried with a new token',
					unauthorized.length > 0 &&
						unauthorized.every((bad) => puts.some((good) => good.path === bad.path && good.status === 200 && good.seq > bad.seq)),
					`${unauthorized.length} × 401`,
				);
				c.equal(
					'expiry: exactly one extra token request (2 in the run)',
					tokens.length,
					2,
				);
				c.equal('expiry: each order updated exactly once', puts.filter((call) => call.status === 200).length, 12);
				c.equal('expiry: all 12 orders Dispatched', ids.map((id) => order(id).status), ids.map(() => 8));
			},
		});
	}

	/* ---- F: Continue On Fail (regular output, error output), 403 scope ------------------------- */
	{
		const cred = creds.oauth('KornitX continue', oauthData(emu));
		const trimmed = creds.oauth('KornitX limited (status scope)', limitedOauthData(emu, { scope: 'api-sl-2-3.order-status.update' }));
		const status = { resource: 'order', operation: 'updateStatus', identifyBy: 'id', orderId: '={{ $json.id }}' };
		scenarios.push({
			name: 'continue',
			workflow: new WorkflowBuilder('e2e: continue on fail')
				.kornitx('Continue regular', {
					input: [{ id: IDS.inProduction }, { id: 'abc' }, { id: IDS.received }, { id: IDS.pendingDispatch }],
					parameters: { ...status, status: 8 },
					credential: cred.ref,
					onError: 'continueRegularOutput',
					sinks: true,
				})
				.kornitx('Continue error output', {
					input: [
						{ id: IDS.docExample, status: 4 },
						{ id: IDS.qcQuery, status: 8 },
						{ id: 99999999, status: 8 },
					],
					parameters: { ...status, status: '={{ $json.status }}' },
					credential: cred.ref,
					onError: 'continueErrorOutput',
					sinks: true,
				})
				.kornitx('Retry after 503', {
					parameters: { resource: 'order', operation: 'export', returnAll: true, filters: { statuses: [256] } },
					credential: cred.ref,
					onError: 'continueRegularOutput',
				})
				.kornitx('Retry after 429', {
					parameters: { resource: 'graphql', operation: 'execute', query: `{ core { orders(filter: { id: ${IDS.hashRef} }) { items { id } } } }` },
					credential: cred.ref,
					onError: 'continueRegularOutput',
				})
				.kornitx('Continue batched update', {
					input: [{ id: IDS.spaceRef }, { id: 999 }],
					parameters: { resource: 'order', operation: 'update', orderId: '={{ $json.id }}', updateFields: { shippingMethod: 'Express' } },
					credential: cred.ref,
					onError: 'continueRegularOutput',
				})
				.kornitx('Scope missing (403)', {
					parameters: { resource: 'order', operation: 'export', returnAll: true },
					credential: trimmed.ref,
					onError: 'continueRegularOutput',
				}),
			before: () => {
				// the first export and the first GraphQL call of the run (branches "Retry after 503" and
				// "Retry after 429", which run before the other export and GraphQL branches) fail once
				emu.addFault({ kind: 'status', status: 503, match: { api: 'export' } });
				emu.addFault({ kind: 'status', status: 429, retryAfter: 1, match: { api: 'graphql' } });
			},
			verify: (run) => {
				const regular = items(run, 'Continue regular');
				const rj = jsonOf(regular);
				c.equal('Continue regular: 4 inputs → 4 outputs, paired in input order', pairedIndexes(regular), [0, 1, 2, 3]);
				c.ok(
					'Continue regular: good items succeed',
					rj[0]?.success === true && rj[0]?.orderId === IDS.inProduction && rj[3]?.success === true && rj[3]?.orderId === IDS.pendingDispatch,
					show(rj),
				);
				c.equal('Continue regular: a bad ID becomes { error } naming the item', rj[1], {
					error: 'Order ID must be a positive whole number, got "abc" (item 1)',
				});
				const refused = rj[2] as { error?: string; details?: { description?: string; httpCode?: string } } | undefined;
				c.ok(
					'Continue regular: a refused move becomes { error, details: { description, httpCode } }',
					refused?.error === 'KornitX: Invalid status transition' &&
						refused.details?.httpCode === '400' &&
						String(refused.details?.description).includes('can be reached only from') &&
						Object.keys(refused).every((k) => k === 'error' || k === 'details'),
					show(refused),
				);
				c.equal('Continue regular: the next node got all 4 items', items(run, 'Continue regular ok').length, 4);

				const ok = items(run, 'Continue error output', 0);
				const failed = items(run, 'Continue error output', 1);
				c.equal(
					'Continue error output: success on output 0',
					jsonOf(ok).map((j) => pick(j, ['success', 'orderId', 'status'])),
					[{ success: true, orderId: IDS.docExample, status: 4 }],
				);
				c.ok(
					'Continue error output: the 2 failures on output 1 (transition refused, order not found), paired 1 and 2',
					failed.length === 2 &&
						failed[0].json.error === 'KornitX: Invalid status transition' &&
						/order not found/i.test(String(failed[1].json.error)) &&
						show(pairedIndexes(failed)) === show([1, 2]),
					show(failed),
				);
				c.equal(
					'Continue error output: "ok" and "failed" nodes received 1 and 2 items',
					[items(run, 'Continue error output ok').length, items(run, 'Continue error output failed').length],
					[1, 2],
				);

				const batched = jsonOf(items(run, 'Continue batched update'));
				c.ok(
					'Continue batched update: the good order updates, the unknown one is { error }',
					batched.length === 2 && batched[0].id === IDS.spaceRef && batched[0].shipping_method === 'Express' && batched[1].error === 'KornitX: Order not found: 999',
					show(batched),
				);
				c.equal('Continue batched update: one GraphQL mutation for both items', updateOrdersCalls(apiCalls(emu)).length, 1);

				c.equal('Retry after 503: the export is retried and returns the order', jsonOf(items(run, 'Retry after 503')).map((j) => j.id ?? j.error), [IDS.onHold]);
				c.equal('Retry after 429: the query waits Retry-After, is retried and returns its data', jsonOf(items(run, 'Retry after 429')), [
					{ core: { orders: { items: [{ id: IDS.hashRef }] } } },
				]);
				const scope = jsonOf(items(run, 'Scope missing (403)'));
				c.ok(
					'Scope missing (403): { error } names the missing scope and the fix',
					scope.length === 1 &&
						scope[0].error === 'KornitX: Permission denied (export-api.order-item-details)' &&
						String((scope[0].details as { description?: string } | undefined)?.description).includes(
							"Add export-api.order-item-details to the credential's Scope field",
						),
					show(scope),
				);
				c.equal(
					'continue: the emulator got 3 + 3 status PUTs (the bad ID never sent), 1 mutation, exports 503 → 200 and 403, query 429 → 200',
					[
						apiCalls(emu).filter((call) => call.method === 'PUT').length,
						updateOrdersCalls(apiCalls(emu)).length,
						apiCalls(emu).filter((call) => call.api === 'export').map((call) => call.status),
						apiCalls(emu).filter((call) => call.api === 'graphql' && !updateOrdersCalls([call]).length).map((call) => call.status),
					],
					[6, 1, [503, 200, 403], [429, 200]],
				);
				c.equal(
					'continue: one token per credential',
					tokenCalls(emu).map((call) => (call.body as Record<string, string>).client_id).sort(),
					[DEV_CLIENT.clientId, LIMITED_CLIENT.clientId].sort(),
				);
				c.equal(
					'continue: emulator state (good moves applied, refused ones not)',
					[order(IDS.inProduction).status, order(IDS.received).status, order(IDS.pendingDispatch).status, order(IDS.docExample).status, order(IDS.qcQuery).status],
					[8, 1, 8, 4, 32],
				);
			},
		});
	}

	/* ---- G: refused scope (whole token request refused) --------------------------------------- */
	{
		const limited = creds.oauth('KornitX limited (all scopes)', limitedOauthData(emu));
		const refusedScopes = ['order-it.order-manager.edit', 'order-it.order-manager.view', 'export-api.order-item-details'];
		scenarios.push({
			name: 'refused scope',
			expectOk: false,
			workflow: new WorkflowBuilder('e2e: refused scope').kornitx('Refused scope', {
				parameters: { resource: 'order', operation: 'updateStatus', identifyBy: 'id', orderId: String(IDS.inProduction), status: 8 },
				credential: limited.ref,
			}),
			verify: (run) => {
				const error = runError(run);
				c.equal(
					'refused scope: the run fails with an error naming the refused scopes',
					error?.message,
					`KornitX refused the scope ${refusedScopes.join(' ')} when issuing a token`,
				);
				c.contains('refused scope: the description says what to remove', error?.description, `Remove ${refusedScopes.join(' ')} from the credential's Scope field`);
				c.equal('refused scope: the error belongs to the KornitX node', error?.node?.name, 'Refused scope');
				const tokens = tokenCalls(emu);
				c.ok(
					'refused scope: token request refused (400), then one probe per scope',
					tokens[0]?.status === 400 &&
						tokens.length === 1 + ALL_SCOPES.length &&
						tokens.slice(1).filter((call) => call.status === 400).length === refusedScopes.length,
					logLines(tokens).join(', '),
				);
				c.equal('refused scope: no API call was made, order unchanged', [apiCalls(emu).length, order(IDS.inProduction).status], [0, 4]);
			},
		});
	}

	/* ---- H: token lifecycle across executions (findings) -------------------------------------- */
	const lifecycleCred = creds.oauth('KornitX lifecycle', oauthData(emu));
	const lifecycle = new WorkflowBuilder('e2e: token lifecycle').kornitx('Query', {
		parameters: { resource: 'graphql', operation: 'execute', query: `{ core { orders(filter: { id: ${IDS.received} }) { items { id status } } } }` },
		credential: lifecycleCred.ref,
	});

	scenarios.push(...shipmentStockScenarios(emu, creds, c));

	emu.reset();
	return { creds, scenarios, lifecycle, lifecycleCredentialId: lifecycleCred.id };
}

/* ------------------------------------------------------------------------------------------------
 * Token lifecycle across `n8n execute` runs: stored? reused? refetched on 401? proactive refresh?
 * ---------------------------------------------------------------------------------------------- */

async function tokenLifecycle(n8n: N8nInstance, emu: KornitxEmulator, suite: Suite, workflowId: string, c: Checks): Promise<void> {
	const expected = [{ core: { orders: { items: [{ id: IDS.received, status: 1 }] } } }];
	emu.reset();
	const step = async (label: string) => {
		const from = emu.log.length;
		const run = await n8n.execute(workflowId, { timeoutMs: EXECUTE_TIMEOUT_MS });
		c.ok(`lifecycle ${label}: run succeeds with the query's data`, run.ok && show(jsonOf(items(run, 'Query'))) === show(expected), executionSummary(run));
		return { run, calls: emu.log.slice(from).filter((e) => e.api !== 'admin') };
	};
	const lines = (calls: LoggedRequest[]) => calls.map((e) => `${e.api === 'token' ? 'token' : e.api} ${e.status} ${e.auth.tokenId ?? ''}`.trim());

	const first = await step('#1 (no token stored)');
	c.equal('lifecycle #1: token fetched, then the query', lines(first.calls), ['token 200 tok-0001', 'graphql 200 tok-0001']);

	const stored = await readStoredCredential(n8n, suite.lifecycleCredentialId).catch((error: unknown) => {
		c.error('lifecycle: read the stored credential back', error);
		return undefined;
	});
	const tokenData = stored?.oauthTokenData as Record<string, unknown> | undefined;
	c.ok(
		'lifecycle: n8n stored the token in the credential after run #1 (oauthTokenData.access_token)',
		typeof tokenData?.access_token === 'string' && tokenData.access_token.startsWith('kxemu_') && tokenData.expires_in === 3600,
		`stored keys: ${show(Object.keys(tokenData ?? {}))}`,
	);
	const expectsExpiresAt = n8n.install.major === '2';
	c.equal(
		`lifecycle: stored token ${expectsExpiresAt ? 'has' : 'has no'} n8n_expires_at (n8n ${n8n.install.major}.x)`,
		typeof tokenData?.n8n_expires_at === 'string',
		expectsExpiresAt,
	);

	const second = await step('#2 (token stored)');
	c.equal('lifecycle #2: the stored token is reused by the next n8n execute (no token request)', lines(second.calls), ['graphql 200 tok-0001']);

	emu.expireAllTokens();
	emu.configure({ tokenTtlSeconds: 2 });
	const third = await step('#3 (stored token revoked)');
	c.equal('lifecycle #3: 401, one new token, the same call retried once', lines(third.calls), ['graphql 401 tok-0001', 'token 200 tok-0002', 'graphql 200 tok-0002']);

	const issued = Date.parse(third.calls.find((e) => e.api === 'token')?.startedAt ?? new Date().toISOString());
	await sleep(Math.max(0, issued + 2_500 - Date.now()));
	const fourth = await step('#4 (stored token past expires_in = 2 s)');
	c.equal(
		'lifecycle #4: no refresh before use — the expired token is sent, 401, one new token, retry',
		lines(fourth.calls),
		['graphql 401 tok-0002', 'token 200 tok-0003', 'graphql 200 tok-0003'],
	);
}

/* ------------------------------------------------------------------------------------------------
 * One n8n major
 * ---------------------------------------------------------------------------------------------- */

const SECRETS = [DEV_CLIENT.clientSecret, LIMITED_CLIENT.clientSecret, DEV_API_KEY.apiKey, 'kxemu_'];

async function runMajor(major: N8nMajor, c: Checks): Promise<void> {
	const t0 = Date.now();
	const install = await ensureN8n(major);
	const emu = await startEmulator();
	const proxy = await startHeaderProxy(emu.baseUrl);
	const n8n = createN8nInstance(install, { customExtensions: DIST });
	const failedBefore = c.failed;
	try {
		const suite = defineSuite(emu, proxy, c);
		// KORNITX_E2E_ONLY=shipments,stock runs only the scenarios whose names start so (no lifecycle study).
		const only = (process.env.KORNITX_E2E_ONLY ?? '').split(',').map((name) => name.trim()).filter(Boolean);
		if (only.length) suite.scenarios = suite.scenarios.filter((scenario) => only.some((name) => scenario.name.startsWith(name)));
		let t = Date.now();
		try {
			await n8n.importCredentials(suite.creds.imports);
			c.ok(`import ${suite.creds.imports.length} credentials (plain data, encrypted by n8n)`, true, `${Date.now() - t} ms`);
		} catch (error) {
			c.error('import credentials', error);
			return;
		}
		t = Date.now();
		let ids: string[];
		try {
			ids = await importWorkflows(n8n, [...suite.scenarios.map((s) => s.workflow.build()), suite.lifecycle.build()]);
			c.ok(`import ${ids.length} workflows`, true, `${Date.now() - t} ms`);
		} catch (error) {
			c.error('import workflows', error);
			return;
		}

		for (const [index, scenario] of suite.scenarios.entries()) {
			emu.reset();
			scenario.before?.();
			let run: ExecuteResult;
			try {
				run = await n8n.execute(ids[index], { timeoutMs: EXECUTE_TIMEOUT_MS });
			} catch (error) {
				c.error(`${scenario.name}: n8n execute`, error);
				continue;
			}
			const expectOk = scenario.expectOk ?? true;
			const printed = run.json !== undefined;
			c.ok(
				`${scenario.name}: n8n execute ${expectOk ? 'succeeds' : 'fails as expected'} (run data printed)`,
				printed && run.ok === expectOk,
				executionSummary(run),
			);
			if (!printed) continue;
			try {
				scenario.verify(run);
			} catch (error) {
				c.error(`${scenario.name}: verify`, error);
			}
			const leaked = SECRETS.filter((secret) => run.stdout.includes(secret) || run.stderr.includes(secret));
			c.ok(`${scenario.name}: no secret or access token in n8n's output`, leaked.length === 0, leaked.length ? `found ${leaked.length} secret(s)` : undefined);
		}

		try {
			if (!only.length) await tokenLifecycle(n8n, emu, suite, ids[ids.length - 1], c);
		} catch (error) {
			c.error('lifecycle', error);
		}
	} finally {
		await n8n.stop();
		await proxy.close();
		await emu.close();
		const failed = c.failed - failedBefore;
		if (process.env.KORNITX_E2E_KEEP === '1' || failed > 0) console.log(`# n8n user folder kept: ${n8n.userFolder}`);
		else fs.rmSync(n8n.userFolder, { recursive: true, force: true });
		console.log(`# n8n ${install.version}: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
	}
}

async function main(): Promise<void> {
	const args = process.argv.slice(2);
	const serial = args.includes('--serial');
	const given = args.filter((a) => !a.startsWith('--'));
	const majors = (given.length ? given : ['2', '1']) as N8nMajor[];
	for (const m of majors) if (m !== '1' && m !== '2') throw new Error(`unknown n8n major "${m}" (use 1 or 2)`);
	if (!fs.existsSync(path.join(DIST, 'nodes', 'Kornitx', 'Kornitx.node.js'))) {
		throw new Error(`no built package in ${DIST} (run npm run build, or set KORNITX_E2E_DIST)`);
	}
	const t0 = Date.now();
	const one = async (major: N8nMajor): Promise<Checks> => {
		const c = new Checks(`[n8n ${N8N_VERSIONS[major]}]`);
		try {
			await runMajor(major, c);
		} catch (error) {
			c.error(`n8n ${major}.x`, error);
		}
		return c;
	};
	// Each major has its own emulator, proxy and n8n user folder, so they can run side by side
	// (the lines of both interleave; each carries its version). --serial runs them in turn.
	let results: Checks[];
	if (serial) {
		results = [];
		for (const major of majors) results.push(await one(major));
	} else {
		results = await Promise.all(majors.map(one));
	}
	const passed = results.reduce((n, c) => n + c.passed, 0);
	const failed = results.reduce((n, c) => n + c.failed, 0);
	for (const c of results) console.log(`# ${c.prefix}: ${c.summary()}`);
	console.log(`# total ${((Date.now() - t0) / 1000).toFixed(1)} s`);
	console.log(`${passed} passed, ${failed} failed`);
	process.exitCode = failed > 0 ? 1 : 0;
}

main().catch((error: unknown) => {
	console.error(error instanceof Error ? error.stack : error);
	console.log('0 passed, 1 failed');
	process.exitCode = 1;
});
