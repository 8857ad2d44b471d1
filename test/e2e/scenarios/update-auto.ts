/**
 * e2e scenario: Order → Update with Mapping Mode "Map Automatically".
 */
import { oauthData } from '../lib/credentials';
import { apiCalls, updateOrdersCalls } from '../lib/emulator';
import { WorkflowBuilder } from '../lib/workflow';
import { items, jsonOf, pairedIndexes, range, type Scenario, type SuiteContext } from './context';

export function updateAutoScenarios({
	emu,
	c,
	creds,
	order,
	bulkIds,
	tokenCount,
}: SuiteContext): Scenario[] {
	const scenarios: Scenario[] = [];
	const cred = creds.oauth('KornitX update mapped', oauthData(emu));
	const ids = bulkIds(6, 513);
	const sent = ids.map((id, n) => ({
		id,
		status: 4,
		shipping_carrier: 'DPD',
		shipping_tracking: `TRK-${n}`,
	}));
	const input = sent.map((fields) => ({ ...fields, customer: 'not sent' }));
	scenarios.push({
		name: 'update-auto',
		workflow: new WorkflowBuilder('e2e: update mapped automatically').kornitx(
			'Update mapped automatically',
			{
				input,
				parameters: {
					resource: 'order',
					operation: 'update',
					mappingMode: 'autoMapInputData',
					options: { batchSize: 4 },
				},
				credential: cred.ref,
			},
		),
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
				mutations.map(
					(call) => (call.body as { variables?: { orders?: unknown[] } }).variables?.orders,
				),
				[sent.slice(0, 4), sent.slice(4)],
			);
			c.equal(
				'Update mapped automatically: orders changed in the emulator',
				ids.map((id) => [order(id).status, order(id).shipping_tracking]),
				ids.map((_, n) => [4, `TRK-${n}`]),
			);
		},
	});
	return scenarios;
}
