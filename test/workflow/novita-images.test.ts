/**
 * Image to video (issue 20), Novita AI: the exact body of wan-i2v (flat, image_url),
 * wan-2.2-i2v (nested input.img_url), wan2.6-i2v (nested, URL or Base64 from an item's binary)
 * and wan2.7-i2v (flat, first and last frame URLs); the checks before any request; the emulator
 * holding the bodies to the pages.
 */
import type { IDataObject } from 'n8n-workflow';

import { TINY_PNG } from '../../tools/emulator/server';
import type { BinaryInput } from '../../tools/harness/workflow';
import { FAST_WAIT, NOVITA_KEY, run, useEmulator } from './helpers';

const ctx = useEmulator();
const PNG = TINY_PNG.toString('base64');
const IMAGE = 'https://example.com/photo.jpg';
const png = (extra: Partial<BinaryInput> = {}): Record<string, BinaryInput> => ({
	data: { mimeType: 'image/png', fileName: 'photo.png', base64: PNG, ...extra },
});

const create = (novitaModel: string, parameters: IDataObject = {}): IDataObject => ({
	provider: 'novita',
	operation: 'create',
	novitaModel,
	prompt: 'a fox',
	waitForCompletion: false,
	...parameters,
});

async function sent(
	parameters: IDataObject,
	inputBinary?: Array<Record<string, BinaryInput> | null>,
): Promise<{ path: string; body: IDataObject }> {
	const result = await run(ctx.emulator, { parameters, inputBinary });
	expect(result.error).toBeUndefined();
	const [request] = ctx.emulator.sent('create', 'novita');
	expect(request.status).toBe(200);
	expect(request.headers.authorization).toBe(`Bearer ${NOVITA_KEY}`);
	return { path: request.path, body: request.body as IDataObject };
}

test('wan-i2v (2.1 14B): flat, model_name wan2.1-i2v, image_url, the 2.1 fields', async () => {
	expect(
		await sent(create('wan-i2v', { novitaWan21ImageUrl: IMAGE, novitaSize: '720x1280' })),
	).toEqual({
		path: '/v3/async/wan-i2v',
		body: {
			model_name: 'wan2.1-i2v',
			prompt: 'a fox',
			image_url: IMAGE,
			width: 720,
			height: 1280,
			steps: 30,
			guidance_scale: 5,
			flow_shift: 5,
			seed: -1,
		},
	});
});

test('wan-2.2-i2v: nested, input.img_url, resolution 480P', async () => {
	expect(
		await sent(
			create('wan-2.2-i2v', { novitaWan22ImageUrl: IMAGE, novitaWan22Resolution: '480P' }),
		),
	).toEqual({
		path: '/v3/async/wan-2.2-i2v',
		body: {
			input: { prompt: 'a fox', img_url: IMAGE },
			parameters: { resolution: '480P', prompt_extend: true },
		},
	});
});

test('wan2.6-i2v: nested, the image from a binary item as a data URL, every field', async () => {
	const { path, body } = await sent(
		create('wan2.6-i2v', {
			novitaWan26ImageSource: 'binary',
			novitaShortNegativePrompt: 'blur',
			novitaI2vResolution: '720P',
			novitaWan26Duration: 10,
			novitaShotType: 'multi',
			novitaAudioUrl: 'https://example.com/voice.mp3',
			novitaAudio: false,
			novitaWatermark: true,
			novitaWan27Seed: 3,
		}),
		[png({ mimeType: 'image/webp' })],
	);
	expect(path).toBe('/v3/async/wan2.6-i2v');
	expect(body).toEqual({
		input: {
			prompt: 'a fox',
			img_url: `data:image/webp;base64,${PNG}`,
			negative_prompt: 'blur',
			audio_url: 'https://example.com/voice.mp3',
		},
		parameters: {
			resolution: '720P',
			duration: 10,
			shot_type: 'multi',
			prompt_extend: true,
			audio: false,
			watermark: true,
			seed: 3,
		},
	});
});

test('wan2.6-i2v from a URL: defaults', async () => {
	expect((await sent(create('wan2.6-i2v', { novitaWan26Image: IMAGE }))).body).toEqual({
		input: { prompt: 'a fox', img_url: IMAGE },
		parameters: {
			resolution: '1080P',
			duration: 5,
			shot_type: 'single',
			prompt_extend: true,
			audio: true,
			watermark: false,
		},
	});
});

test('wan2.7-i2v: a clip to continue instead of an image', async () => {
	const { body } = await sent(
		create('wan2.7-i2v', { novitaWan27FirstClipUrl: 'https://example.com/clip.mp4' }),
	);
	expect(body.first_clip_url).toBe('https://example.com/clip.mp4');
	expect(body.image_url).toBeUndefined();
});

test('wan2.7-i2v: flat, first and last frame URLs, driving audio, 2 s', async () => {
	expect(
		await sent(
			create('wan2.7-i2v', {
				novitaWan27ImageUrl: IMAGE,
				novitaWan27LastFrameUrl: 'https://example.com/last.jpg',
				novitaDrivingAudioUrl: 'https://example.com/voice.mp3',
				novitaDuration: 2,
			}),
		),
	).toEqual({
		path: '/v3/async/wan2.7-i2v',
		body: {
			prompt: 'a fox',
			image_url: IMAGE,
			last_frame_url: 'https://example.com/last.jpg',
			resolution: '1080P',
			duration: 2,
			prompt_extend: true,
			driving_audio_url: 'https://example.com/voice.mp3',
			watermark: false,
		},
	});
});

test('a binary batch on wan2.6-i2v is waited for and downloaded; Get Video names the model', async () => {
	const result = await run(ctx.emulator, {
		parameters: create('wan2.6-i2v', {
			novitaWan26ImageSource: 'binary',
			waitForCompletion: true,
			...FAST_WAIT,
		}),
		input: [{}, {}],
		inputBinary: [png(), png()],
	});
	expect(result.error).toBeUndefined();
	expect(result.items.map((item) => [item.json.status, item.json.inputKind])).toEqual([
		['completed', 'binary'],
		['completed', 'binary'],
	]);
	expect(result.items[0].binary?.data.mimeType).toBe('video/mp4');
	const get = await run(ctx.emulator, {
		parameters: { provider: 'novita', operation: 'get', generationId: result.items[0].json.id },
	});
	expect(get.items[0].json.model).toBe('wan2.6-i2v');
});

test.each([
	[
		'a binary on a URL-only model is not offered: the URL is required',
		create('wan-2.2-i2v', { novitaWan22ImageUrl: '' }),
		'Image URL is empty; this model needs it',
	],
	[
		'a data URL on wan-i2v (URLs only)',
		create('wan-i2v', { novitaWan21ImageUrl: `data:image/png;base64,${PNG}` }),
		'Image URL takes URLs only for this model, received a data URL',
	],
	[
		'plain http to a public host',
		create('wan2.7-i2v', { novitaWan27ImageUrl: 'http://example.com/a.png' }),
		'Image URL must be an https URL',
	],
	[
		'a BMP is fine but a TIFF is not',
		create('wan2.6-i2v', { novitaWan26ImageSource: 'binary' }),
		'is of type "image/tiff"',
	],
	[
		'Wan 2.7 i2v with neither a first frame nor a clip',
		create('wan2.7-i2v'),
		'Image URL or First Clip URL is empty; this model needs one of them',
	],
	[
		'Wan 2.7 i2v with both a first frame and a clip',
		create('wan2.7-i2v', {
			novitaWan27ImageUrl: IMAGE,
			novitaWan27FirstClipUrl: 'https://example.com/clip.mp4',
		}),
		'are both set; this model takes one of them',
	],
	[
		'a prompt over 800 characters on Wan 2.2 i2v',
		create('wan-2.2-i2v', { novitaWan22ImageUrl: IMAGE, prompt: 'x'.repeat(801) }),
		'Prompt is 801 characters long; this model accepts at most 800',
	],
])('refused before any request: %s', async (_name, parameters, message) => {
	const result = await run(ctx.emulator, {
		parameters,
		inputBinary: [png({ mimeType: 'image/tiff' })],
	});
	expect(result.status).toBe('error');
	expect(result.error?.message).toContain(message);
	expect(result.error?.message).toContain('(item 0)');
	expect(ctx.emulator.sent('create')).toHaveLength(0);
});

describe('the emulator holds Novita bodies to the pages', () => {
	const post = async (path: string, body: IDataObject) => {
		const response = await fetch(`${ctx.emulator.apiUrl}${path}`, {
			method: 'POST',
			headers: { Authorization: `Bearer ${NOVITA_KEY}`, 'Content-Type': 'application/json' },
			body: JSON.stringify(body),
		});
		return { status: response.status, text: await response.text() };
	};

	test.each([
		['wan-i2v without image_url', '/v3/async/wan-i2v', { prompt: 'p' }, 'image_url: required'],
		[
			'wan-2.2-i2v with a data URL',
			'/v3/async/wan-2.2-i2v',
			{ input: { prompt: 'p', img_url: `data:image/png;base64,${PNG}` } },
			'input.img_url: Invalid url',
		],
		[
			'wan2.6-i2v without img_url',
			'/v3/async/wan2.6-i2v',
			{ input: { prompt: 'p' } },
			'input.img_url: required',
		],
		[
			'wan2.6-i2v with raw Base64 (not a data URL)',
			'/v3/async/wan2.6-i2v',
			{ input: { prompt: 'p', img_url: PNG } },
			'input.img_url: Invalid url',
		],
		[
			'wan2.7-i2v with both a first frame and a clip',
			'/v3/async/wan2.7-i2v',
			{ prompt: 'p', image_url: IMAGE, first_clip_url: 'https://example.com/c.mp4' },
			'exactly one is required',
		],
		[
			'wan2.7-i2v with the 2.6 nested body',
			'/v3/async/wan2.7-i2v',
			{ input: { prompt: 'p', img_url: IMAGE } },
			'unknown field',
		],
	])('refused: %s', async (_name, path, body, detail) => {
		const answer = await post(path, body);
		expect(answer.status).toBe(400);
		expect(answer.text).toContain(detail);
	});

	test('wan2.6-i2v takes a data URL', async () => {
		const answer = await post('/v3/async/wan2.6-i2v', {
			input: { prompt: 'p', img_url: `data:image/jpeg;base64,${PNG}` },
		});
		expect(answer.status).toBe(200);
	});
});
