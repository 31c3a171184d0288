import type { IBinaryData, IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { BatchSettings } from './settings';
import { InputError } from '../models/validate';
import { getProvider } from '../providers';
import type { FetchRoute, Generation, ProviderAdapter } from '../providers/types';
import { UnexpectedAnswerError } from '../providers/types';
import { ApiClient, formatSeconds, retryDelayMs } from '../transport/client';
import { downloadVideo } from '../transport/download';
import { ApiCallError, asApiCallError } from '../transport/errors';
import { attempt } from '../helpers/settle';
import { Limiter } from '../wait/concurrency';
import type { WaitingJob } from '../wait/poller';
import { waitForJobs } from '../wait/poller';
import { abortableSleep } from '../wait/sleep';

const DOWNLOAD_ATTEMPTS = 3;

/** One input item on its way through the batch: prepared, started, waited for, downloaded. */
export interface ItemJob {
	itemIndex: number;
	provider: ProviderAdapter;
	route: FetchRoute;
	model?: string;
	/** Create only: the request body, once checked. */
	body?: IDataObject;
	/** The generation id, as soon as it is known. */
	id?: string;
	latest?: Generation;
	waiting?: WaitingJob;
	binary?: IBinaryData;
	/** Why this item failed; its generation id (if any) is kept in `id`. */
	failure?: Error;
}

/** A node error for a job's failure, always naming the item and, once known, the generation. */
export function toNodeError(
	ctx: IExecuteFunctions,
	job: ItemJob,
	error: Error,
): NodeApiError | NodeOperationError {
	const node = ctx.getNode();
	const itemIndex = job.itemIndex;
	const idNote = job.id ? `Generation id: ${job.id}.` : '';
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	if (error instanceof InputError) {
		return new NodeOperationError(node, `${error.message} (item ${itemIndex})`, {
			itemIndex,
			description: error.hint,
		});
	}
	if (error instanceof ApiCallError) {
		const description = [error.details.hint, idNote].filter(Boolean).join(' ');
		if (error.details.httpCode !== undefined || error.details.networkCode !== undefined) {
			const message = `${error.message} (item ${itemIndex})`;
			const apiError = new NodeApiError(node, error.toErrorResponse(), {
				message,
				description,
				httpCode: error.details.httpCode !== undefined ? String(error.details.httpCode) : undefined,
				itemIndex,
			});
			// NodeApiError swaps messages that mention a network code (ECONNRESET, ...) for a
			// generic line; ours says what happened to the generation, so keep it.
			apiError.message = message;
			return apiError;
		}
		return new NodeOperationError(node, `${error.message} (item ${itemIndex})`, {
			itemIndex,
			description,
		});
	}
	return new NodeOperationError(node, `${error.message} (item ${itemIndex})`, {
		itemIndex,
		description: idNote || undefined,
	});
}

/** The normalised output item: the same shape for both providers and both operations. */
function outputJson(job: ItemJob, settings: BatchSettings): IDataObject {
	const generation = job.latest;
	const json: IDataObject = {
		id: job.id ?? null,
		status: generation?.status ?? (job.id ? 'queued' : 'failed'),
		videoUrl: generation?.videoUrl ?? null,
		error: generation?.error ?? null,
		model: job.model ?? null,
		provider: job.provider.id,
	};
	if (generation?.providerStatus) json.providerStatus = generation.providerStatus;
	if (generation?.creditsUsed !== undefined) json.creditsUsed = generation.creditsUsed;
	if (generation?.usdSpent !== undefined) json.usdSpent = generation.usdSpent;
	// The same keys whether or not the node waited, so later nodes can always map them.
	json.waitedSeconds = Math.round((job.waiting?.waitedMs ?? 0) / 100) / 10;
	json.pollCount = job.waiting?.polls ?? 0;
	json.timedOut = job.waiting?.outcome === 'timeout';
	if (job.waiting?.outcome === 'aborted') json.canceled = true;
	if (job.waiting?.lastTransientError) json.lastPollError = job.waiting.lastTransientError.message;
	json.video = job.binary
		? {
				binaryProperty: settings.binaryPropertyName,
				fileName: job.binary.fileName ?? null,
				mimeType: job.binary.mimeType,
				fileSize: job.binary.bytes ?? null,
			}
		: null;
	if (generation?.videoInfo) json.videoInfo = generation.videoInfo;
	json.response = generation?.raw ?? null;
	return json;
}

/**
 * Runs a batch of jobs the same way for both operations: (start) → wait → download → output.
 * Items come back in input order with `pairedItem`. Without continue-on-fail, the first
 * failure stops the batch and its error lists every generation already started, so none is lost.
 */
export class BatchRunner {
	private readonly clients = new Map<string, Promise<ApiClient>>();
	private readonly downloads: Array<Promise<void>> = [];
	private readonly downloadLimiter: Limiter;
	private readonly apiLimiter: Limiter;
	readonly continueOnFail: boolean;
	readonly signal: AbortSignal | undefined;

	constructor(
		private readonly ctx: IExecuteFunctions,
		readonly settings: BatchSettings,
	) {
		this.continueOnFail = ctx.continueOnFail();
		this.signal = ctx.getExecutionCancelSignal?.();
		this.apiLimiter = new Limiter(settings.concurrency);
		this.downloadLimiter = new Limiter(Math.max(1, Math.min(settings.concurrency, 4)));
	}

	static providerOf(ctx: IExecuteFunctions, itemIndex: number): ProviderAdapter {
		return getProvider(ctx.getNodeParameter('provider', itemIndex, 'aimlapi') as string);
	}

	async client(provider: ProviderAdapter): Promise<ApiClient> {
		let client = this.clients.get(provider.id);
		if (!client) {
			client = ApiClient.create(this.ctx, provider, this.settings.client, this.signal);
			this.clients.set(provider.id, client);
		}
		return await client;
	}

	/** Records an item's failure; `throwIfFatal` and `output` decide what it means for the batch. */
	fail(job: ItemJob, error: Error): void {
		job.failure = error;
	}

	private firstFatal(jobs: ItemJob[]): ItemJob | undefined {
		return this.continueOnFail ? undefined : jobs.find((job) => job.failure);
	}

	/** Throws the first failure (no continue-on-fail), listing the generations started. */
	throwIfFatal(jobs: ItemJob[]): void {
		const fatal = this.firstFatal(jobs);
		if (!fatal?.failure) return;
		const error = toNodeError(this.ctx, fatal, fatal.failure);
		const others = jobs.filter((job) => job.id && job !== fatal);
		if (others.length) {
			const list = others
				.map((job) => `item ${job.itemIndex}: ${job.id} (${job.latest?.status ?? 'started'})`)
				.join('; ');
			error.description =
				`${error.description ?? ''} Other generations started by this run, which go on and can be fetched with Get Video: ${list}.`.trim();
		}
		throw error;
	}

	/** Starts every prepared job (Create Video), at most `concurrency` at once. */
	async submit(jobs: ItemJob[]): Promise<void> {
		// Without continue-on-fail the batch will fail: start nothing more once one create failed.
		let halted = false;
		await Promise.all(
			jobs.map(
				async (job) =>
					await this.apiLimiter.run(async () => {
						if (halted || job.failure || !job.body || this.signal?.aborted) return;
						try {
							const client = await this.client(job.provider);
							const answer = await client.send(job.provider.createRequest(job.route, job.body), {
								idempotent: false,
							});
							const created = job.provider.parseCreated(answer);
							job.id = created.id;
							this.logStarted(job);
							job.latest = created.generation ?? {
								id: created.id,
								status: 'queued',
								raw: answer as IDataObject,
							};
						} catch (error) {
							this.fail(job, this.startFailure(job, error as Error));
							if (!this.continueOnFail) halted = true;
						}
					}),
			),
		);
	}

	/**
	 * Writes a started generation to n8n's log at once, so a crashed worker or a killed process
	 * loses nothing that was paid for. The id is in the message itself (log formats differ in
	 * what metadata they print); never the key or the prompt.
	 */
	private logStarted(job: ItemJob): void {
		const execution = attempt(() => this.ctx.getExecutionId());
		this.ctx.logger?.info(
			`AIML API Video: generation started: id=${job.id} item=${job.itemIndex} model=${job.model ?? 'unknown'} provider=${job.provider.id}`,
			{
				generationId: job.id,
				itemIndex: job.itemIndex,
				model: job.model,
				provider: job.provider.id,
				executionId: execution.ok ? execution.value : undefined,
				node: this.ctx.getNode().name,
			},
		);
	}

	private startFailure(job: ItemJob, error: Error): Error {
		if (error instanceof UnexpectedAnswerError) {
			return new ApiCallError(
				`The ${job.provider.displayName} accepted the create request but ${error.message}. A generation may have started`,
				{
					outcomeUnknown: true,
					hint: `It was not sent again, to avoid paying twice. Look for it in ${job.provider.dashboardHint}.`,
				},
			);
		}
		return error;
	}

	/** Fetches each job's status once (Get Video without waiting). */
	async fetchOnce(jobs: ItemJob[]): Promise<void> {
		await Promise.all(
			jobs.map(
				async (job) =>
					await this.apiLimiter.run(async () => {
						if (job.failure || !job.id || this.signal?.aborted) return;
						try {
							job.latest = await this.fetchStatus(job);
						} catch (error) {
							this.fail(job, error as Error);
						}
					}),
			),
		);
	}

	private async fetchStatus(job: ItemJob, deadline?: number): Promise<Generation> {
		const client = await this.client(job.provider);
		const answer = await client.send(job.provider.fetchRequest(job.route, job.id as string), {
			idempotent: true,
			deadline,
		});
		const parsed = attempt(() => job.provider.parseGeneration(answer, job.id as string));
		if (parsed.ok) return parsed.value;
		// A malformed status answer may be a passing glitch: the poll loop tries again.
		const reason =
			parsed.error instanceof UnexpectedAnswerError
				? parsed.error.message
				: asApiCallError(parsed.error).message;
		throw new ApiCallError(
			`The ${job.provider.displayName} answered the status request of generation ${job.id} oddly: ${reason}`,
			{ transient: true },
		);
	}

	/** Waits for every started job together; downloads start as soon as a video is ready. */
	async wait(jobs: ItemJob[], options: { pollFirst: boolean }): Promise<void> {
		const active = jobs.filter((job) => job.id && !job.failure);
		for (const job of active) {
			job.waiting = {
				id: job.id as string,
				latest: options.pollFirst ? undefined : job.latest,
				polls: 0,
			};
		}
		const byWaiting = new Map(active.map((job) => [job.waiting as WaitingJob, job]));
		await waitForJobs(
			active.map((job) => job.waiting as WaitingJob),
			{
				intervalMs: this.settings.pollIntervalMs,
				maxWaitMs: this.settings.maxWaitMs,
				concurrency: this.settings.concurrency,
				signal: this.signal,
				firstDelayMs: options.pollFirst ? 0 : undefined,
			},
			{
				fetch: async (waiting, deadline) => {
					const job = byWaiting.get(waiting) as ItemJob;
					return await this.apiLimiter.run(async () => await this.fetchStatus(job, deadline));
				},
				onCompleted: (waiting) => {
					const job = byWaiting.get(waiting) as ItemJob;
					job.latest = waiting.latest;
					if (this.settings.download) this.startDownload(job);
				},
				stopOnFailure: !this.continueOnFail,
			},
		);
		for (const job of active) {
			const waiting = job.waiting as WaitingJob;
			if (waiting.latest) job.latest = waiting.latest;
			if (waiting.outcome === 'failed') {
				this.fail(job, waiting.error ?? this.generationFailure(job));
			} else if (waiting.outcome === 'timeout' && this.settings.onTimeout === 'error') {
				const status = job.latest?.status ?? 'queued';
				this.fail(
					job,
					new ApiCallError(
						`Generation ${job.id} was not finished after waiting ${formatSeconds(this.settings.maxWaitMs)} (status: ${status})`,
						{
							hint: `It goes on at the provider. Run Get Video with id ${job.id} later, or raise Maximum Wait.`,
						},
					),
				);
			}
		}
		await this.finishDownloads();
	}

	/** Jobs that are known finished without a wait (Get Video without waiting) get downloaded too. */
	async downloadCompleted(jobs: ItemJob[]): Promise<void> {
		if (!this.settings.download) return;
		for (const job of jobs) {
			if (!job.failure && job.latest?.status === 'completed' && job.latest.videoUrl)
				this.startDownload(job);
		}
		await this.finishDownloads();
	}

	private generationFailure(job: ItemJob): Error {
		return new ApiCallError(
			`Generation ${job.id} failed: ${job.latest?.error ?? 'no reason given'}`,
			{
				hint: 'The provider reported the failure; the prompt or fields may need changing. Nothing was downloaded.',
			},
		);
	}

	private startDownload(job: ItemJob): void {
		const url = job.latest?.videoUrl;
		if (!url || job.binary) return;
		this.downloads.push(
			this.downloadLimiter.run(async () => {
				for (let attempt = 1; !this.signal?.aborted; attempt++) {
					try {
						job.binary = await downloadVideo(this.ctx, url, job.id as string, {
							timeoutMs: this.settings.client.requestTimeoutMs,
							signal: this.signal,
						});
						return;
					} catch (error) {
						if (error instanceof ApiCallError && error.aborted) return;
						// A dropped connection or a 5xx from the file host is worth another try.
						if (
							!(error instanceof ApiCallError) ||
							!error.transient ||
							attempt >= DOWNLOAD_ATTEMPTS
						) {
							this.fail(job, error as Error);
							return;
						}
					}
					if (
						!(await abortableSleep(
							retryDelayMs(attempt, this.settings.client.retryBaseMs),
							this.signal,
						))
					)
						return;
				}
			}),
		);
	}

	private async finishDownloads(): Promise<void> {
		while (this.downloads.length) await Promise.all(this.downloads.splice(0));
	}

	/** Output items in input order; failures become error items (continue-on-fail) or throw. */
	output(jobs: ItemJob[]): INodeExecutionData[] {
		this.throwIfFatal(jobs);
		return jobs.map((job) => {
			const json = outputJson(job, this.settings);
			const item: INodeExecutionData = { json, pairedItem: { item: job.itemIndex } };
			if (job.failure) {
				const error = toNodeError(this.ctx, job, job.failure);
				// A failed generation keeps the provider's own reason in `error`.
				if (job.latest?.status !== 'failed') json.error = error.message;
				if (error.description) json.errorDescription = error.description;
				if (!job.latest) json.status = 'failed';
				if (job.latest?.status === 'completed') json.downloadFailed = true;
			}
			if (job.binary) item.binary = { [this.settings.binaryPropertyName]: job.binary };
			return item;
		});
	}
}
