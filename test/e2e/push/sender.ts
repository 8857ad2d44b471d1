/* eslint-disable @n8n/community-nodes/no-restricted-imports -- dev tooling, never shipped in dist */
/**
 * Single pushes for the push e2e suite and the push bench (docs/kornitx-api.md §10, §11): a
 * realistic pushed order with a chosen id and line count, signed with the emulator's `signPush`
 * (hex, upper-case hex or base64 over the exact bytes sent), optional Basic auth, any signature
 * header value, and the answer's latency measured on a fresh connection. KornitX's retries come
 * from the emulator's `sendPush` (test/emulator/push.ts), which the suite uses where retries matter.
 */
import * as http from 'node:http';

import { signPush } from '../../emulator';

export const HMAC_HEADER = 'x-customgateway-hmac';

export type DigestEncoding = 'hex' | 'HEX' | 'base64';

/** HMAC-SHA256 of `body` keyed with `key`, in the given text encoding. */
export function signature(body: Buffer, key: string, encoding: DigestEncoding = 'hex'): string {
	return encoding === 'HEX'
		? signPush(body, key, 'hex').toUpperCase()
		: signPush(body, key, encoding);
}

export interface PushOptions {
	method?: 'POST' | 'PUT';
	/** An object is sent as compact JSON; a string or Buffer as is. */
	body: unknown;
	/** Sign with this key (omit: no signature header). */
	key?: string;
	encoding?: DigestEncoding;
	/** Send this header value instead of the computed signature. */
	signatureValue?: string;
	basic?: { user: string; password: string };
	contentType?: string;
	timeoutMs?: number;
}

export interface PushReply {
	status: number;
	text: string;
	headers: http.IncomingHttpHeaders;
	/** Time from sending to the complete answer. */
	ms: number;
	/** The exact bytes sent. */
	sent: Buffer;
}

export function bodyBytes(body: unknown): Buffer {
	if (Buffer.isBuffer(body)) return body;
	return Buffer.from(typeof body === 'string' ? body : JSON.stringify(body), 'utf8');
}

/** One push. Network errors reject; every HTTP status resolves. */
export async function push(url: string, opts: PushOptions): Promise<PushReply> {
	const sent = bodyBytes(opts.body);
	const headers: Record<string, string> = {
		'content-type': opts.contentType ?? 'application/json',
		'content-length': String(sent.length),
		'user-agent': 'KornitX-e2e-push',
	};
	const sig =
		opts.signatureValue ??
		(opts.key !== undefined ? signature(sent, opts.key, opts.encoding) : undefined);
	if (sig !== undefined) headers[HMAC_HEADER] = sig;
	if (opts.basic)
		headers.authorization = `Basic ${Buffer.from(`${opts.basic.user}:${opts.basic.password}`).toString('base64')}`;
	const target = new URL(url);
	const t0 = performance.now();
	return await new Promise<PushReply>((resolve, reject) => {
		const req = http.request(
			{
				host: target.hostname,
				port: target.port,
				path: target.pathname + target.search,
				method: opts.method ?? 'POST',
				headers,
				timeout: opts.timeoutMs ?? 120_000,
				agent: false,
			},
			(res) => {
				const chunks: Buffer[] = [];
				res.on('data', (c: Buffer) => chunks.push(c));
				res.on('end', () =>
					resolve({
						status: res.statusCode ?? 0,
						text: Buffer.concat(chunks).toString('utf8'),
						headers: res.headers,
						ms: performance.now() - t0,
						sent,
					}),
				);
				res.on('error', reject);
			},
		);
		req.on('timeout', () => req.destroy(new Error(`push to ${url}: no answer in time`)));
		req.on('error', reject);
		req.end(sent);
	});
}

/** Runs `tasks` with at most `limit` in flight; results in task order. */
export async function inBatches<T>(tasks: Array<() => Promise<T>>, limit: number): Promise<T[]> {
	const results = new Array<T>(tasks.length);
	let next = 0;
	const worker = async () => {
		while (next < tasks.length) {
			const i = next++;
			results[i] = await tasks[i]();
		}
	};
	await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
	return results;
}

/* ------------------------------------------------------------------------------------------------
 * Bodies (field names of docs/kornitx-api.md §10 and §11)
 * ---------------------------------------------------------------------------------------------- */

/** A pushed order as KornitX's Generic API sends it (§10), with `lines` order lines and unicode. */
export function pushedOrder(
	id: number,
	lines = 2,
	extra: Record<string, unknown> = {},
): Record<string, unknown> {
	return {
		id,
		company_ref_id: 1201,
		secondary_company_ref_id: 0,
		ref: `PUSH-${id}`,
		status: 1,
		status_name: 'Received',
		shipping_company: '',
		shipping_address_1: 'Große Straße 5',
		shipping_address_2: '',
		shipping_address_3: 'München',
		shipping_address_4: '',
		shipping_address_5: '',
		shipping_postcode: '80331',
		shipping_country: 'Germany',
		shipping_country_code: 'DE',
		customer_name: 'Zoë Šimić 山田',
		customer_email: `buyer-${id}@example.com`,
		sale_datetime: '2025-03-10 09:15:00',
		external_ref: `EXT-${id}`,
		has_error: 0,
		error_message: '',
		shipping_method: 'Tracked 48',
		currency_code: 'EUR',
		is_urgent: 0,
		company_external_ref: 'PSL',
		a_field_kornitx_added_later: { kept: true },
		items: Array.from({ length: lines }, (_, i) => ({
			id: id * 10 + i + 1,
			external_ref: `LINE-${i + 1}`,
			sku: i % 2 ? 'MUG-11OZ-WHT' : 'TSHIRT-BLK-M',
			quantity: i + 1,
			sale_vat_rate: 19,
			description: i % 2 ? 'Tasse „Größe“ ☕' : 'T-shirt ✓',
		})),
		...extra,
	};
}

/** A status notification a sales channel receives (§11): the order dispatched with one shipment. */
export function statusNotification(
	id: number,
	extra: Record<string, unknown> = {},
): Record<string, unknown> {
	return {
		id,
		ref: `PUSH-${id}`,
		external_ref: `SHOP-${id}`,
		status: 8,
		status_name: 'Dispatched',
		shipping_tracking: `RM${id}GB`,
		shipping_method: 'Tracked 48',
		shipping_carrier: 'Royal Mail',
		shipping_price: 3.5,
		required_dispatch_date: '2025-03-11',
		new_shipments: [
			{
				dispatch_datetime: '2025-03-11 14:02:00',
				tracking: `RM${id}GB`,
				tracking_url: `https://track.example/RM${id}GB`,
				items: [{ quantity: 1, ref: 'LINE-1', external_ref: 'SKU-1' }],
			},
		],
		new_cancellations: [],
		...extra,
	};
}
