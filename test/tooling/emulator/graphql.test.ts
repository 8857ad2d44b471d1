import { DEV_CLIENT, LIMITED_CLIENT, SEED_ORDER_IDS as IDS } from '../../emulator';
import {
	call,
	UPDATE_ORDERS,
	useEmulator,
	type ApiError,
	type GqlError,
	type UpdateReply,
	type OrdersReply,
} from './client';

const env = useEmulator();
const { token, gql, order } = env;

describe('GraphQL', () => {
	it('runs the documented updateOrders example', async () => {
		const res = await gql<UpdateReply>(await token(), UPDATE_ORDERS, {
			orders: [
				{ id: 46140199, shipping_carrier: 'Royal Mail', shipping_method: 'Tracked 24', status: 4 },
			],
		});
		expect(res.status).toBe(200);
		expect(res.json).toEqual({
			data: {
				core: {
					updateOrders: [
						{
							id: 46140199,
							shipping_carrier: 'Royal Mail',
							shipping_method: 'Tracked 24',
							status: 4,
							status_name: 'In Production',
						},
					],
				},
			},
		});
	});

	it('fails invalid documents with HTTP 400 like graphql-js', async () => {
		const tok = await token();
		const unknownField = await gql<{ errors: GqlError[] }>(
			tok,
			'{ core { orders { items { id nope } } } }',
		);
		expect(unknownField.status).toBe(400);
		expect(unknownField.json.errors[0].message).toContain(
			'Cannot query field "nope" on type "Order"',
		);
		const syntax = await gql<{ errors: GqlError[] }>(tok, '{ core { orders { items { id ');
		expect(syntax.status).toBe(400);
		expect(syntax.json.errors[0].message).toMatch(/^Syntax Error/);
		const badVariable = await gql<{ errors: GqlError[] }>(tok, UPDATE_ORDERS, {
			orders: [{ id: 1, colour: 'x' }],
		});
		expect(badVariable.status).toBe(400);
		expect(badVariable.json.errors[0].message).toContain('colour');
	});

	it('applies each input independently and reports errors at their index', async () => {
		const res = await gql<UpdateReply>(await token(), UPDATE_ORDERS, {
			orders: [
				{ id: IDS.docExample, status: 4 },
				{ id: 123, status: 4 },
				{ id: IDS.dispatched, status: 1 },
				{ id: IDS.pendingDispatch, status: 8, shipping_carrier: 'DHL' },
			],
		});
		expect(res.status).toBe(200);
		const list = res.json.data?.core?.updateOrders;
		expect(list?.map((o) => o?.id ?? null)).toEqual([
			IDS.docExample,
			null,
			null,
			IDS.pendingDispatch,
		]);
		expect(res.json.errors?.map((e) => [e.message, e.path])).toEqual([
			['Order not found: 123', ['core', 'updateOrders', 1]],
			['Invalid status transition', ['core', 'updateOrders', 2]],
		]);
		expect(order(IDS.pendingDispatch)).toMatchObject({ status: 8, shipping_carrier: 'DHL' });
		expect(order(IDS.dispatched).status).toBe(8);
	});

	it('checks scopes per field and tokens per request', async () => {
		const editOnly = await token(DEV_CLIENT, 'order-it.order-manager.edit');
		const query = await gql<OrdersReply>(editOnly, '{ core { orders { items { id } } } }');
		expect(query.status).toBe(200);
		expect(query.json.data?.core?.orders).toBeNull();
		expect(query.json.errors?.[0].message).toBe('Permission denied (order-it.order-manager.view)');

		const limited = await gql<UpdateReply>(await token(LIMITED_CLIENT), UPDATE_ORDERS, {
			orders: [{ id: IDS.docExample, status: 4 }],
		});
		expect(limited.json.errors?.[0].message).toBe(
			'Permission denied (order-it.order-manager.edit)',
		);
		expect(order(IDS.docExample).status).toBe(513);

		const noToken = await call<ApiError>('POST', env.emu.urls.graphql, {
			body: { query: '{ core { orders { items { id } } } }' },
		});
		expect(noToken.status).toBe(401);
		expect(noToken.json).toEqual({ error: { message: 'Authentication required', code: 0 } });
	});

	it('queries core orders (inferred shape) with a JSON filter, items and attributes', async () => {
		const res = await gql<OrdersReply>(
			await token(),
			'query($filter: Json) { core { orders(filter: $filter) { pages { pageCount current } items { id status status_name external_ref items { id external_ref attributes { name value } } } } } }',
			{ filter: { external_ref: ['SPLIT-3001'] } },
		);
		const page = res.json.data?.core?.orders;
		expect(page?.pages).toEqual({ pageCount: 1, current: 1 });
		const orders = page?.items ?? [];
		expect(orders.map((o) => o.id)).toEqual([IDS.splitA, IDS.splitB]);
		expect(orders[0].status_name).toBe('Received by Supplier');
		expect(orders[0].items?.[0].attributes.map((a) => a.name)).toEqual(['colour', 'size']);
	});

	it('pages core orders by count and 1-based page, filters combining with AND', async () => {
		const tok = await token();
		const paged = await gql<OrdersReply>(
			tok,
			'{ core { orders(filter: { status: 8 }, page: 2, count: 2) { pages { pageCount current } items { id } } } }',
		);
		expect(paged.json.data?.core?.orders).toEqual({
			pages: { pageCount: 3, current: 2 },
			items: [{ id: IDS.sameSecondB }, { id: IDS.dispatchedLater }],
		});
		const both = await gql<OrdersReply>(
			tok,
			'query($f: Json) { core { orders(filter: $f) { items { id } } } }',
			{
				f: { id: [IDS.splitA, IDS.splitB, IDS.dispatched], status: [4, 8] },
			},
		);
		expect(both.json.data?.core?.orders?.items.map((o) => o.id)).toEqual([
			IDS.dispatched,
			IDS.splitB,
		]);
	});

	it('refuses unknown filter keys and bad paging instead of matching everything', async () => {
		const tok = await token();
		const typo = await gql<OrdersReply>(
			tok,
			'{ core { orders(filter: { ids: [1] }) { items { id } } } }',
		);
		expect(typo.json.data?.core?.orders).toBeNull();
		expect(typo.json.errors?.[0].message).toBe(
			'Unknown filter key: ids (known: id, external_ref, status)',
		);
		const badType = await gql<OrdersReply>(
			tok,
			'{ core { orders(filter: { id: ["1"] }) { items { id } } } }',
		);
		expect(badType.json.errors?.[0].message).toBe('filter.id must hold numbers');
		const badPage = await gql<OrdersReply>(tok, '{ core { orders(page: 0) { items { id } } } }');
		expect(badPage.json.errors?.[0].message).toBe('page must be 1 or more');
	});
});
