/* eslint-disable @n8n/community-nodes/no-hardcoded-secrets -- test keys of a local test, not secrets of anything real */
/**
 * The push suite's checks against one running n8n (production URLs of published workflows):
 * verification (hex, HEX, base64; wrong, missing, other key), Basic auth, bodies that are not a
 * JSON object, the PUT status notification without authentication, Ignore Repeats, the two output
 * shapes, a burst of distinct pushes, and secrets in stored executions and HTTP answers.
 * Every push is recorded in `ctx.answers` for the secrets check.
 */
import type { Checks } from '../lib/checks';
import type { LiveN8n } from './live';
import { executionItems } from './live';
import {
	inBatches,
	push,
	pushedOrder,
	signature,
	statusNotification,
	type PushOptions,
	type PushReply,
} from './sender';
import { TRIGGER_NAME, type WebhookWorkflow } from './workflows';

export const SECRETS = {
	keyA: 'e2e-push-key-A-7f3a9c1d5b2e8f40',
	keyB: 'e2e-push-key-B-2c9e7a1f4d6b3058',
	basicUser: 'kornitx-push',
	basicPassword: 'e2e-basic-pass-Qw9!xZ',
} as const;

export interface PushSuiteWorkflows {
	hmac: WebhookWorkflow;
	basic: WebhookWorkflow;
	status: WebhookWorkflow;
	repeats: WebhookWorkflow;
	items: WebhookWorkflow;
	burst: WebhookWorkflow;
}

export interface PushContext {
	live: LiveN8n;
	checks: Checks;
	/** The text of every HTTP answer the suite got (for the secrets check). */
	answers: string[];
	/** Order ids handed out so far (every push of the suite gets a fresh one unless it repeats). */
	nextId: number;
}

export function url(ctx: PushContext, hook: WebhookWorkflow, test = false): string {
	return `${ctx.live.url}/${test ? 'webhook-test' : 'webhook'}/${hook.path}`;
}

export async function send(
	ctx: PushContext,
	hook: WebhookWorkflow,
	opts: Omit<PushOptions, 'method'> & { method?: PushOptions['method'] },
	test = false,
): Promise<PushReply> {
	const reply = await push(url(ctx, hook, test), { method: hook.method, ...opts });
	ctx.answers.push(reply.text);
	return reply;
}

export function newId(ctx: PushContext): number {
	return ctx.nextId++;
}

/** Executions of the workflow once settled; `expected` is the count the caller expects (waits for it). */
async function count(ctx: PushContext, hook: WebhookWorkflow, expected: number): Promise<number> {
	return (await ctx.live.settledExecutions(hook.id, { atLeast: expected, timeoutMs: 60_000 }))
		.length;
}

/** The trigger's output in the newest execution of the workflow. */
async function newestTriggerItems(
	ctx: PushContext,
	hook: WebhookWorkflow,
): Promise<Array<Record<string, unknown>>> {
	const [newest] = await ctx.live.executions(hook.id);
	if (!newest) return [];
	return executionItems(await ctx.live.execution(newest.id), TRIGGER_NAME);
}

function statusLine(r: PushReply): string {
	return `HTTP ${r.status} ${r.text.slice(0, 120)}`;
}

export async function verificationChecks(ctx: PushContext, w: PushSuiteWorkflows): Promise<void> {
	const c = ctx.checks;
	let expected = await count(ctx, w.hmac, 0);

	for (const encoding of ['hex', 'HEX', 'base64'] as const) {
		const order = pushedOrder(newId(ctx));
		const r = await send(ctx, w.hmac, { body: order, key: SECRETS.keyA, encoding });
		c.equal(
			`order push signed ${encoding === 'HEX' ? 'in upper-case hex' : encoding}: answered 200`,
			r.status,
			200,
		);
		expected++;
		c.equal(
			`order push signed ${encoding}: exactly one execution`,
			await count(ctx, w.hmac, expected),
			expected,
		);
		if (encoding === 'hex')
			c.equal(
				'order push: the trigger puts out the body as received (unicode, unknown fields kept)',
				await newestTriggerItems(ctx, w.hmac),
				[order],
			);
		if (encoding === 'hex')
			c.ok(
				"order push: the 200 answer is n8n's acknowledgement, not a placeholder",
				/^\{"message":"Workflow was started"\}$/.test(r.text.trim()),
				r.text.slice(0, 120),
			);
	}

	const order = pushedOrder(newId(ctx));
	const bytes = Buffer.from(JSON.stringify(order));
	const right = signature(bytes, SECRETS.keyA, 'hex');
	const refusals: Array<[string, Omit<PushOptions, 'method'>]> = [
		[
			'a wrong signature',
			{ body: bytes, signatureValue: right.replace(/^./, (ch) => (ch === '0' ? '1' : '0')) },
		],
		['no signature header', { body: bytes }],
		['an empty signature', { body: bytes, signatureValue: '' }],
		["another key's signature", { body: bytes, key: 'not-the-key' }],
		[
			'a signature over other bytes (body re-serialised with spaces)',
			{ body: Buffer.from(JSON.stringify(order, null, 1)), signatureValue: right },
		],
	];
	for (const [what, opts] of refusals) {
		const r = await send(ctx, w.hmac, opts);
		c.ok(`push with ${what}: answered 401`, r.status === 401, statusLine(r));
		c.ok(
			`push with ${what}: the answer holds neither the key nor the expected signature`,
			!r.text.includes(SECRETS.keyA) &&
				!r.text.includes(right) &&
				!r.text.toLowerCase().includes(signature(r.sent, SECRETS.keyA, 'hex')),
		);
	}
	c.equal('refused pushes start no execution', await count(ctx, w.hmac, expected), expected);

	// bodies that are not a JSON object
	const notObjects: Array<[string, string, number[]]> = [
		['a JSON array', JSON.stringify([pushedOrder(newId(ctx))]), [400]],
		['a JSON string', JSON.stringify('order'), [400]],
		['a JSON number', '42', [400]],
		['invalid JSON', '{"id": 1,', [400, 422]],
	];
	for (const [what, text, statuses] of notObjects) {
		const r = await send(ctx, w.hmac, { body: text, key: SECRETS.keyA });
		c.ok(
			`signed body that is ${what}: answered ${statuses.join(' or ')}`,
			statuses.includes(r.status),
			statusLine(r),
		);
	}
	c.equal(
		'bodies that are not a JSON object start no execution',
		await count(ctx, w.hmac, expected),
		expected,
	);
}

export async function basicAuthChecks(ctx: PushContext, w: PushSuiteWorkflows): Promise<void> {
	const c = ctx.checks;
	const basic = { user: SECRETS.basicUser, password: SECRETS.basicPassword };
	let expected = await count(ctx, w.basic, 0);
	const ok = await send(ctx, w.basic, { body: pushedOrder(newId(ctx)), key: SECRETS.keyB, basic });
	c.equal('Basic auth credential: push with signature and Basic auth answered 200', ok.status, 200);
	expected++;
	const cases: Array<[string, Omit<PushOptions, 'method'>]> = [
		['the signature but no Basic auth', { body: pushedOrder(newId(ctx)), key: SECRETS.keyB }],
		[
			'a wrong Basic password',
			{ body: pushedOrder(newId(ctx)), key: SECRETS.keyB, basic: { ...basic, password: 'wrong' } },
		],
		[
			'a wrong Basic user',
			{ body: pushedOrder(newId(ctx)), key: SECRETS.keyB, basic: { ...basic, user: 'someone' } },
		],
		['Basic auth but no signature', { body: pushedOrder(newId(ctx)), basic }],
	];
	for (const [what, opts] of cases) {
		const r = await send(ctx, w.basic, opts);
		c.ok(`Basic auth credential: push with ${what} answered 401`, r.status === 401, statusLine(r));
	}
	c.equal(
		'Basic auth credential: exactly one execution (the refused pushes start none)',
		await count(ctx, w.basic, expected),
		expected,
	);
}

export async function statusNotificationChecks(
	ctx: PushContext,
	w: PushSuiteWorkflows,
): Promise<void> {
	const c = ctx.checks;
	const before = await count(ctx, w.status, 0);
	const note = statusNotification(newId(ctx));
	const r = await send(ctx, w.status, { body: note });
	c.equal(
		'status notification (PUT, authentication none, no signature): answered 200',
		r.status,
		200,
	);
	c.equal(
		'status notification: exactly one execution',
		await count(ctx, w.status, before + 1),
		before + 1,
	);
	c.equal(
		'status notification: the trigger puts out the body as received',
		await newestTriggerItems(ctx, w.status),
		[note],
	);
	const post = await send(ctx, w.status, { body: note, method: 'POST' });
	c.ok(
		'status notification URL: a POST is not taken (PUT only)',
		post.status !== 200,
		statusLine(post),
	);
	c.equal(
		'status notification: the POST started no execution',
		await count(ctx, w.status, before + 1),
		before + 1,
	);
}

export async function repeatChecks(ctx: PushContext, w: PushSuiteWorkflows): Promise<void> {
	const c = ctx.checks;
	let expected = await count(ctx, w.repeats, 0);
	const order = pushedOrder(newId(ctx));
	const first = await send(ctx, w.repeats, { body: order, key: SECRETS.keyA });
	expected++;
	c.equal('Ignore Repeats: first push answered 200', first.status, 200);
	c.equal('Ignore Repeats: first push runs once', await count(ctx, w.repeats, expected), expected);
	const again = await send(ctx, w.repeats, { body: order, key: SECRETS.keyA });
	c.equal('Ignore Repeats: byte-identical push answered 200', again.status, 200);
	c.equal(
		'Ignore Repeats: byte-identical push starts nothing',
		await count(ctx, w.repeats, expected),
		expected,
	);
	const changed = await send(ctx, w.repeats, {
		body: { ...order, shipping_method: 'Express' },
		key: SECRETS.keyA,
	});
	expected++;
	c.equal('Ignore Repeats: changed body of the same order answered 200', changed.status, 200);
	c.equal('Ignore Repeats: changed body runs', await count(ctx, w.repeats, expected), expected);
	const hmacBefore = await count(ctx, w.hmac, 0);
	const plain = pushedOrder(newId(ctx));
	await send(ctx, w.hmac, { body: plain, key: SECRETS.keyA });
	await send(ctx, w.hmac, { body: plain, key: SECRETS.keyA });
	c.equal(
		'Ignore Repeats off (default): the same push twice runs twice',
		await count(ctx, w.hmac, hmacBefore + 2),
		hmacBefore + 2,
	);
}

export async function outputChecks(ctx: PushContext, w: PushSuiteWorkflows): Promise<void> {
	const c = ctx.checks;
	const before = await count(ctx, w.items, 0);
	const order = pushedOrder(newId(ctx), 3);
	const r = await send(ctx, w.items, { body: order, key: SECRETS.keyA });
	c.equal('Output items: push answered 200', r.status, 200);
	await count(ctx, w.items, before + 1);
	const out = await newestTriggerItems(ctx, w.items);
	c.equal('Output items: one item per order line (3 lines → 3 items)', out.length, 3);
	const { items: lines, ...rest } = order as { items: Array<Record<string, unknown>> };
	c.equal(
		"Output items: each item is the order's other fields with its line under `item`, in line order",
		out,
		lines.map((item) => ({ ...rest, item })),
	);
}

export async function burstChecks(
	ctx: PushContext,
	w: PushSuiteWorkflows,
	pushes = 60,
	concurrency = 10,
): Promise<void> {
	const c = ctx.checks;
	const before = await count(ctx, w.burst, 0);
	const ids = Array.from({ length: pushes }, () => newId(ctx));
	const replies = await inBatches(
		ids.map(
			(id) => () =>
				send(ctx, w.burst, { body: pushedOrder(id), key: SECRETS.keyA }).catch(
					(e: unknown) => e as Error,
				),
		),
		concurrency,
	);
	const acked = replies.filter((r) => !(r instanceof Error) && r.status === 200).length;
	c.equal(
		`burst of ${pushes} distinct pushes, ${concurrency} at a time: every push answered 200`,
		acked,
		pushes,
	);
	const executions = await ctx.live.settledExecutions(w.burst.id, {
		atLeast: before + pushes,
		timeoutMs: 180_000,
		quietMs: 3000,
	});
	c.equal(`burst: exactly ${pushes} new executions`, executions.length - before, pushes);
	const fresh = executions.slice(0, executions.length - before);
	c.ok(
		'burst: every execution succeeded',
		fresh.every((e) => e.status === 'success'),
		JSON.stringify(fresh.filter((e) => e.status !== 'success').map((e) => e.status)),
	);
	const seen: number[] = [];
	for (const e of fresh)
		for (const item of executionItems(await ctx.live.execution(e.id), TRIGGER_NAME))
			seen.push(Number(item.id));
	const missing = ids.filter((id) => !seen.includes(id));
	const twice = seen.filter((id, i) => seen.indexOf(id) !== i);
	c.ok(
		'burst: every pushed order ran exactly once (none lost, none twice)',
		missing.length === 0 && twice.length === 0 && seen.length === pushes,
		`missing ${JSON.stringify(missing)}, twice ${JSON.stringify(twice)}, ${seen.length} seen`,
	);
}

/** Secrets absent from every stored execution of `workflowIds`, from every HTTP answer, and from n8n's log. */
export async function secretChecks(
	ctx: PushContext,
	workflowIds: string[],
	logText: string,
): Promise<void> {
	const c = ctx.checks;
	const secrets = [
		SECRETS.keyA,
		SECRETS.keyB,
		SECRETS.basicPassword,
		Buffer.from(`${SECRETS.basicUser}:${SECRETS.basicPassword}`).toString('base64'),
	];
	let stored = 0;
	const leaks: string[] = [];
	for (const id of workflowIds) {
		for (const e of await ctx.live.executions(id)) {
			const detail = await ctx.live.execution(e.id);
			stored++;
			if (secrets.some((s) => detail.rawData.includes(s))) leaks.push(e.id);
		}
	}
	c.ok(
		`secrets: HMAC keys and Basic password absent from all ${stored} stored executions`,
		stored > 0 && leaks.length === 0,
		`${stored} read, leaking: ${JSON.stringify(leaks)}`,
	);
	const leakyAnswers = ctx.answers.filter((a) => secrets.some((s) => a.includes(s)));
	c.ok(
		`secrets: absent from all ${ctx.answers.length} HTTP answers`,
		leakyAnswers.length === 0,
		leakyAnswers.map((a) => a.slice(0, 100)).join(' | '),
	);
	c.ok("secrets: absent from n8n's log", !secrets.some((s) => logText.includes(s)));
}
