import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { generationIdProperty, waitProperties } from '../../../engine/run/description';
import { executeGet } from '../../../engine/run/operations';
import { aimlApiProvider } from '../api/adapter';

const properties: INodeProperties[] = [
	generationIdProperty(
		'3f2a9c7e-41d0-4c8e-9b1a-52f7e0d6a1c4',
		'IDs may contain ":" and "/"; they are URL-encoded.',
	),
	{
		displayName: 'Endpoint',
		name: 'fetchEndpoint',
		type: 'options',
		default: 'universal',
		description: 'Where the AIML API serves this generation',
		options: [
			{
				name: 'Universal',
				value: 'universal',
				description: 'GET /v2/video/generations: every current model',
			},
			{
				name: 'Legacy',
				value: 'legacy',
				description:
					'GET /v2/generate/video/alibaba/generation: for generations created there (Wan 2.1 1.3B)',
			},
		],
	},
	...waitProperties('get'),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['video'], operation: ['get'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await executeGet(this, items, {
		provider: aimlApiProvider,
		readRoute: (ctx, itemIndex) =>
			ctx.getNodeParameter('fetchEndpoint', itemIndex, 'universal') === 'legacy'
				? 'legacy'
				: 'universal',
	});
}
