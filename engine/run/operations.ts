import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { checkBinaryImages } from './inputs';
import type { ItemJob } from './job';
import { BatchRunner } from './runner';
import { readBatchSettings } from './settings';
import type { BinaryImageInput } from '../catalog/images';
import { getPath } from '../catalog/images';
import type { ModelEntry } from '../catalog/types';
import {
	buildModelFields,
	checkCallbackUrl,
	checkGenerationId,
	checkPrompt,
	parseExtraBodyFields,
	setPath,
} from '../catalog/validate';
import type { FetchRoute, ProviderAdapter } from '../provider';

/** What a node's Create Video tells the engine: its provider, and how it reads the model. */
export interface CreateOperation {
	provider: ProviderAdapter;
	/** The model of an item: its id and, when the catalog knows it, its entry. Throws InputError. */
	readModel(ctx: IExecuteFunctions, itemIndex: number): { id: string; entry?: ModelEntry };
}

/** Reads and checks one item: nothing is sent for an item that fails here. */
function prepare(
	ctx: IExecuteFunctions,
	operation: CreateOperation,
	itemIndex: number,
	job: ItemJob,
): void {
	const { provider } = operation;
	const { id: modelId, entry } = operation.readModel(ctx, itemIndex);
	job.model = modelId;
	job.entry = entry;
	job.route = provider.routeFor(entry);
	const prompt = checkPrompt(ctx.getNodeParameter('prompt', itemIndex, ''), entry?.promptMaxLength);
	const binaries: BinaryImageInput[] = [];
	const fields = entry
		? buildModelFields(
				entry,
				(name, fallback) => ctx.getNodeParameter(name, itemIndex, fallback),
				binaries,
			)
		: {};
	const callback = provider.callbackBody
		? checkCallbackUrl(ctx.getNodeParameter('options.callbackUrl', itemIndex, ''))
		: undefined;
	const extra = parseExtraBodyFields(
		ctx.getNodeParameter('options.extraBodyFields', itemIndex, ''),
	);
	const body: IDataObject = { ...entry?.fixedFields };
	for (const [key, value] of Object.entries(provider.createBody(entry, modelId, prompt, fields))) {
		setPath(body, key, value);
	}
	if (callback && provider.callbackBody) Object.assign(body, provider.callbackBody(callback));
	job.body = mergeBodies(body, extra);
	// Extra Body Fields that set the same key win over a binary image (nothing is read then).
	job.binaryImages = binaries.filter((image) => getPath(extra, image.apiName) === undefined);
	const media = entry?.fields.filter(
		({ apiName, control }) =>
			(control.type === 'image' || control.type === 'urlList') &&
			getPath(job.body ?? {}, apiName) !== undefined,
	);
	if (job.binaryImages.length) job.inputKind = 'binary';
	else if (media?.length) job.inputKind = 'url';
}

/**
 * Extra Body Fields over the node's body: objects merge key by key (so `{"parameters": {…}}`
 * adds to a nested body's parameters instead of replacing them), anything else replaces.
 */
function mergeBodies(base: IDataObject, extra: IDataObject): IDataObject {
	const merged: IDataObject = { ...base };
	for (const [key, value] of Object.entries(extra)) {
		const current = merged[key];
		const isObject = (v: unknown): v is IDataObject =>
			typeof v === 'object' && v !== null && !Array.isArray(v);
		merged[key] = isObject(current) && isObject(value) ? mergeBodies(current, value) : value;
	}
	return merged;
}

/**
 * Create Video: every item is checked before the first request (a bad item 7 starts nothing at
 * all), then the batch is started, waited for and downloaded together.
 */
export async function executeCreate(
	ctx: IExecuteFunctions,
	items: INodeExecutionData[],
	operation: CreateOperation,
): Promise<INodeExecutionData[]> {
	const runner = new BatchRunner(ctx, readBatchSettings(ctx, 'create'), operation.provider);
	const jobs: ItemJob[] = items.map((_, itemIndex) => {
		const job = runner.job(itemIndex, operation.provider.routeFor(undefined));
		try {
			prepare(ctx, operation, itemIndex, job);
		} catch (error) {
			runner.fail(job, error as Error);
		}
		return job;
	});
	// Binary images are checked for every item, from their metadata, before anything starts.
	for (const job of jobs) {
		if (job.failure || !job.binaryImages?.length) continue;
		try {
			await checkBinaryImages(ctx, job.itemIndex, job.binaryImages);
		} catch (error) {
			runner.fail(job, error as Error);
		}
	}
	runner.throwIfFatal(jobs);

	await runner.submit(jobs);
	runner.throwIfFatal(jobs);
	if (runner.settings.wait) {
		await runner.wait(jobs);
	}
	return runner.output(jobs);
}

/** What a node's Get Video tells the engine: its provider, and where an item's id is served. */
export interface GetOperation {
	provider: ProviderAdapter;
	/** The fetch route of an item (default: the provider's default route). */
	readRoute?(ctx: IExecuteFunctions, itemIndex: number): FetchRoute;
}

/** Get Video: the status (and, when finished, the video) of each item's generation id. */
export async function executeGet(
	ctx: IExecuteFunctions,
	items: INodeExecutionData[],
	operation: GetOperation,
): Promise<INodeExecutionData[]> {
	const { provider } = operation;
	const runner = new BatchRunner(ctx, readBatchSettings(ctx, 'get'), provider);
	const jobs: ItemJob[] = items.map((_, itemIndex) => {
		const route = operation.readRoute?.(ctx, itemIndex) ?? provider.routeFor(undefined);
		const job = runner.job(itemIndex, route);
		try {
			job.id = checkGenerationId(ctx.getNodeParameter('generationId', itemIndex, ''));
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

/** A node's operations, by the value of its Operation parameter. */
export type OperationHandlers = Record<
	'create' | 'get',
	(this: IExecuteFunctions, items: INodeExecutionData[]) => Promise<INodeExecutionData[]>
>;

/** A video node's `execute`: runs the operation chosen (read from the first item). */
export async function executeOperation(
	ctx: IExecuteFunctions,
	handlers: OperationHandlers,
): Promise<INodeExecutionData[][]> {
	const operation = ctx.getNodeParameter('operation', 0) as string;
	const handler = handlers[operation as keyof OperationHandlers];
	if (!handler) {
		throw new NodeOperationError(ctx.getNode(), `The operation "${operation}" is not supported`);
	}
	return [await handler.call(ctx, ctx.getInputData())];
}
