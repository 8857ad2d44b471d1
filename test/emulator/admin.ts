import { z } from 'zod/v4';

import type { RequestContext, Reply } from './http';
import { decodeSegments, describeZodError, json, parseJson, restError } from './http';
import { handlePushAdmin } from './push-admin';
import type { Fault, NewOrderInput, OrderPatch } from './types';

const API_NAMES = ['token', 'rest', 'restV22', 'graphql', 'export', 'admin', 'unknown'] as const;

const FaultMatchSchema = z
	.object({
		api: z.enum(API_NAMES).optional(),
		method: z.string().optional(),
		pathIncludes: z.string().optional(),
	})
	.optional();
const Base = { match: FaultMatchSchema, times: z.int().min(1).optional() };
const Phase = z.enum(['before', 'after']).optional();

export const FaultSchema = z.discriminatedUnion('kind', [
	z.object({
		...Base,
		kind: z.literal('status'),
		status: z.int().min(100).max(599),
		body: z.unknown().optional(),
		retryAfter: z.number().min(0).optional(),
		phase: Phase,
	}),
	z.object({ ...Base, kind: z.literal('malformed'), phase: Phase }),
	z.object({ ...Base, kind: z.literal('empty'), phase: Phase }),
	z.object({ ...Base, kind: z.literal('reset'), phase: Phase }),
	z.object({ ...Base, kind: z.literal('delay'), ms: z.number().min(0) }),
	z.object({ ...Base, kind: z.literal('hang') }),
	z.object({ ...Base, kind: z.literal('expireToken') }),
	z.object({ ...Base, kind: z.literal('graphqlPartial'), orderIds: z.array(z.int()).optional() }),
]);

const SeedBulkSchema = z.object({
	orders: z.int().min(0).max(1_000_000),
	itemsPerOrder: z.int().min(1).max(1000),
	status: z.int().optional(),
});

type BodyResult = { ok: true; value: unknown } | { ok: false; reply: Reply };

function jsonBody(ctx: RequestContext, emptyAs: unknown): BodyResult {
	if (ctx.bodyText.trim() === '') return { ok: true, value: emptyAs };
	const parsed = parseJson(ctx.bodyText);
	return parsed.ok
		? parsed
		: { ok: false, reply: restError(400, 'Request body is not valid JSON') };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function failure(error: unknown, status = 400): Reply {
	return restError(status, error instanceof Error ? error.message : String(error));
}

/** `/__emulator/...`: unauthenticated control plane for tests running in another process. */
export function handleAdmin(ctx: RequestContext): Reply | Promise<Reply> {
	const state = ctx.state;
	const s = decodeSegments(ctx.subPath);
	const route = `${ctx.method} /${s.slice(0, 1).join('/')}`;
	const orderId =
		s.length === 2 && s[0] === 'orders' && s[1] !== null && /^\d+$/.test(s[1])
			? Number(s[1])
			: undefined;

	if (s.length === 1 && (s[0] === 'push' || s[0] === 'pushes')) return handlePushAdmin(ctx, route);
	if (s.length <= 1) {
		switch (route) {
			case 'GET /':
				return json(200, {
					endpoints: [
						'GET /state',
						'GET /log',
						'GET /counters',
						'GET /config',
						'POST /config',
						'POST /reset',
						'GET /faults',
						'POST /faults',
						'DELETE /faults',
						'POST /expire-tokens',
						'POST /orders',
						'GET /orders/:id',
						'PATCH /orders/:id',
						'POST /seed-bulk',
						'POST /push',
						'GET /pushes',
						'DELETE /pushes',
					],
				});
			case 'GET /state':
				return json(200, {
					orders: [...state.orders.values()].sort((a, b) => a.id - b.id),
					config: state.config,
				});
			case 'GET /log':
				return json(200, state.log);
			case 'GET /counters':
				return json(200, state.counters);
			case 'GET /config':
				return json(200, state.config);
			case 'POST /config': {
				const body = jsonBody(ctx, {});
				if (!body.ok) return body.reply;
				if (!isPlainObject(body.value)) return restError(400, 'config must be an object');
				try {
					state.configure(body.value);
				} catch (error) {
					return failure(error);
				}
				return json(200, state.config);
			}
			case 'POST /reset':
				state.reset();
				return json(200, { ok: true });
			case 'GET /faults':
				return json(200, state.faults);
			case 'POST /faults': {
				const body = jsonBody(ctx, undefined);
				if (!body.ok) return body.reply;
				const parsed = FaultSchema.safeParse(body.value);
				if (!parsed.success)
					return restError(400, `Invalid fault: ${describeZodError(parsed.error)}`);
				state.addFault(parsed.data as Fault);
				return json(200, { ok: true, queued: state.faults.length });
			}
			case 'DELETE /faults':
				state.faults = [];
				return json(200, { ok: true });
			case 'POST /expire-tokens':
				state.expireAllTokens();
				return json(200, { ok: true });
			case 'POST /orders': {
				const body = jsonBody(ctx, {});
				if (!body.ok) return body.reply;
				if (!isPlainObject(body.value)) return restError(400, 'order must be an object');
				try {
					return json(201, state.addOrder(body.value as NewOrderInput));
				} catch (error) {
					return failure(error);
				}
			}
			case 'POST /seed-bulk': {
				const body = jsonBody(ctx, undefined);
				if (!body.ok) return body.reply;
				const parsed = SeedBulkSchema.safeParse(body.value);
				if (!parsed.success)
					return restError(400, `Invalid seed-bulk body: ${describeZodError(parsed.error)}`);
				state.seedBulk(parsed.data.orders, parsed.data.itemsPerOrder, parsed.data.status);
				return json(200, { ok: true, orders: state.orders.size });
			}
		}
	}
	if (orderId !== undefined && ctx.method === 'GET') {
		const order = state.orders.get(orderId);
		return order ? json(200, order) : restError(404, 'Order not found');
	}
	if (orderId !== undefined && ctx.method === 'PATCH') {
		if (!state.orders.has(orderId)) return restError(404, 'Order not found');
		const body = jsonBody(ctx, {});
		if (!body.ok) return body.reply;
		if (!isPlainObject(body.value)) return restError(400, 'patch must be an object');
		try {
			return json(200, state.setOrder(orderId, body.value as OrderPatch));
		} catch (error) {
			return failure(error);
		}
	}
	return restError(404, 'Not found');
}
