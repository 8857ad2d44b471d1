/**
 * e2e scenario: A refused scope: the whole token request is refused; the error names the scopes.
 */
import { ALL_SCOPES, SEED_ORDER_IDS as IDS } from '../../emulator';
import { limitedOauthData } from '../lib/credentials';
import { apiCalls, logLines, tokenCalls } from '../lib/emulator';
import { runError } from '../lib/n8n';
import { WorkflowBuilder } from '../lib/workflow';
import { type Scenario, type SuiteContext } from './context';

export function refusedScopeScenarios({ emu, c, creds, order }: SuiteContext): Scenario[] {
	const scenarios: Scenario[] = [];
	const limited = creds.oauth('KornitX limited (all scopes)', limitedOauthData(emu));
	const refusedScopes = [
		'order-it.order-manager.edit',
		'order-it.order-manager.view',
		'export-api.order-item-details',
	];
	scenarios.push({
		name: 'refused scope',
		expectOk: false,
		workflow: new WorkflowBuilder('e2e: refused scope').kornitx('Refused scope', {
			parameters: {
				resource: 'order',
				operation: 'updateStatus',
				identifyBy: 'id',
				orderId: String(IDS.inProduction),
				status: 8,
			},
			credential: limited.ref,
		}),
		verify: (run) => {
			const error = runError(run);
			c.equal(
				'refused scope: the run fails with an error naming the refused scopes',
				error?.message,
				`KornitX refused the scope ${refusedScopes.join(' ')} when issuing a token`,
			);
			c.contains(
				'refused scope: the description says what to remove',
				error?.description,
				`Remove ${refusedScopes.join(' ')} from the credential's Scope field`,
			);
			c.equal(
				'refused scope: the error belongs to the KornitX node',
				error?.node?.name,
				'Refused scope',
			);
			const tokens = tokenCalls(emu);
			c.ok(
				'refused scope: token request refused (400), then one probe per scope',
				tokens[0]?.status === 400 &&
					tokens.length === 1 + ALL_SCOPES.length &&
					tokens.slice(1).filter((call) => call.status === 400).length === refusedScopes.length,
				logLines(tokens).join(', '),
			);
			c.equal(
				'refused scope: no API call was made, order unchanged',
				[apiCalls(emu).length, order(IDS.inProduction).status],
				[0, 4],
			);
		},
	});
	return scenarios;
}
