/**
 * e2e scenario: Continue On Fail (regular output, error output), 503 and 429 retries, a 403 for a
 * missing scope.
 */
import { DEV_CLIENT, SEED_ORDER_IDS as IDS, LIMITED_CLIENT } from '../../emulator';
import { pick, show } from '../lib/checks';
import { limitedOauthData, oauthData } from '../lib/credentials';
import { apiCalls, tokenCalls, updateOrdersCalls } from '../lib/emulator';
import { WorkflowBuilder } from '../lib/workflow';
import { items, jsonOf, pairedIndexes, type Scenario, type SuiteContext } from './context';

export function continueScenarios({ emu, c, creds, order }: SuiteContext): Scenario[] {
	const scenarios: Scenario[] = [];
	const cred = creds.oauth('KornitX continue', oauthData(emu));
	const trimmed = creds.oauth(
		'KornitX limited (status scope)',
		limitedOauthData(emu, { scope: 'api-sl-2-3.order-status.update' }),
	);
	const status = {
		resource: 'order',
		operation: 'updateStatus',
		identifyBy: 'id',
		orderId: '={{ $json.id }}',
	};
	scenarios.push({
		name: 'continue',
		workflow: new WorkflowBuilder('e2e: continue on fail')
			.kornitx('Continue regular', {
				input: [
					{ id: IDS.inProduction },
					{ id: 'abc' },
					{ id: IDS.received },
					{ id: IDS.pendingDispatch },
				],
				parameters: { ...status, status: 8 },
				credential: cred.ref,
				onError: 'continueRegularOutput',
				sinks: true,
			})
			.kornitx('Continue error output', {
				input: [
					{ id: IDS.docExample, status: 4 },
					{ id: IDS.qcQuery, status: 8 },
					{ id: 99999999, status: 8 },
				],
				parameters: { ...status, status: '={{ $json.status }}' },
				credential: cred.ref,
				onError: 'continueErrorOutput',
				sinks: true,
			})
			.kornitx('Retry after 503', {
				parameters: {
					resource: 'order',
					operation: 'export',
					returnAll: true,
					filters: { statuses: [256] },
				},
				credential: cred.ref,
				onError: 'continueRegularOutput',
			})
			.kornitx('Retry after 429', {
				parameters: {
					resource: 'graphql',
					operation: 'execute',
					query: `{ core { orders(filter: { id: ${IDS.hashRef} }) { items { id } } } }`,
				},
				credential: cred.ref,
				onError: 'continueRegularOutput',
			})
			.kornitx('Continue batched update', {
				input: [{ id: IDS.spaceRef }, { id: 999 }],
				parameters: {
					resource: 'order',
					operation: 'update',
					orderId: '={{ $json.id }}',
					updateFields: { shippingMethod: 'Express' },
				},
				credential: cred.ref,
				onError: 'continueRegularOutput',
			})
			.kornitx('Scope missing (403)', {
				parameters: { resource: 'order', operation: 'export', returnAll: true },
				credential: trimmed.ref,
				onError: 'continueRegularOutput',
			}),
		before: () => {
			// the first export and the first GraphQL call of the run (branches "Retry after 503" and
			// "Retry after 429", which run before the other export and GraphQL branches) fail once
			emu.addFault({ kind: 'status', status: 503, match: { api: 'export' } });
			emu.addFault({ kind: 'status', status: 429, retryAfter: 1, match: { api: 'graphql' } });
		},
		verify: (run) => {
			const regular = items(run, 'Continue regular');
			const rj = jsonOf(regular);
			c.equal(
				'Continue regular: 4 inputs → 4 outputs, paired in input order',
				pairedIndexes(regular),
				[0, 1, 2, 3],
			);
			c.ok(
				'Continue regular: good items succeed',
				rj[0]?.success === true &&
					rj[0]?.orderId === IDS.inProduction &&
					rj[3]?.success === true &&
					rj[3]?.orderId === IDS.pendingDispatch,
				show(rj),
			);
			c.equal('Continue regular: a bad ID becomes { error } naming the item', rj[1], {
				error: 'Order ID must be a positive whole number, got "abc" (item 1)',
			});
			const refused = rj[2] as
				| { error?: string; details?: { description?: string; httpCode?: string } }
				| undefined;
			c.ok(
				'Continue regular: a refused move becomes { error, details: { description, httpCode } }',
				refused?.error === 'KornitX: Invalid status transition' &&
					refused.details?.httpCode === '400' &&
					String(refused.details?.description).includes('can be reached only from') &&
					Object.keys(refused).every((k) => k === 'error' || k === 'details'),
				show(refused),
			);
			c.equal(
				'Continue regular: the next node got all 4 items',
				items(run, 'Continue regular ok').length,
				4,
			);

			const ok = items(run, 'Continue error output', 0);
			const failed = items(run, 'Continue error output', 1);
			c.equal(
				'Continue error output: success on output 0',
				jsonOf(ok).map((j) => pick(j, ['success', 'orderId', 'status'])),
				[{ success: true, orderId: IDS.docExample, status: 4 }],
			);
			c.ok(
				'Continue error output: the 2 failures on output 1 (transition refused, order not found), paired 1 and 2',
				failed.length === 2 &&
					failed[0].json.error === 'KornitX: Invalid status transition' &&
					/order not found/i.test(String(failed[1].json.error)) &&
					show(pairedIndexes(failed)) === show([1, 2]),
				show(failed),
			);
			c.equal(
				'Continue error output: "ok" and "failed" nodes received 1 and 2 items',
				[
					items(run, 'Continue error output ok').length,
					items(run, 'Continue error output failed').length,
				],
				[1, 2],
			);

			const batched = jsonOf(items(run, 'Continue batched update'));
			c.ok(
				'Continue batched update: the good order updates, the unknown one is { error }',
				batched.length === 2 &&
					batched[0].id === IDS.spaceRef &&
					batched[0].shipping_method === 'Express' &&
					batched[1].error === 'KornitX: Order not found: 999',
				show(batched),
			);
			c.equal(
				'Continue batched update: one GraphQL mutation for both items',
				updateOrdersCalls(apiCalls(emu)).length,
				1,
			);

			c.equal(
				'Retry after 503: the export is retried and returns the order',
				jsonOf(items(run, 'Retry after 503')).map((j) => j.id ?? j.error),
				[IDS.onHold],
			);
			c.equal(
				'Retry after 429: the query waits Retry-After, is retried and returns its data',
				jsonOf(items(run, 'Retry after 429')),
				[{ core: { orders: { items: [{ id: IDS.hashRef }] } } }],
			);
			const scope = jsonOf(items(run, 'Scope missing (403)'));
			c.ok(
				'Scope missing (403): { error } names the missing scope and the fix',
				scope.length === 1 &&
					scope[0].error === 'KornitX: Permission denied (export-api.order-item-details)' &&
					String((scope[0].details as { description?: string } | undefined)?.description).includes(
						"Add export-api.order-item-details to the credential's Scope field",
					),
				show(scope),
			);
			c.equal(
				'continue: the emulator got 3 + 3 status PUTs (the bad ID never sent), 1 mutation, exports 503 → 200 and 403, query 429 → 200',
				[
					apiCalls(emu).filter((call) => call.method === 'PUT').length,
					updateOrdersCalls(apiCalls(emu)).length,
					apiCalls(emu)
						.filter((call) => call.api === 'export')
						.map((call) => call.status),
					apiCalls(emu)
						.filter((call) => call.api === 'graphql' && !updateOrdersCalls([call]).length)
						.map((call) => call.status),
				],
				[6, 1, [503, 200, 403], [429, 200]],
			);
			c.equal(
				'continue: one token per credential',
				tokenCalls(emu)
					.map((call) => (call.body as Record<string, string>).client_id)
					.sort(),
				[DEV_CLIENT.clientId, LIMITED_CLIENT.clientId].sort(),
			);
			c.equal(
				'continue: emulator state (good moves applied, refused ones not)',
				[
					order(IDS.inProduction).status,
					order(IDS.received).status,
					order(IDS.pendingDispatch).status,
					order(IDS.docExample).status,
					order(IDS.qcQuery).status,
				],
				[8, 1, 8, 4, 32],
			);
		},
	});
	return scenarios;
}
