/**
 * An OpenAI-compatible chat-completions stub, scripted like a model that uses its tool:
 *
 *  1. a request whose last message is the user's (and that offers tools) gets a tool call of the
 *     first tool, with the order the user named (a number, or a ref such as SHOP-1008) as the
 *     value of the tool's first parameter;
 *  2. a request whose last message is a tool result gets a final answer written from that
 *     result: "Order <ref> (KornitX <id>) is <status_name> (status <code>)…".
 *
 * Plain JSON and `stream: true` (server-sent events) are both answered. `GET /v1/models` lists one
 * model. Point an n8n "OpenAI" credential's Base URL at `<url>/v1`.
 */
import { startHttpStub, type HttpStub, type StubReply, type StubRequest } from './http-stub';

interface ChatMessage {
	role: string;
	content?: unknown;
	tool_calls?: unknown[];
}

interface ChatTool {
	type: string;
	function?: { name: string; parameters?: { properties?: Record<string, unknown> } };
}

interface ChatRequest {
	model?: string;
	messages?: ChatMessage[];
	tools?: ChatTool[];
	stream?: boolean;
}

export const STUB_MODEL = 'gpt-4o-mini';

function contentText(content: unknown): string {
	if (typeof content === 'string') return content;
	if (Array.isArray(content)) {
		return content
			.map((part) => (typeof part === 'string' ? part : ((part as { text?: string }).text ?? '')))
			.join('');
	}
	return content === undefined || content === null ? '' : JSON.stringify(content);
}

/** The order the user asked about: a KornitX ID (6+ digits) or a ref like SHOP-1008. */
export function orderMentioned(text: string): string | undefined {
	return /\b(\d{6,})\b/.exec(text)?.[1] ?? /\b([A-Z][A-Z0-9]*-\d+)\b/.exec(text)?.[1];
}

interface FoundOrder {
	id?: number;
	external_ref?: string;
	status?: number;
	status_name?: string;
	shipping_carrier?: string;
	shipping_tracking?: string;
}

/** Orders inside a tool result, whatever wrapping the agent gave it. */
function ordersIn(value: unknown, found: FoundOrder[] = []): FoundOrder[] {
	if (typeof value === 'string') {
		try {
			return ordersIn(JSON.parse(value), found);
		} catch {
			return found;
		}
	}
	if (Array.isArray(value)) {
		for (const entry of value) ordersIn(entry, found);
		return found;
	}
	if (value && typeof value === 'object') {
		const record = value as Record<string, unknown>;
		if (typeof record.status_name === 'string' && record.id !== undefined)
			found.push(record as FoundOrder);
		else for (const entry of Object.values(record)) ordersIn(entry, found);
	}
	return found;
}

export function answerFromToolResult(toolContent: string): string {
	const orders = ordersIn(toolContent);
	if (orders.length === 0) {
		return 'I could not find that order in KornitX. Please give me the KornitX order ID or the shop order reference.';
	}
	return orders
		.map((order) => {
			const shipping = order.shipping_tracking
				? ` It shipped with ${order.shipping_carrier || 'an unnamed carrier'}, tracking ${order.shipping_tracking}.`
				: '';
			return `Order ${order.external_ref} (KornitX ${order.id}) is ${order.status_name} (status ${order.status}).${shipping}`;
		})
		.join(' ');
}

interface Decision {
	content: string | null;
	toolCall?: { id: string; name: string; arguments: string };
}

function decide(body: ChatRequest, callNumber: number): Decision {
	const messages = body.messages ?? [];
	const last = messages[messages.length - 1];
	if (last?.role === 'tool') return { content: answerFromToolResult(contentText(last.content)) };
	const userText = contentText(
		[...messages].reverse().find((message) => message.role === 'user')?.content,
	);
	const tool = body.tools?.find((entry) => entry.type === 'function' && entry.function);
	const order = orderMentioned(userText);
	if (!tool?.function || !order)
		return { content: 'Which order do you mean? Give me its KornitX order ID or shop reference.' };
	const parameter = Object.keys(tool.function.parameters?.properties ?? {})[0] ?? 'input';
	return {
		content: null,
		toolCall: {
			id: `call_e2e_${callNumber}`,
			name: tool.function.name,
			arguments: JSON.stringify({ [parameter]: order }),
		},
	};
}

function completion(decision: Decision, model: string, id: string): unknown {
	return {
		id,
		object: 'chat.completion',
		created: Math.floor(Date.now() / 1000),
		model,
		choices: [
			{
				index: 0,
				message: {
					role: 'assistant',
					content: decision.content,
					...(decision.toolCall
						? {
								tool_calls: [
									{
										id: decision.toolCall.id,
										type: 'function',
										function: {
											name: decision.toolCall.name,
											arguments: decision.toolCall.arguments,
										},
									},
								],
							}
						: {}),
				},
				logprobs: null,
				finish_reason: decision.toolCall ? 'tool_calls' : 'stop',
			},
		],
		usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 },
	};
}

function streamChunks(decision: Decision, model: string, id: string): string[] {
	const base = {
		id,
		object: 'chat.completion.chunk',
		created: Math.floor(Date.now() / 1000),
		model,
	};
	const chunks: unknown[] = [
		{
			...base,
			choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }],
		},
	];
	if (decision.toolCall) {
		chunks.push({
			...base,
			choices: [
				{
					index: 0,
					delta: {
						tool_calls: [
							{
								index: 0,
								id: decision.toolCall.id,
								type: 'function',
								function: { name: decision.toolCall.name, arguments: decision.toolCall.arguments },
							},
						],
					},
					finish_reason: null,
				},
			],
		});
	} else {
		chunks.push({
			...base,
			choices: [{ index: 0, delta: { content: decision.content }, finish_reason: null }],
		});
	}
	chunks.push({
		...base,
		choices: [{ index: 0, delta: {}, finish_reason: decision.toolCall ? 'tool_calls' : 'stop' }],
	});
	chunks.push({
		...base,
		choices: [],
		usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 },
	});
	return [...chunks.map((chunk) => JSON.stringify(chunk)), '[DONE]'];
}

export interface OpenAiStub extends HttpStub {
	/** Chat-completion requests received, parsed. */
	chatRequests(): ChatRequest[];
}

export async function startOpenAiStub(): Promise<OpenAiStub> {
	let calls = 0;
	const handler = (req: StubRequest): StubReply => {
		if (req.method === 'GET' && req.path.endsWith('/models')) {
			return {
				body: {
					object: 'list',
					data: [{ id: STUB_MODEL, object: 'model', created: 0, owned_by: 'e2e' }],
				},
			};
		}
		if (req.method !== 'POST' || !req.path.endsWith('/chat/completions')) {
			return {
				status: 404,
				body: {
					error: { message: `no route ${req.method} ${req.path}`, type: 'invalid_request_error' },
				},
			};
		}
		const body = (req.json ?? {}) as ChatRequest;
		calls += 1;
		const decision = decide(body, calls);
		const id = `chatcmpl-e2e-${calls}`;
		const model = body.model ?? STUB_MODEL;
		return body.stream
			? { sse: streamChunks(decision, model, id) }
			: { body: completion(decision, model, id) };
	};
	const stub = await startHttpStub('openai', handler);
	return {
		...stub,
		chatRequests: () =>
			stub.requests
				.filter((req) => req.path.endsWith('/chat/completions'))
				.map((req) => (req.json ?? {}) as ChatRequest),
	};
}
