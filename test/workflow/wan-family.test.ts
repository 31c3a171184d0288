/**
 * The Wan models added from their OpenAPI files (aimlapi/api-docs, video-models/): the exact
 * body each gets through n8n-core, with all fields set and with the defaults; values shared
 * between models; and the emulator holding each body to its spec when the node is bypassed
 * through Extra Body Fields.
 */
import type { IDataObject } from 'n8n-workflow';

import { TINY_MP4 } from '../../tools/emulator/server';
import { binaryBuffer } from '../../tools/harness/workflow';
import { FAST_WAIT, model, run, useEmulator } from './helpers';

const ctx = useEmulator();

const create = (id: string, parameters: IDataObject = {}): IDataObject => ({
	operation: 'create',
	model: model(id),
	prompt: 'p',
	waitForCompletion: false,
	...parameters,
});

async function bodyOf(parameters: IDataObject): Promise<unknown> {
	const result = await run(ctx.emulator, { parameters });
	expect(result.error).toBeUndefined();
	const [request] = ctx.emulator.sent('create');
	expect(request.path).toBe('/v2/video/generations');
	expect(request.status).toBe(201);
	return request.body;
}

describe('request bodies of the new models', () => {
	test('Wan 2.7: the Wan 2.6 fields, every one set', async () => {
		const body = await bodyOf(
			create('alibaba/wan-2-7-t2v', {
				negativePrompt: 'blur',
				resolution: '720p',
				aspectRatio: '3:4',
				duration: 5,
				promptExpansion: true,
				shotType: 'multi',
				generateAudio: false,
				audioUrl: 'https://example.com/voice.mp3',
				seed: 42,
			}),
		);
		expect(body).toEqual({
			model: 'alibaba/wan-2-7-t2v',
			prompt: 'p',
			negative_prompt: 'blur',
			resolution: '720p',
			aspect_ratio: '3:4',
			duration: 5,
			enhance_prompt: true,
			shot_type: 'multi',
			generate_audio: false,
			audio_url: 'https://example.com/voice.mp3',
			seed: 42,
		});
	});

	test('Wan 2.7 defaults: 1080p, 16:9, 10 s, single shot, audio on', async () => {
		expect(await bodyOf(create('alibaba/wan-2-7-t2v'))).toEqual({
			model: 'alibaba/wan-2-7-t2v',
			prompt: 'p',
			resolution: '1080p',
			aspect_ratio: '16:9',
			duration: 10,
			enhance_prompt: true,
			shot_type: 'single',
			generate_audio: true,
		});
	});

	test('Wan 2.5 Preview: lowercase 480p, its three aspect ratios, 5 s', async () => {
		const body = await bodyOf(
			create('alibaba/wan2.5-t2v-preview', {
				negativePrompt: 'text',
				resolution480to1080: '480p',
				aspectRatioWan25: '1:1',
				durationWan25: 5,
				promptExpansion: false,
				seed: 0,
			}),
		);
		expect(body).toEqual({
			model: 'alibaba/wan2.5-t2v-preview',
			prompt: 'p',
			negative_prompt: 'text',
			resolution: '480p',
			aspect_ratio: '1:1',
			duration: 5,
			enhance_prompt: false,
			seed: 0,
		});
	});

	test('Wan 2.5 Preview defaults: 1080p, 16:9, 10 s', async () => {
		expect(await bodyOf(create('alibaba/wan2.5-t2v-preview'))).toEqual({
			model: 'alibaba/wan2.5-t2v-preview',
			prompt: 'p',
			resolution: '1080p',
			aspect_ratio: '16:9',
			duration: 10,
			enhance_prompt: true,
		});
	});

	test('Wan 2.2 Plus: uppercase 480P, watermark, the five aspect ratios', async () => {
		const body = await bodyOf(
			create('alibaba/wan2.2-t2v-plus', {
				negativePrompt: 'rain',
				resolutionWan22Plus: '480P',
				aspectRatio: '4:3',
				promptExpansion: false,
				watermark: true,
				seed: 5,
			}),
		);
		expect(body).toEqual({
			model: 'alibaba/wan2.2-t2v-plus',
			prompt: 'p',
			negative_prompt: 'rain',
			resolution: '480P',
			aspect_ratio: '4:3',
			enhance_prompt: false,
			watermark: true,
			seed: 5,
		});
	});

	test('Wan 2.2 Plus defaults: 1080P, no watermark', async () => {
		expect(await bodyOf(create('alibaba/wan2.2-t2v-plus'))).toEqual({
			model: 'alibaba/wan2.2-t2v-plus',
			prompt: 'p',
			resolution: '1080P',
			aspect_ratio: '16:9',
			enhance_prompt: true,
			watermark: false,
		});
	});

	test('Krea Wan 14B: num_frames and enable_prompt_expansion, never a negative prompt', async () => {
		const body = await bodyOf(
			create('krea/krea-wan-14b/text-to-video', {
				numFrames: 162,
				promptExpansion: false,
				seed: 9,
				// Left over from another model: Krea's spec has no negative_prompt.
				negativePrompt: 'blur',
			}),
		);
		expect(body).toEqual({
			model: 'krea/krea-wan-14b/text-to-video',
			prompt: 'p',
			num_frames: 162,
			enable_prompt_expansion: false,
			seed: 9,
		});
	});

	test('Krea Wan 14B defaults: 78 frames, prompt expansion on', async () => {
		expect(await bodyOf(create('krea/krea-wan-14b/text-to-video'))).toEqual({
			model: 'krea/krea-wan-14b/text-to-video',
			prompt: 'p',
			num_frames: 78,
			enable_prompt_expansion: true,
		});
	});

	test('Wan 3.0: 2 to 30 s, its own aspect ratios, watermark; an input image through Extra Body Fields', async () => {
		const body = await bodyOf(
			create('alibaba/wan-3-0-video', {
				resolution480to1080: '720p',
				aspectRatioWan30: '9:16',
				durationWan30: 30,
				generateAudio: false,
				watermark: true,
				seed: 11,
				options: { extraBodyFields: '{"image_url": "https://example.com/first.jpg"}' },
			}),
		);
		expect(body).toEqual({
			model: 'alibaba/wan-3-0-video',
			prompt: 'p',
			resolution: '720p',
			aspect_ratio: '9:16',
			duration: 30,
			generate_audio: false,
			watermark: true,
			seed: 11,
			image_url: 'https://example.com/first.jpg',
		});
	});

	test('Wan 3.0 defaults: 1080p, adaptive, 5 s, audio on, no watermark', async () => {
		expect(await bodyOf(create('alibaba/wan-3-0-video'))).toEqual({
			model: 'alibaba/wan-3-0-video',
			prompt: 'p',
			resolution: '1080p',
			aspect_ratio: 'adaptive',
			duration: 5,
			generate_audio: true,
			watermark: false,
		});
	});

	test('a prompt of 20000 characters is accepted by Wan 3.0', async () => {
		const body = (await bodyOf(
			create('alibaba/wan-3-0-video', { prompt: 'x'.repeat(20000) }),
		)) as IDataObject;
		expect((body.prompt as string).length).toBe(20000);
	});
});

test('Wan 2.6 and 2.7 share their parameters: one value serves both models of a sheet', async () => {
	const result = await run(ctx.emulator, {
		input: [{ model: 'alibaba/wan-2-6-t2v' }, { model: 'alibaba/wan-2-7-t2v' }],
		parameters: {
			...create('', { resolution: '720p', duration: 15, shotType: 'multi' }),
			model: { __rl: true, mode: 'id', value: '={{ $json.model }}' },
		},
	});
	expect(result.error).toBeUndefined();
	const bodies = ctx.emulator.sent('create').map((r) => r.body as IDataObject);
	expect(bodies.map((b) => [b.model, b.resolution, b.duration, b.shot_type]).sort()).toEqual([
		['alibaba/wan-2-6-t2v', '720p', 15, 'multi'],
		['alibaba/wan-2-7-t2v', '720p', 15, 'multi'],
	]);
});

test('Wan 3.0 waited: the video of its array-shaped answer is downloaded, usdSpent is reported', async () => {
	const result = await run(ctx.emulator, {
		parameters: create('alibaba/wan-3-0-video', { waitForCompletion: true, ...FAST_WAIT }),
	});
	expect(result.status).toBe('success');
	const [item] = result.items;
	// The emulator answers as Wan 3.0's spec allows: `video` is a list of { url }.
	expect(Array.isArray((item.json.response as IDataObject).video)).toBe(true);
	expect(item.json).toMatchObject({
		status: 'completed',
		model: 'alibaba/wan-3-0-video',
		usdSpent: expect.any(Number),
		creditsUsed: expect.any(Number),
	});
	expect(item.json.videoUrl).toContain('/videos/');
	expect((await binaryBuffer(item)).equals(TINY_MP4)).toBe(true);
});

test('Wan 2.7 reports usdSpent as its spec documents', async () => {
	const result = await run(ctx.emulator, {
		parameters: create('alibaba/wan-2-7-t2v', { waitForCompletion: true, ...FAST_WAIT }),
	});
	expect(result.items[0].json).toMatchObject({ status: 'completed', usdSpent: expect.any(Number) });
});

/*
 * Extra Body Fields go past the node's own checks, so these reach the emulator, which answers
 * as the real API does ("Body validation error!" and the detail): the emulator enforces each spec.
 */
const SPEC_REFUSALS: Array<[string, string, string, string]> = [
	[
		'Wan 2.5 resolution in the wrong case',
		'alibaba/wan2.5-t2v-preview',
		'{"resolution": "720P"}',
		"Invalid enum value. Expected '480p' | '720p' | '1080p', received '720P'",
	],
	[
		'Wan 2.5 15 s',
		'alibaba/wan2.5-t2v-preview',
		'{"duration": 15}',
		"Invalid enum value. Expected 5 | 10, received '15'",
	],
	[
		'Wan 2.5 aspect ratio 4:3',
		'alibaba/wan2.5-t2v-preview',
		'{"aspect_ratio": "4:3"}',
		"Invalid enum value. Expected '16:9' | '9:16' | '1:1', received '4:3'",
	],
	[
		'Wan 2.5 watermark (not in its spec)',
		'alibaba/wan2.5-t2v-preview',
		'{"watermark": true}',
		"Unrecognized key(s) in object: 'watermark'",
	],
	[
		'Wan 2.2 Plus resolution 720P',
		'alibaba/wan2.2-t2v-plus',
		'{"resolution": "720P"}',
		"Invalid enum value. Expected '480P' | '1080P', received '720P'",
	],
	[
		'Wan 2.7 resolution in the wrong case',
		'alibaba/wan-2-7-t2v',
		'{"resolution": "1080P"}',
		"Invalid enum value. Expected '720p' | '1080p', received '1080P'",
	],
	[
		'Krea 80 frames (not 12k + 6)',
		'krea/krea-wan-14b/text-to-video',
		'{"num_frames": 80}',
		'Number must be 18 plus a multiple of 12',
	],
	[
		'Krea 174 frames',
		'krea/krea-wan-14b/text-to-video',
		'{"num_frames": 174}',
		'Number must be less than or equal to 162',
	],
	[
		'Krea negative prompt (not in its spec)',
		'krea/krea-wan-14b/text-to-video',
		'{"negative_prompt": "blur"}',
		"Unrecognized key(s) in object: 'negative_prompt'",
	],
	[
		'Wan 3.0 duration 31',
		'alibaba/wan-3-0-video',
		'{"duration": 31}',
		'Number must be less than or equal to 30',
	],
	[
		'Wan 3.0 last frame without a first frame',
		'alibaba/wan-3-0-video',
		'{"last_image_url": "https://example.com/last.jpg"}',
		'last_image_url requires image_url',
	],
	[
		'Wan 3.0 eleven reference images',
		'alibaba/wan-3-0-video',
		JSON.stringify({
			reference_image_urls: Array.from({ length: 11 }, (_, i) => `https://example.com/${i}.jpg`),
		}),
		'Array must contain at most 10 element(s)',
	],
];

test.each(SPEC_REFUSALS)(
	'the emulator refuses as the spec says: %s',
	async (_name, id, extra, detail) => {
		const result = await run(ctx.emulator, {
			parameters: create(id, { options: { extraBodyFields: extra } }),
		});
		expect(result.status).toBe('error');
		expect(result.error?.message).toContain('Body validation error!');
		expect(result.error?.message).toContain(detail);
		expect((result.error as { httpCode?: string }).httpCode).toBe('400');
		expect(ctx.emulator.jobs.size).toBe(0);
	},
);
