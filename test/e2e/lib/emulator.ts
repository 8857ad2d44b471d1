/** Views of the emulator's request log for e2e checks (reusable). */
import { SEED_ORDER_IDS, type KornitxEmulator, type LoggedRequest } from '../../emulator';

/** API calls (not token, not admin), optionally only those logged after index `from`. */
export function apiCalls(emu: KornitxEmulator, from = 0): LoggedRequest[] {
	return emu.log.slice(from).filter((entry) => entry.api !== 'token' && entry.api !== 'admin');
}

/** Token endpoint calls, optionally only those logged after index `from`. */
export function tokenCalls(emu: KornitxEmulator, from = 0): LoggedRequest[] {
	return emu.log.slice(from).filter((entry) => entry.api === 'token');
}

/** Compact `METHOD path status tokenId` lines, for failure details. */
export function logLines(entries: LoggedRequest[]): string[] {
	return entries.map(
		(e) => `${e.method} ${e.path} ${e.status}${e.auth.tokenId ? ` ${e.auth.tokenId}` : ''}`,
	);
}

/** Ids of orders `seedBulk` added (those not in the seed), ascending. */
export function bulkOrderIds(emu: KornitxEmulator): number[] {
	const seeded = new Set<number>(Object.values(SEED_ORDER_IDS));
	return [...emu.orders.keys()].filter((id) => !seeded.has(id)).sort((a, b) => a - b);
}

/** GraphQL calls whose query runs the updateOrders mutation. */
export function updateOrdersCalls(entries: LoggedRequest[]): LoggedRequest[] {
	return entries.filter(
		(e) =>
			e.api === 'graphql' &&
			typeof (e.body as { query?: unknown })?.query === 'string' &&
			(e.body as { query: string }).query.includes('updateOrders'),
	);
}
