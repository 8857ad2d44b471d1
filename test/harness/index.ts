/**
 * In-process n8n test harness: runs real workflows with n8n-core's `WorkflowExecute`, real
 * node execution contexts, n8n-core's real credential/OAuth2 request code
 * (`httpRequestWithAuthentication` -> `requestOAuth2` -> `@n8n/client-oauth2`) and the real
 * `PollContext` / `TriggersAndPollers.runPollFunction`. Only the CLI-side pieces are replaced:
 * the credentials store/helper (in memory, see credentials-helper.ts), node/credential type
 * registries, and DI singletons that would touch disk/console (see runtime.ts).
 *
 * API (names are fixed, other tests depend on them). Differences from the original brief:
 * - `nodeTypes`: an array registers each type under `description.name` only. A Record registers
 *   it under the record key AND its `description.name` (use the Record form to alias, e.g.
 *   `{ 'n8n-nodes-kornitx.kornitx': new Kornitx() }`). No automatic `CUSTOM.` prefix.
 *   Built in: `harness.start` (alias `n8n-nodes-base.manualTrigger`) and `harness.noOp`
 *   (alias `n8n-nodes-base.noOp`).
 * - `credentialTypes`: n8n's base `oAuth2Api` is always added (unless you pass your own).
 * - `setCredential(type, id, data, name?)`: optional 4th arg is the credential display name.
 * - `runWorkflow` accepts extra optional `mode` (default 'manual'), `staticData`, `pinData`.
 *   If no start node (`harness.start` / `n8n-nodes-base.manualTrigger`) is in `nodes`, the
 *   execution starts at `Workflow.getStartNode()` and `input` is fed to that node.
 *   Settings default to `{ executionOrder: 'v1' }` (what new n8n workflows use).
 * - `RunResult` also has `status`, `outputs(nodeName)` (all main outputs), `staticData` and
 *   `executedNodes` (order of `nodeExecuteAfter` hooks). `output(node, outputIndex?, runIndex?)`
 *   returns [] for a node that did not run (check `executedNodes` if that matters).
 *   `error` / `nodeError()` are REHYDRATED errors (see errors.ts): WorkflowExecute only keeps
 *   plain-object copies, we restore the n8n-workflow class prototype from `name`.
 * - `runNode` also accepts `name`, `mode`, `settings`, `typeVersion`; returns `outputs` and `run`
 *   too. If `credentials` is omitted, every credential type the node's description declares
 *   for which exactly one credential is stored gets filled in (like the editor auto-selects).
 * - `poll` also accepts `name`, `typeVersion`, `activation` (default 'activate' for mode
 *   'trigger', 'manual' for 'manual'). Static data is copied into the workflow under
 *   `node:<name>` and copied back into YOUR object after the poll (also when it throws;
 *   in n8n the in-memory workflow keeps mutations across polls either way).
 * - `credentialTest(nodeTypeName, methodName, credentialData, options?)`: runs
 *   `methods.credentialTest[methodName]` with n8n-core's `CredentialTestContext`; data first
 *   goes through the same defaults/expression pass as the CLI tester, for the credential type
 *   whose `testedBy` is `methodName` (or `options.credentialType`).
 * - extra `testCredentials(credentialType, data)`: what the n8n UI "Test" button does
 *   (CLI `CredentialsTester.testCredentials`), INCLUDING its OAuth2 shortcut: for any type
 *   extending oAuth2Api the node's `testedBy` is NOT called, n8n only checks that
 *   `oauthTokenData.access_token` exists.
 *   (Read from the n8n CLI source on GitHub; the exact CLI version matching core 2.41 was not
 *   available, the OAuth2 shortcut has been there for a long time.)
 * - `setCredential` also accepts a plain `IDataObject`.
 * - option `pinHiddenOAuthFields` (default true): stored values of hidden OAuth fields
 *   (accessTokenUrl, grantType, authentication, ...) are ignored like the CLI does since
 *   n8n PR #38697; put test URLs into the user-visible field the hidden default derives from.
 * - extra: `credentialWrites` (every `updateCredentialsOauthTokenData` / `updateCredentials`
 *   n8n-core made), `logs` (n8n-core Logger output), `credentialTypes`, `nodeTypes`, `dispose()`.
 * - Side effect: the first `createHarness` installs a process-wide guard that makes every TCP
 *   connection to a non-loopback host fail with `ExternalNetworkBlockedError` (see runtime.ts;
 *   `withExternalNetwork(fn)` is the escape hatch).
 */
import type {
	ExecutionStatus,
	ICredentialDataDecryptedObject,
	ICredentialType,
	ICredentialsDecrypted,
	IConnections,
	IDataObject,
	IExecuteData,
	INode,
	INodeCredentialTestResult,
	INodeCredentials,
	INodeExecutionData,
	INodeParameters,
	INodeType,
	IPinData,
	IRun,
	IRunExecutionData,
	ITaskData,
	IVersionedNodeType,
	IWorkflowBase,
	IWorkflowExecuteAdditionalData,
	IWorkflowSettings,
	WorkflowActivateMode,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import {
	UnexpectedError,
	UserError,
	Workflow,
	createRunExecutionData,
	deepCopy,
} from 'n8n-workflow';
import {
	CredentialTestContext,
	ExecuteContext,
	ExecutionLifecycleHooks,
	ExternalSecretsProxy,
	PollContext,
	RoutingNode,
	TriggersAndPollers,
	WorkflowExecute,
} from 'n8n-core';

import { HarnessCredentialTypes } from './credential-types';
import { HarnessCredentialsHelper, type CredentialWrite } from './credentials-helper';
import { rehydrateError, type HarnessError } from './errors';
import { HarnessNodeTypes, MANUAL_TRIGGER_ALIAS, START_NODE_TYPE } from './node-types';
import { startWebhookServer, type WebhookServer, type WebhookServerParams } from './webhook';
import { createOAuth2ApiCredentialType } from './oauth2-api.credentials';
import { addLogListener, ensureRuntime, getContainer, type LogEntry } from './runtime';

export type { HarnessError } from './errors';
export type { CredentialWrite } from './credentials-helper';
export type { LogEntry } from './runtime';
export type { WebhookCall, WebhookServer, WebhookServerParams } from './webhook';
export { START_NODE_TYPE, NO_OP_NODE_TYPE } from './node-types';
export { rehydrateError } from './errors';
export {
	getActiveExpressionEngine,
	withExternalNetwork,
	ExternalNetworkBlockedError,
} from './runtime';

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

let executionCounter = 0;

export function createHarness(opts: HarnessOptions): Harness {
	ensureRuntime();

	const nodeTypes = new HarnessNodeTypes(opts.nodeTypes);
	const credentialTypeList = [...opts.credentialTypes];
	if (!credentialTypeList.some((t) => t.name === 'oAuth2Api')) {
		credentialTypeList.push(createOAuth2ApiCredentialType());
	}
	const credentialTypes = new HarnessCredentialTypes(credentialTypeList, () => nodeTypes.entries());
	const credentialsHelper = new HarnessCredentialsHelper(credentialTypes, {
		pinHiddenOAuthFields: opts.pinHiddenOAuthFields ?? true,
	});
	const logs: LogEntry[] = [];
	const removeLogListener = addLogListener((entry) => logs.push(entry));

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

	function findStartNode(workflow: Workflow, nodes: INode[]): INode {
		const explicit = nodes.find(
			(n) => !n.disabled && (n.type === START_NODE_TYPE || n.type === MANUAL_TRIGGER_ALIAS),
		);
		if (explicit) return workflow.getNode(explicit.name) as INode;
		const start = workflow.getStartNode();
		if (!start) throw new UserError('No node to start the workflow from could be found');
		return start;
	}

	async function runWorkflow(w: RunWorkflowParams): Promise<RunResult> {
		const mode = w.mode ?? 'manual';
		const executionId = `harness-${++executionCounter}`;
		const nodes = deepCopy(w.nodes);
		const settings: IWorkflowSettings = { executionOrder: 'v1', ...(w.settings ?? {}) };
		const workflowData: IWorkflowBase = {
			id: 'harness-workflow',
			name: 'Harness workflow',
			active: false,
			activeVersionId: null,
			isArchived: false,
			createdAt: new Date(),
			updatedAt: new Date(),
			nodes,
			connections: w.connections,
			settings,
		};
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

	async function runNode(params: RunNodeParams): Promise<RunNodeResult> {
		const typeVersion = params.typeVersion ?? nodeTypes.defaultVersion(params.type);
		const name = params.name ?? defaultNodeName(params.type, typeVersion);
		if (name === 'Start')
			throw new UserError('runNode: the node under test cannot be named "Start"');
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
		const run = await runWorkflow({
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

	async function poll(params: PollParams): Promise<INodeExecutionData[][] | null> {
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
		const executionId = `harness-poll-${++executionCounter}`;
		const additionalData = makeAdditionalData(
			executionId,
			new ExecutionLifecycleHooks(mode, executionId, {
				id: 'harness-workflow',
				name: 'Harness workflow',
				active: false,
				activeVersionId: null,
				isArchived: false,
				createdAt: new Date(),
				updatedAt: new Date(),
				nodes: [node],
				connections: {},
			}),
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

	function findCredentialTestFunction(nodeTypeName: string, methodName: string) {
		const type = nodeTypes.getByName(nodeTypeName);
		const versions: INodeType[] =
			'nodeVersions' in type
				? Object.keys(type.nodeVersions)
						.map(Number)
						.sort((a, b) => b - a)
						.map((v) => type.nodeVersions[v])
				: [type];
		for (const version of versions) {
			const fn = version.methods?.credentialTest?.[methodName];
			if (fn) return { fn, description: version.description };
		}
		throw new UserError(`Node type "${nodeTypeName}" has no methods.credentialTest.${methodName}`);
	}

	async function credentialTest(
		nodeTypeName: string,
		methodName: string,
		credentialData: ICredentialDataDecryptedObject,
		options: CredentialTestOptions = {},
	): Promise<INodeCredentialTestResult> {
		const { fn, description } = findCredentialTestFunction(nodeTypeName, methodName);
		const credentialType =
			options.credentialType ??
			description.credentials?.find((c) => c.testedBy === methodName)?.name;
		const additionalData = makeAdditionalData(`harness-credtest-${++executionCounter}`);
		let data = deepCopy(credentialData);
		if (credentialType) {
			data = await credentialsHelper.applyDefaultsAndOverwrites(
				additionalData,
				data,
				credentialType,
				'internal',
			);
		}
		const decrypted: ICredentialsDecrypted = {
			id: options.id ?? 'credential-test',
			name: options.name ?? 'Credential under test',
			type: credentialType ?? '',
			data,
		};
		const context = new CredentialTestContext(additionalData);
		return await fn.call(context, decrypted);
	}

	async function testCredentials(
		credentialType: string,
		credentialData: ICredentialDataDecryptedObject,
		options: { id?: string; name?: string } = {},
	): Promise<INodeCredentialTestResult> {
		const type = credentialTypes.getByName(credentialType);
		const isOAuth2 =
			credentialType === 'oAuth2Api' ||
			credentialTypes.getParentTypes(credentialType).includes('oAuth2Api');
		const additionalData = makeAdditionalData(`harness-credtest-${++executionCounter}`);
		const decrypted: ICredentialsDecrypted = {
			id: options.id ?? 'credential-test',
			name: options.name ?? 'Credential under test',
			type: credentialType,
			data: deepCopy(credentialData),
		};

		// Same lookup order as the CLI's CredentialsTester.getCredentialTestFunction
		let testRequest = type.test;
		let testNodeType: INodeType | undefined;
		let testFunction:
			| ((
					this: CredentialTestContext,
					c: ICredentialsDecrypted,
			  ) => Promise<INodeCredentialTestResult>)
			| undefined;
		let found = !!testRequest;
		if (!found) {
			for (const nodeTypeName of credentialTypes.getSupportedNodes(credentialType)) {
				const nodeType = nodeTypes.getByName(nodeTypeName);
				const all: INodeType[] =
					'nodeVersions' in nodeType ? Object.values(nodeType.nodeVersions) : [nodeType];
				for (const version of all) {
					for (const { name, testedBy } of version.description.credentials ?? []) {
						if (name === credentialType && isOAuth2) {
							const hasToken =
								typeof decrypted.data?.oauthTokenData === 'object' &&
								decrypted.data.oauthTokenData !== null &&
								'access_token' in (decrypted.data.oauthTokenData as IDataObject);
							return hasToken
								? { status: 'OK', message: 'Connection Successful!' }
								: { status: 'Error', message: "Couldn't connect with these settings" };
						}
						if (name === credentialType && testedBy) {
							if (typeof testedBy === 'string') {
								testFunction = findCredentialTestFunction(nodeTypeName, testedBy)
									.fn as typeof testFunction;
							} else {
								testRequest = testedBy;
								testNodeType = version;
							}
							found = true;
							break;
						}
					}
					if (found) break;
				}
				if (found) break;
			}
		}
		if (!found)
			return { status: 'Error', message: 'No testing function found for this credential.' };

		try {
			decrypted.data = await credentialsHelper.applyDefaultsAndOverwrites(
				additionalData,
				decrypted.data as ICredentialDataDecryptedObject,
				credentialType,
				'internal',
			);
		} catch (error) {
			return { status: 'Error', message: String((error as Error).message) };
		}

		if (testFunction)
			return await testFunction.call(new CredentialTestContext(additionalData), decrypted);
		if (!testRequest)
			return { status: 'Error', message: 'No testing function found for this credential.' };

		// Declarative test request: the CLI runs it through a RoutingNode on a temp node.
		const baseDescription = testNodeType?.description ?? {
			...nodeTypes.getByNameAndVersion('harness.noOp').description,
			name: 'n8n-nodes-base.noOp',
		};
		const nodeTypeCopy: INodeType = {
			description: {
				...baseDescription,
				credentials: [{ name: credentialType, required: true }],
				properties: [
					{
						displayName: 'Temp',
						name: 'temp',
						type: 'string',
						routing: { request: testRequest.request },
						default: '',
					},
				],
			},
		};
		const node: INode = {
			id: 'temp',
			parameters: {},
			name: 'Temp-Node',
			type: nodeTypeCopy.description.name,
			typeVersion: Array.isArray(nodeTypeCopy.description.version)
				? nodeTypeCopy.description.version.slice(-1)[0]
				: nodeTypeCopy.description.version,
			position: [0, 0],
			credentials: { [credentialType]: { id: decrypted.id, name: decrypted.name } },
		};
		const tempNodeTypes = {
			getByName: () => nodeTypeCopy,
			getByNameAndVersion: () => nodeTypeCopy,
			getKnownTypes: () => ({}),
		};
		const workflow = new Workflow({
			nodes: [node],
			connections: {},
			active: false,
			nodeTypes: tempNodeTypes,
		});
		const executeData: IExecuteData = { node, data: {}, source: null };
		const context = new ExecuteContext(
			workflow,
			node,
			additionalData,
			'internal',
			{ resultData: { runData: {} } } as IRunExecutionData,
			0,
			[],
			{ main: [[{ json: {} }]] },
			executeData,
			[],
		);
		let response: INodeExecutionData[][] | null | undefined;
		try {
			response = await new RoutingNode(context, nodeTypeCopy, decrypted).runNode();
		} catch (error) {
			const cause = (
				error as { cause?: { response?: { status: number; statusText?: string }; code?: string } }
			).cause;
			if (cause?.response) {
				for (const rule of testRequest.rules ?? []) {
					if (rule.type === 'responseCode' && cause.response.status === rule.properties.value) {
						return { status: 'Error', message: String(rule.properties.message) };
					}
				}
				if (cause.response.status < 199 || cause.response.status > 299) {
					return {
						status: 'Error',
						message:
							cause.response.statusText || `Received HTTP status code: ${cause.response.status}`,
					};
				}
			} else if (cause?.code) {
				return { status: 'Error', message: cause.code };
			}
			return { status: 'Error', message: String((error as Error).message) };
		}
		for (const rule of testRequest.rules ?? []) {
			if (rule.type === 'responseSuccessBody') {
				const json = response?.[0]?.[0]?.json ?? {};
				const actual = rule.properties.key
					.split('.')
					.reduce<unknown>(
						(acc, key) => (acc && typeof acc === 'object' ? (acc as IDataObject)[key] : undefined),
						json,
					);
				if (actual === rule.properties.value)
					return { status: 'Error', message: rule.properties.message };
			}
		}
		return { status: 'OK', message: 'Connection successful!' };
	}

	return {
		setCredential(type, id, data, name) {
			credentialsHelper.set(type, id, data as ICredentialDataDecryptedObject, name);
		},
		getCredential(id) {
			const stored = credentialsHelper.store.get(id);
			if (!stored) throw new UserError(`No credential with id "${id}" in this harness`);
			return deepCopy(stored.data);
		},
		runWorkflow,
		runNode,
		poll,
		startWebhook: async (params) =>
			await startWebhookServer(
				{ nodeTypes, makeAdditionalData, runWorkflow, autoCredentials, defaultNodeName },
				params,
			),
		credentialTest,
		testCredentials,
		get credentialWrites() {
			return credentialsHelper.writes;
		},
		logs,
		nodeTypes,
		credentialTypes,
		dispose() {
			removeLogListener();
		},
	};
}
