import type { IDataObject } from 'n8n-workflow';

import type { ModelEntry } from './catalog/types';
import type { ApiCallError } from './helpers/errors';
import type { ApiClient, ApiRequestSpec, ApiTarget } from './transport/client';

export type GenerationStatus = 'queued' | 'generating' | 'completed' | 'failed';

/** A generation as every provider's answers normalise to. */
export interface Generation {
	id: string;
	status: GenerationStatus;
	/** The provider's own status word, kept for the user (e.g. TASK_STATUS_PROCESSING). */
	providerStatus?: string;
	videoUrl?: string;
	/** Why it failed, in the provider's words. */
	error?: string;
	creditsUsed?: number;
	usdSpent?: number;
	/** The model, when the answer names it. */
	model?: string;
	/** The provider's estimate of the seconds left, when it gives one. */
	etaSeconds?: number;
	/** What the provider said about the file, when it said anything. */
	videoInfo?: IDataObject;
	raw: IDataObject;
}

/** Where a generation is fetched from, in the adapter's own words (e.g. an API's legacy path). */
export type FetchRoute = string;

/**
 * Everything that differs between providers. The operations, the wait loop, the download and
 * the error handling are the engine's; a package gives it one adapter that knows its API's
 * paths, bodies and status words, and the engine knows no provider by name.
 */
export interface ProviderAdapter extends ApiTarget {
	/** The `provider` key of output items and log lines (e.g. `aimlapi`). */
	id: string;
	/** The node's name in log lines ("<nodeName>: generation started: …"). */
	nodeName: string;
	/** The route used for create and fetch of a model (unknown models: the default route). */
	routeFor(model: ModelEntry | undefined): FetchRoute;
	/** The create request of a model (unknown models: the provider's default path). */
	createRequest(model: ModelEntry | undefined, body: IDataObject): ApiRequestSpec;
	fetchRequest(route: FetchRoute, id: string): ApiRequestSpec;
	/** The id of a just-created generation; throws if the answer holds none. */
	parseCreated(body: unknown): { id: string; generation?: Generation };
	/** A fetch answer, normalised. `id` is the one asked for, in case the answer omits it. */
	parseGeneration(body: unknown, id: string): Generation;
	/** The model a generation id names, when the id says (AIML ids may end in `:model/path`). */
	modelFromId(id: string): string | undefined;
	/** The create body: the model and prompt as this provider names them, then the fields. */
	createBody(
		model: ModelEntry | undefined,
		modelId: string,
		prompt: string,
		fields: IDataObject,
	): IDataObject;
	/** The create body's part that asks the provider to POST the result to a callback URL. */
	callbackBody?(url: string): IDataObject;
	/**
	 * A better error for a refused create, when the provider can say more (e.g. the model was
	 * withdrawn); undefined keeps the error as it is. Called only after a create failed.
	 */
	explainCreateFailure?(
		failure: ApiCallError,
		context: { client: ApiClient; model: string; executionId: string },
	): Promise<ApiCallError | undefined>;
}

/**
 * The last step of normalising, the same for every provider: a "completed" answer without a
 * video is a failure (it would otherwise pass as success), and a failure always says why.
 */
export function finishGeneration(
	generation: Generation,
	reason: string | undefined,
	knownStatus: boolean,
	providerName: string,
): Generation {
	if (generation.status === 'completed' && !generation.videoUrl) {
		generation.status = 'failed';
		generation.error = 'The generation is marked completed but the answer holds no video URL';
	}
	if (generation.status === 'failed') {
		generation.error ??=
			reason ??
			(knownStatus
				? `The generation ended with status "${generation.providerStatus}" and no reason`
				: `The ${providerName} reported status "${generation.providerStatus}", which this node does not know`);
	}
	return generation;
}

export function asRecord(value: unknown): IDataObject | undefined {
	return value && typeof value === 'object' && !Array.isArray(value)
		? (value as IDataObject)
		: undefined;
}
