import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IN8nHttpFullResponse,
} from 'n8n-workflow';

import { extractApiMessage, findNetworkCode, redact, snippet } from './messages';
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
	if (fromHeader !== undefined) return Math.min(fromHeader, 5 * 60_000);
	const exponential = Math.min(MAX_BACKOFF_MS, baseMs * 2 ** (attempt - 1));
	// Full jitter on the upper half, so a batch of items does not retry in lockstep.
	return Math.round(exponential / 2 + Math.random() * (exponential / 2));
}

function parseRetryAfter(value: string | undefined): number | undefined {
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
			try {
				const response = await this.sendOnce(spec, options.timeoutMs);
				if (response.statusCode >= 200 && response.statusCode < 300) {
					return this.parseBody(response, spec);
				}
				retryAfter = headerValue(response.headers, 'retry-after');
				failure = this.httpFailure(response);
			} catch (error) {
				if (error instanceof ApiCallError) failure = error;
				else failure = this.networkFailure(error, spec);
			}
			if (failure.aborted) throw failure;

			const retryable = options.idempotent
				? failure.transient
				: failure.details.httpCode === 429 || failure.details.networkCode === 'ECONNREFUSED';
			const delay = retryDelayMs(attempt, this.settings.retryBaseMs, retryAfter);
			const withinBudget = options.deadline === undefined || Date.now() + delay < options.deadline;
			if (!retryable || attempt >= maxAttempts || !withinBudget) {
				throw this.finalFailure(failure, spec, attempt);
			}
			if (!(await abortableSleep(delay, this.signal))) {
				throw stoppedError();
			}
		}
	}

	private async sendOnce(spec: ApiRequestSpec, timeoutMs?: number): Promise<IN8nHttpFullResponse> {
		const request: IHttpRequestOptions = {
			method: spec.method,
			url: `${this.baseUrl}${spec.path}`,
			headers: { Accept: 'application/json' },
			// Read every answer as text: status codes, HTML pages and broken JSON are ours to map.
			encoding: 'text',
			json: false,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			timeout: timeoutMs ?? this.settings.requestTimeoutMs,
			// The API never redirects; following one could hand the key to another host.
			disableFollowRedirect: true,
		};
		if (spec.qs) request.qs = spec.qs;
		if (spec.body) {
			request.body = spec.body;
			request.headers = { ...request.headers, 'Content-Type': 'application/json' };
		}
		if (this.signal) request.abortSignal = this.signal;
		return (await this.ctx.helpers.httpRequestWithAuthentication.call(
			this.ctx,
			this.provider.credentialType,
			request,
		)) as IN8nHttpFullResponse;
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
			body: typeof body === 'string' ? this.scrub(body) : body,
			hint,
			transient: TRANSIENT_HTTP.has(status),
		});
	}

	private networkFailure(error: unknown, spec: ApiRequestSpec): ApiCallError {
		const code = findNetworkCode(error);
		if (code === 'ERR_CANCELED' || this.signal?.aborted) {
			return stoppedError(code);
		}
		const timedOut = code !== undefined && TIMEOUT_CODES.has(code);
		const base = timedOut
			? `No answer from the ${this.provider.displayName} within ${formatSeconds(this.settings.requestTimeoutMs)}`
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
