/* eslint-disable @n8n/community-nodes/no-restricted-imports -- dev tooling, never shipped in dist */
/**
 * Workflow and credential round trips through the n8n CLI that the tools share: many workflows in
 * one `import:workflow` (used by the e2e suite, the examples run, the bench and `npm run dev`),
 * publishing them for `n8n start`, and reading a stored credential back.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { n8nId } from './env';
import type { N8nInstance } from './types';

/**
 * Imports many workflows with one `n8n import:workflow` (an array file; one CLI start for all).
 * Fills `active: false`, empty settings/connections and an id where missing; resolves to the ids.
 */
export async function importWorkflows(
	n8n: N8nInstance,
	workflows: Array<Record<string, unknown>>,
): Promise<string[]> {
	const full = workflows.map((wf) => ({
		active: false,
		settings: {},
		connections: {},
		...wf,
		id: typeof wf.id === 'string' && wf.id ? wf.id : n8nId(),
	}));
	const file = path.join(n8n.userFolder, `.import-workflows-${Date.now()}-${n8nId()}.json`);
	fs.writeFileSync(file, JSON.stringify(full));
	try {
		const r = await n8n.cli(['import:workflow', `--input=${file}`], {
			env: { N8N_LOG_LEVEL: 'info' },
		});
		if (r.code !== 0 || /An error occurred while importing/.test(r.stdout + r.stderr)) {
			throw new Error(
				`n8n import:workflow failed (exit ${r.code ?? r.signal}):\n${r.stdout}\n${r.stderr}`.trim(),
			);
		}
		return full.map((wf) => wf.id);
	} finally {
		fs.rmSync(file, { force: true });
	}
}

/**
 * The decrypted data of one stored credential (`n8n export:credentials --decrypted`), including
 * `oauthTokenData` once n8n stored a token. Holds secrets: compare, never print.
 */
export async function readStoredCredential(
	n8n: N8nInstance,
	id: string,
): Promise<Record<string, unknown> | undefined> {
	const file = path.join(n8n.userFolder, `.export-credential-${Date.now()}.json`);
	try {
		const r = await n8n.cli([
			'export:credentials',
			`--id=${id}`,
			'--decrypted',
			`--output=${file}`,
		]);
		if (r.code !== 0 || !fs.existsSync(file)) {
			throw new Error(
				`n8n export:credentials failed (exit ${r.code ?? r.signal}):\n${r.stdout}\n${r.stderr}`.trim(),
			);
		}
		const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as Array<{
			id: string;
			data: Record<string, unknown>;
		}>;
		return parsed.find((c) => c.id === id)?.data;
	} finally {
		fs.rmSync(file, { force: true });
	}
}

/** Marks workflows active for the next `n8n start` (2.x publishes them; 1.x sets `active`). */
export async function publishWorkflows(n8n: N8nInstance, ids: string[]): Promise<void> {
	for (const id of ids) {
		const args =
			n8n.install.major === '2'
				? ['publish:workflow', `--id=${id}`]
				: ['update:workflow', `--id=${id}`, '--active=true'];
		const r = await n8n.cli(args, { env: { N8N_LOG_LEVEL: 'info' } });
		if (r.code !== 0 || /error/i.test(r.stderr)) {
			throw new Error(
				`n8n ${args.join(' ')} failed (exit ${r.code ?? r.signal}):\n${r.stdout}\n${r.stderr}`.trim(),
			);
		}
	}
}
