/**
 * A scripted stand-in for an OpenAI-compatible chat model (POST /v1/chat/completions), for
 * n8n's own OpenAI Chat Model node pointed at it through its credential's Base URL. It plays
 * the model of an AI Agent that has the video tools:
 *   1. the user asks for videos ("… model <id>: <prompt>", numbered "1) … 2) …" for several)
 *      → it calls the tool that takes a `prompt` (Create Video) once per video, in one turn;
 *   2. answers that are not finished and name an ID → it calls the tool that takes a
 *      `generationId` (Get Video) for each (at most MAX_GET_CALLS rounds);
 *   3. then a final message: the video URL of each finished one, and for a failed one the
 *      tool's own sentence.
 * Every request is recorded, so a test can read what the model was sent (the tool answers).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ChatMessage {
	role: string;
	content?: unknown;
	tool_calls?: Array<{ id: string; function: { name: string; arguments: string } }>;
	tool_call_id?: string;
}

interface ChatTool {
	type: string;
	function: { name: string; description?: string; parameters?: { properties?: object } };
}

export interface ChatRequest {
	at: number;
	path: string;
	authorization?: string;
	body: { model?: string; messages?: ChatMessage[]; tools?: ChatTool[]; stream?: boolean };
	/** What the stub answered: a tool call or the final text. */
	reply: { toolCalls?: Array<{ name: string; arguments: Record<string, unknown> }>; text?: string };
}

/** A tool answer the model received: the tool's name and the text n8n sent as its result. */
export interface ToolResult {
	tool: string;
	content: string;
}

const MAX_GET_CALLS = 3;

/** The text of a message's content (a string, or OpenAI's list of text parts). */
export function contentText(content: unknown): string {
	if (typeof content === 'string') return content;
	if (Array.isArray(content))
		return content
			.map((part) =>
				typeof part === 'string' ? part : String((part as { text?: unknown }).text ?? ''),
			)
			.join('');
	return content === undefined || content === null ? '' : JSON.stringify(content);
}

/** The tool results in a conversation, with the name of the tool each one answers. */
export function toolResults(messages: ChatMessage[] = []): ToolResult[] {
	const names = new Map<string, string>();
	for (const message of messages)
		for (const call of message.tool_calls ?? []) names.set(call.id, call.function.name);
	return messages
		.filter((message) => message.role === 'tool')
		.map((message) => ({
			tool: names.get(message.tool_call_id ?? '') ?? 'unknown',
			content: contentText(message.content),
		}));
}

function takes(tool: ChatTool, field: string): boolean {
	return Object.prototype.hasOwnProperty.call(tool.function.parameters?.properties ?? {}, field);
}

function firstItem(text: string): Record<string, unknown> | undefined {
	try {
		const parsed = JSON.parse(text) as unknown;
		const item = Array.isArray(parsed) ? parsed[0] : parsed;
		return item && typeof item === 'object' ? (item as Record<string, unknown>) : undefined;
	} catch {
		return undefined;
	}
}

export class ChatModelStub {
	readonly requests: ChatRequest[] = [];
	private server: http.Server | undefined;
	private port = 0;

	/** The Base URL to give the OpenAI credential (`…/v1`). */
	get baseUrl(): string {
		return `http://127.0.0.1:${this.port}/v1`;
	}

	async start(): Promise<this> {
		this.server = http.createServer((req, res) => {
			const chunks: Buffer[] = [];
			req.on('data', (chunk: Buffer) => chunks.push(chunk));
			req.on('end', () => this.handle(req, res, Buffer.concat(chunks).toString('utf8')));
		});
		await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
		this.port = (this.server.address() as AddressInfo).port;
		return this;
	}

	async stop(): Promise<void> {
		await new Promise<void>((resolve) =>
			this.server ? this.server.close(() => resolve()) : resolve(),
		);
		this.server = undefined;
	}

	/** Every tool answer the model was sent, in order, without repeats (each request resends the history). */
	toolResults(): ToolResult[] {
		const last = this.requests[this.requests.length - 1];
		return last ? toolResults(last.body.messages) : [];
	}

	private handle(req: http.IncomingMessage, res: http.ServerResponse, raw: string): void {
		const path = (req.url ?? '').split('?')[0];
		if (req.method !== 'POST' || !path.endsWith('/chat/completions')) {
			res.writeHead(404, { 'Content-Type': 'application/json' });
			res.end(JSON.stringify({ error: { message: `No stub for ${req.method} ${path}` } }));
			return;
		}
		let body: ChatRequest['body'];
		try {
			body = JSON.parse(raw) as ChatRequest['body'];
		} catch {
			res.writeHead(400, { 'Content-Type': 'application/json' });
			res.end(JSON.stringify({ error: { message: 'Invalid JSON' } }));
			return;
		}
		const reply = this.decide(body);
		this.requests.push({
			at: Date.now(),
			path,
			authorization: req.headers.authorization,
			body,
			reply,
		});
		const model = body.model ?? 'stub';
		const created = Math.floor(Date.now() / 1000);
		const id = `chatcmpl-${this.requests.length}`;
		const toolCalls = reply.toolCalls?.map((call, index) => ({
			id: `call_${this.requests.length}_${index}`,
			type: 'function',
			function: { name: call.name, arguments: JSON.stringify(call.arguments) },
		}));
		const finish = toolCalls ? 'tool_calls' : 'stop';
		const usage = { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 };
		if (body.stream) {
			res.writeHead(200, { 'Content-Type': 'text/event-stream' });
			const chunk = (delta: object, finishReason: string | null) =>
				`data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model, choices: [{ index: 0, delta, finish_reason: finishReason }] })}\n\n`;
			res.write(
				chunk(
					toolCalls
						? {
								role: 'assistant',
								tool_calls: toolCalls.map((call, index) => ({ index, ...call })),
							}
						: { role: 'assistant', content: reply.text },
					null,
				),
			);
			res.write(chunk({}, finish));
			res.end('data: [DONE]\n\n');
			return;
		}
		res.writeHead(200, { 'Content-Type': 'application/json' });
		res.end(
			JSON.stringify({
				id,
				object: 'chat.completion',
				created,
				model,
				choices: [
					{
						index: 0,
						message: toolCalls
							? { role: 'assistant', content: null, tool_calls: toolCalls }
							: { role: 'assistant', content: reply.text },
						finish_reason: finish,
					},
				],
				usage,
			}),
		);
	}

	/** The scripted model: what to answer to this conversation. */
	private decide(body: ChatRequest['body']): ChatRequest['reply'] {
		const messages = body.messages ?? [];
		const tools = body.tools ?? [];
		const create = tools.find((tool) => takes(tool, 'prompt'));
		const get = tools.find((tool) => takes(tool, 'generationId'));
		const last = messages[messages.length - 1];
		if (last?.role === 'tool') {
			// The latest word on each generation, in the order they were asked for.
			const latest = new Map<string, Record<string, unknown> | string>();
			for (const [index, result] of toolResults(messages).entries()) {
				const item = firstItem(result.content);
				latest.set(item?.id ? String(item.id) : `#${index}`, item ?? result.content);
			}
			const pending = [...latest.values()].filter(
				(item): item is Record<string, unknown> =>
					typeof item !== 'string' &&
					!!item.id &&
					item.status !== 'completed' &&
					item.status !== 'failed' &&
					!item.error,
			);
			const gets = toolResults(messages).filter((result) => result.tool === get?.function.name);
			if (get && pending.length && gets.length < MAX_GET_CALLS * pending.length)
				return {
					toolCalls: pending.map((item) => ({
						name: get.function.name,
						arguments: { generationId: String(item.id) },
					})),
				};
			const lines = [...latest.values()].map((item) => {
				if (typeof item === 'string') return `The video tool failed: ${item}`;
				if (item.status === 'completed' && item.videoUrl)
					return `Your video is ready: ${String(item.videoUrl)}`;
				if (item.status === 'failed' || item.error)
					return `I could not make that video. ${String(item.message ?? item.error)}`;
				return `Your video is still being made (ID ${String(item.id)}); ask me again later.`;
			});
			return { text: lines.join('\n') };
		}
		const user = [...messages].reverse().find((message) => message.role === 'user');
		const request = contentText(user?.content);
		if (!create) return { text: 'I have no tool to make videos.' };
		// "… model <id>: <prompt>", once per video asked for (numbered "1) … 2) …" for several).
		const asks = [...request.matchAll(/model (\S+?):\s*([\s\S]+?)(?=\s+\d+\)\s|$)/g)];
		const wanted = asks.length ? asks : [[request, '', request]];
		return {
			toolCalls: wanted.map((ask) => {
				const args: Record<string, unknown> = { prompt: String(ask[2]).trim() };
				if (takes(create, 'model')) args.model = ask[1];
				return { name: create.function.name, arguments: args };
			}),
		};
	}
}
