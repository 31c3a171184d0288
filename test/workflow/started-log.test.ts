/**
 * Every started generation is written to n8n's log (issue 12) the moment the API returns its
 * id: one info line per create, with id, item, model and provider, never the key or the
 * prompt. The harness records what the node gives n8n's logger (n8n-core's DI Logger), on the
 * n8n line under test, so these lines are the ones a real n8n would print.
 */
import type { IDataObject } from 'n8n-workflow';

import type { LogEntry, RunResult } from '../../tools/harness/workflow';
import { AIML_KEY, FAST_WAIT, NOVITA_KEY, run, start, useEmulator } from './helpers';

const ctx = useEmulator();
/** Each package's node writes its own name first. */
const NODE_NAME = { aimlapi: 'AIML API Video', novita: 'Novita AI Video' } as const;
const STARTED = / generation started: /;
/** Prompt text a log line must never carry. */
const PROMPT = 'confidential storyboard';

function startedLines(result: RunResult): LogEntry[] {
	return result.logs.filter((entry) => STARTED.test(entry.message));
}

/** No line at any level, message or metadata, holds the key or the prompt. */
function expectNoSecrets(result: RunResult): void {
	expect(result.logs.length).toBeGreaterThan(0);
	const text = JSON.stringify(result.logs);
	expect(text).not.toContain(AIML_KEY);
	expect(text).not.toContain(NOVITA_KEY);
	expect(text).not.toContain(PROMPT);
}

async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
	const end = Date.now() + timeoutMs;
	while (!condition()) {
		if (Date.now() > end) throw new Error('condition not met in time');
		await new Promise((resolve) => setTimeout(resolve, 10));
	}
}

/**
 * One started line per generation the emulator started, at info level, each naming the job's
 * own id, item, model and provider, in the message and in the metadata.
 */
function expectOneLinePerJob(
	result: RunResult,
	provider: 'aimlapi' | 'novita',
	itemOf: (prompt: string) => number,
): void {
	const lines = startedLines(result);
	expect(lines).toHaveLength(ctx.emulator.jobs.size);
	for (const job of ctx.emulator.jobs.values()) {
		const item = itemOf(String(job.body.prompt));
		const model = provider === 'novita' ? job.model : String(job.body.model);
		const matching = lines.filter((line) => line.meta.generationId === job.id);
		expect(matching).toHaveLength(1);
		const [line] = matching;
		expect(line.level).toBe('info');
		expect(line.message).toBe(
			`${NODE_NAME[provider]}: generation started: id=${job.id} item=${item} model=${model} provider=${provider}`,
		);
		expect(line.meta).toMatchObject({
			itemIndex: item,
			model,
			provider,
			node: NODE_NAME[provider],
		});
	}
}

const itemFromPrompt = (prompt: string) => Number(/item (\d+)/.exec(prompt)?.[1]);

describe('a batch of creates logs one line per started generation', () => {
	test('aimlapi: 6 items over 3 models, 6 lines with the right id, item and model', async () => {
		const models = ['alibaba/wan2.1-t2v-turbo', 'alibaba/wan-2-6-t2v', 'alibaba/wan2.1-t2v-plus'];
		const input = Array.from({ length: 6 }, (_, i) => ({
			prompt: `${PROMPT} item ${i}`,
			model: models[i % 3],
		}));
		const result = await run(ctx.emulator, {
			input,
			parameters: {
				operation: 'create',
				model: { __rl: true, mode: 'id', value: '={{ $json.model }}' },
				prompt: '={{ $json.prompt }}',
				waitForCompletion: false,
			},
		});
		expect(result.error).toBeUndefined();
		expect(ctx.emulator.jobs.size).toBe(6);
		expectOneLinePerJob(result, 'aimlapi', itemFromPrompt);
		expect(result.items.map((item) => item.json.id)).toEqual(
			startedLines(result)
				.sort((a, b) => Number(a.meta.itemIndex) - Number(b.meta.itemIndex))
				.map((line) => line.meta.generationId),
		);
		expect(new Set(startedLines(result).map((line) => line.meta.executionId)).size).toBe(1);
		expectNoSecrets(result);
	});

	test('novita: 4 items over both models, waited for and downloaded, 4 lines', async () => {
		const models = ['wan-t2v', 'wan2.7-t2v'];
		const input = Array.from({ length: 4 }, (_, i) => ({
			prompt: `${PROMPT} item ${i}`,
			model: models[i % 2],
		}));
		const result = await run(ctx.emulator, {
			input,
			parameters: {
				provider: 'novita',
				operation: 'create',
				novitaModel: '={{ $json.model }}',
				prompt: '={{ $json.prompt }}',
				...FAST_WAIT,
			},
		});
		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => item.json.status)).toEqual(Array(4).fill('completed'));
		expect(new Set([...ctx.emulator.jobs.values()].map((job) => job.model))).toEqual(
			new Set(models),
		);
		expectOneLinePerJob(result, 'novita', itemFromPrompt);
		expectNoSecrets(result);
	});

	test('a create that fails logs nothing; the others are logged (continue on fail)', async () => {
		ctx.emulator.inject({ route: 'create', kind: 'status', status: 401, times: 1 });
		const result = await run(ctx.emulator, {
			input: [0, 1, 2].map((i) => ({ prompt: `${PROMPT} item ${i}` })),
			parameters: {
				operation: 'create',
				model: { __rl: true, mode: 'list', value: 'alibaba/wan2.1-t2v-turbo' },
				prompt: '={{ $json.prompt }}',
				waitForCompletion: false,
				options: { concurrency: 1 },
			},
			nodeSettings: { onError: 'continueRegularOutput' },
		});
		expect(result.items.map((item) => item.json.status)).toEqual(['failed', 'queued', 'queued']);
		expect(ctx.emulator.jobs.size).toBe(2);
		expectOneLinePerJob(result, 'aimlapi', itemFromPrompt);
		expect(startedLines(result).map((line) => line.meta.itemIndex)).toEqual([1, 2]);
	});

	test('Get Video starts nothing and logs no started line', async () => {
		ctx.emulator.config.jobDurationMs = 0;
		const created = await run(ctx.emulator, {
			parameters: {
				operation: 'create',
				model: { __rl: true, mode: 'list', value: 'alibaba/wan2.1-t2v-turbo' },
				prompt: PROMPT,
				waitForCompletion: false,
			},
		});
		expect(startedLines(created)).toHaveLength(1);
		const result = await run(ctx.emulator, {
			parameters: { operation: 'get', generationId: created.items[0].json.id },
		});
		expect(result.items[0].json.status).toBe('completed');
		expect(startedLines(result)).toHaveLength(0);
	});
});

describe('the ids are in the log even when the run fails afterwards', () => {
	const batch = (count: number, extra: IDataObject = {}) => ({
		input: Array.from({ length: count }, (_, i) => ({ prompt: `${PROMPT} item ${i}` })),
		parameters: {
			operation: 'create',
			model: { __rl: true, mode: 'list', value: 'alibaba/wan2.1-t2v-turbo' },
			prompt: '={{ $json.prompt }}',
			...FAST_WAIT,
			...extra,
		},
	});

	test('a download that fails fails the run; every started id was logged', async () => {
		ctx.emulator.inject({ route: 'cdn', kind: 'status', status: 401, times: 1000 });
		const result = await run(ctx.emulator, batch(3));
		expect(result.status).toBe('error');
		expect(result.items).toEqual([]);
		expect(ctx.emulator.jobs.size).toBe(3);
		expectOneLinePerJob(result, 'aimlapi', itemFromPrompt);
		expectNoSecrets(result);
	});

	test('a stopped run: every started id was logged before the stop', async () => {
		ctx.emulator.config.jobDurationMs = 60_000;
		const handle = await start(ctx.emulator, batch(4, { maxWait: 120 }));
		await until(() => ctx.emulator.sent('fetch').length >= 4);
		const stoppedAt = Date.now();
		handle.cancel();
		const result = await handle.promise;
		expect(['canceled', 'error']).toContain(result.status);
		expect(ctx.emulator.jobs.size).toBe(4);
		expectOneLinePerJob(result, 'aimlapi', itemFromPrompt);
		// Written when the create answered: before the stop, before the job's first status request.
		for (const line of startedLines(result)) {
			expect(line.at).toBeLessThan(stoppedAt);
			const polls = ctx.emulator
				.sent('fetch')
				.filter((r) => r.query.generation_id === line.meta.generationId);
			expect(line.at).toBeLessThanOrEqual(polls[0].at);
		}
		expectNoSecrets(result);
	});

	test('a job that fails at the provider: its id was logged when it started', async () => {
		const result = await run(ctx.emulator, {
			...batch(2),
			input: [{ prompt: `${PROMPT} item 0` }, { prompt: `${PROMPT} item 1 [fail]` }],
		});
		expect(result.status).toBe('error');
		expect(ctx.emulator.jobs.size).toBe(2);
		expectOneLinePerJob(result, 'aimlapi', itemFromPrompt);
	});
});
