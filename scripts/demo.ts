/**
 * The main job: runs the example "prompts → Create Video (wait)" through n8n-core with one of
 * the two packages' nodes and prints what came out; the videos are saved as files.
 *   npm run demo                  AIML API Video (n8n-nodes-aimlapi-video)
 *   npm run demo -- --novita      Novita AI Video (n8n-nodes-novita-video)
 *   npm run demo -- --help
 * Uses the real API when its key is set (AIMLAPI_API_KEY or NOVITA_API_KEY; AIMLAPI_BASE_URL or
 * NOVITA_BASE_URL to point elsewhere), and the built-in local emulator otherwise.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { ApiEmulator } from '../tools/emulator/server';

const USAGE = `Usage: npm run demo [-- --novita] [-- --out <folder>]

Runs three prompts through Create Video (wait) inside n8n-core and saves the videos.
  (default)     the AIML API Video node of n8n-nodes-aimlapi-video
  --novita      the Novita AI Video node of n8n-nodes-novita-video
  --out <dir>   where the MP4 files go (default: ./demo-videos)
Without AIMLAPI_API_KEY (or NOVITA_API_KEY with --novita) it runs against the built-in local
emulator; with it, against the real API (AIMLAPI_BASE_URL / NOVITA_BASE_URL to change the host).`;

if (process.argv.includes('--help') || process.argv.includes('-h')) {
	console.log(USAGE);
	process.exit(0);
}

const NOVITA = process.argv.includes('--novita');
const outIndex = process.argv.indexOf('--out');
const OUT_DIR = path.resolve(outIndex > 0 ? process.argv[outIndex + 1] : 'demo-videos');
const userFolder = mkdtempSync(path.join(tmpdir(), 'aimlapi-video-demo-'));
process.env.N8N_USER_FOLDER ??= userFolder;

// Required after the environment is set: n8n-core reads it when it loads.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const harness = require('../tools/harness/workflow') as typeof import('../tools/harness/workflow');

const PROMPTS = [
	'A paper boat drifts down a rain-soaked street at dusk, neon reflections',
	'A red fox runs through fresh snow at dawn, slow motion, cinematic',
	'Time-lapse of clouds rolling over a mountain lake',
];

/** What differs between the two packages' demos: the node, its models and its credential. */
const SETUP = NOVITA
	? {
			label: 'Novita AI',
			keyVariable: 'NOVITA_API_KEY',
			baseVariable: 'NOVITA_BASE_URL',
			defaultBaseUrl: 'https://api.novita.ai',
			nodeType: harness.NOVITA_NODE_TYPE,
			credential: 'novitaAiVideoApi',
			emulatorKey: (emulator: ApiEmulator) => emulator.config.keys.novita[0],
			input: PROMPTS.map((prompt, i) => ({
				model: ['wan-t2v', 'wan2.6-t2v', 'wan2.7-t2v'][i],
				prompt,
			})),
			parameters: { novitaModel: '={{ $json.model }}' },
		}
	: {
			label: 'AIML API',
			keyVariable: 'AIMLAPI_API_KEY',
			baseVariable: 'AIMLAPI_BASE_URL',
			defaultBaseUrl: 'https://api.aimlapi.com',
			nodeType: harness.NODE_TYPE,
			credential: 'aimlApiVideoAimlApi',
			emulatorKey: (emulator: ApiEmulator) => emulator.config.keys.aimlapi[0],
			input: PROMPTS.map((prompt, i) => ({
				model: ['alibaba/wan2.1-t2v-turbo', 'alibaba/wan-2-6-t2v', 'alibaba/wan2.1-t2v-plus'][i],
				prompt,
			})),
			parameters: {
				model: { __rl: true, mode: 'id', value: '={{ $json.model }}' },
				duration: 5,
			},
		};

async function main() {
	const apiKey = process.env[SETUP.keyVariable];
	const emulator = apiKey
		? undefined
		: await new ApiEmulator({ jobDurationMs: (job) => 1500 + job.index * 700 }).start();
	const baseUrl = emulator?.apiUrl ?? process.env[SETUP.baseVariable] ?? SETUP.defaultBaseUrl;
	console.log(
		emulator
			? `No ${SETUP.keyVariable} set: ${SETUP.label} through the local emulator (it stops when the demo ends)`
			: `Using the ${SETUP.label} at ${baseUrl}`,
	);

	const started = Date.now();
	const result = await harness.runWorkflow({
		nodeType: SETUP.nodeType,
		input: SETUP.input,
		parameters: {
			operation: 'create',
			prompt: '={{ $json.prompt }}',
			...SETUP.parameters,
			waitForCompletion: true,
			pollInterval: emulator ? 0.5 : 10,
			maxWait: emulator ? 60 : 1800,
		},
		credentials: {
			[SETUP.credential]: {
				apiKey: apiKey ?? (emulator ? SETUP.emulatorKey(emulator) : ''),
				baseUrl,
			},
		},
		nodeSettings: { onError: 'continueRegularOutput' },
	});
	const seconds = ((Date.now() - started) / 1000).toFixed(1);

	// The emulator's links die with it, and real links expire: the videos are kept as files.
	mkdirSync(OUT_DIR, { recursive: true });
	const rows: Array<Record<'model' | 'id' | 'status' | 'seconds' | 'bytes' | 'file', string>> = [];
	for (const item of result.items) {
		const json = item.json;
		let file = '';
		if (item.binary?.data) {
			file = path.join(OUT_DIR, `${String(json.id).replace(/[^\w.-]+/g, '_')}.mp4`);
			writeFileSync(file, await harness.binaryBuffer(item));
		}
		rows.push({
			model: String(json.model),
			id: String(json.id),
			status: String(json.status),
			seconds: String(json.waitedSeconds ?? ''),
			bytes: String((json.video as { fileSize?: number } | null)?.fileSize ?? ''),
			file: file ? path.relative(process.cwd(), file) : String(json.error ?? ''),
		});
	}
	const headers = {
		model: 'model',
		id: 'id',
		status: 'status',
		seconds: 'seconds',
		bytes: 'bytes',
		file: 'saved as',
	};
	const keys = Object.keys(headers) as Array<keyof typeof headers>;
	const widths = keys.map((key) => Math.max(...[headers, ...rows].map((row) => row[key].length)));
	const line = (row: typeof headers) => keys.map((key, i) => row[key].padEnd(widths[i])).join('  ');
	console.log(`\nworkflow status: ${result.status}, ${rows.length} items in ${seconds} s\n`);
	console.log(line(headers));
	for (const row of rows) console.log(line(row));
	if (result.error) console.log(`\nThe run failed: ${result.error.message}`);

	await emulator?.stop();
	harness.shutdownCore();
	process.exitCode =
		result.status === 'success' && rows.every((row) => row.status === 'completed') ? 0 : 1;
}

main()
	.catch((error) => {
		console.error(error);
		process.exitCode = 1;
	})
	.finally(() => rmSync(userFolder, { recursive: true, force: true }));
