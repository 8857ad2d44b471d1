/* eslint-disable @n8n/community-nodes/no-restricted-globals, no-console -- dev tooling, never shipped in dist */
/**
 * Real-n8n runtime tooling, one import for its users (`npm run dev`, the e2e suite, the benchmark,
 * the scanner). The work is in scripts/n8n/:
 *   install.ts    cache folder, Node 24, n8n installs (locks, markers), ensureCachedPackages
 *   instance.ts   createN8nInstance: start/stop, cli, imports, execute, rest, owner
 *   types.ts      the instance's option/result types; env.ts ids, ports, the n8n environment
 *   run-data.ts   reading printed run data (extractJson, nodeTask/nodeItems/nodeOutput, errors)
 *   workflows.ts  importWorkflows (many in one CLI call), publishWorkflows, readStoredCredential
 */
import { ensureN8n, log } from './n8n/install';

export * from './n8n/env';
export * from './n8n/install';
export * from './n8n/instance';
export * from './n8n/run-data';
export * from './n8n/types';
export * from './n8n/workflows';

// CLI: `npx tsx scripts/n8n-runtime.ts [2] [1]` pre-installs the runtimes (default: 2).
if (require.main === module) {
	const majors = process.argv.slice(2).length ? process.argv.slice(2) : ['2'];
	(async () => {
		for (const m of majors) {
			if (m !== '1' && m !== '2') throw new Error(`unknown n8n major "${m}" (use 1 or 2)`);
			const t0 = Date.now();
			const inst = await ensureN8n(m);
			log(`n8n ${inst.version} ready in ${inst.dir} (${((Date.now() - t0) / 1000).toFixed(1)}s)`);
		}
	})().catch((e: unknown) => {
		console.error(e instanceof Error ? e.message : e);
		process.exitCode = 1;
	});
}
