/**
 * The hostile suite (issue 19): servers on 127.0.0.1 that misbehave on purpose, against a real
 * workflow run in n8n-core. One row per class of the issue: downloads bounded in size, time and
 * type; API answers bounded in time and size; no key in anything saved; ids from answers checked;
 * limits enforced whatever an expression gives; time bounds on back-offs; no private addresses.
 * Every row also checks what holds for every fault: at most one generation per item, and the
 * key nowhere in the run data, the error or the log. A summary is printed at the end.
 * The filesystem binary mode row is in hostile-disk.test.ts (n8n-core sets the mode once).
 */
import type { IDataObject } from 'n8n-workflow';

import type { Fault } from '../../tools/emulator/server';
import type { RunResult } from '../../tools/harness/workflow';
import { AIML_KEY, credentialsFor, model, NOVITA_KEY, run, useEmulator } from './helpers';

const ctx = useEmulator();
const WAIT = { pollInterval: 0.05, maxWait: 15 };
const turbo = model('alibaba/wan2.1-t2v-turbo');
const MB = 1024 * 1024;

interface Row {
	row: string;
	outcome: string;
	ms: number;
}
const rows: Row[] = [];

afterAll(() => {
	// Printed for the closing note, not asserted on (each row asserts its own case). The outcome
	// column says "refused" or "item …": a passing run prints no line that starts with "error".
	process.stdout.write(
		`\nhostile suite: ${rows.length} rows, every one through n8n-core's WorkflowExecute\n` +
			rows
				.map((r) => `  ${r.row.padEnd(52)} ${String(r.ms).padStart(6)} ms  ${r.outcome}`)
				.join('\n') +
			'\n',
	);
});

/**
 * Everything a run leaves behind that n8n could save or print: run data, errors (every own
 * property, `errorResponse` and `cause` included, not only what their toJSON shows) and log lines.
 */
function savedText(result: RunResult): string {
	const seen = new WeakSet<object>();
	const plain = (value: unknown, depth: number): unknown => {
		if (value === null || typeof value !== 'object') return value;
		if (seen.has(value) || depth > 40) return '[seen]';
		seen.add(value);
		if (Array.isArray(value)) return value.map((entry) => plain(entry, depth + 1));
		const names = value instanceof Error ? Object.getOwnPropertyNames(value) : Object.keys(value);
		const out: Record<string, unknown> = {};
		for (const name of names) {
			out[name] = plain((value as Record<string, unknown>)[name], depth + 1);
		}
		return out;
	};
	return JSON.stringify(plain({ run: result.run, error: result.error, logs: result.logs }, 0));
}

async function hostile(
	row: string,
	faults: Fault[],
	parameters: IDataObject = {},
	credentials = credentialsFor(ctx.emulator),
): Promise<RunResult & { ms: number }> {
	for (const fault of faults) ctx.emulator.inject(fault);
	const started = Date.now();
	const result = await run(ctx.emulator, {
		parameters: { operation: 'create', model: turbo, prompt: 'a fox', ...WAIT, ...parameters },
		credentials,
	});
	const ms = Date.now() - started;
	const json = result.items[0]?.json;
	rows.push({
		row,
		ms,
		outcome: json
			? `item ${String(json.status)}${json.error ? `: ${String(json.error).slice(0, 60)}` : ''}`
			: `refused: ${String(result.error?.message).slice(0, 70)}`,
	});
	expect(ctx.emulator.jobs.size).toBeLessThanOrEqual(1);
	expect(
		ctx.emulator.sent('create').filter((r) => r.status && r.status < 300).length,
	).toBeLessThanOrEqual(1);
	expect(savedText(result)).not.toContain(AIML_KEY);
	return { ...result, ms };
}

const jobId = () => [...ctx.emulator.jobs.keys()][0];
const cdnRequests = () => ctx.emulator.requests.filter((r) => r.origin === 'cdn');

describe('1. downloads: bounded in size, encoding, time and type', () => {
	test('Content-Length over Maximum Video Size: refused before the body is read', async () => {
		const result = await hostile(
			'cdn: Content-Length 10 GB, limit 1 MB',
			[
				{
					route: 'cdn',
					kind: 'oversize',
					sizeBytes: 64 * MB,
					declareLength: 10 * 1024 * MB,
					times: 1,
				},
			],
			{ options: { maxVideoSize: 1 } },
		);
		expect(result.error?.message).toContain(`generation ${jobId()}`);
		expect(result.error?.message).toContain('larger than Maximum Video Size (1 MB)');
		expect(result.error?.message).toContain('announced 10240 MB');
		// Not retried, and the body was let go of at once.
		expect(cdnRequests()).toHaveLength(1);
		expect(cdnRequests()[0].servedBytes ?? 0).toBeLessThan(32 * MB);
	});

	test('no Content-Length, more bytes than the limit: cut off at the limit', async () => {
		const result = await hostile(
			'cdn: 64 MB without Content-Length, limit 1 MB',
			[{ route: 'cdn', kind: 'oversize', sizeBytes: 64 * MB, times: 1 }],
			{ options: { maxVideoSize: 1 } },
		);
		expect(result.error?.message).toContain('larger than Maximum Video Size (1 MB)');
		expect(result.items).toHaveLength(0);
		expect(cdnRequests()[0].servedBytes ?? 0).toBeLessThan(32 * MB);
	});

	test('a gzip body: identity is asked for, and the inflated bytes are capped', async () => {
		const result = await hostile(
			'cdn: gzip inflating to 64 MB, limit 1 MB',
			[{ route: 'cdn', kind: 'gzip', sizeBytes: 64 * MB, times: 1 }],
			{ options: { maxVideoSize: 1 } },
		);
		expect(cdnRequests()[0].headers['accept-encoding']).toBe('identity');
		expect(result.error?.message).toContain('larger than Maximum Video Size (1 MB)');
	});

	test('a file host that trickles a byte at a time: given up at the deadline', async () => {
		const result = await hostile(
			'cdn: 1 byte / 100 ms for 12 s, maxWait 2 s',
			[{ route: 'cdn', kind: 'trickle', delayMs: 100, durationMs: 12_000, times: 3 }],
			{ maxWait: 2, options: { requestTimeout: 0.5 } },
		);
		expect(result.error?.message).toContain(`download of the video of generation ${jobId()}`);
		expect(result.error?.message).toContain('did not finish within');
		// Maximum Wait counts from the node's start; Request Timeout is the floor of one download.
		expect(result.ms).toBeLessThan(5_000);
	});

	test.each([
		['html', 'text/html'],
		['json', 'application/json'],
	] as const)(
		'a 200 %s page: not stored as a video, the error names the id',
		async (kind, type) => {
			const result = await hostile(`cdn: 200 ${type} page`, [{ route: 'cdn', kind, times: 1 }]);
			expect(result.error?.message).toContain(`generation ${jobId()}`);
			expect(result.error?.message).toContain(`with ${type} instead of a video`);
			expect(result.items).toHaveLength(0);
		},
	);

	test('a generic binary type or none is still a video', async () => {
		ctx.emulator.config.cdnContentType = 'binary/octet-stream';
		const result = await hostile('cdn: binary/octet-stream (allowed)', []);
		expect(result.items[0].json.status).toBe('completed');
		expect(result.items[0].binary?.data.mimeType).toBe('video/mp4');
	});
});

describe('both packages: the Novita AI Video node shares the engine', () => {
	const novita = { provider: 'novita', model: undefined, prompt: 'a fox' };

	test('Novita: a 200 HTML page from the file host is not stored as a video', async () => {
		const result = await hostile(
			'novita cdn: 200 text/html page',
			[{ route: 'cdn', kind: 'html', times: 1 }],
			novita,
		);
		expect(result.error?.message).toContain(`generation ${jobId()}`);
		expect(result.error?.message).toContain('with text/html instead of a video');
	});

	test('Novita: a video link on the metadata address is refused', async () => {
		ctx.emulator.config.videoUrlOrigin = 'http://169.254.169.254';
		const result = await hostile('novita: video link on 169.254.169.254', [], novita);
		expect(result.error?.message).toContain('points at a link-local address (169.254.169.254)');
	});

	test('Novita: an error body echoing the key is scrubbed', async () => {
		const result = await hostile(
			'novita create: 400 body echoing the key',
			[{ route: 'create', kind: 'echoKey', status: 400, times: 1 }],
			novita,
		);
		expect(result.error).toBeDefined();
		expect(savedText(result)).not.toContain(NOVITA_KEY);
		expect(savedText(result)).toContain('[redacted]');
	});
});

describe('2. API answers: bounded in time and size', () => {
	test('a status answer that trickles: each request ends at Request Timeout, the wait at Maximum Wait', async () => {
		const result = await hostile(
			'fetch: trickling answers, maxWait 2 s',
			[{ route: 'fetch', kind: 'trickle', delayMs: 100, durationMs: 12_000, times: 100 }],
			{ maxWait: 2, options: { requestTimeout: 0.5 } },
		);
		expect(result.items[0].json.status).not.toBe('completed');
		expect(result.items[0].json.timedOut).toBe(true);
		expect(String(result.items[0].json.lastPollError)).toContain(
			'No answer from the AIML API within 0.5 s',
		);
		expect(result.ms).toBeLessThan(4_500);
	});

	test('a create answer that trickles: given up at Request Timeout, not sent again', async () => {
		const result = await hostile(
			'create: trickling answer',
			[{ route: 'create', kind: 'trickle', delayMs: 100, durationMs: 12_000, times: 1 }],
			{ options: { requestTimeout: 0.5 } },
		);
		expect(result.error?.message).toContain('No answer from the AIML API within 0.5 s');
		expect(result.error?.message).toContain('A generation may have started');
		expect(ctx.emulator.sent('create')).toHaveLength(1);
		expect(result.ms).toBeLessThan(4_000);
	});

	test('a 9 MB status answer: refused with a clear error', async () => {
		const result = await hostile('fetch: 9 MB JSON answer', [
			{ route: 'fetch', kind: 'huge', sizeBytes: 9 * MB, times: 100 },
		]);
		expect(result.error?.message).toContain(
			'answered the status request with more than 8 MB of JSON',
		);
		expect(result.error?.description).toContain(`Generation id: ${jobId()}`);
	});

	test('a small gzip answer that inflates to 64 MB: refused, not inflated whole', async () => {
		const result = await hostile('fetch: gzip JSON inflating to 64 MB', [
			{ route: 'fetch', kind: 'huge', sizeBytes: 64 * MB, gzip: true, times: 100 },
		]);
		expect(result.error?.message).toContain('more than 8 MB of JSON');
	});

	test('a 200 KB answer: the item keeps at most 64 KB of it in `response`, and says so', async () => {
		const result = await hostile('fetch: 200 KB answers (response trimmed)', [
			{ route: 'fetch', kind: 'huge', sizeBytes: 200 * 1024, times: 100 },
		]);
		const json = result.items[0].json;
		expect(json.status).toBe('completed');
		expect(json.responseTruncated).toBe(true);
		expect(json.responseBytes).toBeGreaterThan(200 * 1000);
		expect(JSON.stringify(json.response).length).toBeLessThanOrEqual(64 * 1024);
		expect((json.response as IDataObject).id).toBe(jobId());
		expect((json.response as IDataObject).padding).toBeUndefined();
	});
});

describe('3. no key in anything saved', () => {
	test('an error body that echoes the key in objects, arrays and field names: scrubbed', async () => {
		const result = await hostile('create: 400 body echoing the key, any shape', [
			{ route: 'create', kind: 'echoKey', status: 400, times: 1 },
		]);
		expect(result.error?.message).toContain('refused the request');
		expect(savedText(result)).toContain('[redacted]');
	});

	test('a 2xx status answer that echoes the key: scrubbed in `response`', async () => {
		const result = await hostile('fetch: 200 answers echoing the key', [
			{ route: 'fetch', kind: 'echoKey', status: 200, times: 100 },
		]);
		expect(result.items[0].json.status).toBe('completed');
		expect(JSON.stringify(result.items[0].json.response)).toContain('[redacted]');
	});

	test('a create answered 503 with the key echoed: scrubbed in the error and its body', async () => {
		const result = await hostile('create: 503 body echoing the key', [
			{ route: 'create', kind: 'echoKey', status: 503, times: 1 },
		]);
		expect(result.error?.message).toContain('A generation may have started');
		expect(savedText(result)).toContain('[redacted]');
	});
});

describe('5. ids from answers are checked like typed ones', () => {
	test('a create answer whose id holds CR/LF: refused, said to have maybe started, no raw CR/LF logged', async () => {
		const result = await hostile('create: id with CR/LF and a forged line', [
			{ route: 'create', kind: 'badId', times: 1 },
		]);
		expect(result.error?.message).toContain('malformed generation id');
		expect(result.error?.message).toContain('A generation may have started');
		expect(result.error?.message).not.toMatch(/[\r\n]/);
		for (const entry of result.logs) expect(entry.message).not.toMatch(/[\r\n]/);
		expect(ctx.emulator.sent('fetch')).toHaveLength(0);
	});
});

describe('6. limits enforced in the engine, whatever an expression gives', () => {
	test.each([
		[
			'Poll Interval 0.001 s',
			{ pollInterval: '={{ 0.001 }}' },
			'Poll Interval must be at least 0.05',
		],
		[
			'Concurrency 300',
			{ options: { concurrency: '={{ 300 }}' } },
			'Concurrency must be at most 50',
		],
		[
			'Request Timeout 2,200,000 s (past the 2^31 ms timer)',
			{ options: { requestTimeout: '={{ 2200000 }}' } },
			'Request Timeout must be at most 86400',
		],
		[
			'Maximum Wait 10^9 s',
			{ maxWait: '={{ 1000000000 }}' },
			'Maximum Wait must be at most 604800',
		],
		[
			'Maximum Video Size 20,000 MB',
			{ options: { maxVideoSize: '={{ 20000 }}' } },
			'Maximum Video Size must be at most 10240',
		],
	])('%s: a clear error, no request sent', async (name, parameters, message) => {
		const result = await hostile(`limit: ${name}`, [], parameters as IDataObject);
		expect(result.error?.message).toContain(message);
		expect(ctx.emulator.requests).toHaveLength(0);
	});
});

describe('7. time bounds', () => {
	test("a create's 429 with Retry-After past Maximum Wait: fails at once, rate-limited, nothing created", async () => {
		const result = await hostile(
			'create: 429 Retry-After 3600, maxWait 2 s',
			[{ route: 'create', kind: 'status', status: 429, retryAfter: '3600', times: 100 }],
			{ maxWait: 2 },
		);
		expect(result.error?.message).toContain('rate limiting requests (HTTP 429)');
		expect(result.error?.message).toContain('asks to wait 3600 s, longer than Maximum Wait leaves');
		expect(result.error?.message).toContain('nothing was created');
		expect(result.error?.message).not.toContain('may have started');
		expect(ctx.emulator.sent('create')).toHaveLength(1);
		expect(ctx.emulator.jobs.size).toBe(0);
		expect(result.ms).toBeLessThan(2_000);
	});

	test("Retry-After on status checks: the job's next check waits for it", async () => {
		const result = await hostile(
			'fetch: 429 Retry-After 2 always, poll 0.05 s',
			[{ route: 'fetch', kind: 'status', status: 429, retryAfter: '2', times: 100 }],
			{ maxWait: 4.5 },
		);
		expect(result.items[0].json.timedOut).toBe(true);
		const at = ctx.emulator.sent('fetch').map((r) => r.at);
		expect(at.length).toBeGreaterThanOrEqual(2);
		for (let i = 1; i < at.length; i++) expect(at[i] - at[i - 1]).toBeGreaterThanOrEqual(1_900);
	});

	test('the deprecations lookup obeys Request Timeout', async () => {
		const result = await hostile(
			'deprecations: feed answering after 3 s, timeout 0.3 s',
			[{ route: 'deprecations', kind: 'slow', delayMs: 3_000, times: 1 }],
			{ model: model('alibaba/wan2.1-t2v-preview'), options: { requestTimeout: 0.3 } },
		);
		expect(result.error?.message).toBe('The AIML API does not know this resource (item 0)');
		expect(ctx.emulator.sent('deprecations')).toHaveLength(1);
		expect(result.ms).toBeLessThan(2_000);
	});
});

describe('8. private addresses', () => {
	test.each([
		['http://10.0.0.1:9', 'a private address (10.0.0.1:9)'],
		['http://169.254.169.254', 'a link-local address (169.254.169.254)'],
		['http://[fd00::1]:9', 'a unique-local address ([fd00::1]:9)'],
	])('API on 127.0.0.1, video link on %s: refused, never fetched', async (origin, what) => {
		ctx.emulator.config.videoUrlOrigin = origin;
		const result = await hostile(`video link on ${origin} (API on loopback)`, [], {
			options: { requestTimeout: 0.5 },
		});
		expect(result.error?.message).toContain(
			`The video URL of generation ${jobId()} points at ${what}`,
		);
		expect(cdnRequests()).toHaveLength(0);
	});

	test('a redirect from the file host to the metadata address: refused', async () => {
		const result = await hostile('cdn: 302 to 169.254.169.254', [
			{
				route: 'cdn',
				kind: 'redirect',
				location: 'http://169.254.169.254/latest/meta-data/',
				times: 1,
			},
		]);
		expect(result.error?.message).toContain('points at a link-local address (169.254.169.254)');
	});

	test('API on loopback, video link on loopback (localhost): allowed, the emulator case', async () => {
		ctx.emulator.config.videoUrlOrigin = ctx.emulator.cdnUrl.replace('127.0.0.1', 'localhost');
		const result = await hostile('video link on localhost (API on loopback)', []);
		expect(result.items[0].json.status).toBe('completed');
		expect(cdnRequests()).toHaveLength(1);
	});
});
