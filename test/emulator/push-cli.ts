/* eslint-disable @n8n/community-nodes/no-restricted-imports, no-console -- dev tooling, never shipped in dist */
/**
 * `npm run emulator -- push ...` and `npm run emulator -- notify ...`: KornitX calling you.
 * Prints every attempt (status, answer, retries) and exits 0 when an attempt was answered 200.
 */
import { readFileSync } from 'node:fs';

import { parsePushRequest, pushOptionsFrom, type PushRequest } from './push-admin';
import { sendPush, type PushRecord } from './push';

export const PUSH_USAGE = `Usage:
  npm run emulator -- push   --url URL [--key KEY] [options]   POST an order (§10), signed when --key is given
  npm run emulator -- notify --url URL [--key KEY] [options]   PUT a status notification (§11)

Options:
  --key KEY              HMAC key: adds X-CustomGateway-Hmac (HMAC-SHA256 of the body)
  --encoding hex|base64  digest encoding (default hex)
  --user U --password P  HTTP Basic auth
  --seq N                vary the generated order (ids and refs); --items N order lines (default 3)
  --body JSON | --body-file PATH   send this body instead of a generated one
  --retries N            retries of a non-200 answer (default 5, like KornitX; max 5)
  --retry-interval MS    wait between attempts (default 60000 for orders, 7200000 for notifications)
  --timeout MS           per attempt (default 30000)
  --emulator BASE_URL    send through a running emulator's admin route, so the push is in its log
                         (GET BASE_URL/__emulator/pushes)`;

function flags(args: string[]): Map<string, string> {
	const out = new Map<string, string>();
	for (let i = 0; i < args.length; i++) {
		const arg = args[i];
		if (!arg.startsWith('--')) throw new Error(`Unexpected argument: ${arg}`);
		const eq = arg.indexOf('=');
		if (eq > 0) out.set(arg.slice(2, eq), arg.slice(eq + 1));
		else {
			const value = args[i + 1];
			if (value === undefined || value.startsWith('--'))
				throw new Error(`Missing value for ${arg}`);
			out.set(arg.slice(2), value);
			i++;
		}
	}
	return out;
}

function int(value: string | undefined, name: string): number | undefined {
	if (value === undefined) return undefined;
	const n = Number(value);
	if (!Number.isInteger(n) || n < 0)
		throw new Error(`--${name} must be a whole number >= 0, got ${value}`);
	return n;
}

const KNOWN = new Set([
	'url',
	'key',
	'encoding',
	'user',
	'password',
	'seq',
	'items',
	'body',
	'body-file',
	'retries',
	'retry-interval',
	'timeout',
	'emulator',
]);

/** The push request a command line stands for (validated like the admin route). */
export function pushRequestFromArgs(command: 'push' | 'notify', args: string[]): PushRequest {
	const f = flags(args);
	for (const name of f.keys()) if (!KNOWN.has(name)) throw new Error(`Unknown option --${name}`);
	const user = f.get('user');
	const password = f.get('password');
	let body: unknown;
	const bodyFile = f.get('body-file');
	const bodyText = bodyFile !== undefined ? readFileSync(bodyFile, 'utf8') : f.get('body');
	if (bodyText !== undefined) body = bodyText;
	const raw = {
		url: f.get('url'),
		kind: command === 'push' ? 'order' : 'statusNotification',
		body,
		seq: int(f.get('seq'), 'seq'),
		items: int(f.get('items'), 'items'),
		key: f.get('key'),
		encoding: f.get('encoding'),
		basicAuth:
			user !== undefined || password !== undefined
				? { user: user ?? '', password: password ?? '' }
				: undefined,
		retries: int(f.get('retries'), 'retries'),
		retryIntervalMs: int(f.get('retry-interval'), 'retry-interval'),
		timeoutMs: int(f.get('timeout'), 'timeout'),
	};
	const parsed = parsePushRequest(JSON.parse(JSON.stringify(raw)) as unknown);
	if (!parsed.ok) throw new Error(parsed.message);
	return parsed.request;
}

function print(record: PushRecord): void {
	const auth = [
		record.signed ? `signed (${record.encoding})` : 'unsigned',
		record.basicAuth ? 'Basic auth' : '',
	]
		.filter(Boolean)
		.join(', ');
	console.log(
		`${record.method} ${record.url}  order ${String(record.orderId)}  ${record.bytes} bytes  ${auth}`,
	);
	for (const a of record.attempts) {
		const what = a.status === 0 ? `no answer (${a.error ?? 'error'})` : `${a.status} ${a.answer}`;
		console.log(`  attempt ${a.attempt} at ${a.startedAt}: ${what}  [${a.durationMs} ms]`);
	}
	console.log(
		record.outcome === 'acknowledged' ? 'Acknowledged.' : `Not acknowledged (${record.outcome}).`,
	);
}

export async function runPushCli(command: 'push' | 'notify', args: string[]): Promise<number> {
	if (args.includes('--help') || args.includes('-h')) {
		console.log(PUSH_USAGE);
		return 0;
	}
	const f = flags(args);
	const request = pushRequestFromArgs(command, args);
	const emulator = f.get('emulator');
	let record: PushRecord;
	if (emulator !== undefined) {
		const response = await fetch(`${emulator.replace(/\/+$/, '')}/__emulator/push`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify(request),
		});
		if (response.status !== 200)
			throw new Error(`Emulator refused the push: ${response.status} ${await response.text()}`);
		record = (await response.json()) as PushRecord;
	} else {
		record = (await sendPush(pushOptionsFrom(request))).record;
	}
	print(record);
	return record.outcome === 'acknowledged' ? 0 : 1;
}
