import { Expression } from 'n8n-workflow';

import { getActiveExpressionEngine } from '../../harness';
import { fixtureWorkflow, useHarness } from './setup';

const env = useHarness();
const { server, oauthCredential, newHarness } = env;

describe('workflow execution', () => {
	it('runs Start -> fixture node through WorkflowExecute and keeps pairedItem', async () => {
		const run = await env.harness.runWorkflow({
			...fixtureWorkflow(),
			input: [{ id: 'a1' }, { id: 'b2' }],
		});

		expect(run.error).toBeUndefined();
		expect(run.status).toBe('success');
		expect(run.executedNodes).toEqual(['Start', 'Fixture']);
		expect(run.output('Start').map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		const out = run.output('Fixture');
		expect(out.map((i) => i.json.id)).toEqual(['a1', 'b2']);
		expect(out.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		// the engine recorded where the items came from
		expect(run.data.data.resultData.runData.Fixture[0].source).toEqual([
			{ previousNode: 'Start', previousNodeOutput: 0, previousNodeRun: 0 },
		]);
	});

	it('a harness created beside another runs on its own and can be disposed', async () => {
		const h = newHarness();
		const run = await h.runWorkflow({ ...fixtureWorkflow(), input: [{ id: 'x' }] });
		h.dispose();
		expect(run.status).toBe('success');
		expect(run.output('Fixture').map((i) => i.json.id)).toEqual(['x']);
		// the first harness is untouched by the second one's run and disposal
		const again = await env.harness.runWorkflow({ ...fixtureWorkflow(), input: [{ id: 'y' }] });
		expect(again.output('Fixture').map((i) => i.json.id)).toEqual(['y']);
	});

	it('reports unknown node types and missing credentials as workflow errors', async () => {
		const wf = fixtureWorkflow();
		wf.nodes[1].credentials = { fixtureOAuth2Api: { id: 'nope', name: 'x' } };
		const run = await env.harness.runWorkflow({ ...wf, input: [{ id: '1' }] });
		expect(run.status).toBe('error');
		expect(run.error?.message).toBe(
			'Credential with ID "nope" does not exist for type "fixtureOAuth2Api".',
		);
	});
});

describe('expressions', () => {
	it('resolve per item with the legacy engine, even if something selected another engine', async () => {
		Expression.setExpressionEngine('vm'); // would throw "not initialized" on evaluation
		env.harness = newHarness();
		expect(getActiveExpressionEngine()).toBe('legacy');

		const run = await env.harness.runWorkflow({
			...fixtureWorkflow({ path: '={{ "/api/items/" + $json.id.toUpperCase() + $itemIndex }}' }),
			input: [{ id: 'ab' }, { id: 'cd' }],
		});
		expect(run.error).toBeUndefined();
		expect(server.apiRequests.map((r) => r.path)).toEqual(['/api/items/AB0', '/api/items/CD1']);
		expect(run.output('Fixture').map((i) => i.json.id)).toEqual(['AB0', 'CD1']);
	});
});

describe('network isolation', () => {
	it('every request went to the local server on 127.0.0.1', async () => {
		await env.harness.runWorkflow({ ...fixtureWorkflow(), input: [{ id: '1' }] });
		const all = [...server.tokenRequests, ...server.apiRequests];
		expect(all.length).toBeGreaterThan(0);
		for (const r of all) expect(r.remoteAddress).toMatch(/127\.0\.0\.1$/);
	});

	it('blocks connections to non-loopback hosts before DNS', async () => {
		env.harness.setCredential('fixtureOAuth2Api', 'oauth-1', {
			...oauthCredential(),
			baseUrl: 'http://api.example.com',
			oauthTokenData: { access_token: 'x', token_type: 'Bearer' },
		});
		const run = await env.harness.runWorkflow({ ...fixtureWorkflow(), input: [{ id: '1' }] });
		expect(JSON.stringify(run.nodeError('Fixture'))).toContain(
			'Test harness blocked a connection to api.example.com:80',
		);
	});
});
