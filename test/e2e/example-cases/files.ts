/**
 * Static checks of the example files (no n8n): valid workflows, unique node ids, the package's node
 * types.
 */
import {
	PACKAGE_PREFIX,
	CUSTOM_PREFIX,
	runCase,
	type Workflow,
	EXAMPLE_FILES,
	loadExample,
} from './common';

/* ------------------------------------------------------------------------------------------------
 * Static checks of the example files (once)
 * ---------------------------------------------------------------------------------------------- */

export async function checkExampleFiles(): Promise<void> {
	await runCase(
		'examples: importable files, package node types, credentials by name',
		async (c) => {
			const known = new Set(['kornitx', 'kornitxTool', 'kornitxTrigger']);
			for (const file of EXAMPLE_FILES) {
				let wf: Workflow;
				try {
					wf = loadExample(file);
				} catch (error) {
					c.check(
						false,
						`${file}: not JSON (${error instanceof Error ? error.message : String(error)})`,
					);
					continue;
				}
				c.check(typeof wf.name === 'string' && wf.name.length > 0, `${file}: has no name`);
				c.check(Array.isArray(wf.nodes) && wf.nodes.length > 0, `${file}: has no nodes`);
				const names = new Set(wf.nodes.map((n) => n.name));
				c.check(names.size === wf.nodes.length, `${file}: node names are not unique`);
				const ids = new Set(wf.nodes.map((n) => n.id));
				c.check(ids.size === wf.nodes.length, `${file}: node ids are not unique`);
				let kornitxNodes = 0;
				for (const node of wf.nodes) {
					c.check(
						!node.type.startsWith(CUSTOM_PREFIX),
						`${file}: node "${node.name}" uses ${node.type}; examples use the package's types`,
					);
					if (node.type.startsWith(PACKAGE_PREFIX)) {
						kornitxNodes += 1;
						c.check(
							known.has(node.type.slice(PACKAGE_PREFIX.length)),
							`${file}: unknown package node type ${node.type}`,
						);
						const credential = node.credentials?.kornitxOAuth2Api ?? node.credentials?.kornitxApi;
						const expected = node.credentials?.kornitxApi ? 'KornitX API key' : 'KornitX account';
						c.check(
							credential?.name === expected,
							`${file}: "${node.name}" should use the credential "${expected}"`,
						);
					}
					c.check(
						node.type.startsWith(PACKAGE_PREFIX) ||
							node.type.startsWith('n8n-nodes-base.') ||
							node.type.startsWith('@n8n/n8n-nodes-langchain.'),
						`${file}: "${node.name}" has a type outside the package and n8n's own nodes: ${node.type}`,
					);
				}
				c.check(kornitxNodes > 0, `${file}: uses no KornitX node`);
				for (const [from, outputs] of Object.entries(wf.connections)) {
					c.check(names.has(from), `${file}: connection from unknown node "${from}"`);
					for (const targets of Object.values(outputs)) {
						for (const target of targets.flat())
							c.check(
								names.has(target.node),
								`${file}: connection to unknown node "${target.node}"`,
							);
					}
				}
				const text = JSON.stringify(wf);
				c.check(
					!/kornitx-dev-secret|sk-e2e|127\.0\.0\.1|localhost/.test(text),
					`${file}: holds a test secret or a local address`,
				);
				c.check(JSON.stringify(wf.pinData ?? {}) === '{}', `${file}: holds pinned data`);
			}
		},
	);
}
