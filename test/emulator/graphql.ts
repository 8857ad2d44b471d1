import type { GraphQLFieldResolver, GraphQLObjectType } from 'graphql';
import { buildSchema, execute, GraphQLError, parse, validate } from 'graphql';
import { z } from 'zod/v4';

import { DATETIME_RE, isValidDateTime, SCOPE, statusName } from './constants';
import type { RequestContext, Reply } from './http';
import { authenticateBearer, json, parseJson, permissionDenied } from './http';
import type { EmulatorState, TokenRecord } from './state';
import type { EmulatorOrder, EmulatorOrderItem } from './types';

export const SCHEMA_SDL = /* GraphQL */ `
	"Free-form JSON, as KornitX's published product query types its filter."
	scalar Json

	type Query {
		core: CoreQuery
	}

	type CoreQuery {
		"""
		INFERRED, the emulator's guess (docs/kornitx-api.md §5): KornitX does not publish the
		arguments of orders; this follows its published products query. filter keys: id, external_ref,
		status, each one value or a list (AND between keys, OR within a list); sorted by id;
		page is 1-based (default 1), count is the page size (default 100, at most 1000).
		"""
		orders(filter: Json, page: Int, count: Int): OrderPage
	}

	type Pages {
		pageCount: Int
		current: Int
	}

	type OrderPage {
		pages: Pages
		items: [Order]
	}

	type Mutation {
		core: CoreMutation
	}

	type CoreMutation {
		"Each input is applied independently; failed ones are null with an error at their index."
		updateOrders(orders: [OrderInput]): [Order]
	}

	type Company {
		id: Int
		company_name: String
	}

	type ProductOwner {
		company_name: String
	}

	type ProductPrice {
		price: Float
		currency: String
	}

	type EcommerceInfo {
		product_name: String
		url: String
	}

	type Attribute {
		name: String
		value: String
	}

	type OrderItem {
		id: Int
		external_ref: String
		sku: String
		description: String
		quantity: Int
		cancelled_quantity: Int
		product_owner: ProductOwner
		product_price: ProductPrice
		ecommerce: EcommerceInfo
		attributes: [Attribute]
	}

	type Order {
		id: Int
		ref: String
		external_ref: String
		status: Int
		status_name: String
		shipping_carrier: String
		shipping_method: String
		shipping_tracking: String
		required_dispatch_date: String
		completion_datetime: String
		created_at: String
		company: Company
		items: [OrderItem]
	}

	input OrderInput {
		id: Int!
		status: Int
		shipping_carrier: String
		shipping_method: String
		shipping_tracking: String
		required_dispatch_date: String
	}
`;

interface GqlContext {
	state: EmulatorState;
	token: TokenRecord;
	partial?: { orderIds?: number[] };
}

interface OrdersArgs {
	filter?: unknown;
	page?: number | null;
	count?: number | null;
}

interface OrderInput {
	id: number;
	status?: number | null;
	shipping_carrier?: string | null;
	shipping_method?: string | null;
	shipping_tracking?: string | null;
	required_dispatch_date?: string | null;
}

function requireScope(ctx: GqlContext, scope: string): void {
	if (!ctx.token.scopes.includes(scope)) throw new GraphQLError(permissionDenied(scope));
}

/*
 * The `orders` query is INFERRED (docs/kornitx-api.md §5): KornitX publishes that it exists, not its
 * arguments. The emulator follows the one published query (products) and guesses the filter keys:
 * `id` (order IDs), `external_ref` (the sales channel's refs) and `status` (order status codes),
 * each a single value or a list. Any other key is refused, so a typo does not silently match all.
 */
const ORDER_FILTER_KEYS = { id: 'number', external_ref: 'string', status: 'number' } as const;
type OrderFilterKey = keyof typeof ORDER_FILTER_KEYS;
const MAX_COUNT = 1000;

function orderFilter(filter: unknown): Map<OrderFilterKey, Set<unknown>> {
	const sets = new Map<OrderFilterKey, Set<unknown>>();
	if (filter === undefined || filter === null) return sets;
	if (typeof filter !== 'object' || Array.isArray(filter))
		throw new GraphQLError('filter must be a JSON object');
	for (const [key, value] of Object.entries(filter)) {
		if (!(key in ORDER_FILTER_KEYS)) {
			throw new GraphQLError(
				`Unknown filter key: ${key} (known: ${Object.keys(ORDER_FILTER_KEYS).join(', ')})`,
			);
		}
		const type = ORDER_FILTER_KEYS[key as OrderFilterKey];
		const values = Array.isArray(value) ? value : [value];
		if (values.some((entry) => typeof entry !== type))
			throw new GraphQLError(`filter.${key} must hold ${type}s`);
		sets.set(key as OrderFilterKey, new Set(values));
	}
	return sets;
}

const resolveOrders: GraphQLFieldResolver<unknown, GqlContext, OrdersArgs> = (
	_source,
	args,
	ctx,
) => {
	requireScope(ctx, SCOPE.orderManagerView);
	const page = args.page ?? 1;
	const count = args.count ?? 100;
	if (page < 1) throw new GraphQLError('page must be 1 or more');
	if (count < 1 || count > MAX_COUNT)
		throw new GraphQLError(`count must be between 1 and ${MAX_COUNT}`);
	const filter = orderFilter(args.filter);
	const matches: EmulatorOrder[] = [];
	for (const order of ctx.state.orders.values()) {
		if ([...filter].every(([key, allowed]) => allowed.has(order[key]))) matches.push(order);
	}
	matches.sort((a, b) => a.id - b.id);
	const offset = (page - 1) * count;
	return {
		pages: { pageCount: Math.ceil(matches.length / count), current: page },
		items: matches.slice(offset, offset + count),
	};
};

/** Accepts `YYYY-MM-DD` or `YYYY-MM-DD HH:MM:SS`; returns the full form or undefined. */
function normaliseDate(value: string): string | undefined {
	const full = /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value} 00:00:00` : value;
	return DATETIME_RE.test(full) && isValidDateTime(full) ? full : undefined;
}

function updateOne(
	ctx: GqlContext,
	input: OrderInput | null,
	index: number,
): EmulatorOrder | Error {
	if (input === null) return new GraphQLError('Invalid order input: null');
	const order = ctx.state.orders.get(input.id);
	if (!order) return new GraphQLError(`Order not found: ${input.id}`);

	if (ctx.partial) {
		const targets = ctx.partial.orderIds;
		if (targets ? targets.includes(input.id) : index === 0) {
			return new GraphQLError(`Temporary failure updating order ${input.id}`);
		}
	}

	let requiredDispatch: string | undefined;
	if (input.required_dispatch_date !== undefined && input.required_dispatch_date !== null) {
		requiredDispatch = normaliseDate(input.required_dispatch_date);
		if (requiredDispatch === undefined) {
			return new GraphQLError('Invalid required_dispatch_date: expected YYYY-MM-DD HH:MM:SS');
		}
	}
	// Sending the current status again with other changes is not a move (no transition check).
	if (input.status !== undefined && input.status !== null && input.status !== order.status) {
		const error = ctx.state.transition(order, input.status);
		if (error) return new GraphQLError(error);
	}
	if (input.shipping_carrier != null) order.shipping_carrier = input.shipping_carrier;
	if (input.shipping_method != null) order.shipping_method = input.shipping_method;
	if (input.shipping_tracking != null) order.shipping_tracking = input.shipping_tracking;
	if (requiredDispatch !== undefined) order.required_dispatch_date = requiredDispatch;
	return order;
}

const resolveUpdateOrders: GraphQLFieldResolver<
	unknown,
	GqlContext,
	{ orders?: Array<OrderInput | null> | null }
> = (_source, args, ctx) => {
	requireScope(ctx, SCOPE.orderManagerEdit);
	return (args.orders ?? []).map((input, index) => updateOne(ctx, input, index));
};

function buildEmulatorSchema() {
	const schema = buildSchema(SCHEMA_SDL);
	const fields = (typeName: string) => (schema.getType(typeName) as GraphQLObjectType).getFields();
	fields('Query').core.resolve = () => ({});
	fields('CoreQuery').orders.resolve = resolveOrders as GraphQLFieldResolver<unknown, unknown>;
	fields('Mutation').core.resolve = () => ({});
	fields('CoreMutation').updateOrders.resolve = resolveUpdateOrders as GraphQLFieldResolver<
		unknown,
		unknown
	>;
	fields('Order').status_name.resolve = (order: EmulatorOrder) => statusName(order.status);
	fields('OrderItem').attributes.resolve = (item: EmulatorOrderItem) =>
		Object.entries(item.attributes).map(([name, value]) => ({ name, value }));
	return schema;
}

export const schema = buildEmulatorSchema();

const GraphqlBody = z.object({
	query: z.string(),
	variables: z.record(z.string(), z.unknown()).nullable().optional(),
	operationName: z.string().nullable().optional(),
});

function gqlErrors(status: number, message: string): Reply {
	return json(status, { errors: [{ message }] });
}

/** `POST /graphql`: GraphQL over HTTP with JSON bodies. */
export function handleGraphql(ctx: RequestContext): Reply {
	if (ctx.method !== 'POST')
		return {
			...gqlErrors(405, 'GraphQL only supports POST requests.'),
			headers: { Allow: 'POST' },
		};
	const auth = authenticateBearer(ctx);
	if (!auth.ok) return auth.reply;

	const raw = parseJson(ctx.bodyText);
	if (!raw.ok) return gqlErrors(400, 'POST body sent invalid JSON.');
	const body = GraphqlBody.safeParse(raw.value);
	if (!body.success) return gqlErrors(400, 'Must provide query string.');

	let document;
	try {
		document = parse(body.data.query);
	} catch (error) {
		return json(400, {
			errors: [error instanceof GraphQLError ? error : { message: String(error) }],
		});
	}
	const validationErrors = validate(schema, document);
	if (validationErrors.length > 0) return json(400, { errors: validationErrors });

	const context: GqlContext = { state: ctx.state, token: auth.token, partial: ctx.graphqlPartial };
	const result = execute({
		schema,
		document,
		contextValue: context,
		variableValues: body.data.variables ?? undefined,
		operationName: body.data.operationName ?? undefined,
	});
	if (result instanceof Promise) throw new Error('emulator resolvers are synchronous');
	// No data at all (bad variables, unknown operation): a request error, like common servers.
	return json('data' in result && result.data !== undefined ? 200 : 400, result);
}
