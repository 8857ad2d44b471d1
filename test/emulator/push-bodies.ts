/**
 * Bodies KornitX sends when it calls you (docs/kornitx-api.md §10, §11): a pushed order in the shape
 * of the published example and a status notification. Deterministic for a given `seq`, with
 * unicode in names and addresses, an unknown extra field (receivers must pass it through) and
 * several order lines.
 */
import { formatDateTime } from './constants';
import { COMPANIES } from './seed';

export const FIRST_PUSH_ORDER_ID = 47200001;
export const FIRST_PUSH_ITEM_ID = 74100001;

export interface PushOrderOptions {
	/** Varies ids and refs; pushes with different seq are different orders. Default 0. */
	seq?: number;
	/** Number of order lines. Default 3. */
	items?: number;
	/** Merged over the generated order (top-level fields). */
	overrides?: Record<string, unknown>;
}

const LINES = [
	{
		sku: 'TSHIRT-BLK-M',
		name: 'Organic Tee – black / M',
		price: 12.5,
		vat: 20,
		attrs: { colour: 'Black', size: 'M' },
	},
	{
		sku: 'MUG-11OZ-WHT',
		name: 'Ceramic mug 11oz „Café“',
		price: 7.95,
		vat: 19,
		attrs: { colour: 'White' },
	},
	{
		sku: 'HOODIE-NVY-L',
		name: 'Hoodie navy L 山田デザイン',
		price: 29,
		vat: 20,
		attrs: { colour: 'Navy', size: 'L' },
	},
	{
		sku: 'TOTE-NAT',
		name: 'Tote bag, natural ✿',
		price: 9.5,
		vat: 20,
		attrs: { colour: 'Natural' },
	},
];

/** A new order as KornitX's Order Push sends it (§10), status 1 "Received". */
export function buildPushOrder(options: PushOrderOptions = {}): Record<string, unknown> {
	const seq = options.seq ?? 0;
	const id = FIRST_PUSH_ORDER_ID + seq;
	const company = COMPANIES[seq % COMPANIES.length];
	const created = formatDateTime(new Date(Date.UTC(2026, 10, 30, 9, 15, 0) + seq * 60_000));
	const lineCount = options.items ?? 3;
	const items = Array.from({ length: lineCount }, (_, i) => {
		const line = LINES[(seq + i) % LINES.length];
		return {
			id: FIRST_PUSH_ITEM_ID + seq * 10 + i,
			external_ref: `SHOP-${1000 + seq}-${i + 1}`,
			sku: line.sku,
			description: line.name,
			quantity: 1 + (i % 2),
			sale_vat_rate: line.vat,
			unit_sale_price: line.price,
			attributes: line.attrs,
			text_personalisation: i === 0 ? [{ name: 'Front text', value: 'Grüße aus Köln 🎉' }] : [],
		};
	});
	const order: Record<string, unknown> = {
		id,
		company_ref_id: company.id,
		secondary_company_ref_id: null,
		ref: `KX-PUSH-${id}`,
		status: 1,
		status_name: 'Received',
		shipping_company: '',
		shipping_address_1: 'Zoë Ångström',
		shipping_address_2: 'Straße der Einheit 7',
		shipping_address_3: '',
		shipping_address_4: 'Köln',
		shipping_address_5: 'NRW',
		shipping_postcode: '50667',
		shipping_country: 'Germany',
		shipping_country_code: 'DE',
		billing_company: company.company_name,
		billing_address_1: 'Zoë Ångström',
		billing_address_2: 'Straße der Einheit 7',
		billing_address_3: '',
		billing_address_4: 'Köln',
		billing_address_5: '',
		billing_postcode: '50667',
		billing_country: 'Germany',
		customer_name: 'Zoë Ångström',
		customer_telephone: '+49 221 000000',
		customer_telephone_mobile: '',
		sale_datetime: created,
		external_ref: `SHOP-${1000 + seq}`,
		has_been_completed: 0,
		completion_datetime: null,
		shipping_method: 'Standard',
		customer_email: 'zoe@example.com',
		shipping_carrier: 'DHL',
		shipping_tracking: '',
		shipping_note_url: '',
		payment_trans_id: `pay_${id}`,
		payment_type: 'card',
		creation_datetime: created,
		additional_info: 'Bitte nicht knicken — 谢谢',
		has_error: 0,
		error_message: '',
		required_dispatch_date: null,
		billing_customer_name: 'Zoë Ångström',
		billing_customer_email: 'zoe@example.com',
		billing_customer_telephone: '+49 221 000000',
		shipping_price: 4.95,
		shipping_price_inc_tax: 5.89,
		shipping_tax_rate: 19,
		is_urgent: 0,
		coupon_code: null,
		currency_code: 'EUR',
		is_free_of_charge: 0,
		company_external_ref: `EXT-${company.id}`,
		x_unpublished_field: {
			note: 'fields KornitX adds later must pass through',
			nested: [1, 'zwei'],
		},
		items,
	};
	return { ...order, ...options.overrides };
}

export interface StatusNotificationOptions {
	seq?: number;
	/** Status code and name sent. Default 8 "Dispatched". */
	status?: number;
	statusName?: string;
	overrides?: Record<string, unknown>;
}

/** A status notification PUT to a sales channel's status_callback_url (§11). */
export function buildStatusNotification(
	options: StatusNotificationOptions = {},
): Record<string, unknown> {
	const seq = options.seq ?? 0;
	const id = FIRST_PUSH_ORDER_ID + seq;
	const dispatched = formatDateTime(new Date(Date.UTC(2026, 11, 1, 14, 30, 0) + seq * 60_000));
	const body: Record<string, unknown> = {
		id,
		ref: `KX-PUSH-${id}`,
		external_ref: `SHOP-${1000 + seq}`,
		status: options.status ?? 8,
		status_name: options.statusName ?? 'Dispatched',
		shipping_tracking: `JD0002${String(100000 + seq)}`,
		shipping_method: 'Standard',
		shipping_carrier: 'DHL',
		shipping_price: 4.95,
		required_dispatch_date: null,
		new_shipments: [
			{
				dispatch_datetime: dispatched,
				tracking: `JD0002${String(100000 + seq)}`,
				tracking_url: `https://tracking.example.com/JD0002${String(100000 + seq)}`,
				items: [
					{ quantity: 1, ref: `KX-PUSH-${id}-1`, external_ref: `SHOP-${1000 + seq}-1` },
					{ quantity: 2, ref: `KX-PUSH-${id}-2`, external_ref: `SHOP-${1000 + seq}-2` },
				],
			},
		],
		new_cancellations: [
			{
				quantity: 1,
				ref: `KX-PUSH-${id}-3`,
				external_ref: `SHOP-${1000 + seq}-3`,
				reason: 'Out of stock – désolé',
			},
		],
	};
	return { ...body, ...options.overrides };
}
