/**
 * Novita beyond Wan 2.1 14B: Wan 2.7's own body, the model picker, callbacks instead of
 * polling (extra.webhook.url, the emulator POSTs ASYNC_TASK_RESULT), and ETA-timed checks.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { TINY_MP4 } from '../../tools/emulator/server';
import { binaryBuffer } from '../../tools/harness/workflow';
import { FAST_WAIT, NOVITA_KEY, run, useEmulator } from './helpers';

const ctx = useEmulator();
const wan27 = { provider: 'novita', operation: 'create', novitaModel: 'wan2.7-t2v' };

describe('Wan 2.7', () => {
	test('defaults: the flat body on its own path, no model_name', async () => {
		const result = await run(ctx.emulator, {
			parameters: { ...wan27, prompt: 'a fox', waitForCompletion: false },
		});
		expect(result.error).toBeUndefined();
		const [create] = ctx.emulator.sent('create', 'novita');
		expect(create.path).toBe('/v3/async/wan2.7-t2v');
		expect(create.headers.authorization).toBe(`Bearer ${NOVITA_KEY}`);
		expect(create.body).toEqual({
			prompt: 'a fox',
			size: '1920*1080',
			duration: 5,
			prompt_extend: true,
			watermark: false,
		});
		expect(result.items[0].json).toMatchObject({ model: 'wan2.7-t2v', status: 'queued' });
	});

	test('every field, waited for: the video arrives and Get Video names the model', async () => {
		const result = await run(ctx.emulator, {
			parameters: {
				...wan27,
				prompt: 'p',
				novitaShortNegativePrompt: 'blur',
				novitaWan27Size: '720*1280',
				novitaDuration: 15,
				novitaPromptExtend: false,
				novitaAudioUrl: 'https://example.com/voice.mp3',
				novitaWatermark: true,
				novitaWan27Seed: 2147483647,
				...FAST_WAIT,
			},
		});
		expect(ctx.emulator.sent('create', 'novita')[0].body).toEqual({
			prompt: 'p',
			negative_prompt: 'blur',
			size: '720*1280',
			duration: 15,
			prompt_extend: false,
			audio_url: 'https://example.com/voice.mp3',
			watermark: true,
			seed: 2147483647,
		});
		expect(result.items[0].json).toMatchObject({ status: 'completed', model: 'wan2.7-t2v' });
		expect((await binaryBuffer(result.items[0])).equals(TINY_MP4)).toBe(true);

		const id = String(result.items[0].json.id);
		const got = await run(ctx.emulator, {
			parameters: { provider: 'novita', operation: 'get', generationId: id },
		});
		expect(got.items[0].json).toMatchObject({ id, status: 'completed', model: 'wan2.7-t2v' });
	});

	test('Wan 2.1 fields stay with Wan 2.1: a Wan 2.7 body never carries width, steps or LoRAs', async () => {
		await run(ctx.emulator, {
			parameters: {
				...wan27,
				prompt: 'p',
				novitaSize: '1280x720',
				novitaSteps: 12,
				novitaLoras: { lora: [{ path: 'a/b', scale: 1 }] },
				waitForCompletion: false,
			},
		});
		const body = ctx.emulator.sent('create', 'novita')[0].body as Record<string, unknown>;
		expect(Object.keys(body).sort()).toEqual(
			['duration', 'prompt', 'prompt_extend', 'size', 'watermark'].sort(),
		);
	});
});

/** A receiver for callbacks: what a Wait node's resume URL or a Webhook trigger would be. */
async function receiver() {
	const received: Array<{ path: string; body: Record<string, unknown> }> = [];
	const server = http.createServer((req, res) => {
		let text = '';
		req.on('data', (chunk: Buffer) => (text += chunk.toString()));
		req.on('end', () => {
			received.push({ path: req.url ?? '', body: JSON.parse(text) as Record<string, unknown> });
			res.writeHead(200).end('{}');
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	return {
		url,
		received,
		close: async () => await new Promise<void>((resolve) => server.close(() => resolve())),
	};
}

async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
	const end = Date.now() + timeoutMs;
	while (!condition()) {
		if (Date.now() > end) throw new Error('timed out waiting');
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
}

describe('callbacks instead of polling', () => {
	test.each([
		['Wan 2.1 14B', 'wan-t2v'],
		['Wan 2.7', 'wan2.7-t2v'],
	])(
		'%s: Callback URL sends extra.webhook.url; the finished task is POSTed there, nothing polls',
		async (_name, novitaModel) => {
			const hook = await receiver();
			try {
				const created = await run(ctx.emulator, {
					parameters: {
						provider: 'novita',
						operation: 'create',
						novitaModel,
						prompt: 'p',
						waitForCompletion: false,
						options: { callbackUrl: `${hook.url}/webhook-waiting/42` },
					},
				});
				const id = String(created.items[0].json.id);
				expect(ctx.emulator.sent('create', 'novita')[0].body).toMatchObject({
					extra: { webhook: { url: `${hook.url}/webhook-waiting/42` } },
				});
				await until(() => hook.received.length === 1);
				const [callback] = hook.received;
				expect(callback.path).toBe('/webhook-waiting/42');
				expect(callback.body).toMatchObject({
					event_type: 'ASYNC_TASK_RESULT',
					payload: { task: { task_id: id, status: 'TASK_STATUS_SUCCEED' } },
				});
				// Nothing asked for the status: the callback told.
				expect(ctx.emulator.sent('fetch')).toHaveLength(0);

				// What a workflow does next: Get Video with the task id from the callback body.
				const got = await run(ctx.emulator, {
					input: [{ body: callback.body }],
					parameters: {
						provider: 'novita',
						operation: 'get',
						generationId: '={{ $json.body.payload.task.task_id }}',
					},
				});
				expect(got.items[0].json).toMatchObject({ id, status: 'completed', model: novitaModel });
				expect((await binaryBuffer(got.items[0])).equals(TINY_MP4)).toBe(true);
				expect(ctx.emulator.sent('fetch')).toHaveLength(1);
			} finally {
				await hook.close();
			}
		},
	);

	test('a failed task is delivered too, with its reason', async () => {
		const hook = await receiver();
		try {
			await run(ctx.emulator, {
				parameters: {
					provider: 'novita',
					operation: 'create',
					prompt: 'p [fail]',
					waitForCompletion: false,
					options: { callbackUrl: hook.url },
				},
			});
			await until(() => hook.received.length === 1);
			expect(hook.received[0].body).toMatchObject({
				payload: {
					task: { status: 'TASK_STATUS_FAILED', reason: expect.stringMatching(/filter/) },
				},
			});
		} finally {
			await hook.close();
		}
	});

	test('the Callback URL is a Novita option: AIML creates never carry it', async () => {
		await run(ctx.emulator, {
			parameters: {
				operation: 'create',
				prompt: 'p',
				waitForCompletion: false,
				options: { callbackUrl: 'https://example.com/hook' },
			},
		});
		expect(JSON.stringify(ctx.emulator.sent('create')[0].body)).not.toMatch(/webhook|example/);
	});
});

describe('ETA-timed checks (Novita task.eta)', () => {
	const gaps = () => {
		const times = ctx.emulator.sent('fetch', 'novita').map((r) => r.at);
		return times.slice(1).map((at, index) => at - times[index]);
	};

	test('the next check comes when the ETA says, sooner than the backoff would', async () => {
		// First check at 2.5 s (a quarter of 10 s); the task then says eta 2: next check ~2 s later,
		// where the backoff alone would wait 4 s.
		ctx.emulator.config.jobDurationMs = 4200;
		const result = await run(ctx.emulator, {
			parameters: {
				provider: 'novita',
				operation: 'create',
				prompt: 'p',
				pollInterval: 10,
				maxWait: 30,
			},
		});
		expect(result.items[0].json).toMatchObject({ status: 'completed', pollCount: 2 });
		expect(gaps()[0]).toBeGreaterThan(1500);
		expect(gaps()[0]).toBeLessThan(3000);
	}, 20000);

	test('never later than the poll interval (eta 40 s, interval 1.5 s)', async () => {
		ctx.emulator.config.jobDurationMs = 40_000;
		const handle = run(ctx.emulator, {
			parameters: {
				provider: 'novita',
				operation: 'create',
				prompt: 'p',
				pollInterval: 1.5,
				maxWait: 3.5,
			},
		});
		const result = await handle;
		expect(result.items[0].json.timedOut).toBe(true);
		expect(gaps()[0]).toBeGreaterThan(1300);
		expect(gaps()[0]).toBeLessThan(2000);
	}, 20000);

	test('never sooner than a second (eta 0 while still running)', async () => {
		// First check at 0.5 s of a 0.8 s job: eta rounds to 0, still processing.
		ctx.emulator.config.jobDurationMs = 800;
		const result = await run(ctx.emulator, {
			parameters: {
				provider: 'novita',
				operation: 'create',
				prompt: 'p',
				pollInterval: 2,
				maxWait: 10,
			},
		});
		expect(result.items[0].json.status).toBe('completed');
		expect(gaps()[0]).toBeGreaterThanOrEqual(950);
	}, 20000);
});
