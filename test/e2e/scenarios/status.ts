/**
 * e2e scenario: Order → Update Status by ID, by external ref (awkward refs) and by ref + ID:
 * outputs, pairedItem, raw paths and bodies, one token request, the first item alone, peak 5 in
 * flight.
 */
import { ALL_SCOPES, DEV_CLIENT, SEED_ORDER_IDS as IDS, type LoggedRequest } from '../../emulator';
import { pick, show } from '../lib/checks';
import { oauthData } from '../lib/credentials';
import { apiCalls, tokenCalls } from '../lib/emulator';
import { WorkflowBuilder } from '../lib/workflow';
import {
	callKeys,
	enc,
	items,
	jsonOf,
	pairedIndexes,
	range,
	type Scenario,
	statusPath,
	type SuiteContext,
} from './context';

export function statusScenarios({
	emu,
	c,
	creds,
	order,
	bulkIds,
	oneTokenForAll,
}: SuiteContext): Scenario[] {
	const scenarios: Scenario[] = [];
	const cred = creds.oauth('KornitX status', oauthData(emu));
	const ids = bulkIds(12, 4);
	const refs: Array<[string, number, number]> = [
		['ORDER 2002', IDS.spaceRef, 4],
		['AB/123/C', IDS.slashRef, 4],
		['#5003', IDS.hashRef, 4],
		['100%-cotton', IDS.percentRef, 4],
		['GIFT+WRAP 12', IDS.plusRef, 4],
		['Bestellung-Größe-ü', IDS.unicodeRef, 4],
		['Rush #77 / 50% off', IDS.receivedMixedRef, 128],
	];
	const combined: Array<[string, number, number]> = [
		['SPLIT-3001', IDS.splitA, 4],
		['shop_ref-7_x', IDS.underscoreRef, 517],
	];
	const base = { resource: 'order', operation: 'updateStatus' };
	scenarios.push({
		name: 'status',
		workflow: new WorkflowBuilder('e2e: update status')
			.kornitx('By ID', {
				input: ids.map((id) => ({ id })),
				parameters: { ...base, identifyBy: 'id', orderId: '={{ $json.id }}', status: 8 },
				credential: cred.ref,
			})
			.kornitx('By external ref', {
				input: refs.map(([ref, , status]) => ({ ref, status })),
				parameters: {
					...base,
					identifyBy: 'externalRef',
					externalRef: '={{ $json.ref }}',
					status: '={{ $json.status }}',
				},
				credential: cred.ref,
			})
			.kornitx('By ref and ID', {
				input: combined.map(([ref, id, status]) => ({ ref, id: String(id), status })),
				parameters: {
					...base,
					identifyBy: 'combined',
					externalRef: '={{ $json.ref }}',
					orderId: '={{ $json.id }}',
					status: '={{ $json.status }}',
				},
				credential: cred.ref,
			}),
		before: () => {
			emu.seedBulk(12, 1, 4);
			emu.configure({ latencyMs: 200 }); // so that concurrent requests overlap visibly
		},
		verify: (run) => {
			oneTokenForAll('status');
			const token = tokenCalls(emu)[0];
			const form = (token?.body ?? {}) as Record<string, string>;
			c.ok(
				'status: token request is client_credentials with the 5 default scopes, client id in the form body (hidden credential fields applied)',
				form.grant_type === 'client_credentials' &&
					form.client_id === DEV_CLIENT.clientId &&
					String(form.scope).split(' ').sort().join(' ') === [...ALL_SCOPES].sort().join(' ') &&
					token.auth.scheme === null,
				show({ ...form, scheme: token?.auth.scheme }),
			);

			const byId = items(run, 'By ID');
			c.equal(
				'By ID: 12 items { success, orderId, status 8, statusName } in input order',
				jsonOf(byId).map((j) => pick(j, ['success', 'orderId', 'status', 'statusName'])),
				ids.map((id) => ({ success: true, orderId: id, status: 8, statusName: 'Dispatched' })),
			);
			c.equal('By ID: pairedItem points at each input item', pairedIndexes(byId), range(12));
			const idCalls = apiCalls(emu).filter((call) =>
				ids.some((id) => call.path === statusPath(id)),
			);
			c.equal(
				'By ID: emulator got PUT /api-sl-2-3/order/{id}/status {"status":8} once per item',
				callKeys(idCalls),
				callKeys(
					ids.map(
						(id) => ({ method: 'PUT', path: statusPath(id), body: { status: 8 } }) as LoggedRequest,
					),
				),
			);
			const [first, second] = idCalls;
			c.ok(
				'By ID: the first item runs alone (its call ends before the next starts)',
				first?.path === statusPath(ids[0]) &&
					second !== undefined &&
					Date.parse(second.startedAt) >= Date.parse(first.startedAt) + first.durationMs - 5,
				first && second
					? `${first.path} ${first.startedAt}+${first.durationMs}ms, next ${second.startedAt}`
					: 'missing calls',
			);
			c.equal(
				'By ID: at most 5 requests in flight, and 5 reached (default concurrency)',
				emu.counters.peakConcurrent,
				5,
			);
			c.equal(
				'By ID: all 12 orders are Dispatched in the emulator',
				ids.map((id) => order(id).status),
				ids.map(() => 8),
			);

			const byRef = items(run, 'By external ref');
			c.equal(
				'By external ref: one success per awkward ref, in input order',
				jsonOf(byRef).map((j) => pick(j, ['success', 'externalRef', 'status', 'statusName'])),
				refs.map(([ref, , status]) => ({
					success: true,
					externalRef: ref,
					status,
					statusName: status === 4 ? 'In Production' : 'Cancelled',
				})),
			);
			c.equal(
				'By external ref: raw paths percent-encode every segment (space, /, #, %, +, unicode)',
				callKeys(
					apiCalls(emu).filter(
						(call) => call.path.includes('/by-external-ref/') && !call.path.match(/_\d+\/status$/),
					),
				),
				callKeys(
					refs.map(
						([ref, , status]) =>
							({
								method: 'PUT',
								path: `/api-sl-2-3/order/by-external-ref/${enc(ref)}/status`,
								body: { status },
							}) as LoggedRequest,
					),
				),
			);
			c.equal(
				'By external ref: orders moved in the emulator',
				refs.map(([, id]) => order(id).status),
				refs.map(([, , s]) => s),
			);

			const byBoth = items(run, 'By ref and ID');
			c.equal(
				'By ref and ID: { success, orderId, externalRef, status } per item',
				jsonOf(byBoth).map((j) => pick(j, ['success', 'orderId', 'externalRef', 'status'])),
				combined.map(([ref, id, status]) => ({
					success: true,
					orderId: id,
					externalRef: ref,
					status,
				})),
			);
			c.equal(
				'By ref and ID: PUT /order/by-external-ref/{ref}_{id}/status',
				callKeys(apiCalls(emu).filter((call) => /_\d+\/status$/.test(call.path))),
				callKeys(
					combined.map(
						([ref, id, status]) =>
							({
								method: 'PUT',
								path: `/api-sl-2-3/order/by-external-ref/${enc(ref)}_${id}/status`,
								body: { status },
							}) as LoggedRequest,
					),
				),
			);
			c.equal(
				'By ref and ID: only the addressed half of the split order moved',
				[order(IDS.splitA).status, order(IDS.splitB).status, order(IDS.underscoreRef).status],
				[4, 4, 517],
			);
			c.equal(
				'status: nothing else was sent',
				apiCalls(emu).length,
				ids.length + refs.length + combined.length,
			);
		},
	});
	return scenarios;
}
