import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	INodeTypes,
	IVersionedNodeType,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeHelpers, UnexpectedError } from 'n8n-workflow';

/** Type name of the harness' start node. Also registered as `n8n-nodes-base.manualTrigger`. */
export const START_NODE_TYPE = 'harness.start';
export const MANUAL_TRIGGER_ALIAS = 'n8n-nodes-base.manualTrigger';
/** Pass-through node. Also registered as `n8n-nodes-base.noOp`. */
export const NO_OP_NODE_TYPE = 'harness.noOp';
export const NO_OP_ALIAS = 'n8n-nodes-base.noOp';

/**
 * Equivalent of n8n's Manual Trigger: a trigger-group node without inputs whose `execute`
 * forwards the items the engine put on the execution stack for it. The harness puts
 * `runWorkflow({ input })` there (default: one empty item, exactly like a manual run).
 */
class HarnessStart implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Harness Start',
		name: START_NODE_TYPE,
		group: ['trigger'],
		version: 1,
		description: 'Emits the items given to runWorkflow({ input })',
		eventTriggerDescription: '',
		maxNodes: 1,
		defaults: { name: 'Start' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [this.getInputData()];
	}
}

class HarnessNoOp implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'No Operation',
		name: NO_OP_NODE_TYPE,
		group: ['organization'],
		version: 1,
		description: 'Passes items through unchanged',
		defaults: { name: 'No Operation' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [this.getInputData()];
	}
}

export class HarnessNodeTypes implements INodeTypes {
	private readonly types = new Map<string, INodeType | IVersionedNodeType>();

	constructor(nodeTypes: INodeType[] | Record<string, INodeType | IVersionedNodeType>) {
		const start = new HarnessStart();
		const noOp = new HarnessNoOp();
		this.types.set(START_NODE_TYPE, start);
		this.types.set(MANUAL_TRIGGER_ALIAS, start);
		this.types.set(NO_OP_NODE_TYPE, noOp);
		this.types.set(NO_OP_ALIAS, noOp);

		if (Array.isArray(nodeTypes)) {
			for (const type of nodeTypes) this.types.set(type.description.name, type);
		} else {
			for (const [key, type] of Object.entries(nodeTypes)) {
				this.types.set(key, type);
				// also reachable by its own description name
				if (!this.types.has(type.description.name)) this.types.set(type.description.name, type);
			}
		}
	}

	entries(): Array<[string, INodeType | IVersionedNodeType]> {
		return [...this.types.entries()];
	}

	has(name: string): boolean {
		return this.types.has(name);
	}

	getByName(nodeType: string): INodeType | IVersionedNodeType {
		const type = this.types.get(nodeType);
		if (!type) {
			throw new UnexpectedError(
				`Unknown node type "${nodeType}". Known: ${[...this.types.keys()].join(', ')}`,
			);
		}
		return type;
	}

	getByNameAndVersion(nodeType: string, version?: number): INodeType {
		return NodeHelpers.getVersionedNodeType(this.getByName(nodeType), version);
	}

	getKnownTypes(): IDataObject {
		return Object.fromEntries(
			[...this.types.keys()].map((k) => [k, { className: k, sourcePath: '' }]),
		);
	}

	/** Latest version for a node type (what the n8n editor uses for a new node). */
	defaultVersion(nodeType: string): number {
		const type = this.getByName(nodeType);
		if ('nodeVersions' in type) return type.currentVersion;
		const { version } = type.description;
		return Array.isArray(version) ? Math.max(...version) : version;
	}
}
