/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, no-console -- dev tooling, never shipped in dist */
/**
 * Smoke check of the real-n8n runtime tooling, independent of this package's own nodes:
 *   npx tsx scripts/n8n-smoke.ts [2] [1]        (default: 2)
 * For each n8n major: ensure the install, generate a tiny custom extension (credential type
 * `kornitxSmokeApi`, node `CUSTOM.kornitxSmoke`) in a temp folder, import a credential with plain
 * data and a Manual Trigger → Set → CUSTOM node workflow, run `n8n execute` (twice, timed), then
 * `n8n start`, owner setup, login, and check the imported credential is visible to the owner.
 * Prints timings; exits non-zero on any failure. Env KORNITX_SMOKE_KEEP=1 keeps the temp folders.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { createN8nInstance, ensureN8n, nodeOutput, type N8nMajor } from './n8n-runtime';

const CRED_JS = `
class KornitxSmokeApi {
	constructor() {
		this.name = 'kornitxSmokeApi';
		this.displayName = 'KornitX Smoke API';
		this.properties = [{ displayName: 'Token', name: 'token', type: 'string', typeOptions: { password: true }, default: '' }];
	}
}
module.exports = { KornitxSmokeApi };
`;

const NODE_JS = `
class KornitxSmoke {
	constructor() {
		this.description = {
			displayName: 'KornitX Smoke', name: 'kornitxSmoke', group: ['transform'], version: 1,
			description: 'smoke', defaults: { name: 'KornitX Smoke' }, inputs: ['main'], outputs: ['main'],
			credentials: [{ name: 'kornitxSmokeApi', required: true }], properties: [],
		};
	}
	async execute() {
		const creds = await this.getCredentials('kornitxSmokeApi');
		return [this.getInputData().map((item) => ({ json: { ...item.json, token: creds.token, node: 'smoke' } }))];
	}
}
module.exports = { KornitxSmoke };
`;

function writeExtension(dir: string): void {
	fs.mkdirSync(path.join(dir, 'credentials'), { recursive: true });
	fs.mkdirSync(path.join(dir, 'nodes', 'KornitxSmoke'), { recursive: true });
	fs.writeFileSync(path.join(dir, 'credentials', 'KornitxSmokeApi.credentials.js'), CRED_JS);
	fs.writeFileSync(path.join(dir, 'nodes', 'KornitxSmoke', 'KornitxSmoke.node.js'), NODE_JS);
}

const CRED_ID = 'kxSmokeCred00001';

function workflow(): Record<string, unknown> {
	return {
		name: 'KornitX smoke',
		nodes: [
			{
				id: '8a1c4c43-0000-4000-8000-000000000001',
				name: 'Manual',
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			{
				id: '8a1c4c43-0000-4000-8000-000000000002',
				name: 'Set',
				type: 'n8n-nodes-base.set',
				typeVersion: 3.4,
				position: [200, 0],
				parameters: {
					assignments: {
						assignments: [{ id: 'a1', name: 'hello', value: 'world', type: 'string' }],
					},
					options: {},
				},
			},
			{
				id: '8a1c4c43-0000-4000-8000-000000000003',
				name: 'Smoke',
				type: 'CUSTOM.kornitxSmoke',
				typeVersion: 1,
				position: [400, 0],
				parameters: {},
				credentials: { kornitxSmokeApi: { id: CRED_ID, name: 'Smoke credential' } },
			},
			{
				id: '8a1c4c43-0000-4000-8000-000000000004',
				name: 'NoOp',
				type: 'n8n-nodes-base.noOp',
				typeVersion: 1,
				position: [600, 0],
				parameters: {},
			},
		],
		connections: {
			Manual: { main: [[{ node: 'Set', type: 'main', index: 0 }]] },
			Set: { main: [[{ node: 'Smoke', type: 'main', index: 0 }]] },
			Smoke: { main: [[{ node: 'NoOp', type: 'main', index: 0 }]] },
		},
	};
}

function check(cond: unknown, msg: string): asserts cond {
	if (!cond) throw new Error(`smoke check failed: ${msg}`);
	console.log(`  ok  ${msg}`);
}

async function smoke(major: N8nMajor): Promise<Record<string, number>> {
	const times: Record<string, number> = {};
	let t = Date.now();
	const install = await ensureN8n(major);
	times.ensureMs = Date.now() - t;
	console.log(`\n== n8n ${install.version} (node ${install.nodeBin})`);
	const root = fs.mkdtempSync(path.join(os.tmpdir(), `kornitx-smoke${major}-`));
	const ext = path.join(root, 'ext');
	writeExtension(ext);
	const n8n = createN8nInstance(install, {
		customExtensions: ext,
		userFolder: path.join(root, 'user'),
	});
	try {
		t = Date.now();
		await n8n.importCredentials([
			{
				id: CRED_ID,
				name: 'Smoke credential',
				type: 'kornitxSmokeApi',
				data: { token: 'tok-123' },
			},
		]);
		times.importCredentialsMs = Date.now() - t;
		const db = fs.readFileSync(path.join(n8n.n8nFolder, 'database.sqlite'));
		check(
			!db.includes('tok-123'),
			'credential data stored encrypted (plain token not in the sqlite file)',
		);

		t = Date.now();
		const wfId = await n8n.importWorkflow(workflow());
		times.importWorkflowMs = Date.now() - t;

		for (const run of [1, 2]) {
			const r = await n8n.execute(wfId);
			times[`execute${run}Ms`] = r.ms;
			if (!r.ok) console.log(r.stdout.slice(-3000), r.stderr.slice(-3000));
			check(
				r.ok,
				`execute #${run}: exit ${r.code ?? r.signal}${r.crashedOnExit ? ' (crashed on exit after printing)' : ''}, run data parsed, no error (${r.ms} ms)`,
			);
			const out = nodeOutput(r.json, 'NoOp') as Array<Record<string, unknown>> | undefined;
			check(
				out?.[0]?.hello === 'world' && out[0].token === 'tok-123',
				`execute #${run}: NoOp output ${JSON.stringify(out)}`,
			);
		}

		const started = await n8n.start();
		times.startHealthzMs = started.healthzMs;
		times.startReadyMs = started.readyMs;
		check(
			true,
			`n8n start: /healthz after ${started.healthzMs} ms, readiness after ${started.readyMs} ms (${started.url})`,
		);
		const owner = await n8n.setupOwner();
		check(
			owner.created && owner.cookie,
			'POST /rest/owner/setup created the owner and issued a cookie',
		);
		const again = await n8n.setupOwner();
		check(!again.created, 'second owner setup reports an existing owner (and logs in instead)');
		const cookie = await n8n.login();
		check(cookie.startsWith('n8n-auth='), 'POST /rest/login succeeded');
		const me = await n8n.rest<{ data?: { email?: string } }>('GET', '/rest/login', undefined, {
			cookie,
		});
		check(
			me.status === 200 && me.body.data?.email === 'dev@kornitx.local',
			'GET /rest/login returns the owner',
		);
		const creds = await n8n.rest<{ data?: Array<{ id: string; name: string }> }>(
			'GET',
			'/rest/credentials',
			undefined,
			{ cookie },
		);
		check(
			creds.status === 200 && creds.body.data?.some((c) => c.id === CRED_ID),
			`imported credential visible to the owner (${creds.body.data?.map((c) => c.name).join(', ')})`,
		);
		// the editor's type files need a session in 2.x (public in 1.x)
		const credTypes = await n8n.rest('GET', '/types/credentials.json', undefined, { cookie });
		const nodeTypes = await n8n.rest('GET', '/types/nodes.json', undefined, { cookie });
		check(
			credTypes.text.includes('"kornitxSmokeApi"') &&
				nodeTypes.text.includes('"CUSTOM.kornitxSmoke"'),
			'custom credential + node types served to the editor (/types/*.json)',
		);
		t = Date.now();
		await n8n.stop();
		times.stopMs = Date.now() - t;
		check(!n8n.running(), `n8n stopped (${times.stopMs} ms)`);
	} finally {
		await n8n.stop();
		if (process.env.KORNITX_SMOKE_KEEP !== '1') fs.rmSync(root, { recursive: true, force: true });
		else console.log(`  kept ${root}`);
	}
	return times;
}

(async () => {
	const majors = (process.argv.slice(2).length ? process.argv.slice(2) : ['2']) as N8nMajor[];
	const all: Record<string, Record<string, number>> = {};
	for (const m of majors) {
		if (m !== '1' && m !== '2') throw new Error(`unknown n8n major "${m}" (use 1 or 2)`);
		all[`n8n ${m}.x`] = await smoke(m);
	}
	console.log('\ntimings (ms):');
	console.table(all);
})().catch((e: unknown) => {
	console.error(e instanceof Error ? e.message : e);
	process.exitCode = 1;
});
