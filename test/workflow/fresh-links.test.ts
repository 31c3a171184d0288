/**
 * Expired video links (issue 12): when the file host refuses a signed link (403, 404 or 410),
 * the node asks the API for the generation again, which signs a fresh link, and downloads
 * that; a bounded number of times, then it fails naming the generation. For both providers,
 * both operations, and a batch whose downloads wait their turn behind the download limit.
 */
import type { IDataObject } from 'n8n-workflow';

import type { RecordedRequest } from '../../tools/emulator/server';
import { TINY_MP4 } from '../../tools/emulator/server';
import type { RunResult } from '../../tools/harness/workflow';
import { binaryBuffer } from '../../tools/harness/workflow';
import { AIML_KEY, FAST_WAIT, model, NOVITA_KEY, run, useEmulator, visibleText } from './helpers';

const ctx = useEmulator();

type ProviderId = 'aimlapi' | 'novita';
const PROVIDERS: Record<ProviderId, { parameters: IDataObject; idParam: string; key: string }> = {
	aimlapi: {
		parameters: { provider: 'aimlapi', model: model('alibaba/wan2.1-t2v-turbo') },
		idParam: 'generation_id',
		key: AIML_KEY,
	},
	novita: { parameters: { provider: 'novita' }, idParam: 'task_id', key: NOVITA_KEY },
};

/** The emulator's signed links live this long; a slow status answer outlives them. */
const LINK_TTL_MS = 600;
const SLOWER_THAN_TTL_MS = 900;

/** The requests about one generation, in arrival order: its status requests and downloads. */
function requestsFor(provider: ProviderId, id: string, from = 0): RecordedRequest[] {
	const job = ctx.emulator.jobs.get(id);
	if (!job) throw new Error(`no job ${id}`);
	const videoPath = new URL(ctx.emulator.videoUrlFor(job)).pathname;
	return ctx.emulator.requests
		.slice(from)
		.filter((r) =>
			r.origin === 'cdn'
				? r.path === videoPath
				: r.route === 'fetch' && r.query[PROVIDERS[provider].idParam] === id,
		);
}

const REFUSED = [403, 404, 410];

/**
 * Every refused download of the generation was followed by a status request, then by a
 * download of a new link (another signature); the last download got the file. Returns how
 * many downloads were refused.
 */
function expectEachRefusalRefreshed(provider: ProviderId, id: string, from = 0): number {
	const sequence = requestsFor(provider, id, from);
	const downloads = sequence.filter((r) => r.origin === 'cdn');
	expect(downloads.length).toBeGreaterThan(0);
	expect(downloads[downloads.length - 1].status).toBe(200);
	let refused = 0;
	sequence.forEach((request, index) => {
		if (request.origin !== 'cdn' || !REFUSED.includes(request.status ?? 0)) return;
		refused++;
		const [refresh, retry] = sequence.slice(index + 1, index + 3);
		expect(refresh).toMatchObject({ origin: 'api', route: 'fetch', status: 200 });
		expect(retry).toMatchObject({ origin: 'cdn' });
		expect(retry.query.Signature).not.toBe(request.query.Signature);
		expect(Number(retry.query.Expires)).toBeGreaterThan(Number(request.query.Expires));
	});
	// Downloads go out without credentials: the key belongs to the API host only.
	for (const download of downloads) {
		expect(download.headers.authorization).toBeUndefined();
		expect(JSON.stringify(download.headers)).not.toContain(PROVIDERS[provider].key);
	}
	return refused;
}

/** Status requests for the generation after its first download: each one signs a fresh link. */
function refreshesOf(provider: ProviderId, id: string, from = 0): number {
	const sequence = requestsFor(provider, id, from);
	const firstDownload = sequence.findIndex((r) => r.origin === 'cdn');
	return sequence.slice(firstDownload).filter((r) => r.route === 'fetch').length;
}

async function expectVideo(result: RunResult, index = 0): Promise<void> {
	expect(result.error).toBeUndefined();
	const item = result.items[index];
	expect(item.json.status).toBe('completed');
	expect(item.json.downloadFailed).toBeUndefined();
	expect((await binaryBuffer(item)).equals(TINY_MP4)).toBe(true);
}

/** A generation made by a run of its own (Create Video without waiting), for Get Video. */
async function createOne(provider: ProviderId): Promise<string> {
	const created = await run(ctx.emulator, {
		parameters: {
			...PROVIDERS[provider].parameters,
			operation: 'create',
			prompt: 'a fox',
			waitForCompletion: false,
		},
	});
	expect(created.error).toBeUndefined();
	return String(created.items[0].json.id);
}

type Operation = 'create (wait)' | 'get (wait)' | 'get (no wait)';
const OPERATIONS: Operation[] = ['create (wait)', 'get (wait)', 'get (no wait)'];

/**
 * Runs one operation on one generation; returns the run, the generation id and where in the
 * emulator's request log the run began.
 */
async function runOperation(
	provider: ProviderId,
	operation: Operation,
	extra: IDataObject = {},
	nodeSettings: IDataObject = {},
): Promise<{ result: RunResult; id: string; from: number }> {
	let parameters: IDataObject;
	if (operation === 'create (wait)') {
		parameters = { operation: 'create', prompt: 'a fox', ...FAST_WAIT };
	} else {
		const id = await createOne(provider);
		parameters =
			operation === 'get (wait)'
				? { operation: 'get', generationId: id, waitForCompletion: true, ...FAST_WAIT }
				: { operation: 'get', generationId: id };
	}
	const from = ctx.emulator.requests.length;
	const result = await run(ctx.emulator, {
		parameters: { ...PROVIDERS[provider].parameters, ...parameters, ...extra },
		nodeSettings,
	});
	const ids = [...ctx.emulator.jobs.keys()];
	expect(ids).toHaveLength(1);
	expect(ctx.emulator.sent('create')).toHaveLength(1);
	return { result, id: ids[0], from };
}

describe.each(['aimlapi', 'novita'] as ProviderId[])(
	'%s: expired link, fresh link, video',
	(provider) => {
		test.each(OPERATIONS)('%s: a link that expired before its download', async (operation) => {
			// The status answer that carries the link is slower than the link's life, so the first
			// download meets a really expired link (403 AccessDenied); the next status request is
			// answered at once and its link works.
			ctx.emulator.config.jobDurationMs = 0;
			ctx.emulator.config.linkTtlMs = LINK_TTL_MS;
			ctx.emulator.inject({ route: 'fetch', kind: 'slow', delayMs: SLOWER_THAN_TTL_MS, times: 1 });
			const { result, id, from } = await runOperation(provider, operation);
			await expectVideo(result);
			expect(result.items[0].json.id).toBe(id);
			const downloads = requestsFor(provider, id, from).filter((r) => r.origin === 'cdn');
			expect(downloads.map((r) => r.status)).toEqual([403, 200]);
			expect(expectEachRefusalRefreshed(provider, id, from)).toBe(1);
			expect(refreshesOf(provider, id, from)).toBe(1);
		});
	},
);

describe('a large batch whose downloads wait their turn', () => {
	test.each(['aimlapi', 'novita'] as ProviderId[])(
		'%s: 16 items, links expire in the download queue; every item completes, one create each',
		async (provider) => {
			// Concurrency 8 allows 4 downloads at once; each takes 600 ms at the CDN, so from the
			// fifth on a download starts after its 400 ms link has expired.
			const count = 16;
			ctx.emulator.config.linkTtlMs = 400;
			ctx.emulator.inject({ route: 'cdn', kind: 'slow', delayMs: 600, times: 1000 });
			const input = Array.from({ length: count }, (_, i) => ({ prompt: `item ${i}` }));
			const result = await run(ctx.emulator, {
				input,
				parameters: {
					...PROVIDERS[provider].parameters,
					operation: 'create',
					prompt: '={{ $json.prompt }}',
					...FAST_WAIT,
					options: { concurrency: 8 },
				},
			});
			expect(result.status).toBe('success');
			expect(result.items).toHaveLength(count);
			expect(ctx.emulator.sent('create')).toHaveLength(count);
			expect(ctx.emulator.jobs.size).toBe(count);

			const jobsByPrompt = new Map(
				[...ctx.emulator.jobs.values()].map((job) => [job.body.prompt, job]),
			);
			let refused = 0;
			for (const [i, item] of result.items.entries()) {
				const job = jobsByPrompt.get(`item ${i}`);
				expect(item.pairedItem).toEqual({ item: i });
				expect(item.json.id).toBe(job?.id);
				await expectVideo(result, i);
				const refusals = expectEachRefusalRefreshed(provider, String(job?.id));
				// Each refused download cost exactly one status request, no more.
				expect(refreshesOf(provider, String(job?.id))).toBe(refusals);
				refused += refusals;
			}
			// The scenario happened: the downloads queued behind the limit of 4 ...
			const downloads = ctx.emulator.requests.filter((r) => r.origin === 'cdn');
			const inFlight = downloads.map(
				(d) => downloads.filter((o) => o.at <= d.at && (o.endedAt ?? Infinity) > d.at).length,
			);
			expect(Math.max(...inFlight)).toBeLessThanOrEqual(4);
			// ... and the links of the later ones expired while they waited (12 of 16 wait at
			// least one 600 ms turn).
			expect(refused).toBeGreaterThanOrEqual(8);
		},
	);
});

describe('bounded: a file host that refuses every link', () => {
	test('the item fails after 2 fresh links, with the generation id; no endless loop', async () => {
		ctx.emulator.inject({ route: 'cdn', kind: 'status', status: 403, times: 1000 });
		const started = Date.now();
		const { result, id } = await runOperation('aimlapi', 'create (wait)');
		expect(result.status).toBe('error');
		expect(result.error?.message).toContain(`Could not download the video of generation ${id}`);
		expect(result.error?.message).toContain('HTTP 403');
		expect(String(result.error?.description)).toContain(`Generation id: ${id}`);
		// The first link and two fresh ones: 3 downloads, 2 status requests after the first.
		const downloads = ctx.emulator.requests.filter((r) => r.origin === 'cdn');
		expect(downloads.map((r) => r.status)).toEqual([403, 403, 403]);
		expect(new Set(downloads.map((r) => r.query.Signature)).size).toBe(3);
		expect(refreshesOf('aimlapi', id)).toBe(2);
		expect(Date.now() - started).toBeLessThan(10_000);
	});

	test.each(OPERATIONS)(
		'novita, %s, continue on fail: the id and the reason are in the output item',
		async (operation) => {
			ctx.emulator.config.jobDurationMs = 0;
			ctx.emulator.inject({ route: 'cdn', kind: 'status', status: 403, times: 1000 });
			const { result, id, from } = await runOperation(
				'novita',
				operation,
				{},
				{ onError: 'continueRegularOutput' },
			);
			expect(result.status).toBe('success');
			const json = result.items[0].json;
			expect(json).toMatchObject({ id, status: 'completed', downloadFailed: true, video: null });
			expect(String(json.error)).toContain(`generation ${id}`);
			expect(String(json.errorDescription)).toContain(`Get Video with id ${id}`);
			expect(result.items[0].binary).toBeUndefined();
			const downloads = requestsFor('novita', id, from).filter((r) => r.origin === 'cdn');
			expect(downloads).toHaveLength(3);
			expect(refreshesOf('novita', id, from)).toBe(2);
			expect(visibleText(result)).not.toContain(NOVITA_KEY);
		},
	);

	test('a batch of 3, every link refused: each item gets its own 2 refreshes, no more', async () => {
		ctx.emulator.inject({ route: 'cdn', kind: 'status', status: 410, times: 1000 });
		const result = await run(ctx.emulator, {
			input: [{ prompt: 'a' }, { prompt: 'b' }, { prompt: 'c' }],
			parameters: {
				...PROVIDERS.aimlapi.parameters,
				operation: 'create',
				prompt: '={{ $json.prompt }}',
				...FAST_WAIT,
			},
			nodeSettings: { onError: 'continueRegularOutput' },
		});
		expect(result.items.map((item) => item.json.downloadFailed)).toEqual([true, true, true]);
		for (const id of ctx.emulator.jobs.keys()) {
			expect(requestsFor('aimlapi', id).filter((r) => r.origin === 'cdn')).toHaveLength(3);
			expect(refreshesOf('aimlapi', id)).toBe(2);
		}
		expect(ctx.emulator.sent('create')).toHaveLength(3);
	});
});

describe('which refusals ask for a fresh link', () => {
	test.each(REFUSED)(
		'%i once: like an expired link, refreshed, the video arrives',
		async (status) => {
			ctx.emulator.inject({ route: 'cdn', kind: 'status', status, times: 1 });
			const { result, id } = await runOperation('aimlapi', 'create (wait)');
			await expectVideo(result);
			const downloads = requestsFor('aimlapi', id).filter((r) => r.origin === 'cdn');
			expect(downloads.map((r) => r.status)).toEqual([status, 200]);
			expect(expectEachRefusalRefreshed('aimlapi', id)).toBe(1);
			expect(refreshesOf('aimlapi', id)).toBe(1);
		},
	);

	test.each([401, 400])(
		'%i: not an expired link; no fresh link asked for, the item fails with the id',
		async (status) => {
			ctx.emulator.inject({ route: 'cdn', kind: 'status', status, times: 1 });
			const { result, id } = await runOperation('aimlapi', 'create (wait)');
			expect(result.status).toBe('error');
			expect(result.error?.message).toContain(`generation ${id}`);
			expect(result.error?.message).toContain(`HTTP ${status}`);
			expect(ctx.emulator.requests.filter((r) => r.origin === 'cdn')).toHaveLength(1);
			expect(refreshesOf('aimlapi', id)).toBe(0);
		},
	);

	test('a 500 is retried on the same link, without a fresh one', async () => {
		ctx.emulator.inject({ route: 'cdn', kind: 'status', status: 500, times: 1 });
		const { result, id } = await runOperation('aimlapi', 'create (wait)');
		await expectVideo(result);
		const downloads = ctx.emulator.requests.filter((r) => r.origin === 'cdn');
		expect(downloads.map((r) => r.status)).toEqual([500, 200]);
		expect(downloads[1].query.Signature).toBe(downloads[0].query.Signature);
		expect(refreshesOf('aimlapi', id)).toBe(0);
	});
});
