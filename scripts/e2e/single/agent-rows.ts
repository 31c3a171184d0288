/**
 * The nodes as an AI Agent's tools in real n8n: each package's example agent workflow
 * (examples/agent-video-tools.json: chat → AI Agent → Create Video and Get Video as tools) with
 * n8n's own AI Agent and OpenAI Chat Model nodes, the model's credential pointed at the
 * scripted chat-model stub (tools/emulator/chat-model.ts). `n8n execute` starts only from a
 * Manual Trigger, so the Chat Trigger becomes one plus a Set node with the chat message. It asks
 * for two clips, so the model calls Create Video twice in one turn: both answer "not ready yet"
 * after 1 s (the bounded wait), the model calls Get Video for each; one is then ready (its URL
 * goes into the agent's answer) and the other failed (its sentence goes into the answer).
 */
import { randomUUID } from 'node:crypto';

import type { PackageInfo, WorkflowJson } from '../../n8n-host';
import { nodeItems, PACKAGES, readExample, useCredential } from '../../n8n-host';
import type { ToolResult } from '../../../tools/emulator/chat-model';
import { toolResults } from '../../../tools/emulator/chat-model';
import { CREDENTIALS, OPENAI_STUB_CREDENTIAL } from '../workflows';
import type { Execution, SingleContext, SingleRow } from './rows';

/** The keys of the compact tool answer (Output: Simplified). */
const ANSWER_KEYS = ['id', 'status', 'videoUrl', 'model', 'error', 'message'];
/** The most a tool answer may weigh for the model. */
const MAX_ANSWER_BYTES = 2048;
const AGENT = 'AI Agent';

const MODELS: Record<PackageInfo['id'], string> = {
	aimlapi: 'alibaba/wan2.1-t2v-turbo',
	// Wan 2.1: a flat body, whose prompt the emulator reads for its failure marker.
	novita: 'wan-t2v',
};
const GOOD_PROMPT = 'a red fox running through fresh snow at dawn, slow motion';
const FAILING_PROMPT = 'a fox in a storm [fail]';

function chatMessage(id: PackageInfo['id']): string {
	return `Make me two 5-second clips. 1) model ${MODELS[id]}: ${GOOD_PROMPT} 2) model ${MODELS[id]}: ${FAILING_PROMPT}`;
}

/** The example, runnable by `n8n execute` against the emulator and the stub. */
export function agentWorkflow(id: PackageInfo['id'], workflowId: string): WorkflowJson {
	const info = PACKAGES[id];
	const workflow = readExample('agent-video-tools.json', info);
	useCredential(workflow, CREDENTIALS[id], info);
	workflow.id = workflowId;
	workflow.active = false;
	const trigger = workflow.nodes.find((n) => n.type === '@n8n/n8n-nodes-langchain.chatTrigger');
	if (!trigger) throw new Error(`${workflow.name}: no Chat Trigger`);
	workflow.nodes = workflow.nodes.filter((n) => n !== trigger);
	workflow.nodes.push(
		{
			id: randomUUID(),
			name: 'Start',
			type: 'n8n-nodes-base.manualTrigger',
			typeVersion: 1,
			position: [-220, 0],
			parameters: {},
		},
		{
			// One chat message, as a Chat Trigger gives it (a Set node: no task runner to start).
			id: randomUUID(),
			name: 'Chat message',
			type: 'n8n-nodes-base.set',
			typeVersion: 3.4,
			position: [0, 0],
			parameters: {
				mode: 'raw',
				jsonOutput: JSON.stringify({ sessionId: 'e2e', chatInput: chatMessage(id) }),
				options: {},
			},
		},
	);
	const connections = { ...workflow.connections };
	delete connections[trigger.name];
	connections.Start = { main: [[{ node: 'Chat message', type: 'main', index: 0 }]] };
	connections['Chat message'] = { main: [[{ node: AGENT, type: 'main', index: 0 }]] };
	workflow.connections = connections;
	for (const node of workflow.nodes) {
		if (node.credentials?.openAiApi) node.credentials.openAiApi = { ...OPENAI_STUB_CREDENTIAL };
		if (node.type === `${info.nodeType}Tool`) {
			// Quick against the emulator's 2 s jobs: Create Video answers "not ready" after 1 s.
			node.parameters.pollInterval = 0.5;
			if (node.parameters.operation === 'create') node.parameters.maxWait = 1;
			else node.parameters.maxWait = 30;
		}
	}
	return workflow;
}

/** Checks one tool answer: compact JSON of the simplified keys, nothing binary or raw. */
function checkAnswer(
	ctx: SingleContext,
	where: string,
	result: ToolResult,
	secrets: string[],
): Record<string, unknown> | undefined {
	const bytes = Buffer.byteLength(result.content, 'utf8');
	let item: Record<string, unknown> | undefined;
	try {
		const parsed = JSON.parse(result.content) as unknown;
		item = Array.isArray(parsed) && parsed.length === 1 ? (parsed[0] as typeof item) : undefined;
	} catch {
		item = undefined;
	}
	const { report } = ctx;
	report.check(
		item !== undefined,
		where,
		`the ${result.tool} answer is not one JSON item: ${result.content.slice(0, 300)}`,
	);
	if (!item) return undefined;
	const keys = Object.keys(item);
	report.check(
		JSON.stringify(keys) === JSON.stringify(ANSWER_KEYS),
		where,
		`the ${result.tool} answer has keys ${keys.join(', ')}`,
	);
	report.check(bytes <= MAX_ANSWER_BYTES, where, `the ${result.tool} answer is ${bytes} bytes`);
	report.check(
		!/base64|data:video|"response"|"binary"|AAAA/i.test(result.content),
		where,
		`the ${result.tool} answer carries binary, Base64 or the raw provider answer`,
	);
	report.check(
		secrets.every((secret) => !result.content.includes(secret)),
		where,
		`the ${result.tool} answer holds an API key`,
	);
	return item;
}

function agentRow(id: PackageInfo['id'], name: string): SingleRow {
	const info = PACKAGES[id];
	return {
		name,
		package: id,
		chatModel: true,
		workflows: () => ({
			agent: agentWorkflow(id, `e2eAgent${id === 'aimlapi' ? 'Aiml' : 'Novi'}`),
		}),
		async run(ctx: SingleContext, { agent }) {
			const stub = ctx.chatModel;
			if (!stub) throw new Error('the agent rows need the chat-model stub');
			const mark = ctx.report.mark();
			const requestsFrom = stub.requests.length;
			const run: Execution = await ctx.execute(this.name, agent);
			const where = this.name;
			const requests = stub.requests.slice(requestsFrom);
			const secrets = [...ctx.emulator.config.keys.aimlapi, ...ctx.emulator.config.keys.novita];
			const outputs = run.runJson ? (nodeItems(run.runJson, AGENT) ?? []) : [];
			const creates = ctx.emulator.requests.slice(run.from).filter((r) => r.route === 'create');
			const { report } = ctx;

			// 1. The generations were created with the agent's prompts and model ($fromAI).
			const goodCreate = creates.find((r) => JSON.stringify(r.body).includes(GOOD_PROMPT));
			report.check(
				goodCreate !== undefined && creates.length === 2,
				where,
				`${creates.length} creates, none with the agent's prompt "${GOOD_PROMPT}"`,
			);
			report.check(
				goodCreate !== undefined &&
					(JSON.stringify(goodCreate.body).includes(`"${MODELS[id]}"`) ||
						goodCreate.path.endsWith(`/${MODELS[id]}`)),
				where,
				`the create did not use the agent's model ${MODELS[id]}`,
			);

			// 2. What the model read back from the tools, as the stub's last request shows it.
			const last = requests[requests.length - 1];
			const results = last ? toolResults(last.body.messages) : [];
			const answers = results.map((result) => checkAnswer(ctx, where, result, secrets));
			const createAnswers = answers.filter((_, i) => results[i].tool.startsWith('Create'));
			report.check(
				createAnswers.length === 2 &&
					createAnswers.every(
						(item) => item?.status !== 'completed' && String(item?.message).includes('Get Video'),
					),
				where,
				`Create Video's bounded wait did not answer "not ready, call Get Video later" twice: ${JSON.stringify(createAnswers)}`,
			);
			const latest = new Map<string, Record<string, unknown>>();
			for (const item of answers) if (item?.id) latest.set(String(item.id), item);
			const done = [...latest.values()].filter((item) => item.status === 'completed');
			const failed = [...latest.values()].filter((item) => item.status === 'failed');
			const url = done.length === 1 ? String(done[0].videoUrl) : undefined;
			report.check(
				url !== undefined,
				where,
				`Get Video did not answer with one finished video: ${JSON.stringify([...latest.values()])}`,
			);
			report.check(
				failed.length === 1 && /failed: /.test(String(failed[0].message)),
				where,
				`the failed generation did not reach the agent as a readable answer: ${JSON.stringify(failed)}`,
			);

			// 3. The agent's final answer carries the URL and passes the failure on.
			const finals = outputs.map((item) => String(item.json.output ?? ''));
			report.check(
				url !== undefined && finals.length === 1 && finals[0].includes(url),
				where,
				`the agent's answer does not carry the video URL: ${JSON.stringify(finals)}`,
			);
			report.check(
				finals.some((text) => text.includes('I could not make that video. Generation')),
				where,
				`the agent did not pass the failure on: ${JSON.stringify(finals)}`,
			);
			report.check(
				requests.every((request) =>
					secrets.every((secret) => !JSON.stringify(request.body).includes(secret)),
				),
				where,
				'the model was sent an API key',
			);
			for (const [index, result] of results.entries())
				console.log(
					`  ${info.name} tool answer ${index + 1} (${result.tool}, ${Buffer.byteLength(result.content)} bytes): ${result.content}`,
				);
			for (const text of finals) console.log(`  ${info.name} agent answer: ${text}`);
			const failures = report.since(mark);
			report.add(
				{
					case: this.name,
					ranOn: run.ranOn,
					node: AGENT,
					items: `${outputs.length}`,
					status: run.runJson?.status ?? 'no run',
					binary: '-',
					checks: failures.length
						? failures[0]
						: `${requests.length} model calls, ${results.length} tool answers of ≤ ${Math.max(0, ...results.map((r) => Buffer.byteLength(r.content)))} B (compact JSON); URL in the agent's answer; failure passed on`,
					seconds: run.seconds,
				},
				failures.length === 0,
			);
		},
	};
}

export const AGENT_ROWS: SingleRow[] = [
	agentRow('aimlapi', 'h agent tools'),
	agentRow('novita', 'i agent tools'),
];
