/**
 * Image and reference to video (issue 20), AIML API: the exact body of every new model through
 * n8n-core, with the image as a URL and as an item's binary (sent as a Base64 data URL); every
 * check that runs before any request; and the emulator holding bodies to the specs.
 */
import type { IDataObject } from 'n8n-workflow';

import { TINY_PNG } from '../../tools/emulator/server';
import type { BinaryInput } from '../../tools/harness/workflow';
import { FAST_WAIT, model, run, useEmulator, visibleText } from './helpers';

const ctx = useEmulator();
const MB = 1024 * 1024;
const PNG = TINY_PNG.toString('base64');
const IMAGE = 'https://example.com/photo.jpg';

const create = (id: string, parameters: IDataObject = {}): IDataObject => ({
	operation: 'create',
	model: model(id),
	prompt: 'p',
	waitForCompletion: false,
	...parameters,
});

const png = (extra: Partial<BinaryInput> = {}): Record<string, BinaryInput> => ({
	data: { mimeType: 'image/png', fileName: 'photo.png', base64: PNG, ...extra },
});

async function bodyOf(
	parameters: IDataObject,
	inputBinary?: Array<Record<string, BinaryInput> | null>,
): Promise<IDataObject> {
	const result = await run(ctx.emulator, { parameters, inputBinary });
	expect(result.error).toBeUndefined();
	const [request] = ctx.emulator.sent('create');
	expect(request.status).toBe(201);
	return request.body as IDataObject;
}

describe('image to video: the exact body of each model', () => {
	test('Wan 2.2 Plus i2v, every field, image from a URL', async () => {
		expect(
			await bodyOf(
				create('alibaba/wan2.2-i2v-plus', {
					inputImage: IMAGE,
					negativePrompt: 'blur',
					resolutionWan22Plus: '480P',
					promptExpansion: false,
					watermark: true,
					seed: 7,
				}),
			),
		).toEqual({
			model: 'alibaba/wan2.2-i2v-plus',
			prompt: 'p',
			image_url: IMAGE,
			negative_prompt: 'blur',
			resolution: '480P',
			enhance_prompt: false,
			watermark: true,
			seed: 7,
		});
	});

	test('Wan 2.5 Preview i2v, defaults, image from a binary item as a data URL', async () => {
		const body = await bodyOf(
			create('alibaba/wan2.5-i2v-preview', { inputImageSource: 'binary' }),
			[png()],
		);
		expect(body).toEqual({
			model: 'alibaba/wan2.5-i2v-preview',
			prompt: 'p',
			image_url: `data:image/png;base64,${PNG}`,
			resolution: '1080p',
			aspect_ratio: '16:9',
			duration: 10,
			enhance_prompt: true,
		});
	});

	test('Wan 2.6 i2v: no aspect ratio, audio fields, a JPEG binary under another name', async () => {
		const body = await bodyOf(
			create('alibaba/wan-2-6-i2v', {
				inputImageSource: 'binary',
				inputImageBinaryProperty: 'photo',
				duration: 5,
				audioUrl: 'https://example.com/voice.mp3',
			}),
			[{ photo: { mimeType: 'image/jpeg', fileName: 'p.jpg', base64: PNG } }],
		);
		expect(body).toEqual({
			model: 'alibaba/wan-2-6-i2v',
			prompt: 'p',
			image_url: `data:image/jpeg;base64,${PNG}`,
			resolution: '1080p',
			duration: 5,
			enhance_prompt: true,
			shot_type: 'single',
			generate_audio: true,
			audio_url: 'https://example.com/voice.mp3',
		});
	});

	test('Wan 2.6 i2v Flash: 720p by default', async () => {
		expect(
			await bodyOf(create('alibaba/wan-2-6-image-to-video-flash', { inputImage: IMAGE })),
		).toEqual({
			model: 'alibaba/wan-2-6-image-to-video-flash',
			prompt: 'p',
			image_url: IMAGE,
			resolution: '720p',
			duration: 10,
			enhance_prompt: true,
			shot_type: 'single',
			generate_audio: true,
		});
	});

	test('Wan 2.7 i2v: watermark, a 500-character negative prompt, no shot type', async () => {
		expect(
			await bodyOf(
				create('alibaba/wan-2-7-i2v', {
					inputImage: IMAGE,
					negativePromptMax500: 'n'.repeat(500),
					watermark: true,
					seed: 1,
				}),
			),
		).toEqual({
			model: 'alibaba/wan-2-7-i2v',
			prompt: 'p',
			image_url: IMAGE,
			negative_prompt: 'n'.repeat(500),
			resolution: '1080p',
			duration: 10,
			enhance_prompt: true,
			watermark: true,
			seed: 1,
		});
	});

	test('Wan 2.6 r2v: one to three reference videos, as text or an array', async () => {
		expect(
			await bodyOf(
				create('alibaba/wan-2-6-r2v', {
					referenceVideoUrlsWan26: 'https://example.com/a.mp4,\nhttps://example.com/b.mp4',
				}),
			),
		).toEqual({
			model: 'alibaba/wan-2-6-r2v',
			prompt: 'p',
			video_urls: ['https://example.com/a.mp4', 'https://example.com/b.mp4'],
			resolution: '1080p',
			aspect_ratio: '16:9',
			duration: 10,
			enhance_prompt: true,
			shot_type: 'single',
		});
	});

	test('Wan 2.7 r2v: first frame, images and videos', async () => {
		expect(
			await bodyOf(
				create('alibaba/wan-2-7-r2v', {
					firstFrameUrl: IMAGE,
					referenceImageUrls: '={{ ["https://example.com/1.png", "https://example.com/2.png"] }}',
					referenceVideoUrls: 'https://example.com/v.mp4',
					aspectRatio: '9:16',
				}),
			),
		).toEqual({
			model: 'alibaba/wan-2-7-r2v',
			prompt: 'p',
			first_frame_image: IMAGE,
			image_urls: ['https://example.com/1.png', 'https://example.com/2.png'],
			video_urls: ['https://example.com/v.mp4'],
			resolution: '1080p',
			aspect_ratio: '9:16',
			duration: 10,
			enhance_prompt: true,
			watermark: false,
		});
	});

	test('Wan 2.7 r2v with no references sends none (the spec requires only the prompt)', async () => {
		const body = await bodyOf(create('alibaba/wan-2-7-r2v'));
		expect(Object.keys(body)).not.toEqual(
			expect.arrayContaining(['first_frame_image', 'image_urls', 'video_urls']),
		);
	});

	test('Wan 3.0: first and last frame URLs', async () => {
		expect(
			await bodyOf(
				create('alibaba/wan-3-0-video', {
					wan30FirstFrameUrl: IMAGE,
					wan30LastFrameUrl: 'https://example.com/last.jpg',
				}),
			),
		).toMatchObject({
			image_url: IMAGE,
			last_image_url: 'https://example.com/last.jpg',
		});
	});

	test('Wan 3.0: reference image URLs', async () => {
		const body = await bodyOf(
			create('alibaba/wan-3-0-video', {
				wan30ReferenceImageUrls: 'https://example.com/1.png https://example.com/2.png',
			}),
		);
		expect(body.reference_image_urls).toEqual([
			'https://example.com/1.png',
			'https://example.com/2.png',
		]);
		expect(body.image_url).toBeUndefined();
	});
});

describe('image to video end to end', () => {
	test('a batch of binary images is started in parallel, waited for, downloaded; output names the input kind', async () => {
		const result = await run(ctx.emulator, {
			parameters: create('alibaba/wan-2-6-i2v', {
				inputImageSource: 'binary',
				waitForCompletion: true,
				...FAST_WAIT,
			}),
			input: [{}, {}, {}],
			inputBinary: [png(), png(), png()],
		});
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(3);
		for (const item of result.items) {
			expect(item.json.status).toBe('completed');
			expect(item.json.inputKind).toBe('binary');
			expect(item.binary?.data.mimeType).toBe('video/mp4');
		}
		const creates = ctx.emulator.sent('create');
		expect(creates).toHaveLength(3);
		// All three started before the first status check: the batch runs together.
		const firstFetch = Math.min(...ctx.emulator.sent('fetch').map((r) => r.at));
		expect(Math.max(...creates.map((r) => r.at))).toBeLessThanOrEqual(firstFetch);
	});

	test('at most four creates with inline images are in flight, whatever Concurrency says', async () => {
		ctx.emulator.inject({ route: 'create', kind: 'slow', delayMs: 400, times: 6 });
		const result = await run(ctx.emulator, {
			parameters: create('alibaba/wan-2-6-i2v', {
				inputImageSource: 'binary',
				options: { concurrency: 10 },
			}),
			input: Array.from({ length: 6 }, () => ({})),
			inputBinary: Array.from({ length: 6 }, () => png()),
		});
		expect(result.error).toBeUndefined();
		const arrivals = ctx.emulator
			.sent('create')
			.map((r) => r.at)
			.sort((a, b) => a - b);
		expect(arrivals).toHaveLength(6);
		// Four at once; the fifth only when one of them has been answered (400 ms later).
		expect(arrivals[4] - arrivals[0]).toBeGreaterThanOrEqual(350);
		expect(arrivals[3] - arrivals[0]).toBeLessThan(350);
	});

	test('a URL image: output says url; a text model adds no inputKind', async () => {
		const result = await run(ctx.emulator, {
			parameters: create('alibaba/wan-2-6-i2v', { inputImage: IMAGE }),
		});
		expect(result.items[0].json.inputKind).toBe('url');
		const text = await run(ctx.emulator, { parameters: create('alibaba/wan-2-6-t2v') });
		expect(text.items[0].json).not.toHaveProperty('inputKind');
	});

	test('Extra Body Fields that set image_url win: the binary is not read or checked', async () => {
		const body = await bodyOf(
			create('alibaba/wan-2-6-i2v', {
				inputImageSource: 'binary',
				options: { extraBodyFields: `{"image_url": "${IMAGE}"}` },
			}),
		);
		expect(body.image_url).toBe(IMAGE);
	});
});

interface BadRow {
	model: string;
	/** Parameters of both items. */
	fixed?: IDataObject;
	/** A parameter good for item 0 and bad for item 1 (through $json). */
	varying?: { name: string; good: string; bad: string };
	/** The binary of item 1 (item 0 has a PNG); undefined: a PNG as well. */
	binary?: Record<string, BinaryInput> | null;
	message: string;
}

const BINARY = { inputImageSource: 'binary' };
const urls = (count: number, ext: string, separator = ',') =>
	Array.from({ length: count }, (_, i) => `https://e.com/${i}.${ext}`).join(separator);

const BAD_INPUTS: Array<[string, BadRow]> = [
	[
		'no binary property of that name',
		{
			model: 'alibaba/wan-2-6-i2v',
			fixed: BINARY,
			varying: { name: 'inputImageBinaryProperty', good: 'data', bad: 'photo' },
			message:
				'Image (Input Binary Field "photo") names a binary property this item does not have (it has "data")',
		},
	],
	[
		'no binary data at all',
		{
			model: 'alibaba/wan2.2-i2v-plus',
			fixed: BINARY,
			binary: null,
			message: 'this item has no binary data',
		},
	],
	[
		'a PDF, not an image',
		{
			model: 'alibaba/wan-2-7-i2v',
			fixed: BINARY,
			binary: png({ mimeType: 'application/pdf' }),
			message:
				'is of type "application/pdf"; this model accepts image/jpeg, image/png, image/bmp, image/webp',
		},
	],
	[
		'a GIF (not a type Wan takes)',
		{
			model: 'alibaba/wan2.5-i2v-preview',
			fixed: BINARY,
			binary: png({ mimeType: 'image/gif' }),
			message: 'is of type "image/gif"',
		},
	],
	[
		'an image over 10 MB',
		{
			model: 'alibaba/wan-2-6-image-to-video-flash',
			fixed: BINARY,
			binary: png({ base64: undefined, size: 10 * MB + 1 }),
			message: 'is 10.0 MB; this model accepts at most 10.0 MB',
		},
	],
	[
		'an empty Input Binary Field',
		{
			model: 'alibaba/wan-2-6-i2v',
			fixed: BINARY,
			varying: { name: 'inputImageBinaryProperty', good: 'data', bad: ' ' },
			message: 'Image (Input Binary Field) is empty',
		},
	],
	[
		'no image at all',
		{
			model: 'alibaba/wan-2-6-i2v',
			varying: { name: 'inputImage', good: IMAGE, bad: '' },
			message: 'Image is empty; this model needs it',
		},
	],
	[
		'a plain http URL',
		{
			model: 'alibaba/wan-2-6-i2v',
			varying: { name: 'inputImage', good: IMAGE, bad: 'http://example.com/photo.jpg' },
			message: 'Image must be an https URL',
		},
	],
	[
		'not a URL',
		{
			model: 'alibaba/wan2.2-i2v-plus',
			varying: { name: 'inputImage', good: IMAGE, bad: 'photo.jpg' },
			message: 'Image must be an https URL, received "photo.jpg"',
		},
	],
	[
		'a data URL in a URL-only field',
		{
			model: 'alibaba/wan-2-7-r2v',
			varying: { name: 'firstFrameUrl', good: IMAGE, bad: `data:image/png;base64,${PNG}` },
			message: 'First Frame URL takes URLs only for this model, received a data URL',
		},
	],
	[
		'a data URL of another type in the image field',
		{
			model: 'alibaba/wan-2-6-i2v',
			varying: {
				name: 'inputImage',
				good: IMAGE,
				bad: 'data:image/gif;base64,R0lGODlhAQABAAAAACw=',
			},
			message: 'Image is of type "image/gif"',
		},
	],
	[
		'six reference images (at most five)',
		{
			model: 'alibaba/wan-2-7-r2v',
			varying: { name: 'referenceImageUrls', good: urls(5, 'png'), bad: urls(6, 'png') },
			message: 'Reference Image URLs has 6 reference images; this model takes at most 5',
		},
	],
	[
		'four reference videos (at most three)',
		{
			model: 'alibaba/wan-2-6-r2v',
			varying: { name: 'referenceVideoUrlsWan26', good: urls(3, 'mp4'), bad: urls(4, 'mp4') },
			message: 'has 4 reference videos; this model takes 1 to 3',
		},
	],
	[
		'no reference video',
		{
			model: 'alibaba/wan-2-6-r2v',
			varying: { name: 'referenceVideoUrlsWan26', good: urls(1, 'mp4'), bad: '' },
			message: 'has 0 reference videos; this model takes 1 to 3',
		},
	],
	[
		'an ftp reference in a list',
		{
			model: 'alibaba/wan-2-7-r2v',
			varying: {
				name: 'referenceVideoUrls',
				good: urls(2, 'mp4'),
				bad: 'https://e.com/1.mp4, ftp://e.com/2.mp4',
			},
			message: 'Reference Video URLs 2 must be an https URL',
		},
	],
	[
		'eleven Wan 3.0 reference images',
		{
			model: 'alibaba/wan-3-0-video',
			varying: {
				name: 'wan30ReferenceImageUrls',
				good: urls(10, 'png', '\n'),
				bad: urls(11, 'png', '\n'),
			},
			message: 'has 11 reference images; this model takes at most 10',
		},
	],
];

test.each(BAD_INPUTS)(
	'refused before any request, naming the item and field: %s',
	async (_name, row) => {
		// Item 0 is fine, item 1 is not: nothing of the batch starts.
		const parameters = create(row.model, {
			inputImage: IMAGE,
			...row.fixed,
			...(row.varying ? { [row.varying.name]: '={{ $json.value }}' } : {}),
		});
		const result = await run(ctx.emulator, {
			parameters,
			input: row.varying ? [{ value: row.varying.good }, { value: row.varying.bad }] : [{}, {}],
			inputBinary: [png(), row.binary === undefined ? png() : row.binary],
		});
		expect(result.status).toBe('error');
		expect(result.error?.message).toContain(row.message);
		expect(result.error?.message).toContain('(item 1)');
		expect(ctx.emulator.sent('create')).toHaveLength(0);
	},
);

test('continue-on-fail: only the item with a bad image fails, the others start', async () => {
	const result = await run(ctx.emulator, {
		parameters: create('alibaba/wan-2-6-i2v', {
			inputImageSource: 'binary',
			inputImageBinaryProperty: '={{ $itemIndex === 1 ? "missing" : "data" }}',
		}),
		input: [{}, {}, {}],
		inputBinary: [png(), png(), png()],
		nodeSettings: { onError: 'continueRegularOutput' },
	});
	expect(result.items.map((item) => item.json.status)).toEqual(['queued', 'failed', 'queued']);
	expect(ctx.emulator.sent('create')).toHaveLength(2);
	expect(visibleText(result)).not.toContain(PNG);
});

describe('the emulator holds bodies to the specs', () => {
	const post = async (body: IDataObject) => {
		const response = await fetch(`${ctx.emulator.apiUrl}/v2/video/generations`, {
			method: 'POST',
			headers: {
				Authorization: 'Bearer test-aiml-key-0123456789',
				'Content-Type': 'application/json',
			},
			body: JSON.stringify(body),
		});
		return { status: response.status, text: await response.text() };
	};

	test.each([
		['i2v without image_url', { model: 'alibaba/wan-2-6-i2v', prompt: 'p' }, 'Required'],
		[
			'a raw Base64 string (not a data URL)',
			{ model: 'alibaba/wan-2-7-i2v', prompt: 'p', image_url: PNG },
			'Invalid url',
		],
		[
			'a data URL for the r2v first frame (URLs only)',
			{
				model: 'alibaba/wan-2-7-r2v',
				prompt: 'p',
				first_frame_image: `data:image/png;base64,${PNG}`,
			},
			'Invalid url',
		],
		[
			'r2v 2.6 without videos',
			{ model: 'alibaba/wan-2-6-r2v', prompt: 'p', video_urls: [] },
			'at least 1 element',
		],
		[
			'r2v 2.7 with six videos',
			{
				model: 'alibaba/wan-2-7-r2v',
				prompt: 'p',
				video_urls: Array.from({ length: 6 }, (_, i) => `https://e.com/${i}.mp4`),
			},
			'at most 5 element',
		],
		[
			'Wan 3.0 first frame with reference images',
			{
				model: 'alibaba/wan-3-0-video',
				prompt: 'p',
				image_url: IMAGE,
				reference_image_urls: [IMAGE],
			},
			'image_url cannot be used together',
		],
	])('refused: %s', async (_name, body, detail) => {
		const answer = await post(body);
		expect(answer.status).toBe(400);
		expect(answer.text).toContain(detail);
	});

	test('a valid data URL is accepted by an i2v model', async () => {
		const answer = await post({
			model: 'alibaba/wan2.2-i2v-plus',
			prompt: 'p',
			image_url: `data:image/webp;base64,${PNG}`,
		});
		expect(answer.status).toBe(201);
	});
});
