import { negativePrompt, promptExpansion, seed, watermark } from '../../../engine/catalog/controls';
import type { FieldControl, ImageInputRules, ModelField } from '../../../engine/catalog/types';

/*
 * The fields of the AIML API's Wan models, as controls: a control that looks the same for several
 * models is one object, so it is one parameter; one whose options, default or limits differ has
 * a name of its own. The entries that use them are in catalog.ts.
 *
 * AIML sources: the OpenAPI files in github.com/aimlapi/api-docs under
 * docs/api-references/video-models/ (named per entry in catalog.ts).
 */

const ASPECT_RATIOS = ['16:9', '9:16', '1:1', '4:3', '3:4'];

export const aspectRatio: FieldControl = {
	displayName: 'Aspect Ratio',
	name: 'aspectRatio',
	description: 'Width to height of the video',
	type: 'options',
	default: '16:9',
	options: ASPECT_RATIOS.map((value) => ({ name: value, value })),
};

/** Wan 2.5 Preview takes only three of them. */
export const aspectRatioWan25: FieldControl = {
	...aspectRatio,
	name: 'aspectRatioWan25',
	options: ['16:9', '9:16', '1:1'].map((value) => ({ name: value, value })),
};

/** Wan 3.0: `adaptive` (the default) follows the inputs; values in the spec's order. */
export const aspectRatioWan30: FieldControl = {
	...aspectRatio,
	name: 'aspectRatioWan30',
	description: 'Width to height of the video; Adaptive lets the model choose',
	default: 'adaptive',
	options: [
		{ name: 'Adaptive', value: 'adaptive' },
		...['16:9', '4:3', '1:1', '3:4', '9:16'].map((value) => ({ name: value, value })),
	],
};

export const aspectRatioWideOrTall: FieldControl = {
	...aspectRatio,
	name: 'aspectRatioWan13b',
	options: ['16:9', '9:16'].map((value) => ({ name: value, value })),
};

/** Wan 2.6 and 2.7: lowercase 720p or 1080p. */
export const resolution: FieldControl = {
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
export const resolution480To1080: FieldControl = {
	...resolution,
	name: 'resolution480to1080',
	options: ['480p', '720p', '1080p'].map((value) => ({ name: value, value })),
};

/** Wan 2.6 and 2.7: 5, 10 or 15 seconds. */
export const duration: FieldControl = {
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

export const shotType: FieldControl = {
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

export const generateAudio: FieldControl = {
	displayName: 'Generate Audio',
	name: 'generateAudio',
	description:
		'Whether the video gets a generated soundtrack (ignored when an Audio URL is given, on models that take one)',
	type: 'boolean',
	default: true,
};

export const audioUrl: FieldControl = {
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
export const WAN26_FIELDS: ModelField[] = [
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
export const resolutionWan22Plus: FieldControl = {
	...resolution,
	name: 'resolutionWan22Plus',
	default: '1080P',
	options: ['480P', '1080P'].map((value) => ({ name: value, value })),
};

/** Wan 2.5 Preview (text and image to video): 5 or 10 seconds. */
export const durationWan25: FieldControl = {
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

export const inputImage: FieldControl = {
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
export const negativePrompt500: FieldControl = {
	...negativePrompt,
	name: 'negativePromptMax500',
	description:
		'What the video should not show, at most 500 characters. Left empty, nothing is sent.',
	maxLength: 500,
};

export const referenceVideosWan26: FieldControl = {
	displayName: 'Reference Video URLs',
	name: 'referenceVideoUrlsWan26',
	description:
		'One to three videos of the characters (one character each); the prompt calls them character1, character2, …',
	type: 'urlList',
	default: '',
	required: true,
	list: { min: 1, max: 3, what: 'reference videos' },
};

export const firstFrameUrl: FieldControl = {
	displayName: 'First Frame URL',
	name: 'firstFrameUrl',
	description: 'Optional image the video starts from. Left empty, nothing is sent.',
	type: 'image',
	default: '',
	image: URL_ONLY,
};

export const referenceImagesWan27: FieldControl = {
	displayName: 'Reference Image URLs',
	name: 'referenceImageUrls',
	description: 'Up to five images of the characters or objects to bring into the video',
	type: 'urlList',
	default: '',
	list: { max: 5, what: 'reference images' },
};

export const referenceVideosWan27: FieldControl = {
	displayName: 'Reference Video URLs',
	name: 'referenceVideoUrls',
	description: 'Up to five videos of the characters to bring into the video',
	type: 'urlList',
	default: '',
	list: { max: 5, what: 'reference videos' },
};

export const wan30FirstFrame: FieldControl = {
	displayName: 'First Frame URL',
	name: 'wan30FirstFrameUrl',
	description:
		'Image used strictly as the first frame. Not together with reference images. Left empty, nothing is sent.',
	type: 'image',
	default: '',
	image: URL_ONLY,
};

export const wan30LastFrame: FieldControl = {
	displayName: 'Last Frame URL',
	name: 'wan30LastFrameUrl',
	description: 'Image used strictly as the last frame; needs a First Frame URL',
	type: 'image',
	default: '',
	image: URL_ONLY,
};

export const wan30ReferenceImages: FieldControl = {
	displayName: 'Reference Image URLs',
	name: 'wan30ReferenceImageUrls',
	description: 'Up to ten images for multi-image-to-video. Not together with a First Frame URL.',
	type: 'urlList',
	default: '',
	list: { max: 10, what: 'reference images' },
};

export const MULTI_SHOT_RULE = {
	when: { apiName: 'shot_type', equals: 'multi' },
	requires: { apiName: 'enhance_prompt', equals: true },
	message: 'Shot Type "multi" needs Prompt Expansion on',
};

/** Wan 2.6 image to video: the 2.6 body without an aspect ratio (the image sets it). */
export const WAN26_I2V_FIELDS: ModelField[] = WAN26_FIELDS.filter(
	(field) => field.apiName !== 'aspect_ratio',
);

/** Wan 2.1 Plus and Turbo differ only in their resolutions. */
export const WAN21_SHARED_FIELDS: ModelField[] = [
	{ apiName: 'aspect_ratio', control: aspectRatio },
	{ apiName: 'enhance_prompt', control: promptExpansion },
	{ apiName: 'watermark', control: watermark },
	{ apiName: 'seed', control: seed },
];
