import type { ApiCallError } from '../helpers/errors';
import { asApiCallError } from '../helpers/errors';
import { settle } from '../helpers/settle';
import { abortableSleep } from '../helpers/sleep';
import type { Generation } from '../provider';
import { mapLimited } from './concurrency';

export interface WaitSettings {
	/** The slowest the loop polls: the configured Poll Interval. */
	intervalMs: number;
	/** Budget for the whole batch, from the start of the wait. */
	maxWaitMs: number;
	/** Polls in flight at once. */
	concurrency: number;
	signal?: AbortSignal;
	/** Wait before the first round; 0 polls at once (Get Video). Default: a quarter interval. */
	firstDelayMs?: number;
}

export type WaitOutcome = 'completed' | 'failed' | 'timeout' | 'aborted' | 'interrupted';

/** How the wait went for one job; the loop fills it in. */
export interface WaitState {
	polls: number;
	/** The last transient failure, while the loop still hopes to get through. */
	lastTransientError?: ApiCallError;
	outcome?: WaitOutcome;
	error?: ApiCallError;
	waitedMs?: number;
	/** When the provider's ETA says to check next (epoch ms); unset: with the batch's rounds. */
	nextCheckAt?: number;
	/** The server's Retry-After: no check of this job before then (epoch ms), not even the last. */
	notBefore?: number;
}

/** Anything the loop can wait for: its latest known generation and its wait state. */
export interface Waitable {
	latest?: Generation;
	wait?: WaitState;
}

export interface WaitHooks<J extends Waitable> {
	/** Polls one job (the transport retries transient failures within `deadline`). */
	fetch(job: J, deadline: number): Promise<Generation>;
	/** Called once when a job completes, e.g. to start its download while others still wait. */
	onCompleted?(job: J): void;
	/** Stop waiting for all the others once one job has failed (no continue-on-fail). */
	stopOnFailure?: boolean;
}

/** First poll after a quarter of the interval, then 1.6x longer each round up to the interval. */
const FIRST_DELAY_FRACTION = 0.25;
const GROWTH = 1.6;
/** An ETA never brings a check sooner than this (or the poll interval, if that is shorter). */
const MIN_ETA_DELAY_MS = 1000;

/**
 * When to check a job whose provider estimates the seconds left (Novita's `task.eta`): then,
 * but never later than one poll interval and never sooner than a second.
 */
export function nextCheckFromEta(
	etaSeconds: number | undefined,
	intervalMs: number,
): number | undefined {
	if (etaSeconds === undefined) return undefined;
	const floor = Math.min(MIN_ETA_DELAY_MS, intervalMs);
	return Date.now() + Math.min(intervalMs, Math.max(floor, etaSeconds * 1000));
}

/**
 * Waits for a batch of generations together: one request per pending job per round, none for
 * finished ones, rounds frequent at first and backing off towards the poll interval. A batch
 * takes about as long as its slowest job. Transient poll failures do not fail a job: it stays
 * pending until the budget runs out. A stopped execution ends the wait at once.
 */
export async function waitForJobs<J extends Waitable>(
	jobs: J[],
	settings: WaitSettings,
	hooks: WaitHooks<J>,
): Promise<void> {
	const started = Date.now();
	const deadline = started + settings.maxWaitMs;
	let delay = settings.firstDelayMs ?? settings.intervalMs * FIRST_DELAY_FRACTION;
	for (const job of jobs) job.wait = { polls: 0 };
	const state = (job: J): WaitState => (job.wait ??= { polls: 0 });
	const isPending = (job: J) => state(job).outcome === undefined;
	const finish = (job: J, outcome: WaitOutcome) => {
		state(job).outcome = outcome;
		state(job).waitedMs = Date.now() - started;
		if (outcome === 'completed') hooks.onCompleted?.(job);
	};

	for (const job of jobs) {
		if (job.latest?.status === 'completed') finish(job, 'completed');
		else if (job.latest?.status === 'failed') finish(job, 'failed');
	}

	let stop = hooks.stopOnFailure === true && jobs.some((job) => state(job).outcome === 'failed');
	let nextRoundAt = Date.now() + delay;
	while (!stop && jobs.some(isPending)) {
		const now = Date.now();
		if (now >= deadline) break;
		// Rounds start `delay` apart, the round's own time included: a large batch still sees
		// each job once per interval, so a finished job is noticed at most one interval late.
		// A job whose provider gave an ETA is checked when that says instead (see nextCheckAt).
		const etaDue = Math.min(
			...jobs.filter(isPending).map((job) => state(job).nextCheckAt ?? Infinity),
		);
		const wakeAt = Math.min(nextRoundAt, etaDue, deadline);
		if (!(await abortableSleep(Math.max(0, wakeAt - now), settings.signal))) break;
		const woke = Date.now();
		// The round at Maximum Wait checks every job one last time.
		const lastRound = woke >= deadline;
		const fullRound = lastRound || woke >= nextRoundAt;
		if (fullRound) {
			delay = Math.min(
				settings.intervalMs,
				Math.max(delay * GROWTH, settings.intervalMs * FIRST_DELAY_FRACTION),
			);
			nextRoundAt = woke + delay;
		}
		const isDue = (job: J) => {
			const { nextCheckAt: at, notBefore } = state(job);
			if (notBefore !== undefined && notBefore > woke) return false;
			return lastRound || (at === undefined ? fullRound : at <= woke);
		};

		await mapLimited(jobs.filter(isPending).filter(isDue), settings.concurrency, async (job) => {
			if (stop || settings.signal?.aborted) return;
			const wait = state(job);
			wait.polls++;
			wait.nextCheckAt = undefined;
			wait.notBefore = undefined;
			const polled = await settle(hooks.fetch(job, deadline));
			if (polled.ok) {
				job.latest = polled.value;
				wait.lastTransientError = undefined;
				if (job.latest.status === 'completed') return finish(job, 'completed');
				if (job.latest.status !== 'failed') {
					wait.nextCheckAt = nextCheckFromEta(job.latest.etaSeconds, settings.intervalMs);
					return;
				}
			} else {
				const error = asApiCallError(polled.error);
				if (error.aborted) return;
				if (error.transient) {
					wait.lastTransientError = error;
					// A server that said when to come back (429/503 Retry-After) is not asked sooner.
					const retryAfterMs = error.details.retryAfterMs;
					if (retryAfterMs !== undefined && retryAfterMs > 0) {
						wait.notBefore = wait.nextCheckAt = Date.now() + retryAfterMs;
					}
					return;
				}
				wait.error = error;
			}
			finish(job, 'failed');
			if (hooks.stopOnFailure) stop = true;
		});
		if (settings.signal?.aborted) break;
	}

	const leftover: WaitOutcome = settings.signal?.aborted
		? 'aborted'
		: stop
			? 'interrupted'
			: 'timeout';
	for (const job of jobs.filter(isPending)) finish(job, leftover);
}
