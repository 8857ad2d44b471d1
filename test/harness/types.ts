/** The harness's public types (re-exported by index.ts). */
import type {
	ExecutionStatus,
	ICredentialDataDecryptedObject,
	ICredentialType,
	IConnections,
	IDataObject,
	INode,
	INodeCredentialTestResult,
	INodeCredentials,
	INodeExecutionData,
	INodeParameters,
	INodeType,
	IPinData,
	IRun,
	IVersionedNodeType,
	IWorkflowSettings,
	WorkflowActivateMode,
	WorkflowExecuteMode,
} from 'n8n-workflow';

import { type HarnessCredentialTypes } from './credential-types';
import { type CredentialWrite } from './credentials-helper';
import { type HarnessError } from './errors';
import { type HarnessNodeTypes } from './node-types';
import { type LogEntry } from './runtime';
import { type WebhookServer, type WebhookServerParams } from './webhook';

export interface HarnessOptions {
	nodeTypes: INodeType[] | Record<string, INodeType | IVersionedNodeType>;
	credentialTypes: ICredentialType[];
	/** Ignore stored values of hidden OAuth endpoint fields, like the CLI does (default true). */
	pinHiddenOAuthFields?: boolean;
}

export interface RunWorkflowParams {
	nodes: INode[];
	connections: IConnections;
	/** Items (json) emitted by the start node. Default: one empty item, like a manual run. */
	input?: IDataObject[];
	settings?: IWorkflowSettings;
	mode?: WorkflowExecuteMode;
	staticData?: IDataObject;
	pinData?: IPinData;
	/** Name of the node the run starts at (default: the start node, else `getStartNode()`). */
	startNode?: string;
}

export interface RunResult {
	data: IRun;
	status: ExecutionStatus;
	/** Main output `outputIndex` (default 0) of run `runIndex` (default: last run) of a node. */
	output(nodeName: string, outputIndex?: number, runIndex?: number): INodeExecutionData[];
	outputs(nodeName: string, runIndex?: number): INodeExecutionData[][];
	/** The workflow's error if the run failed (`resultData.error`, rehydrated). */
	error?: HarnessError;
	/** The error stored on the node's task data (last run), rehydrated. */
	nodeError(nodeName: string, runIndex?: number): HarnessError | undefined;
	executedNodes: string[];
	/** The workflow's static data after the run (plain copy). */
	staticData: IDataObject;
}

export interface RunNodeParams {
	type: string;
	parameters: INodeParameters;
	credentials?: INodeCredentials;
	input: IDataObject[];
	onError?: 'stopWorkflow' | 'continueRegularOutput' | 'continueErrorOutput';
	typeVersion?: number;
	name?: string;
	mode?: WorkflowExecuteMode;
	settings?: IWorkflowSettings;
}

export interface RunNodeResult {
	output: INodeExecutionData[];
	outputs: INodeExecutionData[][];
	error?: HarnessError;
	run: RunResult;
}

export interface PollParams {
	type: string;
	parameters: INodeParameters;
	credentials?: INodeCredentials;
	staticData: IDataObject;
	mode: 'trigger' | 'manual';
	typeVersion?: number;
	name?: string;
	activation?: WorkflowActivateMode;
}

export interface CredentialTestOptions {
	credentialType?: string;
	id?: string;
	name?: string;
}

export interface Harness {
	/** `data` is what the credential modal would store (IDataObject accepted for convenience). */
	setCredential(
		type: string,
		id: string,
		data: ICredentialDataDecryptedObject | IDataObject,
		name?: string,
	): void;
	getCredential(id: string): ICredentialDataDecryptedObject;
	runWorkflow(w: RunWorkflowParams): Promise<RunResult>;
	runNode(params: RunNodeParams): Promise<RunNodeResult>;
	poll(params: PollParams): Promise<INodeExecutionData[][] | null>;
	/** A loopback server that hands each request to a webhook trigger (see webhook.ts). */
	startWebhook(params: WebhookServerParams): Promise<WebhookServer>;
	credentialTest(
		nodeTypeName: string,
		credentialTestMethodName: string,
		credentialData: ICredentialDataDecryptedObject,
		options?: CredentialTestOptions,
	): Promise<INodeCredentialTestResult>;
	testCredentials(
		credentialType: string,
		credentialData: ICredentialDataDecryptedObject,
		options?: { id?: string; name?: string },
	): Promise<INodeCredentialTestResult>;
	readonly credentialWrites: CredentialWrite[];
	readonly logs: LogEntry[];
	readonly nodeTypes: HarnessNodeTypes;
	readonly credentialTypes: HarnessCredentialTypes;
	/** Stop collecting logs (optional; harnesses are otherwise garbage-collected normally). */
	dispose(): void;
}
