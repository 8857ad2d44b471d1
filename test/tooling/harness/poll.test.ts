import type { IDataObject } from 'n8n-workflow';

import { useHarness } from './setup';

const env = useHarness();
const { server } = env;

describe('poll()', () => {
	it('runs poll() via PollContext; static data persists across polls; null when nothing new', async () => {
		server.events = [{ id: 1 }, { id: 2 }];
		const staticData: IDataObject = {};
		const params = {
			type: 'fixtureTrigger',
			parameters: { label: 'L' },
			staticData,
			mode: 'trigger' as const,
		};

		const first = await env.harness.poll(params);
		expect(first?.[0].map((i) => i.json)).toEqual([
			{ id: 1, label: 'L' },
			{ id: 2, label: 'L' },
		]);
		expect(staticData).toEqual({ lastId: 2 });

		expect(await env.harness.poll(params)).toBeNull();
		expect(server.apiRequests.at(-1)?.path).toBe('/api/events?since=2');

		server.events.push({ id: 3 });
		const third = await env.harness.poll(params);
		expect(third?.[0].map((i) => i.json.id)).toEqual([3]);
		expect(staticData).toEqual({ lastId: 3 });
		expect(server.tokenRequests).toHaveLength(1); // token reused across polls
	});

	it('manual mode returns a sample without moving the cursor', async () => {
		server.events = [{ id: 1 }, { id: 2 }];
		const staticData: IDataObject = { lastId: 1 };
		const result = await env.harness.poll({
			type: 'fixtureTrigger',
			parameters: {},
			staticData,
			mode: 'manual',
		});
		expect(result?.[0].map((i) => i.json.id)).toEqual([2]);
		expect(staticData).toEqual({ lastId: 1 });
	});

	it('a poll node as workflow start runs poll() in manual mode through WorkflowExecute', async () => {
		server.events = [{ id: 7 }];
		const run = await env.harness.runWorkflow({
			nodes: [
				{
					id: 't',
					name: 'Fixture Trigger',
					type: 'fixtureTrigger',
					typeVersion: 1,
					position: [0, 0],
					parameters: {},
					credentials: { fixtureOAuth2Api: { id: 'oauth-1', name: 'Fixture OAuth' } },
				},
			],
			connections: {},
		});
		expect(run.error).toBeUndefined();
		expect(run.output('Fixture Trigger').map((i) => i.json.id)).toEqual([7]);
	});
});
