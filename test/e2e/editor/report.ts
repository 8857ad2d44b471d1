/* eslint-disable no-console -- dev tooling, never shipped in dist */
/** One line per check, then `N passed, N failed`. */

export interface CheckResult {
	name: string;
	ok: boolean;
	detail?: string;
}

export class Report {
	readonly results: CheckResult[] = [];

	pass(name: string, detail?: string): void {
		this.results.push({ name, ok: true, detail });
		console.log(`ok    ${name}${detail ? ` — ${detail}` : ''}`);
	}

	fail(name: string, detail: string): void {
		this.results.push({ name, ok: false, detail });
		console.log(`FAIL  ${name} — ${detail}`);
	}

	/** Record `cond`; `detail` is printed either way (it says what was seen). */
	expect(name: string, cond: boolean, detail: string): boolean {
		if (cond) this.pass(name, detail);
		else this.fail(name, detail);
		return cond;
	}

	/** Runs `fn`; a thrown error fails the check with its first line. */
	async check(name: string, fn: () => Promise<string | void>): Promise<boolean> {
		try {
			const detail = await fn();
			this.pass(name, detail || undefined);
			return true;
		} catch (e) {
			this.fail(name, firstLine(e));
			return false;
		}
	}

	info(line: string): void {
		console.log(`      ${line}`);
	}

	get passed(): number {
		return this.results.filter((r) => r.ok).length;
	}

	get failed(): number {
		return this.results.filter((r) => !r.ok).length;
	}

	summary(): string {
		return `${this.passed} passed, ${this.failed} failed`;
	}
}

export function firstLine(e: unknown): string {
	const msg = e instanceof Error ? e.message : String(e);
	// Playwright errors carry a call log after the first lines; keep what says what failed.
	return msg
		.split('\n')
		.filter((l) => l.trim() && !/^\s*-\s/.test(l) && !/^Call log:/.test(l))
		.slice(0, 2)
		.join(' ')
		.replace(new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g'), '') // terminal colours
		.slice(0, 400);
}

/** Compare two string lists; returns a human diff or '' when equal. */
export function listDiff(
	expected: readonly string[],
	actual: readonly string[],
	ordered = true,
): string {
	if (ordered) {
		if (expected.length === actual.length && expected.every((v, i) => v === actual[i])) return '';
		return `expected [${expected.join(', ')}], got [${actual.join(', ')}]`;
	}
	const missing = expected.filter((v) => !actual.includes(v));
	const extra = actual.filter((v) => !expected.includes(v));
	if (!missing.length && !extra.length) return '';
	return [
		missing.length ? `missing [${missing.join(', ')}]` : '',
		extra.length ? `unexpected [${extra.join(', ')}]` : '',
	]
		.filter(Boolean)
		.join('; ');
}
