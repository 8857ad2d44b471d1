/**
 * e2e scenario: Order Item → Cancel by ID, external ref and ref + ID, each from fields and from
 * JSON items.
 */
import { SEED_ORDER_IDS as IDS } from '../../emulator';
import { show } from '../lib/checks';
import { oauthData } from '../lib/credentials';
import { apiCalls } from '../lib/emulator';
import type { OutputItem } from '../lib/n8n';
import { WorkflowBuilder } from '../lib/workflow';
import { enc, items, jsonOf, pairedIndexes, type Scenario, type SuiteContext } from './context';

export function cancelScenarios({ emu, c, creds, order, tokenCount }: SuiteContext): Scenario[] {
	const scenarios: Scenario[] = [];
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
			body: {
				items: [
					{ id: inProd[0].id, quantity: 1 },
					{ id: inProd[1].id, quantity: 1 },
				],
			},
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
			body: {
				items: split.map((it) => ({ combined: `${it.external_ref}-${it.id}`, quantity: 1 })),
				reference: 'RMA-77',
			},
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
					items: {
						item: [{ itemId: String(space[0].id), itemExternalRef: 'LINE 1', quantity: 1 }],
					},
				},
				credential: cred.ref,
			})
			.kornitx('Cancel by ID (JSON)', {
				input: [
					{ orderId: IDS.pendingDispatch, lines: [{ itemId: pending[2].id, quantity: 1 }] },
					{ orderId: IDS.received, lines: [{ itemId: received[0].id, quantity: 1 }] },
				],
				parameters: {
					...base,
					identifyBy: 'id',
					orderId: '={{ $json.orderId }}',
					itemsInputMode: 'json',
					itemsJson: '={{ $json.lines }}',
				},
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
				const out = list.find(
					(item) =>
						(item.json.items as Array<{ order_id?: number }> | undefined)?.[0]?.order_id ===
						kase.orderId,
				);
				c.ok(
					`${kase.node}: output is the cancellation { id, items: [{ id, order_id, quantity }] } of order ${kase.orderId}`,
					typeof out?.json.id === 'number' &&
						show(out.json.items) ===
							show(kase.itemIds.map((id) => ({ id, order_id: kase.orderId, quantity: 1 }))),
					show(jsonOf(list)),
				);
				const calls = apiCalls(emu).filter((call) => call.path === kase.path);
				c.equal(
					`${kase.node}: emulator got POST ${kase.path} with the right item keys`,
					calls.map((call) => [call.method, call.body, call.status]),
					[['POST', kase.body, 200]],
				);
				c.equal(
					`${kase.node}: cancelled quantities applied once`,
					kase.itemIds.map(
						(id) => order(kase.orderId).items.find((it) => it.id === id)?.cancelled_quantity,
					),
					kase.itemIds.map(() => 1),
				);
			}
			c.equal(
				'Cancel by ID (JSON): two input items, two outputs paired 0 and 1',
				pairedIndexes(items(run, 'Cancel by ID (JSON)')),
				[0, 1],
			);
			c.equal('cancel: nothing else was sent', apiCalls(emu).length, cases.length);
		},
	});
	return scenarios;
}
