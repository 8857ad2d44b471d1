/** Polling triggers through n8n-core's real `TriggersAndPollers.runPollFunction`. */
import type {
	IDataObject,
	INode,
	INodeExecutionData,
	WorkflowActivateMode,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { Workflow, deepCopy } from 'n8n-workflow';
import { ExecutionLifecycleHooks, PollContext, TriggersAndPollers } from 'n8n-core';

import { harnessWorkflowData, nextExecutionId, type HarnessContext } from './context';
import { getContainer } from './runtime';
import type { PollParams } from './types';

/** One poll with n8n-core's `PollContext`; static data is copied back into `params.staticData`. */
export async function poll(
	ctx: HarnessContext,
	params: PollParams,
): Promise<INodeExecutionData[][] | null> {
	const { nodeTypes, makeAdditionalData, autoCredentials, defaultNodeName } = ctx;
	const typeVersion = params.typeVersion ?? nodeTypes.defaultVersion(params.type);
	const name = params.name ?? defaultNodeName(params.type, typeVersion);
	const mode: WorkflowExecuteMode = params.mode;
	const activation: WorkflowActivateMode =
		params.activation ?? (mode === 'manual' ? 'manual' : 'activate');
	const staticKey = `node:${name}`;
	const workflow = new Workflow({
		id: 'harness-workflow',
		name: 'Harness workflow',
		nodes: [
			{
				id: 'poll-node',
				name,
				type: params.type,
				typeVersion,
				position: [0, 0],
				parameters: deepCopy(params.parameters),
				credentials: params.credentials ?? autoCredentials(params.type, typeVersion),
			},
		],
		connections: {},
		nodeTypes,
		staticData: { [staticKey]: deepCopy(params.staticData) },
		settings: { executionOrder: 'v1' },
		active: mode === 'trigger',
	});
	const node = workflow.getNode(name) as INode;
	const executionId = nextExecutionId('harness-poll');
	const additionalData = makeAdditionalData(
		executionId,
		new ExecutionLifecycleHooks(mode, executionId, harnessWorkflowData([node], {})),
	);
	const context = new PollContext(workflow, node, additionalData, mode, activation);
	try {
		return await getContainer().get(TriggersAndPollers).runPollFunction(workflow, node, context);
	} finally {
		const after = deepCopy((workflow.staticData[staticKey] as IDataObject | undefined) ?? {});
		for (const key of Object.keys(params.staticData)) delete params.staticData[key];
		Object.assign(params.staticData, after);
	}
}
