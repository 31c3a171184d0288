/**
 * Novita AI's Wan 2.1 14B through the same node: its body (size pairs, LoRAs, knobs), its
 * task statuses, failure reasons, batches and downloads, with the same output shape as AIML.
 */
import { TINY_MP4 } from '../../tools/emulator/server';
import { binaryBuffer } from '../../tools/harness/workflow';
import { credentialsFor, FAST_WAIT, NOVITA_KEY, run, useEmulator, visibleText } from './helpers';

const ctx = useEmulator();
const novita = { provider: 'novita', operation: 'create' };

test('defaults: the documented body with the required model_name, Bearer key', async () => {
	const result = await run(ctx.emulator, {
		parameters: { ...novita, prompt: 'a fox', waitForCompletion: false },
	});
	expect(result.error).toBeUndefined();
	const [create] = ctx.emulator.sent('create', 'novita');
	expect(create.path).toBe('/v3/async/wan-t2v');
	expect(create.headers.authorization).toBe(`Bearer ${NOVITA_KEY}`);
	expect(create.body).toEqual({
		model_name: 'wan2.1-t2v',
		prompt: 'a fox',
		width: 832,
		height: 480,
		seed: -1,
		steps: 30,
		guidance_scale: 5,
		flow_shift: 5,
	});
	expect(result.items[0].json).toMatchObject({
		provider: 'novita',
		model: 'wan-t2v',
		status: 'queued',
		id: [...ctx.emulator.jobs.keys()][0],
	});
});

test.each([
	['832x480', 832, 480],
	['480x832', 480, 832],
	['1280x720', 1280, 720],
	['720x1280', 720, 1280],
])('size %s is sent as width %i and height %i', async (size, width, height) => {
	await run(ctx.emulator, {
		parameters: { ...novita, prompt: 'p', novitaSize: size, waitForCompletion: false },
	});
	expect(ctx.emulator.sent('create', 'novita')[0].body).toMatchObject({ width, height });
});

test('every knob and up to three LoRAs', async () => {
	const result = await run(ctx.emulator, {
		parameters: {
			...novita,
			prompt: 'p',
			novitaNegativePrompt: 'blur',
			novitaSeed: 9999999999,
			novitaSteps: 40,
			novitaGuidanceScale: 7.5,
			novitaFlowShift: 9,
			novitaSafetyChecker: false,
			novitaFastMode: true,
			novitaLoras: {
				lora: [
					{ path: 'author/wan-style-lora', scale: 0.8 },
					{ path: 'https://example.com/lora.safetensors', scale: 4 },
					{ path: 'other/lora', scale: 0 },
				],
			},
			waitForCompletion: false,
		},
	});
	expect(result.error).toBeUndefined();
	expect(ctx.emulator.sent('create', 'novita')[0].body).toEqual({
		model_name: 'wan2.1-t2v',
		prompt: 'p',
		negative_prompt: 'blur',
		width: 832,
		height: 480,
		seed: 9999999999,
		steps: 40,
		guidance_scale: 7.5,
		flow_shift: 9,
		loras: [
			{ path: 'author/wan-style-lora', scale: 0.8 },
			{ path: 'https://example.com/lora.safetensors', scale: 4 },
			{ path: 'other/lora', scale: 0 },
		],
		enable_safety_checker: false,
		fast_mode: true,
	});
});

test('Extra Body Fields may still override model_name (the emulator refuses an unknown one)', async () => {
	const result = await run(ctx.emulator, {
		parameters: {
			...novita,
			prompt: 'p',
			waitForCompletion: false,
			options: { extraBodyFields: '{"model_name": "wan2.1-t2v-next"}' },
		},
		nodeSettings: { onError: 'continueRegularOutput' },
	});
	expect(ctx.emulator.sent('create', 'novita')[0].body).toMatchObject({
		prompt: 'p',
		model_name: 'wan2.1-t2v-next',
	});
	expect(result.items[0].json.error).toMatch(/model_name/);
});

test('the emulator requires what the reference requires: a body without model_name is refused', async () => {
	const result = await run(ctx.emulator, {
		parameters: { ...novita, prompt: 'p', waitForCompletion: false },
		nodeSettings: { onError: 'continueRegularOutput' },
	});
	expect(result.items[0].json.status).toBe('queued');
	// The same body without model_name, sent as an older client would.
	const older = { ...(ctx.emulator.sent('create', 'novita')[0].body as Record<string, unknown>) };
	delete older.model_name;
	const answer = await fetch(`${ctx.emulator.apiUrl}/v3/async/wan-t2v`, {
		method: 'POST',
		headers: { Authorization: `Bearer ${NOVITA_KEY}`, 'Content-Type': 'application/json' },
		body: JSON.stringify(older),
	});
	expect(answer.status).toBe(400);
	expect(await answer.text()).toMatch(/model_name: required/);
});

test('create with wait: TASK_STATUS_SUCCEED becomes completed, the video is downloaded without the key', async () => {
	const result = await run(ctx.emulator, { parameters: { ...novita, prompt: 'p', ...FAST_WAIT } });
	const { json } = result.items[0];
	expect(json).toMatchObject({
		status: 'completed',
		providerStatus: 'TASK_STATUS_SUCCEED',
		provider: 'novita',
		error: null,
		timedOut: false,
	});
	expect(String(json.videoUrl)).toContain(ctx.emulator.cdnUrl);
	expect((await binaryBuffer(result.items[0])).equals(TINY_MP4)).toBe(true);
	const fetches = ctx.emulator.sent('fetch', 'novita');
	expect(fetches[0].path).toBe('/v3/async/task-result');
	expect(fetches[0].query.task_id).toBe(json.id);
	const cdn = ctx.emulator.requests.filter((r) => r.origin === 'cdn');
	expect(cdn).toHaveLength(1);
	expect(cdn[0].headers.authorization).toBeUndefined();
	expect(visibleText(result)).not.toContain(NOVITA_KEY);
});

test('TASK_STATUS_FAILED fails the item with task.reason and the task id', async () => {
	const result = await run(ctx.emulator, {
		parameters: { ...novita, prompt: 'p [fail]', ...FAST_WAIT },
	});
	const id = [...ctx.emulator.jobs.keys()][0];
	expect(result.status).toBe('error');
	expect(result.error?.message).toContain(
		`Generation ${id} failed: The prompt was rejected by the content filter`,
	);
});

test('Get Video: without wait the current status, with wait until done', async () => {
	ctx.emulator.config.jobDurationMs = 400;
	const created = await run(ctx.emulator, {
		parameters: { ...novita, prompt: 'p', waitForCompletion: false },
	});
	const id = created.items[0].json.id;
	const now = await run(ctx.emulator, {
		parameters: { provider: 'novita', operation: 'get', generationId: id },
	});
	expect(now.items[0].json).toMatchObject({
		id,
		status: expect.stringMatching(/queued|generating/),
		provider: 'novita',
	});
	const later = await run(ctx.emulator, {
		parameters: {
			provider: 'novita',
			operation: 'get',
			generationId: id,
			waitForCompletion: true,
			...FAST_WAIT,
		},
	});
	expect(later.items[0].json).toMatchObject({ id, status: 'completed' });
	expect(later.items[0].binary?.data).toBeDefined();
});

test('a batch of 6 in input order, with faults on the way, one task each', async () => {
	ctx.emulator.config.jobDurationMs = (job) => 500 - job.index * 60;
	ctx.emulator.inject({
		route: 'fetch',
		kind: 'status',
		status: 503,
		times: 3,
		provider: 'novita',
	});
	ctx.emulator.inject({
		route: 'create',
		kind: 'status',
		status: 429,
		retryAfter: '0',
		times: 2,
		provider: 'novita',
	});
	const input = Array.from({ length: 6 }, (_, i) => ({ prompt: `shot ${i}` }));
	const result = await run(ctx.emulator, {
		input,
		parameters: { ...novita, prompt: '={{ $json.prompt }}', ...FAST_WAIT },
	});
	expect(result.status).toBe('success');
	const byPrompt = new Map([...ctx.emulator.jobs.values()].map((job) => [job.body.prompt, job.id]));
	expect(result.items.map((item) => item.json.id)).toEqual(
		input.map((i) => byPrompt.get(i.prompt)),
	);
	expect(result.items.every((item) => item.json.status === 'completed' && item.binary?.data)).toBe(
		true,
	);
	expect(ctx.emulator.jobs.size).toBe(6);
});

test('a wrong Novita key: refused, readable, not shown', async () => {
	const result = await run(ctx.emulator, {
		parameters: { ...novita, prompt: 'p', waitForCompletion: false },
		credentials: credentialsFor(ctx.emulator, { novita: 'novita-wrong-key-xyz123' }),
	});
	expect(result.error?.message).toContain('The Novita AI refused the API key');
	expect(visibleText(result)).not.toContain('novita-wrong-key-xyz123');
});

test('the output item has the same keys for both providers', async () => {
	const a = await run(ctx.emulator, { parameters: { ...novita, prompt: 'p', ...FAST_WAIT } });
	const b = await run(ctx.emulator, {
		parameters: {
			operation: 'create',
			model: { __rl: true, mode: 'list', value: 'alibaba/wan2.1-t2v-turbo' },
			prompt: 'p',
			...FAST_WAIT,
		},
	});
	const shared = [
		'id',
		'status',
		'videoUrl',
		'error',
		'model',
		'provider',
		'waitedSeconds',
		'pollCount',
		'timedOut',
		'video',
		'response',
	];
	for (const key of shared) {
		expect(a.items[0].json).toHaveProperty(key);
		expect(b.items[0].json).toHaveProperty(key);
	}
});
