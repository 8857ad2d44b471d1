import type { IDataObject } from 'n8n-workflow';

const ITEM_PREFIX = 'items__';
const SEPARATOR = '__';

/** Turns `a__b__c: v` keys into nested objects. A key that collides with a nested one stays flat. */
export function nestKeys(row: IDataObject): IDataObject {
	const out: IDataObject = {};
	for (const key of Object.keys(row)) {
		const value = row[key];
		if (!key.includes(SEPARATOR)) {
			out[key] = value; // a plain key wins over an earlier nested object of the same name
			continue;
		}
		const parts = key.split(SEPARATOR);
		let target: IDataObject = out;
		let ok = true;
		for (let i = 0; i < parts.length - 1; i++) {
			const existing = target[parts[i]];
			if (existing === undefined) {
				const next: IDataObject = {};
				target[parts[i]] = next;
				target = next;
			} else if (typeof existing === 'object' && existing !== null && !Array.isArray(existing)) {
				target = existing as IDataObject;
			} else {
				ok = false;
				break;
			}
		}
		if (ok) target[parts[parts.length - 1]] = value;
		else out[key] = value;
	}
	return out;
}

function orderKey(row: IDataObject, index: number): string {
	if (row.id !== undefined && row.id !== null && row.id !== '') return `id:${String(row.id)}`;
	if (row.ref !== undefined && row.ref !== null && row.ref !== '') return `ref:${String(row.ref)}`;
	return `row:${index}`;
}

/**
 * Groups the export's flat rows (one per order item) into one object per order, in order of
 * first appearance: order columns nested by `__`, item columns (prefix `items__`) gathered into
 * `items`. Stops once `limit` orders are complete, so a limited export does not group everything.
 */
export function groupRowsIntoOrders(rows: IDataObject[], limit?: number): IDataObject[] {
	const orders = new Map<string, IDataObject>();
	for (let index = 0; index < rows.length; index++) {
		const row = rows[index];
		const key = orderKey(row, index);
		let order = orders.get(key);
		if (order === undefined) {
			if (limit !== undefined && orders.size >= limit) continue;
			const orderColumns: IDataObject = {};
			for (const column of Object.keys(row)) {
				if (!column.startsWith(ITEM_PREFIX)) orderColumns[column] = row[column];
			}
			order = { ...nestKeys(orderColumns), items: [] };
			orders.set(key, order);
		}
		const itemColumns: IDataObject = {};
		let hasItem = false;
		for (const column of Object.keys(row)) {
			if (column.startsWith(ITEM_PREFIX)) {
				itemColumns[column.slice(ITEM_PREFIX.length)] = row[column];
				hasItem = true;
			}
		}
		if (hasItem) (order.items as IDataObject[]).push(nestKeys(itemColumns));
	}
	return [...orders.values()];
}
