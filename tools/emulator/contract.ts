/**
 * The API contract as the emulator enforces it: written from docs/api-contract.md on its
 * own, not derived from the node's catalog, so a wrong field name in the node fails a test.
 */

export type Check =
	| { kind: 'enum'; values: Array<string | number> }
	| { kind: 'int'; min?: number; max?: number }
	| { kind: 'number'; min?: number; max?: number }
	| { kind: 'bool' }
	| { kind: 'string'; max?: number }
	| { kind: 'uri' };

export interface AimlModelContract {
	paths: Array<'universal' | 'legacy'>;
	/** Fields per path (prompt expansion is named differently on the legacy path). */
	fields: (path: 'universal' | 'legacy') => Record<string, Check>;
	deprecated?: boolean;
}

const ASPECTS = ['16:9', '9:16', '1:1', '4:3', '3:4'];
const common = { negative_prompt: { kind: 'string' } as Check, seed: { kind: 'int' } as Check };

function wan21(resolutions: string[]) {
	return (path: 'universal' | 'legacy'): Record<string, Check> => ({
		...common,
		resolution: { kind: 'enum', values: resolutions },
		aspect_ratio: { kind: 'enum', values: ASPECTS },
		watermark: { kind: 'bool' },
		[path === 'universal' ? 'enhance_prompt' : 'enable_prompt_expansion']: { kind: 'bool' },
	});
}

export const AIML_CONTRACT: Record<string, AimlModelContract> = {
	'wan/v2.1/1.3b/text-to-video': {
		paths: ['legacy'],
		deprecated: true,
		fields: () => ({
			...common,
			aspect_ratio: { kind: 'enum', values: ['16:9', '9:16'] },
			enable_prompt_expansion: { kind: 'bool' },
			inference_steps: { kind: 'int', min: 1 },
			guidance_scale: { kind: 'number', min: 0 },
			shift: { kind: 'number' },
			sampler: { kind: 'enum', values: ['unipc', 'dpm+'] },
			enable_safety_checker: { kind: 'bool' },
		}),
	},
	'alibaba/wan2.1-t2v-plus': { paths: ['universal', 'legacy'], fields: wan21(['720P']) },
	'alibaba/wan2.1-t2v-turbo': { paths: ['universal', 'legacy'], fields: wan21(['480P', '720P']) },
	'alibaba/wan-2-6-t2v': {
		paths: ['universal', 'legacy'],
		fields: () => ({
			...common,
			resolution: { kind: 'enum', values: ['720p', '1080p'] },
			aspect_ratio: { kind: 'enum', values: ASPECTS },
			duration: { kind: 'enum', values: [5, 10, 15] },
			enhance_prompt: { kind: 'bool' },
			audio_url: { kind: 'uri' },
			generate_audio: { kind: 'bool' },
			shot_type: { kind: 'enum', values: ['single', 'multi'] },
		}),
	},
};

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
export const NOVITA_WAN27_CONTRACT: Record<string, Check> = {
	prompt: { kind: 'string', max: 1500 },
	negative_prompt: { kind: 'string' },
	size: {
		kind: 'enum',
		values: [
			'1920*1080',
			'1280*720',
			'720*1280',
			'960*960',
			'1088*832',
			'832*1088',
			'1080*1920',
			'1440*1440',
			'1632*1248',
			'1248*1632',
		],
	},
	duration: { kind: 'int', min: 2, max: 15 },
	audio_url: { kind: 'uri' },
	watermark: { kind: 'bool' },
	prompt_extend: { kind: 'bool' },
	seed: { kind: 'int', min: 0, max: 2147483647 },
};

/** Novita's create paths, what each requires, and the task_type its results carry. */
export const NOVITA_ENDPOINTS: Record<
	string,
	{ model: string; taskType: string; fields: Record<string, Check>; required: string[] }
> = {
	'/v3/async/wan-t2v': {
		model: 'wan-t2v',
		taskType: 'WAN_T2V',
		fields: NOVITA_CONTRACT,
		required: NOVITA_REQUIRED,
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
			return undefined;
		}
	}
	return `unknown check for ${name}`;
}
