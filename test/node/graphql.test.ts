import { SEED_ORDER_IDS as IDS } from '../emulator';
import { useFixture } from '../support/kornitx';

const execute = { resource: 'graphql', operation: 'execute' };

describe('GraphQL → Execute', () => {
	const f = useFixture();

	it('runs a query with variables and returns its data', async () => {
		const { output, error } = await f.run({
			...execute,
			query:
				'query ($filter: Json) { core { orders(filter: $filter) { items { id external_ref status_name } } } }',
			variables: JSON.stringify({ filter: { id: [IDS.hashRef] } }),
		});
		expect(error).toBeUndefined();
		expect(output[0].json).toEqual({
			core: {
				orders: {
					items: [{ id: IDS.hashRef, external_ref: '#5003', status_name: 'Received by Supplier' }],
				},
			},
		});
	});

	it('reports an invalid query the way the server refuses it', async () => {
		const { error } = await f.run({
			...execute,
			query: '{ core { orders { items { no_such_field } } } }',
		});
		expect(error?.message).toContain('Cannot query field "no_such_field"');
		expect(error?.httpCode).toBe('400');
	});

	it('treats errors in an HTTP 200 as an error for that item', async () => {
		const { output } = await f.run(
			{
				...execute,
				query: 'mutation ($o: [OrderInput]) { core { updateOrders(orders: $o) { id } } }',
				variables: '={{ JSON.stringify({ o: [{ id: $json.id, status: 4 }] }) }}',
			},
			{ input: [{ id: IDS.docExample }, { id: 12345 }], continueOnFail: true },
		);
		expect(output[0].json).toEqual({ core: { updateOrders: [{ id: IDS.docExample }] } });
		expect(output[1].json.error).toContain('Order not found: 12345 (at core.updateOrders.0)');
	});

	it('rejects variables that are not a JSON object', async () => {
		const { error } = await f.run({
			...execute,
			query: '{ core { orders { items { id } } } }',
			variables: '[1]',
		});
		expect(error?.message).toBe('Variables must be a JSON object (item 0)');
	});
});
