/**
 * WorkflowExecute stores node errors as PLAIN OBJECTS: `reportNodeExecutionError` returns
 * `{ ...error, message, stack }` (n8n-core 2.41.1 workflow-execute.js), which is what ends up
 * in `runData[node][i].error` and `resultData.error`. The original Error instance is gone.
 *
 * To let tests write `expect(error).toBeInstanceOf(NodeApiError)` we rebuild an object with
 * the prototype of the n8n-workflow error class named by its own `name` property
 * (NodeApiError, NodeOperationError, ...) and copy every own field back. The constructor is
 * NOT re-run, so fields are exactly what n8n stored. Non-enumerable fields of the original
 * (e.g. `cause`) are not recoverable.
 */
import * as n8nWorkflow from 'n8n-workflow';

export type HarnessError = Error & Record<string, unknown>;

export function rehydrateError(plain: unknown): HarnessError | undefined {
	if (plain === undefined || plain === null) return undefined;
	if (plain instanceof Error) return plain as HarnessError;
	if (typeof plain !== 'object') return Object.assign(new Error(String(plain))) as HarnessError;
	const fields = plain as Record<string, unknown>;
	const name = typeof fields.name === 'string' ? fields.name : 'Error';
	const candidate = (n8nWorkflow as unknown as Record<string, unknown>)[name];
	const proto =
		typeof candidate === 'function' &&
		(candidate as { prototype: unknown }).prototype instanceof Error
			? (candidate as { prototype: object }).prototype
			: Error.prototype;
	const error = Object.create(proto) as HarnessError;
	for (const [key, value] of Object.entries(fields)) {
		Object.defineProperty(error, key, {
			value,
			writable: true,
			enumerable: true,
			configurable: true,
		});
	}
	return error;
}
