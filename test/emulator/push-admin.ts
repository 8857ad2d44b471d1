/**
 * Admin routes of the emulator as caller (docs/kornitx-api.md §14):
 *   POST /__emulator/push     push an order or send a status notification to a URL
 *   GET  /__emulator/pushes   what was pushed, answered and retried (no keys, no passwords)
 *   DELETE /__emulator/pushes forget the push log
 * `POST /push` answers when the push is done (acknowledged or out of retries) unless
 * `"wait": false`, then at once with 202 and the record id (the record fills in as attempts end).
 */
import { z } from 'zod/v4';

import type { Reply, RequestContext } from './http';
import { describeZodError, json, parseJson, restError } from './http';
import { sendPush, type PushOptions } from './push';
import { buildPushOrder, buildStatusNotification } from './push-bodies';

const PushRequestSchema = z.strictObject({
	url: z.url(),
	kind: z.enum(['order', 'statusNotification']).optional(),
	method: z.string().optional(),
	/** Body to send; default a generated order / notification (`seq`, `items` vary it). */
	body: z.unknown().optional(),
	seq: z.int().min(0).optional(),
	items: z.int().min(0).max(1000).optional(),
	key: z.string().optional(),
	encoding: z.enum(['hex', 'base64']).optional(),
	basicAuth: z.strictObject({ user: z.string(), password: z.string() }).optional(),
	headers: z.record(z.string(), z.string()).optional(),
	retries: z.int().min(0).max(5).optional(),
	retryIntervalMs: z.int().min(0).optional(),
	timeoutMs: z.int().min(1).optional(),
	wait: z.boolean().optional(),
});

export type PushRequest = z.infer<typeof PushRequestSchema>;

/** PushOptions from an admin/CLI request: the generated body unless one is given. */
export function pushOptionsFrom(request: PushRequest): PushOptions {
	const kind = request.kind ?? 'order';
	const body =
		request.body !== undefined
			? request.body
			: kind === 'order'
				? buildPushOrder({ seq: request.seq, items: request.items })
				: buildStatusNotification({ seq: request.seq });
	return {
		url: request.url,
		kind,
		method: request.method,
		body,
		key: request.key,
		encoding: request.encoding,
		basicAuth: request.basicAuth,
		headers: request.headers,
		retries: request.retries,
		retryIntervalMs: request.retryIntervalMs,
		timeoutMs: request.timeoutMs,
	};
}

export function parsePushRequest(
	value: unknown,
): { ok: true; request: PushRequest } | { ok: false; message: string } {
	const parsed = PushRequestSchema.safeParse(value);
	return parsed.success
		? { ok: true, request: parsed.data }
		: { ok: false, message: describeZodError(parsed.error) };
}

export async function handlePushAdmin(ctx: RequestContext, route: string): Promise<Reply> {
	const state = ctx.state;
	switch (route) {
		case 'GET /pushes':
			return json(200, state.pushes);
		case 'DELETE /pushes':
			state.pushes.length = 0;
			return json(200, { ok: true });
		case 'POST /push': {
			const parsedJson = parseJson(ctx.bodyText);
			if (!parsedJson.ok) return restError(400, 'Request body is not valid JSON');
			const parsed = parsePushRequest(parsedJson.value);
			if (!parsed.ok) return restError(400, `Invalid push: ${parsed.message}`);
			const pending = sendPush({
				...pushOptionsFrom(parsed.request),
				log: state.pushes,
				signal: state.pushAbort.signal,
			});
			if (parsed.request.wait === false) {
				void pending.catch(() => undefined);
				return json(202, { id: state.pushes[state.pushes.length - 1]?.id });
			}
			const result = await pending;
			return json(200, result.record);
		}
		default:
			return restError(404, 'Not found');
	}
}
