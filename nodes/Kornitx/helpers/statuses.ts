import type { INodePropertyOptions } from 'n8n-workflow';

/** Every order-level status KornitX publishes (docs/kornitx-api.md §7). Item-level codes differ: never mix them. */
export const ORDER_STATUSES: Readonly<Record<number, string>> = {
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

/** Moves the v2.3 Order Status API allows (docs/kornitx-api.md §2): from → allowed targets. */
export const STATUS_TRANSITIONS: Readonly<Record<number, readonly number[]>> = {
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

/** Statuses a fulfiller can send through v2.3 and v2.2 (docs/node-contract.md). */
export const V23_STATUS_CODES = [1, 4, 8, 32, 128, 513, 517] as const;
export const V22_STATUS_CODES = [8, 128] as const;

export function statusName(code: number): string {
	return ORDER_STATUSES[code] ?? `Status ${code}`;
}

export function statusLabel(code: number): string {
	return `${statusName(code)} (${code})`;
}

/** Options named "Name (code)", alphabetised as n8n's editor expects. */
export function statusOptions(codes: readonly number[]): INodePropertyOptions[] {
	return codes
		.map((code) => ({ name: statusLabel(code), value: code }))
		.sort((a, b) => a.name.localeCompare(b.name));
}

export const ALL_STATUS_CODES: number[] = Object.keys(ORDER_STATUSES).map(Number);

/** "A, B or C" */
function either(codes: readonly number[]): string {
	const labels = codes.map(statusLabel);
	return labels.length > 1
		? `${labels.slice(0, -1).join(', ')} or ${labels[labels.length - 1]}`
		: (labels[0] ?? '');
}

/**
 * What to tell a user whose status change KornitX refused, in one sentence: which statuses can
 * move to the one they sent (the whole table is in the Status field's description).
 */
export function describeTransitionRefusal(target: number): string {
	const sources = Object.entries(STATUS_TRANSITIONS)
		.filter(([, targets]) => targets.includes(target))
		.map(([source]) => Number(source));
	return sources.length
		? `${statusLabel(target)} can be reached only from ${either(sources)}: check the order's current status.`
		: `KornitX allows no move to ${statusLabel(target)} through this API.`;
}

/** The moves KornitX allows, as one line of text for a field description. */
export function transitionTable(): string {
	return Object.entries(STATUS_TRANSITIONS)
		.filter(([, targets]) => targets.length > 0)
		.map(
			([source, targets]) =>
				`${statusName(Number(source))} → ${targets.map(statusName).join(', ')}`,
		)
		.join('; ');
}
