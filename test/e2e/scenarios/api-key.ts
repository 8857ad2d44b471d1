/**
 * e2e scenario: The legacy v2.2 API key credential with the raw and the base64 header.
 */
import { DEV_API_KEY, SEED_ORDER_IDS as IDS } from '../../emulator';
import { pick } from '../lib/checks';
import { apiKeyData } from '../lib/credentials';
import { apiCalls } from '../lib/emulator';
import { WorkflowBuilder } from '../lib/workflow';
import { items, jsonOf, type Scenario, type SuiteContext } from './context';

export function apiKeyScenarios({
	emu,
	proxy,
	c,
	creds,
	order,
	tokenCount,
}: SuiteContext): Scenario[] {
	const scenarios: Scenario[] = [];
	const v22 = `${proxy.baseUrl}/api-sl-2-2`;
	const raw = creds.apiKey('KornitX key raw', apiKeyData(emu, 'raw', v22));
	const b64 = creds.apiKey('KornitX key base64', apiKeyData(emu, 'base64', v22));
	const cases: Array<[string, typeof raw, number, string, string]> = [
		[
			'API key (raw)',
			raw,
			IDS.inProduction,
			'RM1GB',
			`basic ${DEV_API_KEY.companyRefId}:${DEV_API_KEY.apiKey}`,
		],
		[
			'API key (base64)',
			b64,
			IDS.pendingDispatch,
			'RM2GB',
			`basic ${Buffer.from(`${DEV_API_KEY.companyRefId}:${DEV_API_KEY.apiKey}`).toString('base64')}`,
		],
	];
	const wf = new WorkflowBuilder('e2e: api key v2.2');
	for (const [node, cred, id, tracking] of cases) {
		wf.kornitx(node, {
			parameters: {
				authentication: 'apiKey',
				resource: 'order',
				operation: 'updateStatus',
				orderId: String(id),
				status: 8,
				shippingTracking: tracking,
			},
			credential: cred.ref,
		});
	}
	let proxyFrom = 0;
	scenarios.push({
		name: 'api key',
		workflow: wf,
		before: () => (proxyFrom = proxy.requests.length),
		verify: (run) => {
			tokenCount(0, 'api key');
			const recorded = proxy.requests.slice(proxyFrom);
			for (const [node, , id, tracking, header] of cases) {
				c.equal(
					`${node}: output { success, status, shippingTracking }`,
					jsonOf(items(run, node)).map((j) => pick(j, ['success', 'status', 'shippingTracking'])),
					[{ success: true, status: 8, shippingTracking: tracking }],
				);
				const path22 = `/api-sl-2-2/order/${id}/status`;
				c.equal(
					`${node}: emulator got PUT ${path22} with shipping_tracking, basic auth for ${DEV_API_KEY.companyRefId}`,
					apiCalls(emu)
						.filter((call) => call.path === path22)
						.map((call) => [
							call.method,
							call.body,
							call.auth.scheme,
							call.auth.clientId,
							call.status,
						]),
					[
						[
							'PUT',
							{ status: 8, shipping_tracking: tracking },
							'basic',
							DEV_API_KEY.companyRefId,
							200,
						],
					],
				);
				const sentHeader = recorded.find((r) => r.url === path22)?.headers.authorization;
				c.ok(
					`${node}: Authorization header has the ${node.includes('base64') ? 'basic base64(REF:KEY)' : 'basic REF:KEY'} form`,
					sentHeader === header,
					sentHeader === undefined
						? 'no request seen'
						: `scheme "${sentHeader.split(' ')[0]}", ${sentHeader.includes(DEV_API_KEY.apiKey) ? 'plain key' : 'encoded key'}`,
				);
				c.equal(
					`${node}: order dispatched with tracking in the emulator`,
					[order(id).status, order(id).shipping_tracking],
					[8, tracking],
				);
			}
		},
	});
	return scenarios;
}
