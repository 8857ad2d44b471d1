import type { PushOptions, PushRecord, PushResult } from './push';

/** Which emulated API a request was routed to. */
export type ApiName = 'token' | 'rest' | 'restV22' | 'graphql' | 'export' | 'admin' | 'unknown';

export interface EmulatorOptions {
	/** Interface to listen on. Default `127.0.0.1`. */
	host?: string;
	/** Port; `0` (default) picks a free one. */
	port?: number;
	/** Latency added to every API request (not to admin calls). Default 0. */
	latencyMs?: number;
	/** Access-token lifetime. Default 3600. */
	tokenTtlSeconds?: number;
}

export interface EmulatorConfig {
	latencyMs: number;
	tokenTtlSeconds: number;
	/** Each token is valid for this many authenticated API calls; `null` = unlimited. */
	expireTokensAfterRequests: number | null;
	/** Export reply: `{"data":[...]}` (`'data'`) or a top-level array (`'array'`). */
	exportShape: 'data' | 'array';
	v22RateLimitPerHour: number;
	v22RateLimitPerDay: number;
}

export interface EmulatorCompany {
	id: number;
	company_name: string;
}

export interface EmulatorOrderItem {
	id: number;
	external_ref: string;
	sku: string;
	description: string;
	/** Quantity ordered (never decreases). Remaining = quantity - cancelled_quantity. */
	quantity: number;
	cancelled_quantity: number;
	product_owner: { company_name: string };
	product_price: { price: number; currency: string };
	ecommerce: { product_name: string; url: string };
	attributes: Record<string, string>;
}

export interface EmulatorCancellationItem {
	id: number;
	order_id: number;
	quantity: number;
}

export interface EmulatorCancellation {
	id: number;
	reference: string | null;
	created_at: string;
	items: EmulatorCancellationItem[];
}

export interface EmulatorShipment {
	id: number;
	status: number;
	carrier: string | null;
	tracking: string | null;
	tracking_url: string | null;
	created_at: string;
	items: EmulatorCancellationItem[];
}

/** A v2.2 stock product (kornitx-api.md §13). */
export interface EmulatorStockProduct {
	id: number;
	supplier_sku: string;
	retail_sku: string;
	barcode: string;
	quantity_available: number;
	lead_time_days: number;
	daily_capacity: number;
	/** The dropship (fulfiller) company's ref, for `GET /stock?dropship_ref=`. */
	dropship_ref: string;
	/** `YYYY-MM-DD HH:MM:SS` (UTC), for `changed_since`. */
	changed_at: string;
}

export interface EmulatorOrder {
	id: number;
	/** KornitX's own order reference. */
	ref: string;
	/** The sales channel's order reference (free text). */
	external_ref: string;
	status: number;
	shipping_carrier: string;
	shipping_method: string;
	shipping_tracking: string;
	/** `YYYY-MM-DD HH:MM:SS` (UTC) or null when empty. */
	required_dispatch_date: string | null;
	/** `YYYY-MM-DD HH:MM:SS` (UTC) or null when empty. */
	completion_datetime: string | null;
	created_at: string;
	company: EmulatorCompany;
	items: EmulatorOrderItem[];
	cancellations: EmulatorCancellation[];
}

/** Input of `addOrder`: everything optional; missing fields get defaults. */
export type NewOrderInput = Partial<Omit<EmulatorOrder, 'items' | 'company' | 'cancellations'>> & {
	company?: Partial<EmulatorCompany>;
	items?: Array<Partial<EmulatorOrderItem>>;
};

/** Patch of `setOrder`: any order field except `id`. */
export type OrderPatch = Partial<Omit<EmulatorOrder, 'id'>>;

export interface FaultMatch {
	api?: ApiName;
	method?: string;
	pathIncludes?: string;
}

interface FaultBase {
	match?: FaultMatch;
	/** How many matching requests this fault fires on. Default 1. */
	times?: number;
}

export type FaultPhase = 'before' | 'after';

export type Fault = FaultBase &
	(
		| {
				kind: 'status';
				status: number;
				body?: unknown;
				/** Seconds; adds a `Retry-After` header. */
				retryAfter?: number;
				/** 'after': the request is processed (state changes), then the fault reply is sent. */
				phase?: FaultPhase;
		  }
		| { kind: 'malformed'; phase?: FaultPhase }
		| { kind: 'empty'; phase?: FaultPhase }
		| { kind: 'reset'; phase?: FaultPhase }
		| { kind: 'delay'; ms: number }
		| { kind: 'hang' }
		| { kind: 'expireToken' }
		| { kind: 'graphqlPartial'; orderIds?: number[] }
	);

export interface LoggedAuth {
	scheme: 'bearer' | 'basic' | null;
	/** OAuth client id, or the company ref id for v2.2 API keys. */
	clientId?: string;
	/** Short, non-secret id of the access token used. */
	tokenId?: string;
}

export interface LoggedRequest {
	seq: number;
	method: string;
	/** Full raw request path (still percent-encoded), without the query string. */
	path: string;
	api: ApiName;
	query: Record<string, string | string[]>;
	/** Parsed JSON or form object (secrets redacted), raw string if unparseable, null if empty. */
	body: unknown;
	auth: LoggedAuth;
	/** HTTP status sent; 0 while pending or when no reply was sent (hang, reset). */
	status: number;
	/** ISO timestamp. */
	startedAt: string;
	durationMs: number;
	/** Which fault fired, e.g. `status:429`, `delay:200`, `hang`. */
	fault?: string;
}

export interface EmulatorCounters {
	/** API requests (admin excluded). */
	requests: number;
	tokenRequests: number;
	/** API requests currently open (admin excluded). */
	inFlight: number;
	peakConcurrent: number;
	/** Requests per api name, admin included. */
	byApi: Record<string, number>;
}

export interface KornitxEmulator {
	baseUrl: string;
	urls: {
		token: string;
		rest: string;
		restV22: string;
		graphql: string;
		export: string;
		admin: string;
	};
	close(): Promise<void>;
	reset(): void;
	configure(c: Partial<EmulatorConfig>): void;
	readonly config: Readonly<EmulatorConfig>;
	addFault(f: Fault): void;
	clearFaults(): void;
	expireAllTokens(): void;
	orders: Map<number, EmulatorOrder>;
	getOrder(id: number): EmulatorOrder | undefined;
	setOrder(id: number, patch: OrderPatch): EmulatorOrder;
	addOrder(o: NewOrderInput): EmulatorOrder;
	seedBulk(orders: number, itemsPerOrder: number, status?: number): void;
	log: LoggedRequest[];
	counters: EmulatorCounters;
	/** Pushes made as KornitX the caller (§10, §11), newest last; no keys or passwords. */
	pushes: PushRecord[];
	/** Push an order / send a status notification (push.ts), recorded in `pushes`. */
	push(options: Omit<PushOptions, 'log'>): Promise<PushResult>;
	/** Shipments recorded for an order, oldest first. */
	getShipments(orderId: number): EmulatorShipment[];
	/** The v2.2 stock products (reseeded by reset()). */
	readonly stock: EmulatorStockProduct[];
}
