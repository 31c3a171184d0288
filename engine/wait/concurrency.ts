/**
 * A counting semaphore: at most `limit` tasks run at once. Used for creates, polls and
 * downloads so a batch of 100 items is fast without flooding the API's rate limits.
 */
export class Limiter {
	private active = 0;
	private readonly queue: Array<() => void> = [];

	constructor(private readonly limit: number) {}

	async run<T>(task: () => Promise<T>): Promise<T> {
		if (this.active >= this.limit) {
			await new Promise<void>((resolve) => this.queue.push(resolve));
		}
		this.active++;
		try {
			return await task();
		} finally {
			this.active--;
			this.queue.shift()?.();
		}
	}
}

/** Runs `task` for every element, at most `limit` at once; results keep the input order. */
export async function mapLimited<T, R>(
	elements: T[],
	limit: number,
	task: (element: T, index: number) => Promise<R>,
): Promise<R[]> {
	const limiter = new Limiter(limit);
	return await Promise.all(
		elements.map(
			async (element, index) => await limiter.run(async () => await task(element, index)),
		),
	);
}
