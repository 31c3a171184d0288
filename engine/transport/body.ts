import { settle } from '../helpers/settle';

/*
 * Reading an answer's body with bounds: at most so many bytes (after any decompression, which
 * axios does as the bytes flow) and by a deadline. n8n's helpers read bodies without a limit
 * (axios `maxContentLength: Infinity`, no total timeout), so the node asks for a stream and
 * reads it itself.
 */

/** The body was larger than allowed; the stream has been let go. */
export class BodyTooLargeError extends Error {
	constructor(readonly limitBytes: number) {
		super(`more than ${formatBytes(limitBytes)}`);
		this.name = 'BodyTooLargeError';
	}
}

/** The deadline passed before the body was read; the stream has been let go. */
export class DeadlineError extends Error {
	constructor() {
		super('deadline passed');
		this.name = 'DeadlineError';
	}
}

interface StreamLike {
	destroy?: (error?: Error) => void;
	destroyed?: boolean;
	[Symbol.asyncIterator]?: () => AsyncIterator<unknown>;
}

export function isStream(body: unknown): boolean {
	return (
		typeof body === 'object' &&
		body !== null &&
		typeof (body as StreamLike)[Symbol.asyncIterator] === 'function' &&
		typeof (body as StreamLike).destroy === 'function'
	);
}

/** Lets go of a body that will not be read (closes the connection under it). */
export function discardBody(body: unknown): void {
	if (isStream(body)) (body as StreamLike).destroy?.();
}

/** "8 MB", "384 MB", "512 KB": for messages (binary units, as n8n counts them). */
export function formatBytes(bytes: number): string {
	if (bytes >= 1024 * 1024) return `${Number((bytes / 1024 / 1024).toFixed(1))} MB`;
	if (bytes >= 1024) return `${Number((bytes / 1024).toFixed(1))} KB`;
	return `${bytes} bytes`;
}

function toBuffer(chunk: unknown): Buffer {
	if (Buffer.isBuffer(chunk)) return chunk;
	if (chunk instanceof Uint8Array) return Buffer.from(chunk);
	return Buffer.from(String(chunk));
}

/** A body that is not a stream (a host or a test that already parsed it), as bytes. */
function plainBytes(body: unknown): Buffer {
	if (body === undefined || body === null) return Buffer.alloc(0);
	if (typeof body === 'string') return Buffer.from(body, 'utf8');
	if (body instanceof ArrayBuffer) return Buffer.from(body);
	if (Buffer.isBuffer(body)) return body;
	return Buffer.from(JSON.stringify(body), 'utf8');
}

export interface ReadLimits {
	maxBytes: number;
	/** Aborts the read (and closes the connection) when it fires. */
	deadline?: AbortSignal;
	/** Over the limit: keep the first `maxBytes` instead of failing (error bodies, for messages). */
	truncate?: boolean;
}

/**
 * Reads a whole body as bytes within the limits. Over `maxBytes` it throws BodyTooLargeError
 * (or, with `truncate`, returns what fits); past the deadline, DeadlineError. Either way the
 * stream is destroyed, so nothing more is downloaded or inflated.
 */
export async function readBounded(body: unknown, limits: ReadLimits): Promise<Buffer> {
	if (!isStream(body)) {
		const bytes = plainBytes(body);
		if (bytes.length <= limits.maxBytes) return bytes;
		if (limits.truncate) return bytes.subarray(0, limits.maxBytes);
		throw new BodyTooLargeError(limits.maxBytes);
	}
	const stream = body as StreamLike & AsyncIterable<unknown>;
	const deadline = limits.deadline;
	let timedOut = false;
	const onDeadline = () => {
		timedOut = true;
		stream.destroy?.(new DeadlineError());
	};
	if (deadline?.aborted) onDeadline();
	else deadline?.addEventListener('abort', onDeadline, { once: true });
	const chunks: Buffer[] = [];
	let size = 0;
	const read = await settle(
		(async () => {
			for await (const chunk of stream) {
				const bytes = toBuffer(chunk);
				if (size + bytes.length > limits.maxBytes) {
					if (!limits.truncate) throw new BodyTooLargeError(limits.maxBytes);
					chunks.push(bytes.subarray(0, limits.maxBytes - size));
					size = limits.maxBytes;
					break;
				}
				chunks.push(bytes);
				size += bytes.length;
			}
		})(),
	);
	deadline?.removeEventListener('abort', onDeadline);
	// Leaving the loop early (limit, error) must close the connection too.
	if (!stream.destroyed) stream.destroy?.();
	if (timedOut) throw new DeadlineError();
	if (!read.ok) throw read.error;
	return Buffer.concat(chunks as Uint8Array[], size);
}

/**
 * Waits for `pending` until `deadline` fires; then rejects with DeadlineError. An answer that
 * arrives after the deadline is let go of with `discard`, so its connection is closed.
 */
export async function beforeDeadline<T>(
	pending: Promise<T>,
	deadline: AbortSignal,
	discard: (late: T) => void,
): Promise<T> {
	if (deadline.aborted) {
		pending.then(discard, () => undefined);
		throw new DeadlineError();
	}
	return await new Promise<T>((resolve, reject) => {
		let late = false;
		const onDeadline = () => {
			late = true;
			reject(new DeadlineError());
		};
		deadline.addEventListener('abort', onDeadline, { once: true });
		pending.then(
			(value) => {
				deadline.removeEventListener('abort', onDeadline);
				if (late) discard(value);
				else resolve(value);
			},
			(error: unknown) => {
				deadline.removeEventListener('abort', onDeadline);
				if (!late) reject(error as Error);
			},
		);
	});
}

/**
 * A signal that fires after `ms`. `AbortSignal.timeout` keeps no process alive and needs no
 * timer global (node code may not use setTimeout). Node's timers take at most 2^31-1 ms.
 */
export function deadlineSignal(ms: number): AbortSignal {
	return AbortSignal.timeout(Math.max(1, Math.min(Math.round(ms), 2 ** 31 - 1)));
}

/** Fires when any of the signals fires. */
export function anySignal(signals: Array<AbortSignal | undefined>): AbortSignal {
	const present = signals.filter((signal): signal is AbortSignal => signal !== undefined);
	return present.length === 1 ? present[0] : AbortSignal.any(present);
}
