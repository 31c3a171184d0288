/**
 * The wait loop: batches polled together, adaptive polling, video download as binary, timeouts
 * that return pending items, cancellation, and Get Video on its own or after a timeout.
 */
import { TINY_MP4 } from '../../tools/emulator/server';
import { binaryBuffer } from '../../tools/harness/workflow';
import { FAST_WAIT, model, run, start, useEmulator } from './helpers';

const ctx = useEmulator();
const turbo = model('alibaba/wan2.1-t2v-turbo');

async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
	const end = Date.now() + timeoutMs;
	while (!condition()) {
		if (Date.now() > end) throw new Error('condition not met in time');
		await new Promise((resolve) => setTimeout(resolve, 10));
	}
}

describe('batches', () => {
	test('20 items with different durations: input order, one create each, polls only while pending', async () => {
		const durations = Array.from({ length: 20 }, (_, i) => 400 + ((i * 7) % 20) * 40); // 400..1160 ms
		ctx.emulator.config.jobDurationMs = (job) =>
			durations[Number(String(job.body.prompt).split(' ')[1])];
		const input = durations.map((_, i) => ({ prompt: `item ${i}` }));
		const interval = 0.1;
		const result = await run(ctx.emulator, {
			input,
			parameters: {
				operation: 'create',
				model: turbo,
				prompt: '={{ $json.prompt }}',
				pollInterval: interval,
				maxWait: 30,
				options: { concurrency: 5 },
			},
		});
		expect(result.status).toBe('success');
		expect(result.items.map((item) => item.pairedItem)).toEqual(input.map((_, i) => ({ item: i })));

		const jobsByPrompt = new Map(
			[...ctx.emulator.jobs.values()].map((job) => [job.body.prompt, job]),
		);
		for (const [i, item] of result.items.entries()) {
			const job = jobsByPrompt.get(`item ${i}`);
			expect(item.json.id).toBe(job?.id);
			expect(item.json.status).toBe('completed');
			expect((await binaryBuffer(item)).equals(TINY_MP4)).toBe(true);
		}
		expect(ctx.emulator.sent('create')).toHaveLength(20);
		expect(ctx.emulator.requests.filter((r) => r.origin === 'cdn')).toHaveLength(20);

		// No job is polled after the answer that said it was done.
		const fetches = ctx.emulator.sent('fetch');
		for (const job of ctx.emulator.jobs.values()) {
			const polls = fetches.filter((r) => r.query.generation_id === job.id);
			expect(polls.filter((r) => r.at > (job.reportedAt ?? 0))).toHaveLength(0);
			expect(job.reportedAt).toBeDefined();
		}
		// Submitted first, then polled together: every create comes before the first poll, and
		// before any job is done (one at a time, the second create would follow the first video).
		const creates = ctx.emulator.sent('create');
		expect(Math.max(...creates.map((r) => r.at))).toBeLessThanOrEqual(
			Math.min(...fetches.map((r) => r.at)),
		);
		// (Against when the node first learned of a finished job, not the emulator's clock, so a
		// loaded machine that slows the creates cannot flip it.)
		const firstReported = Math.min(
			...[...ctx.emulator.jobs.values()].map((job) => job.reportedAt ?? Infinity),
		);
		expect(Math.max(...creates.map((r) => r.at))).toBeLessThan(firstReported);
		// One request per pending job per round, backing off to the interval: about
		// duration / interval polls per job, plus the few quick early rounds.
		for (const job of ctx.emulator.jobs.values()) {
			expect(job.fetches).toBeLessThanOrEqual(Math.ceil(job.durationMs / (interval * 1000)) + 4);
		}
	});

	test('Get Video with a list of ids waits for them together', async () => {
		ctx.emulator.config.jobDurationMs = (job) => 150 + job.index * 100;
		const created = await run(ctx.emulator, {
			input: [{ prompt: 'a' }, { prompt: 'b' }, { prompt: 'c' }],
			parameters: {
				operation: 'create',
				model: turbo,
				prompt: '={{ $json.prompt }}',
				waitForCompletion: false,
			},
		});
		const ids = created.items.map((item) => item.json.id);
		const result = await run(ctx.emulator, {
			input: ids.map((id) => ({ id })),
			parameters: {
				operation: 'get',
				generationId: '={{ $json.id }}',
				waitForCompletion: true,
				...FAST_WAIT,
			},
		});
		expect(result.items.map((item) => item.json.id)).toEqual(ids);
		expect(result.items.map((item) => item.json.status)).toEqual([
			'completed',
			'completed',
			'completed',
		]);
		expect(result.items.every((item) => item.binary?.data)).toBe(true);
	});
});

describe('Get Video', () => {
	test('without wait: the current status, once; the id is URL-encoded', async () => {
		ctx.emulator.config.idFormat = 'uuidModel';
		ctx.emulator.config.jobDurationMs = 5000;
		const created = await run(ctx.emulator, {
			parameters: { operation: 'create', model: turbo, prompt: 'p', waitForCompletion: false },
		});
		const id = String(created.items[0].json.id);
		expect(id).toContain(':alibaba/');
		const result = await run(ctx.emulator, { parameters: { operation: 'get', generationId: id } });
		expect(result.items[0].json).toMatchObject({
			id,
			status: expect.stringMatching(/queued|generating/),
			videoUrl: null,
			// The id names its model, so Get Video can say which model made it.
			model: 'alibaba/wan2.1-t2v-turbo',
		});
		const fetches = ctx.emulator.sent('fetch');
		expect(fetches).toHaveLength(1);
		expect(fetches[0].url).toContain(`generation_id=${encodeURIComponent(id)}`);
		expect(fetches[0].url).toContain('%3A');
		expect(fetches[0].url).toContain('%2F');
	});

	test('without wait on a finished job: completed, downloaded', async () => {
		ctx.emulator.config.jobDurationMs = 0;
		const created = await run(ctx.emulator, {
			parameters: { operation: 'create', model: turbo, prompt: 'p', waitForCompletion: false },
		});
		const result = await run(ctx.emulator, {
			parameters: { operation: 'get', generationId: created.items[0].json.id },
		});
		expect(result.items[0].json.status).toBe('completed');
		expect((await binaryBuffer(result.items[0])).equals(TINY_MP4)).toBe(true);
	});

	test('without wait, a failed generation is reported as a status, not thrown', async () => {
		ctx.emulator.config.jobDurationMs = 0;
		const created = await run(ctx.emulator, {
			parameters: {
				operation: 'create',
				model: turbo,
				prompt: 'p [fail]',
				waitForCompletion: false,
			},
		});
		const result = await run(ctx.emulator, {
			parameters: { operation: 'get', generationId: created.items[0].json.id },
		});
		expect(result.status).toBe('success');
		expect(result.items[0].json).toMatchObject({
			status: 'failed',
			error: 'The prompt was rejected by the content filter',
		});
	});

	test('with wait: polls until completed', async () => {
		const created = await run(ctx.emulator, {
			parameters: { operation: 'create', model: turbo, prompt: 'p', waitForCompletion: false },
		});
		const result = await run(ctx.emulator, {
			parameters: {
				operation: 'get',
				generationId: created.items[0].json.id,
				waitForCompletion: true,
				...FAST_WAIT,
			},
		});
		expect(result.items[0].json).toMatchObject({ status: 'completed', timedOut: false });
		expect(result.items[0].json.pollCount).toBeGreaterThan(1);
	});

	test('an unknown id is a 404 with a hint', async () => {
		const result = await run(ctx.emulator, {
			parameters: { operation: 'get', generationId: 'no-such-id' },
		});
		expect(result.error?.message).toContain('does not know this resource');
		expect((result.error as { httpCode?: string }).httpCode).toBe('404');
	});

	test('an empty id is refused before any request', async () => {
		const result = await run(ctx.emulator, {
			parameters: { operation: 'get', generationId: '  ' },
		});
		expect(result.error?.message).toContain('Generation ID is empty');
		expect(ctx.emulator.requests).toHaveLength(0);
	});
});

describe('binary download', () => {
	test('custom binary property; MIME falls back to video/mp4; the CDN never sees the key', async () => {
		ctx.emulator.config.cdnContentType = 'application/octet-stream';
		const result = await run(ctx.emulator, {
			parameters: {
				operation: 'create',
				model: turbo,
				prompt: 'p',
				...FAST_WAIT,
				options: { binaryPropertyName: 'video' },
			},
		});
		const item = result.items[0];
		expect(item.binary?.video).toMatchObject({ mimeType: 'video/mp4', fileExtension: 'mp4' });
		expect(item.binary?.video.fileName).toMatch(/\.mp4$/);
		expect(item.json.video).toMatchObject({
			binaryProperty: 'video',
			mimeType: 'video/mp4',
			fileSize: TINY_MP4.length,
		});
		expect((await binaryBuffer(item, 'video')).equals(TINY_MP4)).toBe(true);
		const cdn = ctx.emulator.requests.filter((r) => r.origin === 'cdn');
		expect(cdn).toHaveLength(1);
		expect(cdn[0].headers.authorization).toBeUndefined();
		expect(JSON.stringify(cdn[0].headers)).not.toContain(ctx.emulator.config.keys.aimlapi[0]);
	});

	test('Download Video off: the URL only, no CDN request', async () => {
		const result = await run(ctx.emulator, {
			parameters: {
				operation: 'create',
				model: turbo,
				prompt: 'p',
				...FAST_WAIT,
				options: { downloadVideo: false },
			},
		});
		expect(result.items[0].json.status).toBe('completed');
		expect(result.items[0].binary).toBeUndefined();
		expect(ctx.emulator.requests.filter((r) => r.origin === 'cdn')).toHaveLength(0);
	});

	test('an expired link fails with the generation id and says Get Video gives a fresh one', async () => {
		ctx.emulator.config.linkTtlMs = -1000;
		const result = await run(ctx.emulator, {
			parameters: { operation: 'create', model: turbo, prompt: 'p', ...FAST_WAIT },
		});
		const id = [...ctx.emulator.jobs.keys()][0];
		expect(result.status).toBe('error');
		expect(result.error?.message).toContain(`Could not download the video of generation ${id}`);
		expect(result.error?.message).toContain('HTTP 403');
		expect(String(result.error?.description)).toContain(`Run Get Video with id ${id}`);
		// Every fresh link was expired too: the first link and two fresh ones, then it gave up.
		expect(ctx.emulator.requests.filter((r) => r.origin === 'cdn')).toHaveLength(3);
	});

	test('a completed job without a video URL fails at once, not at the timeout', async () => {
		ctx.emulator.config.completedWithoutUrl = true;
		const started = Date.now();
		const result = await run(ctx.emulator, {
			parameters: {
				operation: 'create',
				model: turbo,
				prompt: 'p',
				pollInterval: 0.05,
				maxWait: 30,
			},
		});
		expect(result.error?.message).toContain('marked completed but the answer holds no video URL');
		expect(Date.now() - started).toBeLessThan(10_000);
	});

	test('a status the contract does not know fails clearly, with the id', async () => {
		ctx.emulator.inject({ route: 'fetch', kind: 'unknownStatus', times: 100 });
		const result = await run(ctx.emulator, {
			parameters: {
				operation: 'create',
				model: turbo,
				prompt: 'p',
				pollInterval: 0.05,
				maxWait: 30,
			},
		});
		const id = [...ctx.emulator.jobs.keys()][0];
		expect(result.error?.message).toContain(`Generation ${id} failed`);
		expect(result.error?.message).toContain('"paused_for_review", which this node does not know');
	});
});

describe('timeouts', () => {
	test('by default a job still running at Maximum Wait comes back pending, with waited time and polls', async () => {
		ctx.emulator.config.neverFinish = true;
		const result = await run(ctx.emulator, {
			parameters: {
				operation: 'create',
				model: turbo,
				prompt: 'p',
				pollInterval: 0.05,
				maxWait: 0.4,
			},
		});
		expect(result.status).toBe('success');
		const json = result.items[0].json;
		expect(json).toMatchObject({
			status: 'generating',
			timedOut: true,
			videoUrl: null,
			error: null,
		});
		expect(json.id).toBe([...ctx.emulator.jobs.keys()][0]);
		expect(json.waitedSeconds).toBeGreaterThanOrEqual(0.4);
		expect(json.pollCount).toBeGreaterThan(2);
		expect(json.pollCount).toBe(ctx.emulator.sent('fetch').length);
	});

	test('On Timeout "Fail the Item": an error that contains the id', async () => {
		ctx.emulator.config.neverFinish = true;
		const result = await run(ctx.emulator, {
			parameters: {
				operation: 'create',
				model: turbo,
				prompt: 'p',
				pollInterval: 0.05,
				maxWait: 0.3,
				options: { onTimeout: 'error' },
			},
		});
		const id = [...ctx.emulator.jobs.keys()][0];
		expect(result.status).toBe('error');
		expect(result.error?.message).toContain(`Generation ${id} was not finished after waiting`);
		expect(String(result.error?.description)).toContain(`Run Get Video with id ${id}`);
	});

	test('a follow-up Get Video completes a timed-out item', async () => {
		ctx.emulator.config.jobDurationMs = 700;
		const first = await run(ctx.emulator, {
			parameters: {
				operation: 'create',
				model: turbo,
				prompt: 'p',
				pollInterval: 0.05,
				maxWait: 0.2,
			},
		});
		expect(first.items[0].json.timedOut).toBe(true);
		const second = await run(ctx.emulator, {
			input: [first.items[0].json],
			parameters: {
				operation: 'get',
				generationId: '={{ $json.id }}',
				waitForCompletion: true,
				...FAST_WAIT,
			},
		});
		expect(second.items[0].json).toMatchObject({ id: first.items[0].json.id, status: 'completed' });
		expect(second.items[0].binary?.data).toBeDefined();
		expect(ctx.emulator.sent('create')).toHaveLength(1);
	});

	test('a last poll at Maximum Wait: a job done just before it is not reported as timed out', async () => {
		// Rounds at about 0.25 s and 0.65 s, the next one due at 1.29 s is cut to the 1.2 s budget.
		ctx.emulator.config.jobDurationMs = 900;
		const result = await run(ctx.emulator, {
			parameters: { operation: 'create', model: turbo, prompt: 'p', pollInterval: 1, maxWait: 1.2 },
		});
		expect(result.items[0].json).toMatchObject({ status: 'completed', timedOut: false });
		expect(result.items[0].json.pollCount).toBe(3);
	});

	test('Maximum Wait accepts hours', async () => {
		const result = await run(ctx.emulator, {
			parameters: {
				operation: 'create',
				model: turbo,
				prompt: 'p',
				pollInterval: 0.05,
				maxWait: 6 * 3600,
			},
		});
		expect(result.items[0].json.status).toBe('completed');
	});
});

describe('cancellation', () => {
	test('stopping keeps what is done: the finished video and the pending ids stay in the output', async () => {
		ctx.emulator.config.jobDurationMs = (job) => (job.index === 0 ? 100 : 60_000);
		const handle = await start(ctx.emulator, {
			input: [{ prompt: 'quick' }, { prompt: 'slow' }],
			parameters: {
				operation: 'create',
				model: turbo,
				prompt: '={{ $json.prompt }}',
				pollInterval: 0.05,
				maxWait: 120,
			},
		});
		await until(() => ctx.emulator.requests.some((r) => r.origin === 'cdn' && r.status === 200));
		// A few poll rounds after the download began: the 2 KB video is in by then.
		const cdnAt = ctx.emulator.requests.find((r) => r.origin === 'cdn')?.at ?? 0;
		await until(() => ctx.emulator.sent('fetch').filter((r) => r.at > cdnAt + 100).length >= 2);
		handle.cancel();
		const result = await handle.promise;
		expect(result.status).toBe('canceled');
		const ids = [...ctx.emulator.jobs.values()].map((job) => job.id);
		expect(result.items.map((item) => item.json.id)).toEqual(ids);
		expect(result.items[0].json.status).toBe('completed');
		expect(result.items[0].binary?.data).toBeDefined();
		expect(result.items[1].json).toMatchObject({ canceled: true, timedOut: false });
		expect(result.items[1].binary).toBeUndefined();
	});

	test('stopping the execution mid-batch stops polling and downloading at once', async () => {
		ctx.emulator.config.jobDurationMs = 60_000;
		const handle = await start(ctx.emulator, {
			input: Array.from({ length: 5 }, (_, i) => ({ prompt: `p${i}` })),
			parameters: {
				operation: 'create',
				model: turbo,
				prompt: '={{ $json.prompt }}',
				pollInterval: 0.05,
				maxWait: 120,
			},
		});
		await until(() => ctx.emulator.sent('fetch').length >= 5);
		const stoppedAt = Date.now();
		handle.cancel();
		const result = await handle.promise;
		expect(Date.now() - stoppedAt).toBeLessThan(2000);
		expect(['canceled', 'error']).toContain(result.status);
		// Requests already on the wire at the stop may still be read by the emulator (it shares
		// this process's event loop): count from a moment later, then nothing more may come.
		await new Promise((resolve) => setTimeout(resolve, 150));
		const countAfterStop = ctx.emulator.requests.length;
		await new Promise((resolve) => setTimeout(resolve, 400));
		expect(ctx.emulator.requests.length).toBe(countAfterStop);
		expect(ctx.emulator.requests.filter((r) => r.at > stoppedAt + 100)).toHaveLength(0);
	});
});
