/**
 * examples/dispatch-from-erp.json in n8n (`n8n execute`).
 */
import { SEED_ORDER_IDS as IDS } from '../../emulator';
import {
	runCase,
	items,
	type Stubs,
	ERP_DISPATCHED,
	ERROR_OUTPUT_HINT,
	type ExecuteSetup,
	execute,
} from './common';

export async function testDispatchFromErp(
	label: string,
	setup: ExecuteSetup,
	stubs: Stubs,
): Promise<void> {
	await runCase(
		`${label} › dispatch-from-erp: ERP CSV rows dispatch orders with tracking in one batched mutation`,
		async (c) => {
			const { emulator } = setup;
			emulator.reset();
			const erpCallsBefore = stubs.erp.requests.length;
			const run = await execute(c, setup, setup.ids.erp);

			c.equal(stubs.erp.requests.length - erpCallsBefore, 1, 'ERP export downloads');
			const mutations = emulator.log.filter(
				(entry) => entry.api === 'graphql' && entry.status === 200,
			);
			c.equal(
				mutations.length,
				1,
				'GraphQL requests answered (all rows in one updateOrders batch)',
			);
			const sent = (
				(mutations[0]?.body as { variables?: { orders?: Array<Record<string, unknown>> } })
					?.variables?.orders ?? []
			).map((order) => order.id);
			c.equal(
				sent,
				[...ERP_DISPATCHED.map((row) => row.id), IDS.received],
				'orders in the mutation (the row without tracking is filtered out)',
			);
			for (const row of ERP_DISPATCHED) {
				const order = emulator.getOrder(row.id);
				c.equal(
					[
						order?.status,
						order?.shipping_carrier,
						order?.shipping_method,
						order?.shipping_tracking,
					],
					[8, row.carrier, row.method, row.tracking],
					`order ${row.id} (status, carrier, method, tracking)`,
				);
			}
			c.equal(
				emulator.getOrder(IDS.received)?.status,
				1,
				'order Received (1), which may not move to Dispatched, keeps its status',
			);
			const untouched = emulator.getOrder(IDS.docExample);
			c.equal(
				[untouched?.status, untouched?.shipping_tracking],
				[513, ''],
				'the row without tracking leaves its order alone',
			);
			const dispatched = items(run, 'Dispatched');
			c.equal(
				dispatched.map((item) => [item.id, item.status]),
				ERP_DISPATCHED.map((row) => [row.id, 8]),
				'"Dispatched" items',
			);
			c.check(!dispatched.some((item) => 'error' in item), ERROR_OUTPUT_HINT);
			const refused = items(run, 'Refused by KornitX');
			c.equal(refused.length, 1, '"Refused by KornitX" items');
			c.equal(
				refused[0]?.['KornitX Order ID'],
				String(IDS.received),
				'the refused item is the CSV row of the refused order',
			);
			c.check(
				String(refused[0]?.error ?? '').includes('Invalid status transition') &&
					String(refused[0]?.message ?? '').includes('Dispatched (8)'),
				`the refused row says why (error) and what is allowed (message): ${JSON.stringify(refused[0])}`,
			);
		},
	);
}
