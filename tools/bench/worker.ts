/**
 * A bench child process that runs workflows "Start → AIML API Video" through n8n-core's real
 * WorkflowExecute (tools/harness/workflow.ts, loading the built dist/), and measures itself:
 * wall time, CPU time (process.cpuUsage) and RSS. The emulator lives in another process, so
 * nothing it does is counted here. Driven over IPC by scripts/bench.ts (see rpc.ts).
 *
 * Needs N8N_USER_FOLDER in its environment before n8n-core loads (the bench sets it).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeType } from 'n8n-workflow';

import { serve } from './rpc';

process.env.N8N_USER_FOLDER ??= mkdtempSync(path.join(tmpdir(), 'aimlapi-video-bench-'));

// Required after the environment is set: n8n-core reads it when it loads.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const harness = require('../harness/workflow') as typeof import('../harness/workflow');

export interface WorkerInit {
	binaryDir: string;
	apiUrl: string;
	aimlKey: string;
	novitaKey: string;
}

export interface RunParams {
	/** Whose node runs: AIML API Video (default) or Novita AI Video (Wan 2.1 14B). */
	package?: 'aimlapi' | 'novita';
	items: number;
	prompt: string;
	intervalS: number;
	maxWaitS: number;
	concurrency: number;
	download: boolean;
	requestTimeoutS: number;
}

export interface RunFigures {
	items: number;
	wallMs: number;
	/** Epoch ms (Date.now) when the workflow run started and ended, to line up with the emulator's log. */
	startedAt: number;
	endedAt: number;
	cpuUserMs: number;
	cpuSystemMs: number;
	status: string;
	completed: number;
	withBinary: number;
	bytes: number;
	/** The `data` field of the binary entries (the binary data mode that stored them). */
	binaryModes: string[];
	pollCounts: number[];
	error?: string;
}

/** The image-to-video case (issue 20): `items` items, each with an image of `imageBytes`. */
export interface ImageParams {
	items: number;
	imageBytes: number;
	intervalS: number;
	maxWaitS: number;
	concurrency: number;
	sampleMs: number;
	/**
	 * false: the control case — the same items and images, but Extra Body Fields set image_url
	 * to a URL, so the node neither reads nor sends the binaries (what the rest of the run costs).
	 */
	readImages: boolean;
}

export interface ImageFigures {
	items: number;
	concurrency: number;
	status: string;
	completed: number;
	/** The whole run (the start node writing the images to disk, then the video node). */
	wallMs: number;
	/** The video node alone (n8n's executionTime): check, read, send, wait, download. */
	nodeMs: number;
	idleRss: number;
	/** RSS peak over the run (sampled every `sampleMs`). */
	peakRss: number;
	error?: string;
}

export interface MemoryParams extends RunParams {
	/** 'node': the AIML API Video node itself. 'buffer': a whole-buffer downloader in its place. */
	kind: 'node' | 'buffer';
	/** For 'buffer': the CDN URL to fetch. */
	url?: string;
	sampleMs: number;
}

export interface MemoryFigures extends RunFigures {
	kind: 'node' | 'buffer';
	idleRss: number;
	peakRssSampled: number;
	samples: number;
	/** Kernel high-water mark (VmHWM) after the run, reset before it when the kernel allows. */
	peakRssKernel?: number;
	kernelPeakWasReset: boolean;
}

let credentials: Parameters<typeof harness.runWorkflow>[0]['credentials'] = {};

function gc(): void {
	(globalThis as { gc?: () => void }).gc?.();
}

function parameters(params: RunParams): IDataObject {
	return {
		operation: 'create',
		...(params.package === 'novita'
			? { novitaModel: 'wan-t2v' }
			: { model: { __rl: true, mode: 'list', value: 'alibaba/wan2.1-t2v-turbo' } }),
		prompt: '={{ $json.prompt }}',
		waitForCompletion: true,
		pollInterval: params.intervalS,
		maxWait: params.maxWaitS,
		options: {
			concurrency: params.concurrency,
			downloadVideo: params.download,
			requestTimeout: params.requestTimeoutS,
			// The memory cases stream a 1 GiB video (filesystem mode), past the 384 MB default.
			maxVideoSize: 10 * 1024,
		},
	};
}

function inputs(params: RunParams): IDataObject[] {
	return Array.from({ length: params.items }, (_, index) => ({
		prompt: `${params.prompt} #${index}`,
		url: '',
	}));
}

async function measuredRun(
	params: RunParams,
	input: IDataObject[],
	nodeParameters: IDataObject,
): Promise<RunFigures> {
	gc();
	const cpu = process.cpuUsage();
	const startedAt = Date.now();
	const started = performance.now();
	const result = await harness.runWorkflow({
		nodeType: params.package === 'novita' ? harness.NOVITA_NODE_TYPE : harness.NODE_TYPE,
		parameters: nodeParameters,
		input,
		credentials,
	});
	const wallMs = performance.now() - started;
	const endedAt = Date.now();
	const used = process.cpuUsage(cpu);
	const items: INodeExecutionData[] = result.items;
	const binaries = items.map((item) => item.binary?.data).filter((binary) => binary !== undefined);
	return {
		items: params.items,
		wallMs,
		startedAt,
		endedAt,
		cpuUserMs: used.user / 1000,
		cpuSystemMs: used.system / 1000,
		status: String(result.status),
		completed: items.filter((item) => item.json.status === 'completed').length,
		withBinary: binaries.length,
		bytes: binaries.reduce((sum, binary) => sum + (binary.bytes ?? 0), 0),
		binaryModes: [
			...new Set(
				binaries.map((binary) =>
					String(binary.id ? binary.id.split(':')[0] : 'memory (base64 in the item)'),
				),
			),
		],
		pollCounts: items.map((item) => Number(item.json.pollCount ?? NaN)),
		error: result.error?.message,
	};
}

/**
 * The whole-buffer baseline: what a simple node does with a finished video — download the
 * whole body with `encoding: 'arraybuffer'` through the same n8n-core `httpRequest` helper,
 * then hand the one Buffer to `prepareBinaryData` (no extra copy). It takes the place of the
 * AIML API Video node type in the harness's loaded package, in this process only.
 */
class WholeBufferDownloadNode implements INodeType {
	description = {
		displayName: 'Whole-buffer download (bench baseline)',
		name: 'wholeBufferDownload',
		group: ['transform'],
		version: 1,
		description: 'Downloads a URL into one Buffer, then prepareBinaryData',
		defaults: { name: 'Whole-buffer download' },
		inputs: ['main'],
		outputs: ['main'],
		properties: [{ displayName: 'URL', name: 'url', type: 'string', default: '' }],
	} as unknown as INodeType['description'];

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const url = this.getNodeParameter('url', 0) as string;
		const body = (await this.helpers.httpRequest({
			method: 'GET',
			url,
			encoding: 'arraybuffer',
			timeout: 600_000,
		})) as Buffer | ArrayBuffer;
		const buffer = Buffer.isBuffer(body) ? body : Buffer.from(body);
		const binary = await this.helpers.prepareBinaryData(buffer, 'video.mp4', 'video/mp4');
		return [
			[
				{
					json: { status: 'completed', bytes: binary.bytes ?? buffer.length },
					binary: { data: binary },
					pairedItem: { item: 0 },
				},
			],
		];
	}
}

function kernelPeak(): number | undefined {
	try {
		const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
		return match ? Number(match[1]) * 1024 : undefined;
	} catch {
		return undefined;
	}
}

function resetKernelPeak(): boolean {
	try {
		writeFileSync('/proc/self/clear_refs', '5');
		return true;
	} catch {
		return false;
	}
}

async function settle(ms: number): Promise<void> {
	await new Promise((resolve) => setTimeout(resolve, ms));
}

serve({
	init: async (init: WorkerInit) => {
		credentials = {
			aimlApiVideoAimlApi: { apiKey: init.aimlKey, baseUrl: init.apiUrl },
			novitaAiVideoApi: { apiKey: init.novitaKey, baseUrl: init.apiUrl },
		};
		await harness.useFilesystemBinaryData(init.binaryDir);
		await harness.loadPackage();
		return { pid: process.pid, node: process.version };
	},

	/** One workflow run with `items` items (the node's own batch wait loop). */
	batch: async (params: RunParams): Promise<RunFigures> =>
		await measuredRun(params, inputs(params), parameters(params)),

	/** The sequential baseline: `items` workflow runs of one item each, one after the other. */
	sequential: async (params: RunParams): Promise<RunFigures & { perRunMs: number[] }> => {
		const one = { ...params, items: 1 };
		const runs: RunFigures[] = [];
		for (let index = 0; index < params.items; index++) {
			runs.push(
				await measuredRun(one, [{ prompt: `${params.prompt} #${index}` }], parameters(one)),
			);
		}
		const sum = (pick: (run: RunFigures) => number) =>
			runs.reduce((total, run) => total + pick(run), 0);
		return {
			items: params.items,
			wallMs: sum((run) => run.wallMs),
			startedAt: runs[0]?.startedAt ?? 0,
			endedAt: runs[runs.length - 1]?.endedAt ?? 0,
			cpuUserMs: sum((run) => run.cpuUserMs),
			cpuSystemMs: sum((run) => run.cpuSystemMs),
			status: runs.every((run) => run.status === 'success')
				? 'success'
				: runs.map((run) => run.status).join(','),
			completed: sum((run) => run.completed),
			withBinary: sum((run) => run.withBinary),
			bytes: sum((run) => run.bytes),
			binaryModes: [...new Set(runs.flatMap((run) => run.binaryModes))],
			pollCounts: runs.flatMap((run) => run.pollCounts),
			error: runs.find((run) => run.error)?.error,
			perRunMs: runs.map((run) => run.wallMs),
		};
	},

	/**
	 * Image to video from binary data (filesystem mode): the start node stores `items` images
	 * of `imageBytes` through prepareBinaryData; the node checks them, reads each when its create
	 * is sent, and sends it as a data URL. RSS is sampled over the whole run.
	 */
	imageBatch: async (params: ImageParams): Promise<ImageFigures> => {
		gc();
		await settle(200);
		const idleRss = process.memoryUsage().rss;
		let peakRss = idleRss;
		const sampler = setInterval(() => {
			const rss = process.memoryUsage().rss;
			peakRss = Math.max(peakRss, rss);
		}, params.sampleMs);
		const started = performance.now();
		let result: Awaited<ReturnType<typeof harness.runWorkflow>>;
		try {
			result = await harness.runWorkflow({
				nodeType: harness.NODE_TYPE,
				parameters: {
					operation: 'create',
					model: { __rl: true, mode: 'list', value: 'alibaba/wan-2-6-i2v' },
					prompt: 'the photo comes alive',
					inputImageSource: 'binary',
					waitForCompletion: true,
					pollInterval: params.intervalS,
					maxWait: params.maxWaitS,
					options: {
						concurrency: params.concurrency,
						requestTimeout: 600,
						...(params.readImages
							? {}
							: { extraBodyFields: '{"image_url": "https://example.com/photo.png"}' }),
					},
				},
				input: Array.from({ length: params.items }, () => ({})),
				inputBinary: Array.from({ length: params.items }, () => ({
					data: { mimeType: 'image/png', fileName: 'photo.png', size: params.imageBytes },
				})),
				credentials,
			});
		} finally {
			clearInterval(sampler);
		}
		const wallMs = performance.now() - started;
		const runData = result.run.data.resultData.runData;
		const nodeMs = runData['AIML API Video']?.[0]?.executionTime ?? NaN;
		return {
			items: params.items,
			concurrency: params.concurrency,
			status: String(result.status),
			completed: result.items.filter((item) => item.json.status === 'completed').length,
			wallMs,
			nodeMs,
			idleRss,
			peakRss: Math.max(peakRss, process.memoryUsage().rss),
			error: result.error?.message,
		};
	},

	/** Puts the whole-buffer baseline node in place of the AIML API Video node (this process only). */
	useWholeBufferNode: async () => {
		const loaded = await harness.loadPackage();
		loaded.nodeTypes[harness.NODE_TYPE] = new WholeBufferDownloadNode();
		return true;
	},

	/** One measured run with RSS sampling, after settling to an idle baseline. */
	memory: async (params: MemoryParams): Promise<MemoryFigures> => {
		gc();
		await settle(200);
		gc();
		await settle(100);
		let idleRss = 0;
		for (let index = 0; index < 5; index++) {
			idleRss = Math.max(idleRss, process.memoryUsage().rss);
			await settle(params.sampleMs);
		}
		const kernelPeakWasReset = resetKernelPeak();
		let peakRssSampled = idleRss;
		let samples = 0;
		const sampler = setInterval(() => {
			samples++;
			peakRssSampled = Math.max(peakRssSampled, process.memoryUsage().rss);
		}, params.sampleMs);
		let figures: RunFigures;
		try {
			figures =
				params.kind === 'buffer'
					? await measuredRun(params, [{ url: params.url ?? '' }], { url: '={{ $json.url }}' })
					: await measuredRun(params, inputs(params), parameters(params));
		} finally {
			clearInterval(sampler);
		}
		peakRssSampled = Math.max(peakRssSampled, process.memoryUsage().rss);
		return {
			...figures,
			kind: params.kind,
			idleRss,
			peakRssSampled,
			samples,
			peakRssKernel: kernelPeak(),
			kernelPeakWasReset,
		};
	},

	shutdown: () => {
		harness.shutdownCore();
		setTimeout(() => process.exit(0), 10);
		return true;
	},
});
