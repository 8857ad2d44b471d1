/* eslint-disable @n8n/community-nodes/no-restricted-globals -- tests, never shipped in dist */
import {
	describeFailure,
	isAmbiguous,
	isRateLimited,
	kornitxErrorMessage,
} from '../../nodes/Kornitx/transport/failure';
import { runPool } from '../../nodes/Kornitx/transport/pool';

describe('reading failures from n8n errors', () => {
	it('finds status, body and Retry-After deep in the cause chain', () => {
		const axiosLike = Object.assign(new Error('Request failed with status code 429'), {
			response: {
				status: 429,
				data: '{"error":{"message":"slow down","code":0}}',
				headers: { 'Retry-After': '2' },
			},
			config: { headers: { Authorization: 'Bearer secret-token' } },
		});
		const wrapped = Object.assign(new Error('wrapped'), {
			cause: Object.assign(new Error('mid'), { cause: axiosLike }),
		});
		const failure = describeFailure(wrapped);
		expect(failure.status).toBe(429);
		expect(failure.retryAfterMs).toBe(2000);
		expect(kornitxErrorMessage(failure.body)).toBe('slow down');
		expect(JSON.stringify(failure)).not.toContain('secret-token');
	});

	it('reads status and message from an n8n 1.x NodeApiError that kept no response', () => {
		const wrapped = Object.assign(new Error('Bad request - please check your parameters'), {
			httpCode: '400',
			description: 'Invalid status transition',
		});
		const failure = describeFailure(wrapped);
		expect(failure.status).toBe(400);
		expect(kornitxErrorMessage(failure.body)).toBe('Invalid status transition');
	});

	it("recognises v2.2's rate limit answered as HTTP 400", () => {
		const failure = {
			status: 400,
			body: { error: { message: 'Rate LIMIT exceeded: 1000 per hour', code: 0 } },
			message: '',
		};
		expect(isRateLimited(failure)).toBe(true);
		expect(
			isRateLimited({
				...failure,
				body: { error: { message: 'Invalid status transition', code: 0 } },
			}),
		).toBe(false);
	});

	it('treats 5xx and broken connections as unknown outcomes, 4xx as known', () => {
		expect(isAmbiguous({ status: 503, message: '' })).toBe(true);
		expect(isAmbiguous({ code: 'ECONNRESET', message: 'socket hang up' })).toBe(true);
		expect(isAmbiguous({ status: 400, message: '' })).toBe(false);
	});

	it('marks token failures with their OAuth error code', () => {
		const authError = Object.assign(
			new Error('The requested scope is invalid, unknown, or malformed.'),
			{
				code: 'EAUTH',
				body: { error: 'invalid_scope' },
			},
		);
		const failure = describeFailure(
			new Error('Failed to acquire OAuth2 access token: x', { cause: authError }),
		);
		expect(failure.tokenError?.error).toBe('invalid_scope');
		expect(failure.code).toBeUndefined();
	});
});

describe('runPool', () => {
	it('never runs more than the limit at once and keeps results in index order', async () => {
		let inFlight = 0;
		let peak = 0;
		const results = await runPool(
			20,
			4,
			async (index) => {
				inFlight++;
				peak = Math.max(peak, inFlight);
				await new Promise((resolve) => setTimeout(resolve, 5 + ((index * 7) % 11)));
				inFlight--;
				return index * 2;
			},
			false,
		);
		expect(peak).toBe(4);
		expect(results.map((result) => (result?.ok ? result.value : null))).toEqual(
			Array.from({ length: 20 }, (_, i) => i * 2),
		);
	});

	it('runs the first task alone before going parallel', async () => {
		const started: number[] = [];
		let firstDone = false;
		await runPool(
			5,
			5,
			async (index) => {
				if (index > 0) expect(firstDone).toBe(true);
				started.push(index);
				await new Promise((resolve) => setTimeout(resolve, 5));
				if (index === 0) firstDone = true;
			},
			false,
		);
		expect(started).toHaveLength(5);
	});

	it('starts nothing new after a failure when asked to stop', async () => {
		const results = await runPool(
			10,
			1,
			async (index) => {
				if (index === 2) throw new Error('boom');
				return index;
			},
			true,
		);
		expect(results[2]).toEqual({ ok: false, error: expect.any(Error) });
		expect(results.slice(3).every((result) => result === undefined)).toBe(true);
	});
});
