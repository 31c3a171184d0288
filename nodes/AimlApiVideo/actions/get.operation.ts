import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { waitProperties } from '../../../engine/run/description';
import type { ItemJob } from '../../../engine/run/job';
import { BatchRunner } from '../../../engine/run/runner';
import { readBatchSettings } from '../../../engine/run/settings';
import { checkGenerationId } from '../../../engine/catalog/validate';
import type { FetchRoute } from '../../../engine/provider';

const properties: INodeProperties[] = [
	{
		displayName: 'Generation ID',
		name: 'generationId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 3f2a9c7e-41d0-4c8e-9b1a-52f7e0d6a1c4',
		description:
			'The ID returned by Create Video, usually mapped from its output. IDs may contain ":" and "/"; they are URL-encoded.',
	},
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
		displayOptions: { show: { provider: ['aimlapi'] } },
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
	const runner = new BatchRunner(this, readBatchSettings(this, 'get'));
	const jobs: ItemJob[] = items.map((_, itemIndex) => {
		const provider = BatchRunner.providerOf(this, itemIndex);
		const route: FetchRoute =
			provider.id === 'aimlapi'
				? (this.getNodeParameter('fetchEndpoint', itemIndex, 'universal') as FetchRoute)
				: provider.routeFor(undefined);
		const job: ItemJob = { itemIndex, provider, route };
		try {
			job.id = checkGenerationId(this.getNodeParameter('generationId', itemIndex, ''));
			job.model = provider.modelFromId(job.id);
		} catch (error) {
			runner.fail(job, error as Error);
		}
		return job;
	});
	runner.throwIfFatal(jobs);

	if (runner.settings.wait) {
		await runner.wait(jobs, { firstDelayMs: 0 });
	} else {
		// A failed generation is a status like any other here: it is reported, not thrown.
		await runner.fetchOnce(jobs);
		await runner.downloadCompleted(jobs);
	}
	return runner.output(jobs);
}
