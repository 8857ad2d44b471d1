import { STOCK_DROPSHIP_REFS, bulkStockProducts } from '../emulator';
import { secretsOf, useFixture } from '../support/kornitx';

const update = { resource: 'stock', operation: 'updateAvailability' };
const getMany = { resource: 'stock', operation: 'getMany' };
const apiKey = { apiKey: true };
const bySku = {
	...update,
	identifyProductBy: 'sku',
	sku: '={{ $json.sku }}',
	quantityAvailable: '={{ $json.qty }}',
};

describe('Stock → Update Availability (v2.2 API key)', () => {
	const f = useFixture();
	const puts = () => f.apiCalls().filter((call) => call.method === 'PUT');
	const product = (sku: string) => f.emulator.stock.find((p) => p.supplier_sku === sku)!;

	it('sets quantities by SKU and by barcode in one PUT, one paired output per input item', async () => {
		const { output, error } = await f.run(
			{
				...update,
				identifyProductBy: '={{ $json.barcode ? "barcode" : "sku" }}',
				sku: '={{ $json.sku }}',
				barcode: '={{ $json.barcode }}',
				quantityAvailable: '={{ $json.qty }}',
			},
			{
				...apiKey,
				input: [
					{ sku: 'TSHIRT-BLK-M', qty: 12 },
					{ barcode: '4006381333931', qty: 0 },
				],
			},
		);
		expect(error).toBeUndefined();
		expect(puts().map((call) => [call.path, call.body, call.auth.scheme])).toEqual([
			[
				'/api-sl-2-2/stock/availability',
				[
					{ sku: 'TSHIRT-BLK-M', data: { quantity_available: 12 } },
					{ barcode: '4006381333931', data: { quantity_available: 0 } },
				],
				'basic',
			],
		]);
		expect(output.map((o) => [o.json, o.pairedItem])).toEqual([
			[
				{
					success: true,
					sku: 'TSHIRT-BLK-M',
					quantityAvailable: 12,
					response: {
						id: 880002,
						supplier_sku: 'TSHIRT-BLK-M',
						barcode: '5012345678917',
						quantity_available: 12,
					},
				},
				{ item: 0 },
			],
			[
				{
					success: true,
					barcode: '4006381333931',
					quantityAvailable: 0,
					response: {
						id: 880006,
						supplier_sku: 'MUG-11OZ-WHT',
						barcode: '4006381333931',
						quantity_available: 0,
					},
				},
				{ item: 1 },
			],
		]);
		expect([
			product('TSHIRT-BLK-M').quantity_available,
			product('MUG-11OZ-WHT').quantity_available,
		]).toEqual([12, 0]);
	});

	it('sends 250 items as 3 PUTs of 100, 100 and 50, in input order, bodies exactly as documented', async () => {
		const extra = bulkStockProducts(250);
		f.emulator.stock.push(...extra);
		const input = extra.map((p, i) => ({ sku: p.supplier_sku, qty: i }));
		const { output, error } = await f.run(bySku, { ...apiKey, input });
		expect(error).toBeUndefined();
		const bodies = puts().map((call) => call.body as unknown[]);
		expect(bodies.map((body) => body.length)).toEqual([100, 100, 50]);
		expect(bodies.flat()).toEqual(
			input.map((row) => ({ sku: row.sku, data: { quantity_available: row.qty } })),
		);
		expect(output).toHaveLength(250);
		expect(
			output.every(
				(o, i) =>
					o.json.sku === input[i].sku &&
					o.json.quantityAvailable === i &&
					(o.pairedItem as { item: number }).item === i,
			),
		).toBe(true);
		expect(
			f.emulator.stock.find((p) => p.supplier_sku === 'BULK-SKU-249')?.quantity_available,
		).toBe(249);
	});

	it('follows the Batch Size option', async () => {
		const input = ['TSHIRT-BLK-S', 'TSHIRT-BLK-M', 'TSHIRT-BLK-L'].map((sku) => ({ sku, qty: 5 }));
		await f.run({ ...bySku, options: { batchSize: 2 } }, { ...apiKey, input });
		expect(puts().map((call) => (call.body as unknown[]).length)).toEqual([2, 1]);
	});

	it('under Continue On Fail, fails only the bad items before any request and sends the others', async () => {
		const { output, error } = await f.run(bySku, {
			...apiKey,
			continueOnFail: true,
			input: [
				{ sku: 'TSHIRT-BLK-S', qty: 1 },
				{ sku: 'TSHIRT-BLK-M', qty: -1 },
				{ sku: 'TSHIRT-BLK-L', qty: 2.5 },
				{ sku: '', qty: 3 },
				{ sku: 'HOODIE-NVY-M', qty: 4 },
			],
		});
		expect(error).toBeUndefined();
		expect(output.map((o) => o.json.error ?? o.json.sku)).toEqual([
			'TSHIRT-BLK-S',
			'Quantity Available must be a whole number of 0 or more, got -1 (item 1)',
			'Quantity Available must be a whole number of 0 or more, got 2.5 (item 2)',
			'SKU is empty (item 3)',
			'HOODIE-NVY-M',
		]);
		expect(puts().map((call) => call.body)).toEqual([
			[
				{ sku: 'TSHIRT-BLK-S', data: { quantity_available: 1 } },
				{ sku: 'HOODIE-NVY-M', data: { quantity_available: 4 } },
			],
		]);
	});

	it('without Continue On Fail, stops at the first bad item: the items before it are sent, none after', async () => {
		const { error } = await f.run(bySku, {
			...apiKey,
			input: [
				{ sku: 'TSHIRT-BLK-S', qty: 1 },
				{ sku: 'TSHIRT-BLK-M', qty: 'lots' },
				{ sku: 'HOODIE-NVY-M', qty: 4 },
			],
		});
		expect(error?.message).toBe(
			'Quantity Available must be a whole number of 0 or more, got "lots" (item 1)',
		);
		expect(puts().map((call) => call.body)).toEqual([
			[{ sku: 'TSHIRT-BLK-S', data: { quantity_available: 1 } }],
		]);
		expect(product('HOODIE-NVY-M').quantity_available).toBe(35);
	});

	it('an unknown SKU fails that item, naming it; the rest of its batch is sent again without it', async () => {
		const { output } = await f.run(bySku, {
			...apiKey,
			continueOnFail: true,
			input: [
				{ sku: 'TSHIRT-BLK-S', qty: 7 },
				{ sku: 'NO-SUCH-SKU', qty: 1 },
				{ sku: 'HOODIE-NVY-M', qty: 8 },
			],
		});
		expect(output.map((o) => o.json.error ?? o.json.quantityAvailable)).toEqual([
			7,
			'KornitX: Invalid stock product specified, index 1 (sku "NO-SUCH-SKU", item 1)',
			8,
		]);
		expect(
			puts().map((call) => (call.body as Array<{ sku: string }>).map((entry) => entry.sku)),
		).toEqual([
			['TSHIRT-BLK-S', 'NO-SUCH-SKU', 'HOODIE-NVY-M'],
			['TSHIRT-BLK-S', 'HOODIE-NVY-M'],
		]);
		expect([
			product('TSHIRT-BLK-S').quantity_available,
			product('HOODIE-NVY-M').quantity_available,
		]).toEqual([7, 8]);
	});

	it("retries v2.2's rate-limit answer (HTTP 400) and a 5xx, since setting a quantity twice is harmless", async () => {
		f.emulator.addFault({
			kind: 'status',
			status: 400,
			body: { error: { message: 'Rate limit exceeded: 1000 requests per hour', code: 0 } },
			match: { api: 'restV22' },
		});
		f.emulator.addFault({ kind: 'status', status: 502, phase: 'after', match: { api: 'restV22' } });
		const { output, error } = await f.run(bySku, {
			...apiKey,
			input: [{ sku: 'TSHIRT-BLK-S', qty: 9 }],
		});
		expect(error).toBeUndefined();
		expect(output[0].json).toMatchObject({
			success: true,
			sku: 'TSHIRT-BLK-S',
			quantityAvailable: 9,
		});
		expect(puts().map((call) => call.status)).toEqual([400, 502, 200]);
	});

	it('dry run returns one request per item and sends nothing', async () => {
		const { output } = await f.run(
			{ ...bySku, options: { dryRun: true } },
			{ ...apiKey, input: [{ sku: 'A 1', qty: 2 }] },
		);
		expect(output[0].json).toEqual({
			dryRun: true,
			method: 'PUT',
			url: `${f.emulator.urls.restV22}/stock/availability`,
			body: [{ sku: 'A 1', data: { quantity_available: 2 } }],
		});
		expect(f.apiCalls()).toHaveLength(0);
	});

	it('with the OAuth2 credential, fails with an error that names the fix, before any request', async () => {
		const { error } = await f.run({ ...update, sku: 'TSHIRT-BLK-S', quantityAvailable: 1 });
		expect(error?.message).toBe(
			'The Stock operations work only with the API Key (v2.2) credential',
		);
		expect(error?.description).toContain('Set Authentication to "API Key (v2.2, Legacy)"');
		expect(f.apiCalls()).toHaveLength(0);
		expect(f.tokenRequests()).toBe(0);
	});

	it('never puts a secret in outputs or errors', async () => {
		const good = await f.run(bySku, { ...apiKey, input: [{ sku: 'TSHIRT-BLK-S', qty: 1 }] });
		f.harness.setCredential('kornitxApi', 'cred-apikey', {
			...f.harness.getCredential('cred-apikey'),
			apiKey: `${secretsOf(f)[1]}x`,
		});
		const bad = await f.run(bySku, { ...apiKey, input: [{ sku: 'TSHIRT-BLK-S', qty: 1 }] });
		f.harness.setCredential('kornitxApi', 'cred-apikey', {
			...f.harness.getCredential('cred-apikey'),
			apiKey: secretsOf(f)[1],
		});
		expect(bad.error?.message).toContain('Authentication required');
		const text = JSON.stringify([
			good.output,
			bad.error,
			bad.error?.description,
			(bad.error as { cause?: unknown })?.cause,
		]);
		for (const secret of secretsOf(f)) expect(text).not.toContain(secret);
	});
});

describe('Stock → Get Many (v2.2 API key)', () => {
	const f = useFixture();
	const skus = (output: Array<{ json: Record<string, unknown> }>) =>
		output.map(
			(o) =>
				(o.json.linked as Array<{ product: { supplier_sku: string } }>)[0].product.supplier_sku,
		);

	it('returns one item per stock entry, up to Limit', async () => {
		const { output, error } = await f.run({ ...getMany, returnAll: false, limit: 3 }, apiKey);
		expect(error).toBeUndefined();
		expect(skus(output)).toEqual(['TSHIRT-BLK-S', 'TSHIRT-BLK-M', 'TSHIRT-BLK-L']);
		expect(output[0].json).toEqual({
			linked: [
				{
					product: { id: 880001, supplier_sku: 'TSHIRT-BLK-S', retail_sku: 'PS-TEE-BLK-S' },
					variant: null,
				},
			],
			quantity_available: 140,
			lead_time_days: 2,
			daily_capacity: 400,
		});
	});

	it('sends Dropship Ref and Changed Since (converted to UTC, YYYY-MM-DD HH:MM:SS) as query parameters', async () => {
		const { output, error } = await f.run(
			{
				...getMany,
				returnAll: true,
				filters: {
					dropshipRef: STOCK_DROPSHIP_REFS.mugsAndMore,
					changedSince: '2026-11-20T01:00:00+01:00',
				},
			},
			apiKey,
		);
		expect(error).toBeUndefined();
		expect(f.apiCalls()[0].query).toEqual({
			dropship_ref: STOCK_DROPSHIP_REFS.mugsAndMore,
			changed_since: '2026-11-20 00:00:00',
		});
		expect(skus(output)).toEqual(['MUG-15OZ-BLK', 'TOTE-NAT-STD']);
	});

	it('returns all entries with Return All', async () => {
		const { output } = await f.run({ ...getMany, returnAll: true }, apiKey);
		expect(output).toHaveLength(f.emulator.stock.length);
	});

	it('rejects a Changed Since that is not a date, naming the field and the item', async () => {
		const { error } = await f.run(
			{ ...getMany, filters: { changedSince: 'last tuesday' } },
			apiKey,
		);
		expect(error?.message).toBe(
			'Changed Since must be a date and time, got "last tuesday" (item 0)',
		);
		expect(f.apiCalls()).toHaveLength(0);
	});

	it('with the OAuth2 credential, fails with an error that names the fix', async () => {
		const { error } = await f.run({ ...getMany, returnAll: true });
		expect(error?.message).toBe(
			'The Stock operations work only with the API Key (v2.2) credential',
		);
	});
});
