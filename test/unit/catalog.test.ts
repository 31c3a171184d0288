/**
 * The AIML API catalog against the API contract as the emulator encodes it (written
 * separately), and the parameters derived from it. (Novita's: novita-catalog.test.ts.)
 */
import { AIML_CONTRACT } from '../../tools/emulator/contract';
import { AIML_MODELS } from '../../nodes/AimlApiVideo/models/catalog';
import {
	modelFieldProperties as derive,
	imageParameterNames,
} from '../../engine/catalog/properties';
import type { FieldControl } from '../../engine/catalog/types';
import { AimlApiVideo } from '../../nodes/AimlApiVideo/AimlApiVideo.node';

const modelFieldProperties = derive(AIML_MODELS, 'model');

/** An image field that takes Base64 is three parameters: its source, its URL, its binary. */
function parameterNames(control: FieldControl): string[] {
	if (control.type !== 'image' || !control.image?.base64) return [control.name];
	const names = imageParameterNames(control);
	return [names.source, control.name, names.binary];
}

describe('catalog vs contract', () => {
	test.each(AIML_MODELS.map((m) => [m.id, m]))(
		'%s: every field exists in the contract with the same values',
		(_id, model) => {
			const contract = AIML_CONTRACT[model.id];
			expect(contract).toBeDefined();
			const path = model.route === 'legacy' ? 'legacy' : 'universal';
			expect(contract.paths).toContain(path);
			const fields = contract.fields(path);
			for (const field of model.fields) {
				const check = fields[field.apiName];
				expect({ field: field.apiName, known: Boolean(check) }).toEqual({
					field: field.apiName,
					known: true,
				});
				if (check.kind === 'enum') {
					expect(field.control.options?.map((o) => o.value)).toEqual(check.values);
					expect(check.values).toContain(field.control.default);
				}
				if (check.kind === 'bool') expect(field.control.type).toBe('boolean');
				if (check.kind === 'int') expect(field.control.integer).toBe(true);
				if (check.kind === 'int' || check.kind === 'number') {
					expect(field.control.type).toBe('number');
					// Documented limits are the control's (the control may add a floor, e.g. seed -1).
					const limits = {
						min: check.min,
						max: check.max,
						step: (check as { step?: number }).step,
					};
					for (const [key, value] of Object.entries(limits)) {
						if (value !== undefined)
							expect({ field: field.apiName, [key]: field.control[key as 'min'] }).toEqual({
								field: field.apiName,
								[key]: value,
							});
					}
				}
				if (check.default !== undefined)
					expect({ field: field.apiName, default: field.control.default }).toEqual({
						field: field.apiName,
						default: check.default,
					});
			}
			// Every documented field of the model is offered; input media are not this node's.
			expect(model.fields.map((f) => f.apiName).sort()).toEqual(Object.keys(fields).sort());
			expect(model.promptMaxLength).toBe(contract.promptMax);
		},
	);

	test('every AIML model of the contract is in the catalog', () => {
		expect(Object.keys(AIML_CONTRACT).sort()).toEqual(AIML_MODELS.map((m) => m.id).sort());
	});

	test.each(AIML_MODELS.map((m) => [m.id, m]))(
		'%s: each default is a value the model accepts',
		(_id, model) => {
			for (const { control } of model.fields) {
				if (control.options) {
					expect(control.options.map((o) => o.value)).toContain(control.default);
				}
				if (control.type === 'number' && typeof control.default === 'number') {
					const value = control.default;
					if (control.min !== undefined) expect(value).toBeGreaterThanOrEqual(control.min);
					if (control.max !== undefined) expect(value).toBeLessThanOrEqual(control.max);
					if (control.step && control.min !== undefined)
						expect((value - control.min) % control.step).toBe(0);
				}
			}
		},
	);

	test('the 1.3B model is marked deprecated in its label', () => {
		const old = AIML_MODELS.find((m) => m.id === 'wan/v2.1/1.3b/text-to-video');
		expect(old?.deprecated).toBe(true);
		expect(old?.name).toMatch(/deprecated/i);
	});
});

describe('derived parameters', () => {
	test('one parameter per control, and distinct controls never share a name', () => {
		const names = modelFieldProperties.map((p) => p.name);
		expect(new Set(names).size).toBe(names.length);
	});

	test.each(AIML_MODELS.map((m) => [m.id, m]))(
		'%s: its parameters appear in the order of its catalog entry',
		(_id, model) => {
			const shown = modelFieldProperties
				.filter((p) => p.displayOptions?.show?.model?.includes(model.id))
				.map((p) => p.name);
			expect(shown).toEqual(model.fields.flatMap((f) => parameterNames(f.control)));
		},
	);

	test('each AIML field parameter shows for exactly the models that have it', () => {
		for (const model of AIML_MODELS) {
			for (const field of model.fields) {
				const property = modelFieldProperties.find((p) => p.name === field.control.name);
				expect(property?.displayOptions?.show?.model).toContain(model.id);
			}
		}
		const shownFor = (name: string) =>
			modelFieldProperties.find((p) => p.name === name)?.displayOptions?.show?.model;
		// Same options and default: one parameter, so a value survives a switch between them.
		expect(shownFor('resolution')).toEqual([
			'alibaba/wan-2-7-t2v',
			'alibaba/wan-2-6-t2v',
			'alibaba/wan-2-7-i2v',
			'alibaba/wan-2-6-i2v',
			'alibaba/wan-2-7-r2v',
			'alibaba/wan-2-6-r2v',
		]);
		expect(shownFor('resolution480to1080')).toEqual([
			'alibaba/wan-3-0-video',
			'alibaba/wan2.5-t2v-preview',
			'alibaba/wan2.5-i2v-preview',
		]);
		expect(shownFor('resolutionWan22Plus')).toEqual([
			'alibaba/wan2.2-t2v-plus',
			'alibaba/wan2.2-i2v-plus',
		]);
		// Flash has its own (720p by default); the other 2.6/2.7 models share one.
		expect(shownFor('resolutionWan26Flash')).toEqual(['alibaba/wan-2-6-image-to-video-flash']);
		expect(shownFor('duration')).toEqual([
			'alibaba/wan-2-7-t2v',
			'alibaba/wan-2-6-t2v',
			'alibaba/wan-2-7-i2v',
			'alibaba/wan-2-6-i2v',
			'alibaba/wan-2-6-image-to-video-flash',
			'alibaba/wan-2-7-r2v',
			'alibaba/wan-2-6-r2v',
		]);
		// One image parameter for every i2v model, so the image survives a model switch.
		expect(shownFor('inputImage')).toEqual([
			'alibaba/wan-2-7-i2v',
			'alibaba/wan-2-6-i2v',
			'alibaba/wan-2-6-image-to-video-flash',
			'alibaba/wan2.5-i2v-preview',
			'alibaba/wan2.2-i2v-plus',
		]);
		expect(shownFor('numFrames')).toEqual(['krea/krea-wan-14b/text-to-video']);
		expect(shownFor('aspectRatio')).toEqual([
			'alibaba/wan-2-7-t2v',
			'alibaba/wan-2-6-t2v',
			'alibaba/wan2.2-t2v-plus',
			'alibaba/wan2.1-t2v-turbo',
			'alibaba/wan2.1-t2v-plus',
			'alibaba/wan-2-7-r2v',
			'alibaba/wan-2-6-r2v',
		]);
	});

	test('one parameter name never means two option sets, defaults or limits', () => {
		const seen = new Map<string, FieldControl>();
		for (const { control } of AIML_MODELS.flatMap((m) => m.fields)) {
			const other = seen.get(control.name);
			if (other)
				expect({ name: control.name, same: other === control }).toEqual({
					name: control.name,
					same: true,
				});
			seen.set(control.name, control);
		}
	});

	test('the parameter names of the released models stay as they were', () => {
		const names = modelFieldProperties.map((p) => p.name);
		expect(names).toEqual(
			expect.arrayContaining([
				'negativePrompt',
				'resolution',
				'resolutionWan21Turbo',
				'resolutionWan21Plus',
				'aspectRatio',
				'aspectRatioWan13b',
				'duration',
				'promptExpansion',
				'shotType',
				'generateAudio',
				'audioUrl',
				'watermark',
				'inferenceSteps',
				'guidanceScale',
				'shift',
				'sampler',
				'safetyChecker',
				'seed',
			]),
		);
	});

	test('the node description is consistent: default model in the catalog, its one credential, usable as a tool, no Provider', () => {
		const { description } = new AimlApiVideo();
		expect(description.usableAsTool).toBe(true);
		const modelParam = description.properties.find((p) => p.name === 'model');
		expect(AIML_MODELS.map((m) => m.id)).toContain(
			(modelParam?.default as { value: string }).value,
		);
		expect(description.credentials).toEqual([{ name: 'aimlApiVideoAimlApi', required: true }]);
		expect(description.properties.map((p) => p.name)).not.toContain('provider');
		expect(JSON.stringify(description).toLowerCase()).not.toContain('novita');
		expect(description.icon).toEqual({ light: 'file:aimlapi.svg', dark: 'file:aimlapi.dark.svg' });
	});
});
