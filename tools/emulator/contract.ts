/**
 * The API contract as the emulator enforces it: written from docs/api-contract.md on its
 * own, not derived from the node's catalog, so a wrong field name in the node fails a test.
 */

export type Check = (
	| { kind: 'enum'; values: Array<string | number> }
	/** `step`: only min, min + step, min + 2 × step, … (Krea's "multiple of 12 plus 6"). */
	| { kind: 'int'; min?: number; max?: number; step?: number }
	| { kind: 'number'; min?: number; max?: number }
	| { kind: 'bool' }
	| { kind: 'string'; max?: number }
	| { kind: 'uri' }
	| { kind: 'uriList'; maxItems: number; minItems?: number }
	/**
	 * An input image: an http(s) URL, or, where the spec takes "a Base64-encoded local image",
	 * also a data URL `data:image/<jpeg|png|bmp|webp>;base64,<data>` (valid Base64).
	 */
	| { kind: 'image'; base64: boolean }
) & {
	/** The documented default, where the spec gives one. */
	default?: string | number | boolean;
};

export interface AimlModelContract {
	paths: Array<'universal' | 'legacy'>;
	/** Fields per path (prompt expansion is named differently on the legacy path). */
	fields: (path: 'universal' | 'legacy') => Record<string, Check>;
	/**
	 * Input media the model also takes (image, reference, document URLs): valid in a body, but
	 * outside a text-to-video node's own fields (they travel in Extra Body Fields).
	 */
	inputs?: Record<string, Check>;
	/** Fields the spec marks required besides model and prompt (e.g. the i2v `image_url`). */
	required?: string[];
	/** Cross-field rules of the spec: a problem message per broken rule. */
	rules?: (body: Record<string, unknown>) => Array<{ path: string[]; message: string }>;
	/** Longest prompt, when the spec gives one. */
	promptMax?: number;
	/** The result's `meta.usage` also has `usd_spent`. */
	usdSpent?: boolean;
	/** A completed result's `video` is an array of `{ url }` (the spec allows object or array). */
	videoList?: boolean;
	deprecated?: boolean;
}

const ASPECTS = ['16:9', '9:16', '1:1', '4:3', '3:4'];
const common = { negative_prompt: { kind: 'string' } as Check, seed: { kind: 'int' } as Check };

function wan21(resolutions: string[]) {
	return (path: 'universal' | 'legacy'): Record<string, Check> => ({
		...common,
		resolution: { kind: 'enum', values: resolutions, default: '720P' },
		aspect_ratio: { kind: 'enum', values: ASPECTS, default: '16:9' },
		watermark: { kind: 'bool', default: false },
		[path === 'universal' ? 'enhance_prompt' : 'enable_prompt_expansion']: {
			kind: 'bool',
			default: true,
		},
	});
}

// Alibaba-Cloud/wan2.6-t2v.json
const wan26Fields: Record<string, Check> = {
	...common,
	resolution: { kind: 'enum', values: ['720p', '1080p'], default: '1080p' },
	aspect_ratio: { kind: 'enum', values: ASPECTS, default: '16:9' },
	duration: { kind: 'enum', values: [5, 10, 15], default: 10 },
	enhance_prompt: { kind: 'bool', default: true },
	audio_url: { kind: 'uri' },
	generate_audio: { kind: 'bool', default: true },
	shot_type: { kind: 'enum', values: ['single', 'multi'], default: 'single' },
};

function wan26I2vFields(defaultResolution: string): Record<string, Check> {
	return {
		...common,
		image_url: { kind: 'image', base64: true },
		audio_url: { kind: 'uri' },
		resolution: { kind: 'enum', values: ['720p', '1080p'], default: defaultResolution },
		duration: { kind: 'enum', values: [5, 10, 15], default: 10 },
		shot_type: { kind: 'enum', values: ['single', 'multi'], default: 'single' },
		generate_audio: { kind: 'bool', default: true },
		enhance_prompt: { kind: 'bool', default: true },
	};
}

export const AIML_CONTRACT: Record<string, AimlModelContract> = {
	'wan/v2.1/1.3b/text-to-video': {
		paths: ['legacy'],
		deprecated: true,
		fields: () => ({
			...common,
			aspect_ratio: { kind: 'enum', values: ['16:9', '9:16'], default: '16:9' },
			enable_prompt_expansion: { kind: 'bool', default: true },
			inference_steps: { kind: 'int', min: 1, default: 30 },
			guidance_scale: { kind: 'number', min: 0, default: 5 },
			shift: { kind: 'number', default: 5 },
			sampler: { kind: 'enum', values: ['unipc', 'dpm+'], default: 'unipc' },
			enable_safety_checker: { kind: 'bool' },
		}),
	},
	'alibaba/wan2.1-t2v-plus': { paths: ['universal', 'legacy'], fields: wan21(['720P']) },
	'alibaba/wan2.1-t2v-turbo': { paths: ['universal', 'legacy'], fields: wan21(['480P', '720P']) },
	'alibaba/wan-2-6-t2v': { paths: ['universal', 'legacy'], fields: () => wan26Fields },
	// From the OpenAPI files of github.com/aimlapi/api-docs, docs/api-references/video-models/:
	// Alibaba-Cloud/wan2.7-t2v.json (the 2.6 body; usage adds usd_spent).
	'alibaba/wan-2-7-t2v': { paths: ['universal'], fields: () => wan26Fields, usdSpent: true },
	// Alibaba-Cloud/wan2.5-t2v-preview.json
	'alibaba/wan2.5-t2v-preview': {
		paths: ['universal'],
		fields: () => ({
			...common,
			resolution: { kind: 'enum', values: ['480p', '720p', '1080p'], default: '1080p' },
			aspect_ratio: { kind: 'enum', values: ['16:9', '9:16', '1:1'], default: '16:9' },
			duration: { kind: 'enum', values: [5, 10], default: 10 },
			enhance_prompt: { kind: 'bool', default: true },
		}),
	},
	// Alibaba-Cloud/wan2.2-t2v-plus.json
	'alibaba/wan2.2-t2v-plus': {
		paths: ['universal'],
		fields: () => ({
			...common,
			resolution: { kind: 'enum', values: ['480P', '1080P'], default: '1080P' },
			aspect_ratio: { kind: 'enum', values: ASPECTS, default: '16:9' },
			watermark: { kind: 'bool', default: false },
			enhance_prompt: { kind: 'bool', default: true },
		}),
	},
	// Krea/krea-wan-14b-text-to-video.json: no negative_prompt; num_frames "must be a multiple
	// of 12 plus 6"; prompt expansion under its legacy name.
	'krea/krea-wan-14b/text-to-video': {
		paths: ['universal'],
		fields: () => ({
			num_frames: { kind: 'int', min: 18, max: 162, step: 12, default: 78 },
			enable_prompt_expansion: { kind: 'bool', default: true },
			seed: { kind: 'int' },
		}),
	},
	// Alibaba-Cloud/wan-3-0-video.json: prompt up to 20000 characters, no negative_prompt or
	// prompt expansion, duration any integer 2..30, `video` may be an array.
	'alibaba/wan-3-0-video': {
		paths: ['universal'],
		promptMax: 20000,
		usdSpent: true,
		videoList: true,
		fields: () => ({
			aspect_ratio: {
				kind: 'enum',
				values: ['adaptive', '16:9', '4:3', '1:1', '3:4', '9:16'],
				default: 'adaptive',
			},
			resolution: { kind: 'enum', values: ['480p', '720p', '1080p'], default: '1080p' },
			duration: { kind: 'int', min: 2, max: 30, default: 5 },
			generate_audio: { kind: 'bool', default: true },
			seed: { kind: 'int' },
			watermark: { kind: 'bool', default: false },
			image_url: { kind: 'image', base64: false },
			last_image_url: { kind: 'image', base64: false },
			reference_image_urls: { kind: 'uriList', maxItems: 10 },
		}),
		inputs: {
			video_urls: { kind: 'uriList', maxItems: 5 },
			audio_urls: { kind: 'uriList', maxItems: 5 },
			file_url: { kind: 'uri' },
			link_url: { kind: 'uri' },
		},
		rules: (body) => {
			const problems: Array<{ path: string[]; message: string }> = [];
			const has = (key: string) => body[key] !== undefined;
			const withImage = [
				'reference_image_urls',
				'video_urls',
				'audio_urls',
				'file_url',
				'link_url',
			];
			if (has('image_url') && withImage.some(has))
				problems.push({
					path: ['image_url'],
					message: 'image_url cannot be used together with reference media, file_url or link_url',
				});
			if (has('last_image_url') && !has('image_url'))
				problems.push({ path: ['last_image_url'], message: 'last_image_url requires image_url' });
			if (has('image_url') && has('reference_image_urls'))
				problems.push({
					path: ['image_url'],
					message: 'image_url cannot be used together with reference_image_urls',
				});
			if (has('file_url') && has('link_url'))
				problems.push({
					path: ['file_url'],
					message: 'file_url cannot be used together with link_url',
				});
			return problems;
		},
	},
	// Image and reference to video, from the same folder (Alibaba-Cloud/): each i2v `image_url`
	// takes "a direct link to an online image or a Base64-encoded local image"; reference lists
	// and the r2v first frame are URLs.
	// wan2.2-i2v-plus.json
	'alibaba/wan2.2-i2v-plus': {
		paths: ['universal'],
		required: ['image_url'],
		fields: () => ({
			...common,
			image_url: { kind: 'image', base64: true },
			resolution: { kind: 'enum', values: ['480P', '1080P'], default: '1080P' },
			watermark: { kind: 'bool', default: false },
			enhance_prompt: { kind: 'bool', default: true },
		}),
	},
	// wan2.5-i2v-preview.json
	'alibaba/wan2.5-i2v-preview': {
		paths: ['universal'],
		required: ['image_url'],
		fields: () => ({
			...common,
			image_url: { kind: 'image', base64: true },
			resolution: { kind: 'enum', values: ['480p', '720p', '1080p'], default: '1080p' },
			aspect_ratio: { kind: 'enum', values: ['16:9', '9:16', '1:1'], default: '16:9' },
			duration: { kind: 'enum', values: [5, 10], default: 10 },
			enhance_prompt: { kind: 'bool', default: true },
		}),
	},
	// wan2.6-i2v.json (no aspect_ratio: the image sets it)
	'alibaba/wan-2-6-i2v': {
		paths: ['universal'],
		required: ['image_url'],
		fields: () => wan26I2vFields('1080p'),
	},
	// wan-2-6-image-to-video-flash.json (720p by default)
	'alibaba/wan-2-6-image-to-video-flash': {
		paths: ['universal'],
		required: ['image_url'],
		fields: () => wan26I2vFields('720p'),
	},
	// wan2.7-i2v.json: negative_prompt at most 500; both prompt expansion names; watermark
	'alibaba/wan-2-7-i2v': {
		paths: ['universal'],
		required: ['image_url'],
		usdSpent: true,
		fields: () => ({
			negative_prompt: { kind: 'string', max: 500 },
			seed: { kind: 'int' },
			image_url: { kind: 'image', base64: true },
			audio_url: { kind: 'uri' },
			resolution: { kind: 'enum', values: ['720p', '1080p'], default: '1080p' },
			duration: { kind: 'enum', values: [5, 10, 15], default: 10 },
			enhance_prompt: { kind: 'bool', default: true },
			watermark: { kind: 'bool', default: false },
		}),
		// The spec's second name for prompt expansion (the node sends enhance_prompt).
		inputs: { enable_prompt_expansion: { kind: 'bool', default: true } },
	},
	// wan2.6-r2v.json: video_urls required, 1 to 3; no images
	'alibaba/wan-2-6-r2v': {
		paths: ['universal'],
		required: ['video_urls'],
		fields: () => ({
			...common,
			video_urls: { kind: 'uriList', minItems: 1, maxItems: 3 },
			aspect_ratio: { kind: 'enum', values: ASPECTS, default: '16:9' },
			resolution: { kind: 'enum', values: ['720p', '1080p'], default: '1080p' },
			duration: { kind: 'enum', values: [5, 10, 15], default: 10 },
			shot_type: { kind: 'enum', values: ['single', 'multi'], default: 'single' },
			enhance_prompt: { kind: 'bool', default: true },
		}),
	},
	// wan2.7-r2v.json: first_frame_image (URL), image_urls and video_urls at most 5 each
	'alibaba/wan-2-7-r2v': {
		paths: ['universal'],
		usdSpent: true,
		fields: () => ({
			negative_prompt: { kind: 'string', max: 500 },
			seed: { kind: 'int' },
			first_frame_image: { kind: 'image', base64: false },
			image_urls: { kind: 'uriList', maxItems: 5 },
			video_urls: { kind: 'uriList', maxItems: 5 },
			aspect_ratio: { kind: 'enum', values: ASPECTS, default: '16:9' },
			resolution: { kind: 'enum', values: ['720p', '1080p'], default: '1080p' },
			duration: { kind: 'enum', values: [5, 10, 15], default: 10 },
			enhance_prompt: { kind: 'bool', default: true },
			watermark: { kind: 'bool', default: false },
		}),
	},
};

/**
 * Novita Wan 2.1 14B (`POST /v3/async/wan-t2v`, novita.ai/docs/api-reference/model-apis-wan-t2v).
 * The page no longer lists enable_safety_checker or fast_mode; the API is taken to still accept
 * them (the node sends them only when the user sets them).
 */
export const NOVITA_CONTRACT: Record<string, Check> = {
	prompt: { kind: 'string', max: 2000 },
	negative_prompt: { kind: 'string', max: 2000 },
	width: { kind: 'enum', values: [832, 480, 1280, 720] },
	height: { kind: 'enum', values: [480, 832, 720, 1280] },
	seed: { kind: 'int', min: -1, max: 9999999999 },
	steps: { kind: 'int', min: 1, max: 40 },
	guidance_scale: { kind: 'number', min: 0, max: 10 },
	flow_shift: { kind: 'number', min: 1, max: 10 },
	enable_safety_checker: { kind: 'bool' },
	fast_mode: { kind: 'bool' },
	model_name: { kind: 'enum', values: ['wan2.1-t2v'] },
};

export const NOVITA_SIZES = ['832x480', '480x832', '1280x720', '720x1280'];

/** Fields Novita's current reference marks required on the Wan 2.1 create. */
export const NOVITA_REQUIRED = ['prompt', 'model_name', 'width', 'height', 'seed'];

/** Novita Wan 2.7 (`POST /v3/async/wan2.7-t2v`): a flat body, size written `W*H`. */
const SIZES_480P = ['832*480', '480*832', '624*624'];
const SIZES_720P = ['1280*720', '720*1280', '960*960', '1088*832', '832*1088'];
const SIZES_1080P = ['1920*1080', '1080*1920', '1440*1440', '1632*1248', '1248*1632'];

export const NOVITA_WAN27_CONTRACT: Record<string, Check> = {
	prompt: { kind: 'string', max: 1500 },
	negative_prompt: { kind: 'string', max: 500 },
	size: { kind: 'enum', values: [...SIZES_720P, ...SIZES_1080P] },
	duration: { kind: 'int', min: 2, max: 15 },
	audio_url: { kind: 'uri' },
	watermark: { kind: 'bool' },
	prompt_extend: { kind: 'bool' },
	seed: { kind: 'int', min: 0, max: 2147483647 },
};

/**
 * Novita Wan 2.2, 2.5 Preview and 2.6 (model-apis-wan2.2-t2v, -wan2.5-t2v, -wan2.6-t2v): a body
 * nested in `input` (the prompt and texts) and `parameters` (the rest); checked as dotted keys.
 */
const NOVITA_NESTED_COMMON: Record<string, Check> = {
	'input.prompt': { kind: 'string', max: 2000 },
	'input.negative_prompt': { kind: 'string', max: 500 },
	'parameters.prompt_extend': { kind: 'bool' },
	'parameters.seed': { kind: 'int', min: 0, max: 2147483647 },
};

export const NOVITA_WAN22_CONTRACT: Record<string, Check> = {
	...NOVITA_NESTED_COMMON,
	// The stored page shows no prompt limit for Wan 2.2 (its 2.5 and 2.6 pages say 2000).
	'input.prompt': { kind: 'string' },
	'parameters.size': { kind: 'enum', values: [...SIZES_480P, ...SIZES_1080P] },
};

export const NOVITA_WAN25_CONTRACT: Record<string, Check> = {
	...NOVITA_NESTED_COMMON,
	'input.audio_url': { kind: 'uri' },
	'parameters.size': { kind: 'enum', values: [...SIZES_480P, ...SIZES_720P, ...SIZES_1080P] },
	'parameters.duration': { kind: 'enum', values: [5, 10] },
	'parameters.audio': { kind: 'bool' },
	'parameters.watermark': { kind: 'bool' },
};

export const NOVITA_WAN26_CONTRACT: Record<string, Check> = {
	...NOVITA_NESTED_COMMON,
	'input.audio_url': { kind: 'uri' },
	'parameters.size': { kind: 'enum', values: [...SIZES_720P, ...SIZES_1080P] },
	'parameters.duration': { kind: 'enum', values: [5, 10, 15] },
	'parameters.audio': { kind: 'bool' },
	'parameters.shot_type': { kind: 'enum', values: ['single', 'multi'] },
	'parameters.watermark': { kind: 'bool' },
};

/** Novita Wan 2.1 14B image to video (model-apis-wan-i2v): the 2.1 body plus `image_url` (a URL). */
export const NOVITA_WAN21_I2V_CONTRACT: Record<string, Check> = {
	...NOVITA_CONTRACT,
	image_url: { kind: 'image', base64: false },
	model_name: { kind: 'enum', values: ['wan2.1-i2v'] },
};

/** Novita Wan 2.2 image to video (model-apis-wan2.2-i2v): nested, `input.img_url` a URL. */
export const NOVITA_WAN22_I2V_CONTRACT: Record<string, Check> = {
	...NOVITA_NESTED_COMMON,
	'input.prompt': { kind: 'string', max: 800 },
	'input.img_url': { kind: 'image', base64: false },
	'parameters.resolution': { kind: 'enum', values: ['480P', '1080P'] },
};

/** Novita Wan 2.6 image to video (model-apis-wan2.6-i2v): `input.img_url` a URL or Base64. */
export const NOVITA_WAN26_I2V_CONTRACT: Record<string, Check> = {
	...NOVITA_NESTED_COMMON,
	'input.img_url': { kind: 'image', base64: true },
	'input.audio_url': { kind: 'uri' },
	'input.template': { kind: 'string' },
	'parameters.resolution': { kind: 'enum', values: ['720P', '1080P'] },
	'parameters.duration': { kind: 'enum', values: [5, 10, 15] },
	'parameters.audio': { kind: 'bool' },
	'parameters.shot_type': { kind: 'enum', values: ['single', 'multi'] },
	'parameters.watermark': { kind: 'bool' },
};

/** Novita Wan 2.7 image to video (model-apis-wan2.7-i2v): flat, frames and audio as URLs. */
export const NOVITA_WAN27_I2V_CONTRACT: Record<string, Check> = {
	prompt: { kind: 'string', max: 5000 },
	negative_prompt: { kind: 'string', max: 500 },
	image_url: { kind: 'image', base64: false },
	first_clip_url: { kind: 'uri' },
	last_frame_url: { kind: 'image', base64: false },
	driving_audio_url: { kind: 'uri' },
	resolution: { kind: 'enum', values: ['720P', '1080P'] },
	duration: { kind: 'int', min: 2, max: 15 },
	watermark: { kind: 'bool' },
	prompt_extend: { kind: 'bool' },
	seed: { kind: 'int', min: 0, max: 2147483647 },
};

/** Novita's create paths, what each requires, and the task_type its results carry. */
export const NOVITA_ENDPOINTS: Record<
	string,
	{
		model: string;
		taskType: string;
		fields: Record<string, Check>;
		required: string[];
		/** The body is `{ input: {…}, parameters: {…} }`; fields are named `input.x`, `parameters.y`. */
		nested?: boolean;
		/** Required even when the emulator checks only the prompt of the `required` list. */
		alwaysRequired?: string[];
		/** Exactly one of these (Wan 2.7 i2v: "mutually exclusive …, at least one must be provided"). */
		oneOf?: string[];
	}
> = {
	'/v3/async/wan-i2v': {
		model: 'wan-i2v',
		taskType: 'WAN_I2V',
		fields: NOVITA_WAN21_I2V_CONTRACT,
		required: [...NOVITA_REQUIRED, 'image_url'],
		alwaysRequired: ['image_url'],
	},
	'/v3/async/wan-2.2-i2v': {
		model: 'wan-2.2-i2v',
		taskType: 'WAN_2_2_I2V',
		fields: NOVITA_WAN22_I2V_CONTRACT,
		required: ['input.prompt', 'input.img_url'],
		alwaysRequired: ['input.img_url'],
		nested: true,
	},
	'/v3/async/wan2.6-i2v': {
		model: 'wan2.6-i2v',
		taskType: 'WAN_2_6_I2V',
		fields: NOVITA_WAN26_I2V_CONTRACT,
		required: ['input.img_url'],
		alwaysRequired: ['input.img_url'],
		nested: true,
	},
	'/v3/async/wan2.7-i2v': {
		model: 'wan2.7-i2v',
		taskType: 'WAN_2_7_I2V',
		fields: NOVITA_WAN27_I2V_CONTRACT,
		required: [],
		oneOf: ['image_url', 'first_clip_url'],
	},
	'/v3/async/wan-t2v': {
		model: 'wan-t2v',
		taskType: 'WAN_T2V',
		fields: NOVITA_CONTRACT,
		required: NOVITA_REQUIRED,
	},
	'/v3/async/wan-2.2-t2v': {
		model: 'wan-2.2-t2v',
		taskType: 'WAN_2_2_T2V',
		fields: NOVITA_WAN22_CONTRACT,
		required: ['input.prompt'],
		nested: true,
	},
	'/v3/async/wan-2.5-t2v-preview': {
		model: 'wan-2.5-t2v-preview',
		taskType: 'WAN_2_5_T2V_PREVIEW',
		fields: NOVITA_WAN25_CONTRACT,
		required: ['input.prompt'],
		nested: true,
	},
	'/v3/async/wan2.6-t2v': {
		model: 'wan2.6-t2v',
		taskType: 'WAN_2_6_T2V',
		fields: NOVITA_WAN26_CONTRACT,
		required: ['input.prompt'],
		nested: true,
	},
	'/v3/async/wan2.7-t2v': {
		model: 'wan2.7-t2v',
		taskType: 'WAN_2_7_T2V',
		fields: NOVITA_WAN27_CONTRACT,
		required: ['prompt'],
	},
};

/** A zod-like message, as the AIML API words its 400 details. */
export function checkValue(name: string, check: Check, value: unknown): string | undefined {
	switch (check.kind) {
		case 'enum':
			return check.values.includes(value as string | number)
				? undefined
				: `Invalid enum value. Expected ${check.values.map((v) => (typeof v === 'string' ? `'${v}'` : v)).join(' | ')}, received '${String(value)}'`;
		case 'bool':
			return typeof value === 'boolean' ? undefined : `Expected boolean, received ${typeof value}`;
		case 'string':
			if (typeof value !== 'string') return `Expected string, received ${typeof value}`;
			return check.max !== undefined && value.length > check.max
				? `String must contain at most ${check.max} character(s)`
				: undefined;
		case 'uri':
			return typeof value === 'string' && /^https?:\/\/\S+$/.test(value)
				? undefined
				: 'Invalid url';
		case 'int':
		case 'number': {
			if (typeof value !== 'number' || !Number.isFinite(value))
				return `Expected number, received ${typeof value}`;
			if (check.kind === 'int' && !Number.isInteger(value))
				return 'Expected integer, received float';
			if (check.min !== undefined && value < check.min)
				return `Number must be greater than or equal to ${check.min}`;
			if (check.max !== undefined && value > check.max)
				return `Number must be less than or equal to ${check.max}`;
			if (check.kind === 'int' && check.step && (value - (check.min ?? 0)) % check.step !== 0)
				return `Number must be ${check.min ?? 0} plus a multiple of ${check.step}`;
			return undefined;
		}
		case 'image':
			if (typeof value !== 'string') return `Expected string, received ${typeof value}`;
			if (value.startsWith('data:')) {
				if (!check.base64) return 'Invalid url';
				const match = /^data:image\/(jpeg|png|bmp|webp);base64,([A-Za-z0-9+/]+={0,2})$/.exec(value);
				if (!match || match[2].length % 4 !== 0)
					return 'Invalid Base64 image (data:image/<type>;base64,…)';
				return undefined;
			}
			return /^https?:\/\/\S+$/.test(value) ? undefined : 'Invalid url';
		case 'uriList':
			if (!Array.isArray(value)) return `Expected array, received ${typeof value}`;
			if (value.length > check.maxItems)
				return `Array must contain at most ${check.maxItems} element(s)`;
			if (check.minItems !== undefined && value.length < check.minItems)
				return `Array must contain at least ${check.minItems} element(s)`;
			return value.every((item) => typeof item === 'string' && /^https?:\/\/\S+$/.test(item))
				? undefined
				: 'Invalid url';
	}
	return `unknown check for ${name}`;
}
