import { DEV_API_KEY, SEED_ORDER_IDS as IDS } from '../emulator';
import { secretsOf, useFixture } from '../support/kornitx';

const updateStatus = { resource: 'order', operation: 'updateStatus' };

describe('Order → Update Status (v2.3)', () => {
	const f = useFixture();

	it('a new node (version 1.1) has no status chosen: n8n asks for one and nothing is sent', async () => {
		await expect(
			f.run({
				resource: 'order',
				operation: 'updateStatus',
				identifyBy: 'id',
				orderId: String(IDS.inProduction),
			}),
		).rejects.toThrow('Parameter "Status" is required');
		expect(f.apiCalls()).toHaveLength(0);
		expect(f.emulator.getOrder(IDS.inProduction)?.status).toBe(4);
	});

	it('a status expression that resolves to nothing fails that item, naming the field', async () => {
		const { error } = await f.run(
			{
				resource: 'order',
				operation: 'updateStatus',
				identifyBy: 'id',
				orderId: String(IDS.inProduction),
				status: '={{ $json.status }}',
			},
			{ input: [{ status: '' }] },
		);
		expect(error?.message).toBe(
			'Status is not set: choose one of Received (1), In Production (4), Dispatched (8), QC Query (32), Cancelled (128), Received by Supplier (513), Pending Dispatch (517) (item 0)',
		);
		expect(f.apiCalls()).toHaveLength(0);
	});

	it('a saved version 1 node without a stored status keeps its default, Dispatched', async () => {
		const { output, error } = await f.run(
			{
				resource: 'order',
				operation: 'updateStatus',
				identifyBy: 'id',
				orderId: String(IDS.inProduction),
			},
			{ typeVersion: 1 },
		);
		expect(error).toBeUndefined();
		expect(output[0].json).toMatchObject({ success: true, status: 8 });
		expect(f.emulator.getOrder(IDS.inProduction)?.status).toBe(8);
	});

	it('sets the status by KornitX order ID and reports it', async () => {
		const { output, error } = await f.run({
			...updateStatus,
			identifyBy: 'id',
			orderId: String(IDS.inProduction),
			status: 8,
		});
		expect(error).toBeUndefined();
		expect(output).toEqual([
			{
				json: {
					success: true,
					orderId: IDS.inProduction,
					status: 8,
					statusName: 'Dispatched',
					response: { id: IDS.inProduction, status: 8, status_name: 'Dispatched' },
				},
				pairedItem: { item: 0 },
			},
		]);
		expect(f.emulator.getOrder(IDS.inProduction)?.status).toBe(8);
		const [call] = f.apiCalls();
		expect([call.method, call.path, call.body]).toEqual([
			'PUT',
			`/api-sl-2-3/order/${IDS.inProduction}/status`,
			{ status: 8 },
		]);
	});

	it('updates by external ref, percent-encoding awkward refs mapped from input items', async () => {
		const refs = [
			'ORDER 2002',
			'AB/123/C',
			'#5003',
			'100%-cotton',
			'GIFT+WRAP 12',
			'Bestellung-Größe-ü',
		];
		const { output, error } = await f.run(
			{ ...updateStatus, identifyBy: 'externalRef', externalRef: '={{ $json.ref }}', status: 4 },
			{ input: refs.map((ref) => ({ ref })) },
		);
		expect(error).toBeUndefined();
		expect(
			output.map((item) => [item.json.externalRef, item.json.success, item.pairedItem]),
		).toEqual(refs.map((ref, index) => [ref, true, { item: index }]));
		for (const id of [
			IDS.spaceRef,
			IDS.slashRef,
			IDS.hashRef,
			IDS.percentRef,
			IDS.plusRef,
			IDS.unicodeRef,
		]) {
			expect(f.emulator.getOrder(id)?.status).toBe(4);
		}
		expect(f.apiCalls().map((call) => call.path)).toContain(
			'/api-sl-2-3/order/by-external-ref/AB%2F123%2FC/status',
		);
		expect(f.apiCalls().map((call) => call.path)).toContain(
			'/api-sl-2-3/order/by-external-ref/%235003/status',
		);
	});

	it('addresses one half of a split order by external ref and ID joined with "_"', async () => {
		const { output } = await f.run({
			...updateStatus,
			identifyBy: 'combined',
			externalRef: 'SPLIT-3001',
			orderId: String(IDS.splitA),
			status: 4,
		});
		expect(output[0].json).toMatchObject({
			success: true,
			orderId: IDS.splitA,
			externalRef: 'SPLIT-3001',
		});
		expect(f.apiCalls()[0].path).toBe(
			`/api-sl-2-3/order/by-external-ref/SPLIT-3001_${IDS.splitA}/status`,
		);
		expect(f.emulator.getOrder(IDS.splitA)?.status).toBe(4);
		expect(f.emulator.getOrder(IDS.splitB)?.status).toBe(4); // unchanged: it was already in production
	});

	it('explains a split order ref and points to the combined mode', async () => {
		const { error } = await f.run({
			...updateStatus,
			identifyBy: 'externalRef',
			externalRef: 'SPLIT-3001',
			status: 4,
		});
		expect(error?.description).toContain('External Ref and Order ID');
	});

	it('refuses an invalid transition, naming the statuses that can reach the one asked for', async () => {
		const { error } = await f.run({
			...updateStatus,
			identifyBy: 'id',
			orderId: String(IDS.received),
			status: 8,
		});
		expect(error?.message).toBe('KornitX: Invalid status transition');
		expect(error?.description).toBe(
			"Dispatched (8) can be reached only from In Production (4), Received by Supplier (513) or Pending Dispatch (517): check the order's current status.",
		);
		expect(f.emulator.getOrder(IDS.received)?.status).toBe(1);
	});

	it('tells the user to check the identifier mode when no order matches', async () => {
		const { error } = await f.run({
			...updateStatus,
			identifyBy: 'externalRef',
			externalRef: 'NOPE-1',
			status: 8,
		});
		expect(error?.message).toMatch(/order not found/i);
		expect(error?.description).toContain('Identify Order By');
	});

	it('under Continue On Fail, fails only the bad items and keeps input order', async () => {
		const input = [
			{ id: String(IDS.inProduction), status: 8 },
			{ id: 'abc', status: 8 },
			{ id: String(IDS.received), status: 8 },
			{ id: String(IDS.pendingDispatch), status: 8 },
		];
		const { output, error } = await f.run(
			{
				...updateStatus,
				identifyBy: 'id',
				orderId: '={{ $json.id }}',
				status: '={{ $json.status }}',
			},
			{ input, continueOnFail: true },
		);
		expect(error).toBeUndefined();
		expect(output.map((item) => item.pairedItem)).toEqual([
			{ item: 0 },
			{ item: 1 },
			{ item: 2 },
			{ item: 3 },
		]);
		expect(output[0].json.success).toBe(true);
		expect(output[1].json).toEqual({
			error: 'Order ID must be a positive whole number, got "abc" (item 1)',
		});
		expect(output[2].json).toMatchObject({
			error: 'KornitX: Invalid status transition',
			details: { httpCode: '400' },
		});
		expect(output[3].json.success).toBe(true);
		expect(f.apiCalls()).toHaveLength(3); // the bad ID never reached KornitX
	});

	it('sends failed items to the error output under "Continue (using error output)"', async () => {
		const result = await f.harness.runNode({
			type: 'kornitx',
			parameters: { ...updateStatus, identifyBy: 'id', orderId: '={{ $json.id }}', status: 8 },
			input: [{ id: IDS.inProduction }, { id: IDS.received }],
			credentials: { kornitxOAuth2Api: { id: 'cred-oauth', name: 'KornitX (emulator)' } },
			onError: 'continueErrorOutput',
		});
		expect(result.outputs[0].map((item) => item.json.orderId)).toEqual([IDS.inProduction]);
		expect(result.outputs[1]).toHaveLength(1);
		expect(result.outputs[1][0].json).toMatchObject({
			id: IDS.received,
			error: 'KornitX: Invalid status transition',
			message: expect.stringContaining('can be reached only from'),
		});
		expect(Object.keys(result.outputs[1][0].json)).not.toContain('details');
	});

	it('stops with an error naming the field and the item, before any request', async () => {
		const { error } = await f.run(
			{ ...updateStatus, identifyBy: 'externalRef', externalRef: '={{ $json.ref }}', status: 8 },
			{ input: [{ ref: '' }] },
		);
		expect(error?.message).toBe('External Ref is empty (item 0)');
		expect(f.apiCalls()).toHaveLength(0);
	});

	it('refuses a status code the API cannot set', async () => {
		const { error } = await f.run({
			...updateStatus,
			identifyBy: 'id',
			orderId: String(IDS.inProduction),
			status: '={{ 516 }}',
		});
		expect(error?.message).toContain('Status must be one of');
		expect(f.apiCalls()).toHaveLength(0);
	});

	it('dry run returns the request and sends nothing', async () => {
		const { output } = await f.run({
			...updateStatus,
			identifyBy: 'combined',
			externalRef: 'AB/123/C',
			orderId: String(IDS.slashRef),
			status: 128,
			options: { dryRun: true },
		});
		expect(output[0].json).toEqual({
			dryRun: true,
			method: 'PUT',
			url: `${f.emulator.urls.rest}/order/by-external-ref/AB%2F123%2FC_${IDS.slashRef}/status`,
			body: { status: 128 },
		});
		expect(f.apiCalls()).toHaveLength(0);
		expect(f.tokenRequests()).toBe(0);
	});

	it('never puts a secret in outputs or errors', async () => {
		const good = await f.run({
			...updateStatus,
			identifyBy: 'id',
			orderId: String(IDS.inProduction),
			status: 8,
		});
		const bad = await f.run({
			...updateStatus,
			identifyBy: 'id',
			orderId: String(IDS.received),
			status: 8,
		});
		const text = JSON.stringify([
			good.output,
			bad.error,
			bad.error?.description,
			(bad.error as { cause?: unknown })?.cause,
		]);
		for (const secret of secretsOf(f)) expect(text).not.toContain(secret);
	});
});

describe('Order → Update Status with the v2.2 API key', () => {
	const f = useFixture();

	it.each(['raw', 'base64'])(
		'dispatches with tracking using the %s header',
		async (headerFormat) => {
			f.harness.setCredential('kornitxApi', 'cred-apikey', {
				...f.harness.getCredential('cred-apikey'),
				headerFormat,
			});
			const { output, error } = await f.run(
				{
					...updateStatus,
					orderId: String(IDS.inProduction),
					status: 8,
					shippingTracking: 'RM1GB',
				},
				{ apiKey: true },
			);
			expect(error).toBeUndefined();
			expect(output[0].json).toMatchObject({ success: true, status: 8, shippingTracking: 'RM1GB' });
			const [call] = f.apiCalls();
			expect([call.path, call.body, call.auth.scheme]).toEqual([
				`/api-sl-2-2/order/${IDS.inProduction}/status`,
				{ status: 8, shipping_tracking: 'RM1GB' },
				'basic',
			]);
			expect(f.emulator.getOrder(IDS.inProduction)?.shipping_tracking).toBe('RM1GB');
		},
	);

	it('names the fix when the key is refused', async () => {
		f.harness.setCredential('kornitxApi', 'cred-apikey', {
			...f.harness.getCredential('cred-apikey'),
			apiKey: 'wrong',
		});
		const { error } = await f.run(
			{ ...updateStatus, orderId: String(IDS.inProduction), status: 8 },
			{ apiKey: true },
		);
		expect(error?.message).toContain('Authentication required');
		expect(error?.description).toContain('Header Format');
		f.harness.setCredential('kornitxApi', 'cred-apikey', {
			...f.harness.getCredential('cred-apikey'),
			apiKey: DEV_API_KEY.apiKey,
		});
	});

	it('refuses operations the legacy API does not have', async () => {
		const { error } = await f.run(
			{ resource: 'orderItem', operation: 'cancel', orderId: '1' },
			{ apiKey: true },
		);
		expect(error?.message).toBe(
			'The API Key (v2.2) credential supports only Order → Update Status and the Stock operations',
		);
	});
});
