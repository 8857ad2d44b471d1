/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test code, never shipped in dist */
/**
 * The emulator as KornitX the caller (docs/kornitx-api.md §10, §11, §14): what it sends, how it
 * retries, what it logs. A tiny loopback receiver plays the fulfiller.
 */
import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';

import {
	buildPushOrder,
	buildStatusNotification,
	pushOrder,
	sendStatusNotification,
	signPush,
	startEmulator,
	type KornitxEmulator,
	type PushRecord,
} from '../emulator';
import { pushRequestFromArgs } from '../emulator/push-cli';

interface Received {
	method: string;
	headers: IncomingHttpHeaders;
	body: string;
}

const KEY = ['emulator', 'push', 'key'].join('-');

describe('emulator push sender', () => {
	let server: Server;
	let url: string;
	let received: Received[];
	/** Statuses to answer, in order; 200 once exhausted. */
	let answers: number[];

	beforeAll(async () => {
		server = createServer((req, res) => {
			const chunks: Buffer[] = [];
			req.on('data', (chunk: Buffer) => chunks.push(chunk));
			req.on('end', () => {
				received.push({
					method: req.method ?? '',
					headers: req.headers,
					body: Buffer.concat(chunks).toString('utf8'),
				});
				const status = answers.shift() ?? 200;
				res.writeHead(status, { 'Content-Type': 'application/json' });
				res.end(JSON.stringify({ status }));
			});
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhook/abc/push`;
	});
	afterAll(async () => await new Promise<void>((resolve) => server.close(() => resolve())));
	beforeEach(() => {
		received = [];
		answers = [];
	});

	it('POSTs a realistic order signed over the exact bytes, hex by default', async () => {
		const result = await pushOrder({ url, key: KEY, retries: 0 });
		expect(result.acknowledged).toBe(true);
		const [request] = received;
		expect(request.method).toBe('POST');
		expect(request.headers['content-type']).toBe('application/json');
		expect(request.headers['x-customgateway-hmac']).toBe(
			createHmac('sha256', KEY).update(request.body).digest('hex'),
		);
		const order = JSON.parse(request.body) as {
			items: unknown[];
			customer_name: string;
			x_unpublished_field: unknown;
		};
		expect(order.items.length).toBe(3);
		expect(order.customer_name).toBe('Zoë Ångström');
		expect(order.x_unpublished_field).toBeDefined();
	});

	it('signs in base64 when asked, and sends Basic auth when given', async () => {
		await pushOrder({
			url,
			key: KEY,
			encoding: 'base64',
			basicAuth: { user: 'u', password: 'p:w' },
			retries: 0,
		});
		const [request] = received;
		expect(request.headers['x-customgateway-hmac']).toBe(
			createHmac('sha256', KEY).update(request.body).digest('base64'),
		);
		expect(request.headers.authorization).toBe(`Basic ${Buffer.from('u:p:w').toString('base64')}`);
	});

	it('PUTs an unsigned status notification with new shipments and cancellations', async () => {
		const result = await sendStatusNotification({ url, retries: 0 });
		const [request] = received;
		expect(result.acknowledged).toBe(true);
		expect(request.method).toBe('PUT');
		expect(request.headers['x-customgateway-hmac']).toBeUndefined();
		expect(JSON.parse(request.body)).toEqual(buildStatusNotification());
	});

	it('retries a non-200 answer until it gets 200, and logs every attempt', async () => {
		answers = [500, 409];
		const log: PushRecord[] = [];
		const result = await pushOrder({ url, key: KEY, retries: 5, retryIntervalMs: 1, log });
		expect(result.attempts.map((a) => a.status)).toEqual([500, 409, 200]);
		expect(received).toHaveLength(3);
		expect(new Set(received.map((r) => r.body)).size).toBe(1);
		expect(log).toHaveLength(1);
		expect(log[0]).toMatchObject({
			outcome: 'acknowledged',
			signed: true,
			encoding: 'hex',
			orderId: buildPushOrder().id,
		});
		expect(JSON.stringify(log)).not.toContain(KEY);
	});

	it('gives up after the retries (5 like KornitX by default), counting 201 as not acknowledged', async () => {
		answers = [500, 500, 500, 500, 500, 201];
		const result = await pushOrder({ url, key: KEY, retryIntervalMs: 1 });
		expect(result.acknowledged).toBe(false);
		expect(result.record.outcome).toBe('failed');
		expect(result.attempts).toHaveLength(6);
		expect(result.status).toBe(201);
	});

	it('records a refused connection as status 0 with its code', async () => {
		const closed = createServer();
		await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
		const port = (closed.address() as AddressInfo).port;
		await new Promise<void>((resolve) => closed.close(() => resolve()));
		const result = await pushOrder({
			url: `http://127.0.0.1:${port}/`,
			retries: 1,
			retryIntervalMs: 1,
		});
		expect(result.attempts.map((a) => [a.status, a.error])).toEqual([
			[0, 'ECONNREFUSED'],
			[0, 'ECONNREFUSED'],
		]);
	});

	it('signPush is HMAC-SHA256 of the given bytes', () => {
		expect(signPush('{"a":1}', KEY)).toBe(
			createHmac('sha256', KEY).update('{"a":1}').digest('hex'),
		);
		expect(signPush(Buffer.from('ü'), KEY, 'base64')).toBe(
			createHmac('sha256', KEY).update('ü').digest('base64'),
		);
	});

	describe('through the emulator', () => {
		let emulator: KornitxEmulator;
		beforeAll(async () => {
			emulator = await startEmulator();
		});
		afterAll(async () => await emulator.close());
		beforeEach(() => emulator.reset());

		it('admin POST /push sends the push and GET /pushes shows what was sent and answered, without the key', async () => {
			answers = [503];
			const response = await fetch(`${emulator.urls.admin}/push`, {
				method: 'POST',
				body: JSON.stringify({ url, key: KEY, seq: 4, items: 2, retries: 2, retryIntervalMs: 1 }),
			});
			expect(response.status).toBe(200);
			const record = (await response.json()) as PushRecord;
			expect(record.attempts.map((a) => a.status)).toEqual([503, 200]);
			expect((JSON.parse(received[0].body) as { items: unknown[] }).items).toHaveLength(2);
			const pushes = (await (await fetch(`${emulator.urls.admin}/pushes`)).json()) as PushRecord[];
			expect(pushes).toEqual([record]);
			expect(JSON.stringify(pushes)).not.toContain(KEY);
		});

		it('admin POST /push refuses an invalid request with 400 naming the field', async () => {
			const response = await fetch(`${emulator.urls.admin}/push`, {
				method: 'POST',
				body: JSON.stringify({ url: 'nope' }),
			});
			expect(response.status).toBe(400);
			expect(await response.text()).toContain('url');
		});

		it('emulator.push records into the same log; reset aborts waiting retries and clears it', async () => {
			answers = [500];
			const pending = emulator.push({ url, retries: 1, retryIntervalMs: 60_000 });
			while (emulator.pushes[0]?.attempts.length !== 1) await delay(5);
			expect(emulator.pushes[0].outcome).toBe('pending');
			emulator.reset();
			const result = await pending;
			expect(result.record.outcome).toBe('aborted');
			expect(received).toHaveLength(1);
			expect(emulator.pushes).toEqual([]);
		});
	});
});

describe('push CLI arguments', () => {
	it('build the same request the admin route takes', () => {
		expect(
			pushRequestFromArgs('push', [
				'--url',
				'http://127.0.0.1:5678/webhook/x/push',
				'--key',
				'k',
				'--encoding=base64',
				'--retries',
				'2',
				'--retry-interval',
				'10',
				'--user',
				'u',
				'--password',
				'p',
			]),
		).toEqual({
			url: 'http://127.0.0.1:5678/webhook/x/push',
			kind: 'order',
			key: 'k',
			encoding: 'base64',
			retries: 2,
			retryIntervalMs: 10,
			basicAuth: { user: 'u', password: 'p' },
		});
		expect(pushRequestFromArgs('notify', ['--url', 'http://h/x', '--body', '{"id":1}'])).toEqual({
			url: 'http://h/x',
			kind: 'statusNotification',
			body: '{"id":1}',
		});
	});

	it('refuse unknown options and bad values', () => {
		expect(() => pushRequestFromArgs('push', ['--url', 'http://h/x', '--kye', 'k'])).toThrow(
			'Unknown option --kye',
		);
		expect(() => pushRequestFromArgs('push', ['--url', 'http://h/x', '--retries', '9'])).toThrow(
			/retries/,
		);
		expect(() => pushRequestFromArgs('push', ['--key', 'k'])).toThrow(/url/);
	});
});
