import type { INodeProperties } from 'n8n-workflow';

import { AIML_MODELS, NOVITA_LORA_LIMITS, NOVITA_MODELS } from './catalog';
import type { FieldControl, ModelEntry } from './types';

/** Turns one control into an n8n parameter (without displayOptions). */
function toProperty(control: FieldControl): INodeProperties {
	const property: INodeProperties = {
		displayName: control.displayName,
		name: control.name,
		type: control.type === 'loras' ? 'fixedCollection' : control.type,
		default: control.default,
		description: control.description,
	};
	if (control.options) property.options = control.options;
	if (control.placeholder) property.placeholder = control.placeholder;
	if (control.type === 'string' && control.rows) property.typeOptions = { rows: control.rows };
	if (control.type === 'number') {
		property.typeOptions = {};
		if (control.min !== undefined) property.typeOptions.minValue = control.min;
		if (control.max !== undefined) property.typeOptions.maxValue = control.max;
		property.typeOptions.numberPrecision = control.integer ? 0 : (control.numberPrecision ?? 2);
	}
	if (control.type === 'loras') {
		property.placeholder = 'Add LoRA';
		property.default = {};
		property.typeOptions = { multipleValues: true, multipleValueButtonText: 'Add LoRA' };
		property.options = [
			{
				displayName: 'LoRA',
				name: 'lora',
				values: [
					{
						displayName: 'Path',
						name: 'path',
						type: 'string',
						default: '',
						placeholder: 'e.g. author/wan-lora or https://example.com/lora.safetensors',
						description: 'A Hugging Face model name or a download URL of the LoRA',
					},
					{
						displayName: 'Scale',
						name: 'scale',
						type: 'number',
						default: 1,
						typeOptions: {
							minValue: NOVITA_LORA_LIMITS.minScale,
							maxValue: NOVITA_LORA_LIMITS.maxScale,
							numberPrecision: 2,
						},
						description: `Strength of the LoRA, ${NOVITA_LORA_LIMITS.minScale} to ${NOVITA_LORA_LIMITS.maxScale}`,
					},
				],
			},
		];
	}
	return property;
}

/**
 * One parameter per distinct control, shown for exactly the models that use it. Controls that
 * are the same object across models become one parameter, so a value survives a model switch.
 */
function propertiesFor(
	models: ModelEntry[],
	show: Record<string, string[]>,
	byModel: boolean,
): INodeProperties[] {
	const groups = new Map<FieldControl, { modelIds: string[]; position: number }>();
	for (const model of models) {
		model.fields.forEach((field, position) => {
			const group = groups.get(field.control) ?? { modelIds: [], position };
			group.modelIds.push(model.id);
			group.position = Math.min(group.position, position);
			groups.set(field.control, group);
		});
	}
	// Order by where the field stands in the models' lists, so each model reads top-down.
	const ordered = [...groups].sort((a, b) => a[1].position - b[1].position);
	return ordered.map(([control, { modelIds }]) => ({
		...toProperty(control),
		displayOptions: { show: byModel ? { ...show, model: modelIds } : show },
	}));
}

const CREATE = { resource: ['video'], operation: ['create'] };

/** The model-specific parameters of Create Video, for both providers. */
export const modelFieldProperties: INodeProperties[] = [
	...propertiesFor(AIML_MODELS, { ...CREATE, provider: ['aimlapi'] }, true),
	...propertiesFor(NOVITA_MODELS, { ...CREATE, provider: ['novita'] }, false),
];

/** Ids of the AIML models the node knows fully (for "hide when known" display rules). */
export const KNOWN_AIML_MODEL_IDS = AIML_MODELS.map((model) => model.id);
