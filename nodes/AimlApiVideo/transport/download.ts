import type { IBinaryData, IExecuteFunctions, IN8nHttpFullResponse } from 'n8n-workflow';

import { ApiCallError, asApiCallError, findNetworkCode, snippet } from './errors';
import { parseUrl, settle } from '../helpers/settle';

const GENERIC_TYPES = new Set([
	'application/octet-stream',
	'binary/octet-stream',
	'application/binary',
	'',
]);
const EXTENSIONS: Record<string, string> = {
	'video/mp4': 'mp4',
	'video/webm': 'webm',
	'video/quicktime': 'mov',
	'video/x-matroska': 'mkv',
};

/** A file name made from the generation id: ids hold `:` and `/`, which file systems dislike. */
export function videoFileName(generationId: string, mimeType: string): string {
	const stem =
		generationId
			.replace(/[^A-Za-z0-9._-]+/g, '_')
			.replace(/^_+|_+$/g, '')
			.slice(0, 120) || 'video';
	return `${stem}.${EXTENSIONS[mimeType] ?? 'mp4'}`;
}

function header(response: IN8nHttpFullResponse, name: string): string {
	const value = response.headers?.[name];
	return (Array.isArray(value) ? String(value[0]) : String(value ?? '')).trim();
}

interface StreamLike {
	destroy?: () => void;
	[Symbol.asyncIterator]?: () => AsyncIterator<unknown>;
}

/** Reads the start of an error body, then lets go of the stream. */
async function readErrorText(body: unknown): Promise<string> {
	const stream = body as StreamLike;
	let text = '';
	try {
		if (stream && typeof stream[Symbol.asyncIterator] === 'function') {
			for await (const chunk of stream as AsyncIterable<Buffer | string>) {
				text += chunk.toString();
				if (text.length > 500) break;
			}
		}
	} catch {
		// The body is only for the message; a broken one changes nothing.
	} finally {
		stream?.destroy?.();
	}
	return snippet(text, 200);
}

/**
 * Streams a finished video into n8n binary data. The request goes out with no credentials at
 * all: the video URL is a signed link on a CDN, and the API key belongs to the API host only.
 * The execution's cancel signal is passed by hand, as n8n attaches it only to authenticated calls.
 */
export async function downloadVideo(
	ctx: IExecuteFunctions,
	url: string,
	generationId: string,
	options: { timeoutMs: number; signal?: AbortSignal },
): Promise<IBinaryData> {
	const expiredHint = `The video link may have expired (links are signed and short-lived). Run Get Video with id ${generationId} to get a fresh link.`;
	const parsed = parseUrl(url);
	if (!parsed) {
		throw new ApiCallError(`The video URL of generation ${generationId} is not a valid URL`, {
			hint: `Received "${snippet(url, 100)}".`,
		});
	}
	if (!['http:', 'https:'].includes(parsed.protocol)) {
		throw new ApiCallError(`The video URL of generation ${generationId} is not an http(s) link`, {
			hint: `Received "${snippet(url, 100)}".`,
		});
	}

	const requested = await settle(
		ctx.helpers.httpRequest({
			method: 'GET',
			url,
			encoding: 'stream',
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			timeout: options.timeoutMs,
			abortSignal: options.signal,
		}) as Promise<IN8nHttpFullResponse>,
	);
	if (!requested.ok) {
		const code = findNetworkCode(requested.error);
		if (code === 'ERR_CANCELED' || options.signal?.aborted) {
			throw new ApiCallError('The execution was stopped', { aborted: true });
		}
		throw new ApiCallError(
			`Could not download the video of generation ${generationId} (${code ?? 'network error'})`,
			{
				networkCode: code,
				transient: true,
				hint: expiredHint,
			},
		);
	}
	const response = requested.value;

	if (response.statusCode < 200 || response.statusCode >= 300) {
		const text = await readErrorText(response.body);
		throw new ApiCallError(
			`Could not download the video of generation ${generationId}: the file host answered HTTP ${response.statusCode}${text ? ` (${text})` : ''}`,
			{
				httpCode: response.statusCode,
				hint: expiredHint,
				transient: response.statusCode === 429 || response.statusCode >= 500,
			},
		);
	}

	const contentType = header(response, 'content-type').split(';')[0].trim().toLowerCase();
	const mimeType = GENERIC_TYPES.has(contentType) ? 'video/mp4' : contentType;
	const fileName = videoFileName(generationId, mimeType);
	const stored = await settle(
		ctx.helpers.prepareBinaryData(response.body as Buffer, fileName, mimeType),
	);
	if (stored.ok) return stored.value;
	if (options.signal?.aborted)
		throw new ApiCallError('The execution was stopped', { aborted: true });
	throw new ApiCallError(
		`The download of the video of generation ${generationId} broke off: ${asApiCallError(stored.error).message}`,
		{
			transient: true,
			hint: expiredHint,
		},
	);
}
