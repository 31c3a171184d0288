/**
 * Create Video through n8n-core against the emulator: the bodies each model gets, waiting or
 * not, failures, refusals before any request, continue-on-fail and several items.
 */
import { TINY_MP4 } from '../../tools/emulator/server';
import { binaryBuffer } from '../../tools/harness/workflow';
import {
	AIML_KEY,
	credentialsFor,
	FAST_WAIT,
	model,
	run,
	useEmulator,
	visibleText,
} from './helpers';

const ctx = useEmulator();

describe('request bodies: exact fields and names per model', () => {
	test('Wan 2.6 gets lowercase resolution, duration, enhance_prompt, audio fields, shot_type', async () => {
		const result = await run(ctx.emulator, {
			parameters: {
				operation: 'create',
				model: model('alibaba/wan-2-6-t2v'),
				prompt: 'a fox in snow',
				resolution: '720p',
				aspectRatio: '9:16',
				duration: 15,
				promptExpansion: true,
				shotType: 'multi',
				generateAudio: false,
				audioUrl: 'https://example.com/voice.mp3',
				negativePrompt: 'blur',
				seed: 7,
				waitForCompletion: false,
			},
		});
		expect(result.error).toBeUndefined();
		const [create] = ctx.emulator.sent('create');
		expect(create.path).toBe('/v2/video/generations');
		expect(create.body).toEqual({
			model: 'alibaba/wan-2-6-t2v',
			prompt: 'a fox in snow',
			resolution: '720p',
			aspect_ratio: '9:16',
			duration: 15,
			enhance_prompt: true,
			shot_type: 'multi',
			generate_audio: false,
			audio_url: 'https://example.com/voice.mp3',
			negative_prompt: 'blur',
			seed: 7,
		});
	});

	test('Wan 2.6 defaults: 1080p, 10 s, no seed or empty strings sent', async () => {
		await run(ctx.emulator, {
			parameters: {
				operation: 'create',
				model: model('alibaba/wan-2-6-t2v'),
				prompt: 'p',
				waitForCompletion: false,
			},
		});
		expect(ctx.emulator.sent('create')[0].body).toEqual({
			model: 'alibaba/wan-2-6-t2v',
			prompt: 'p',
			resolution: '1080p',
			aspect_ratio: '16:9',
			duration: 10,
			enhance_prompt: true,
			shot_type: 'single',
			generate_audio: true,
		});
	});

	test('Wan 2.1 Turbo gets uppercase resolution, watermark, enhance_prompt on the universal path', async () => {
		await run(ctx.emulator, {
			parameters: {
				operation: 'create',
				model: model('alibaba/wan2.1-t2v-turbo'),
				prompt: 'p',
				resolutionWan21Turbo: '480P',
				aspectRatio: '1:1',
				promptExpansion: false,
				watermark: true,
				waitForCompletion: false,
			},
		});
		const [create] = ctx.emulator.sent('create');
		expect(create.path).toBe('/v2/video/generations');
		expect(create.body).toEqual({
			model: 'alibaba/wan2.1-t2v-turbo',
			prompt: 'p',
			resolution: '480P',
			aspect_ratio: '1:1',
			enhance_prompt: false,
			watermark: true,
		});
	});

	test('Wan 2.1 Plus gets 720P and its defaults', async () => {
		await run(ctx.emulator, {
			parameters: {
				operation: 'create',
				model: model('alibaba/wan2.1-t2v-plus'),
				prompt: 'p',
				waitForCompletion: false,
			},
		});
		expect(ctx.emulator.sent('create')[0].body).toEqual({
			model: 'alibaba/wan2.1-t2v-plus',
			prompt: 'p',
			resolution: '720P',
			aspect_ratio: '16:9',
			enhance_prompt: true,
			watermark: false,
		});
	});

	test('Wan 2.1 1.3B goes to the legacy path with enable_prompt_expansion and its diffusion knobs', async () => {
		const result = await run(ctx.emulator, {
			parameters: {
				operation: 'create',
				model: model('wan/v2.1/1.3b/text-to-video'),
				prompt: 'p',
				aspectRatioWan13b: '9:16',
				inferenceSteps: 40,
				guidanceScale: 6.5,
				shift: 3,
				sampler: 'dpm+',
				safetyChecker: false,
				seed: 0,
				...FAST_WAIT,
			},
		});
		const [create] = ctx.emulator.sent('create');
		expect(create.path).toBe('/v2/generate/video/alibaba/generation');
		expect(create.body).toEqual({
			model: 'wan/v2.1/1.3b/text-to-video',
			prompt: 'p',
			aspect_ratio: '9:16',
			enable_prompt_expansion: true,
			inference_steps: 40,
			guidance_scale: 6.5,
			shift: 3,
			sampler: 'dpm+',
			enable_safety_checker: false,
			seed: 0,
		});
		// Its status is fetched from the legacy path too.
		expect(
			ctx.emulator.sent('fetch').every((r) => r.path === '/v2/generate/video/alibaba/generation'),
		).toBe(true);
		expect(result.items[0].json.status).toBe('completed');
	});

	test('a model the catalog does not know gets only model, prompt and the extra body fields', async () => {
		await run(ctx.emulator, {
			parameters: {
				operation: 'create',
				model: { __rl: true, mode: 'id', value: 'alibaba/wan3.0-video' },
				prompt: 'p',
				resolution: '720p',
				waitForCompletion: false,
				options: { extraBodyFields: '{"duration": 8}' },
			},
		});
		expect(ctx.emulator.sent('create')[0].body).toEqual({
			model: 'alibaba/wan3.0-video',
			prompt: 'p',
			duration: 8,
		});
	});

	test('the model and fields can come from each item (a sheet with a model column)', async () => {
		const result = await run(ctx.emulator, {
			input: [
				{ model: 'alibaba/wan2.1-t2v-turbo', prompt: 'one' },
				{ model: 'alibaba/wan-2-6-t2v', prompt: 'two' },
			],
			parameters: {
				operation: 'create',
				model: { __rl: true, mode: 'id', value: '={{ $json.model }}' },
				prompt: '={{ $json.prompt }}',
				waitForCompletion: false,
			},
		});
		expect(result.error).toBeUndefined();
		const bodies = ctx.emulator.sent('create').map((r) => r.body as Record<string, unknown>);
		expect(bodies.map((b) => [b.model, b.prompt, b.resolution])).toEqual(
			expect.arrayContaining([
				['alibaba/wan2.1-t2v-turbo', 'one', '720P'],
				['alibaba/wan-2-6-t2v', 'two', '1080p'],
			]),
		);
	});
});

describe('Create Video', () => {
	test('without wait returns the id at once, queued, with pairedItem and no polling', async () => {
		const result = await run(ctx.emulator, {
			parameters: {
				operation: 'create',
				model: model('alibaba/wan2.1-t2v-turbo'),
				prompt: 'p',
				waitForCompletion: false,
			},
		});
		expect(result.status).toBe('success');
		expect(result.items).toHaveLength(1);
		const { json, pairedItem, binary } = result.items[0];
		expect(json).toMatchObject({
			status: 'queued',
			videoUrl: null,
			error: null,
			model: 'alibaba/wan2.1-t2v-turbo',
			provider: 'aimlapi',
			// The same keys as a waited item, so later nodes can always map them.
			video: null,
			waitedSeconds: 0,
			pollCount: 0,
			timedOut: false,
		});
		expect(ctx.emulator.jobs.has(json.id as string)).toBe(true);
		expect(pairedItem).toEqual({ item: 0 });
		expect(binary).toBeUndefined();
		expect(ctx.emulator.sent('fetch')).toHaveLength(0);
	});

	test('with wait returns the completed video as binary data, with usage and the raw response', async () => {
		const result = await run(ctx.emulator, {
			parameters: {
				operation: 'create',
				model: model('alibaba/wan-2-6-t2v'),
				prompt: 'a fox',
				...FAST_WAIT,
			},
		});
		expect(result.status).toBe('success');
		const { json } = result.items[0];
		expect(json).toMatchObject({
			status: 'completed',
			error: null,
			creditsUsed: expect.any(Number),
			timedOut: false,
		});
		expect(String(json.videoUrl)).toContain(ctx.emulator.cdnUrl);
		expect((json.response as { id: string }).id).toBe(json.id);
		expect(json.video).toMatchObject({
			binaryProperty: 'data',
			mimeType: 'video/mp4',
			fileSize: TINY_MP4.length,
		});
		const bytes = await binaryBuffer(result.items[0]);
		expect(bytes.equals(TINY_MP4)).toBe(true);
		expect(ctx.emulator.sent('create')).toHaveLength(1);
	});

	test("a failed generation fails the item with the API's reason and the generation id", async () => {
		const result = await run(ctx.emulator, {
			parameters: {
				operation: 'create',
				model: model('alibaba/wan2.1-t2v-turbo'),
				prompt: 'something [fail]',
				...FAST_WAIT,
			},
		});
		expect(result.status).toBe('error');
		const id = [...ctx.emulator.jobs.keys()][0];
		expect(result.error?.message).toContain(`Generation ${id} failed`);
		expect(result.error?.message).toContain('content filter');
	});

	test('the other error shape ({detail:[{msg}]}) is read too', async () => {
		ctx.emulator.config.failureShape = 'detail';
		const result = await run(ctx.emulator, {
			parameters: {
				operation: 'create',
				model: model('alibaba/wan2.1-t2v-turbo'),
				prompt: 'x [fail]',
				...FAST_WAIT,
			},
			nodeSettings: { onError: 'continueRegularOutput' },
		});
		expect(result.items[0].json).toMatchObject({
			status: 'failed',
			error: 'The prompt was rejected by the content filter',
		});
	});

	test('a wrong key fails with "check the API key", and the key is nowhere in the output', async () => {
		const wrongKey = 'sk-wrong-key-abcdef123456';
		const result = await run(ctx.emulator, {
			parameters: {
				operation: 'create',
				model: model('alibaba/wan2.1-t2v-turbo'),
				prompt: 'p',
				...FAST_WAIT,
			},
			credentials: credentialsFor(ctx.emulator, { aiml: wrongKey }),
		});
		expect(result.status).toBe('error');
		expect(result.error?.message).toContain('refused the API key');
		expect(String(result.error?.description)).toMatch(/check the API key/i);
		expect((result.error as { httpCode?: string }).httpCode).toBe('401');
		expect(visibleText(result)).not.toContain(wrongKey);
		expect(ctx.emulator.jobs.size).toBe(0);
	});

	test("a 400 surfaces the API's validation detail", async () => {
		const result = await run(ctx.emulator, {
			parameters: {
				operation: 'create',
				model: model('alibaba/wan-2-6-t2v'),
				prompt: 'p',
				waitForCompletion: false,
				options: { extraBodyFields: '{"resolution": "4k"}' },
			},
		});
		expect(result.status).toBe('error');
		expect(result.error?.message).toContain('Body validation error');
		expect(result.error?.message).toContain(
			"Invalid enum value. Expected '720p' | '1080p', received '4k'",
		);
		expect((result.error as { httpCode?: string }).httpCode).toBe('400');
	});

	test("the retired 1.3B model gets the API's message, readable", async () => {
		ctx.emulator.config.retire13b = true;
		const result = await run(ctx.emulator, {
			parameters: {
				operation: 'create',
				model: model('wan/v2.1/1.3b/text-to-video'),
				prompt: 'p',
				waitForCompletion: false,
			},
		});
		expect(result.error?.message).toContain('is no longer supported');
	});

	test('a missing prompt is refused before any request is sent', async () => {
		const result = await run(ctx.emulator, {
			parameters: {
				operation: 'create',
				model: model('alibaba/wan-2-6-t2v'),
				prompt: '   ',
				...FAST_WAIT,
			},
		});
		expect(result.status).toBe('error');
		expect(result.error?.message).toBe('Prompt is empty (item 0)');
		expect(ctx.emulator.requests).toHaveLength(0);
	});

	test('one bad item among several: nothing is started at all', async () => {
		const result = await run(ctx.emulator, {
			input: [{ prompt: 'ok' }, { prompt: 'ok' }, { prompt: '' }],
			parameters: {
				operation: 'create',
				model: model('alibaba/wan-2-6-t2v'),
				prompt: '={{ $json.prompt }}',
				...FAST_WAIT,
			},
		});
		expect(result.error?.message).toBe('Prompt is empty (item 2)');
		expect(ctx.emulator.requests).toHaveLength(0);
	});

	test('an unknown field value is refused before any request', async () => {
		const result = await run(ctx.emulator, {
			parameters: {
				operation: 'create',
				model: model('alibaba/wan-2-6-t2v'),
				prompt: 'p',
				resolution: '720P',
				...FAST_WAIT,
			},
		});
		expect(result.error?.message).toBe(
			'Resolution must be one of 720p, 1080p for model alibaba/wan-2-6-t2v, received "720P" (item 0)',
		);
		expect(ctx.emulator.requests).toHaveLength(0);
	});

	test('continue-on-fail: bad and failed items become error items, the good ones complete, all paired', async () => {
		const result = await run(ctx.emulator, {
			input: [{ prompt: 'good' }, { prompt: '' }, { prompt: 'bad [fail]' }, { prompt: 'good too' }],
			parameters: {
				operation: 'create',
				model: model('alibaba/wan2.1-t2v-turbo'),
				prompt: '={{ $json.prompt }}',
				...FAST_WAIT,
			},
			nodeSettings: { onError: 'continueRegularOutput' },
		});
		expect(result.status).toBe('success');
		expect(result.items.map((item) => item.pairedItem)).toEqual([
			{ item: 0 },
			{ item: 1 },
			{ item: 2 },
			{ item: 3 },
		]);
		const [good, empty, failed, good2] = result.items.map((item) => item.json);
		expect(good.status).toBe('completed');
		expect(good2.status).toBe('completed');
		expect(empty).toMatchObject({ id: null, status: 'failed', error: 'Prompt is empty (item 1)' });
		expect(failed).toMatchObject({
			status: 'failed',
			error: 'The prompt was rejected by the content filter',
		});
		expect(failed.id).toEqual(expect.any(String));
		expect(result.items[0].binary?.data).toBeDefined();
		expect(result.items[2].binary).toBeUndefined();
		expect(ctx.emulator.sent('create')).toHaveLength(3);
	});

	test('without continue-on-fail, a failure names the other generations already started', async () => {
		ctx.emulator.config.jobDurationMs = (job) =>
			String(job.body.prompt).includes('[fail]') ? 50 : 2000;
		const result = await run(ctx.emulator, {
			input: [{ prompt: 'slow one' }, { prompt: 'bad [fail]' }],
			parameters: {
				operation: 'create',
				model: model('alibaba/wan2.1-t2v-turbo'),
				prompt: '={{ $json.prompt }}',
				...FAST_WAIT,
			},
		});
		expect(result.status).toBe('error');
		const ids = [...ctx.emulator.jobs.values()].map((job) => job.id);
		expect(result.error?.message).toContain(ids[1]);
		expect(String(result.error?.description)).toContain(`item 0: ${ids[0]}`);
	});

	test('several items: one create each, results in input order, each with its own video', async () => {
		ctx.emulator.config.jobDurationMs = (job) => [400, 100, 250][job.index];
		const result = await run(ctx.emulator, {
			input: [{ prompt: 'a' }, { prompt: 'b' }, { prompt: 'c' }],
			parameters: {
				operation: 'create',
				model: model('alibaba/wan2.1-t2v-turbo'),
				prompt: '={{ $json.prompt }}',
				...FAST_WAIT,
			},
		});
		expect(result.items.map((item) => item.json.status)).toEqual([
			'completed',
			'completed',
			'completed',
		]);
		const byPrompt = new Map(
			[...ctx.emulator.jobs.values()].map((job) => [job.body.prompt, job.id]),
		);
		expect(result.items.map((item) => item.json.id)).toEqual(
			['a', 'b', 'c'].map((p) => byPrompt.get(p)),
		);
		expect(ctx.emulator.sent('create')).toHaveLength(3);
	});

	test('the request carries the key only to the API host, as a Bearer header', async () => {
		await run(ctx.emulator, {
			parameters: {
				operation: 'create',
				model: model('alibaba/wan2.1-t2v-turbo'),
				prompt: 'p',
				...FAST_WAIT,
			},
		});
		const api = ctx.emulator.requests.filter((r) => r.origin === 'api');
		expect(api.every((r) => r.headers.authorization === `Bearer ${AIML_KEY}`)).toBe(true);
		const cdn = ctx.emulator.requests.filter((r) => r.origin === 'cdn');
		expect(cdn).toHaveLength(1);
		expect(cdn[0].headers.authorization).toBeUndefined();
	});
});
