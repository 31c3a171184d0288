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
 * The fields of Novita AI's Wan models, as controls (one object per distinct control, so one
 * parameter), and the page address the entries in catalog.ts cite.
 */

export const PAGES = 'https://novita.ai/docs/api-reference/model-apis-';

/** Wan 2.1: up to 2000 characters. */
const novitaNegativePrompt: FieldControl = {
	...negativePrompt,
	name: 'novitaNegativePrompt',
	maxLength: 2000,
};

/** Wan 2.2 to 2.7: up to 500 characters. */
export const novitaShortNegativePrompt: FieldControl = {
	...negativePrompt,
	name: 'novitaShortNegativePrompt',
	maxLength: 500,
};

export const novitaPromptExtend: FieldControl = { ...promptExpansion, name: 'novitaPromptExtend' };

export const novitaWatermark: FieldControl = { ...watermark, name: 'novitaWatermark' };

/** Wan 2.2 to 2.7: 0 to 2147483647; -1 (the default) sends nothing, so the API picks one. */
export const novitaSeed31: FieldControl = { ...seed, name: 'novitaWan27Seed', max: 2147483647 };

export const novitaAudioUrl: FieldControl = {
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

export const novitaGenerateAudio: FieldControl = {
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
export function sizes(name: string, list: Array<[string, string]>, fallback: string): FieldControl {
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

export const SIZES_480P: Array<[string, string]> = [
	['832*480', 'Landscape 480p'],
	['480*832', 'Portrait 480p'],
	['624*624', 'Square 480p'],
];

export const SIZES_720P: Array<[string, string]> = [
	['1280*720', 'Landscape 720p'],
	['720*1280', 'Portrait 720p'],
	['960*960', 'Square 720p'],
	['1088*832', '4:3 720p'],
	['832*1088', '3:4 720p'],
];

export const SIZES_1080P: Array<[string, string]> = [
	['1920*1080', 'Landscape 1080p'],
	['1080*1920', 'Portrait 1080p'],
	['1440*1440', 'Square 1080p'],
	['1632*1248', '4:3 1080p'],
	['1248*1632', '3:4 1080p'],
];

/** Wan 2.6 and 2.7: the 720p and 1080p sizes, 1920*1080 by default. */
export const size720To1080 = sizes('novitaWan27Size', [...SIZES_720P, ...SIZES_1080P], '1920*1080');

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
export const WAN21_FIELDS: ModelEntry['fields'] = [
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

export const novitaWan26Duration: FieldControl = {
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

export const novitaShotType: FieldControl = {
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

export const novitaDuration: FieldControl = {
	displayName: 'Duration (Seconds)',
	name: 'novitaDuration',
	description: 'Length of the video, 2 to 15 seconds',
	type: 'number',
	default: 5,
	min: 2,
	max: 15,
	integer: true,
};

/*
 * Image to video. The pages give the formats (JPEG, JPG, PNG without transparency, BMP, WEBP).
 * Only Wan 2.6's `img_url` takes "URL of the input image or Base64-encoded data": that field
 * also offers an item's binary, sent as a data URL. Its page states no file size: the node
 * takes at most 10 MB, Wan 2.6's documented limit upstream (conservative). The other image
 * fields take URLs only (Wan 2.7 states 20 MB for its URL).
 */
export const MB = 1024 * 1024;

export const IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/bmp', 'image/webp'];

const URL_ONLY: ImageInputRules = {
	base64: false,
	mimeTypes: IMAGE_TYPES,
	maxBytes: 20 * MB,
	limitNote: 'the page’s limit',
};

export function imageUrl(name: string, description: string, required = true): FieldControl {
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

export const novitaResolution720To1080: FieldControl = {
	displayName: 'Resolution',
	name: 'novitaI2vResolution',
	description: 'Resolution tier; the video keeps the image’s aspect ratio',
	type: 'options',
	default: '1080P',
	options: ['720P', '1080P'].map((value) => ({ name: value, value })),
};
