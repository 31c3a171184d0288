import type { IBinaryData, IExecuteFunctions, IN8nHttpFullResponse } from 'n8n-workflow';

import { retryDelayMs } from './client';
import { findNetworkCode, snippet } from './messages';
import { ApiCallError, asApiCallError, stoppedError } from '../helpers/errors';
import { settle } from '../helpers/settle';
import { abortableSleep } from '../helpers/sleep';
import { parseUrl } from '../helpers/url';

/** Downloads tried per link: a dropped connection or a 5xx from the file host is worth another try. */
const DOWNLOAD_ATTEMPTS = 3;
/** Fresh links asked for when the file host refuses one (signed links expire). */
const LINK_REFRESHES = 2;
/** What a file host answers for a signed link that has expired (or was never valid). */
const EXPIRED_LINK_STATUS = new Set([403, 404, 410]);

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

/** A finished video: where it is, and how to get a freshly signed link for it. */
export interface VideoSource {
	generationId: string;
	url: string;
	/** Asks the API for the generation again; the answer holds a freshly signed link. */
	refreshUrl?: () => Promise<string | undefined>;
}

export interface DownloadSettings {
	timeoutMs: number;
	retryBaseMs: number;
	signal?: AbortSignal;
}

/**
 * Downloads a finished video, trying again where that can help: a transient failure (dropped
 * connection, 429, 5xx) after a backoff, an expired link (403, 404, 410) with a fresh link from
 * the API, a bounded number of times each. Throws the last failure, which names the generation.
 */
export async function downloadVideo(
	ctx: IExecuteFunctions,
	source: VideoSource,
	settings: DownloadSettings,
): Promise<IBinaryData> {
	let url = source.url;
	let refreshes = 0;
	for (let attempt = 1; ; attempt++) {
		const downloaded = await settle(
			downloadOnce(ctx, url, source.generationId, settings.timeoutMs, settings.signal),
		);
		if (downloaded.ok) return downloaded.value;
		const error = asApiCallError(downloaded.error);
		if (error.aborted || settings.signal?.aborted) throw stoppedError();
		const expired = EXPIRED_LINK_STATUS.has(error.details.httpCode ?? 0);
		if (expired && source.refreshUrl && refreshes < LINK_REFRESHES) {
			refreshes++;
			// No fresh link (the API is down too, or no longer lists the video): the refusal stands.
			const fresh = await settle(source.refreshUrl());
			if (!fresh.ok || !fresh.value) throw settings.signal?.aborted ? stoppedError() : error;
			url = fresh.value;
			continue;
		}
		if (!error.transient || attempt >= DOWNLOAD_ATTEMPTS) throw error;
		if (!(await abortableSleep(retryDelayMs(attempt, settings.retryBaseMs), settings.signal))) {
			throw stoppedError();
		}
	}
}

/**
 * Streams a finished video into n8n binary data. The request goes out with no credentials at
 * all: the video URL is a signed link on a CDN, and the API key belongs to the API host only.
 * The execution's cancel signal is passed by hand, as n8n attaches it only to authenticated calls.
 */
async function downloadOnce(
	ctx: IExecuteFunctions,
	url: string,
	generationId: string,
	timeoutMs: number,
	signal: AbortSignal | undefined,
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
			timeout: timeoutMs,
			abortSignal: signal,
		}) as Promise<IN8nHttpFullResponse>,
	);
	if (!requested.ok) {
		const code = findNetworkCode(requested.error);
		if (code === 'ERR_CANCELED' || signal?.aborted) throw stoppedError(code);
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
	if (signal?.aborted) throw stoppedError();
	throw new ApiCallError(
		`The download of the video of generation ${generationId} broke off: ${asApiCallError(stored.error).message}`,
		{
			transient: true,
			hint: expiredHint,
		},
	);
}
