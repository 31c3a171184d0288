/**
 * A local emulator of the AIML API and Novita AI, following docs/api-contract.md: real HTTP
 * servers on 127.0.0.1 (random ports), one for the APIs and one for the "CDN" that serves the
 * videos from another origin. Jobs run on a configurable clock; switches inject failures,
 * HTTP errors, dropped connections, slow answers and bad bodies. Every request is recorded.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

import { AIML_CONTRACT, checkValue, NOVITA_ENDPOINTS, NOVITA_SIZES } from './contract';

export const TINY_MP4 = readFileSync(path.join(__dirname, '..', 'fixtures', 'tiny.mp4'));

export type Route = 'create' | 'fetch' | 'models' | 'deprecations' | 'auth' | 'cdn';

export type FaultKind =
	| 'status' // answer `status` with the contract's error body (Retry-After if given)
	| 'reset' // destroy the connection before answering
	| 'slow' // answer normally after `delayMs` (a create still starts its job at once)
	| 'truncated' // promise a longer body than is sent, then close
	| 'invalidJson'
	| 'html'
	| 'empty'
	| 'noId' // create: 200 without an id (the job is started all the same)
	| 'lostAfterCreate' // create: the job starts, the connection drops before the answer
	| 'unknownStatus' // fetch: a status word the contract does not know
	// Hostile servers (test/workflow/hostile.test.ts):
	| 'trickle' // headers at once, then one byte every `delayMs` (default 100) for `durationMs`
	| 'huge' // API: the normal answer padded to `sizeBytes`; `gzip` sends it compressed
	| 'echoKey' // API: echo the Authorization header in the body (an error `status`, or in a 200)
	| 'badId' // create: the id in the answer holds CR/LF and a forged log line
	| 'oversize' // cdn: `sizeBytes` of video, with or without Content-Length (`declareLength`)
	| 'gzip' // cdn: a gzip body (sent whatever Accept-Encoding says) inflating to `sizeBytes`
	| 'json' // cdn: 200 with a JSON body
	| 'redirect'; // cdn: 302 to `location`

export interface Fault {
	route: Route;
	kind: FaultKind;
	/** How many requests it hits; then it is used up. */
	times: number;
	status?: number;
	retryAfter?: string;
	delayMs?: number;
	provider?: 'aimlapi' | 'novita';
	/** `trickle`: how long to keep trickling before closing (default 20 s). */
	durationMs?: number;
	/** `huge`, `oversize`, `gzip`: bytes of the (inflated) body. */
	sizeBytes?: number;
	/** `huge`: send it gzip-encoded. */
	gzip?: boolean;
	/** `oversize`: send a Content-Length (true: the real one; a number: that one). */
	declareLength?: boolean | number;
	/** `redirect`: where to. */
	location?: string;
}

export interface RecordedRequest {
	origin: 'api' | 'cdn';
	provider?: 'aimlapi' | 'novita';
	route?: Route;
	method: string;
	url: string;
	path: string;
	query: Record<string, string>;
	headers: http.IncomingHttpHeaders;
	body?: unknown;
	rawBody: string;
	at: number;
	/** Answer status, or 0 when the connection was dropped. */
	status?: number;
	/** When the answer was over (sent, or the connection closed); CDN requests only. */
	endedAt?: number;
	/** CDN: how many body bytes were sent, and their SHA-256 (hex) once the body is complete. */
	servedBytes?: number;
	servedSha256?: string;
}

/** One API request being answered: what the handlers need to reply or to fail it. */
interface Exchange {
	req: http.IncomingMessage;
	res: http.ServerResponse;
	record: RecordedRequest;
	fault: Fault | undefined;
	/** Replies, applying a `truncated` or `slow` fault. */
	answer: (status: number, payload: unknown) => void;
	/** Replies as is. */
	send: (status: number, payload: unknown) => void;
}

export interface DeprecationEntry {
	id: string;
	aliases: string[];
	status: 'deprecated' | 'superseded' | 'withdrawn';
	deprecated_at: string | null;
	shutdown_at: string | null;
	replaced_by: string | null;
	reason: string | null;
}

/** A feed like AIML's: one model of each status (the withdrawn one is no catalog model). */
export const DEFAULT_DEPRECATIONS: DeprecationEntry[] = [
	{
		id: 'wan/v2.1/1.3b/text-to-video',
		aliases: ['wan-2.1-1.3b-t2v'],
		status: 'deprecated',
		deprecated_at: '2026-04-01',
		shutdown_at: '2027-01-31',
		replaced_by: 'alibaba/wan2.1-t2v-turbo',
		reason: 'No longer supported upstream.',
	},
	{
		id: 'alibaba/wan2.5-t2v-preview',
		aliases: [],
		status: 'superseded',
		deprecated_at: '2026-09-15',
		shutdown_at: null,
		replaced_by: 'alibaba/wan-2-7-t2v',
		reason: 'The preview is superseded by Wan 2.7.',
	},
	{
		id: 'alibaba/wan2.1-t2v-preview',
		aliases: ['alibaba/wan-2-1-t2v-preview'],
		status: 'withdrawn',
		deprecated_at: '2026-02-01',
		shutdown_at: '2026-06-30',
		replaced_by: 'alibaba/wan-2-6-t2v',
		reason: 'The preview period has ended.',
	},
];

/** One webhook call the emulator made (Novita's `ASYNC_TASK_RESULT`). */
export interface CallbackDelivery {
	jobId: string;
	url: string;
	at: number;
	/** The receiver's answer status, 0 until it answers (or when it failed: see `error`). */
	status: number;
	error?: string;
}

export interface Job {
	id: string;
	provider: 'aimlapi' | 'novita';
	model: string;
	body: Record<string, unknown>;
	createdAt: number;
	durationMs: number;
	failReason?: string;
	/** When the job finished on the emulator's clock. */
	doneAt?: number;
	/** Novita: the task_type of its results. */
	taskType?: string;
	/** When a fetch first told a client it had finished (detection delay = reportedAt - doneAt). */
	reportedAt?: number;
	fetches: number;
	index: number;
}

export interface EmulatorConfig {
	/** Accepted keys (Bearer) for each provider. */
	keys: { aimlapi: string[]; novita: string[] };
	/** How long a job takes; a function may vary it per job. */
	jobDurationMs: number | ((job: Omit<Job, 'durationMs'>) => number);
	/** A job whose prompt contains this text fails (status error / TASK_STATUS_FAILED). */
	failMarker: string;
	/** Failure body shape for AIML failed jobs. */
	failureShape: 'nameMessage' | 'detail';
	/** Jobs never finish. */
	neverFinish: boolean;
	/** Completed AIML jobs come without `video.url`. */
	completedWithoutUrl: boolean;
	/** Bytes of each video on the CDN: the real tiny MP4, padded with zeros when larger. */
	videoSizeBytes: number;
	/** Content-Type the CDN sends ('' to send none). */
	cdnContentType: string;
	/** Links stop working this long after they are issued (the CDN answers 403). */
	linkTtlMs: number;
	/** Treat Wan 2.1 1.3B as the upstream does now: "no longer supported". */
	retire13b: boolean;
	/** Novita creates must carry every field the current reference marks required. */
	novitaRequireAll: boolean;
	/** Extra delay of a Novita webhook callback after the task ends. */
	callbackDelayMs: number;
	/** What `GET /v1/models/deprecations` lists; withdrawn models answer creates with 404. */
	deprecations: DeprecationEntry[];
	/** Form of GET /v1/models: the current list object, the older bare array, or a 500. */
	modelsForm: 'list' | 'array' | 'error';
	/** Generation id format: rotate through the contract's three, or one of them. */
	idFormat: 'rotate' | 'uuid' | 'nanoid' | 'uuidModel';
	/** Origin the video links name instead of the CDN's (e.g. http://10.0.0.1:9). */
	videoUrlOrigin?: string;
}

const DEFAULTS: EmulatorConfig = {
	keys: { aimlapi: ['test-aiml-key-0123456789'], novita: ['test-novita-key-0123456789'] },
	jobDurationMs: 300,
	failMarker: '[fail]',
	failureShape: 'nameMessage',
	neverFinish: false,
	completedWithoutUrl: false,
	videoSizeBytes: TINY_MP4.length,
	cdnContentType: 'video/mp4',
	linkTtlMs: 60 * 60 * 1000,
	retire13b: false,
	novitaRequireAll: true,
	deprecations: DEFAULT_DEPRECATIONS,
	callbackDelayMs: 0,
	modelsForm: 'list',
	idFormat: 'rotate',
};

const NANOID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-';

function nanoid(): string {
	return [...randomBytes(21)].map((byte) => NANOID_ALPHABET[byte & 63]).join('');
}

export class ApiEmulator {
	config: EmulatorConfig;
	readonly requests: RecordedRequest[] = [];
	readonly jobs = new Map<string, Job>();
	/** Novita webhook deliveries, in the order they were made. */
	readonly callbacks: CallbackDelivery[] = [];
	private readonly timers = new Set<NodeJS.Timeout>();
	private faults: Fault[] = [];
	private api?: http.Server;
	private cdn?: http.Server;
	private readonly sockets = new Set<import('node:net').Socket>();
	apiUrl = '';
	cdnUrl = '';

	constructor(config: Partial<EmulatorConfig> = {}) {
		this.config = { ...DEFAULTS, ...config };
	}

	async start(): Promise<this> {
		this.api = http.createServer((req, res) => void this.handleApi(req, res));
		this.cdn = http.createServer((req, res) => void this.handleCdn(req, res));
		for (const server of [this.api, this.cdn]) {
			server.on('connection', (socket) => {
				this.sockets.add(socket);
				socket.on('close', () => this.sockets.delete(socket));
			});
			await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		}
		this.apiUrl = `http://127.0.0.1:${(this.api.address() as AddressInfo).port}`;
		this.cdnUrl = `http://127.0.0.1:${(this.cdn.address() as AddressInfo).port}`;
		return this;
	}

	async stop(): Promise<void> {
		for (const timer of this.timers) clearTimeout(timer);
		this.timers.clear();
		for (const socket of this.sockets) socket.destroy();
		await Promise.all(
			[this.api, this.cdn].map(
				async (server) =>
					await new Promise<void>((resolve) =>
						server ? server.close(() => resolve()) : resolve(),
					),
			),
		);
	}

	/** Back to a clean state between tests (servers stay up). */
	reset(config: Partial<EmulatorConfig> = {}): void {
		this.config = { ...DEFAULTS, ...config };
		this.requests.length = 0;
		this.jobs.clear();
		this.faults = [];
		this.callbacks.length = 0;
		for (const timer of this.timers) clearTimeout(timer);
		this.timers.clear();
	}

	inject(fault: Fault): void {
		this.faults.push({ ...fault });
	}

	/** Requests of one kind (optionally for one provider). */
	sent(route: Route, provider?: 'aimlapi' | 'novita'): RecordedRequest[] {
		return this.requests.filter((r) => r.route === route && (!provider || r.provider === provider));
	}

	// ---- API ----------------------------------------------------------------------------------

	private async readBody(req: http.IncomingMessage): Promise<string> {
		const chunks: Buffer[] = [];
		for await (const chunk of req) chunks.push(chunk as Buffer);
		return Buffer.concat(chunks).toString('utf8');
	}

	private classify(
		method: string,
		pathname: string,
	): { provider: 'aimlapi' | 'novita'; route: Route; legacy?: boolean } | undefined {
		if (pathname === '/v2/video/generations')
			return { provider: 'aimlapi', route: method === 'POST' ? 'create' : 'fetch' };
		if (pathname === '/v2/generate/video/alibaba/generation')
			return { provider: 'aimlapi', route: method === 'POST' ? 'create' : 'fetch', legacy: true };
		if (pathname === '/v1/models/deprecations')
			return { provider: 'aimlapi', route: 'deprecations' };
		if (pathname === '/v1/models' || pathname === '/models')
			return { provider: 'aimlapi', route: 'models' };
		// The documented key check (`/v2/billing`, legacy `/v1/billing/balance`); `/assistants` is
		// what older clients used.
		if (['/v2/billing', '/v1/billing/balance', '/assistants', '/v1/assistants'].includes(pathname))
			return { provider: 'aimlapi', route: 'auth' };
		if (NOVITA_ENDPOINTS[pathname]) return { provider: 'novita', route: 'create' };
		if (pathname === '/v3/async/task-result') return { provider: 'novita', route: 'fetch' };
		if (pathname === '/v3/openai/models') return { provider: 'novita', route: 'auth' };
		return undefined;
	}

	private takeFault(route: Route, provider?: 'aimlapi' | 'novita'): Fault | undefined {
		const fault = this.faults.find(
			(f) => f.route === route && f.times > 0 && (!f.provider || f.provider === provider),
		);
		if (fault) fault.times--;
		return fault;
	}

	private async handleApi(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
		const url = new URL(req.url ?? '/', this.apiUrl);
		const rawBody = await this.readBody(req);
		let body: unknown;
		try {
			body = rawBody ? JSON.parse(rawBody) : undefined;
		} catch {
			body = undefined;
		}
		const method = req.method ?? 'GET';
		const where = this.classify(method, url.pathname);
		const record: RecordedRequest = {
			origin: 'api',
			provider: where?.provider,
			route: where?.route,
			method,
			url: req.url ?? '/',
			path: url.pathname,
			query: Object.fromEntries(url.searchParams),
			headers: req.headers,
			body,
			rawBody,
			at: Date.now(),
		};
		this.requests.push(record);
		const send = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
			record.status = status;
			const text = typeof payload === 'string' ? payload : JSON.stringify(payload);
			res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
			res.end(text);
		};
		if (!where) return send(404, this.aimlError(404, '-', url.pathname));

		const fault = this.takeFault(where.route, where.provider);
		if (fault?.kind === 'reset') {
			record.status = 0;
			req.socket.destroy();
			return;
		}
		if (fault?.kind === 'status') {
			const status = fault.status ?? 500;
			const headers: Record<string, string> =
				fault.retryAfter !== undefined ? { 'Retry-After': fault.retryAfter } : {};
			return send(
				status,
				where.provider === 'novita'
					? this.novitaError(status, 'TRANSIENT')
					: this.aimlError(status, defaultMessage(status), url.pathname),
				headers,
			);
		}
		if (fault?.kind === 'trickle') return this.trickle(req, res, record, fault, 'application/json');
		if (fault?.kind === 'echoKey' && (fault.status ?? 400) >= 400) {
			return send(fault.status ?? 400, this.echoBody(req, { message: 'Bad request' }));
		}
		if (fault?.kind === 'html') {
			record.status = 200;
			res.writeHead(fault.status ?? 200, { 'Content-Type': 'text/html' });
			return void res.end('<!DOCTYPE html><html><body><h1>Gateway</h1></body></html>');
		}
		if (fault?.kind === 'invalidJson') return send(200, '{"id": "abc", "status": ');
		if (fault?.kind === 'empty') {
			record.status = 200;
			res.writeHead(200, { 'Content-Type': 'application/json' });
			return void res.end();
		}

		// Authentication (the model list and the deprecations feed need no key).
		if (where.route !== 'models' && where.route !== 'deprecations') {
			const auth = String(req.headers.authorization ?? '');
			const key = auth.startsWith('Bearer ') ? auth.slice(7) : '';
			if (!this.config.keys[where.provider].includes(key)) {
				return where.provider === 'novita'
					? send(401, this.novitaError(401, 'INVALID_API_KEY', 'Invalid API key'))
					: send(
							401,
							this.aimlError(
								401,
								'This request requires a valid API key. Get one at https://aimlapi.com/app/keys',
								url.pathname,
							),
						);
			}
		}

		const answer = (status: number, payload: unknown) => {
			if (fault?.kind === 'truncated') {
				record.status = status;
				const text = JSON.stringify(payload);
				res.writeHead(status, {
					'Content-Type': 'application/json',
					'Content-Length': String(text.length + 50),
				});
				res.write(text.slice(0, Math.floor(text.length / 2)));
				setTimeout(() => req.socket.destroy(), 10);
				return;
			}
			if (fault?.kind === 'slow') {
				setTimeout(() => send(status, payload), fault.delayMs ?? 1000);
				return;
			}
			if (fault?.kind === 'echoKey') return send(status, this.echoBody(req, payload));
			if (fault?.kind === 'huge') {
				record.status = status;
				const text = padJson(payload, fault.sizeBytes ?? 1 << 20);
				const headers: Record<string, string> = { 'Content-Type': 'application/json' };
				if (fault.gzip) headers['Content-Encoding'] = 'gzip';
				res.writeHead(status, headers);
				return void res.end(fault.gzip ? gzipSync(text) : text);
			}
			send(status, payload);
		};

		const exchange: Exchange = { req, res, record, fault, answer, send };
		switch (where.route) {
			case 'models':
				return this.config.modelsForm === 'error'
					? send(500, this.aimlError(500, 'Internal server error', url.pathname))
					: answer(200, this.modelList());
			case 'deprecations':
				return this.answerDeprecations(req, url, exchange);
			case 'auth':
				if (where.provider === 'aimlapi' && url.pathname.includes('billing'))
					return answer(200, { current_balance: 12.5, currency: 'USD' });
				return answer(200, { object: 'list', data: [] });
			case 'create':
				return where.provider === 'novita'
					? this.createNovita(body, url.pathname, exchange)
					: this.createAiml(body, Boolean(where.legacy), url.pathname, exchange);
			case 'fetch': {
				const id =
					url.searchParams.get(where.provider === 'novita' ? 'task_id' : 'generation_id') ?? '';
				const job = this.jobs.get(id);
				if (!job || job.provider !== where.provider) {
					return where.provider === 'novita'
						? send(404, this.novitaError(404, 'TASK_NOT_FOUND', 'task not found'))
						: send(404, this.aimlError(404, '-', url.pathname));
				}
				job.fetches++;
				const state = this.stateOf(job);
				if (state === 'completed' || state === 'error') job.reportedAt ??= Date.now();
				if (fault?.kind === 'unknownStatus')
					return answer(200, { id: job.id, status: 'paused_for_review' });
				return answer(
					200,
					where.provider === 'novita' ? this.novitaResult(job, state) : this.aimlResult(job, state),
				);
			}
			default:
				return send(404, this.aimlError(404, '-', url.pathname));
		}
	}

	private createAiml(body: unknown, legacy: boolean, pathname: string, exchange: Exchange): void {
		const { send } = exchange;
		const problems: Array<{ path: string[]; message: string }> = [];
		const data = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
		const model = typeof data.model === 'string' ? data.model : '';
		if (!model) problems.push({ path: ['model'], message: 'Required' });
		if (typeof data.prompt !== 'string' || !data.prompt)
			problems.push({ path: ['prompt'], message: 'Required' });
		const withdrawn = this.config.deprecations.find(
			(entry) =>
				entry.status === 'withdrawn' && (entry.id === model || entry.aliases.includes(model)),
		);
		if (withdrawn) return send(404, this.aimlError(404, '-', pathname));
		const contract = AIML_CONTRACT[model];
		if (contract) {
			if (contract.deprecated && this.config.retire13b) {
				return send(
					400,
					this.aimlError(
						400,
						`Model ${model} is no longer supported. Please use another model.`,
						pathname,
					),
				);
			}
			const route = legacy ? 'legacy' : 'universal';
			if (!contract.paths.includes(route)) {
				problems.push({
					path: ['model'],
					message: `Invalid enum value. Model '${model}' is not available on this endpoint`,
				});
			}
			const fields = { ...contract.fields(route), ...contract.inputs };
			if (
				contract.promptMax !== undefined &&
				typeof data.prompt === 'string' &&
				data.prompt.length > contract.promptMax
			) {
				problems.push({
					path: ['prompt'],
					message: `String must contain at most ${contract.promptMax} character(s)`,
				});
			}
			for (const [key, value] of Object.entries(data)) {
				if (key === 'model' || key === 'prompt') continue;
				const check = fields[key];
				if (!check) problems.push({ path: [], message: `Unrecognized key(s) in object: '${key}'` });
				else {
					const message = checkValue(key, check, value);
					if (message) problems.push({ path: [key], message });
				}
			}
			for (const key of contract.required ?? []) {
				if (data[key] === undefined) problems.push({ path: [key], message: 'Required' });
			}
			problems.push(...(contract.rules?.(data) ?? []));
			if (data.shot_type === 'multi' && data.enhance_prompt === false) {
				problems.push({
					path: ['shot_type'],
					message: "shot_type 'multi' requires enhance_prompt",
				});
			}
		}
		if (problems.length) {
			return send(400, {
				...this.aimlError(400, 'Body validation error!', pathname),
				details: problems.map((p) => ({ path: p.path, message: p.message })),
			});
		}
		const job = this.addJob('aimlapi', model, data);
		const created = { id: job.id, status: 'queued', video: null, error: null, meta: null };
		this.answerCreated(exchange, legacy ? 200 : 201, created, { status: 'queued' });
	}

	/** The answer to a create whose job has started, unless a fault loses it or its id. */
	private answerCreated(
		exchange: Exchange,
		status: number,
		payload: unknown,
		withoutId: unknown,
	): void {
		const { fault, record, req, answer } = exchange;
		record.status = status;
		if (fault?.kind === 'lostAfterCreate') {
			record.status = 0;
			req.socket.destroy();
			return;
		}
		if (fault?.kind === 'badId') {
			const forged = { ...(payload as Record<string, unknown>) };
			for (const key of ['id', 'task_id']) {
				if (typeof forged[key] === 'string') forged[key] += '\r\nERROR forged log line';
			}
			return answer(status, forged);
		}
		answer(fault?.kind === 'noId' ? 200 : status, fault?.kind === 'noId' ? withoutId : payload);
	}

	/** A body that echoes what the client sent in Authorization, in every shape at once. */
	private echoBody(req: http.IncomingMessage, payload: unknown): unknown {
		const auth = String(req.headers.authorization ?? '');
		const key = auth.replace(/^Bearer /, '');
		return {
			...(payload as Record<string, unknown>),
			echo: {
				headers: { authorization: auth },
				seen: [key, { nested: [{ deeper: `key=${key}` }] }],
				[key]: 'the key as a field name',
			},
		};
	}

	/** Headers at once, then one byte every `delayMs`: never idle long, never done. */
	private trickle(
		req: http.IncomingMessage,
		res: http.ServerResponse,
		record: RecordedRequest,
		fault: Fault,
		contentType: string,
	): void {
		record.status = 200;
		res.writeHead(200, { 'Content-Type': contentType });
		const started = Date.now();
		const timer = setInterval(() => {
			if (res.destroyed || Date.now() - started > (fault.durationMs ?? 20_000)) {
				clearInterval(timer);
				return void req.socket.destroy();
			}
			record.servedBytes = (record.servedBytes ?? 0) + 1;
			res.write(' ');
		}, fault.delayMs ?? 100);
		res.on('close', () => clearInterval(timer));
	}

	private createNovita(body: unknown, pathname: string, exchange: Exchange): void {
		const { send } = exchange;
		const endpoint = NOVITA_ENDPOINTS[pathname];
		const problems: string[] = [];
		const data = this.novitaFields(body, endpoint.nested === true, problems);
		const required = this.config.novitaRequireAll
			? endpoint.required
			: endpoint.required.filter((key) => key.endsWith('prompt'));
		if (endpoint.oneOf) {
			const given = endpoint.oneOf.filter((key) => data[key] !== undefined);
			if (given.length !== 1)
				problems.push(`${endpoint.oneOf.join(' / ')}: exactly one is required`);
		}
		for (const key of endpoint.alwaysRequired ?? []) {
			if (!required.includes(key)) required.push(key);
		}
		for (const key of required) {
			if (data[key] === undefined || data[key] === '') problems.push(`${key}: required`);
		}
		for (const [key, value] of Object.entries(data)) {
			if (key === 'loras' && endpoint.model === 'wan-t2v') continue;
			if (key === 'extra') {
				const problem = this.checkNovitaExtra(value);
				if (problem) problems.push(problem);
				continue;
			}
			const check = endpoint.fields[key];
			if (!check) problems.push(`${key}: unknown field`);
			else {
				const message = checkValue(key, check, value);
				if (message) problems.push(`${key}: ${message}`);
			}
		}
		if (
			(data.width !== undefined || data.height !== undefined) &&
			!NOVITA_SIZES.includes(`${String(data.width)}x${String(data.height)}`)
		) {
			problems.push(
				`width/height: ${String(data.width)}x${String(data.height)} is not a supported size`,
			);
		}
		if (data.loras !== undefined) {
			const loras = data.loras;
			if (!Array.isArray(loras) || loras.length > 3) problems.push('loras: at most 3 entries');
			else {
				for (const lora of loras as Array<Record<string, unknown>>) {
					if (typeof lora.path !== 'string' || !lora.path) problems.push('loras.path: required');
					if (typeof lora.scale !== 'number' || lora.scale < 0 || lora.scale > 4)
						problems.push('loras.scale: must be 0..4');
					if (Object.keys(lora).some((k) => k !== 'path' && k !== 'scale'))
						problems.push('loras: unknown field');
				}
			}
		}
		if (problems.length)
			return send(400, this.novitaError(400, 'INVALID_REQUEST_BODY', problems.join('; ')));
		const job = this.addJob('novita', endpoint.model, data);
		job.taskType = endpoint.taskType;
		const webhook = (data.extra as { webhook?: { url?: string } } | undefined)?.webhook?.url;
		if (webhook) this.scheduleCallback(job, webhook);
		this.answerCreated(exchange, 200, { task_id: job.id }, {});
	}

	/**
	 * A create body as one level of keys: a nested body's `input` and `parameters` become
	 * `input.x` and `parameters.y` (anything else at its top, `extra` aside, is a problem).
	 */
	private novitaFields(
		body: unknown,
		nested: boolean,
		problems: string[],
	): Record<string, unknown> {
		const data = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
		if (!nested) return data;
		const fields: Record<string, unknown> = {};
		for (const [key, value] of Object.entries(data)) {
			if (key === 'extra') fields.extra = value;
			else if ((key === 'input' || key === 'parameters') && value && typeof value === 'object') {
				for (const [inner, innerValue] of Object.entries(value))
					fields[`${key}.${inner}`] = innerValue;
			} else problems.push(`${key}: unknown field (this model takes input and parameters)`);
		}
		return fields;
	}

	/** `extra` may carry `{ webhook: { url, test_mode? } }`; anything else in it is refused. */
	private checkNovitaExtra(value: unknown): string | undefined {
		const extra = value as { webhook?: { url?: unknown } } | null;
		if (!extra || typeof extra !== 'object' || Array.isArray(extra))
			return 'extra: must be an object';
		if (extra.webhook === undefined) return undefined;
		const url = extra.webhook?.url;
		return typeof url === 'string' && /^https?:\/\/\S+$/.test(url)
			? undefined
			: 'extra.webhook.url: must be an http(s) URL';
	}

	/**
	 * Novita POSTs `{ event_type: 'ASYNC_TASK_RESULT', payload }` to the task's webhook when it
	 * ends; the payload has the task-result shape. Deliveries are recorded in `callbacks`.
	 */
	private scheduleCallback(job: Job, url: string): void {
		if (this.config.neverFinish) return;
		const timer = setTimeout(() => {
			this.timers.delete(timer);
			// Timers may fire a millisecond early: the task has ended by definition here.
			job.doneAt ??= job.createdAt + job.durationMs;
			const payload = this.novitaResult(job, job.failReason ? 'error' : 'completed');
			const delivery: CallbackDelivery = { jobId: job.id, url, at: Date.now(), status: 0 };
			this.callbacks.push(delivery);
			job.reportedAt ??= Date.now();
			const text = JSON.stringify({ event_type: 'ASYNC_TASK_RESULT', payload });
			const request = http.request(
				url,
				{ method: 'POST', headers: { 'Content-Type': 'application/json' } },
				(res) => {
					delivery.status = res.statusCode ?? 0;
					res.resume();
				},
			);
			request.on('error', (error) => {
				delivery.error = error.message;
			});
			request.end(text);
		}, job.durationMs + this.config.callbackDelayMs);
		this.timers.add(timer);
	}

	private addJob(
		provider: 'aimlapi' | 'novita',
		model: string,
		body: Record<string, unknown>,
	): Job {
		const index = this.jobs.size;
		const id = provider === 'novita' ? randomUUID() : this.newAimlId(model, index);
		const prompt = String(body.prompt ?? '');
		const base = { id, provider, model, body, createdAt: Date.now(), fetches: 0, index };
		const duration =
			typeof this.config.jobDurationMs === 'function'
				? this.config.jobDurationMs(base)
				: this.config.jobDurationMs;
		const job: Job = {
			...base,
			durationMs: duration,
			failReason: prompt.includes(this.config.failMarker)
				? 'The prompt was rejected by the content filter'
				: undefined,
		};
		this.jobs.set(id, job);
		return job;
	}

	private newAimlId(model: string, index: number): string {
		const format =
			this.config.idFormat === 'rotate'
				? (['uuidModel', 'uuid', 'nanoid'] as const)[index % 3]
				: this.config.idFormat;
		if (format === 'uuid') return randomUUID();
		if (format === 'nanoid') return nanoid();
		return `${randomUUID()}:${model}`;
	}

	private stateOf(job: Job): 'queued' | 'generating' | 'completed' | 'error' {
		const elapsed = Date.now() - job.createdAt;
		if (this.config.neverFinish) return elapsed < job.durationMs * 0.2 ? 'queued' : 'generating';
		if (elapsed < job.durationMs * 0.2) return 'queued';
		if (elapsed < job.durationMs) return 'generating';
		job.doneAt ??= job.createdAt + job.durationMs;
		return job.failReason ? 'error' : 'completed';
	}

	videoUrlFor(job: Job): string {
		const expires = Date.now() + this.config.linkTtlMs;
		const name = encodeURIComponent(job.id.replace(/[^A-Za-z0-9-]/g, '_'));
		return `${this.config.videoUrlOrigin ?? this.cdnUrl}/videos/${name}.mp4?Expires=${expires}&Signature=${randomBytes(8).toString('hex')}`;
	}

	private aimlResult(job: Job, state: ReturnType<ApiEmulator['stateOf']>): unknown {
		const result: Record<string, unknown> = {
			id: job.id,
			status: state,
			video: null,
			error: null,
			meta: null,
		};
		if (state === 'completed') {
			const contract = AIML_CONTRACT[job.model];
			const video = this.config.completedWithoutUrl ? {} : { url: this.videoUrlFor(job) };
			result.video = contract?.videoList ? [video] : video;
			const usage: Record<string, number> = { credits_used: 120000 + job.index };
			if (contract?.usdSpent) usage.usd_spent = 0.06 + job.index / 100;
			result.meta = { usage };
		}
		if (state === 'error') {
			result.error =
				this.config.failureShape === 'detail'
					? { detail: [{ msg: job.failReason, type: 'value_error' }] }
					: { name: 'GenerationError', message: job.failReason };
		}
		return result;
	}

	private novitaResult(job: Job, state: ReturnType<ApiEmulator['stateOf']>): unknown {
		const status = {
			queued: 'TASK_STATUS_QUEUED',
			generating: 'TASK_STATUS_PROCESSING',
			completed: 'TASK_STATUS_SUCCEED',
			error: 'TASK_STATUS_FAILED',
		}[state];
		const elapsed = Date.now() - job.createdAt;
		return {
			task: {
				task_id: job.id,
				task_type: job.taskType ?? 'WAN_T2V',
				status,
				reason: state === 'error' ? job.failReason : '',
				eta: Math.max(0, Math.round((job.durationMs - elapsed) / 1000)),
				progress_percent: Math.min(100, Math.round((elapsed / job.durationMs) * 100)),
			},
			videos:
				state === 'completed'
					? [
							{
								video_url: this.videoUrlFor(job),
								video_url_ttl: String(this.config.linkTtlMs / 1000),
								video_type: 'mp4',
							},
						]
					: [],
			extra: { seed: typeof job.body.seed === 'number' && job.body.seed >= 0 ? job.body.seed : 42 },
		};
	}

	/**
	 * `GET /v1/models/deprecations`: no key; filters `status` (comma list) and `since`
	 * (YYYY-MM-DD, on deprecated_at); a weak ETag, and 304 when the client has it already.
	 */
	private answerDeprecations(req: http.IncomingMessage, url: URL, exchange: Exchange): void {
		const statuses = url.searchParams.get('status')?.split(',').filter(Boolean);
		const since = url.searchParams.get('since');
		const data = this.config.deprecations.filter(
			(entry) =>
				(!statuses || statuses.includes(entry.status)) &&
				(!since || (entry.deprecated_at ?? '') >= since),
		);
		const etag = `W/"${createHash('sha1').update(JSON.stringify(data)).digest('hex').slice(0, 16)}"`;
		if (req.headers['if-none-match'] === etag) {
			exchange.record.status = 304;
			exchange.res.writeHead(304, { ETag: etag });
			return void exchange.res.end();
		}
		exchange.res.setHeader('ETag', etag);
		exchange.answer(200, { object: 'list', generated_at: new Date().toISOString(), data });
	}

	private modelList(): unknown {
		// The contract's models, then text-to-video models it does not detail (the id Wan 3.0
		// also has in AIML's docs, and another vendor's model).
		const entries = [
			...Object.keys(AIML_CONTRACT),
			'alibaba/wan3.0-video',
			'bytedance/seedance-1-0-lite-t2v',
			...this.config.deprecations
				.filter((entry) => entry.status === 'withdrawn')
				.map((entry) => entry.id),
		].map((id) => ({ id, name: id.split('/').pop() }));
		if (this.config.modelsForm === 'array') {
			return [
				...entries.map(({ id, name }) => ({
					id,
					type: 'video',
					info: { name, developer: 'Alibaba' },
					features: ['text-to-video'],
					endpoints: ['/v2/video/generations'],
				})),
				{
					id: 'alibaba/wan2.1-i2v-plus',
					type: 'video',
					info: { name: 'Wan I2V' },
					features: ['image-to-video'],
					endpoints: [],
				},
				{
					id: 'gpt-4o',
					type: 'chat-completion',
					info: { name: 'GPT-4o' },
					features: [],
					endpoints: [],
				},
			];
		}
		return {
			object: 'list',
			data: [
				...entries.map(({ id, name }) => ({
					id,
					aliases: [],
					type: 'internal/video-generations/submit',
					info: {
						name,
						developer: 'Alibaba',
						description: `${name} text to video`,
						docsUrl: `https://docs.aimlapi.com/${name}`,
						docsJson: '',
					},
					tags: ['video'],
					capabilities: ['text_to_video'],
				})),
				{
					id: 'alibaba/wan2.1-i2v-plus',
					aliases: [],
					type: 'internal/video-generations/submit',
					info: { name: 'Wan I2V' },
					tags: [],
					capabilities: ['image_to_video'],
				},
				{ id: 'flux/schnell', aliases: [], type: 'image', info: { name: 'Flux' }, tags: [] },
			],
		};
	}

	private aimlError(status: number, message: string, pathname: string): Record<string, unknown> {
		return {
			message,
			path: pathname,
			requestId: randomUUID(),
			statusCode: String(status),
			timestamp: new Date().toISOString(),
		};
	}

	private novitaError(
		status: number,
		reason: string,
		message = defaultMessage(status),
	): Record<string, unknown> {
		return { code: status, reason, message, metadata: {} };
	}

	// ---- CDN ----------------------------------------------------------------------------------

	private handleCdn(req: http.IncomingMessage, res: http.ServerResponse): void {
		const url = new URL(req.url ?? '/', this.cdnUrl);
		const record: RecordedRequest = {
			origin: 'cdn',
			route: 'cdn',
			method: req.method ?? 'GET',
			url: req.url ?? '/',
			path: url.pathname,
			query: Object.fromEntries(url.searchParams),
			headers: req.headers,
			rawBody: '',
			at: Date.now(),
		};
		this.requests.push(record);
		res.on('close', () => (record.endedAt = Date.now()));
		// Input images for image-to-video workflows: /images/<name>.png (or .jpg), never expiring.
		if (url.pathname.startsWith('/images/')) return this.answerImage(res, record, url);
		const fault = this.takeFault('cdn');
		if (fault?.kind === 'reset') {
			record.status = 0;
			req.socket.destroy();
			return;
		}
		// The link is checked when the request arrives (as S3 checks a signature); a `slow` fault
		// then holds back whatever the answer is.
		const expires = Number(url.searchParams.get('Expires'));
		const refused = fault?.kind === 'status' || !expires || expires < Date.now();
		record.status = refused ? (fault?.status ?? 403) : 200;
		if (fault?.kind === 'slow') {
			const timer = setTimeout(() => {
				this.timers.delete(timer);
				this.answerCdn(req, res, record, record.status ?? 200, fault);
			}, fault.delayMs ?? 1000);
			this.timers.add(timer);
			return;
		}
		this.answerCdn(req, res, record, record.status, fault);
	}

	/** A small real PNG (or the same bytes labelled JPEG for .jpg), padded to `?bytes=`. */
	private answerImage(res: http.ServerResponse, record: RecordedRequest, url: URL): void {
		const size = Math.max(TINY_PNG.length, Number(url.searchParams.get('bytes')) || 0);
		const body = Buffer.alloc(size);
		TINY_PNG.copy(body);
		const type = url.pathname.endsWith('.jpg') ? 'image/jpeg' : 'image/png';
		record.status = 200;
		res.writeHead(200, { 'Content-Type': type, 'Content-Length': String(body.length) });
		res.end(body);
	}

	private answerCdn(
		req: http.IncomingMessage,
		res: http.ServerResponse,
		record: RecordedRequest,
		status: number,
		fault: Fault | undefined,
	): void {
		if (status !== 200) {
			// What S3 answers: an expired or bad signature, a missing key, a removed object.
			const [code, message] = CDN_ERRORS[status] ?? ['AccessDenied', 'Request has expired'];
			res.writeHead(status, { 'Content-Type': 'application/xml' });
			res.end(
				`<?xml version="1.0"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`,
			);
			return;
		}
		if (fault && this.hostileCdn(req, res, record, fault)) return;
		const size = this.config.videoSizeBytes;
		const headers: Record<string, string> = { 'Content-Length': String(size) };
		if (this.config.cdnContentType) headers['Content-Type'] = this.config.cdnContentType;
		res.writeHead(200, headers);
		if (fault?.kind === 'truncated') {
			res.write(TINY_MP4.subarray(0, Math.min(TINY_MP4.length, 512)));
			setTimeout(() => req.socket.destroy(), 10);
			return;
		}
		// The real file first, then zeros up to the size asked for, in chunks (never all in memory).
		let sent = 0;
		const zeros = Buffer.alloc(1 << 20);
		const hash = createHash('sha256');
		const pump = () => {
			while (sent < size) {
				const chunk =
					sent < TINY_MP4.length
						? TINY_MP4.subarray(sent, Math.min(TINY_MP4.length, size))
						: zeros.subarray(0, Math.min(zeros.length, size - sent));
				sent += chunk.length;
				hash.update(chunk as NodeJS.ArrayBufferView);
				record.servedBytes = sent;
				if (!res.write(chunk)) return void res.once('drain', pump);
			}
			record.servedSha256 = hash.digest('hex');
			res.end();
		};
		pump();
	}

	/** The CDN's hostile answers; true when one was sent. */
	private hostileCdn(
		req: http.IncomingMessage,
		res: http.ServerResponse,
		record: RecordedRequest,
		fault: Fault,
	): boolean {
		const size = fault.sizeBytes ?? 1 << 20;
		switch (fault.kind) {
			case 'trickle':
				this.trickle(req, res, record, fault, 'video/mp4');
				return true;
			case 'html':
				res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
				res.end('<!DOCTYPE html><html><body><h1>Sign in to continue</h1></body></html>');
				return true;
			case 'json':
				res.writeHead(200, { 'Content-Type': 'application/json' });
				res.end(JSON.stringify({ error: 'not found' }));
				return true;
			case 'redirect':
				record.status = 302;
				res.writeHead(302, { Location: fault.location ?? '/' });
				res.end();
				return true;
			case 'gzip': {
				const inflated = new Uint8Array(size);
				inflated.set(TINY_MP4 as Uint8Array);
				const body = gzipSync(inflated);
				record.servedBytes = body.length;
				res.writeHead(200, {
					'Content-Type': 'video/mp4',
					'Content-Encoding': 'gzip',
					'Content-Length': String(body.length),
				});
				res.end(body);
				return true;
			}
			case 'oversize': {
				const headers: Record<string, string> = { 'Content-Type': 'video/mp4' };
				if (fault.declareLength !== undefined && fault.declareLength !== false) {
					headers['Content-Length'] = String(
						typeof fault.declareLength === 'number' ? fault.declareLength : size,
					);
				}
				res.writeHead(200, headers);
				let sent = 0;
				const chunk = Buffer.alloc(64 * 1024);
				const pump = () => {
					while (sent < size && !res.destroyed) {
						const piece = chunk.subarray(0, Math.min(chunk.length, size - sent));
						sent += piece.length;
						record.servedBytes = sent;
						if (!res.write(piece)) return void res.once('drain', pump);
					}
					res.end();
				};
				pump();
				return true;
			}
			default:
				return false;
		}
	}
}

/** A JSON text of `payload` with a `padding` field that brings it to about `size` bytes. */
/** A 1x1 PNG. */
export const TINY_PNG = Buffer.from(
	'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
	'base64',
);

function padJson(payload: unknown, size: number): string {
	const base = JSON.stringify({ ...(payload as Record<string, unknown>), padding: '' });
	return JSON.stringify({
		...(payload as Record<string, unknown>),
		padding: 'x'.repeat(Math.max(0, size - base.length)),
	});
}

/** S3's error codes for the file host's refusals other than an expired link (403). */
const CDN_ERRORS: Record<number, [string, string]> = {
	404: ['NoSuchKey', 'The specified key does not exist.'],
	410: ['Gone', 'The object is no longer available.'],
};

function defaultMessage(status: number): string {
	return (
		(
			{
				400: 'Body validation error!',
				401: 'This request requires a valid API key',
				403: "You've run out of credits. Please top up your balance",
				404: '-',
				429: 'Too Many Requests',
				500: 'Internal server error',
				502: 'Bad Gateway',
				503: 'Service unavailable',
				504: 'Generation timeout',
			} as Record<number, string>
		)[status] ?? 'Error'
	);
}
