/** Workflow and single-node runs through n8n-core's real `WorkflowExecute`. */
import type {
	IDataObject,
	INode,
	INodeExecutionData,
	IRun,
	IRunExecutionData,
	ITaskData,
	IWorkflowSettings,
} from 'n8n-workflow';
import {
	UnexpectedError,
	UserError,
	Workflow,
	createRunExecutionData,
	deepCopy,
} from 'n8n-workflow';
import { ExecutionLifecycleHooks, WorkflowExecute } from 'n8n-core';

import { harnessWorkflowData, nextExecutionId, type HarnessContext } from './context';
import { rehydrateError } from './errors';
import { MANUAL_TRIGGER_ALIAS, START_NODE_TYPE } from './node-types';
import {
	type RunNodeParams,
	type RunNodeResult,
	type RunResult,
	type RunWorkflowParams,
} from './types';

function findStartNode(workflow: Workflow, nodes: INode[]): INode {
	const explicit = nodes.find(
		(n) => !n.disabled && (n.type === START_NODE_TYPE || n.type === MANUAL_TRIGGER_ALIAS),
	);
	if (explicit) return workflow.getNode(explicit.name) as INode;
	const start = workflow.getStartNode();
	if (!start) throw new UserError('No node to start the workflow from could be found');
	return start;
}

/** Runs a whole workflow with n8n-core's WorkflowExecute. */
export async function runWorkflow(ctx: HarnessContext, w: RunWorkflowParams): Promise<RunResult> {
	const { nodeTypes, makeAdditionalData } = ctx;
	const mode = w.mode ?? 'manual';
	const executionId = nextExecutionId('harness');
	const nodes = deepCopy(w.nodes);
	const settings: IWorkflowSettings = { executionOrder: 'v1', ...(w.settings ?? {}) };
	const workflowData = harnessWorkflowData(nodes, w.connections, settings);
	const workflow = new Workflow({
		id: workflowData.id,
		name: workflowData.name,
		nodes,
		connections: w.connections,
		nodeTypes,
		staticData: w.staticData ? deepCopy(w.staticData) : undefined,
		settings,
		active: false,
		pinData: w.pinData,
	});

	const startNode =
		w.startNode !== undefined
			? (workflow.getNode(w.startNode) as INode)
			: findStartNode(workflow, nodes);
	const items: INodeExecutionData[] = (w.input ?? [{}]).map((json) => ({ json: deepCopy(json) }));

	const hooks = new ExecutionLifecycleHooks(mode, executionId, workflowData);
	const executedNodes: string[] = [];
	hooks.addHandler('nodeExecuteAfter', (nodeName: string) => {
		executedNodes.push(nodeName);
	});
	let hookFired = false;
	hooks.addHandler('workflowExecuteAfter', () => {
		hookFired = true;
	});

	const additionalData = makeAdditionalData(executionId, hooks);
	const runExecutionData: IRunExecutionData = createRunExecutionData({
		executionData: {
			nodeExecutionStack: [{ node: startNode, data: { main: [items] }, source: null }],
		},
		resultData: { pinData: w.pinData },
	});

	const workflowExecute = new WorkflowExecute(additionalData, mode, runExecutionData);
	const run = await workflowExecute.processRunExecutionData(workflow);
	if (!hookFired) throw new UnexpectedError('workflowExecuteAfter hook did not run');
	return toRunResult(run, executedNodes, deepCopy(workflow.staticData));
}

function toRunResult(run: IRun, executedNodes: string[], staticData: IDataObject): RunResult {
	const runData = run.data.resultData.runData;
	const taskData = (nodeName: string, runIndex?: number): ITaskData | undefined => {
		const runs = runData[nodeName];
		if (!runs?.length) return undefined;
		return runs[runIndex ?? runs.length - 1];
	};
	return {
		data: run,
		status: run.status,
		executedNodes,
		staticData,
		error: rehydrateError(run.data.resultData.error),
		outputs(nodeName, runIndex) {
			const main = taskData(nodeName, runIndex)?.data?.main ?? [];
			return main.map((items) => items ?? []);
		},
		output(nodeName, outputIndex = 0, runIndex) {
			return taskData(nodeName, runIndex)?.data?.main?.[outputIndex] ?? [];
		},
		nodeError(nodeName, runIndex) {
			return rehydrateError(taskData(nodeName, runIndex)?.error);
		},
	};
}

/** Runs one node after a start node (see index.ts for the defaults). */
export async function runNode(ctx: HarnessContext, params: RunNodeParams): Promise<RunNodeResult> {
	const { nodeTypes, autoCredentials, defaultNodeName } = ctx;
	const typeVersion = params.typeVersion ?? nodeTypes.defaultVersion(params.type);
	const name = params.name ?? defaultNodeName(params.type, typeVersion);
	if (name === 'Start') throw new UserError('runNode: the node under test cannot be named "Start"');
	const node: INode = {
		id: 'node-under-test',
		name,
		type: params.type,
		typeVersion,
		position: [200, 0],
		parameters: params.parameters,
		credentials: params.credentials ?? autoCredentials(params.type, typeVersion),
		...(params.onError ? { onError: params.onError } : {}),
	};
	const run = await runWorkflow(ctx, {
		nodes: [
			{
				id: 'start',
				name: 'Start',
				type: START_NODE_TYPE,
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			node,
		],
		connections: { Start: { main: [[{ node: name, type: 'main', index: 0 }]] } },
		input: params.input,
		mode: params.mode,
		settings: params.settings,
	});
	const startError = run.nodeError('Start');
	if (startError) throw startError;
	return {
		output: run.output(name),
		outputs: run.outputs(name),
		error: run.nodeError(name) ?? run.error,
		run,
	};
}
