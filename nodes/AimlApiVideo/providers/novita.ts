import type { Generation, GenerationStatus, ProviderAdapter } from './types';
import { asRecord, finishGeneration } from './types';
import { UnexpectedAnswerError } from '../helpers/errors';
import { extractApiMessage } from '../transport/messages';

const STATUS_MAP: Record<string, GenerationStatus> = {
	TASK_STATUS_QUEUED: 'queued',
	TASK_STATUS_PROCESSING: 'generating',
	TASK_STATUS_SUCCEED: 'completed',
	TASK_STATUS_FAILED: 'failed',
	TASK_STATUS_CANCELED: 'failed',
};

/** Novita AI's async task API: `task_id` in, `task.status` and `videos[0].video_url` out. */
export const novitaProvider: ProviderAdapter = {
	id: 'novita',
	displayName: 'Novita AI',
	credentialType: 'aimlApiVideoNovitaAiApi',
	dashboardHint: 'your Novita AI task list (https://novita.ai)',
	routeFor() {
		return 'novita';
	},
	createRequest(_route, body) {
		return { method: 'POST', path: '/v3/async/wan-t2v', body };
	},
	fetchRequest(_route, id) {
		return { method: 'GET', path: `/v3/async/task-result?task_id=${encodeURIComponent(id)}` };
	},
	modelFromId() {
		return 'wan-t2v';
	},
	createBody(_modelId, prompt, fields) {
		return { prompt, ...fields };
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
		const generation: Generation = {
			id: typeof task.task_id === 'string' && task.task_id ? task.task_id : askedId,
			status: known ? STATUS_MAP[word] : 'failed',
			providerStatus: word,
			videoUrl,
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
