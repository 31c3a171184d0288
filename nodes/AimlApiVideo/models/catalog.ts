import {
	guidanceScale,
	inferenceSteps,
	negativePrompt,
	promptExpansion,
	safetyChecker,
	seed,
	watermark,
} from '../../../engine/catalog/controls';
import type {
	FieldControl,
	ImageInputRules,
	ModelEntry,
	ModelField,
} from '../../../engine/catalog/types';

/*
 * The Wan text-to-video models this node knows fully, with their exact API fields
 * (see the API contract: names, casing, enum values and defaults differ between models).
 * Controls that look the same for several models are one object, so they are one parameter;
 * a control whose options, default or limits differ has a name of its own.
 *
 * AIML sources: the OpenAPI files in github.com/aimlapi/api-docs under
 * docs/api-references/video-models/ (named per entry below).
 */

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

/** Wan 2.2 Plus (text and image to video): 480P or 1080P, uppercase. */
const resolutionWan22Plus: FieldControl = {
	...resolution,
	name: 'resolutionWan22Plus',
	default: '1080P',
	options: ['480P', '1080P'].map((value) => ({ name: value, value })),
};

/** Wan 2.5 Preview (text and image to video): 5 or 10 seconds. */
const durationWan25: FieldControl = {
	...duration,
	name: 'durationWan25',
	options: duration.options?.filter((option) => option.value !== 15),
};

/*
 * Image and reference inputs. The i2v specs say `image_url` takes "a direct link to an online
 * image or a Base64-encoded local image": so it offers an item's binary too, sent as a data
 * URL. They state no formats or size: the node takes the formats Wan documents (JPEG, PNG,
 * BMP, WEBP) and at most 10 MB, Wan's documented image limit upstream (conservative).
 * Reference lists and the r2v / Wan 3.0 frames are URL fields ("format": "uri") only.
 */
const MB = 1024 * 1024;

const AIML_IMAGE_RULES: ImageInputRules = {
	base64: true,
	mimeTypes: ['image/jpeg', 'image/png', 'image/bmp', 'image/webp'],
	maxBytes: 10 * MB,
	limitNote: 'a conservative limit: the AIML spec states none, Wan documents 10 MB',
};

const URL_ONLY: ImageInputRules = { ...AIML_IMAGE_RULES, base64: false };

const inputImage: FieldControl = {
	displayName: 'Image',
	name: 'inputImage',
	description:
		'The image the video starts from (its first frame), as a public URL or from the input item; the video keeps its aspect ratio',
	type: 'image',
	default: '',
	required: true,
	image: AIML_IMAGE_RULES,
};

/** Wan 2.7 caps the negative prompt at 500 characters. */
const negativePrompt500: FieldControl = {
	...negativePrompt,
	name: 'negativePromptMax500',
	description:
		'What the video should not show, at most 500 characters. Left empty, nothing is sent.',
	maxLength: 500,
};

const referenceVideosWan26: FieldControl = {
	displayName: 'Reference Video URLs',
	name: 'referenceVideoUrlsWan26',
	description:
		'One to three videos of the characters (one character each); the prompt calls them character1, character2, …',
	type: 'urlList',
	default: '',
	required: true,
	list: { min: 1, max: 3, what: 'reference videos' },
};

const firstFrameUrl: FieldControl = {
	displayName: 'First Frame URL',
	name: 'firstFrameUrl',
	description: 'Optional image the video starts from. Left empty, nothing is sent.',
	type: 'image',
	default: '',
	image: URL_ONLY,
};

const referenceImagesWan27: FieldControl = {
	displayName: 'Reference Image URLs',
	name: 'referenceImageUrls',
	description: 'Up to five images of the characters or objects to bring into the video',
	type: 'urlList',
	default: '',
	list: { max: 5, what: 'reference images' },
};

const referenceVideosWan27: FieldControl = {
	displayName: 'Reference Video URLs',
	name: 'referenceVideoUrls',
	description: 'Up to five videos of the characters to bring into the video',
	type: 'urlList',
	default: '',
	list: { max: 5, what: 'reference videos' },
};

const wan30FirstFrame: FieldControl = {
	displayName: 'First Frame URL',
	name: 'wan30FirstFrameUrl',
	description:
		'Image used strictly as the first frame. Not together with reference images. Left empty, nothing is sent.',
	type: 'image',
	default: '',
	image: URL_ONLY,
};

const wan30LastFrame: FieldControl = {
	displayName: 'Last Frame URL',
	name: 'wan30LastFrameUrl',
	description: 'Image used strictly as the last frame; needs a First Frame URL',
	type: 'image',
	default: '',
	image: URL_ONLY,
};

const wan30ReferenceImages: FieldControl = {
	displayName: 'Reference Image URLs',
	name: 'wan30ReferenceImageUrls',
	description: 'Up to ten images for multi-image-to-video. Not together with a First Frame URL.',
	type: 'urlList',
	default: '',
	list: { max: 10, what: 'reference images' },
};

const MULTI_SHOT_RULE = {
	when: { apiName: 'shot_type', equals: 'multi' },
	requires: { apiName: 'enhance_prompt', equals: true },
	message: 'Shot Type "multi" needs Prompt Expansion on',
};

/** Wan 2.6 image to video: the 2.6 body without an aspect ratio (the image sets it). */
const WAN26_I2V_FIELDS: ModelField[] = WAN26_FIELDS.filter(
	(field) => field.apiName !== 'aspect_ratio',
);

/** Wan 2.1 Plus and Turbo differ only in their resolutions. */
const WAN21_SHARED_FIELDS: ModelField[] = [
	{ apiName: 'aspect_ratio', control: aspectRatio },
	{ apiName: 'enhance_prompt', control: promptExpansion },
	{ apiName: 'watermark', control: watermark },
	{ apiName: 'seed', control: seed },
];

export const AIML_MODELS: ModelEntry[] = [
	{
		// (its image inputs are URL fields; video, audio and document inputs are
		spec: 'aimlapi/api-docs: docs/api-references/video-models/Alibaba-Cloud/wan-3-0-video.json',
		// left to Extra Body Fields).
		id: 'alibaba/wan-3-0-video',
		name: 'Wan 3.0 (up to 1080p, 2 to 30 s, sound)',
		description:
			'Alibaba Wan 3.0: 480p to 1080p, 2 to 30 s, with audio; optional first/last frame or reference image URLs',
		promptMaxLength: 20000,
		fields: [
			{ apiName: 'image_url', control: wan30FirstFrame },
			{ apiName: 'last_image_url', control: wan30LastFrame },
			{ apiName: 'reference_image_urls', control: wan30ReferenceImages },
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
		// (the same body as Wan 2.6).
		spec: 'aimlapi/api-docs: docs/api-references/video-models/Alibaba-Cloud/wan2.7-t2v.json',
		id: 'alibaba/wan-2-7-t2v',
		name: 'Wan 2.7 (up to 1080p, sound, multi-shot)',
		description: 'Alibaba Wan 2.7: 720p or 1080p, 5 to 15 s, with generated or supplied audio',
		fields: WAN26_FIELDS,
		rules: [MULTI_SHOT_RULE],
	},
	{
		spec: 'aimlapi/api-docs: docs/api-references/video-models/Alibaba-Cloud/wan2.6-t2v.json',
		id: 'alibaba/wan-2-6-t2v',
		name: 'Wan 2.6 (up to 1080p, sound, multi-shot)',
		description: 'Alibaba Wan 2.6: 720p or 1080p, 5 to 15 s, with generated or supplied audio',
		fields: WAN26_FIELDS,
		rules: [MULTI_SHOT_RULE],
	},
	{
		spec: 'aimlapi/api-docs: docs/api-references/video-models/Alibaba-Cloud/wan2.5-t2v-preview.json',
		id: 'alibaba/wan2.5-t2v-preview',
		name: 'Wan 2.5 Preview (480p to 1080p, 5 or 10 s)',
		description:
			'Alibaba Wan 2.5 Preview: 480p to 1080p, 5 or 10 s; dialogue written in the prompt is voiced with lip-sync',
		fields: [
			{ apiName: 'negative_prompt', control: negativePrompt },
			{ apiName: 'resolution', control: resolution480To1080 },
			{ apiName: 'aspect_ratio', control: aspectRatioWan25 },
			{ apiName: 'duration', control: durationWan25 },
			{ apiName: 'enhance_prompt', control: promptExpansion },
			{ apiName: 'seed', control: seed },
		],
	},
	{
		spec: 'aimlapi/api-docs: docs/api-references/video-models/Alibaba-Cloud/wan2.2-t2v-plus.json',
		id: 'alibaba/wan2.2-t2v-plus',
		name: 'Wan 2.2 Plus (480p/1080p)',
		description: 'Alibaba Wan 2.2 Plus: 480p or 1080p, silent, about 30 fps',
		fields: [
			{ apiName: 'negative_prompt', control: negativePrompt },
			{ apiName: 'resolution', control: resolutionWan22Plus },
			...WAN21_SHARED_FIELDS,
		],
	},
	{
		spec: 'aimlapi/api-docs: docs/api-references/video-models/Alibaba-Cloud/wan2.1-t2v-turbo.json',
		id: 'alibaba/wan2.1-t2v-turbo',
		name: 'Wan 2.1 Turbo (480p/720p, fast)',
		description: 'Alibaba Wan 2.1 Turbo: 480p or 720p, silent, about 1.5 minutes per video',
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
		spec: 'aimlapi/api-docs: docs/api-references/video-models/Alibaba-Cloud/wan2.1-t2v-plus.json',
		id: 'alibaba/wan2.1-t2v-plus',
		name: 'Wan 2.1 Plus (720p)',
		description: 'Alibaba Wan 2.1 Plus: 720p, silent',
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
		spec: 'aimlapi/api-docs: docs/api-references/video-models/Alibaba-Cloud/wan2.7-i2v.json',
		id: 'alibaba/wan-2-7-i2v',
		name: 'Wan 2.7 Image to Video (up to 1080p, sound)',
		description:
			'Alibaba Wan 2.7 from an image (URL or binary): 720p or 1080p, 5 to 15 s, generated or supplied audio',
		fields: [
			{ apiName: 'image_url', control: inputImage },
			{ apiName: 'negative_prompt', control: negativePrompt500 },
			{ apiName: 'resolution', control: resolution },
			{ apiName: 'duration', control: duration },
			// The spec lists enable_prompt_expansion too, as a second name for the same switch.
			{ apiName: 'enhance_prompt', control: promptExpansion },
			{ apiName: 'audio_url', control: audioUrl },
			{ apiName: 'watermark', control: watermark },
			{ apiName: 'seed', control: seed },
		],
	},
	{
		spec: 'aimlapi/api-docs: docs/api-references/video-models/Alibaba-Cloud/wan2.6-i2v.json',
		id: 'alibaba/wan-2-6-i2v',
		name: 'Wan 2.6 Image to Video (up to 1080p, sound, multi-shot)',
		description:
			'Alibaba Wan 2.6 from an image (URL or binary): 720p or 1080p, 5 to 15 s, generated or supplied audio',
		fields: [{ apiName: 'image_url', control: inputImage }, ...WAN26_I2V_FIELDS],
		rules: [MULTI_SHOT_RULE],
	},
	{
		spec: 'aimlapi/api-docs: docs/api-references/video-models/Alibaba-Cloud/wan-2-6-image-to-video-flash.json',
		id: 'alibaba/wan-2-6-image-to-video-flash',
		name: 'Wan 2.6 Image to Video Flash (fast, 720p default)',
		description:
			'Alibaba Wan 2.6 Flash from an image (URL or binary): 720p (default) or 1080p, 5 to 15 s, with audio',
		fields: [
			{ apiName: 'image_url', control: inputImage },
			...WAN26_I2V_FIELDS.map((field) =>
				field.apiName === 'resolution'
					? { ...field, control: { ...resolution, name: 'resolutionWan26Flash', default: '720p' } }
					: field,
			),
		],
		rules: [MULTI_SHOT_RULE],
	},
	{
		spec: 'aimlapi/api-docs: docs/api-references/video-models/Alibaba-Cloud/wan2.5-i2v-preview.json',
		id: 'alibaba/wan2.5-i2v-preview',
		name: 'Wan 2.5 Preview Image to Video (480p to 1080p)',
		description: 'Alibaba Wan 2.5 Preview from an image (URL or binary): 480p to 1080p, 5 or 10 s',
		fields: [
			{ apiName: 'image_url', control: inputImage },
			{ apiName: 'negative_prompt', control: negativePrompt },
			{ apiName: 'resolution', control: resolution480To1080 },
			{ apiName: 'aspect_ratio', control: aspectRatioWan25 },
			{ apiName: 'duration', control: durationWan25 },
			{ apiName: 'enhance_prompt', control: promptExpansion },
			{ apiName: 'seed', control: seed },
		],
	},
	{
		spec: 'aimlapi/api-docs: docs/api-references/video-models/Alibaba-Cloud/wan2.2-i2v-plus.json',
		id: 'alibaba/wan2.2-i2v-plus',
		name: 'Wan 2.2 Plus Image to Video (480p/1080p)',
		description: 'Alibaba Wan 2.2 Plus from an image (URL or binary): 480p or 1080p, silent',
		fields: [
			{ apiName: 'image_url', control: inputImage },
			{ apiName: 'negative_prompt', control: negativePrompt },
			{ apiName: 'resolution', control: resolutionWan22Plus },
			{ apiName: 'enhance_prompt', control: promptExpansion },
			{ apiName: 'watermark', control: watermark },
			{ apiName: 'seed', control: seed },
		],
	},
	{
		spec: 'aimlapi/api-docs: docs/api-references/video-models/Alibaba-Cloud/wan2.7-r2v.json',
		id: 'alibaba/wan-2-7-r2v',
		name: 'Wan 2.7 Reference to Video (images and videos)',
		description:
			'Alibaba Wan 2.7: characters from up to 5 reference images and 5 videos (URLs), optional first frame',
		fields: [
			{ apiName: 'first_frame_image', control: firstFrameUrl },
			{ apiName: 'image_urls', control: referenceImagesWan27 },
			{ apiName: 'video_urls', control: referenceVideosWan27 },
			{ apiName: 'negative_prompt', control: negativePrompt500 },
			{ apiName: 'resolution', control: resolution },
			{ apiName: 'aspect_ratio', control: aspectRatio },
			{ apiName: 'duration', control: duration },
			{ apiName: 'enhance_prompt', control: promptExpansion },
			{ apiName: 'watermark', control: watermark },
			{ apiName: 'seed', control: seed },
		],
	},
	{
		spec: 'aimlapi/api-docs: docs/api-references/video-models/Alibaba-Cloud/wan2.6-r2v.json',
		id: 'alibaba/wan-2-6-r2v',
		name: 'Wan 2.6 Reference to Video (1 to 3 videos)',
		description:
			'Alibaba Wan 2.6: characters (look and voice) from one to three reference video URLs',
		fields: [
			{ apiName: 'video_urls', control: referenceVideosWan26 },
			{ apiName: 'negative_prompt', control: negativePrompt },
			{ apiName: 'resolution', control: resolution },
			{ apiName: 'aspect_ratio', control: aspectRatio },
			{ apiName: 'duration', control: duration },
			{ apiName: 'enhance_prompt', control: promptExpansion },
			{ apiName: 'shot_type', control: shotType },
			{ apiName: 'seed', control: seed },
		],
		rules: [MULTI_SHOT_RULE],
	},
	{
		// its page gives the frame rate (16 fps).
		spec: 'aimlapi/api-docs: docs/api-references/video-models/Krea/krea-wan-14b-text-to-video.json',
		id: 'krea/krea-wan-14b/text-to-video',
		name: 'Krea Wan 14B (length in frames, up to ~10 s)',
		description: 'Krea Wan 14B: the length is set in frames at 16 fps, 18 (~1 s) to 162 (~10 s)',
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
		// (legacy path only).
		spec: 'aimlapi/api-docs: docs/api-references/video-models/Alibaba-Cloud/wan-v2.1-text-to-video.json',
		id: 'wan/v2.1/1.3b/text-to-video',
		name: 'Wan 2.1 1.3B (Deprecated)',
		description: 'Wan 2.1 1.3B: 832x480, 5 s. Deprecated upstream ("no longer supported").',
		deprecated: true,
		route: 'legacy',
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

export function findAimlModel(id: string): ModelEntry | undefined {
	return AIML_MODELS.find((model) => model.id === id);
}
