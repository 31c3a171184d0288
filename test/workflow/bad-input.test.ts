/**
 * Bad input is refused before any request, with a message naming the field, what is allowed,
 * what was received, and the item. Each case runs the real workflow against the emulator.
 */
import type { IDataObject } from 'n8n-workflow';

import { model, run, useEmulator } from './helpers';

const ctx = useEmulator();

const wan26 = {
	operation: 'create',
	model: model('alibaba/wan-2-6-t2v'),
	prompt: 'p',
	waitForCompletion: false,
};
const turbo = { ...wan26, model: model('alibaba/wan2.1-t2v-turbo') };
const plus = { ...wan26, model: model('alibaba/wan2.1-t2v-plus') };
const old13b = { ...wan26, model: model('wan/v2.1/1.3b/text-to-video') };
const wan27 = { ...wan26, model: model('alibaba/wan-2-7-t2v') };
const wan25 = { ...wan26, model: model('alibaba/wan2.5-t2v-preview') };
const wan22 = { ...wan26, model: model('alibaba/wan2.2-t2v-plus') };
const wan30 = { ...wan26, model: model('alibaba/wan-3-0-video') };
const krea = { ...wan26, model: model('krea/krea-wan-14b/text-to-video') };
const novita = { operation: 'create', provider: 'novita', prompt: 'p', waitForCompletion: false };
const novita27 = { ...novita, novitaModel: 'wan2.7-t2v' };
const get = { operation: 'get', provider: 'aimlapi' };

const CASES: Array<[string, IDataObject, string | RegExp]> = [
	[
		'empty prompt from the item',
		{ ...wan26, prompt: '={{ $json.nothing }}' },
		'Prompt is empty (item 0)',
	],
	['whitespace prompt', { ...wan26, prompt: ' \n\t ' }, 'Prompt is empty (item 0)'],
	[
		'prompt from an expression that is empty',
		{ ...wan26, prompt: '={{ "" }}' },
		'Prompt is empty (item 0)',
	],
	[
		'Novita prompt over 2000 characters',
		{ ...novita, prompt: 'x'.repeat(2001) },
		'Prompt is 2001 characters long; this model accepts at most 2000 (item 0)',
	],
	[
		'Wan 2.6 resolution in Wan 2.1 casing',
		{ ...wan26, resolution: '720P' },
		'Resolution must be one of 720p, 1080p for model alibaba/wan-2-6-t2v, received "720P" (item 0)',
	],
	[
		'Turbo resolution 1080P',
		{ ...turbo, resolutionWan21Turbo: '1080P' },
		'Resolution must be one of 480P, 720P for model alibaba/wan2.1-t2v-turbo, received "1080P"',
	],
	[
		'Plus resolution 480P',
		{ ...plus, resolutionWan21Plus: '480P' },
		'Resolution must be one of 720P for model alibaba/wan2.1-t2v-plus, received "480P"',
	],
	[
		'Wan 2.6 duration 7',
		{ ...wan26, duration: 7 },
		'Duration must be one of 5, 10, 15 for model alibaba/wan-2-6-t2v, received 7',
	],
	[
		'aspect ratio 21:9',
		{ ...wan26, aspectRatio: '21:9' },
		'Aspect Ratio must be one of 16:9, 9:16, 1:1, 4:3, 3:4 for model alibaba/wan-2-6-t2v, received "21:9"',
	],
	[
		'1.3B aspect ratio 1:1',
		{ ...old13b, aspectRatioWan13b: '1:1' },
		'Aspect Ratio must be one of 16:9, 9:16 for model wan/v2.1/1.3b/text-to-video, received "1:1"',
	],
	['shot type unknown', { ...wan26, shotType: 'triple' }, 'Shot Type must be one of single, multi'],
	[
		'multi-shot without prompt expansion',
		{ ...wan26, shotType: 'multi', promptExpansion: false },
		'Prompt Expansion must be true here: Shot Type "multi" needs Prompt Expansion on',
	],
	[
		'audio URL not a URL',
		{ ...wan26, audioUrl: 'voice.mp3' },
		'Audio URL must be an http(s) URL, received "voice.mp3"',
	],
	[
		'audio URL with another scheme',
		{ ...wan26, audioUrl: 'ftp://host/voice.mp3' },
		'Audio URL must be an http(s) URL',
	],
	['seed a fraction', { ...wan26, seed: 1.5 }, 'Seed must be a whole number, received 1.5'],
	['seed below -1', { ...wan26, seed: -5 }, 'Seed must be at least -1, received -5'],
	[
		'seed not a number',
		{ ...wan26, seed: '={{ "abc" }}' },
		'Seed must be a number, received "abc"',
	],
	[
		'1.3B inference steps 0',
		{ ...old13b, inferenceSteps: 0 },
		'Inference Steps must be at least 1, received 0',
	],
	[
		'1.3B inference steps fraction',
		{ ...old13b, inferenceSteps: 12.5 },
		'Inference Steps must be a whole number, received 12.5',
	],
	[
		'1.3B guidance scale negative',
		{ ...old13b, guidanceScale: -1 },
		'Guidance Scale must be at least 0, received -1',
	],
	[
		'1.3B sampler unknown',
		{ ...old13b, sampler: 'euler' },
		'Sampler must be one of unipc, dpm+ for model wan/v2.1/1.3b/text-to-video, received "euler"',
	],
	[
		'prompt expansion not a boolean',
		{ ...turbo, promptExpansion: '={{ "maybe" }}' },
		'Prompt Expansion must be true or false, received "maybe"',
	],
	[
		'Wan 2.7 resolution in Wan 2.1 casing',
		{ ...wan27, resolution: '1080P' },
		'Resolution must be one of 720p, 1080p for model alibaba/wan-2-7-t2v, received "1080P"',
	],
	[
		'Wan 2.7 multi-shot without prompt expansion',
		{ ...wan27, shotType: 'multi', promptExpansion: false },
		'Prompt Expansion must be true here: Shot Type "multi" needs Prompt Expansion on',
	],
	[
		'Wan 2.5 resolution in uppercase',
		{ ...wan25, resolution480to1080: '720P' },
		'Resolution must be one of 480p, 720p, 1080p for model alibaba/wan2.5-t2v-preview, received "720P"',
	],
	[
		'Wan 2.5 duration 15',
		{ ...wan25, durationWan25: 15 },
		'Duration must be one of 5, 10 for model alibaba/wan2.5-t2v-preview, received 15',
	],
	[
		'Wan 2.5 aspect ratio 4:3',
		{ ...wan25, aspectRatioWan25: '4:3' },
		'Aspect Ratio must be one of 16:9, 9:16, 1:1 for model alibaba/wan2.5-t2v-preview, received "4:3"',
	],
	[
		'Wan 2.2 Plus resolution in lowercase',
		{ ...wan22, resolutionWan22Plus: '1080p' },
		'Resolution must be one of 480P, 1080P for model alibaba/wan2.2-t2v-plus, received "1080p"',
	],
	[
		'Wan 2.2 Plus resolution 720P',
		{ ...wan22, resolutionWan22Plus: '720P' },
		'Resolution must be one of 480P, 1080P for model alibaba/wan2.2-t2v-plus, received "720P"',
	],
	[
		'Krea frames under 18',
		{ ...krea, numFrames: 6 },
		'Number of Frames must be at least 18 and at most 162, received 6',
	],
	[
		'Krea frames over 162',
		{ ...krea, numFrames: 174 },
		'Number of Frames must be at least 18 and at most 162, received 174',
	],
	[
		'Krea frames not a multiple of 12 plus 6',
		{ ...krea, numFrames: 80 },
		'Number of Frames must be one of 18, 30, 42, … 162 (steps of 12 from 18), received 80',
	],
	[
		'Krea frames a fraction',
		{ ...krea, numFrames: 78.5 },
		'Number of Frames must be a whole number, received 78.5',
	],
	[
		'Wan 3.0 duration 1',
		{ ...wan30, durationWan30: 1 },
		'Duration (Seconds) must be at least 2 and at most 30, received 1',
	],
	[
		'Wan 3.0 duration 31',
		{ ...wan30, durationWan30: 31 },
		'Duration (Seconds) must be at least 2 and at most 30, received 31',
	],
	[
		'Wan 3.0 aspect ratio 21:9',
		{ ...wan30, aspectRatioWan30: '21:9' },
		'Aspect Ratio must be one of adaptive, 16:9, 4:3, 1:1, 3:4, 9:16 for model alibaba/wan-3-0-video, received "21:9"',
	],
	[
		'Wan 3.0 resolution 4k',
		{ ...wan30, resolution480to1080: '4k' },
		'Resolution must be one of 480p, 720p, 1080p for model alibaba/wan-3-0-video, received "4k"',
	],
	[
		'Wan 3.0 prompt over 20000 characters',
		{ ...wan30, prompt: 'x'.repeat(20001) },
		'Prompt is 20001 characters long; this model accepts at most 20000 (item 0)',
	],
	[
		'Novita size not a valid pair',
		{ ...novita, novitaSize: '1024x1024' },
		'Size must be one of 832x480, 480x832, 1280x720, 720x1280 for model wan-t2v, received "1024x1024"',
	],
	[
		'Novita steps over 40',
		{ ...novita, novitaSteps: 41 },
		'Steps must be at least 1 and at most 40, received 41',
	],
	[
		'Novita steps a fraction',
		{ ...novita, novitaSteps: 20.5 },
		'Steps must be a whole number, received 20.5',
	],
	[
		'Novita guidance scale over 10',
		{ ...novita, novitaGuidanceScale: 10.5 },
		'Guidance Scale must be at least 0 and at most 10, received 10.5',
	],
	[
		'Novita flow shift under 1',
		{ ...novita, novitaFlowShift: 0.5 },
		'Flow Shift must be at least 1 and at most 10, received 0.5',
	],
	[
		'Novita seed over the maximum',
		{ ...novita, novitaSeed: 10000000000 },
		'Seed must be at least -1 and at most 9999999999, received 10000000000',
	],
	[
		'Novita negative prompt over 2000',
		{ ...novita, novitaNegativePrompt: 'n'.repeat(2001) },
		'Negative Prompt is 2001 characters long; at most 2000 are accepted',
	],
	[
		'Novita Wan 2.7 negative prompt over 500',
		{ ...novita, novitaModel: 'wan2.7-t2v', novitaShortNegativePrompt: 'n'.repeat(501) },
		'Negative Prompt is 501 characters long; at most 500 are accepted',
	],
	[
		'Novita Wan 2.6 duration not on its page',
		{ ...novita, novitaModel: 'wan2.6-t2v', novitaWan26Duration: '={{ 12 }}' },
		'Duration must be one of 5, 10, 15 for model wan2.6-t2v, received 12',
	],
	[
		'Novita four LoRAs',
		{ ...novita, novitaLoras: { lora: [1, 2, 3, 4].map((i) => ({ path: `a/l${i}`, scale: 1 })) } },
		'LoRAs has 4 entries; at most 3 are accepted',
	],
	[
		'Novita LoRA scale over 4',
		{ ...novita, novitaLoras: { lora: [{ path: 'a/b', scale: 4.5 }] } },
		'LoRA 1 Scale must be between 0 and 4, received 4.5',
	],
	[
		'Novita LoRA without a path',
		{ ...novita, novitaLoras: { lora: [{ path: ' ', scale: 1 }] } },
		'LoRA 1 Path is empty',
	],
	[
		'Novita model id from an expression that is not a Novita model',
		{ ...novita, novitaModel: '={{ "wan-9-t2v" }}' },
		'Model must be one of wan2.7-t2v, wan2.6-t2v, wan-2.5-t2v-preview, wan-2.2-t2v, wan-t2v, wan2.7-i2v, wan2.6-i2v, wan-2.2-i2v, wan-i2v, received "wan-9-t2v"',
	],
	[
		'Novita Wan 2.7 prompt over 1500 characters',
		{ ...novita27, prompt: 'x'.repeat(1501) },
		'Prompt is 1501 characters long; this model accepts at most 1500',
	],
	[
		'Novita Wan 2.7 duration 1',
		{ ...novita27, novitaDuration: 1 },
		'Duration (Seconds) must be at least 2 and at most 15, received 1',
	],
	[
		'Novita Wan 2.7 duration 16',
		{ ...novita27, novitaDuration: 16 },
		'Duration (Seconds) must be at least 2 and at most 15, received 16',
	],
	[
		'Novita Wan 2.7 size written like Wan 2.1',
		{ ...novita27, novitaWan27Size: '1280x720' },
		/^Size must be one of 1280\*720, 720\*1280, .* for model wan2.7-t2v, received "1280x720"/,
	],
	[
		'Novita Wan 2.7 seed over 2147483647',
		{ ...novita27, novitaWan27Seed: 2147483648 },
		'Seed must be at least -1 and at most 2147483647, received 2147483648',
	],
	[
		'Novita Wan 2.7 audio URL not a URL',
		{ ...novita27, novitaAudioUrl: 'voice.mp3' },
		'Audio URL must be an http(s) URL, received "voice.mp3"',
	],
	[
		'callback URL not a URL',
		{ ...novita, options: { callbackUrl: 'resume-here' } },
		'Callback URL must be an http(s) URL, received "resume-here"',
	],
	[
		'callback URL from an expression with another scheme',
		{ ...novita, options: { callbackUrl: '={{ "ftp://host/hook" }}' } },
		'Callback URL must be an http(s) URL, received "ftp://host/hook"',
	],
	[
		'extra body fields not JSON',
		{ ...wan26, options: { extraBodyFields: '{num_frames: 81' } },
		/^Extra Body Fields is not valid JSON/,
	],
	[
		'extra body fields an array',
		{ ...wan26, options: { extraBodyFields: '[1, 2]' } },
		'Extra Body Fields must be a JSON object, received [1,2]',
	],
	[
		'extra body fields setting the model',
		{ ...wan26, options: { extraBodyFields: '{"model": "other"}' } },
		'Extra Body Fields must not set model',
	],
	[
		'empty model id from the item',
		{ ...wan26, model: { __rl: true, mode: 'id', value: '={{ $json.nothing }}' } },
		'Model is empty',
	],
	[
		'empty generation id from the item',
		{ ...get, generationId: '={{ $json.nothing }}' },
		'Generation ID is empty (received nothing) (item 0)',
	],
	[
		'generation id with spaces',
		{ ...get, generationId: 'abc def' },
		'Generation ID is not a generation id (received "abc def")',
	],
	[
		'generation id with a control character',
		{ ...get, generationId: 'abc\u0001def' },
		'Generation ID is not a generation id',
	],
	[
		'poll interval zero',
		{ ...wan26, waitForCompletion: true, pollInterval: 0 },
		'Poll Interval must be a positive number, received 0',
	],
	[
		'maximum wait negative',
		{ ...wan26, waitForCompletion: true, maxWait: -3 },
		'Maximum Wait must be a positive number, received -3',
	],
];

test(`the table has at least 25 cases (${CASES.length})`, () => {
	expect(CASES.length).toBeGreaterThanOrEqual(25);
});

test.each(CASES)('%s', async (_name, parameters, expected) => {
	const result = await run(ctx.emulator, { parameters });
	expect(result.status).toBe('error');
	if (typeof expected === 'string') expect(result.error?.message).toContain(expected);
	else expect(result.error?.message).toMatch(expected);
	// Every message says what to do.
	expect(String(result.error?.description ?? '')).not.toBe('');
	expect(ctx.emulator.requests).toHaveLength(0);
});

test('a literally empty required field is refused by n8n itself before the node runs', async () => {
	const result = await run(ctx.emulator, { parameters: { ...wan26, prompt: '' } });
	expect(result.status).toBe('error');
	expect(result.error?.message).toMatch(/has issues/);
	expect(ctx.emulator.requests).toHaveLength(0);
});

test('with continue-on-fail, a bad item is an error item and the good one still runs', async () => {
	const result = await run(ctx.emulator, {
		input: [{ seed: 1.5 }, { seed: 3 }],
		parameters: { ...wan26, seed: '={{ $json.seed }}' },
		nodeSettings: { onError: 'continueRegularOutput' },
	});
	expect(result.items[0].json).toMatchObject({
		status: 'failed',
		id: null,
		error: 'Seed must be a whole number, received 1.5 (item 0)',
	});
	expect(result.items[0].json.errorDescription).toContain('whole number');
	expect(result.items[1].json.status).toBe('queued');
	expect(ctx.emulator.sent('create')).toHaveLength(1);
	expect((ctx.emulator.sent('create')[0].body as IDataObject).seed).toBe(3);
});
