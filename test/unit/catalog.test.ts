/**
 * The catalog against the API contract as the emulator encodes it (written separately), and
 * the parameters derived from it.
 */
import { AIML_CONTRACT, NOVITA_CONTRACT } from '../../tools/emulator/contract';
import { AIML_MODELS, NOVITA_MODELS } from '../../nodes/AimlApiVideo/models/catalog';
import { modelFieldProperties } from '../../nodes/AimlApiVideo/models/properties';
import type { FieldControl } from '../../nodes/AimlApiVideo/models/types';
import { AimlApiVideo } from '../../nodes/AimlApiVideo/AimlApiVideo.node';

describe('catalog vs contract', () => {
	test.each(AIML_MODELS.map((m) => [m.id, m]))(
		'%s: every field exists in the contract with the same values',
		(_id, model) => {
			const contract = AIML_CONTRACT[model.id];
			expect(contract).toBeDefined();
			const path = model.endpoint === 'legacy' ? 'legacy' : 'universal';
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
			}
			// Every documented field of the model is offered.
			expect(model.fields.map((f) => f.apiName).sort()).toEqual(Object.keys(fields).sort());
		},
	);

	test('Novita: every field is in the contract and every contract field is offered', () => {
		const [model] = NOVITA_MODELS;
		const offered = model.fields.flatMap((f) =>
			f.encode === 'size' ? ['width', 'height'] : [f.apiName],
		);
		const documented = Object.keys(NOVITA_CONTRACT).filter(
			(key) => key !== 'prompt' && key !== 'model_name',
		);
		expect(offered.filter((f) => f !== 'loras').sort()).toEqual(documented.sort());
		const find = (name: string) =>
			model.fields.find((f) => f.apiName === name)?.control as FieldControl;
		expect([find('steps').min, find('steps').max, find('steps').default]).toEqual([1, 40, 30]);
		expect([
			find('guidance_scale').min,
			find('guidance_scale').max,
			find('guidance_scale').default,
		]).toEqual([0, 10, 5]);
		expect([find('flow_shift').min, find('flow_shift').max, find('flow_shift').default]).toEqual([
			1, 10, 5,
		]);
		expect([find('seed').min, find('seed').max, find('seed').default]).toEqual([
			-1, 9999999999, -1,
		]);
		expect(model.promptMaxLength).toBe(2000);
	});

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

	test.each([...AIML_MODELS, ...NOVITA_MODELS].map((m) => [m.id, m]))(
		'%s: its parameters appear in the order of its catalog entry',
		(_id, model) => {
			const shown = modelFieldProperties
				.filter((p) =>
					model.provider === 'novita'
						? p.displayOptions?.show?.provider?.includes('novita')
						: p.displayOptions?.show?.model?.includes(model.id),
				)
				.map((p) => p.name);
			expect(shown).toEqual(model.fields.map((f) => f.control.name));
		},
	);

	test('each AIML field parameter shows for exactly the models that have it', () => {
		for (const model of AIML_MODELS) {
			for (const field of model.fields) {
				const property = modelFieldProperties.find((p) => p.name === field.control.name);
				expect(property?.displayOptions?.show?.model).toContain(model.id);
			}
		}
		const resolution = modelFieldProperties.find((p) => p.name === 'resolution');
		expect(resolution?.displayOptions?.show?.model).toEqual(['alibaba/wan-2-6-t2v']);
	});

	test('the node description is consistent: default model in the catalog, credentials per provider, usable as a tool', () => {
		const { description } = new AimlApiVideo();
		expect(description.usableAsTool).toBe(true);
		const modelParam = description.properties.find((p) => p.name === 'model');
		expect(AIML_MODELS.map((m) => m.id)).toContain(
			(modelParam?.default as { value: string }).value,
		);
		expect(description.credentials?.map((c) => [c.name, c.displayOptions?.show?.provider])).toEqual(
			[
				['aimlApiVideoAimlApi', ['aimlapi']],
				['aimlApiVideoNovitaAiApi', ['novita']],
			],
		);
		expect(description.icon).toEqual({ light: 'file:aimlapi.svg', dark: 'file:aimlapi.dark.svg' });
	});
});
