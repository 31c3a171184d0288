import * as n8nWorkflow from 'n8n-workflow';

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

export class WaitAborted extends Error {
	constructor() {
		super('The execution was stopped');
		this.name = 'WaitAborted';
	}
}

/** Sleeps `ms`, or stops at once with WaitAborted when the execution is stopped. */
export async function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
	if (signal?.aborted) throw new WaitAborted();
	if (ms > 0) {
		try {
			await hostSleep()(ms, signal);
		} catch (error) {
			if (signal?.aborted) throw new WaitAborted();
			throw error;
		}
	}
	if (signal?.aborted) throw new WaitAborted();
}
