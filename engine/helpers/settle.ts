/*
 * Outcomes as values. The node maps a failure to a user-facing error where it has the context
 * (item, generation id), and throws only NodeApiError/NodeOperationError from catch blocks (an
 * n8n community-node rule); these helpers let a failure travel to that place without try/catch.
 */

export type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

export async function settle<T>(promise: Promise<T>): Promise<Settled<T>> {
	return await promise.then(
		(value): Settled<T> => ({ ok: true, value }),
		(error: unknown): Settled<T> => ({ ok: false, error }),
	);
}

export function attempt<T>(work: () => T): Settled<T> {
	try {
		return { ok: true, value: work() };
	} catch (error) {
		return { ok: false, error };
	}
}

export function parseJson(text: string): Settled<unknown> {
	return attempt(() => JSON.parse(text) as unknown);
}
