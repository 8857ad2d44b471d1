/**
 * e2e scenario: A token that expires mid-run: every 401 retried, exactly one extra token request.
 */
import { show } from '../lib/checks';
import { oauthData } from '../lib/credentials';
import { apiCalls, tokenCalls } from '../lib/emulator';
import { WorkflowBuilder } from '../lib/workflow';
import { items, jsonOf, type Scenario, type SuiteContext } from './context';

export function expiryScenarios({ emu, c, creds, order, bulkIds }: SuiteContext): Scenario[] {
	const scenarios: Scenario[] = [];
	const cred = creds.oauth('KornitX expiry', oauthData(emu));
	const ids = bulkIds(12, 4);
	scenarios.push({
		name: 'expiry',
		workflow: new WorkflowBuilder('e2e: token expires mid-run').kornitx('Mid-run expiry', {
			input: ids.map((id) => ({ id })),
			parameters: {
				resource: 'order',
				operation: 'updateStatus',
				identifyBy: 'id',
				orderId: '={{ $json.id }}',
				status: 8,
			},
			credential: cred.ref,
		}),
		before: () => {
			emu.seedBulk(12, 1, 4);
			emu.configure({ expireTokensAfterRequests: 6, latencyMs: 100 });
		},
		verify: (run) => {
			const out = jsonOf(items(run, 'Mid-run expiry'));
			c.ok(
				'expiry: all 12 items succeed',
				out.length === 12 && out.every((j) => j.success === true),
				show(out.slice(0, 3)),
			);
			const puts = apiCalls(emu).filter((call) => call.method === 'PUT');
			const unauthorized = puts.filter((call) => call.status === 401);
			const tokens = tokenCalls(emu);
			c.ok(
				'expiry: the token was refused mid-run (HTTP 401) and every refused call was retried with a new token',
				unauthorized.length > 0 &&
					unauthorized.every((bad) =>
						puts.some(
							(good) => good.path === bad.path && good.status === 200 && good.seq > bad.seq,
						),
					),
				`${unauthorized.length} × 401`,
			);
			c.equal('expiry: exactly one extra token request (2 in the run)', tokens.length, 2);
			c.equal(
				'expiry: each order updated exactly once',
				puts.filter((call) => call.status === 200).length,
				12,
			);
			c.equal(
				'expiry: all 12 orders Dispatched',
				ids.map((id) => order(id).status),
				ids.map(() => 8),
			);
		},
	});
	return scenarios;
}
