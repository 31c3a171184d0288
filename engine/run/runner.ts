import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { bodyWithImages } from './inputs';
import type { ItemJob } from './job';
import { outputItem } from './output';
import type { BatchSettings } from './settings';
import {
	ApiCallError,
	asApiCallError,
	toNodeError,
	UnexpectedAnswerError,
} from '../helpers/errors';
import { attempt, settle } from '../helpers/settle';
import { isWellFormedId } from '../catalog/validate';
import type { Generation, ProviderAdapter } from '../provider';
import { ApiClient, formatSeconds } from '../transport/client';
import { downloadVideo } from '../transport/download';
import { oneLine, snippet } from '../transport/messages';
import { Limiter } from '../wait/concurrency';
import { waitForJobs } from '../wait/poller';

/**
 * The most creates with inline (Base64) images in flight at once, whatever Concurrency says:
 * each holds its images several times over (buffer, Base64 text, JSON body). Measured
 * (BENCHMARKS.md, section 7): 50 bodies of a 5 MiB image in flight took 1.1 GiB above idle;
 * capped, 313-337 MiB for the whole run; its time varied more with the machine's load.
 */
export const MAX_INLINE_UPLOADS = 4;

/**
 * Runs a batch of jobs the same way for both operations: (start) → wait → download → output.
 * Items come back in input order with `pairedItem`. Without continue-on-fail, the first
 * failure stops the batch and its error lists every generation already started, so none is lost.
 */
export class BatchRunner {
	private apiClient: Promise<ApiClient> | undefined;
	private readonly downloads: Array<Promise<void>> = [];
	private readonly downloadLimiter: Limiter;
	private readonly apiLimiter: Limiter;
	/** Creates that carry inline (Base64) images: at most a few bodies of megabytes at once. */
	private readonly inlineLimiter: Limiter;
	readonly continueOnFail: boolean;
	readonly signal: AbortSignal | undefined;
	/** When the run began: Maximum Wait counts from here for creates' back-off and downloads. */
	private readonly startedAt = Date.now();

	constructor(
		private readonly ctx: IExecuteFunctions,
		readonly settings: BatchSettings,
		readonly provider: ProviderAdapter,
	) {
		// A tool's failure is an answer the agent can act on, not a crashed run.
		this.continueOnFail = ctx.continueOnFail() || settings.toolUse;
		this.signal = ctx.getExecutionCancelSignal?.();
		this.apiLimiter = new Limiter(settings.concurrency);
		this.downloadLimiter = new Limiter(Math.max(1, Math.min(settings.concurrency, 4)));
		this.inlineLimiter = new Limiter(
			Math.max(1, Math.min(settings.concurrency, MAX_INLINE_UPLOADS)),
		);
	}

	/** A new job of this batch, for the item at `itemIndex`. */
	job(itemIndex: number, route: string): ItemJob {
		return { itemIndex, provider: this.provider, route };
	}

	async client(): Promise<ApiClient> {
		this.apiClient ??= ApiClient.create(this.ctx, this.provider, this.settings.client, this.signal);
		return await this.apiClient;
	}

	/** Records an item's failure; `throwIfFatal` and `output` decide what it means for the batch. */
	fail(job: ItemJob, error: Error): void {
		job.failure = error;
	}

	/** Throws the first failure (no continue-on-fail), listing the generations started. */
	throwIfFatal(jobs: ItemJob[]): void {
		const fatal = this.continueOnFail ? undefined : jobs.find((job) => job.failure);
		if (!fatal?.failure) return;
		const error = toNodeError(this.ctx.getNode(), fatal.failure, {
			itemIndex: fatal.itemIndex,
			generationId: fatal.id,
		});
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
		// A create with inline images also takes an upload slot first (bounded memory: each body
		// is a few times its images' size); the others only an API slot.
		const slot = async (job: ItemJob, task: () => Promise<void>) =>
			job.binaryImages?.length
				? await this.inlineLimiter.run(async () => await this.apiLimiter.run(task))
				: await this.apiLimiter.run(task);
		await Promise.all(
			jobs.map(
				async (job) =>
					await slot(job, async () => {
						if (halted || job.failure || !job.body || this.signal?.aborted) return;
						try {
							const client = await this.client();
							// Binary images are read now, one request at a time per slot, and let go after.
							const body = await bodyWithImages(this.ctx, job);
							const answer = await client.send(job.provider.createRequest(job.entry, body), {
								idempotent: false,
								// A rate limit's back-off never waits past Maximum Wait.
								deadline: this.startedAt + this.settings.maxWaitMs,
							});
							const created = job.provider.parseCreated(answer);
							if (!isWellFormedId(created.id)) {
								// Checked like a typed id: it goes into URLs, file names and the log.
								throw new UnexpectedAnswerError(
									`the create answer holds a malformed generation id ("${oneLine(snippet(created.id, 80))}", ${created.id.length} characters; control characters, whitespace or over 512 characters)`,
								);
							}
							job.id = created.id;
							this.logStarted(job);
							job.latest = created.generation ?? {
								id: created.id,
								status: 'queued',
								raw: answer as IDataObject,
							};
						} catch (error) {
							this.fail(job, await this.startFailure(job, error as Error));
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
			// One line whatever the values hold: CR/LF could forge log lines.
			oneLine(
				`${job.provider.nodeName}: generation started: id=${job.id} item=${job.itemIndex} model=${job.model ?? 'unknown'} provider=${job.provider.id}`,
			),
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

	private async startFailure(job: ItemJob, error: Error): Promise<Error> {
		if (error instanceof ApiCallError && job.model && job.provider.explainCreateFailure) {
			const executionId = attempt(() => this.ctx.getExecutionId());
			const explained = await settle(
				job.provider.explainCreateFailure(error, {
					client: await this.client(),
					model: job.model,
					executionId: executionId.ok ? executionId.value : '',
				}),
			);
			if (explained.ok && explained.value) return explained.value;
			return error;
		}
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
		const client = await this.client();
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

	/**
	 * Waits for every started job together; downloads start as soon as a video is ready.
	 * `firstDelayMs: 0` polls at once (Get Video); by default the first poll comes a little later.
	 */
	async wait(jobs: ItemJob[], options: { firstDelayMs?: number } = {}): Promise<void> {
		const active = jobs.filter((job) => job.id && !job.failure);
		await waitForJobs(
			active,
			{
				intervalMs: this.settings.pollIntervalMs,
				maxWaitMs: this.settings.maxWaitMs,
				concurrency: this.settings.concurrency,
				signal: this.signal,
				firstDelayMs: options.firstDelayMs,
			},
			{
				fetch: async (job, deadline) =>
					await this.apiLimiter.run(async () => await this.fetchStatus(job, deadline)),
				onCompleted: (job) => {
					if (this.settings.download) this.startDownload(job);
				},
				stopOnFailure: !this.continueOnFail,
			},
		);
		for (const job of active) {
			const outcome = job.wait?.outcome;
			if (outcome === 'failed') {
				this.fail(job, job.wait?.error ?? this.generationFailure(job));
			} else if (outcome === 'timeout' && this.settings.onTimeout === 'error') {
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

	/**
	 * Queues the download of a finished video. A link that expired while the download waited
	 * its turn is signed again by a new status request (the API signs a fresh link each time).
	 */
	private startDownload(job: ItemJob): void {
		const url = job.latest?.videoUrl;
		if (!url || job.binary) return;
		const refreshUrl = async () => {
			job.latest = await this.apiLimiter.run(async () => await this.fetchStatus(job));
			return job.latest.status === 'completed' ? job.latest.videoUrl : undefined;
		};
		this.downloads.push(
			this.downloadLimiter.run(async () => {
				if (this.signal?.aborted) return;
				try {
					const client = await this.client();
					const { requestTimeoutMs } = this.settings.client;
					job.binary = await downloadVideo(
						this.ctx,
						{ generationId: job.id as string, url: job.latest?.videoUrl ?? url, refreshUrl },
						{
							timeoutMs: requestTimeoutMs,
							retryBaseMs: this.settings.client.retryBaseMs,
							// Over by the end of Maximum Wait, or Request Timeout after it began if later.
							deadlineAt: Math.max(
								this.startedAt + this.settings.maxWaitMs,
								Date.now() + requestTimeoutMs,
							),
							maxBytes: this.settings.maxVideoBytes,
							apiBaseUrl: client.baseUrl,
							signal: this.signal,
						},
					);
				} catch (error) {
					// A stopped run keeps what it has; the generation id is in the output.
					if (!asApiCallError(error).aborted) this.fail(job, error as Error);
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
		const node = this.ctx.getNode();
		return jobs.map((job) => outputItem(node, job, this.settings));
	}
}
