import { NodeOperationError } from 'n8n-workflow';

import { fixtureWorkflow, useHarness } from './setup';

const env = useHarness();
const { observed } = env;

describe('node error handling', () => {
	const input = [{ id: '1' }, { id: '2' }, { id: '3' }];

	it('continueRegularOutput: continueOnFail() is true and the failing item becomes an error item', async () => {
		const { output, error } = await env.harness.runNode({
			type: 'fixture',
			parameters: { throwOnId: '2' },
			input,
			onError: 'continueRegularOutput',
		});
		expect(observed.continueOnFail).toEqual([true]);
		expect(error).toBeUndefined();
		expect(output.map((i) => i.json.error ?? i.json.id)).toEqual([
			'1',
			'Item 2 is not allowed',
			'3',
		]);
		expect(output[1]).toEqual({
			json: {
				error: 'Item 2 is not allowed',
				details: { description: 'fixture refuses this id', httpCode: null },
			},
			pairedItem: { item: 1 },
		});
	});

	it('continueRegularOutput: NodeApiError fields from a failed request (404)', async () => {
		const { output } = await env.harness.runNode({
			type: 'fixture',
			parameters: {},
			input: [{ id: 'missing' }],
			onError: 'continueRegularOutput',
		});
		// NodeApiError replaces the server message with a generic one per status code;
		// the server's `message` ends up in `description`, the status in `httpCode` (a string)
		expect(output[0].json).toEqual({
			error: 'The resource you are requesting could not be found',
			details: { description: 'Item not found', httpCode: '404' },
		});
	});

	it('stopWorkflow: continueOnFail() is false and the error is a NodeOperationError with itemIndex', async () => {
		const { output, error, run } = await env.harness.runNode({
			type: 'fixture',
			parameters: { throwOnId: '2' },
			input,
		});
		expect(observed.continueOnFail).toEqual([false]);
		expect(output).toEqual([]);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error).toMatchObject({
			message: 'Item 2 is not allowed',
			description: 'fixture refuses this id',
			context: { itemIndex: 1 },
		});
		expect(run.status).toBe('error');
		expect(run.error).toBeInstanceOf(NodeOperationError);
	});

	it('continueErrorOutput: only items whose json keys are error/message/details go to the error output', async () => {
		const routed = await env.harness.runNode({
			type: 'fixture',
			parameters: { throwOnId: '2' },
			input,
			onError: 'continueErrorOutput',
		});
		expect(observed.continueOnFail).toEqual([true]);
		expect(routed.outputs).toHaveLength(2);
		expect(routed.outputs[0].map((i) => i.json.id)).toEqual(['1', '3']);
		// the engine merges the paired INPUT item's json into the error item
		expect(routed.outputs[1].map((i) => i.json)).toEqual([
			{
				id: '2',
				error: 'Item 2 is not allowed',
				details: { description: 'fixture refuses this id', httpCode: null },
			},
		]);

		const notRouted = await env.harness.runNode({
			type: 'fixture',
			parameters: { throwOnId: '2', errorShape: 'flat' },
			input,
			onError: 'continueErrorOutput',
		});
		expect(notRouted.outputs[0].map((i) => i.json.error ?? i.json.id)).toEqual([
			'1',
			'Item 2 is not allowed',
			'3',
		]);
		expect(notRouted.outputs[1]).toEqual([]);
	});

	it('an error thrown out of execute() under continueRegularOutput passes the INPUT items through', async () => {
		const { output, run, error } = await env.harness.runNode({
			type: 'fixture',
			parameters: { throwOnId: '2', parallel: true },
			input,
			onError: 'continueRegularOutput',
		});
		expect(observed.continueOnFail).toEqual([true]);
		expect(output.map((i) => i.json)).toEqual(input);
		expect(error?.message).toBe('Item 2 is not allowed');
		expect(run.nodeError('Fixture')?.message).toBe('Item 2 is not allowed');
		// n8n quirk: when that node is the LAST one executed, the execution still ends as 'error'
		expect(run.status).toBe('error');

		const wf = fixtureWorkflow({ throwOnId: '2', parallel: true });
		const withNext = await env.harness.runWorkflow({
			nodes: [
				wf.nodes[0],
				{ ...wf.nodes[1], onError: 'continueRegularOutput' },
				{
					id: 'n',
					name: 'After',
					type: 'harness.noOp',
					typeVersion: 1,
					position: [400, 0],
					parameters: {},
				},
			],
			connections: {
				...wf.connections,
				Fixture: { main: [[{ node: 'After', type: 'main', index: 0 }]] },
			},
			input,
		});
		expect(withNext.status).toBe('success');
		expect(withNext.error).toBeUndefined();
		expect(withNext.output('After').map((i) => i.json)).toEqual(input);
		expect(withNext.nodeError('Fixture')?.message).toBe('Item 2 is not allowed');
	});
});
