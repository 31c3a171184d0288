import type { Generation, GenerationStatus, ProviderAdapter } from '../../../engine/provider';
import { asRecord, finishGeneration } from '../../../engine/provider';
import { InputError, UnexpectedAnswerError } from '../../../engine/helpers/errors';
import { toNumber } from '../../../engine/helpers/numbers';
import { NOVITA_MODELS } from '../models/catalog';
import { extractApiMessage } from '../../../engine/transport/messages';

const STATUS_MAP: Record<string, GenerationStatus> = {
	TASK_STATUS_QUEUED: 'queued',
	TASK_STATUS_PROCESSING: 'generating',
	TASK_STATUS_SUCCEED: 'completed',
	TASK_STATUS_FAILED: 'failed',
	TASK_STATUS_CANCELED: 'failed',
};

/**
 * Novita AI's async task API: each model has its own create path (from its catalog entry), and
 * every task is read the same way: `task_id` in, `task.status` and `videos[0].video_url` out.
 */
export const novitaProvider: ProviderAdapter = {
	id: 'novita',
	nodeName: 'Novita AI Video',
	displayName: 'Novita AI',
	credentialType: 'novitaAiVideoApi',
	defaultBaseUrl: 'https://api.novita.ai',
	dashboardHint: 'your Novita AI task list (https://novita.ai)',
	routeFor() {
		return 'novita';
	},
	createRequest(model, body) {
		if (!model?.createPath) {
			throw new InputError(
				'Model',
				'is not a Novita AI model this node knows',
				'Pick one from the list.',
			);
		}
		return { method: 'POST', path: model.createPath, body };
	},
	fetchRequest(_route, id) {
		return { method: 'GET', path: `/v3/async/task-result?task_id=${encodeURIComponent(id)}` };
	},
	modelFromId() {
		// A task id does not name its model; the task result's task_type does (parseGeneration).
		return undefined;
	},
	createBody(model, _modelId, prompt, fields) {
		// Flat bodies take `prompt`; nested ones (Wan 2.2 to 2.6) `input.prompt`.
		return { [model?.promptPath ?? 'prompt']: prompt, ...fields };
	},
	callbackBody(url) {
		return { extra: { webhook: { url } } };
	},
	parseCreated(body) {
		const id = asRecord(body)?.task_id;
		if (typeof id !== 'string' || !id.trim()) {
			throw new UnexpectedAnswerError('the create answer holds no task_id');
		}
		return { id };
	},
	parseGeneration(body, askedId) {
		const raw = asRecord(body);
		const task = asRecord(raw?.task);
		if (!raw || !task) throw new UnexpectedAnswerError('the answer has no task object');
		const word = typeof task.status === 'string' ? task.status.trim().toUpperCase() : '';
		if (!word) throw new UnexpectedAnswerError('the answer has no task status');
		const known = Object.prototype.hasOwnProperty.call(STATUS_MAP, word);
		const videos = Array.isArray(raw.videos) ? raw.videos : [];
		const first = asRecord(videos[0]);
		const videoUrl =
			typeof first?.video_url === 'string' && first.video_url ? first.video_url : undefined;
		const taskType = typeof task.task_type === 'string' ? task.task_type.toUpperCase() : '';
		const eta = toNumber(task.eta);
		const generation: Generation = {
			id: typeof task.task_id === 'string' && task.task_id ? task.task_id : askedId,
			status: known ? STATUS_MAP[word] : 'failed',
			providerStatus: word,
			videoUrl,
			model: NOVITA_MODELS.find((model) => model.taskType === taskType)?.id,
			etaSeconds: eta !== undefined && eta >= 0 ? eta : undefined,
			raw,
		};
		if (first) {
			const info: Record<string, string | number> = {};
			if (typeof first.video_type === 'string') info.content_type = first.video_type;
			if (typeof first.video_url_ttl === 'number' || typeof first.video_url_ttl === 'string') {
				info.url_ttl_seconds = Number(first.video_url_ttl);
			}
			if (Object.keys(info).length) generation.videoInfo = info;
		}
		return finishGeneration(generation, extractApiMessage(task.reason), known, 'Novita AI');
	},
};
