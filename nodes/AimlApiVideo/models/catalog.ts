import {
	guidanceScale,
	inferenceSteps,
	negativePrompt,
	promptExpansion,
	safetyChecker,
	seed,
	watermark,
} from '../../../engine/catalog/controls';
import type { ModelEntry } from '../../../engine/catalog/types';
import {
	MULTI_SHOT_RULE,
	WAN21_SHARED_FIELDS,
	WAN26_FIELDS,
	WAN26_I2V_FIELDS,
	aspectRatio,
	aspectRatioWan25,
	aspectRatioWan30,
	aspectRatioWideOrTall,
	audioUrl,
	duration,
	durationWan25,
	firstFrameUrl,
	generateAudio,
	inputImage,
	negativePrompt500,
	referenceImagesWan27,
	referenceVideosWan26,
	referenceVideosWan27,
	resolution,
	resolution480To1080,
	resolutionWan22Plus,
	shotType,
	wan30FirstFrame,
	wan30LastFrame,
	wan30ReferenceImages,
} from './controls';

/*
 * The Wan models this node knows fully (text, image and reference to video), each with its exact
 * API fields (see the API contract: names, casing, enum values and defaults differ between
 * models) and the spec it follows.
 */
export const AIML_MODELS: ModelEntry[] = [
	{
		// Its image inputs are URL fields; video, audio and document inputs are left to Extra
		// Body Fields.
		spec: 'aimlapi/api-docs: docs/api-references/video-models/Alibaba-Cloud/wan-3-0-video.json',
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
