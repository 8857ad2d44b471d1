/* eslint-disable @n8n/community-nodes/no-restricted-imports, no-console -- dev tooling, never shipped in dist */
/**
 * A tiny check recorder for scripts that are not jest suites: one printed line per check,
 * `N passed, N failed` at the end. Reusable by any e2e script (run.ts, examples.ts, editor.ts).
 */
import { isDeepStrictEqual, inspect } from 'node:util';

export function show(value: unknown, max = 600): string {
	const text =
		typeof value === 'string'
			? JSON.stringify(value)
			: inspect(value, { depth: 6, breakLength: Infinity, compact: true });
	return text.length > max ? `${text.slice(0, max)}…` : text;
}

export class Checks {
	passed = 0;
	failed = 0;
	readonly failures: string[] = [];

	/** `prefix` starts every line, e.g. "[n8n 2.41.1]". */
	constructor(readonly prefix = '') {}

	private line(ok: boolean, name: string, detail?: string): boolean {
		const text = `${ok ? 'ok  ' : 'FAIL'} ${this.prefix ? this.prefix + ' ' : ''}${name}${detail ? ` — ${detail}` : ''}`;
		console.log(text);
		if (ok) this.passed++;
		else {
			this.failed++;
			this.failures.push(text);
		}
		return ok;
	}

	/** Passes when `condition` is truthy; `detail` is printed either way (keep it short). */
	ok(name: string, condition: unknown, detail?: string): boolean {
		return this.line(Boolean(condition), name, detail);
	}

	/** Deep, strict equality (key order ignored). */
	equal(name: string, actual: unknown, expected: unknown): boolean {
		const same = isDeepStrictEqual(actual, expected);
		return this.line(
			same,
			name,
			same ? undefined : `expected ${show(expected)}, got ${show(actual)}`,
		);
	}

	/** `actual` is a string containing `part` (string) or matching it (RegExp). */
	contains(name: string, actual: unknown, part: string | RegExp): boolean {
		const ok =
			typeof actual === 'string' &&
			(typeof part === 'string' ? actual.includes(part) : part.test(actual));
		return this.line(
			ok,
			name,
			ok
				? undefined
				: `expected ${show(actual)} to ${typeof part === 'string' ? 'contain' : 'match'} ${show(String(part))}`,
		);
	}

	/** Records a failure for something that threw (e.g. an n8n CLI call). */
	error(name: string, error: unknown): boolean {
		const message = error instanceof Error ? error.message : String(error);
		return this.line(false, name, message.split('\n').slice(0, 12).join('\n'));
	}

	summary(): string {
		return `${this.passed} passed, ${this.failed} failed`;
	}
}

/** Object with only the listed keys of `value` (for comparing the parts a check is about). */
export function pick<T extends object>(
	value: T | undefined,
	keys: string[],
): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	if (!value) return out;
	for (const key of keys) if (key in value) out[key] = (value as Record<string, unknown>)[key];
	return out;
}
