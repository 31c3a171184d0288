import type { ModelEntry } from '../../../engine/catalog/types';
import {
	IMAGE_TYPES,
	MB,
	PAGES,
	SIZES_1080P,
	SIZES_480P,
	SIZES_720P,
	WAN21_FIELDS,
	imageUrl,
	novitaAudioUrl,
	novitaDuration,
	novitaGenerateAudio,
	novitaPromptExtend,
	novitaResolution720To1080,
	novitaSeed31,
	novitaShortNegativePrompt,
	novitaShotType,
	novitaWan26Duration,
	novitaWatermark,
	size720To1080,
	sizes,
} from './controls';

/*
 * Novita AI's Wan models (text and image to video), each from its page of Novita's API reference
 * (https://novita.ai/docs/api-reference/model-apis-…, named per entry). Each model has its own
 * create path and body: flat (2.1, 2.7) or nested in `input` and `parameters` (2.2 to 2.6).
 * The adapter takes the path and the prompt's place from here, so another model is another
 * entry. Task results are read at GET /v3/async/task-result for all of them.
 */

const wan21: ModelEntry = {
	id: 'wan-t2v',
	spec: `${PAGES}wan-t2v (POST /v3/async/wan-t2v)`,
	name: 'Wan 2.1 14B Text to Video',
	description: 'Novita AI Wan 2.1 14B: 480p or 720p, 5 s, LoRAs',
	createPath: '/v3/async/wan-t2v',
	// The page marks model_name, width, height, seed and prompt required.
	fixedFields: { model_name: 'wan2.1-t2v' },
	taskType: 'WAN_T2V',
	promptMaxLength: 2000,
	fields: WAN21_FIELDS,
};

const wan22: ModelEntry = {
	id: 'wan-2.2-t2v',
	spec: `${PAGES}wan2.2-t2v (POST /v3/async/wan-2.2-t2v)`,
	name: 'Wan 2.2 Text to Video',
	description: 'Novita AI Wan 2.2: 480p or 1080p, 5 s, silent',
	createPath: '/v3/async/wan-2.2-t2v',
	promptPath: 'input.prompt',
	taskType: 'WAN_2_2_T2V',
	fields: [
		{ apiName: 'input.negative_prompt', control: novitaShortNegativePrompt },
		{
			apiName: 'parameters.size',
			// The 480p and 1080p tiers (Wan 2.2 has no 720p).
			control: sizes('novitaWan22Size', [...SIZES_480P, ...SIZES_1080P], '1920*1080'),
		},
		{ apiName: 'parameters.prompt_extend', control: novitaPromptExtend },
		{ apiName: 'parameters.seed', control: novitaSeed31 },
	],
};

const wan25: ModelEntry = {
	id: 'wan-2.5-t2v-preview',
	spec: `${PAGES}wan2.5-t2v (POST /v3/async/wan-2.5-t2v-preview)`,
	name: 'Wan 2.5 Preview Text to Video',
	description: 'Novita AI Wan 2.5 Preview: 480p to 1080p, 5 or 10 s, generated or supplied audio',
	createPath: '/v3/async/wan-2.5-t2v-preview',
	promptPath: 'input.prompt',
	taskType: 'WAN_2_5_T2V_PREVIEW',
	promptMaxLength: 2000,
	fields: [
		{ apiName: 'input.negative_prompt', control: novitaShortNegativePrompt },
		{
			apiName: 'parameters.size',
			control: sizes(
				'novitaWan25Size',
				[...SIZES_480P, ...SIZES_720P, ...SIZES_1080P],
				'1920*1080',
			),
		},
		{
			apiName: 'parameters.duration',
			control: {
				displayName: 'Duration',
				name: 'novitaWan25Duration',
				description: 'Length of the video',
				type: 'options',
				default: 5,
				options: [
					{ name: '5 Seconds', value: 5 },
					{ name: '10 Seconds', value: 10 },
				],
			},
		},
		{ apiName: 'parameters.prompt_extend', control: novitaPromptExtend },
		{ apiName: 'input.audio_url', control: novitaAudioUrl },
		{ apiName: 'parameters.audio', control: novitaGenerateAudio },
		{ apiName: 'parameters.watermark', control: novitaWatermark },
		{ apiName: 'parameters.seed', control: novitaSeed31 },
	],
};

const wan26: ModelEntry = {
	id: 'wan2.6-t2v',
	spec: `${PAGES}wan2.6-t2v (POST /v3/async/wan2.6-t2v)`,
	name: 'Wan 2.6 Text to Video',
	description:
		'Novita AI Wan 2.6: 720p or 1080p, 5 to 15 s, multi-shot, generated or supplied audio',
	createPath: '/v3/async/wan2.6-t2v',
	promptPath: 'input.prompt',
	taskType: 'WAN_2_6_T2V',
	promptMaxLength: 2000,
	fields: [
		{ apiName: 'input.negative_prompt', control: novitaShortNegativePrompt },
		{ apiName: 'parameters.size', control: size720To1080 },
		{ apiName: 'parameters.duration', control: novitaWan26Duration },
		{ apiName: 'parameters.shot_type', control: novitaShotType },
		{ apiName: 'parameters.prompt_extend', control: novitaPromptExtend },
		{ apiName: 'input.audio_url', control: novitaAudioUrl },
		{ apiName: 'parameters.audio', control: novitaGenerateAudio },
		{ apiName: 'parameters.watermark', control: novitaWatermark },
		{ apiName: 'parameters.seed', control: novitaSeed31 },
	],
};

/** Wan 2.7: a flat body with size as `W*H`, duration 2 to 15 s and audio. */
const wan27: ModelEntry = {
	id: 'wan2.7-t2v',
	spec: `${PAGES}wan2.7-t2v (POST /v3/async/wan2.7-t2v)`,
	name: 'Wan 2.7 Text to Video',
	description: 'Novita AI Wan 2.7: up to 1080p, 2 to 15 s, generated or supplied audio',
	createPath: '/v3/async/wan2.7-t2v',
	taskType: 'WAN_2_7_T2V',
	promptMaxLength: 1500,
	fields: [
		{ apiName: 'negative_prompt', control: novitaShortNegativePrompt },
		{ apiName: 'size', control: size720To1080 },
		{ apiName: 'duration', control: novitaDuration },
		{ apiName: 'prompt_extend', control: novitaPromptExtend },
		{ apiName: 'audio_url', control: novitaAudioUrl },
		{ apiName: 'watermark', control: novitaWatermark },
		{ apiName: 'seed', control: novitaSeed31 },
	],
};

const wan21i2v: ModelEntry = {
	id: 'wan-i2v',
	spec: `${PAGES}wan-i2v (POST /v3/async/wan-i2v)`,
	name: 'Wan 2.1 14B Image to Video',
	description: 'Novita AI Wan 2.1 14B from an image URL: 480p or 720p, 5 s, LoRAs',
	createPath: '/v3/async/wan-i2v',
	fixedFields: { model_name: 'wan2.1-i2v' },
	taskType: 'WAN_I2V',
	promptMaxLength: 2000,
	fields: [
		{
			apiName: 'image_url',
			control: imageUrl(
				'novitaWan21ImageUrl',
				'The image the video is made from; the video keeps its aspect ratio (Size sets only the clarity).',
			),
		},
		...WAN21_FIELDS,
	],
};

const wan22i2v: ModelEntry = {
	id: 'wan-2.2-i2v',
	spec: `${PAGES}wan2.2-i2v (POST /v3/async/wan-2.2-i2v)`,
	name: 'Wan 2.2 Image to Video',
	description: 'Novita AI Wan 2.2 from an image URL: 480p or 1080p, 5 s, silent',
	createPath: '/v3/async/wan-2.2-i2v',
	promptPath: 'input.prompt',
	taskType: 'WAN_2_2_I2V',
	promptMaxLength: 800,
	fields: [
		{
			apiName: 'input.img_url',
			control: imageUrl(
				'novitaWan22ImageUrl',
				'The first frame of the video (360 to 2000 pixels wide and high).',
			),
		},
		{ apiName: 'input.negative_prompt', control: novitaShortNegativePrompt },
		{
			apiName: 'parameters.resolution',
			control: {
				displayName: 'Resolution',
				name: 'novitaWan22Resolution',
				description: 'Resolution tier; the video keeps the image’s aspect ratio',
				type: 'options',
				default: '1080P',
				options: ['480P', '1080P'].map((value) => ({ name: value, value })),
			},
		},
		{ apiName: 'parameters.prompt_extend', control: novitaPromptExtend },
		{ apiName: 'parameters.seed', control: novitaSeed31 },
	],
};

const wan26i2v: ModelEntry = {
	id: 'wan2.6-i2v',
	spec: `${PAGES}wan2.6-i2v (POST /v3/async/wan2.6-i2v)`,
	name: 'Wan 2.6 Image to Video',
	description:
		'Novita AI Wan 2.6 from an image (URL or binary): 720p or 1080p, 5 to 15 s, multi-shot, audio',
	createPath: '/v3/async/wan2.6-i2v',
	promptPath: 'input.prompt',
	taskType: 'WAN_2_6_I2V',
	promptMaxLength: 2000,
	fields: [
		{
			apiName: 'input.img_url',
			control: {
				displayName: 'Image',
				name: 'novitaWan26Image',
				description:
					'The first frame of the video: a public URL, or an image from the input item (sent inline as Base64)',
				type: 'image',
				default: '',
				required: true,
				image: {
					base64: true,
					mimeTypes: IMAGE_TYPES,
					maxBytes: 10 * MB,
					limitNote: 'a conservative limit: the page states none, Wan 2.6 documents 10 MB',
				},
			},
		},
		{
			apiName: 'input.template',
			control: {
				displayName: 'Effect Template',
				name: 'novitaWan26Template',
				description:
					'Name of one of Novita’s video effect templates (the prompt is then ignored). Left empty, nothing is sent.',
				type: 'string',
				default: '',
				omitWhen: '',
			},
		},
		{ apiName: 'input.negative_prompt', control: novitaShortNegativePrompt },
		{ apiName: 'parameters.resolution', control: novitaResolution720To1080 },
		{ apiName: 'parameters.duration', control: novitaWan26Duration },
		{ apiName: 'parameters.shot_type', control: novitaShotType },
		{ apiName: 'parameters.prompt_extend', control: novitaPromptExtend },
		{ apiName: 'input.audio_url', control: novitaAudioUrl },
		{ apiName: 'parameters.audio', control: novitaGenerateAudio },
		{ apiName: 'parameters.watermark', control: novitaWatermark },
		{ apiName: 'parameters.seed', control: novitaSeed31 },
	],
};

/** Wan 2.7 i2v: flat; a first frame (optionally a last frame) or a clip to continue. */
const wan27i2v: ModelEntry = {
	id: 'wan2.7-i2v',
	spec: `${PAGES}wan2.7-i2v (POST /v3/async/wan2.7-i2v)`,
	name: 'Wan 2.7 Image to Video',
	description:
		'Novita AI Wan 2.7 from an image URL (optional last frame): 720p or 1080p, 2 to 15 s, audio',
	createPath: '/v3/async/wan2.7-i2v',
	taskType: 'WAN_2_7_I2V',
	promptMaxLength: 5000,
	oneOf: {
		apiNames: ['image_url', 'first_clip_url'],
		message: 'Give an Image URL (first frame) or a First Clip URL (a video to continue), not both.',
	},
	fields: [
		{
			apiName: 'image_url',
			control: {
				...imageUrl(
					'novitaWan27ImageUrl',
					'The first frame (JPEG, PNG, BMP or WEBP, 240 to 8000 pixels, at most 20 MB), or leave it empty and give a First Clip URL.',
				),
				required: false,
			},
		},
		{
			apiName: 'first_clip_url',
			control: {
				displayName: 'First Clip URL',
				name: 'novitaWan27FirstClipUrl',
				description:
					'Instead of an image: a video (mp4 or mov, 2 to 10 s) the new video continues. Left empty, nothing is sent.',
				type: 'string',
				default: '',
				omitWhen: '',
				url: true,
				placeholder: 'e.g. https://example.com/clip.mp4',
			},
		},
		{
			apiName: 'last_frame_url',
			control: imageUrl(
				'novitaWan27LastFrameUrl',
				'Optional last frame, for a first-and-last-frame video. Left empty, nothing is sent.',
				false,
			),
		},
		{ apiName: 'negative_prompt', control: novitaShortNegativePrompt },
		{ apiName: 'resolution', control: novitaResolution720To1080 },
		{ apiName: 'duration', control: novitaDuration },
		{ apiName: 'prompt_extend', control: novitaPromptExtend },
		{
			apiName: 'driving_audio_url',
			control: {
				...novitaAudioUrl,
				name: 'novitaDrivingAudioUrl',
				displayName: 'Driving Audio URL',
				description:
					'Public URL of an audio file that drives the video (e.g. speech for lip-sync). Left empty, a soundtrack is generated.',
			},
		},
		{ apiName: 'watermark', control: novitaWatermark },
		{ apiName: 'seed', control: novitaSeed31 },
	],
};

/** Newest first, text then image to video; Wan 2.1 14B stays the default. */
export const NOVITA_MODELS: ModelEntry[] = [
	wan27,
	wan26,
	wan25,
	wan22,
	wan21,
	wan27i2v,
	wan26i2v,
	wan22i2v,
	wan21i2v,
];

export const DEFAULT_NOVITA_MODEL = wan21.id;

export function findNovitaModel(id: string): ModelEntry | undefined {
	return NOVITA_MODELS.find((model) => model.id === id);
}
