import type { IBinaryData, IExecuteFunctions, IN8nHttpFullResponse } from 'n8n-workflow';

import {
	anySignal,
	BodyTooLargeError,
	deadlineSignal,
	discardBody,
	formatBytes,
	readBounded,
} from './body';
import { formatSeconds, retryDelayMs } from './client';
import { findNetworkCode, snippet } from './messages';
import { classifyHost, videoHostAllowed } from '../helpers/address';
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

/** Redirects followed by hand (each target is checked like the link itself). */
const MAX_REDIRECTS = 5;
const REDIRECT_STATUS = new Set([301, 302, 303, 307, 308]);

/** Types a file host may send for a video besides video/*: generic binary, or none at all. */
const GENERIC_TYPES = new Set([
	'application/octet-stream',
	'binary/octet-stream',
	'application/binary',
	'application/mp4',
	'',
]);

/** Whether an answer's type may be stored as a video (an HTML or JSON page may not). */
export function isVideoType(contentType: string): boolean {
	return contentType.startsWith('video/') || GENERIC_TYPES.has(contentType);
}
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

/** Reads the start of an error body, then lets go of the stream. */
async function readErrorText(body: unknown): Promise<string> {
	const read = await settle(readBounded(body, { maxBytes: 500, truncate: true }));
	// The body is only for the message; a broken one changes nothing.
	return read.ok ? snippet(read.value.toString('utf8'), 200) : '';
}

interface MappableStream {
	map?: (fn: (chunk: unknown) => unknown) => unknown;
}

/** A finished video: where it is, and how to get a freshly signed link for it. */
export interface VideoSource {
	generationId: string;
	url: string;
	/** Asks the API for the generation again; the answer holds a freshly signed link. */
	refreshUrl?: () => Promise<string | undefined>;
}

export interface DownloadSettings {
	/** Idle timeout of each request (Request Timeout). */
	timeoutMs: number;
	retryBaseMs: number;
	/** When the download of this video must be over, all attempts included (epoch ms). */
	deadlineAt: number;
	/** Maximum Video Size, in bytes. */
	maxBytes: number;
	/** The credential's Base URL: a private video host is accepted only next to a private API. */
	apiBaseUrl: string;
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
	const startedAt = Date.now();
	for (let attempt = 1; ; attempt++) {
		if (Date.now() >= settings.deadlineAt) {
			throw deadlineError(source.generationId, settings.deadlineAt - startedAt);
		}
		const downloaded = await settle(
			downloadOnce(ctx, url, source.generationId, settings, startedAt),
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
	firstUrl: string,
	generationId: string,
	settings: DownloadSettings,
	startedAt: number,
): Promise<IBinaryData> {
	const { signal } = settings;
	const expiredHint = `The video link may have expired (links are signed and short-lived). Run Get Video with id ${generationId} to get a fresh link.`;
	// One deadline for the whole download: a host that trickles a byte at a time never trips
	// the idle timeout, but cannot hold the run past this.
	const deadline = deadlineSignal(settings.deadlineAt - Date.now());
	const stopOrDeadline = anySignal([signal, deadline]);
	const timedOut = () => deadline.aborted && !signal?.aborted;

	let url = firstUrl;
	let response: IN8nHttpFullResponse | undefined;
	for (let hop = 0; !response; hop++) {
		checkVideoUrl(url, generationId, settings.apiBaseUrl);
		const requested = await settle(
			ctx.helpers.httpRequest({
				method: 'GET',
				url,
				// Never a compressed body: what arrives is what is stored, and what is counted.
				headers: { 'Accept-Encoding': 'identity' },
				encoding: 'stream',
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
				// Redirects are followed below, each target checked like the link.
				disableFollowRedirect: true,
				timeout: settings.timeoutMs,
				abortSignal: stopOrDeadline,
			}) as Promise<IN8nHttpFullResponse>,
		);
		if (!requested.ok) {
			if (timedOut()) throw deadlineError(generationId, settings.deadlineAt - startedAt);
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
		const location = header(requested.value, 'location');
		if (REDIRECT_STATUS.has(requested.value.statusCode) && location) {
			discardBody(requested.value.body);
			if (hop >= MAX_REDIRECTS) {
				throw new ApiCallError(
					`Could not download the video of generation ${generationId}: more than ${MAX_REDIRECTS} redirects`,
					{ httpCode: requested.value.statusCode, hint: expiredHint },
				);
			}
			url = new URL(location, url).toString();
			continue;
		}
		response = requested.value;
	}

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
	if (!isVideoType(contentType)) {
		const text = await readErrorText(response.body);
		throw new ApiCallError(
			`The file host answered the video link of generation ${generationId} with ${contentType} instead of a video`,
			{
				hint: `Nothing was stored. The page began with: "${snippet(text, 120)}". ${expiredHint}`,
			},
		);
	}
	const declared = Number(header(response, 'content-length') || NaN);
	if (Number.isFinite(declared) && declared > settings.maxBytes) {
		discardBody(response.body);
		throw tooLargeError(generationId, settings.maxBytes, declared);
	}

	// Count the bytes as they flow into n8n's binary data, and cut the stream at the limit
	// (a host may send more than it declared, or declare nothing).
	let tooLarge = false;
	let body: unknown = response.body;
	const mappable = body as MappableStream;
	if (typeof mappable?.map === 'function') {
		let received = 0;
		body = mappable.map((chunk: unknown) => {
			received += (chunk as { length?: number }).length ?? 0;
			if (received > settings.maxBytes) {
				tooLarge = true;
				throw new BodyTooLargeError(settings.maxBytes);
			}
			return chunk;
		});
	} else if (Buffer.isBuffer(body) && body.length > settings.maxBytes) {
		throw tooLargeError(generationId, settings.maxBytes, body.length);
	}

	const mimeType = contentType.startsWith('video/') ? contentType : 'video/mp4';
	const fileName = videoFileName(generationId, mimeType);
	const stored = await settle(ctx.helpers.prepareBinaryData(body as Buffer, fileName, mimeType));
	if (stored.ok) return stored.value;
	discardBody(response.body);
	if (tooLarge) throw tooLargeError(generationId, settings.maxBytes);
	if (timedOut()) throw deadlineError(generationId, settings.deadlineAt - startedAt);
	if (signal?.aborted) throw stoppedError();
	throw new ApiCallError(
		`The download of the video of generation ${generationId} broke off: ${asApiCallError(stored.error).message}`,
		{
			transient: true,
			hint: expiredHint,
		},
	);
}

/**
 * Refuses a video link that is not http(s), or that points at a loopback, private, link-local
 * or unique-local address while the API itself is not on such an address: an API (or a proxy
 * in front of it) must not be able to make n8n fetch from its internal network.
 */
function checkVideoUrl(url: string, generationId: string, apiBaseUrl: string): void {
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
	const apiHost = parseUrl(apiBaseUrl)?.hostname ?? '';
	if (!videoHostAllowed(parsed.hostname, apiHost)) {
		throw new ApiCallError(
			`The video URL of generation ${generationId} points at a ${describeClass(parsed.hostname)} address (${snippet(parsed.host, 80)}); it was not fetched`,
			{
				hint: 'Videos are fetched only from public hosts (or, for local testing, from the same kind of address as the Base URL of the credential). Check the Base URL: a proxy or a wrong host may have answered.',
			},
		);
	}
}

function describeClass(hostname: string): string {
	return {
		public: 'public',
		loopback: 'loopback',
		private: 'private',
		linkLocal: 'link-local',
		uniqueLocal: 'unique-local',
	}[classifyHost(hostname)];
}

function tooLargeError(generationId: string, maxBytes: number, declared?: number): ApiCallError {
	return new ApiCallError(
		`The video of generation ${generationId} is larger than Maximum Video Size (${formatBytes(maxBytes)})${declared !== undefined ? `: the file host announced ${formatBytes(declared)}` : ''}; it was not stored`,
		{
			hint: `Raise the Maximum Video Size option if the video is expected to be this large (n8n's binary data mode must hold it), or turn off Download Video and use the video URL. Generation id: ${generationId}.`,
		},
	);
}

function deadlineError(generationId: string, budgetMs: number): ApiCallError {
	return new ApiCallError(
		`The download of the video of generation ${generationId} did not finish within ${formatSeconds(Math.max(0, budgetMs))}`,
		{
			hint: `The file host is too slow. The download may take until Maximum Wait is over, or Request Timeout if that ends later; raise one of them, or run Get Video with id ${generationId} later.`,
		},
	);
}
