import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { modelFieldProperties } from '../../../engine/catalog/properties';
import { InputError } from '../../../engine/helpers/errors';
import { promptProperty, waitProperties } from '../../../engine/run/description';
import { executeCreate } from '../../../engine/run/operations';
import { novitaProvider } from '../api/adapter';
import { DEFAULT_NOVITA_MODEL, findNovitaModel, NOVITA_MODELS } from '../models/catalog';

const properties: INodeProperties[] = [
	{
		displayName: 'Model',
		name: 'novitaModel',
		type: 'options',
		default: DEFAULT_NOVITA_MODEL,
		description:
			'The Novita AI Wan model (Novita has no model list endpoint for these: the catalog is the list). The fields below follow the model chosen.',
		options: NOVITA_MODELS.map((model) => ({
			name: model.name,
			value: model.id,
			description: model.description,
		})),
	},
	promptProperty,
	...modelFieldProperties(NOVITA_MODELS, 'novitaModel'),
	...waitProperties('create'),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['video'], operation: ['create'] } },
	properties,
);

/** Novita's models are the catalog's: an id from an expression must be one of them. */
function readModel(ctx: IExecuteFunctions, itemIndex: number) {
	const value = ctx.getNodeParameter('novitaModel', itemIndex, DEFAULT_NOVITA_MODEL);
	const entry = findNovitaModel(String(value).trim());
	if (!entry) {
		const known = NOVITA_MODELS.map((model) => model.id).join(', ');
		throw new InputError(
			'Model',
			`must be one of ${known}, received "${String(value)}"`,
			`Pick one of ${known}.`,
		);
	}
	return { id: entry.id, entry };
}

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await executeCreate(this, items, { provider: novitaProvider, readModel });
}
