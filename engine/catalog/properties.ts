import type { INodeProperties } from 'n8n-workflow';

import type { FieldControl, ModelEntry } from './types';

/** The parameter names of an image control: its source switch and its binary property. */
export function imageParameterNames(control: FieldControl): { source: string; binary: string } {
	return { source: `${control.name}Source`, binary: `${control.name}BinaryProperty` };
}

/**
 * An image control as n8n parameters: a URL field, and where the spec takes Base64 also a
 * switch between URL and an item's binary property (the binary is sent as a data URL).
 */
function imageProperties(control: FieldControl): INodeProperties[] {
	const rules = control.image;
	const url: INodeProperties = {
		displayName: control.displayName,
		name: control.name,
		type: 'string',
		default: '',
		placeholder: control.placeholder ?? 'e.g. https://example.com/photo.jpg',
		description: rules?.base64
			? control.description
			: `${control.description} This field takes a public https URL only (the API accepts no uploaded file here).`,
	};
	if (!rules?.base64) return [url];
	const names = imageParameterNames(control);
	const types = rules.mimeTypes.map((type) => type.replace('image/', '').toUpperCase()).join(', ');
	return [
		{
			displayName: `${control.displayName} Source`,
			name: names.source,
			type: 'options',
			default: 'url',
			options: [
				{ name: 'URL', value: 'url', description: 'A public https URL of the image' },
				{
					name: 'Binary Data',
					value: 'binary',
					description: 'An image in a binary property of the input item (sent inline, Base64)',
				},
			],
			description: `Where the ${control.displayName.toLowerCase()} comes from`,
		},
		{ ...url, displayOptions: { show: { [names.source]: ['url'] } } },
		{
			displayName: 'Input Binary Field',
			name: names.binary,
			type: 'string',
			default: 'data',
			placeholder: 'e.g. data',
			hint: 'The name of the input field containing the binary file data to be processed',
			description: `Name of the binary property of the input item that holds the image (${types}, at most ${Math.round(rules.maxBytes / 1024 / 1024)} MB). It is sent inline as a Base64 data URL.`,
			displayOptions: { show: { [names.source]: ['binary'] } },
		},
	];
}

/** Turns one control into its n8n parameters (without the model's displayOptions). */
function toProperties(control: FieldControl): INodeProperties[] {
	if (control.type === 'image') return imageProperties(control);
	if (control.type === 'urlList') {
		return [
			{
				displayName: control.displayName,
				name: control.name,
				type: 'string',
				default: '',
				typeOptions: { rows: 2 },
				placeholder:
					control.placeholder ?? 'e.g. https://example.com/a.jpg, https://example.com/b.jpg',
				description: `${control.description} Public https URLs, separated by commas or new lines (or an array from an expression); URLs only.`,
			},
		];
	}
	return [toProperty(control)];
}

/** Turns one control into an n8n parameter (without displayOptions). */
function toProperty(control: FieldControl): INodeProperties {
	const property: INodeProperties = {
		displayName: control.displayName,
		name: control.name,
		type:
			control.type === 'loras'
				? 'fixedCollection'
				: control.type === 'image' || control.type === 'urlList'
					? 'string'
					: control.type,
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
		const limits = control.loras ?? { minScale: 0, maxScale: 4 };
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
							minValue: limits.minScale,
							maxValue: limits.maxScale,
							numberPrecision: 2,
						},
						description: `Strength of the LoRA, ${limits.minScale} to ${limits.maxScale}`,
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
function propertiesFor(models: ModelEntry[], modelParameter: string): INodeProperties[] {
	const modelIds = new Map<FieldControl, string[]>();
	for (const model of models) {
		for (const field of model.fields) {
			modelIds.set(field.control, [...(modelIds.get(field.control) ?? []), model.id]);
		}
	}
	return orderControls(models).flatMap((control) =>
		toProperties(control).map((property) => ({
			...property,
			displayOptions: {
				show: {
					...property.displayOptions?.show,
					[modelParameter]: modelIds.get(control) ?? [],
				},
			},
		})),
	);
}

/**
 * One order of all controls in which every model's fields keep the order of its catalog entry
 * (a topological merge of the models' lists), so each model's panel reads as its entry does.
 * Ties go to the control that stands earlier, relative to its list's length.
 */
function orderControls(models: ModelEntry[]): FieldControl[] {
	const after = new Map<FieldControl, Set<FieldControl>>();
	const pending = new Map<FieldControl, number>();
	const rank = new Map<FieldControl, number>();
	for (const { fields } of models) {
		fields.forEach(({ control }, position) => {
			if (!pending.has(control)) pending.set(control, 0);
			const relative = position / Math.max(1, fields.length - 1);
			rank.set(control, Math.min(rank.get(control) ?? 1, relative));
			const next = fields[position + 1]?.control;
			if (next && !after.get(control)?.has(next)) {
				after.set(control, (after.get(control) ?? new Set()).add(next));
				pending.set(next, (pending.get(next) ?? 0) + 1);
			}
		});
	}
	const ordered: FieldControl[] = [];
	while (pending.size) {
		const ready = [...pending].filter(([, count]) => count === 0).map(([control]) => control);
		// A cycle would mean two models order the same two fields both ways: take the best rank.
		const candidates = ready.length ? ready : [...pending.keys()];
		const control = candidates.sort((a, b) => (rank.get(a) ?? 0) - (rank.get(b) ?? 0))[0];
		ordered.push(control);
		pending.delete(control);
		for (const next of after.get(control) ?? []) {
			if (pending.has(next)) pending.set(next, (pending.get(next) ?? 1) - 1);
		}
	}
	return ordered;
}

/**
 * The model-specific parameters of Create Video for a catalog: each shown for the models whose
 * entry has it, by the value of the node's model parameter.
 */
export function modelFieldProperties(
	models: ModelEntry[],
	modelParameter: string,
): INodeProperties[] {
	return propertiesFor(models, modelParameter);
}
