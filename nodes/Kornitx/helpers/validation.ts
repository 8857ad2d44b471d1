import type { IDataObject, INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { z } from 'zod/v4';

/**
 * Input checks that run before any request. Each failure names the field (by its label) and
 * the item, as a NodeOperationError.
 */
export function inputError(
	node: INode,
	itemIndex: number,
	field: string,
	problem: string,
	description?: string,
) {
	return new NodeOperationError(node, `${field} ${problem} (item ${itemIndex})`, {
		itemIndex,
		description,
	});
}

const positiveIntegerSchema = z.union([
	z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
	z
		.string()
		.trim()
		.regex(/^\d+$/)
		.transform(Number)
		.pipe(z.number().int().positive().max(Number.MAX_SAFE_INTEGER)),
]);

/** A positive integer given as a number or a string of digits (IDs are string parameters so expressions work). */
export function parsePositiveInteger(
	node: INode,
	itemIndex: number,
	field: string,
	value: unknown,
): number {
	const result = positiveIntegerSchema.safeParse(value);
	if (!result.success) {
		const shown =
			value === '' || value === undefined || value === null
				? 'is empty'
				: `must be a positive whole number, got ${JSON.stringify(value)}`;
		throw inputError(node, itemIndex, field, shown);
	}
	return result.data;
}

export function parseNonEmptyString(
	node: INode,
	itemIndex: number,
	field: string,
	value: unknown,
): string {
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	if (typeof value !== 'string' || value.trim() === '') {
		throw inputError(
			node,
			itemIndex,
			field,
			value === '' || value === undefined || value === null
				? 'is empty'
				: `must be text, got ${JSON.stringify(value)}`,
		);
	}
	return value;
}

/** JSON parameters arrive as text or, from expressions, already parsed. */
export function parseJsonParameter(
	node: INode,
	itemIndex: number,
	field: string,
	value: unknown,
): unknown {
	if (typeof value !== 'string') return value;
	if (value.trim() === '') return undefined;
	try {
		return JSON.parse(value) as unknown;
	} catch (error) {
		throw inputError(node, itemIndex, field, `is not valid JSON: ${(error as Error).message}`);
	}
}

export function parseJsonObject(
	node: INode,
	itemIndex: number,
	field: string,
	value: unknown,
): IDataObject | undefined {
	const parsed = parseJsonParameter(node, itemIndex, field, value);
	if (parsed === undefined) return undefined;
	if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
		throw inputError(node, itemIndex, field, 'must be a JSON object');
	}
	return parsed as IDataObject;
}
