/**
 * e2e scenarios for Shipment → Create and the Stock operations, listed in test/e2e/run.ts's
 * suite. Each scenario is one workflow run once after `emu.reset()` + `before()`.
 */
import type { ExecuteResult } from '../../../scripts/n8n-runtime';
import {
	SEED_ORDER_IDS as IDS,
	SHIPMENT_SCOPES,
	STOCK_DROPSHIP_REFS,
	bulkStockProducts,
} from '../../emulator';
import { show } from '../lib/checks';
import { apiKeyData, oauthData } from '../lib/credentials';
import { apiCalls } from '../lib/emulator';
import { nodeItems, runError, type OutputItem } from '../lib/n8n';
import { WorkflowBuilder } from '../lib/workflow';
import type { Scenario, SuiteContext } from './context';

const enc = encodeURIComponent;
const items = (run: ExecuteResult, node: string): OutputItem[] => nodeItems(run.json, node) ?? [];
const paired = (list: OutputItem[]) =>
	list.map((item) => (item.pairedItem as { item?: number } | undefined)?.item ?? null);

export function shipmentStockScenarios(ctx: SuiteContext): Scenario[] {
	const { emu, creds, c, order } = ctx;
	const scenarios: Scenario[] = [];
	emu.reset();
	// A user adds the opt-in shipment scope to the default list (README "Shipments").
	const shipCred = creds.oauth(
		'KornitX shipments',
		oauthData(emu, { scope: SHIPMENT_SCOPES.join(' ') }),
	);
	const base = { resource: 'shipment', operation: 'create' };

	/* ---- S1: every identify mode, partial then complete, refused entry, dry run -------------- */
	{
		const [first, ...rest] = order(IDS.inProduction).items;
		const split = order(IDS.splitA).items;
		const rbs = order(IDS.receivedBySupplier).items[0];
		const url = 'https://track.example.com/';
		scenarios.push({
			name: 'shipments',
			workflow: new WorkflowBuilder('e2e: shipments')
				.kornitx('Ship by ID (partial)', {
					parameters: {
						...base,
						identifyBy: 'id',
						orderId: String(IDS.inProduction),
						items: { item: [{ itemId: String(first.id), quantity: first.quantity }] },
						carrier: 'DPD',
						tracking: 'PKG-1',
						trackingUrl: `${url}PKG-1`,
					},
					credential: shipCred.ref,
				})
				.kornitx('Ship by external ref', {
					parameters: {
						...base,
						identifyBy: 'externalRef',
						externalRef: 'AB/123/C',
						items: { item: [{ itemExternalRef: 'sku/2', quantity: 1 }] },
						tracking: 'PKG-3',
					},
					credential: shipCred.ref,
				})
				.kornitx('Ship by ref and ID (JSON)', {
					input: [
						{
							lines: split.map((it) => ({
								itemId: it.id,
								itemExternalRef: it.external_ref,
								quantity: 1,
							})),
						},
					],
					parameters: {
						...base,
						identifyBy: 'combined',
						externalRef: 'SPLIT-3001',
						orderId: String(IDS.splitA),
						itemsInputMode: 'json',
						itemsJson: '={{ $json.lines }}',
					},
					credential: shipCred.ref,
				})
				.kornitx('Ship by ID (complete)', {
					input: [{ lines: rest.map((it) => ({ itemId: it.id, quantity: it.quantity })) }],
					parameters: {
						...base,
						identifyBy: 'id',
						orderId: String(IDS.inProduction),
						itemsInputMode: 'json',
						itemsJson: '={{ $json.lines }}',
						carrier: 'DPD',
						tracking: 'PKG-2',
						trackingUrl: `${url}PKG-2`,
					},
					credential: shipCred.ref,
				})
				.kornitx('Ship refused entry', {
					input: [{ qty: rbs.quantity + 1 }],
					parameters: {
						...base,
						identifyBy: 'id',
						orderId: String(IDS.receivedBySupplier),
						items: { item: [{ itemId: String(rbs.id), quantity: '={{ $json.qty }}' }] },
					},
					credential: shipCred.ref,
					onError: 'continueRegularOutput',
				})
				.kornitx('Ship dry run', {
					parameters: {
						...base,
						identifyBy: 'combined',
						externalRef: 'ORDER 2002',
						orderId: String(IDS.spaceRef),
						items: { item: [{ itemId: '9', itemExternalRef: 'LINE 1', quantity: 2 }] },
						options: { dryRun: true },
					},
					credential: shipCred.ref,
				}),
			verify: (run) => {
				const posts = apiCalls(emu).filter((call) => call.method === 'POST');
				c.equal(
					'shipments: POSTs on the three path forms, percent-encoded, with their item keys',
					posts.map((call) => [call.path, call.body, call.status]),
					[
						[
							`/api-sl-2-3/order/${IDS.inProduction}/shipment`,
							{
								status: 200,
								carrier: 'DPD',
								tracking: 'PKG-1',
								tracking_url: `${url}PKG-1`,
								items: [{ id: first.id, quantity: first.quantity }],
							},
							200,
						],
						[
							`/api-sl-2-3/order/by-external-ref/${enc('AB/123/C')}/shipment`,
							{ status: 200, tracking: 'PKG-3', items: [{ external_ref: 'sku/2', quantity: 1 }] },
							200,
						],
						[
							`/api-sl-2-3/order/by-combined/SPLIT-3001-${IDS.splitA}/shipment`,
							{
								status: 200,
								items: split.map((it) => ({
									combined: `${it.external_ref}-${it.id}`,
									quantity: 1,
								})),
							},
							200,
						],
						[
							`/api-sl-2-3/order/${IDS.inProduction}/shipment`,
							{
								status: 200,
								carrier: 'DPD',
								tracking: 'PKG-2',
								tracking_url: `${url}PKG-2`,
								items: rest.map((it) => ({ id: it.id, quantity: it.quantity })),
							},
							200,
						],
						[
							`/api-sl-2-3/order/${IDS.receivedBySupplier}/shipment`,
							{ status: 200, items: [{ id: rbs.id, quantity: rbs.quantity + 1 }] },
							400,
						],
					],
				);
				c.equal(
					'Ship by ID (partial): output is the shipment { id, items: [{ id, order_id, quantity }] }',
					items(run, 'Ship by ID (partial)').map((item) => item.json),
					[
						{
							id: 700001,
							items: [{ id: first.id, order_id: IDS.inProduction, quantity: first.quantity }],
						},
					],
				);
				c.equal(
					'Ship by ref and ID (JSON): one shipment of the split half',
					items(run, 'Ship by ref and ID (JSON)').map(
						(item) => (item.json.items as unknown[]).length,
					),
					[split.length],
				);
				c.equal(
					'partial then complete: after the second package the order is Dispatched (8), both shipments recorded',
					[
						order(IDS.inProduction).status,
						emu.getShipments(IDS.inProduction).map((s) => s.tracking),
					],
					[8, ['PKG-1', 'PKG-2']],
				);
				const refused = items(run, 'Ship refused entry');
				c.contains(
					'Ship refused entry: error names entry 1 of Items and its item key',
					(refused[0]?.json.details as { description?: string } | undefined)?.description,
					`KornitX refused entry 1 of Items ({"id":${rbs.id},`,
				);
				c.equal(
					'Ship refused entry: nothing shipped, one output paired to item 0',
					[emu.getShipments(IDS.receivedBySupplier).length, paired(refused)],
					[0, [0]],
				);
				c.equal(
					'Ship dry run: method, URL and body, nothing sent',
					items(run, 'Ship dry run').map((item) => item.json),
					[
						{
							dryRun: true,
							method: 'POST',
							url: `${emu.urls.rest}/order/by-combined/${enc('ORDER 2002')}-${IDS.spaceRef}/shipment`,
							body: { status: 200, items: [{ combined: 'LINE 1-9', quantity: 2 }] },
						},
					],
				);
			},
		});
	}

	/* ---- S2: a 5xx after KornitX applied the shipment: never resent ----------------------------- */
	{
		const item = order(IDS.inProduction).items[0];
		// Its own credential: a token stored by another scenario would meet a reset emulator (401 first).
		const cred = creds.oauth(
			'KornitX shipments 5xx',
			oauthData(emu, { scope: SHIPMENT_SCOPES.join(' ') }),
		);
		scenarios.push({
			name: 'shipment no resend',
			workflow: new WorkflowBuilder('e2e: shipment outcome unknown').kornitx('Ship 5xx', {
				parameters: {
					...base,
					identifyBy: 'id',
					orderId: String(IDS.inProduction),
					items: { item: [{ itemId: String(item.id), quantity: 1 }] },
				},
				credential: cred.ref,
			}),
			before: () =>
				emu.addFault({
					kind: 'status',
					status: 502,
					phase: 'after',
					match: { api: 'rest', method: 'POST' },
				}),
			expectOk: false,
			verify: (run) => {
				const error = runError(run);
				c.contains(
					'shipment no resend: the run fails with "Outcome unknown"',
					error?.message,
					/^Outcome unknown/,
				);
				c.contains(
					'shipment no resend: the description says how to check',
					error?.description,
					'could ship the items twice',
				);
				c.equal(
					'shipment no resend: exactly one POST, applied once',
					[
						apiCalls(emu).filter((call) => call.method === 'POST').length,
						emu.getShipments(IDS.inProduction).length,
					],
					[1, 1],
				);
			},
		});
	}

	/* ---- S3: stock — batching 250 / 100, bad input, Get Many ------------------------------------ */
	{
		const keyCred = creds.apiKey('KornitX stock key', apiKeyData(emu));
		const extra = bulkStockProducts(250);
		const stockInput = extra.map((p, i) => ({ sku: p.supplier_sku, qty: i }));
		const update = {
			resource: 'stock',
			operation: 'updateAvailability',
			authentication: 'apiKey',
			identifyProductBy: 'sku',
			sku: '={{ $json.sku }}',
			quantityAvailable: '={{ $json.qty }}',
		};
		scenarios.push({
			name: 'stock',
			workflow: new WorkflowBuilder('e2e: stock')
				.kornitx('Stock sync', { input: stockInput, parameters: update, credential: keyCred.ref })
				.kornitx('Stock bad input', {
					input: [
						{ sku: 'TSHIRT-BLK-S', qty: 1 },
						{ sku: 'TSHIRT-BLK-M', qty: -1 },
						{ sku: '', qty: 3 },
						{ sku: 'HOODIE-NVY-M', qty: 4 },
					],
					parameters: update,
					credential: keyCred.ref,
					onError: 'continueRegularOutput',
				})
				.kornitx('Stock get many', {
					parameters: {
						resource: 'stock',
						operation: 'getMany',
						authentication: 'apiKey',
						returnAll: true,
						filters: {
							dropshipRef: STOCK_DROPSHIP_REFS.mugsAndMore,
							changedSince: '2026-11-20T00:00:00Z',
						},
					},
					credential: keyCred.ref,
				}),
			before: () => emu.stock.push(...extra),
			verify: (run) => {
				const puts = apiCalls(emu).filter((call) => call.method === 'PUT');
				const syncPuts = puts
					.slice(0, 3)
					.map((call) => call.body as Array<{ sku: string; data: { quantity_available: number } }>);
				c.equal(
					'Stock sync: 250 items sent as 3 PUTs of 100, 100, 50',
					syncPuts.map((body) => body.length),
					[100, 100, 50],
				);
				c.ok(
					'Stock sync: bodies exactly as documented, in input order',
					show(syncPuts.flat(), 1e9) ===
						show(
							stockInput.map((row) => ({ sku: row.sku, data: { quantity_available: row.qty } })),
							1e9,
						),
				);
				const synced = items(run, 'Stock sync');
				c.ok(
					'Stock sync: 250 outputs { success, sku, quantityAvailable } paired in order',
					synced.length === 250 &&
						synced.every(
							(item, i) =>
								item.json.success === true &&
								item.json.sku === stockInput[i].sku &&
								item.json.quantityAvailable === i &&
								paired([item])[0] === i,
						),
					`${synced.length} outputs`,
				);
				c.equal(
					'Stock sync: the emulator holds the new quantities',
					emu.stock.find((p) => p.supplier_sku === 'BULK-SKU-249')?.quantity_available,
					249,
				);
				c.equal(
					'Stock bad input: bad items fail naming field and item, the others are sent in one PUT',
					[
						items(run, 'Stock bad input').map((item) => item.json.error ?? item.json.sku),
						puts[3]?.body,
					],
					[
						[
							'TSHIRT-BLK-S',
							'Quantity Available must be a whole number of 0 or more, got -1 (item 1)',
							'SKU is empty (item 2)',
							'HOODIE-NVY-M',
						],
						[
							{ sku: 'TSHIRT-BLK-S', data: { quantity_available: 1 } },
							{ sku: 'HOODIE-NVY-M', data: { quantity_available: 4 } },
						],
					],
				);
				const listed = items(run, 'Stock get many');
				c.equal(
					'Stock get many: one item per stock entry, filters sent as dropship_ref and changed_since (UTC)',
					[
						listed.map(
							(item) =>
								(item.json.linked as Array<{ product: { supplier_sku: string } }>)[0].product
									.supplier_sku,
						),
						apiCalls(emu).find((call) => call.method === 'GET')?.query,
					],
					[
						['MUG-15OZ-BLK', 'TOTE-NAT-STD'],
						{ dropship_ref: STOCK_DROPSHIP_REFS.mugsAndMore, changed_since: '2026-11-20 00:00:00' },
					],
				);
			},
		});
	}

	emu.reset();
	return scenarios;
}
