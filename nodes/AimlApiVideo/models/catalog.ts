import type { FieldControl, ModelEntry, ModelField } from '../../../engine/catalog/types';

/*
 * The Wan text-to-video models this node knows fully, with their exact API fields
 * (see the API contract: names, casing, enum values and defaults differ between models).
 * Controls that look the same for several models are one object, so they are one parameter;
 * a control whose options, default or limits differ has a name of its own.
 *
 * AIML sources: the OpenAPI files in github.com/aimlapi/api-docs under
 * docs/api-references/video-models/ (named per entry below).
 */

const negativePrompt: FieldControl = {
	displayName: 'Negative Prompt',
	name: 'negativePrompt',
	description: 'What the video should not show. Left empty, nothing is sent.',
	type: 'string',
	default: '',
	omitWhen: '',
	rows: 2,
};

const seed: FieldControl = {
	displayName: 'Seed',
	name: 'seed',
	description:
		'Same seed and prompt give a similar video. -1 picks a random seed (nothing is sent).',
	type: 'number',
	default: -1,
	min: -1,
	integer: true,
	omitWhen: -1,
};

const ASPECT_RATIOS = ['16:9', '9:16', '1:1', '4:3', '3:4'];

const aspectRatio: FieldControl = {
	displayName: 'Aspect Ratio',
	name: 'aspectRatio',
	description: 'Width to height of the video',
	type: 'options',
	default: '16:9',
	options: ASPECT_RATIOS.map((value) => ({ name: value, value })),
};

/** Wan 2.5 Preview takes only three of them. */
const aspectRatioWan25: FieldControl = {
	...aspectRatio,
	name: 'aspectRatioWan25',
	options: ['16:9', '9:16', '1:1'].map((value) => ({ name: value, value })),
};

/** Wan 3.0: `adaptive` (the default) follows the inputs; values in the spec's order. */
const aspectRatioWan30: FieldControl = {
	...aspectRatio,
	name: 'aspectRatioWan30',
	description: 'Width to height of the video; Adaptive lets the model choose',
	default: 'adaptive',
	options: [
		{ name: 'Adaptive', value: 'adaptive' },
		...['16:9', '4:3', '1:1', '3:4', '9:16'].map((value) => ({ name: value, value })),
	],
};

const aspectRatioWideOrTall: FieldControl = {
	...aspectRatio,
	name: 'aspectRatioWan13b',
	options: ['16:9', '9:16'].map((value) => ({ name: value, value })),
};

const promptExpansion: FieldControl = {
	displayName: 'Prompt Expansion',
	name: 'promptExpansion',
	description: 'Whether the API rewrites the prompt into a more detailed one before generating',
	type: 'boolean',
	default: true,
};

const watermark: FieldControl = {
	displayName: 'Watermark',
	name: 'watermark',
	description: 'Whether the provider adds its watermark to the video',
	type: 'boolean',
	default: false,
};

const inferenceSteps: FieldControl = {
	displayName: 'Inference Steps',
	name: 'inferenceSteps',
	description: 'More steps: finer detail, slower generation',
	type: 'number',
	default: 30,
	min: 1,
	integer: true,
};

const guidanceScale: FieldControl = {
	displayName: 'Guidance Scale',
	name: 'guidanceScale',
	description: 'How closely the video follows the prompt',
	type: 'number',
	default: 5,
	min: 0,
	numberPrecision: 1,
};

const safetyChecker: FieldControl = {
	displayName: 'Safety Checker',
	name: 'safetyChecker',
	description: 'Whether the provider screens the output for unsafe content',
	type: 'boolean',
	default: true,
};

/** Wan 2.6 and 2.7: lowercase 720p or 1080p. */
const resolution: FieldControl = {
	displayName: 'Resolution',
	name: 'resolution',
	description: 'Output resolution',
	type: 'options',
	default: '1080p',
	options: [
		{ name: '720p', value: '720p' },
		{ name: '1080p', value: '1080p' },
	],
};

/** Wan 2.5 Preview and 3.0: lowercase 480p, 720p or 1080p. */
const resolution480To1080: FieldControl = {
	...resolution,
	name: 'resolution480to1080',
	options: ['480p', '720p', '1080p'].map((value) => ({ name: value, value })),
};

/** Wan 2.6 and 2.7: 5, 10 or 15 seconds. */
const duration: FieldControl = {
	displayName: 'Duration',
	name: 'duration',
	description: 'Length of the video',
	type: 'options',
	default: 10,
	options: [
		{ name: '5 Seconds', value: 5 },
		{ name: '10 Seconds', value: 10 },
		{ name: '15 Seconds', value: 15 },
	],
};

const shotType: FieldControl = {
	displayName: 'Shot Type',
	name: 'shotType',
	description: 'One continuous shot, or several shots (needs Prompt Expansion)',
	type: 'options',
	default: 'single',
	options: [
		{ name: 'Single', value: 'single' },
		{ name: 'Multi', value: 'multi' },
	],
};

const generateAudio: FieldControl = {
	displayName: 'Generate Audio',
	name: 'generateAudio',
	description:
		'Whether the video gets a generated soundtrack (ignored when an Audio URL is given, on models that take one)',
	type: 'boolean',
	default: true,
};

const audioUrl: FieldControl = {
	displayName: 'Audio URL',
	name: 'audioUrl',
	description:
		'Public URL of an audio file; the video is generated to match it. Left empty, nothing is sent.',
	type: 'string',
	default: '',
	omitWhen: '',
	url: true,
	placeholder: 'https://example.com/voice.mp3',
};

/** Wan 2.6 and 2.7 take the same body. */
const WAN26_FIELDS: ModelField[] = [
	{ apiName: 'negative_prompt', control: negativePrompt },
	{ apiName: 'resolution', control: resolution },
	{ apiName: 'aspect_ratio', control: aspectRatio },
	{ apiName: 'duration', control: duration },
	{ apiName: 'enhance_prompt', control: promptExpansion },
	{ apiName: 'shot_type', control: shotType },
	{ apiName: 'generate_audio', control: generateAudio },
	{ apiName: 'audio_url', control: audioUrl },
	{ apiName: 'seed', control: seed },
];

const MULTI_SHOT_RULE = {
	when: { apiName: 'shot_type', equals: 'multi' },
	requires: { apiName: 'enhance_prompt', equals: true },
	message: 'Shot Type "multi" needs Prompt Expansion on',
};

/** Wan 2.1 Plus and Turbo differ only in their resolutions. */
const WAN21_SHARED_FIELDS: ModelField[] = [
	{ apiName: 'aspect_ratio', control: aspectRatio },
	{ apiName: 'enhance_prompt', control: promptExpansion },
	{ apiName: 'watermark', control: watermark },
	{ apiName: 'seed', control: seed },
];

export const AIML_MODELS: ModelEntry[] = [
	{
		// Spec: Alibaba-Cloud/wan-3-0-video.json (image, reference and document inputs are
		// left to Extra Body Fields: this node is text to video).
		provider: 'aimlapi',
		id: 'alibaba/wan-3-0-video',
		name: 'Wan 3.0 (up to 1080p, 2 to 30 s, sound)',
		description:
			'Alibaba Wan 3.0: 480p to 1080p, 2 to 30 s, with audio; image or reference inputs go in Extra Body Fields',
		endpoint: 'universal',
		promptMaxLength: 20000,
		fields: [
			{ apiName: 'resolution', control: resolution480To1080 },
			{ apiName: 'aspect_ratio', control: aspectRatioWan30 },
			{
				apiName: 'duration',
				control: {
					displayName: 'Duration (Seconds)',
					name: 'durationWan30',
					description: 'Length of the video in seconds, 2 to 30',
					type: 'number',
					default: 5,
					min: 2,
					max: 30,
					integer: true,
				},
			},
			{ apiName: 'generate_audio', control: generateAudio },
			{ apiName: 'watermark', control: watermark },
			{ apiName: 'seed', control: seed },
		],
	},
	{
		// Spec: Alibaba-Cloud/wan2.7-t2v.json (the same body as Wan 2.6).
		provider: 'aimlapi',
		id: 'alibaba/wan-2-7-t2v',
		name: 'Wan 2.7 (up to 1080p, sound, multi-shot)',
		description: 'Alibaba Wan 2.7: 720p or 1080p, 5 to 15 s, with generated or supplied audio',
		endpoint: 'universal',
		fields: WAN26_FIELDS,
		rules: [MULTI_SHOT_RULE],
	},
	{
		// Spec: Alibaba-Cloud/wan2.6-t2v.json.
		provider: 'aimlapi',
		id: 'alibaba/wan-2-6-t2v',
		name: 'Wan 2.6 (up to 1080p, sound, multi-shot)',
		description: 'Alibaba Wan 2.6: 720p or 1080p, 5 to 15 s, with generated or supplied audio',
		endpoint: 'universal',
		fields: WAN26_FIELDS,
		rules: [MULTI_SHOT_RULE],
	},
	{
		// Spec: Alibaba-Cloud/wan2.5-t2v-preview.json.
		provider: 'aimlapi',
		id: 'alibaba/wan2.5-t2v-preview',
		name: 'Wan 2.5 Preview (480p to 1080p, 5 or 10 s)',
		description:
			'Alibaba Wan 2.5 Preview: 480p to 1080p, 5 or 10 s; dialogue written in the prompt is voiced with lip-sync',
		endpoint: 'universal',
		fields: [
			{ apiName: 'negative_prompt', control: negativePrompt },
			{ apiName: 'resolution', control: resolution480To1080 },
			{ apiName: 'aspect_ratio', control: aspectRatioWan25 },
			{
				apiName: 'duration',
				control: {
					...duration,
					name: 'durationWan25',
					options: duration.options?.filter((option) => option.value !== 15),
				},
			},
			{ apiName: 'enhance_prompt', control: promptExpansion },
			{ apiName: 'seed', control: seed },
		],
	},
	{
		// Spec: Alibaba-Cloud/wan2.2-t2v-plus.json.
		provider: 'aimlapi',
		id: 'alibaba/wan2.2-t2v-plus',
		name: 'Wan 2.2 Plus (480p/1080p)',
		description: 'Alibaba Wan 2.2 Plus: 480p or 1080p, silent, about 30 fps',
		endpoint: 'universal',
		fields: [
			{ apiName: 'negative_prompt', control: negativePrompt },
			{
				apiName: 'resolution',
				control: {
					...resolution,
					name: 'resolutionWan22Plus',
					default: '1080P',
					options: ['480P', '1080P'].map((value) => ({ name: value, value })),
				},
			},
			...WAN21_SHARED_FIELDS,
		],
	},
	{
		// Spec: Alibaba-Cloud/wan2.1-t2v-turbo.json.
		provider: 'aimlapi',
		id: 'alibaba/wan2.1-t2v-turbo',
		name: 'Wan 2.1 Turbo (480p/720p, fast)',
		description: 'Alibaba Wan 2.1 Turbo: 480p or 720p, silent, about 1.5 minutes per video',
		endpoint: 'universal',
		fields: [
			{ apiName: 'negative_prompt', control: negativePrompt },
			{
				apiName: 'resolution',
				control: {
					displayName: 'Resolution',
					name: 'resolutionWan21Turbo',
					description: 'Output resolution',
					type: 'options',
					default: '720P',
					options: [
						{ name: '480P', value: '480P' },
						{ name: '720P', value: '720P' },
					],
				},
			},
			...WAN21_SHARED_FIELDS,
		],
	},
	{
		// Spec: Alibaba-Cloud/wan2.1-t2v-plus.json.
		provider: 'aimlapi',
		id: 'alibaba/wan2.1-t2v-plus',
		name: 'Wan 2.1 Plus (720p)',
		description: 'Alibaba Wan 2.1 Plus: 720p, silent',
		endpoint: 'universal',
		fields: [
			{ apiName: 'negative_prompt', control: negativePrompt },
			{
				apiName: 'resolution',
				control: {
					displayName: 'Resolution',
					name: 'resolutionWan21Plus',
					description: 'Output resolution',
					type: 'options',
					default: '720P',
					options: [{ name: '720P', value: '720P' }],
				},
			},
			...WAN21_SHARED_FIELDS,
		],
	},
	{
		// Spec: Krea/krea-wan-14b-text-to-video.json; its page gives the frame rate (16 fps).
		provider: 'aimlapi',
		id: 'krea/krea-wan-14b/text-to-video',
		name: 'Krea Wan 14B (length in frames, up to ~10 s)',
		description: 'Krea Wan 14B: the length is set in frames at 16 fps, 18 (~1 s) to 162 (~10 s)',
		endpoint: 'universal',
		fields: [
			{
				apiName: 'num_frames',
				control: {
					displayName: 'Number of Frames',
					name: 'numFrames',
					description:
						'Length of the video in frames at 16 fps: 18, 30, 42, … up to 162 (a multiple of 12 plus 6). 78 is about 5 s, 162 about 10 s.',
					type: 'number',
					default: 78,
					min: 18,
					max: 162,
					step: 12,
					integer: true,
				},
			},
			{ apiName: 'enable_prompt_expansion', control: promptExpansion },
			{ apiName: 'seed', control: seed },
		],
	},
	{
		// Spec: Alibaba-Cloud/wan-v2.1-text-to-video.json (legacy path only).
		provider: 'aimlapi',
		id: 'wan/v2.1/1.3b/text-to-video',
		name: 'Wan 2.1 1.3B (Deprecated)',
		description: 'Wan 2.1 1.3B: 832x480, 5 s. Deprecated upstream ("no longer supported").',
		deprecated: true,
		endpoint: 'legacy',
		fields: [
			{ apiName: 'negative_prompt', control: negativePrompt },
			{ apiName: 'aspect_ratio', control: aspectRatioWideOrTall },
			{ apiName: 'enable_prompt_expansion', control: promptExpansion },
			{ apiName: 'inference_steps', control: inferenceSteps },
			{ apiName: 'guidance_scale', control: guidanceScale },
			{
				apiName: 'shift',
				control: {
					displayName: 'Shift',
					name: 'shift',
					description: 'Flow shift: higher values give faster, bigger motion',
					type: 'number',
					default: 5,
					numberPrecision: 1,
				},
			},
			{
				apiName: 'sampler',
				control: {
					displayName: 'Sampler',
					name: 'sampler',
					description: 'Diffusion sampler',
					type: 'options',
					default: 'unipc',
					options: [
						{ name: 'UniPC', value: 'unipc' },
						{ name: 'DPM+', value: 'dpm+' },
					],
				},
			},
			{ apiName: 'enable_safety_checker', control: safetyChecker },
			{ apiName: 'seed', control: seed },
		],
	},
];

const novitaNegativePrompt: FieldControl = {
	...negativePrompt,
	name: 'novitaNegativePrompt',
	maxLength: 2000,
};

/** Novita AI's Wan 2.7: a flat body with size as `W*H`, duration and audio. */
const novitaWan27: ModelEntry = {
	provider: 'novita',
	id: 'wan2.7-t2v',
	name: 'Wan 2.7 Text to Video',
	description: 'Novita AI Wan 2.7: up to 1080p, 2 to 15 s, generated or supplied audio',
	endpoint: 'novita',
	createPath: '/v3/async/wan2.7-t2v',
	taskType: 'WAN_2_7_T2V',
	promptMaxLength: 1500,
	fields: [
		{ apiName: 'negative_prompt', control: novitaNegativePrompt },
		{
			apiName: 'size',
			control: {
				displayName: 'Size',
				name: 'novitaWan27Size',
				description: 'Width*height of the video',
				type: 'options',
				default: '1920*1080',
				options: [
					['1920*1080', 'Landscape 1080p'],
					['1280*720', 'Landscape 720p'],
					['1080*1920', 'Portrait 1080p'],
					['720*1280', 'Portrait 720p'],
					['1440*1440', 'Square 1440'],
					['960*960', 'Square 960'],
					['1632*1248', '4:3 Large'],
					['1088*832', '4:3'],
					['1248*1632', '3:4 Large'],
					['832*1088', '3:4'],
				].map(([value, label]) => ({ name: `${value.replace('*', '×')} ${label}`, value })),
			},
		},
		{
			apiName: 'duration',
			control: {
				displayName: 'Duration (Seconds)',
				name: 'novitaDuration',
				description: 'Length of the video, 2 to 15 seconds',
				type: 'number',
				default: 5,
				min: 2,
				max: 15,
				integer: true,
			},
		},
		{
			apiName: 'prompt_extend',
			control: { ...promptExpansion, name: 'novitaPromptExtend' },
		},
		{
			apiName: 'audio_url',
			control: {
				displayName: 'Audio URL',
				name: 'novitaAudioUrl',
				description:
					'Public URL of an audio file that drives the video. Left empty, a soundtrack is generated.',
				type: 'string',
				default: '',
				omitWhen: '',
				url: true,
				placeholder: 'https://example.com/voice.mp3',
			},
		},
		{ apiName: 'watermark', control: { ...watermark, name: 'novitaWatermark' } },
		{
			apiName: 'seed',
			control: { ...seed, name: 'novitaWan27Seed', max: 2147483647 },
		},
	],
};

/**
 * Novita AI's Wan models. Each has its own create path and body; the adapter takes both from
 * here, so another Novita model is another entry.
 */
export const NOVITA_MODELS: ModelEntry[] = [
	{
		provider: 'novita',
		id: 'wan-t2v',
		name: 'Wan 2.1 14B Text to Video',
		description: 'Novita AI Wan 2.1 14B: 480p or 720p, 5 s, LoRAs',
		endpoint: 'novita',
		createPath: '/v3/async/wan-t2v',
		// Marked required by Novita's current API reference.
		fixedFields: { model_name: 'wan2.1-t2v' },
		taskType: 'WAN_T2V',
		promptMaxLength: 2000,
		fields: [
			{ apiName: 'negative_prompt', control: novitaNegativePrompt },
			{
				apiName: 'size',
				encode: 'size',
				control: {
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
				},
			},
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
				},
			},
			{
				apiName: 'enable_safety_checker',
				control: { ...safetyChecker, name: 'novitaSafetyChecker' },
			},
			{
				apiName: 'fast_mode',
				control: {
					displayName: 'Fast Mode',
					name: 'novitaFastMode',
					description: 'Whether to trade some quality for a faster, cheaper generation',
					type: 'boolean',
					default: false,
				},
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
		],
	},
	novitaWan27,
];

/** The limits of a Novita LoRA entry (the `loras` field). */
export const NOVITA_LORA_LIMITS = { maxEntries: 3, minScale: 0, maxScale: 4 };

export const ALL_MODELS: ModelEntry[] = [...AIML_MODELS, ...NOVITA_MODELS];

export function findModel(provider: string, id: string): ModelEntry | undefined {
	return ALL_MODELS.find((model) => model.provider === provider && model.id === id);
}
