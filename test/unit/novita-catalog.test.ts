/**
 * The Novita AI catalog against Novita's pages as the emulator encodes them (written
 * separately, in tools/emulator/contract.ts), and the parameters derived from it.
 */
import { NOVITA_ENDPOINTS } from '../../tools/emulator/contract';
import type { Check } from '../../tools/emulator/contract';
import { modelFieldProperties } from '../../engine/catalog/properties';
import type { FieldControl, ModelEntry } from '../../engine/catalog/types';
import { NOVITA_MODELS } from '../../packages/n8n-nodes-novita-video/nodes/NovitaAiVideo/models/catalog';
import { NovitaAiVideo } from '../../packages/n8n-nodes-novita-video/nodes/NovitaAiVideo/NovitaAiVideo.node';

const byId = (id: string) => NOVITA_MODELS.find((m) => m.id === id) as ModelEntry;
const contractOf = (model: ModelEntry) => NOVITA_ENDPOINTS[model.createPath ?? ''];

/** The body keys a model's entry can send: its fields (size split), fixed fields and prompt. */
function offeredKeys(model: ModelEntry): string[] {
	return [
		model.promptPath ?? 'prompt',
		...Object.keys(model.fixedFields ?? {}),
		...model.fields.flatMap((f) => (f.encode === 'size' ? ['width', 'height'] : [f.apiName])),
	];
}

describe('Novita catalog vs contract', () => {
	test('the Wan text- and image-to-video pages are entries, each citing its page', () => {
		expect(NOVITA_MODELS.map((m) => m.createPath).sort()).toEqual(
			Object.keys(NOVITA_ENDPOINTS).sort(),
		);
		for (const model of NOVITA_MODELS) {
			expect(model.spec).toMatch(/^https:\/\/novita\.ai\/docs\/api-reference\/model-apis-/);
			expect(model.spec).toContain(model.createPath);
		}
	});

	test.each(NOVITA_MODELS.map((m) => [m.id, m]))(
		'%s: path, task type, and every field in the contract with its values and limits',
		(_id, model) => {
			const endpoint = contractOf(model);
			expect(endpoint?.model).toBe(model.id);
			expect(model.taskType).toBe(endpoint.taskType);
			// Nested bodies put the prompt in input.prompt; flat ones at the top.
			expect(model.promptPath ?? 'prompt').toBe(endpoint.nested ? 'input.prompt' : 'prompt');
			const promptCheck = endpoint.fields[model.promptPath ?? 'prompt'] as { max?: number };
			expect(model.promptMaxLength).toBe(promptCheck.max);
			// Every documented field is offered and nothing else is sent (LoRAs are checked apart).
			const documented = Object.keys(endpoint.fields);
			expect(
				offeredKeys(model)
					.filter((k) => k !== 'loras')
					.sort(),
			).toEqual(documented.sort());
			for (const field of model.fields) {
				if (field.encode) continue;
				const check = endpoint.fields[field.apiName] as Check;
				const control = field.control;
				const where = { model: model.id, field: field.apiName };
				if (check.kind === 'enum') {
					expect({ ...where, values: control.options?.map((o) => o.value).sort() }).toEqual({
						...where,
						values: [...check.values].sort(),
					});
					expect(check.values).toContain(control.default);
				}
				if (check.kind === 'bool') {
					// A boolean the page no longer lists is an options control that can send nothing.
					if (control.type === 'options') {
						expect(control.options?.map((o) => o.value)).toEqual(['', true, false]);
						expect(control.omitWhen).toBe('');
					} else expect(control.type).toBe('boolean');
				}
				if (check.kind === 'string')
					expect({ ...where, max: control.maxLength }).toEqual({ ...where, max: check.max });
				if (check.kind === 'uri') expect(control.url).toBe(true);
				if (check.kind === 'int' || check.kind === 'number') {
					expect(control.type).toBe('number');
					expect({ ...where, max: control.max }).toEqual({ ...where, max: check.max });
					// The control may add one value below the range that sends nothing (seed -1).
					if (control.omitWhen === undefined || control.omitWhen !== control.min)
						expect({ ...where, min: control.min }).toEqual({ ...where, min: check.min });
				}
			}
		},
	);

	test('Wan 2.1 14B: the size pairs, the fixed model_name and its documented ranges', () => {
		const model = byId('wan-t2v');
		expect(model.fixedFields).toEqual({ model_name: 'wan2.1-t2v' });
		const size = model.fields.find((f) => f.encode === 'size')?.control as FieldControl;
		expect(size.options?.map((o) => o.value)).toEqual([
			'832x480',
			'480x832',
			'1280x720',
			'720x1280',
		]);
		const find = (name: string) =>
			model.fields.find((f) => f.apiName === name)?.control as FieldControl;
		expect([
			find('steps').default,
			find('guidance_scale').default,
			find('flow_shift').default,
		]).toEqual([30, 5, 5]);
		expect(find('seed').default).toBe(-1);
		// Fields the page no longer lists send nothing by default.
		expect(find('enable_safety_checker').default).toBe('');
		expect(find('fast_mode').default).toBe('');
		expect(find('loras').loras).toEqual({ maxEntries: 3, minScale: 0, maxScale: 4 });
	});

	test('Wan 2.7: negative prompt at most 500 characters, prompt at most 1500, size default 1920*1080', () => {
		const model = byId('wan2.7-t2v');
		const find = (name: string) =>
			model.fields.find((f) => f.apiName === name)?.control as FieldControl;
		expect(find('negative_prompt').maxLength).toBe(500);
		expect(model.promptMaxLength).toBe(1500);
		expect(find('size').default).toBe('1920*1080');
		expect([find('duration').min, find('duration').max, find('duration').default]).toEqual([
			2, 15, 5,
		]);
	});
});

describe('Novita derived parameters', () => {
	const properties = modelFieldProperties(NOVITA_MODELS, 'novitaModel');

	test('one parameter per control, and one name never means two controls', () => {
		const names = properties.map((p) => p.name);
		expect(new Set(names).size).toBe(names.length);
		const seen = new Map<string, FieldControl>();
		for (const { control } of NOVITA_MODELS.flatMap((m) => m.fields)) {
			const other = seen.get(control.name);
			if (other)
				expect({ name: control.name, same: other === control }).toEqual({
					name: control.name,
					same: true,
				});
			seen.set(control.name, control);
		}
	});

	test.each(NOVITA_MODELS.map((m) => [m.id, m]))(
		'%s: its parameters appear in the order of its catalog entry',
		(_id, model) => {
			const shown = properties
				.filter((p) => p.displayOptions?.show?.novitaModel?.includes(model.id))
				.map((p) => p.name);
			// An image field that takes Base64 is three parameters: source, URL, binary property.
			expect(shown).toEqual(
				model.fields.flatMap(({ control }) =>
					control.type === 'image' && control.image?.base64
						? [`${control.name}Source`, control.name, `${control.name}BinaryProperty`]
						: [control.name],
				),
			);
		},
	);

	test('the node: its own credential and icon, Callback URL, no Provider, no other service named', () => {
		const { description } = new NovitaAiVideo();
		expect(description.name).toBe('novitaAiVideo');
		expect(description.usableAsTool).toBe(true);
		expect(description.credentials).toEqual([{ name: 'novitaAiVideoApi', required: true }]);
		expect(description.icon).toEqual({ light: 'file:novita.svg', dark: 'file:novita.dark.svg' });
		const names = description.properties.map((p) => p.name);
		expect(names).not.toContain('provider');
		expect(names).toContain('novitaModel');
		const options = description.properties.find((p) => p.name === 'options');
		expect(options?.options?.map((o) => o.name)).toContain('callbackUrl');
		expect(JSON.stringify(description).toLowerCase()).not.toMatch(/aiml/);
		const model = description.properties.find((p) => p.name === 'novitaModel');
		expect(model?.default).toBe('wan-t2v');
	});
});
