/**
 * Builds n8n workflow JSON for `n8n import:workflow` (1.x and 2.x) without copy-pasted JSON:
 *
 *   const wf = new WorkflowBuilder('status')
 *     .kornitx('By ID', { input: [{ id: 1 }], parameters: {...}, credential: oauth })
 *     .build();
 *
 * Every `kornitx()` call adds one branch off the single Manual Trigger:
 *   Manual Trigger → "<name> input" (Code node emitting `input` as items) → "<name>" (CUSTOM.kornitx)
 *   [→ "<name> ok" / "<name> failed" NoOps when `sinks` is set]
 * Branches run one after another, top to bottom (executionOrder v1), each with its own items.
 */
import { randomUUID } from 'node:crypto';

import { n8nId } from '../../../scripts/n8n-runtime';

export type OnError = 'stopWorkflow' | 'continueRegularOutput' | 'continueErrorOutput';

/** `{ kornitxOAuth2Api: { id, name } }` or `{ kornitxApi: { id, name } }`. */
export type CredentialRef = Record<string, { id: string; name: string }>;

export interface N8nNode {
	id: string;
	name: string;
	type: string;
	typeVersion: number;
	position: [number, number];
	parameters: Record<string, unknown>;
	credentials?: CredentialRef;
	onError?: OnError;
	[key: string]: unknown;
}

/** A node without position (and optionally without id): `add()` places it. */
export interface NodeInput {
	id?: string;
	name: string;
	type: string;
	typeVersion: number;
	parameters: Record<string, unknown>;
	credentials?: CredentialRef;
	onError?: OnError;
}

type Connections = Record<
	string,
	{ main: Array<Array<{ node: string; type: 'main'; index: number }>> }
>;

export interface KornitxBranch {
	/** Items the Code node emits (their `json`); default one empty item. */
	input?: Array<Record<string, unknown>>;
	/** KornitX node parameters (resource, operation, …). */
	parameters: Record<string, unknown>;
	credential?: CredentialRef;
	/** n8n's "On Error" node setting. */
	onError?: OnError;
	/** Add NoOp nodes after the KornitX node: "<name> ok" on output 0 (and "<name> failed" on output 1 for continueErrorOutput). */
	sinks?: boolean;
	/** Node type of our node (default `CUSTOM.kornitx`, i.e. loaded from N8N_CUSTOM_EXTENSIONS). */
	type?: string;
}

export const KORNITX_NODE_TYPE = 'CUSTOM.kornitx';
export const MANUAL_TRIGGER = 'Manual';

/** JavaScript for a Code node ("run once for all items") that emits `items` as they are. */
export function emitItemsCode(items: Array<Record<string, unknown>>): string {
	return `return ${JSON.stringify(items)}.map((json) => ({ json }));`;
}

export class WorkflowBuilder {
	readonly id = n8nId();
	private readonly nodes: N8nNode[] = [];
	private readonly connections: Connections = {};
	private row = 0;
	private extraSettings: Record<string, unknown> = {};

	constructor(readonly name: string) {
		this.add(
			{
				name: MANUAL_TRIGGER,
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				parameters: {},
			},
			0,
			0,
		);
	}

	/** Adds a node at a grid position (column, row); returns its name. */
	add(node: NodeInput, column: number, row: number): string {
		if (this.nodes.some((n) => n.name === node.name))
			throw new Error(`duplicate node name "${node.name}"`);
		this.nodes.push({
			...node,
			id: node.id ?? randomUUID(),
			position: [column * 240, row * 180],
		} as N8nNode);
		return node.name;
	}

	connect(from: string, to: string, output = 0): this {
		const main = (this.connections[from] ??= { main: [] }).main;
		while (main.length <= output) main.push([]);
		main[output].push({ node: to, type: 'main', index: 0 });
		return this;
	}

	/** A branch: Manual → Code emitting `input` → KornitX node named `name`. */
	kornitx(name: string, branch: KornitxBranch): this {
		const row = this.row++;
		const input = this.add(
			{
				name: `${name} input`,
				type: 'n8n-nodes-base.code',
				typeVersion: 2,
				parameters: { jsCode: emitItemsCode(branch.input ?? [{}]) },
			},
			1,
			row,
		);
		this.connect(MANUAL_TRIGGER, input);
		this.add(
			{
				name,
				type: branch.type ?? KORNITX_NODE_TYPE,
				typeVersion: 1,
				parameters: branch.parameters,
				...(branch.credential ? { credentials: branch.credential } : {}),
				...(branch.onError && branch.onError !== 'stopWorkflow' ? { onError: branch.onError } : {}),
			},
			2,
			row,
		);
		this.connect(input, name);
		if (branch.sinks) {
			this.add(
				{ name: `${name} ok`, type: 'n8n-nodes-base.noOp', typeVersion: 1, parameters: {} },
				3,
				row,
			);
			this.connect(name, `${name} ok`, 0);
			if (branch.onError === 'continueErrorOutput') {
				this.add(
					{ name: `${name} failed`, type: 'n8n-nodes-base.noOp', typeVersion: 1, parameters: {} },
					3,
					row + 0.5,
				);
				this.connect(name, `${name} failed`, 1);
			}
		}
		return this;
	}

	/** Workflow settings merged over `{ executionOrder: 'v1' }` (e.g. `{ timezone: 'Europe/Berlin' }`). */
	settings(settings: Record<string, unknown>): this {
		this.extraSettings = { ...this.extraSettings, ...settings };
		return this;
	}

	build(): Record<string, unknown> {
		return {
			id: this.id,
			name: this.name,
			active: false,
			nodes: this.nodes,
			connections: this.connections,
			settings: { executionOrder: 'v1', ...this.extraSettings },
			pinData: {},
		};
	}
}
