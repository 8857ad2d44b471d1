/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test harness, never shipped in dist */
/**
 * Webhook triggers in process: a loopback HTTP server that hands each request to the node's
 * `webhook()` through n8n-core's real `WebhookContext`, then does what n8n's webhook handler does
 * with the result (n8n 2.41 `webhooks/webhook-helpers.js`, read from the installed n8n):
 * - a method other than the description's `httpMethod` expression: 404, node not called;
 * - `Content-Type: application/json` with a body that is not JSON: 422, node not called;
 * - `noWebhookResponse`: the node answered; nothing starts;
 * - `workflowData` with responseMode `onReceived`: answer 200 (`{"message":"Workflow was
 *   started"}` when responseData is empty, nothing for `noData`), then run the workflow;
 * - `workflowData` with `lastNode`: run, then 500 `{"message":"Error in workflow"}` when it failed,
 *   otherwise 200 (empty for `noData`, else the last node's first item).
 * The run itself is the harness's real `WorkflowExecute`, starting at the trigger with its items.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

import type {
	IConnections,
	IHttpRequestMethods,
	INode,
	INodeCredentials,
	INodeExecutionData,
	INodeParameters,
	INodeType,
	IWebhookData,
	IWebhookDescription,
	IWorkflowExecuteAdditionalData,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';
import { WebhookContext } from 'n8n-core';

import type { HarnessNodeTypes } from './node-types';
import type { RunResult, RunWorkflowParams } from './index';

export interface WebhookServerParams {
	type: string;
	parameters: INodeParameters;
	credentials?: INodeCredentials;
	/** Nodes run after the trigger, chained in order (trigger → first → second ...). */
	downstream?: INode[];
	/** `webhook` (production URL, default) or `manual` (test URL, "Listen for test event"). */
	mode?: Extract<WorkflowExecuteMode, 'webhook' | 'manual'>;
	workflowId?: string;
	nodeId?: string;
	name?: string;
}

export interface WebhookCall {
	method: string;
	/** Status answered to the caller. */
	status: number;
	/** Body answered to the caller. */
	answer: string;
	/** Whether the node's webhook() was called (not for 404/422 answered before it). */
	nodeCalled: boolean;
	/** Items the trigger started the workflow with; undefined when nothing started. */
	items?: INodeExecutionData[];
	/** The run, when one started. */
	run?: RunResult;
	/** Error thrown by webhook(), if any. */
	error?: Error;
}

export interface WebhookServer {
	/** The URL to push to (any path; n8n would add `/webhook/<id>/push`). */
	url: string;
	calls: WebhookCall[];
	/** Number of workflow executions started. */
	readonly executions: number;
	/** Resolves when every request received so far is fully handled (its run finished too). */
	idle(): Promise<void>;
	close(): Promise<void>;
}

export interface WebhookHarnessDeps {
	nodeTypes: HarnessNodeTypes;
	makeAdditionalData(executionId: string): IWorkflowExecuteAdditionalData;
	runWorkflow(w: RunWorkflowParams): Promise<RunResult>;
	autoCredentials(type: string, typeVersion: number): INodeCredentials | undefined;
	defaultNodeName(type: string, typeVersion: number): string;
}

let webhookCounter = 0;

function sendJson(res: ServerResponse, status: number, body: unknown): void {
	if (res.headersSent || res.destroyed) return;
	const text = body === undefined ? '' : JSON.stringify(body);
	res.writeHead(status, {
		'Content-Type': 'application/json; charset=utf-8',
		'Content-Length': Buffer.byteLength(text),
	});
	res.end(text);
}

/** Capture what is written to the response, for the call record. */
function recordAnswer(res: ServerResponse): () => string {
	const chunks: Buffer[] = [];
	const write = res.write.bind(res) as (...args: unknown[]) => boolean;
	const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
	const keep = (chunk: unknown) => {
		if (typeof chunk === 'string') chunks.push(Buffer.from(chunk));
		else if (Buffer.isBuffer(chunk)) chunks.push(chunk);
	};
	res.write = ((chunk: unknown, ...rest: unknown[]) => {
		keep(chunk);
		return write(chunk, ...rest);
	}) as typeof res.write;
	res.end = ((chunk?: unknown, ...rest: unknown[]) => {
		if (typeof chunk !== 'function') keep(chunk);
		return end(chunk, ...rest);
	}) as typeof res.end;
	return () => Buffer.concat(chunks).toString('utf8');
}

export async function startWebhookServer(
	deps: WebhookHarnessDeps,
	params: WebhookServerParams,
): Promise<WebhookServer> {
	const typeVersion = 1;
	const nodeType = deps.nodeTypes.getByNameAndVersion(params.type, typeVersion) as INodeType;
	if (!nodeType.webhook) throw new Error(`${params.type} has no webhook()`);
	const webhookFn: NonNullable<INodeType['webhook']> = nodeType.webhook;
	const declared = nodeType.description.webhooks?.[0] as IWebhookDescription | undefined;
	if (!declared) throw new Error(`${params.type} declares no webhook`);
	const description: IWebhookDescription = declared;
	const mode = params.mode ?? 'webhook';
	const name = params.name ?? deps.defaultNodeName(params.type, typeVersion);
	const trigger: INode = {
		id: params.nodeId ?? 'push-trigger-node',
		name,
		type: params.type,
		typeVersion,
		position: [0, 0],
		parameters: params.parameters,
		webhookId: 'harness-webhook-id',
		credentials: params.credentials ?? deps.autoCredentials(params.type, typeVersion),
	};
	const downstream = params.downstream ?? [];
	const nodes = [trigger, ...downstream];
	const connections: IConnections = {};
	for (let i = 0; i < downstream.length; i++) {
		connections[nodes[i].name] = { main: [[{ node: downstream[i].name, type: 'main', index: 0 }]] };
	}
	const workflowId = params.workflowId ?? 'harness-webhook-workflow';
	const calls: WebhookCall[] = [];
	let executions = 0;

	async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const chunks: Buffer[] = [];
		for await (const chunk of req) chunks.push(chunk as Buffer);
		const raw = Buffer.concat(chunks);
		const answer = recordAnswer(res);
		const call: WebhookCall = {
			method: req.method ?? 'GET',
			status: 0,
			answer: '',
			nodeCalled: false,
		};
		calls.push(call);
		res.on('finish', () => {
			call.status = res.statusCode;
			call.answer = answer();
		});

		const workflow = new Workflow({
			id: workflowId,
			name: 'Harness webhook workflow',
			nodes: structuredClone(nodes),
			connections,
			nodeTypes: deps.nodeTypes,
			settings: { executionOrder: 'v1' },
			active: mode === 'webhook',
		});
		const node = workflow.getNode(name) as INode;
		const evaluate = (value: string | undefined, fallback: string) =>
			String(
				workflow.expression.getComplexParameterValue(node, value, mode, {}, undefined, fallback) ??
					fallback,
			);
		const httpMethod = evaluate(description.httpMethod, 'GET');
		const responseMode = evaluate(description.responseMode, 'onReceived');
		const responseData = evaluate(description.responseData, 'firstEntryJson');
		if (call.method !== httpMethod) {
			sendJson(res, 404, {
				code: 404,
				message: `The requested webhook "${call.method} push" is not registered.`,
			});
			return;
		}

		// n8n's body parsing: JSON bodies are parsed before the node runs, unparseable ones refused.
		const incoming = req as IncomingMessage & {
			rawBody: Buffer;
			body: unknown;
			query: unknown;
			params: unknown;
		};
		incoming.rawBody = raw;
		incoming.query = {};
		incoming.params = {};
		incoming.body = {};
		const contentType = (req.headers['content-type'] ?? '').toLowerCase();
		if (contentType.includes('json') && raw.length > 0) {
			try {
				incoming.body = JSON.parse(raw.toString('utf8'));
			} catch {
				sendJson(res, 422, { message: 'Failed to parse request body' });
				return;
			}
		}

		const executionId = `harness-webhook-${++webhookCounter}`;
		const additionalData = deps.makeAdditionalData(executionId);
		additionalData.httpRequest = req as unknown as IWorkflowExecuteAdditionalData['httpRequest'];
		additionalData.httpResponse = res as unknown as IWorkflowExecuteAdditionalData['httpResponse'];
		const webhookData: IWebhookData = {
			httpMethod: httpMethod as IHttpRequestMethods,
			node: name,
			path: `${trigger.webhookId}/${description.path}`,
			webhookDescription: description,
			workflowId,
			workflowExecuteAdditionalData: additionalData,
			webhookId: trigger.webhookId,
			isTest: mode === 'manual',
		};
		const context = new WebhookContext(workflow, node, additionalData, mode, webhookData, [], null);
		call.nodeCalled = true;
		let result;
		try {
			result = await webhookFn.call(context);
		} catch (error) {
			call.error = error as Error;
			sendJson(res, 500, { code: 0, message: (error as Error).message });
			return;
		}
		if (result.noWebhookResponse === true || result.workflowData === undefined) {
			if (!res.writableEnded) sendJson(res, 200, { message: 'Webhook call received' });
			return;
		}

		const items = result.workflowData[0] ?? [];
		call.items = items;
		executions += 1;
		if (responseMode === 'onReceived') {
			sendJson(
				res,
				200,
				responseData === 'noData' ? undefined : responseData || { message: 'Workflow was started' },
			);
		}
		let run: RunResult;
		try {
			run = await deps.runWorkflow({
				nodes: structuredClone(nodes),
				connections,
				input: items.map((item) => item.json),
				mode,
				startNode: name,
			});
		} catch (error) {
			call.error = error as Error;
			sendJson(res, 500, { message: 'Error in workflow' });
			return;
		}
		call.run = run;
		if (responseMode !== 'lastNode') return;
		const last = run.executedNodes[run.executedNodes.length - 1];
		if (run.error || (last !== undefined && run.nodeError(last))) {
			sendJson(res, 500, { message: 'Error in workflow' });
		} else if (responseData === 'noData') {
			sendJson(res, 200, undefined);
		} else {
			sendJson(res, 200, (last !== undefined ? run.output(last)[0]?.json : undefined) ?? {});
		}
	}

	const sockets = new Set<Socket>();
	const inFlight = new Set<Promise<void>>();
	const server = createServer((req, res) => {
		const done = handle(req, res).catch((error: unknown) =>
			sendJson(res, 500, { message: String(error) }),
		);
		inFlight.add(done);
		void done.finally(() => inFlight.delete(done));
	});
	server.on('connection', (socket: Socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const port = (server.address() as AddressInfo).port;
	return {
		url: `http://127.0.0.1:${port}/webhook/harness-webhook-id/${description.path}`,
		calls,
		get executions() {
			return executions;
		},
		async idle() {
			while (inFlight.size > 0) await Promise.all([...inFlight]);
		},
		close: () =>
			new Promise<void>((resolve) => {
				server.close(() => resolve());
				for (const socket of sockets) socket.destroy();
			}),
	};
}
