/* eslint-disable @n8n/community-nodes/no-restricted-imports -- dev tooling, never shipped in dist */
/**
 * Additions over scripts/n8n-runtime.ts for the e2e suite (reusable): batch workflow import,
 * full output items (json + pairedItem) of a node, the run's error, and reading a stored
 * credential back (decrypted) to see what n8n persisted.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import type { ExecuteResult, N8nInstance } from '../../../scripts/n8n-runtime';

/** Imports many workflows with one `n8n import:workflow` (an array file); resolves to their ids. */
export async function importWorkflows(n8n: N8nInstance, workflows: Array<Record<string, unknown>>): Promise<string[]> {
	const file = path.join(n8n.userFolder, `.import-workflows-${Date.now()}.json`);
	const full: Array<Record<string, unknown>> = workflows.map((wf) => ({ active: false, settings: {}, connections: {}, ...wf }));
	for (const wf of full) if (typeof wf.id !== 'string' || !wf.id) throw new Error(`workflow "${String(wf.name)}" has no id`);
	fs.writeFileSync(file, JSON.stringify(full));
	try {
		const r = await n8n.cli(['import:workflow', `--input=${file}`], { env: { N8N_LOG_LEVEL: 'info' } });
		if (r.code !== 0 || /An error occurred while importing/.test(r.stdout + r.stderr)) {
			throw new Error(`n8n import:workflow failed (exit ${r.code ?? r.signal}):\n${r.stdout}\n${r.stderr}`.trim());
		}
		return full.map((wf) => wf.id as string);
	} finally {
		fs.rmSync(file, { force: true });
	}
}

export interface OutputItem {
	json: Record<string, unknown>;
	pairedItem?: unknown;
}

interface TaskData {
	data?: { main?: Array<OutputItem[] | null> };
	error?: { message?: string; description?: string };
}

function runData(run: unknown): Record<string, TaskData[]> | undefined {
	return (run as { data?: { resultData?: { runData?: Record<string, TaskData[]> } } } | undefined)?.data?.resultData?.runData;
}

/** Items (json and pairedItem) a node produced on `output` in its first run; undefined if it did not run. */
export function nodeItems(run: unknown, nodeName: string, output = 0): OutputItem[] | undefined {
	const task = runData(run)?.[nodeName]?.[0];
	if (!task) return undefined;
	return task.data?.main?.[output] ?? [];
}

/** Whether the node ran at all. */
export function nodeRan(run: unknown, nodeName: string): boolean {
	return (runData(run)?.[nodeName]?.length ?? 0) > 0;
}

/** The error of a node's first run, if any. */
export function nodeError(run: unknown, nodeName: string): { message?: string; description?: string } | undefined {
	return runData(run)?.[nodeName]?.[0]?.error;
}

/** `data.resultData.error` of the run: the error that stopped the workflow. */
export function runError(run: ExecuteResult): { message?: string; description?: string; node?: { name?: string } } | undefined {
	return (run.json as { data?: { resultData?: { error?: never } } } | undefined)?.data?.resultData?.error;
}

/** One line about a failed execution, for check details. */
export function executionSummary(run: ExecuteResult): string {
	const error = runError(run);
	if (error) return `run error: ${error.message ?? JSON.stringify(error).slice(0, 300)}`;
	if (!run.ok) return `exit ${run.code ?? run.signal}: ${String(run.error ?? '').slice(-600)}`;
	return `${run.ms} ms${run.crashedOnExit ? ' (n8n crashed on exit after printing the result)' : ''}`;
}

/**
 * The decrypted data of one stored credential (`n8n export:credentials --decrypted`), including
 * `oauthTokenData` once n8n stored a token. Holds secrets: compare, never print.
 */
export async function readStoredCredential(n8n: N8nInstance, id: string): Promise<Record<string, unknown> | undefined> {
	const file = path.join(n8n.userFolder, `.export-credential-${Date.now()}.json`);
	try {
		const r = await n8n.cli(['export:credentials', `--id=${id}`, '--decrypted', `--output=${file}`]);
		if (r.code !== 0 || !fs.existsSync(file)) {
			throw new Error(`n8n export:credentials failed (exit ${r.code ?? r.signal}):\n${r.stdout}\n${r.stderr}`.trim());
		}
		const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as Array<{ id: string; data: Record<string, unknown> }>;
		return parsed.find((c) => c.id === id)?.data;
	} finally {
		fs.rmSync(file, { force: true });
	}
}
