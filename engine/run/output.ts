import type { IDataObject, INode, INodeExecutionData } from 'n8n-workflow';

import type { ItemJob } from './job';
import type { BatchSettings } from './settings';
import { shapeJson } from './tool';
import { toNodeError } from '../helpers/errors';

/**
 * The most of the provider's raw answer kept in `response`, serialized: the item and the saved
 * execution hold it for every run, and the fields that matter are already read out above.
 */
export const MAX_RESPONSE_BYTES = 64 * 1024;

/**
 * The raw answer, or, when it serializes to more than MAX_RESPONSE_BYTES, its top-level fields
 * that fit in order (a field that does not fit is left out whole).
 */
export function boundedResponse(raw: IDataObject | undefined): {
	response: IDataObject | null;
	truncated: boolean;
	bytes: number;
} {
	if (!raw) return { response: null, truncated: false, bytes: 0 };
	const bytes = Buffer.byteLength(JSON.stringify(raw) ?? '', 'utf8');
	if (bytes <= MAX_RESPONSE_BYTES) return { response: raw, truncated: false, bytes };
	const kept: IDataObject = {};
	let size = 2;
	for (const [key, value] of Object.entries(raw)) {
		const entry = Buffer.byteLength(JSON.stringify({ [key]: value }) ?? '', 'utf8') - 1;
		if (size + entry > MAX_RESPONSE_BYTES) continue;
		kept[key] = value;
		size += entry;
	}
	return { response: kept, truncated: true, bytes };
}

/** The normalised output item: the same keys for both providers and both operations. */
function outputJson(job: ItemJob, settings: BatchSettings): IDataObject {
	const generation = job.latest;
	const wait = job.wait;
	const json: IDataObject = {
		id: job.id ?? null,
		status: generation?.status ?? (job.id ? 'queued' : 'failed'),
		videoUrl: generation?.videoUrl ?? null,
		error: generation?.error ?? null,
		model: job.model ?? generation?.model ?? null,
		provider: job.provider.id,
	};
	if (job.inputKind) json.inputKind = job.inputKind;
	if (generation?.providerStatus) json.providerStatus = generation.providerStatus;
	if (generation?.creditsUsed !== undefined) json.creditsUsed = generation.creditsUsed;
	if (generation?.usdSpent !== undefined) json.usdSpent = generation.usdSpent;
	// The same keys whether or not the node waited, so later nodes can always map them.
	json.waitedSeconds = Math.round((wait?.waitedMs ?? 0) / 100) / 10;
	json.pollCount = wait?.polls ?? 0;
	json.timedOut = wait?.outcome === 'timeout';
	if (wait?.outcome === 'aborted') json.canceled = true;
	if (wait?.lastTransientError) json.lastPollError = wait.lastTransientError.message;
	json.video = job.binary
		? {
				binaryProperty: settings.binaryPropertyName,
				fileName: job.binary.fileName ?? null,
				mimeType: job.binary.mimeType,
				fileSize: job.binary.bytes ?? null,
			}
		: null;
	if (generation?.videoInfo) json.videoInfo = generation.videoInfo;
	const { response, truncated, bytes } = boundedResponse(generation?.raw);
	json.response = response;
	if (truncated) {
		// Said in the item: later nodes must not take a trimmed answer for the whole one.
		json.responseTruncated = true;
		json.responseBytes = bytes;
	}
	return json;
}

/** One output item, paired with its input; a failure (continue-on-fail) is written into it. */
export function outputItem(node: INode, job: ItemJob, settings: BatchSettings): INodeExecutionData {
	const json = outputJson(job, settings);
	const item: INodeExecutionData = { json, pairedItem: { item: job.itemIndex } };
	if (job.failure) {
		const error = toNodeError(node, job.failure, {
			itemIndex: job.itemIndex,
			generationId: job.id,
		});
		// A failed generation keeps the provider's own reason in `error`.
		if (job.latest?.status !== 'failed') json.error = error.message;
		if (error.description) json.errorDescription = error.description;
		if (!job.latest) json.status = 'failed';
		if (job.latest?.status === 'completed') json.downloadFailed = true;
	}
	if (job.binary) item.binary = { [settings.binaryPropertyName]: job.binary };
	item.json = shapeJson(job, json, settings.shape);
	return item;
}
