/**
 * The main job: runs the example workflow "prompts → AIML API Video: Create Video (wait)"
 * through n8n-core and prints what came out. Uses the real AIML API when AIMLAPI_API_KEY is set
 * (AIMLAPI_BASE_URL to point elsewhere), and the built-in local emulator otherwise.
 *   npm run demo
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { ApiEmulator } from '../tools/emulator/server';

process.env.N8N_USER_FOLDER ??= mkdtempSync(path.join(tmpdir(), 'aimlapi-video-demo-'));

// Required after the environment is set: n8n-core reads it when it loads.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const harness = require('../tools/harness/workflow') as typeof import('../tools/harness/workflow');

const PROMPTS = [
	{
		model: 'alibaba/wan2.1-t2v-turbo',
		prompt: 'A paper boat drifts down a rain-soaked street at dusk, neon reflections',
	},
	{
		model: 'alibaba/wan-2-6-t2v',
		prompt: 'A red fox runs through fresh snow at dawn, slow motion, cinematic',
	},
	{ model: 'alibaba/wan2.1-t2v-plus', prompt: 'Time-lapse of clouds rolling over a mountain lake' },
];

async function main() {
	const apiKey = process.env.AIMLAPI_API_KEY;
	const emulator = apiKey
		? undefined
		: await new ApiEmulator({ jobDurationMs: (job) => 1500 + job.index * 700 }).start();
	const baseUrl = emulator?.apiUrl ?? process.env.AIMLAPI_BASE_URL ?? 'https://api.aimlapi.com';
	console.log(
		emulator
			? `No AIMLAPI_API_KEY set: using the local emulator at ${baseUrl}`
			: `Using the AIML API at ${baseUrl}`,
	);

	const started = Date.now();
	const result = await harness.runWorkflow({
		input: PROMPTS,
		parameters: {
			operation: 'create',
			model: { __rl: true, mode: 'id', value: '={{ $json.model }}' },
			prompt: '={{ $json.prompt }}',
			duration: 5,
			waitForCompletion: true,
			pollInterval: emulator ? 0.5 : 10,
			maxWait: emulator ? 60 : 1800,
		},
		credentials: {
			aimlApiVideoAimlApi: { apiKey: apiKey ?? emulator?.config.keys.aimlapi[0] ?? '', baseUrl },
			aimlApiVideoNovitaAiApi: { apiKey: '', baseUrl: 'https://api.novita.ai' },
		},
		nodeSettings: { onError: 'continueRegularOutput' },
	});
	const seconds = ((Date.now() - started) / 1000).toFixed(1);

	const rows = result.items.map((item) => {
		const json = item.json;
		const video = json.video as { fileSize?: number } | undefined;
		return {
			model: String(json.model),
			id: String(json.id),
			status: String(json.status),
			seconds: String(json.waitedSeconds ?? ''),
			bytes: video?.fileSize !== undefined ? String(video.fileSize) : '',
			video: String(json.videoUrl ?? json.error ?? ''),
		};
	});
	const headers = {
		model: 'model',
		id: 'id',
		status: 'status',
		seconds: 'seconds',
		bytes: 'bytes',
		video: 'video URL',
	};
	const widths = Object.fromEntries(
		Object.keys(headers).map((key) => [
			key,
			Math.max(
				...[headers, ...rows].map((row) =>
					Math.min(70, String(row[key as keyof typeof headers]).length),
				),
			),
		]),
	);
	const line = (row: typeof headers) =>
		Object.keys(headers)
			.map((key) => {
				const text = String(row[key as keyof typeof headers]);
				return (text.length > 70 ? `${text.slice(0, 69)}…` : text).padEnd(widths[key]);
			})
			.join('  ');
	console.log(`\nworkflow status: ${result.status}, ${rows.length} items in ${seconds} s\n`);
	console.log(line(headers));
	for (const row of rows) console.log(line(row));
	if (result.error) console.log(`\nerror: ${result.error.message}`);

	await emulator?.stop();
	harness.shutdownCore();
	process.exitCode =
		result.status === 'success' && rows.every((row) => row.status === 'completed') ? 0 : 1;
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
