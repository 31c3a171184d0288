import * as n8nWorkflow from 'n8n-workflow';

import { settle } from './settle';

type AbortableSleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/**
 * n8n loads a community node against the host's own n8n-workflow, and its sleep API moved:
 * 2.8 has `sleepWithAbort(ms, signal)` and a `sleep(ms)` that ignores a signal; 2.41 dropped
 * `sleepWithAbort` and its `sleep(ms, signal)` takes the signal. Pick whichever the host has,
 * at call time (an import of `sleepWithAbort` would crash on 2.41 at the first poll).
 */
function hostSleep(): AbortableSleep {
	const candidates = n8nWorkflow as unknown as Record<string, unknown>;
	if (typeof candidates.sleepWithAbort === 'function') {
		return candidates.sleepWithAbort as AbortableSleep;
	}
	return candidates.sleep as AbortableSleep;
}

/**
 * Sleeps `ms`, or ends at once when the execution is stopped. Resolves true after a full
 * sleep and false when stopped (the host's sleep rejects on abort; that is not an error here).
 */
export async function abortableSleep(ms: number, signal?: AbortSignal): Promise<boolean> {
	if (signal?.aborted) return false;
	if (ms > 0) {
		const slept = await settle(hostSleep()(ms, signal));
		if (!slept.ok && !signal?.aborted) {
			// A sleep that fails without a stop would be a host bug: carry on rather than fail a paid job.
			return true;
		}
	}
	return !signal?.aborted;
}
