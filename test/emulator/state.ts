import { randomBytes } from 'node:crypto';

import { isAllowedTransition, isValidDateTime, nowDateTime } from './constants';
import type { PushRecord } from './push';
import { buildBulkOrders, buildSeedOrders, COMPANIES, makeItem } from './seed';
import { buildSeedStock } from './stock-seed';
import type {
	EmulatorConfig,
	EmulatorCounters,
	EmulatorOrder,
	EmulatorOrderItem,
	EmulatorShipment,
	EmulatorStockProduct,
	Fault,
	LoggedRequest,
	NewOrderInput,
	OrderPatch,
} from './types';

export interface TokenRecord {
	/** Short, loggable id; never the token itself. */
	id: string;
	clientId: string;
	scopes: string[];
	expiresAt: number;
	uses: number;
	revoked: boolean;
}

export interface QueuedFault {
	fault: Fault;
	remaining: number;
}

export const FIRST_CANCELLATION_ID = 900001;
export const FIRST_SHIPMENT_ID = 700001;

export class EmulatorState {
	readonly orders = new Map<number, EmulatorOrder>();
	readonly log: LoggedRequest[] = [];
	readonly counters: EmulatorCounters = {
		requests: 0,
		tokenRequests: 0,
		inFlight: 0,
		peakConcurrent: 0,
		byApi: {},
	};
	config: EmulatorConfig;
	faults: QueuedFault[] = [];
	readonly tokens = new Map<string, TokenRecord>();
	nextCancellationId = FIRST_CANCELLATION_ID;
	/** Shipments per order id (test/emulator/shipments.ts). */
	readonly shipments = new Map<number, EmulatorShipment[]>();
	nextShipmentId = FIRST_SHIPMENT_ID;
	/** v2.2 stock products (test/emulator/stock.ts). */
	stock: EmulatorStockProduct[] = [];
	nextItemId = 1;
	nextTokenNumber = 1;
	seq = 0;
	/** Timestamps (ms) of accepted v2.2 calls, for the hourly/daily rate limits. */
	v22Hits: number[] = [];
	/** Pushes the emulator made as KornitX the caller (§10, §11); see push.ts. */
	readonly pushes: PushRecord[] = [];
	/** Aborted on reset and close: stops pushes waiting to retry. */
	pushAbort = new AbortController();

	constructor(private readonly startConfig: EmulatorConfig) {
		this.config = { ...startConfig };
		this.reset();
	}

	reset(): void {
		this.orders.clear();
		let maxItemId = 0;
		for (const order of buildSeedOrders()) {
			this.orders.set(order.id, order);
			for (const item of order.items) maxItemId = Math.max(maxItemId, item.id);
		}
		this.nextItemId = maxItemId + 1;
		this.log.length = 0;
		this.counters.requests = 0;
		this.counters.tokenRequests = 0;
		// inFlight is a live gauge of open sockets: it is not reset, and peak restarts from it.
		this.counters.peakConcurrent = this.counters.inFlight;
		for (const key of Object.keys(this.counters.byApi)) delete this.counters.byApi[key];
		this.faults = [];
		this.config = { ...this.startConfig };
		this.tokens.clear();
		this.nextCancellationId = FIRST_CANCELLATION_ID;
		this.shipments.clear();
		this.nextShipmentId = FIRST_SHIPMENT_ID;
		this.stock = buildSeedStock();
		this.nextTokenNumber = 1;
		this.seq = 0;
		this.v22Hits = [];
		this.pushAbort.abort();
		this.pushAbort = new AbortController();
		this.pushes.length = 0;
	}

	configure(patch: Partial<EmulatorConfig>): void {
		const next: EmulatorConfig = { ...this.config };
		for (const [key, value] of Object.entries(patch) as Array<[keyof EmulatorConfig, unknown]>) {
			if (value === undefined) continue;
			switch (key) {
				case 'latencyMs':
				case 'tokenTtlSeconds':
				case 'v22RateLimitPerHour':
				case 'v22RateLimitPerDay':
					if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
						throw new Error(`config ${key} must be a non-negative number`);
					}
					next[key] = value;
					break;
				case 'expireTokensAfterRequests':
					if (
						value !== null &&
						(typeof value !== 'number' || !Number.isInteger(value) || value < 0)
					) {
						throw new Error(
							'config expireTokensAfterRequests must be a non-negative integer or null',
						);
					}
					next.expireTokensAfterRequests = value;
					break;
				case 'exportShape':
					if (value !== 'data' && value !== 'array')
						throw new Error("config exportShape must be 'data' or 'array'");
					next.exportShape = value;
					break;
				default:
					throw new Error(`unknown config key: ${String(key)}`);
			}
		}
		this.config = next;
	}

	// ---- tokens -------------------------------------------------------------------------------

	issueToken(clientId: string, scopes: string[]): { accessToken: string; record: TokenRecord } {
		const accessToken = 'kxemu_' + randomBytes(24).toString('base64url');
		const record: TokenRecord = {
			id: `tok-${String(this.nextTokenNumber++).padStart(4, '0')}`,
			clientId,
			scopes,
			expiresAt: Date.now() + this.config.tokenTtlSeconds * 1000,
			uses: 0,
			revoked: false,
		};
		this.tokens.set(accessToken, record);
		return { accessToken, record };
	}

	/** Whether the token may still be used (time, revocation, request budget). */
	isTokenUsable(record: TokenRecord): boolean {
		if (record.revoked) return false;
		if (Date.now() >= record.expiresAt) return false;
		const budget = this.config.expireTokensAfterRequests;
		if (budget !== null && record.uses >= budget) return false;
		return true;
	}

	expireAllTokens(): void {
		for (const record of this.tokens.values()) record.revoked = true;
	}

	// ---- faults -------------------------------------------------------------------------------

	addFault(fault: Fault): void {
		const times = fault.times ?? 1;
		if (!Number.isInteger(times) || times < 1)
			throw new Error('fault times must be a positive integer');
		this.faults.push({ fault, remaining: times });
	}

	// ---- orders -------------------------------------------------------------------------------

	findByExternalRef(ref: string): EmulatorOrder[] {
		const found: EmulatorOrder[] = [];
		for (const order of this.orders.values()) if (order.external_ref === ref) found.push(order);
		return found;
	}

	/**
	 * Move an order following the transition table. Returns an error message, or null when done.
	 * Moving to 8 stamps completion_datetime.
	 */
	transition(order: EmulatorOrder, to: number): string | null {
		if (!isAllowedTransition(order.status, to)) return 'Invalid status transition';
		order.status = to;
		if (to === 8) order.completion_datetime = nowDateTime();
		return null;
	}

	getOrder(id: number): EmulatorOrder | undefined {
		return this.orders.get(id);
	}

	/** Admin move without transition rules. */
	setOrder(id: number, patch: OrderPatch): EmulatorOrder {
		const order = this.orders.get(id);
		if (!order) throw new Error(`Order not found: ${id}`);
		const rest: OrderPatch & { id?: unknown } = { ...patch };
		delete rest.id;
		const movingToDispatched = rest.status === 8 && order.status !== 8;
		for (const key of ['completion_datetime', 'required_dispatch_date', 'created_at'] as const) {
			const value = rest[key];
			if (value !== undefined && value !== null && !isValidDateTime(value)) {
				throw new Error(`${key} must be YYYY-MM-DD HH:MM:SS or null`);
			}
		}
		Object.assign(order, rest);
		if (movingToDispatched && rest.completion_datetime === undefined)
			order.completion_datetime = nowDateTime();
		return order;
	}

	addOrder(input: NewOrderInput): EmulatorOrder {
		let id = input.id;
		if (id === undefined) {
			id = 0;
			for (const key of this.orders.keys()) id = Math.max(id, key);
			id += 1;
		}
		if (!Number.isInteger(id) || id <= 0) throw new Error('order id must be a positive integer');
		if (this.orders.has(id)) throw new Error(`Order already exists: ${id}`);
		const status = input.status ?? 1;
		const itemInputs = input.items && input.items.length > 0 ? input.items : [{}];
		const items: EmulatorOrderItem[] = itemInputs.map((partial, k) => {
			const itemId = partial.id ?? this.nextItemId++;
			if (itemId >= this.nextItemId) this.nextItemId = itemId + 1;
			const base = makeItem(itemId, `LINE ${k + 1}`, k, 1);
			return {
				...base,
				...partial,
				id: itemId,
				cancelled_quantity: partial.cancelled_quantity ?? 0,
			};
		});
		const order: EmulatorOrder = {
			id,
			ref: input.ref ?? `KX-${id}`,
			external_ref: input.external_ref ?? `EXT-${id}`,
			status,
			shipping_carrier: input.shipping_carrier ?? '',
			shipping_method: input.shipping_method ?? '',
			shipping_tracking: input.shipping_tracking ?? '',
			required_dispatch_date: input.required_dispatch_date ?? null,
			completion_datetime: input.completion_datetime ?? (status === 8 ? nowDateTime() : null),
			created_at: input.created_at ?? nowDateTime(),
			company: { ...COMPANIES[0], ...input.company },
			items,
			cancellations: [],
		};
		for (const key of ['completion_datetime', 'required_dispatch_date', 'created_at'] as const) {
			const value = order[key];
			if (value !== null && !isValidDateTime(value))
				throw new Error(`${key} must be YYYY-MM-DD HH:MM:SS or null`);
		}
		this.orders.set(id, order);
		return order;
	}

	seedBulk(count: number, itemsPerOrder: number, status = 8): void {
		if (!Number.isInteger(count) || count < 0)
			throw new Error('orders must be a non-negative integer');
		if (!Number.isInteger(itemsPerOrder) || itemsPerOrder < 1)
			throw new Error('itemsPerOrder must be a positive integer');
		if (!Number.isInteger(status)) throw new Error('status must be an integer');
		let maxId = 0;
		for (const key of this.orders.keys()) maxId = Math.max(maxId, key);
		const firstId = Math.max(maxId + 1, 50_000_001);
		const orders = buildBulkOrders(count, itemsPerOrder, status, firstId, this.nextItemId);
		this.nextItemId += count * itemsPerOrder;
		for (const order of orders) this.orders.set(order.id, order);
	}
}
