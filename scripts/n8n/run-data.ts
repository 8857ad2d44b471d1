/**
 * Reading the run data (IRun) that `n8n execute --rawOutput` prints: finding the JSON among log
 * lines, then one reader of `data.resultData.runData` that every tool uses (e2e, examples, bench,
 * smoke run).
 */
import type { ExecuteResult } from './types';

/** Finds the JSON document(s) n8n printed among log lines; returns the largest one that parses. */
export function extractJson(text: string): unknown {
	const trimmed = text.trim();
	if (!trimmed) return undefined;
	try {
		return JSON.parse(trimmed);
	} catch {
		// mixed with log lines
	}
	let best: { len: number; value: unknown } | undefined;
	const re = /^[ \t]*[[{]/gm;
	let m: RegExpExecArray | null;
	while ((m = re.exec(text))) {
		const start = m.index + m[0].length - 1;
		const end = matchBracket(text, start);
		if (end < 0) continue;
		const candidate = text.slice(start, end + 1);
		try {
			const value: unknown = JSON.parse(candidate);
			if (!best || candidate.length > best.len) best = { len: candidate.length, value };
			re.lastIndex = end + 1;
		} catch {
			// not JSON (e.g. a log line starting with "[")
		}
	}
	return best?.value;
}

function matchBracket(text: string, start: number): number {
	let depth = 0;
	let inString = false;
	for (let i = start; i < text.length; i++) {
		const c = text[i];
		if (inString) {
			if (c === '\\') i++;
			else if (c === '"') inString = false;
			continue;
		}
		if (c === '"') inString = true;
		else if (c === '{' || c === '[') depth++;
		else if (c === '}' || c === ']') {
			depth--;
			if (depth === 0) return i;
		}
	}
	return -1;
}

export interface OutputItem {
	json: Record<string, unknown>;
	pairedItem?: unknown;
}

/** One run of one node (n8n's ITaskData, the parts the tools read). */
export interface TaskData {
	startTime?: number;
	executionTime?: number;
	executionStatus?: string;
	error?: { message?: string; description?: string };
	data?: { main?: Array<OutputItem[] | null> };
}

export interface RunError {
	message?: string;
	description?: string;
	node?: { name?: string };
}

interface RunData {
	data?: { resultData?: { runData?: Record<string, TaskData[]>; error?: RunError } };
}

/** A node's run `runIndex` (first by default); undefined if it did not run. */
export function nodeTask(run: unknown, nodeName: string, runIndex = 0): TaskData | undefined {
	return (run as RunData | undefined)?.data?.resultData?.runData?.[nodeName]?.[runIndex];
}

/** Items (json and pairedItem) a node produced on `output` in its first run; undefined if it did not run. */
export function nodeItems(run: unknown, nodeName: string, output = 0): OutputItem[] | undefined {
	const task = nodeTask(run, nodeName);
	if (!task) return undefined;
	return task.data?.main?.[output] ?? [];
}

/** `json` of each item a node produced (first run, output 0 by default); undefined if there is no such output. */
export function nodeOutput(
	run: unknown,
	nodeName: string,
	output = 0,
	runIndex = 0,
): unknown[] | undefined {
	return nodeTask(run, nodeName, runIndex)?.data?.main?.[output]?.map((i) => i.json);
}

/** Whether the node ran at all. */
export function nodeRan(run: unknown, nodeName: string): boolean {
	return nodeTask(run, nodeName) !== undefined;
}

/** The error of a node's first run, if any. */
export function nodeError(
	run: unknown,
	nodeName: string,
): { message?: string; description?: string } | undefined {
	return nodeTask(run, nodeName)?.error;
}

/** `data.resultData.error` of the run: the error that stopped the workflow. */
export function runError(run: ExecuteResult): RunError | undefined {
	return (run.json as RunData | undefined)?.data?.resultData?.error;
}

/** One line about a failed execution, for check details. */
export function executionSummary(run: ExecuteResult): string {
	const error = runError(run);
	if (error) return `run error: ${error.message ?? JSON.stringify(error).slice(0, 300)}`;
	if (!run.ok) return `exit ${run.code ?? run.signal}: ${String(run.error ?? '').slice(-600)}`;
	return `${run.ms} ms${run.crashedOnExit ? ' (n8n crashed on exit after printing the result)' : ''}`;
}
