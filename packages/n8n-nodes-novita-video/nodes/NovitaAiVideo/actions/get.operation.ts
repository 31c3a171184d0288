import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { generationIdProperty, waitProperties } from '../../../engine/run/description';
import { executeGet } from '../../../engine/run/operations';
import { novitaProvider } from '../api/adapter';

const properties: INodeProperties[] = [
	generationIdProperty(
		'8b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0',
		'From a callback, map {{ $json.body.payload.task.task_id }}.',
	),
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
	return await executeGet(this, items, { provider: novitaProvider });
}
