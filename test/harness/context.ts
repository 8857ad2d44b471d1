/** The per-harness context (registries, credential store, execution data) and execution ids. */
import type {
	IConnections,
	INode,
	INodeCredentials,
	IWorkflowBase,
	IWorkflowExecuteAdditionalData,
	IWorkflowSettings,
} from 'n8n-workflow';
import { UnexpectedError } from 'n8n-workflow';
import { ExecutionLifecycleHooks, ExternalSecretsProxy } from 'n8n-core';

import type { HarnessCredentialTypes } from './credential-types';
import type { HarnessCredentialsHelper } from './credentials-helper';
import type { HarnessNodeTypes } from './node-types';

let executionCounter = 0;

/** A fresh execution id, `<prefix>-<n>`, unique within the process. */
export function nextExecutionId(prefix: string): string {
	return `${prefix}-${++executionCounter}`;
}

/** The stored-workflow record the harness's executions report to their lifecycle hooks. */
export function harnessWorkflowData(
	nodes: INode[],
	connections: IConnections,
	settings?: IWorkflowSettings,
): IWorkflowBase {
	return {
		id: 'harness-workflow',
		name: 'Harness workflow',
		active: false,
		activeVersionId: null,
		isArchived: false,
		createdAt: new Date(),
		updatedAt: new Date(),
		nodes,
		connections,
		...(settings ? { settings } : {}),
	};
}

/** What the harness's runs, polls and credential tests share (one per harness). */
export interface HarnessContext {
	nodeTypes: HarnessNodeTypes;
	credentialTypes: HarnessCredentialTypes;
	credentialsHelper: HarnessCredentialsHelper;
	makeAdditionalData(
		executionId: string,
		hooks?: ExecutionLifecycleHooks,
	): IWorkflowExecuteAdditionalData;
	/** Every credential type the node declares with exactly one stored credential. */
	autoCredentials(type: string, typeVersion: number): INodeCredentials | undefined;
	defaultNodeName(type: string, typeVersion: number): string;
}

export function createContext(
	nodeTypes: HarnessNodeTypes,
	credentialTypes: HarnessCredentialTypes,
	credentialsHelper: HarnessCredentialsHelper,
): HarnessContext {
	function makeAdditionalData(
		executionId: string,
		hooks?: ExecutionLifecycleHooks,
	): IWorkflowExecuteAdditionalData {
		const base = 'http://127.0.0.1:5678';
		const additionalData: Partial<IWorkflowExecuteAdditionalData> = {
			credentialsHelper,
			executionId,
			hooks,
			currentNodeExecutionIndex: 0,
			restApiUrl: `${base}/rest`,
			instanceBaseUrl: `${base}/`,
			formBaseUrl: `${base}/form`,
			formWaitingBaseUrl: `${base}/form-waiting`,
			formTestBaseUrl: `${base}/form-test`,
			webhookBaseUrl: `${base}/webhook`,
			webhookWaitingBaseUrl: `${base}/webhook-waiting`,
			webhookTestBaseUrl: `${base}/webhook-test`,
			mcpBaseUrl: `${base}/mcp`,
			mcpTestBaseUrl: `${base}/mcp-test`,
			variables: {},
			userId: 'harness-user',
			externalSecretsProxy: new ExternalSecretsProxy(),
			executeWorkflow: async () => {
				throw new UnexpectedError('executeWorkflow is not supported by the test harness');
			},
			getRunExecutionData: async () => undefined,
			getRuntimeCredential: async () => undefined,
			logAiEvent: () => {},
			startRunnerTask: async () => {
				throw new UnexpectedError('Task runners are not supported by the test harness');
			},
		};
		return additionalData as IWorkflowExecuteAdditionalData;
	}

	function autoCredentials(type: string, typeVersion: number): INodeCredentials | undefined {
		const description = nodeTypes.getByNameAndVersion(type, typeVersion).description;
		const result: INodeCredentials = {};
		for (const { name } of description.credentials ?? []) {
			const matches = [...credentialsHelper.store.values()].filter((c) => c.type === name);
			if (matches.length === 1) result[name] = { id: matches[0].id, name: matches[0].name };
		}
		return Object.keys(result).length ? result : undefined;
	}

	function defaultNodeName(type: string, typeVersion: number): string {
		const { description } = nodeTypes.getByNameAndVersion(type, typeVersion);
		return (description.defaults?.name as string | undefined) ?? description.displayName;
	}

	return {
		nodeTypes,
		credentialTypes,
		credentialsHelper,
		makeAdditionalData,
		autoCredentials,
		defaultNodeName,
	};
}
