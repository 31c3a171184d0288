/**
 * Novita's Wan 2.2, 2.5 Preview and 2.6: bodies nested in `input` and `parameters`, each on its
 * own path, with the exact fields of its page (the emulator refuses any other key or value).
 * Also what the split into two packages means for saved workflows.
 */
import { TINY_MP4 } from '../../tools/emulator/server';
import { binaryBuffer, NODE_TYPE, NOVITA_NODE_TYPE } from '../../tools/harness/workflow';
import { FAST_WAIT, model, NOVITA_KEY, run, useEmulator } from './helpers';

const ctx = useEmulator();
const create = (novitaModel: string) => ({
	provider: 'novita',
	operation: 'create',
	novitaModel,
	waitForCompletion: false,
});

describe.each([
	[
		'wan-2.2-t2v',
		'/v3/async/wan-2.2-t2v',
		{ input: { prompt: 'a fox' }, parameters: { size: '1920*1080', prompt_extend: true } },
	],
	[
		'wan-2.5-t2v-preview',
		'/v3/async/wan-2.5-t2v-preview',
		{
			input: { prompt: 'a fox' },
			parameters: {
				size: '1920*1080',
				duration: 5,
				prompt_extend: true,
				audio: true,
				watermark: false,
			},
		},
	],
	[
		'wan2.6-t2v',
		'/v3/async/wan2.6-t2v',
		{
			input: { prompt: 'a fox' },
			parameters: {
				size: '1920*1080',
				duration: 5,
				shot_type: 'single',
				prompt_extend: true,
				audio: true,
				watermark: false,
			},
		},
	],
])('%s', (id, path, defaults) => {
	test('defaults: the nested body on its own path, Bearer key', async () => {
		const result = await run(ctx.emulator, { parameters: { ...create(id), prompt: 'a fox' } });
		expect(result.error).toBeUndefined();
		const [sent] = ctx.emulator.sent('create', 'novita');
		expect(sent.path).toBe(path);
		expect(sent.headers.authorization).toBe(`Bearer ${NOVITA_KEY}`);
		expect(sent.body).toEqual(defaults);
		expect(result.items[0].json).toMatchObject({ model: id, provider: 'novita', status: 'queued' });
	});
});

test('Wan 2.6, every field, waited for: the video arrives and Get Video names the model', async () => {
	const result = await run(ctx.emulator, {
		parameters: {
			...create('wan2.6-t2v'),
			waitForCompletion: true,
			prompt: 'p',
			novitaShortNegativePrompt: 'blur',
			novitaWan27Size: '720*1280',
			novitaWan26Duration: 15,
			novitaShotType: 'multi',
			novitaPromptExtend: false,
			novitaAudioUrl: 'https://example.com/voice.mp3',
			novitaAudio: false,
			novitaWatermark: true,
			novitaWan27Seed: 2147483647,
			...FAST_WAIT,
		},
	});
	expect(result.error).toBeUndefined();
	expect(ctx.emulator.sent('create', 'novita')[0].body).toEqual({
		input: { prompt: 'p', negative_prompt: 'blur', audio_url: 'https://example.com/voice.mp3' },
		parameters: {
			size: '720*1280',
			duration: 15,
			shot_type: 'multi',
			prompt_extend: false,
			audio: false,
			watermark: true,
			seed: 2147483647,
		},
	});
	expect(result.items[0].json).toMatchObject({ status: 'completed', model: 'wan2.6-t2v' });
	expect((await binaryBuffer(result.items[0])).equals(TINY_MP4)).toBe(true);
	const got = await run(ctx.emulator, {
		parameters: { provider: 'novita', operation: 'get', generationId: result.items[0].json.id },
	});
	expect(got.items[0].json).toMatchObject({ status: 'completed', model: 'wan2.6-t2v' });
});

test('Wan 2.5 Preview: 480p size and 10 s; Wan 2.2: a 480p size, seed 0', async () => {
	await run(ctx.emulator, {
		parameters: {
			...create('wan-2.5-t2v-preview'),
			prompt: 'p',
			novitaWan25Size: '624*624',
			novitaWan25Duration: 10,
		},
	});
	await run(ctx.emulator, {
		parameters: {
			...create('wan-2.2-t2v'),
			prompt: 'p',
			novitaWan22Size: '832*480',
			novitaWan27Seed: 0,
		},
	});
	const [wan25, wan22] = ctx.emulator.sent('create', 'novita');
	expect(wan25.body).toMatchObject({ parameters: { size: '624*624', duration: 10 } });
	expect(wan22.body).toEqual({
		input: { prompt: 'p' },
		parameters: { size: '832*480', prompt_extend: true, seed: 0 },
	});
	expect(ctx.emulator.jobs.size).toBe(2);
});

test('a Wan 2.2 size that is not on its page is refused before any request', async () => {
	const result = await run(ctx.emulator, {
		parameters: { ...create('wan-2.2-t2v'), prompt: 'p', novitaWan22Size: '={{ "1280*720" }}' },
	});
	expect(result.error?.message).toMatch(
		/^Size must be one of 832\*480, .* for model wan-2\.2-t2v, received "1280\*720"/,
	);
	expect(ctx.emulator.sent('create')).toHaveLength(0);
});

test('the emulator refuses a flat body on a nested path (so a wrong body fails a test)', async () => {
	const result = await run(ctx.emulator, {
		parameters: {
			...create('wan2.6-t2v'),
			prompt: 'p',
			options: { extraBodyFields: '{"size": "1280*720"}' },
		},
	});
	expect(result.error?.message).toMatch(/size: unknown field/);
});

test('Extra Body Fields add to a nested body: parameters merge, the prompt stays', async () => {
	const result = await run(ctx.emulator, {
		parameters: {
			...create('wan2.6-t2v'),
			prompt: 'p',
			options: { extraBodyFields: '{"parameters": {"watermark": true, "seed": 7}}' },
		},
	});
	expect(result.error).toBeUndefined();
	expect(ctx.emulator.sent('create', 'novita')[0].body).toEqual({
		input: { prompt: 'p' },
		parameters: {
			size: '1920*1080',
			duration: 5,
			shot_type: 'single',
			prompt_extend: true,
			audio: true,
			watermark: true,
			seed: 7,
		},
	});
});

test('Wan 2.1 14B: Safety Checker and Fast Mode are not sent unless set', async () => {
	await run(ctx.emulator, { parameters: { ...create('wan-t2v'), prompt: 'p' } });
	await run(ctx.emulator, {
		parameters: {
			...create('wan-t2v'),
			prompt: 'p',
			novitaSafetyChecker: true,
			novitaFastMode: false,
		},
	});
	const [plain, set] = ctx.emulator.sent('create', 'novita');
	expect(plain.body).not.toHaveProperty('enable_safety_checker');
	expect(plain.body).not.toHaveProperty('fast_mode');
	expect(set.body).toMatchObject({ enable_safety_checker: true, fast_mode: false });
});

describe('upgrading from the one package of 0.1', () => {
	test('a workflow saved with Provider = AIML API runs unchanged: the stored provider is ignored', async () => {
		const result = await run(ctx.emulator, {
			nodeType: NODE_TYPE,
			parameters: {
				provider: 'aimlapi',
				operation: 'create',
				model: model('alibaba/wan2.1-t2v-turbo'),
				prompt: 'a fox',
				...FAST_WAIT,
			},
		});
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toMatchObject({ status: 'completed', provider: 'aimlapi' });
		const [sent] = ctx.emulator.sent('create', 'aimlapi');
		expect(sent.body).toMatchObject({ model: 'alibaba/wan2.1-t2v-turbo', prompt: 'a fox' });
		expect(sent.body).not.toHaveProperty('provider');
	});

	test('a workflow saved with Provider = Novita AI stops before any request: its credential type is gone', async () => {
		// As saved by 0.1: the AIML API Video node, Provider = Novita, the old Novita credential.
		const result = await run(ctx.emulator, {
			nodeType: NODE_TYPE,
			parameters: {
				provider: 'novita',
				operation: 'create',
				novitaModel: 'wan-t2v',
				prompt: 'a fox',
				waitForCompletion: false,
			},
			nodeSettings: {
				credentials: { aimlApiVideoNovitaAiApi: { id: '2', name: 'Novita AI account' } },
			},
		});
		expect(result.status).toBe('error');
		expect(result.error?.message).toMatch(/credentials/i);
		expect(ctx.emulator.sent('create')).toHaveLength(0);
	});

	test('the Novita node of the new package runs the same parameters', async () => {
		const result = await run(ctx.emulator, {
			nodeType: NOVITA_NODE_TYPE,
			parameters: {
				provider: 'novita',
				operation: 'create',
				prompt: 'a fox',
				waitForCompletion: false,
			},
		});
		expect(result.error).toBeUndefined();
		expect(ctx.emulator.sent('create', 'novita')[0].path).toBe('/v3/async/wan-t2v');
	});
});
