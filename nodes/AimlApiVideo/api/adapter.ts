import type { IDataObject } from 'n8n-workflow';

import { deprecationsFor, describeDeprecation, findDeprecation } from './deprecations';
import { ApiCallError, UnexpectedAnswerError } from '../../../engine/helpers/errors';
import { toNumber } from '../../../engine/helpers/numbers';
import type {
	FetchRoute,
	Generation,
	GenerationStatus,
	ProviderAdapter,
} from '../../../engine/provider';
import { asRecord, finishGeneration } from '../../../engine/provider';
import { extractApiMessage } from '../../../engine/transport/messages';

const PATHS: Record<'universal' | 'legacy', string> = {
	universal: '/v2/video/generations',
	legacy: '/v2/generate/video/alibaba/generation',
};

/** Status words of the contract; `waiting` and `active` come from older examples. */
const STATUS_MAP: Record<string, GenerationStatus> = {
	queued: 'queued',
	waiting: 'queued',
	generating: 'generating',
	active: 'generating',
	completed: 'completed',
	error: 'failed',
	failed: 'failed',
};

function routePath(route: FetchRoute): string {
	return route === 'legacy' ? PATHS.legacy : PATHS.universal;
}

function parseGeneration(body: unknown, askedId: string): Generation {
	const raw = asRecord(body);
	if (!raw) throw new UnexpectedAnswerError('the answer is not a JSON object');
	const id = typeof raw.id === 'string' && raw.id ? raw.id : askedId;
	const word = typeof raw.status === 'string' ? raw.status.trim().toLowerCase() : '';
	if (!word) throw new UnexpectedAnswerError('the answer has no status');
	const known = Object.prototype.hasOwnProperty.call(STATUS_MAP, word);

	// `video` is `{ url }`, null, or (newer models) an array of them.
	const videoField = Array.isArray(raw.video) ? raw.video[0] : raw.video;
	const video = asRecord(videoField);
	const videoUrl = typeof video?.url === 'string' && video.url ? video.url : undefined;
	const usage = asRecord(asRecord(raw.meta)?.usage);

	const generation: Generation = {
		id,
		status: known ? STATUS_MAP[word] : 'failed',
		providerStatus: word,
		videoUrl,
		creditsUsed: toNumber(usage?.credits_used) ?? toNumber(usage?.tokens_used),
		usdSpent: toNumber(usage?.usd_spent),
		raw,
	};
	if (video) {
		const info: IDataObject = {};
		for (const key of ['duration', 'file_size', 'content_type', 'file_name']) {
			if (video[key] !== undefined && video[key] !== null) info[key] = video[key];
		}
		if (Object.keys(info).length) generation.videoInfo = info;
	}
	return finishGeneration(generation, extractApiMessage(raw.error), known, 'AIML API');
}

/** The AIML API: one create and one fetch path for every model (and a legacy pair). */
export const aimlApiProvider: ProviderAdapter = {
	id: 'aimlapi',
	nodeName: 'AIML API Video',
	displayName: 'AIML API',
	credentialType: 'aimlApiVideoAimlApi',
	defaultBaseUrl: 'https://api.aimlapi.com',
	dashboardHint: 'your AIML API dashboard (https://aimlapi.com/app)',
	routeFor(model) {
		return model?.route === 'legacy' ? 'legacy' : 'universal';
	},
	createRequest(model, body) {
		return { method: 'POST', path: routePath(this.routeFor(model)), body };
	},
	fetchRequest(route, id) {
		// Encoded by hand: axios leaves `:` unescaped, and ids look like `uuid:model/path`.
		return { method: 'GET', path: `${routePath(route)}?generation_id=${encodeURIComponent(id)}` };
	},
	modelFromId(id) {
		const model = id.slice(id.indexOf(':') + 1);
		return id.includes(':') && /^[\w.-]+\/[\w./-]+$/.test(model) ? model : undefined;
	},
	createBody(_model, modelId, prompt, fields) {
		return { model: modelId, prompt, ...fields };
	},
	parseCreated(body) {
		const raw = asRecord(body);
		const id = raw?.id;
		if (typeof id !== 'string' || !id.trim()) {
			throw new UnexpectedAnswerError('the create answer holds no generation id');
		}
		// The create answer has the fetch shape; keep it when it carries a status.
		const generation = typeof raw?.status === 'string' ? parseGeneration(raw, id) : undefined;
		return { id, generation };
	},
	parseGeneration,
	/**
	 * A 404 to a create may mean the model was withdrawn: AIML's deprecations feed says so and
	 * names the replacement. Read only after such a failure, at most once per execution.
	 */
	async explainCreateFailure(failure, { client, model, executionId }) {
		if (failure.details.httpCode !== 404) return undefined;
		const entry = findDeprecation(await deprecationsFor(executionId, client), model);
		if (!entry) return undefined;
		const reason = entry.reason ? ` ${entry.reason}` : '';
		return new ApiCallError(
			`The AIML API no longer serves model ${model}: it is ${describeDeprecation(entry)}`,
			{
				...failure.details,
				hint: entry.replacedBy
					? `Pick ${entry.replacedBy} in Model (its fields may differ), then run again.${reason}`
					: `Pick another model.${reason}`,
			},
		);
	},
};
