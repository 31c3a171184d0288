import {
	guidanceScale,
	inferenceSteps,
	negativePrompt,
	promptExpansion,
	seed,
	watermark,
} from '../../../engine/catalog/controls';
import type { FieldControl, ImageInputRules, ModelEntry } from '../../../engine/catalog/types';

/*
 * Novita AI's Wan text-to-video models, each from its page of Novita's API reference
 * (https://novita.ai/docs/api-reference/model-apis-…, named per entry). Each model has its own
 * create path and body: flat (2.1, 2.7) or nested in `input` and `parameters` (2.2 to 2.6).
 * The adapter takes the path and the prompt's place from here, so another model is another
 * entry. Task results are read at GET /v3/async/task-result for all of them.
 */

const PAGES = 'https://novita.ai/docs/api-reference/model-apis-';

/** Wan 2.1: up to 2000 characters. */
const novitaNegativePrompt: FieldControl = {
	...negativePrompt,
	name: 'novitaNegativePrompt',
	maxLength: 2000,
};

/** Wan 2.2 to 2.7: up to 500 characters. */
const novitaShortNegativePrompt: FieldControl = {
	...negativePrompt,
	name: 'novitaShortNegativePrompt',
	maxLength: 500,
};

const novitaPromptExtend: FieldControl = { ...promptExpansion, name: 'novitaPromptExtend' };
const novitaWatermark: FieldControl = { ...watermark, name: 'novitaWatermark' };

/** Wan 2.2 to 2.7: 0 to 2147483647; -1 (the default) sends nothing, so the API picks one. */
const novitaSeed31: FieldControl = { ...seed, name: 'novitaWan27Seed', max: 2147483647 };

const novitaAudioUrl: FieldControl = {
	displayName: 'Audio URL',
	name: 'novitaAudioUrl',
	description:
		'Public URL of a wav or mp3 file (3 to 30 s, at most 15 MB) that drives the video. Left empty, a soundtrack is generated.',
	type: 'string',
	default: '',
	omitWhen: '',
	url: true,
	placeholder: 'e.g. https://example.com/voice.mp3',
};

const novitaGenerateAudio: FieldControl = {
	displayName: 'Generate Audio',
	name: 'novitaAudio',
	description: 'Whether the video gets a generated soundtrack (an Audio URL takes precedence)',
	type: 'boolean',
	default: true,
};

/** A boolean the page no longer lists: sent only when the user picks a value. */
function unlistedSwitch(control: Omit<FieldControl, 'type' | 'default' | 'options'>): FieldControl {
	return {
		...control,
		type: 'options',
		default: '',
		omitWhen: '',
		options: [
			{ name: 'Not Sent (API Default)', value: '' },
			{ name: 'On', value: true },
			{ name: 'Off', value: false },
		],
	};
}

/** `W*H` sizes with a label, as Novita's pages list them. */
function sizes(name: string, list: Array<[string, string]>, fallback: string): FieldControl {
	return {
		displayName: 'Size',
		name,
		description: 'Width*height of the video',
		type: 'options',
		default: fallback,
		options: list.map(([value, label]) => ({
			name: `${value.replace('*', '×')} ${label}`,
			value,
		})),
	};
}

const SIZES_480P: Array<[string, string]> = [
	['832*480', 'Landscape 480p'],
	['480*832', 'Portrait 480p'],
	['624*624', 'Square 480p'],
];
const SIZES_720P: Array<[string, string]> = [
	['1280*720', 'Landscape 720p'],
	['720*1280', 'Portrait 720p'],
	['960*960', 'Square 720p'],
	['1088*832', '4:3 720p'],
	['832*1088', '3:4 720p'],
];
const SIZES_1080P: Array<[string, string]> = [
	['1920*1080', 'Landscape 1080p'],
	['1080*1920', 'Portrait 1080p'],
	['1440*1440', 'Square 1080p'],
	['1632*1248', '4:3 1080p'],
	['1248*1632', '3:4 1080p'],
];

/** Wan 2.6 and 2.7: the 720p and 1080p sizes, 1920*1080 by default. */
const size720To1080 = sizes('novitaWan27Size', [...SIZES_720P, ...SIZES_1080P], '1920*1080');

/** Wan 2.1 14B: width x height as a pair (the i2v output keeps the image's aspect ratio). */
const wan21Size: FieldControl = {
	displayName: 'Size',
	name: 'novitaSize',
	description: 'Width x height of the video (only these pairs are accepted)',
	type: 'options',
	default: '832x480',
	options: [
		{ name: '832×480 Landscape (480p)', value: '832x480' },
		{ name: '480×832 Portrait (480p)', value: '480x832' },
		{ name: '1280×720 Landscape (720p)', value: '1280x720' },
		{ name: '720×1280 Portrait (720p)', value: '720x1280' },
	],
};

/** The Wan 2.1 14B body, text and image to video alike. */
const WAN21_FIELDS: ModelEntry['fields'] = [
	{ apiName: 'negative_prompt', control: novitaNegativePrompt },
	{ apiName: 'size', encode: 'size', control: wan21Size },
	{
		apiName: 'steps',
		control: { ...inferenceSteps, name: 'novitaSteps', displayName: 'Steps', max: 40 },
	},
	{
		apiName: 'guidance_scale',
		control: { ...guidanceScale, name: 'novitaGuidanceScale', max: 10 },
	},
	{
		apiName: 'flow_shift',
		control: {
			displayName: 'Flow Shift',
			name: 'novitaFlowShift',
			description: 'Higher values give faster, bigger motion',
			type: 'number',
			default: 5,
			min: 1,
			max: 10,
			numberPrecision: 1,
		},
	},
	{
		apiName: 'loras',
		encode: 'loras',
		control: {
			displayName: 'LoRAs',
			name: 'novitaLoras',
			description: 'Up to three LoRAs applied to the model',
			type: 'loras',
			default: '',
			loras: { maxEntries: 3, minScale: 0, maxScale: 4 },
		},
	},
	{
		// No longer on the page: sent only when set.
		apiName: 'enable_safety_checker',
		control: unlistedSwitch({
			displayName: 'Safety Checker',
			name: 'novitaSafetyChecker',
			description:
				'Whether the provider screens the output for unsafe content. Novita’s current page no longer lists this field, so nothing is sent unless you pick On or Off.',
		}),
	},
	{
		// No longer on the page: sent only when set.
		apiName: 'fast_mode',
		control: unlistedSwitch({
			displayName: 'Fast Mode',
			name: 'novitaFastMode',
			description:
				'Whether to trade some quality for a faster, cheaper generation. Novita’s current page no longer lists this field, so nothing is sent unless you pick On or Off.',
		}),
	},
	{
		apiName: 'seed',
		control: {
			...seed,
			name: 'novitaSeed',
			description: 'Same seed and prompt give a similar video; -1 picks a random one',
			max: 9999999999,
			omitWhen: undefined,
		},
	},
];

const novitaWan26Duration: FieldControl = {
	displayName: 'Duration',
	name: 'novitaWan26Duration',
	description: 'Length of the video',
	type: 'options',
	default: 5,
	options: [
		{ name: '5 Seconds', value: 5 },
		{ name: '10 Seconds', value: 10 },
		{ name: '15 Seconds', value: 15 },
	],
};

const novitaShotType: FieldControl = {
	displayName: 'Shot Type',
	name: 'novitaShotType',
	description: 'One continuous shot, or several shots',
	type: 'options',
	default: 'single',
	options: [
		{ name: 'Single', value: 'single' },
		{ name: 'Multi', value: 'multi' },
	],
};

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

const novitaDuration: FieldControl = {
	displayName: 'Duration (Seconds)',
	name: 'novitaDuration',
	description: 'Length of the video, 2 to 15 seconds',
	type: 'number',
	default: 5,
	min: 2,
	max: 15,
	integer: true,
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

/*
 * Image to video. The pages give the formats (JPEG, JPG, PNG without transparency, BMP, WEBP).
 * Only Wan 2.6's `img_url` takes "URL of the input image or Base64-encoded data": that field
 * also offers an item's binary, sent as a data URL. Its page states no file size: the node
 * takes at most 10 MB, Wan 2.6's documented limit upstream (conservative). The other image
 * fields take URLs only (Wan 2.7 states 20 MB for its URL).
 */
const MB = 1024 * 1024;
const IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/bmp', 'image/webp'];

const URL_ONLY: ImageInputRules = {
	base64: false,
	mimeTypes: IMAGE_TYPES,
	maxBytes: 20 * MB,
	limitNote: 'the page’s limit',
};

function imageUrl(name: string, description: string, required = true): FieldControl {
	return {
		displayName: required ? 'Image URL' : 'Last Frame URL',
		name,
		description,
		type: 'image',
		default: '',
		required,
		image: URL_ONLY,
	};
}

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

const novitaResolution720To1080: FieldControl = {
	displayName: 'Resolution',
	name: 'novitaI2vResolution',
	description: 'Resolution tier; the video keeps the image’s aspect ratio',
	type: 'options',
	default: '1080P',
	options: ['720P', '1080P'].map((value) => ({ name: value, value })),
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
