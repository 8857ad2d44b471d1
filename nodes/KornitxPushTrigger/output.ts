import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

export type PushOutput = 'order' | 'items';

/**
 * The items a push starts the workflow with.
 * - `order`: one item, the body exactly as received (unknown fields kept).
 * - `items`: one item per entry of the body's `items` array (api §10), each holding the order's
 *   other fields with the line under `item`: `{ id, ref, ..., item: { id, sku, ... } }`. An order
 *   with no lines (`items` missing, empty or not an array) gives one item with `item: null`, so
 *   the push is never dropped silently.
 */
export function pushToItems(body: IDataObject, output: PushOutput): INodeExecutionData[] {
	if (output === 'order') return [{ json: body }];
	const { items, ...order } = body;
	const lines = Array.isArray(items) ? items : [];
	if (lines.length === 0) return [{ json: { ...order, item: null } }];
	return lines.map((line) => ({ json: { ...order, item: line as IDataObject } }));
}
