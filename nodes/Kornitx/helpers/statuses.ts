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

function list(codes: readonly number[]): string {
	return codes.map(statusLabel).join(', ');
}

/**
 * What to tell a user whose status change KornitX refused: which statuses may move to the one
 * they sent, and the whole table of legal moves.
 */
export function describeTransitionRefusal(target: number, from?: number): string {
	const parts: string[] = [];
	if (from !== undefined && STATUS_TRANSITIONS[from]) {
		const allowed = STATUS_TRANSITIONS[from];
		parts.push(
			allowed.length
				? `An order in ${statusLabel(from)} may only move to ${list(allowed)}.`
				: `An order in ${statusLabel(from)} cannot change status any more.`,
		);
	}
	const sources = Object.entries(STATUS_TRANSITIONS)
		.filter(([, targets]) => targets.includes(target))
		.map(([source]) => Number(source));
	parts.push(
		sources.length
			? `KornitX accepts ${statusLabel(target)} only for orders currently in ${list(sources)}.`
			: `KornitX accepts ${statusLabel(target)} from no status through this API.`,
	);
	const table = Object.entries(STATUS_TRANSITIONS)
		.map(([source, targets]) =>
			targets.length
				? `${statusLabel(Number(source))} → ${list(targets)}`
				: `${statusLabel(Number(source))} → none`,
		)
		.join('; ');
	parts.push(`Legal moves: ${table}.`);
	return parts.join(' ');
}
