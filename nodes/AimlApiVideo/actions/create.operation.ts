import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { waitProperties } from '../../../engine/run/description';
import type { ItemJob } from '../../../engine/run/job';
import { BatchRunner } from '../../../engine/run/runner';
import { readBatchSettings } from '../../../engine/run/settings';
import { InputError } from '../../../engine/helpers/errors';
import { findModel, NOVITA_MODELS } from '../models/catalog';
import {
	KNOWN_AIML_MODEL_IDS,
	modelFieldProperties,
	novitaModelProperty,
} from '../../../engine/catalog/properties';
import type { ModelEntry } from '../../../engine/catalog/types';
import {
	buildModelFields,
	checkCallbackUrl,
	checkPrompt,
	parseExtraBodyFields,
} from '../../../engine/catalog/validate';

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
		description: 'The Wan text-to-video model. The fields below follow the model chosen.',
		displayOptions: { show: { provider: ['aimlapi'] } },
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
	novitaModelProperty,
	{
		displayName: 'Prompt',
		name: 'prompt',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. A red fox runs through fresh snow at dawn, slow motion, cinematic',
		description: 'What the video should show',
		typeOptions: { rows: 4 },
	},
	{
		displayName:
			"This model is not in the node's catalog: only the model and the prompt are sent. Pass its other fields in Options → Extra Body Fields.",
		name: 'unknownModelNotice',
		type: 'notice',
		default: '',
		displayOptions: {
			show: { provider: ['aimlapi'] },
			hide: { model: KNOWN_AIML_MODEL_IDS },
		},
	},
	...modelFieldProperties,
	...waitProperties('create'),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['video'], operation: ['create'] } },
	properties,
);

function modelIdOf(ctx: IExecuteFunctions, itemIndex: number): string {
	const value = ctx.getNodeParameter('model', itemIndex, '', { extractValue: true });
	if (typeof value !== 'string' || !value.trim()) {
		throw new InputError('Model', 'is empty', 'Pick a model from the list or enter a model id.');
	}
	return value.trim();
}

/** Novita's models are the catalog's: an id from an expression must be one of them. */
function novitaModelOf(ctx: IExecuteFunctions, itemIndex: number): ModelEntry {
	const value = ctx.getNodeParameter('novitaModel', itemIndex, NOVITA_MODELS[0].id);
	const model = findModel('novita', String(value).trim());
	if (!model) {
		const known = NOVITA_MODELS.map((entry) => entry.id).join(', ');
		throw new InputError(
			'Model',
			`must be one of ${known} for Novita AI, received "${String(value)}"`,
			`Pick one of ${known}.`,
		);
	}
	return model;
}

/** Reads and checks one item: nothing is sent for an item that fails here. */
function prepare(ctx: IExecuteFunctions, itemIndex: number, job: ItemJob): void {
	const provider = job.provider;
	// Novita's models are the catalog's; an AIML model may be any id (the catalog knows some).
	const modelId =
		provider.id === 'novita' ? novitaModelOf(ctx, itemIndex).id : modelIdOf(ctx, itemIndex);
	const model = findModel(provider.id, modelId);
	job.model = modelId;
	job.entry = model;
	job.route = provider.routeFor(model);
	const prompt = checkPrompt(ctx.getNodeParameter('prompt', itemIndex, ''), model?.promptMaxLength);
	const fields = model
		? buildModelFields(model, (name, fallback) => ctx.getNodeParameter(name, itemIndex, fallback))
		: {};
	const callback =
		provider.id === 'novita'
			? checkCallbackUrl(ctx.getNodeParameter('options.callbackUrl', itemIndex, ''))
			: undefined;
	const extra = parseExtraBodyFields(
		ctx.getNodeParameter('options.extraBodyFields', itemIndex, ''),
	);
	job.body = {
		...model?.fixedFields,
		...provider.createBody(modelId, prompt, fields),
		...(callback ? { extra: { webhook: { url: callback } } } : {}),
		...extra,
	};
}

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	const runner = new BatchRunner(this, readBatchSettings(this, 'create'));
	const jobs: ItemJob[] = items.map((_, itemIndex) => {
		const provider = BatchRunner.providerOf(this, itemIndex);
		const job: ItemJob = { itemIndex, provider, route: provider.routeFor(undefined) };
		try {
			prepare(this, itemIndex, job);
		} catch (error) {
			runner.fail(job, error as Error);
		}
		return job;
	});
	// Every item is checked before the first request: a bad item 7 starts nothing at all.
	runner.throwIfFatal(jobs);

	await runner.submit(jobs);
	runner.throwIfFatal(jobs);
	if (runner.settings.wait) {
		await runner.wait(jobs);
	}
	return runner.output(jobs);
}
