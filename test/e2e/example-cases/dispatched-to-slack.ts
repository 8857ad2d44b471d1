/**
 * examples/dispatched-to-slack.json in a started n8n: the trigger's poll announces a dispatched
 * order on Slack.
 */
import { SLACK_WAIT_MS, runCase, logTail, type Stubs } from './common';
import { type LiveSetup, SLACK_ORDER } from './live';

export function dispatchForSlack(setup: LiveSetup): void {
	setup.emulator.setOrder(SLACK_ORDER.id, {
		status: 8,
		shipping_carrier: SLACK_ORDER.carrier,
		shipping_method: SLACK_ORDER.method,
		shipping_tracking: SLACK_ORDER.tracking,
	});
	setup.dispatchedAt = Date.now();
}

export async function testSlack(label: string, setup: LiveSetup, stubs: Stubs): Promise<void> {
	await runCase(
		`${label} › dispatched-to-slack: the KornitX Trigger announces a dispatched order on Slack`,
		async (c) => {
			const since = setup.dispatchedAt ?? Date.now();
			const text = (req: { json?: unknown }) =>
				String((req.json as { text?: unknown } | undefined)?.text ?? '');
			const message = await stubs.slack.waitFor(
				(req) => req.path === setup.slackPath && text(req).includes(SLACK_ORDER.ref),
				Math.max(1_000, SLACK_WAIT_MS - (Date.now() - since)),
			);
			if (
				!c.present(
					message,
					`no Slack message within ${SLACK_WAIT_MS / 1000}s of the dispatch; exports seen: ${setup.emulator.log.filter((e) => e.api === 'export').length}; n8n log:\n${logTail(setup.n8n.logFile)}`,
				)
			) {
				return;
			}
			c.note(`announced ${((message.receivedAt - since) / 1000).toFixed(0)}s after the dispatch`);
			c.check(
				String(message.headers['content-type']).includes('application/json'),
				`JSON body (content-type ${message.headers['content-type']})`,
			);
			const body = text(message);
			for (const expected of [
				`*${SLACK_ORDER.ref}*`,
				`KornitX ${SLACK_ORDER.id}`,
				`with ${SLACK_ORDER.carrier} ${SLACK_ORDER.method}`,
				`Tracking: ${SLACK_ORDER.tracking}`,
			]) {
				c.check(body.includes(expected), `message holds "${expected}": ${JSON.stringify(body)}`);
			}
			const all = stubs.slack.requests.filter((req) => req.path === setup.slackPath);
			c.equal(
				all.filter((req) => text(req).includes(SLACK_ORDER.ref)).length,
				1,
				'messages about the order (no duplicates)',
			);
			const laterPolls = setup.emulator.log.filter(
				(entry) =>
					entry.api === 'export' &&
					entry.status === 200 &&
					Date.parse(entry.startedAt) > message.receivedAt,
			).length;
			c.note(`${laterPolls} later poll(s) before the check, announcing nothing again`);
			c.check(
				!all.some((req) => text(req).includes('SHOP-1004')),
				'orders dispatched before the workflow was activated are not announced',
			);
		},
	);
}
