import type { FieldControl } from './types';

/*
 * Field controls that the Wan models of several providers share (same name, same rule), so
 * each catalog reuses them instead of restating them. A catalog that differs makes a copy with
 * a name of its own (`{ ...seed, name: 'mySeed', max: 99 }`).
 */

export const negativePrompt: FieldControl = {
	displayName: 'Negative Prompt',
	name: 'negativePrompt',
	description: 'What the video should not show. Left empty, nothing is sent.',
	type: 'string',
	default: '',
	omitWhen: '',
	rows: 2,
};

export const seed: FieldControl = {
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

export const promptExpansion: FieldControl = {
	displayName: 'Prompt Expansion',
	name: 'promptExpansion',
	description: 'Whether the API rewrites the prompt into a more detailed one before generating',
	type: 'boolean',
	default: true,
};

export const watermark: FieldControl = {
	displayName: 'Watermark',
	name: 'watermark',
	description: 'Whether the provider adds its watermark to the video',
	type: 'boolean',
	default: false,
};

export const inferenceSteps: FieldControl = {
	displayName: 'Inference Steps',
	name: 'inferenceSteps',
	description: 'More steps: finer detail, slower generation',
	type: 'number',
	default: 30,
	min: 1,
	integer: true,
};

export const guidanceScale: FieldControl = {
	displayName: 'Guidance Scale',
	name: 'guidanceScale',
	description: 'How closely the video follows the prompt',
	type: 'number',
	default: 5,
	min: 0,
	numberPrecision: 1,
};

export const safetyChecker: FieldControl = {
	displayName: 'Safety Checker',
	name: 'safetyChecker',
	description: 'Whether the provider screens the output for unsafe content',
	type: 'boolean',
	default: true,
};
