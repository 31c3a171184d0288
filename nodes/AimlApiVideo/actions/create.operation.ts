import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { modelFieldProperties } from '../../../engine/catalog/properties';
import { InputError } from '../../../engine/helpers/errors';
import { promptProperty, waitProperties } from '../../../engine/run/description';
import { executeCreate } from '../../../engine/run/operations';
import { aimlApiProvider } from '../api/adapter';
import { AIML_MODELS, findAimlModel } from '../models/catalog';

const properties: INodeProperties[] = [
	{
		displayName: 'Model',
		name: 'model',
		type: 'resourceLocator',
		default: {
			mode: 'list',
			value: 'alibaba/wan-2-6-t2v',
			cachedResultName: 'Wan 2.6 (up to 1080p, sound, multi-shot)',
		},
		required: true,
		description:
			'The Wan model: text, image or reference to video. The fields below follow the model chosen.',
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod: 'searchModels', searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. alibaba/wan2.2-t2v-plus',
				validation: [
					{
						type: 'regex',
						properties: { regex: '^\\S+$', errorMessage: 'A model id has no spaces' },
					},
				],
			},
		],
	},
	promptProperty,
	{
		displayName:
			"This model is not in the node's catalog: only the model and the prompt are sent. Pass its other fields in Options → Extra Body Fields.",
		name: 'unknownModelNotice',
		type: 'notice',
		default: '',
		displayOptions: { hide: { model: AIML_MODELS.map((model) => model.id) } },
	},
	...modelFieldProperties(AIML_MODELS, 'model'),
	...waitProperties('create'),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['video'], operation: ['create'] } },
	properties,
);

/** Any AIML model id may be used; the catalog knows the fields of some. */
function readModel(ctx: IExecuteFunctions, itemIndex: number) {
	const value: unknown = ctx.getNodeParameter('model', itemIndex, '', { extractValue: true });
	if (typeof value !== 'string' || !value.trim()) {
		throw new InputError('Model', 'is empty', 'Pick a model from the list or enter a model id.');
	}
	const id = value.trim();
	return { id, entry: findAimlModel(id) };
}

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await executeCreate(this, items, { provider: aimlApiProvider, readModel });
}
