/**
 * The nodes as an AI Agent's tool, through n8n-core's own tool wrapping (createNodeAsTool and
 * its invocation handler: $fromAI schema, tool description, the JSON string the model reads),
 * and the Simplify option of normal use. The e2e rows (scripts/e2e/single/agent-rows.ts) run the
 * real AI Agent and OpenAI Chat Model nodes.
 */
import type { IDataObject, INode, INodeType } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import {
	loadPackage,
	NODE_TYPE,
	NOVITA_NODE_TYPE,
	type RunResult,
} from '../../tools/harness/workflow';
import { AIML_KEY, FAST_WAIT, model, NOVITA_KEY, run, useEmulator } from './helpers';

const ctx = useEmulator();

const toolParameters: IDataObject = {
	operation: 'create',
	model: {
		__rl: true,
		mode: 'id',
		value: "={{ $fromAI('model', 'The video model id', 'string') }}",
	},
	prompt: "={{ $fromAI('prompt', 'What the video should show', 'string') }}",
	pollInterval: 0.05,
};

const novitaToolParameters: IDataObject = {
	operation: 'create',
	novitaModel: "={{ $fromAI('model', 'The video model', 'string') }}",
	prompt: "={{ $fromAI('prompt', 'What the video should show', 'string') }}",
	pollInterval: 0.05,
};

/** The tool's answer as the model reads it: n8n sends JSON.stringify of the items' json. */
function answer(result: RunResult): IDataObject {
	expect(result.tool?.thrown).toBeUndefined();
	const text = result.tool?.answer as unknown as string;
	expect(typeof text).toBe('string');
	const parsed = JSON.parse(text) as IDataObject[];
	expect(parsed).toHaveLength(1);
	return parsed[0];
}

describe('tool use: what the agent gets back', () => {
	test('Create Video: the agent prompt is sent; a compact answer with the URL, no binary, no raw answer', async () => {
		const result = await run(ctx.emulator, {
			parameters: toolParameters,
			toolCall: { prompt: 'a fox running in fresh snow', model: 'alibaba/wan-2-6-t2v' },
		});
		expect(result.status).toBe('success');
		const [create] = ctx.emulator.sent('create');
		expect((create.body as IDataObject).prompt).toBe('a fox running in fresh snow');
		expect((create.body as IDataObject).model).toBe('alibaba/wan-2-6-t2v');
		const json = answer(result);
		expect(Object.keys(json)).toEqual(['id', 'status', 'videoUrl', 'model', 'error', 'message']);
		expect(json.status).toBe('completed');
		expect(json.videoUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
		expect(json.model).toBe('alibaba/wan-2-6-t2v');
		expect(json.error).toBeNull();
		expect(String(json.message)).toContain(String(json.videoUrl));
		const text = String(result.tool?.answer);
		expect(Buffer.byteLength(text)).toBeLessThan(1024);
		expect(text).not.toContain('response');
		expect(text).not.toContain(AIML_KEY);
		// The video is not downloaded in tool use: the agent cannot read binary data.
		expect(ctx.emulator.requests.filter((request) => request.origin === 'cdn')).toHaveLength(0);
	});

	test('the tool description tells the model about the two-step path; $fromAI fields are the schema', async () => {
		const result = await run(ctx.emulator, {
			parameters: { ...toolParameters, waitForCompletion: false },
			toolCall: { prompt: 'p', model: 'alibaba/wan-2-6-t2v' },
		});
		expect(result.tool?.description).toContain('Get Video');
		expect(result.tool?.description).toContain('60 seconds');
		const json = answer(result);
		expect(json.status).toBe('queued');
		expect(String(json.message)).toContain(`generation ID ${String(json.id)}`);
	});

	test('a failed generation reaches the agent as a readable answer, not a crashed run', async () => {
		const result = await run(ctx.emulator, {
			parameters: toolParameters,
			toolCall: { prompt: 'a fox [fail]', model: 'alibaba/wan-2-6-t2v' },
		});
		expect(result.status).toBe('success');
		const json = answer(result);
		expect(json.status).toBe('failed');
		expect(json.error).toEqual(expect.any(String));
		expect(String(json.message)).toMatch(
			/^Generation \S+ failed: .+ try again with a changed prompt\.$/,
		);
	});

	test('a refused create (HTTP 400) and a bad input are answers too, naming what to change', async () => {
		ctx.emulator.inject({ route: 'create', kind: 'status', status: 400, times: 1 });
		const refused = await run(ctx.emulator, {
			parameters: toolParameters,
			toolCall: { prompt: 'a fox', model: 'alibaba/wan-2-6-t2v' },
		});
		expect(refused.status).toBe('success');
		const json = answer(refused);
		expect(json.id).toBeNull();
		expect(json.status).toBe('failed');
		expect(String(json.message)).toMatch(/^No video generation was started: /);

		const empty = await run(ctx.emulator, {
			parameters: toolParameters,
			toolCall: { prompt: '   ', model: 'alibaba/wan-2-6-t2v' },
		});
		expect(empty.status).toBe('success');
		expect(String(answer(empty).message)).toMatch(/^No video generation was started: Prompt/);
		expect(JSON.stringify([refused.tool, empty.tool])).not.toContain(AIML_KEY);
	});

	test('the wait is bounded: the pending ID comes back with a note to call Get Video later', async () => {
		ctx.emulator.config.jobDurationMs = 60_000;
		const started = Date.now();
		const result = await run(ctx.emulator, {
			parameters: { ...toolParameters, maxWait: 1 },
			toolCall: { prompt: 'a slow fox', model: 'alibaba/wan-2-6-t2v' },
		});
		expect(Date.now() - started).toBeLessThan(10_000);
		const json = answer(result);
		expect(json.status).toMatch(/queued|generating|processing/);
		expect(json.id).toEqual(expect.any(String));
		expect(String(json.message)).toContain('call the Get Video tool later');

		const later = await run(ctx.emulator, {
			parameters: {
				operation: 'get',
				generationId: "={{ $fromAI('generationId', 'The ID', 'string') }}",
			},
			toolCall: { generationId: json.id },
		});
		const status = answer(later);
		expect(status.id).toBe(json.id);
		expect(String(status.message)).toContain('call the Get Video tool later');
	});

	test('On Timeout = Fail the Item: still an answer that says the video is not ready', async () => {
		ctx.emulator.config.jobDurationMs = 60_000;
		const result = await run(ctx.emulator, {
			parameters: { ...toolParameters, maxWait: 0.5, options: { onTimeout: 'error' } },
			toolCall: { prompt: 'a slow fox', model: 'alibaba/wan-2-6-t2v' },
		});
		expect(result.status).toBe('success');
		const json = answer(result);
		expect(json.error).toEqual(expect.stringContaining('was not finished'));
		expect(String(json.message)).toContain('call the Get Video tool later');
	});

	test('Output Raw gives the whole normal item; Selected Fields the chosen keys and the ID', async () => {
		const raw = await run(ctx.emulator, {
			parameters: { ...toolParameters, output: 'raw' },
			toolCall: { prompt: 'p', model: 'alibaba/wan-2-6-t2v' },
		});
		const rawJson = answer(raw);
		expect(rawJson).toHaveProperty('response');
		expect(rawJson).toHaveProperty('pollCount');
		expect(rawJson.video).toBeNull();

		const selected = await run(ctx.emulator, {
			parameters: { ...toolParameters, output: 'selected', fieldsToInclude: ['videoUrl'] },
			toolCall: { prompt: 'p', model: 'alibaba/wan-2-6-t2v' },
		});
		expect(Object.keys(answer(selected))).toEqual(['id', 'videoUrl']);
	});

	test('Novita AI Video as a tool: the same compact answer', async () => {
		const result = await run(ctx.emulator, {
			nodeType: NOVITA_NODE_TYPE,
			parameters: novitaToolParameters,
			toolCall: { prompt: 'a fox on Novita', model: 'wan-2.2-t2v' },
		});
		expect(result.status).toBe('success');
		const [create] = ctx.emulator.sent('create');
		expect(create.path).toBe('/v3/async/wan-2.2-t2v');
		expect(JSON.stringify(create.body)).toContain('a fox on Novita');
		const json = answer(result);
		expect(json.status).toBe('completed');
		expect(json.videoUrl).toEqual(expect.any(String));
		expect(String(result.tool?.answer)).not.toContain(NOVITA_KEY);
	});
});

describe('tool use as the AI Agent v3 runs it: an ordinary node of the <name>Tool type', () => {
	// The agent asks the engine to run the tool node; n8n-core then runs it with an ordinary
	// execute context, whose isToolExecution() is false: the type name tells the node.
	test('the compact answer and no download, without isToolExecution()', async () => {
		const result = await run(ctx.emulator, {
			nodeType: `${NODE_TYPE}Tool`,
			parameters: { ...toolParameters, model: model('alibaba/wan-2-6-t2v'), prompt: 'a fox' },
		});
		expect(result.error).toBeUndefined();
		expect(Object.keys(result.items[0].json)).toEqual([
			'id',
			'status',
			'videoUrl',
			'model',
			'error',
			'message',
		]);
		expect(result.items[0].json.status).toBe('completed');
		expect(result.items[0].binary).toBeUndefined();
		expect(ctx.emulator.requests.filter((request) => request.origin === 'cdn')).toHaveLength(0);
	});
});

describe('defaults by use: tool variant and normal node', () => {
	async function defaults(type: string, tool: boolean): Promise<IDataObject> {
		const { nodeTypes } = await loadPackage();
		const nodeType = NodeHelpers.getVersionedNodeType(nodeTypes[type], 1) as INodeType;
		const description = tool
			? { ...nodeType.description, name: `${nodeType.description.name}Tool` }
			: nodeType.description;
		const node = { parameters: {}, typeVersion: 1 } as unknown as INode;
		return NodeHelpers.getNodeParameters(
			description.properties,
			{},
			true,
			false,
			node,
			description,
		) as IDataObject;
	}

	test.each([NODE_TYPE, NOVITA_NODE_TYPE])(
		'%s: Maximum Wait 60 s, Output Simplified as a tool; 1800 s and no Output otherwise',
		async (type) => {
			const tool = await defaults(type, true);
			expect(tool.maxWait).toBe(60);
			expect(tool.output).toBe('simplified');
			expect(tool.simplify).toBeUndefined();
			expect(String(tool.toolDescription)).toContain('Get Video tool later');
			const normal = await defaults(type, false);
			expect(normal.maxWait).toBe(1800);
			expect(normal.output).toBeUndefined();
			expect(normal.toolDescription).toBeUndefined();
			expect(normal.simplify).toBe(false);
		},
	);
});

describe('Simplify (normal use)', () => {
	test('off by default: the item keeps every key, the raw answer included', async () => {
		const result = await run(ctx.emulator, {
			parameters: {
				operation: 'create',
				model: model('alibaba/wan-2-6-t2v'),
				prompt: 'p',
				...FAST_WAIT,
			},
		});
		expect(result.items[0].json).toHaveProperty('response');
		expect(result.items[0].json).not.toHaveProperty('message');
	});

	test('on: at most 10 flat fields, the video still binary data', async () => {
		const result = await run(ctx.emulator, {
			parameters: {
				operation: 'create',
				model: model('alibaba/wan-2-6-t2v'),
				prompt: 'p',
				simplify: true,
				...FAST_WAIT,
			},
		});
		const json = result.items[0].json;
		expect(Object.keys(json)).toEqual([
			'id',
			'status',
			'videoUrl',
			'model',
			'error',
			'provider',
			'timedOut',
			'fileName',
			'fileSize',
		]);
		expect(json.status).toBe('completed');
		expect(json.fileSize).toEqual(expect.any(Number));
		expect(result.items[0].binary?.data).toBeDefined();
	});
});
