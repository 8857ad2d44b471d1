import { createHmac } from 'node:crypto';

import { pushToItems } from '../../nodes/KornitxPushTrigger/output';
import { RepeatMemory, repeatKey } from '../../nodes/KornitxPushTrigger/repeats';
import {
	basicAuthMatches,
	bodyFingerprint,
	decodeDigest,
	parsePushBody,
	signatureMatches,
	verifyPush,
	type PushSecrets,
} from '../../nodes/KornitxPushTrigger/verify';

const KEY = ['unit', 'hmac', 'key'].join('-');
const BODY = Buffer.from('{"id":47200001,"customer_name":"Zoë","items":[{"id":1}]}');
const digest = createHmac('sha256', KEY).update(BODY).digest();
const basic = (pair: string) => `Basic ${Buffer.from(pair).toString('base64')}`;

describe('push signature', () => {
	it.each([
		['lower-case hex', digest.toString('hex')],
		['upper-case hex', digest.toString('hex').toUpperCase()],
		['base64', digest.toString('base64')],
		['base64 without padding', digest.toString('base64').replace(/=+$/, '')],
		['base64url', digest.toString('base64url')],
		['hex with a sha256= prefix and spaces', `  sha256=${digest.toString('hex')} `],
	])('matches %s', (_name, header) => {
		expect(signatureMatches(BODY, header, KEY)).toBe(true);
	});

	it.each([
		['another key', createHmac('sha256', 'other').update(BODY).digest('hex')],
		['a truncated digest', digest.toString('hex').slice(0, 63)],
		[
			'a digest of other bytes',
			createHmac('sha256', KEY)
				.update(Buffer.concat([BODY, Buffer.from(' ')]))
				.digest('hex'),
		],
		['garbage', 'not-a-digest'],
		['an empty value', ''],
		['a SHA-1 sized digest', createHmac('sha1', KEY).update(BODY).digest('hex')],
	])('refuses %s', (_name, header) => {
		expect(signatureMatches(BODY, header, KEY)).toBe(false);
	});

	it('decodes only 32-byte digests', () => {
		expect(decodeDigest(digest.toString('hex'))).toEqual(digest);
		expect(decodeDigest(digest.toString('base64'))).toEqual(digest);
		expect(decodeDigest(Buffer.alloc(31).toString('base64'))).toBeUndefined();
	});
});

describe('push Basic auth', () => {
	it('matches the exact user and password, with any case of "Basic"', () => {
		expect(basicAuthMatches(basic('user:pa:ss'), 'user', 'pa:ss')).toBe(true);
		expect(basicAuthMatches(basic('user:pa:ss').replace('Basic', 'basic'), 'user', 'pa:ss')).toBe(
			true,
		);
	});

	it.each([
		['a wrong password', basic('user:nope')],
		['a wrong user', basic('usr:pa:ss')],
		['a bearer token', 'Bearer abc'],
		['no header', undefined],
	])('refuses %s', (_name, header) => {
		expect(basicAuthMatches(header, 'user', 'pa:ss')).toBe(false);
	});
});

describe('verifyPush', () => {
	const secrets: PushSecrets = { hmacKey: KEY, basicAuthUser: '', basicAuthPassword: '' };
	const signed = { 'x-customgateway-hmac': digest.toString('hex') };

	it('accepts a signed push when no Basic auth is configured', () => {
		expect(verifyPush({ rawBody: BODY, headers: signed }, secrets)).toEqual({ ok: true });
	});

	it('checks Basic auth first when the credential has a user or only a password', () => {
		const withPassword = { ...secrets, basicAuthPassword: 'p' };
		expect(verifyPush({ rawBody: BODY, headers: signed }, withPassword)).toMatchObject({
			ok: false,
			status: 401,
			basicChallenge: true,
		});
		expect(
			verifyPush(
				{ rawBody: BODY, headers: { ...signed, authorization: basic(':p') } },
				withPassword,
			),
		).toEqual({
			ok: true,
		});
	});

	it('names what is wrong without the expected value', () => {
		const wrong = verifyPush(
			{ rawBody: BODY, headers: { 'x-customgateway-hmac': 'ab'.repeat(32) } },
			secrets,
		);
		expect(wrong).toEqual({
			ok: false,
			status: 401,
			message: 'Signature in X-CustomGateway-Hmac does not match the body',
		});
		expect(verifyPush({ rawBody: BODY, headers: {} }, secrets)).toMatchObject({ status: 401 });
	});
});

describe('parsePushBody', () => {
	it('parses the raw bytes, not the body n8n parsed', () => {
		expect(parsePushBody(Buffer.from('{"a":"ü"}'), { other: true })).toEqual({
			ok: true,
			body: { a: 'ü' },
		});
	});

	it('falls back to the parsed body only when there are no raw bytes at all', () => {
		expect(parsePushBody(undefined, { a: 1 })).toEqual({ ok: true, body: { a: 1 } });
		expect(parsePushBody(Buffer.alloc(0), { a: 1 })).toMatchObject({ ok: false, status: 400 });
	});

	it.each([
		['[]', 'Body is an array; expected a JSON object'],
		['1', 'Body is a number; expected a JSON object'],
		['true', 'Body is a boolean; expected a JSON object'],
		['{', 'Body is not valid JSON; expected a JSON object'],
		['', 'Body is empty; expected a JSON object'],
	])('refuses %j', (raw, message) => {
		expect(parsePushBody(Buffer.from(raw), undefined)).toEqual({ ok: false, status: 400, message });
	});
});

describe('RepeatMemory', () => {
	let now = 1_000_000;
	const clock = () => now;

	it('remembers a push only once it was acknowledged', () => {
		const memory = new RepeatMemory({ now: clock });
		expect(memory.begin('a')).toBe('new');
		expect(memory.begin('a')).toBe('inProgress');
		memory.settle('a', false);
		expect(memory.begin('a')).toBe('new');
		memory.settle('a', true);
		expect(memory.begin('a')).toBe('repeat');
		expect(memory.size).toBe(1);
	});

	it('forgets an acknowledged push after the TTL', () => {
		const memory = new RepeatMemory({ now: clock, ttlMs: 1000 });
		memory.begin('a');
		memory.settle('a', true);
		now += 999;
		expect(memory.begin('a')).toBe('repeat');
		now += 1;
		expect(memory.begin('a')).toBe('new');
	});

	it('keeps at most maxEntries, evicting the oldest', () => {
		const memory = new RepeatMemory({ now: clock, maxEntries: 3 });
		for (const key of ['a', 'b', 'c', 'd']) {
			memory.begin(key);
			memory.settle(key, true);
		}
		expect(memory.size).toBe(3);
		expect(memory.begin('a')).toBe('new');
		expect(memory.begin('d')).toBe('repeat');
	});

	it('treats a push pending for longer than the pending timeout as lost', () => {
		const memory = new RepeatMemory({ now: clock, pendingTimeoutMs: 100 });
		memory.begin('a');
		now += 100;
		expect(memory.begin('a')).toBe('new');
	});

	it('ignores a second settle (finish then close)', () => {
		const memory = new RepeatMemory({ now: clock });
		memory.begin('a');
		memory.settle('a', true);
		memory.settle('a', false);
		expect(memory.begin('a')).toBe('repeat');
	});

	it('keys pushes by workflow, node, mode and body', () => {
		const base = {
			workflowId: 'w',
			nodeId: 'n',
			mode: 'webhook',
			fingerprint: bodyFingerprint(BODY),
		};
		const keys = new Set([
			repeatKey(base),
			repeatKey({ ...base, workflowId: 'w2' }),
			repeatKey({ ...base, nodeId: 'n2' }),
			repeatKey({ ...base, mode: 'manual' }),
			repeatKey({ ...base, fingerprint: bodyFingerprint(Buffer.from('{}')) }),
		]);
		expect(keys.size).toBe(5);
	});
});

describe('pushToItems', () => {
	const order = { id: 1, ref: 'KX-1', items: [{ id: 11 }, { id: 12 }], extra: { ü: true } };

	it('order: one item, the body as is', () => {
		expect(pushToItems(order, 'order')).toEqual([{ json: order }]);
	});

	it('items: one item per line with the order fields beside it', () => {
		expect(pushToItems(order, 'items').map((i) => i.json)).toEqual([
			{ id: 1, ref: 'KX-1', extra: { ü: true }, item: { id: 11 } },
			{ id: 1, ref: 'KX-1', extra: { ü: true }, item: { id: 12 } },
		]);
	});

	it('items: an order without lines (missing, empty or not an array) is one item with item null', () => {
		for (const items of [undefined, [], 'none']) {
			expect(pushToItems({ id: 2, items }, 'items').map((i) => i.json)).toEqual([
				{ id: 2, item: null },
			]);
		}
	});
});
