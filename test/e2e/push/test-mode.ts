/* eslint-disable @n8n/community-nodes/no-restricted-imports -- dev tooling, never shipped in dist */
/**
 * Test mode: what the editor's "Listen for test event" does, over REST as the owner. The editor
 * POSTs `/rest/workflows/<id>/run` with the workflow and the trigger to start from; n8n answers
 * `{ waitingForWebhook: true }` and registers the test webhook `/webhook-test/<webhookId>/push`
 * for one call (n8n 2.x and 1.x: TestWebhooks). A signed push to that URL then runs the workflow
 * once (mode `manual`).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { executionItems } from './live';
import { pushedOrder } from './sender';
import { newId, send, SECRETS, type PushContext } from './scenarios';
import { TRIGGER_NAME, type WebhookWorkflow } from './workflows';

export async function testModeChecks(ctx: PushContext, hook: WebhookWorkflow): Promise<void> {
	const c = ctx.checks;
	const stored = await ctx.live.api<{ data?: Record<string, unknown> }>(
		'GET',
		`/rest/workflows/${hook.id}`,
	);
	const workflowData = stored.body.data;
	const listen = await ctx.live.api<{ data?: { waitingForWebhook?: boolean } }>(
		'POST',
		`/rest/workflows/${hook.id}/run`,
		{
			workflowData,
			triggerToStartFrom: { name: TRIGGER_NAME },
		},
	);
	const waiting = listen.status === 200 && listen.body.data?.waitingForWebhook === true;
	c.ok(
		'test mode: "Listen for test event" (POST /rest/workflows/<id>/run) registers the test webhook',
		waiting,
		`HTTP ${listen.status} ${listen.text.slice(0, 200)}`,
	);
	if (!waiting) return;
	const before = (await ctx.live.executions(hook.id)).length;
	const order = pushedOrder(newId(ctx));
	const r = await send(ctx, hook, { body: order, key: SECRETS.keyA }, true);
	c.equal(
		'test mode: a signed push to /webhook-test/<webhookId>/push is answered 200',
		r.status,
		200,
	);
	let items: Array<Record<string, unknown>> = [];
	for (let i = 0; i < 40 && !items.length; i++) {
		const list = await ctx.live.executions(hook.id);
		if (list.length > before && list[0].status === 'success')
			items = executionItems(await ctx.live.execution(list[0].id), TRIGGER_NAME);
		else await sleep(500);
	}
	c.equal('test mode: the manual run got the pushed order', items, [order]);
	const again = await send(ctx, hook, { body: order, key: SECRETS.keyA }, true);
	c.ok(
		'test mode: the test URL takes one push per "Listen" (then 404)',
		again.status === 404,
		`HTTP ${again.status}`,
	);
}
