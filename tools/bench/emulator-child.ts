/**
 * The API emulator in its own process for the bench, so its CPU time and memory (it pumps a
 * 1 GiB video through the CDN) are never counted against the node. Driven over IPC (rpc.ts).
 */
import { ApiEmulator } from '../emulator/server';
import { serve } from './rpc';

/** Prompts containing this marker get `warmupMs` jobs (warm-up runs before the measured ones). */
export const WARMUP_MARKER = '[bench-warmup]';

export interface EmulatorPhase {
	jobMs: number;
	warmupMs: number;
	videoBytes: number;
}

export interface JobFigures {
	durationMs: number;
	createdAt: number;
	doneAt?: number;
	reportedAt?: number;
	fetches: number;
}

export interface EmulatorStats {
	creates: number;
	fetches: number;
	cdn: number;
	other: number;
	/** Requests answered with a status other than 2xx (0 = dropped). */
	failedRequests: number;
	jobs: JobFigures[];
	/** Arrival times (epoch ms, same clock as the bench processes) of the first/last create and CDN request. */
	firstCreateAt?: number;
	lastCreateAt?: number;
	lastCdnAt?: number;
	/** Per job with at least 3 polls: the gap between its last two polls (the steady-state period). */
	lastPollGaps: number[];
}

const emulator = new ApiEmulator();
const started = emulator.start();

serve({
	info: async () => {
		await started;
		return {
			apiUrl: emulator.apiUrl,
			cdnUrl: emulator.cdnUrl,
			aimlKey: emulator.config.keys.aimlapi[0],
			novitaKey: emulator.config.keys.novita[0],
		};
	},
	reset: (phase: EmulatorPhase) => {
		emulator.reset({
			jobDurationMs: (job) =>
				String(job.body.prompt ?? '').includes(WARMUP_MARKER) ? phase.warmupMs : phase.jobMs,
			videoSizeBytes: phase.videoBytes,
		});
		return true;
	},
	stats: (): EmulatorStats => {
		const count = (route: string) => emulator.requests.filter((r) => r.route === route).length;
		const times = (route: string) =>
			emulator.requests.filter((r) => r.route === route).map((r) => r.at);
		const creates = times('create');
		const cdn = times('cdn');
		const pollsByJob = new Map<string, number[]>();
		for (const request of emulator.requests) {
			if (request.route !== 'fetch') continue;
			const id = request.query.generation_id ?? request.query.task_id ?? '';
			pollsByJob.set(id, [...(pollsByJob.get(id) ?? []), request.at]);
		}
		const lastPollGaps = [...pollsByJob.values()]
			.filter((at) => at.length >= 3)
			.map((at) => at[at.length - 1] - at[at.length - 2]);
		return {
			creates: count('create'),
			fetches: count('fetch'),
			cdn: count('cdn'),
			other: emulator.requests.filter((r) => !['create', 'fetch', 'cdn'].includes(String(r.route)))
				.length,
			failedRequests: emulator.requests.filter(
				(r) => r.status !== undefined && (r.status < 200 || r.status >= 300),
			).length,
			jobs: [...emulator.jobs.values()].map((job) => ({
				durationMs: job.durationMs,
				createdAt: job.createdAt,
				doneAt: job.doneAt,
				reportedAt: job.reportedAt,
				fetches: job.fetches,
			})),
			firstCreateAt: creates.length ? Math.min(...creates) : undefined,
			lastCreateAt: creates.length ? Math.max(...creates) : undefined,
			lastCdnAt: cdn.length ? Math.max(...cdn) : undefined,
			lastPollGaps,
		};
	},
	/** The raw request log (route, arrival time, generation id), for diagnostics. */
	requestLog: () =>
		emulator.requests.map((r) => ({
			route: r.route,
			at: r.at,
			id: r.query.generation_id ?? r.query.task_id,
		})),
	// Peak RSS of the emulator process so far (bytes).
	memory: () => process.resourceUsage().maxRSS * 1024,
});
