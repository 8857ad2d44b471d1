/**
 * Ignore Repeats: which pushes were acknowledged recently, per n8n process.
 *
 * n8n 2.41 gives a production webhook call no static data carried over from the previous call,
 * so the memory lives in this module: bounded (oldest evicted first), each entry kept for a TTL.
 * A push is remembered only once it WAS acknowledged (the answer finished with a 2xx status), so a
 * run that failed in "When Last Node Finishes" mode is not remembered and KornitX's retry runs.
 *
 * While a push is being handled (not answered yet), an identical push is answered "in progress"
 * (409, nothing starts): acknowledging it would claim a success the first one may not have, and
 * running it would start a second execution for the same order. KornitX retries a non-200, and by
 * then the first is either remembered (the retry is a repeat) or failed (the retry runs).
 */

export const REPEAT_TTL_MS = 24 * 60 * 60 * 1000;
export const REPEAT_MAX_ENTRIES = 10_000;
/** A push still unanswered after this long is treated as lost (its socket never closed). */
export const PENDING_TIMEOUT_MS = 60 * 60 * 1000;

export type RepeatCheck = 'new' | 'repeat' | 'inProgress';

export interface RepeatMemoryOptions {
	ttlMs?: number;
	maxEntries?: number;
	pendingTimeoutMs?: number;
	now?: () => number;
}

export class RepeatMemory {
	private readonly acknowledged = new Map<string, number>();

	private readonly pending = new Map<string, number>();

	private readonly ttlMs: number;

	private readonly maxEntries: number;

	private readonly pendingTimeoutMs: number;

	private readonly now: () => number;

	constructor(options: RepeatMemoryOptions = {}) {
		this.ttlMs = options.ttlMs ?? REPEAT_TTL_MS;
		this.maxEntries = options.maxEntries ?? REPEAT_MAX_ENTRIES;
		this.pendingTimeoutMs = options.pendingTimeoutMs ?? PENDING_TIMEOUT_MS;
		this.now = options.now ?? (() => Date.now());
	}

	/** Classify a push; a `new` one is marked pending until `settle` is called for it. */
	begin(key: string): RepeatCheck {
		const at = this.acknowledged.get(key);
		if (at !== undefined) {
			if (this.now() - at < this.ttlMs) return 'repeat';
			this.acknowledged.delete(key);
		}
		const since = this.pending.get(key);
		if (since !== undefined && this.now() - since < this.pendingTimeoutMs) return 'inProgress';
		this.pending.delete(key);
		this.pending.set(key, this.now());
		if (this.pending.size > this.maxEntries) this.dropStalePending();
		return 'new';
	}

	/** The push's answer is out: remember it when it was acknowledged, forget it otherwise. */
	settle(key: string, acknowledged: boolean): void {
		if (!this.pending.delete(key)) return;
		if (!acknowledged) return;
		this.acknowledged.delete(key);
		this.acknowledged.set(key, this.now());
		this.prune();
	}

	/** Number of acknowledged pushes remembered (for tests and docs). */
	get size(): number {
		return this.acknowledged.size;
	}

	get pendingCount(): number {
		return this.pending.size;
	}

	clear(): void {
		this.acknowledged.clear();
		this.pending.clear();
	}

	private dropStalePending(): void {
		const cutoff = this.now() - this.pendingTimeoutMs;
		for (const [key, since] of this.pending) {
			if (since > cutoff) break;
			this.pending.delete(key);
		}
	}

	private prune(): void {
		const cutoff = this.now() - this.ttlMs;
		// Map iteration is insertion order and every set() re-inserts: oldest first.
		for (const [key, at] of this.acknowledged) {
			if (this.acknowledged.size <= this.maxEntries && at > cutoff) break;
			this.acknowledged.delete(key);
		}
	}
}

/** The memory shared by every KornitX Push Trigger in this n8n process. */
export const processRepeatMemory = new RepeatMemory();

/** One push's identity: the workflow, the trigger node, test or production URL, and the body hash. */
export function repeatKey(parts: {
	workflowId: string;
	nodeId: string;
	mode: string;
	fingerprint: string;
}): string {
	return [parts.workflowId, parts.nodeId, parts.mode, parts.fingerprint].join('\u0000');
}
