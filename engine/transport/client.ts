import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IN8nHttpFullResponse,
} from 'n8n-workflow';

import {
	beforeDeadline,
	BodyTooLargeError,
	DeadlineError,
	deadlineSignal,
	discardBody,
	formatBytes,
	readBounded,
} from './body';
import { extractApiMessage, findNetworkCode, redact, redactDeep, snippet } from './messages';
import { ApiCallError, stoppedError } from '../helpers/errors';
import { parseJson } from '../helpers/settle';
import { abortableSleep } from '../helpers/sleep';
import { isSafeForKey, parseUrl } from '../helpers/url';

type RequestContext = IExecuteFunctions | ILoadOptionsFunctions;

/** One request to an API, relative to the credential's base URL. */
export interface ApiRequestSpec {
	method: 'GET' | 'POST';
	path: string;
	qs?: IDataObject;
	body?: IDataObject;
}

/** What the transport needs to know of a provider: its credential and how to name it. */
export interface ApiTarget {
	credentialType: string;
	displayName: string;
	/** The API's own base URL, for messages that say what to enter. */
	defaultBaseUrl: string;
	/** Where the dashboard is, for "a generation may have started" messages. */
	dashboardHint: string;
}

export interface ClientSettings {
	/** Per-request timeout: a hung connection never blocks the workflow. */
	requestTimeoutMs: number;
	/** First backoff step; doubles per attempt, with jitter, capped at 30 s. */
	retryBaseMs: number;
	/** Attempts per call, the first included. */
	maxAttempts: number;
}

export const DEFAULT_CLIENT_SETTINGS: ClientSettings = {
	requestTimeoutMs: 60_000,
	retryBaseMs: 1_000,
	maxAttempts: 5,
};

const MAX_BACKOFF_MS = 30_000;
/**
 * The largest JSON answer read (after decompression): status answers are about 1 KB and the
 * model list some 100 KB, so 8 MB is generous and still keeps a hostile answer from filling
 * memory and the saved execution.
 */
export const MAX_ANSWER_BYTES = 8 * 1024 * 1024;
/** Of an error answer only the start is read: it is for the message. */
const MAX_ERROR_BODY_BYTES = 64 * 1024;
const TRANSIENT_HTTP = new Set([429, 500, 502, 503, 504]);
/** Network failures after which a GET may simply be sent again. */
const TRANSIENT_NETWORK = new Set([
	'ECONNRESET',
	'ECONNREFUSED',
	'ECONNABORTED',
	'ETIMEDOUT',
	'ESOCKETTIMEDOUT',
	'EPIPE',
	'EAI_AGAIN',
	'ENOTFOUND',
	'EHOSTUNREACH',
	'ENETUNREACH',
	'ERR_BAD_RESPONSE',
	'ECONNCLOSED',
	'UND_ERR_SOCKET',
]);
const TIMEOUT_CODES = new Set(['ECONNABORTED', 'ETIMEDOUT', 'ESOCKETTIMEDOUT']);

/**
 * Checks a credential's base URL: https, or http only on a loopback host (local testing),
 * so the key never crosses a network in clear text.
 */
export function checkBaseUrl(
	value: unknown,
	providerName: string,
	example = 'https://api.example.com',
): string {
	const text = typeof value === 'string' ? value.trim() : '';
	const url = parseUrl(text);
	if (!url) {
		throw new ApiCallError(`The Base URL of the ${providerName} credential is not a valid URL`, {
			hint: `Open the credential and set Base URL to an address such as ${example} (received "${snippet(text, 80)}")`,
		});
	}
	if (!isSafeForKey(url)) {
		throw new ApiCallError(`The Base URL of the ${providerName} credential must use https`, {
			hint: `Received "${url.origin}". Plain http is accepted only for localhost, for local testing; the API key must not travel unencrypted.`,
		});
	}
	if (url.username || url.password) {
		throw new ApiCallError(
			`The Base URL of the ${providerName} credential must not contain a user name or password`,
		);
	}
	return text.replace(/\/+$/, '');
}

/** Delay before retry `attempt` (1-based): Retry-After when the server gave one, else backoff. */
export function retryDelayMs(attempt: number, baseMs: number, retryAfter?: string): number {
	const fromHeader = parseRetryAfter(retryAfter);
	if (fromHeader !== undefined) return Math.min(fromHeader, MAX_RETRY_AFTER_MS);
	const exponential = Math.min(MAX_BACKOFF_MS, baseMs * 2 ** (attempt - 1));
	// Full jitter on the upper half, so a batch of items does not retry in lockstep.
	return Math.round(exponential / 2 + Math.random() * (exponential / 2));
}

/** The longest Retry-After honoured by a retry inside one call. */
const MAX_RETRY_AFTER_MS = 5 * 60_000;

export function parseRetryAfter(value: string | undefined): number | undefined {
	if (!value) return undefined;
	const seconds = Number(value);
	if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
	const date = Date.parse(value);
	return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

function headerValue(headers: IN8nHttpFullResponse['headers'], name: string): string | undefined {
	const value = headers?.[name] ?? headers?.[name.toLowerCase()];
	if (Array.isArray(value)) return value[0] as string;
	return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
}

export interface SendOptions {
	/**
	 * Whether sending twice is harmless. GETs are; a create is not: it is retried only where
	 * the API cannot have started a job (429, connection refused before sending).
	 */
	idempotent: boolean;
	/** Give up retrying when the next attempt would start after this time (epoch ms). */
	deadline?: number;
	/** Override the attempts of the client settings for this call. */
	maxAttempts?: number;
	/** Override the request timeout of the client settings for this call. */
	timeoutMs?: number;
}

/**
 * The only module that talks HTTP to the provider APIs. It sends through
 * `httpRequestWithAuthentication` (n8n adds the key and the execution's cancel signal), reads
 * every answer itself and maps it to JSON or to an ApiCallError with the API's message.
 */
export class ApiClient {
	private constructor(
		private readonly ctx: RequestContext,
		readonly provider: ApiTarget,
		readonly baseUrl: string,
		private readonly secrets: string[],
		readonly settings: ClientSettings,
		private readonly signal: AbortSignal | undefined,
	) {}

	static async create(
		ctx: RequestContext,
		provider: ApiTarget,
		settings: ClientSettings,
		signal?: AbortSignal,
	): Promise<ApiClient> {
		const credentials = await ctx.getCredentials(provider.credentialType);
		const baseUrl = checkBaseUrl(
			credentials.baseUrl,
			provider.displayName,
			provider.defaultBaseUrl,
		);
		// Kept only to scrub any text that leaves the node (defence in depth).
		const secrets = [credentials.apiKey].filter((s): s is string => typeof s === 'string');
		return new ApiClient(ctx, provider, baseUrl, secrets, settings, signal);
	}

	/** Scrubs the key out of a text that is about to leave the node. */
	scrub(text: string): string {
		return redact(text, this.secrets);
	}

	async send(spec: ApiRequestSpec, options: SendOptions): Promise<unknown> {
		const maxAttempts = options.maxAttempts ?? this.settings.maxAttempts;
		for (let attempt = 1; ; attempt++) {
			// A request queued behind the concurrency limit may get its turn after a stop.
			if (this.signal?.aborted) throw stoppedError();
			let failure: ApiCallError;
			let retryAfter: string | undefined;
			const timeoutMs = options.timeoutMs ?? this.settings.requestTimeoutMs;
			try {
				const response = await this.sendOnce(spec, timeoutMs);
				if (response.statusCode >= 200 && response.statusCode < 300) {
					// An answer that echoes the key must not carry it into the item or the log.
					return redactDeep(this.parseBody(response, spec), this.secrets);
				}
				retryAfter = headerValue(response.headers, 'retry-after');
				failure = this.httpFailure(response);
			} catch (error) {
				if (error instanceof ApiCallError) failure = error;
				else if (error instanceof DeadlineError) failure = this.timeoutFailure(spec, timeoutMs);
				else if (error instanceof BodyTooLargeError) failure = this.tooLargeFailure(spec, error);
				else failure = this.networkFailure(error, spec, timeoutMs);
			}
			if (failure.aborted) throw failure;
			const retryAfterMs = parseRetryAfter(retryAfter);
			if (retryAfterMs !== undefined) failure.details.retryAfterMs = retryAfterMs;

			const retryable = options.idempotent
				? failure.transient
				: failure.details.httpCode === 429 || failure.details.networkCode === 'ECONNREFUSED';
			const delay = retryDelayMs(attempt, this.settings.retryBaseMs, retryAfter);
			const withinBudget = options.deadline === undefined || Date.now() + delay < options.deadline;
			if (retryable && !withinBudget && !options.idempotent && failure.details.httpCode === 429) {
				throw this.rateLimitedPastDeadline(failure, delay, attempt);
			}
			if (!retryable || attempt >= maxAttempts || !withinBudget) {
				throw this.finalFailure(failure, spec, attempt);
			}
			if (!(await abortableSleep(delay, this.signal))) {
				throw stoppedError();
			}
		}
	}

	/**
	 * One request, bounded in time and size: the whole exchange (answer and body) must end
	 * within `timeoutMs`, not only each idle stretch of it, and the body is read as a stream
	 * of at most MAX_ANSWER_BYTES (decompressed). Returns the answer with its body as text.
	 */
	private async sendOnce(spec: ApiRequestSpec, timeoutMs: number): Promise<IN8nHttpFullResponse> {
		const request: IHttpRequestOptions = {
			method: spec.method,
			url: `${this.baseUrl}${spec.path}`,
			headers: { Accept: 'application/json' },
			// Read every answer ourselves: status codes, HTML pages and broken JSON are ours to
			// map, and only a stream can be cut off at a size limit.
			encoding: 'stream',
			json: false,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			timeout: timeoutMs,
			// The API never redirects; following one could hand the key to another host.
			disableFollowRedirect: true,
		};
		if (spec.qs) request.qs = spec.qs;
		if (spec.body) {
			request.body = spec.body;
			request.headers = { ...request.headers, 'Content-Type': 'application/json' };
		}
		if (this.signal) request.abortSignal = this.signal;
		// n8n puts its own cancel signal on authenticated requests, so the deadline is kept here.
		const deadline = deadlineSignal(timeoutMs);
		const response = await beforeDeadline(
			this.ctx.helpers.httpRequestWithAuthentication.call(
				this.ctx,
				this.provider.credentialType,
				request,
			) as Promise<IN8nHttpFullResponse>,
			deadline,
			(late) => discardBody(late.body),
		);
		const ok = response.statusCode >= 200 && response.statusCode < 300;
		const declared = Number(headerValue(response.headers, 'content-length'));
		if (ok && Number.isFinite(declared) && declared > MAX_ANSWER_BYTES) {
			discardBody(response.body);
			throw new BodyTooLargeError(MAX_ANSWER_BYTES);
		}
		const bytes = await readBounded(response.body, {
			maxBytes: ok ? MAX_ANSWER_BYTES : MAX_ERROR_BODY_BYTES,
			deadline,
			truncate: !ok,
		});
		return { ...response, body: bytes.toString('utf8') };
	}

	private timeoutFailure(spec: ApiRequestSpec, timeoutMs: number): ApiCallError {
		return this.networkFailure({ code: 'ETIMEDOUT' }, spec, timeoutMs);
	}

	private tooLargeFailure(spec: ApiRequestSpec, error: BodyTooLargeError): ApiCallError {
		const what = spec.method === 'POST' ? 'create' : 'status';
		return new ApiCallError(
			`The ${this.provider.displayName} answered the ${what} request with more than ${formatBytes(error.limitBytes)} of JSON; the answer was not read`,
			{
				hint: `Answers of this API are a few KB; check the Base URL of the credential (a proxy or a wrong host may answer). At most ${formatBytes(error.limitBytes)} is read.`,
			},
		);
	}

	/** A create refused with 429 whose Retry-After reaches past Maximum Wait: given up, clearly. */
	private rateLimitedPastDeadline(
		failure: ApiCallError,
		delayMs: number,
		attempts: number,
	): ApiCallError {
		return new ApiCallError(
			`The ${this.provider.displayName} is rate limiting requests (HTTP 429) and asks to wait ${formatSeconds(failure.details.retryAfterMs ?? delayMs)}, longer than Maximum Wait leaves; nothing was created${attempts > 1 ? ` (after ${attempts} attempts)` : ''}`,
			{
				...failure.details,
				transient: false,
				hint: 'The create was refused, so no generation started and nothing was charged. Run again later, lower the Concurrency option, or raise Maximum Wait.',
			},
		);
	}

	private parseBody(response: IN8nHttpFullResponse, spec: ApiRequestSpec): unknown {
		const text = bodyText(response.body);
		const what = spec.method === 'POST' ? 'create' : 'status';
		if (!text.trim()) {
			throw new ApiCallError(
				`The ${this.provider.displayName} answered the ${what} request with an empty body (HTTP ${response.statusCode})`,
				{
					httpCode: response.statusCode,
					transient: true,
				},
			);
		}
		const parsed = parseJson(text);
		if (parsed.ok) return parsed.value;
		const html = /^\s*</.test(text);
		throw new ApiCallError(
			html
				? `The ${this.provider.displayName} answered the ${what} request with an HTML page instead of JSON (HTTP ${response.statusCode})`
				: `The ${this.provider.displayName} answered the ${what} request with invalid JSON (HTTP ${response.statusCode})`,
			{
				httpCode: response.statusCode,
				transient: true,
				hint: html
					? 'Check the Base URL of the credential: it may point at a web page or a proxy rather than the API.'
					: `The answer began with: ${this.scrub(snippet(text))}`,
			},
		);
	}

	private httpFailure(response: IN8nHttpFullResponse): ApiCallError {
		const status = response.statusCode;
		const text = bodyText(response.body);
		const parsed = text ? parseJson(text) : undefined;
		// Not JSON (an HTML error page, a proxy's text): keep a short piece of it.
		const body: unknown =
			parsed === undefined ? undefined : parsed.ok ? parsed.value : snippet(text, 300);
		const apiMessage = extractApiMessage(body);
		const name = this.provider.displayName;
		const shown =
			apiMessage && !/^\s*</.test(apiMessage) && apiMessage !== '-' ? apiMessage : undefined;
		const byStatus: Record<number, [string, string]> = {
			400: [
				`The ${name} refused the request: ${shown ?? 'invalid parameters'}`,
				"Check the field named in the message against the model's allowed values.",
			],
			401: [
				`The ${name} refused the API key`,
				'Check the API key in the credential (Credentials → the credential → API Key).',
			],
			402: [`The ${name} account is out of credits`, 'Top up the account balance, then run again.'],
			403: [
				`The ${name} refused the request: ${shown ?? 'forbidden'}`,
				'The account may be out of credits or lack access to this model: check the balance and the plan.',
			],
			404: [
				`The ${name} does not know this resource`,
				'Check the model id or generation id, and the Base URL of the credential.',
			],
			422: [
				`The ${name} refused the request: ${shown ?? 'invalid parameters'}`,
				"Check the fields against the model's allowed values.",
			],
			429: [
				`The ${name} is rate limiting requests (HTTP 429)`,
				'Lower the Concurrency option, or run again later.',
			],
		};
		const [message, hint] = byStatus[status] ?? [
			`The ${name} answered HTTP ${status}${shown ? `: ${shown}` : ''}`,
			status >= 500
				? 'The service had a temporary problem; run again later.'
				: 'See the error details.',
		];
		return new ApiCallError(this.scrub(message), {
			httpCode: status,
			apiMessage: shown ? this.scrub(shown) : undefined,
			// Error bodies of any shape: an echoed Authorization header must not reach the error.
			body: redactDeep(body, this.secrets),
			hint,
			transient: TRANSIENT_HTTP.has(status),
		});
	}

	private networkFailure(error: unknown, spec: ApiRequestSpec, timeoutMs: number): ApiCallError {
		const code = findNetworkCode(error);
		if (code === 'ERR_CANCELED' || this.signal?.aborted) {
			return stoppedError(code);
		}
		const timedOut = code !== undefined && TIMEOUT_CODES.has(code);
		const base = timedOut
			? `No answer from the ${this.provider.displayName} within ${formatSeconds(timeoutMs)}`
			: `The connection to the ${this.provider.displayName} failed (${code ?? 'network error'})`;
		return new ApiCallError(base, {
			networkCode: code ?? 'ENETWORK',
			transient: code === undefined || TRANSIENT_NETWORK.has(code),
			outcomeUnknown: spec.method === 'POST' && code !== 'ECONNREFUSED',
			hint: timedOut
				? 'Raise the Request Timeout option if the API is slow, or run again later.'
				: 'Check that the Base URL of the credential is reachable from n8n, then run again.',
		});
	}

	/** The error for a call that will not be tried again. */
	private finalFailure(
		failure: ApiCallError,
		spec: ApiRequestSpec,
		attempts: number,
	): ApiCallError {
		const tries = attempts > 1 ? ` (after ${attempts} attempts)` : '';
		if (
			spec.method === 'POST' &&
			(failure.details.outcomeUnknown ||
				(failure.details.httpCode ?? 0) >= 500 ||
				failure.message.includes('answered the create request'))
		) {
			return new ApiCallError(`${failure.message}${tries}. A generation may have started`, {
				...failure.details,
				outcomeUnknown: true,
				hint: `The create request was sent but its answer was lost, so it was not sent again (that could start and charge a second generation). Look for the generation in ${this.provider.dashboardHint} before running again. ${failure.details.hint ?? ''}`.trim(),
			});
		}
		return tries ? new ApiCallError(`${failure.message}${tries}`, failure.details) : failure;
	}
}

/** "0.3 s", "12 s": for messages. */
export function formatSeconds(ms: number): string {
	const seconds = ms / 1000;
	return `${seconds < 10 ? Number(seconds.toFixed(1)) : Math.round(seconds)} s`;
}

function bodyText(body: unknown): string {
	if (body === undefined || body === null) return '';
	if (typeof body === 'string') return body;
	if (body instanceof ArrayBuffer) return Buffer.from(body).toString('utf8');
	if (Buffer.isBuffer(body)) return body.toString('utf8');
	// Some hosts parse JSON despite `encoding: 'text'`: turn it back into text.
	return JSON.stringify(body);
}
