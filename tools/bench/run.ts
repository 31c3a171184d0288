/**
 * Runs the bench: starts the emulator and the workflow processes (rpc.ts), drives the measured
 * runs in order, and turns what they report into a BenchResult (figures.ts does the arithmetic,
 * report.ts the table). scripts/bench.ts is the command line in front of it.
 */
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';

import type { EmulatorPhase, EmulatorStats } from './emulator-child';
import type { BatchRow, BatchRun, MemoryRow, Minimum, SequentialRow, Target } from './figures';
import {
	MIB,
	batchLabel,
	batchRows,
	batchTargets,
	memoryRow,
	memoryTarget,
	minimumFor,
	sequentialRow,
} from './figures';
import { Child } from './rpc';
import type { MemoryFigures, RunFigures, RunParams } from './worker';

const WARMUP_MARKER = '[bench-warmup]';
const PROMPT = 'A red fox runs through fresh snow';

export interface BenchOptions {
	jobMs: number;
	intervalS: number;
	sizes: number[];
	repeats: number;
	baselineN: number;
	concurrency: number;
	batchVideoKib: number;
	videoMib: number;
	maxWaitS: number;
	sampleMs: number;
	memory: boolean;
	/** Download Video in the batch runs. */
	download: boolean;
	/** Also run the stress scenario: N = 1 and the largest N again, with short jobs. */
	stress: boolean;
	stressJobMs: number;
	stressIntervalS: number;
	smoke: boolean;
	json: boolean;
}

/** A second set of batch runs with short jobs: every download lands at the end at once. */
export interface StressResult {
	jobMs: number;
	intervalS: number;
	repeats: number;
	minimum: Minimum;
	batches: BatchRow[];
	targets: Target[];
}

export interface BenchResult {
	machine: {
		cpus: number;
		cpuModel: string;
		totalMemGiB: number;
		node: string;
		platform: string;
		n8nCore: string;
		n8nWorkflow: string;
		/** 1-minute load average when the bench started and when it ended (other work on the machine). */
		loadAvg1m: [number, number];
	};
	options: BenchOptions;
	minimum: Minimum;
	batches: BatchRow[];
	sequential: SequentialRow;
	stress?: StressResult;
	/** The same batches through the Novita package's node (N = 1 and the largest N). */
	novita?: BatchRow[];
	memory?: { node: MemoryRow; buffer: MemoryRow; growthRatio: number };
	targets: Target[];
	emulatorPeakRss: number;
	durationS: number;
}

function log(options: BenchOptions, message: string): void {
	(options.json ? process.stderr : process.stdout).write(`${message}\n`);
}

export async function runBench(options: BenchOptions): Promise<BenchResult> {
	const began = Date.now();
	const loadAtStart = loadavg()[0];
	const scratch = mkdtempSync(path.join(tmpdir(), 'aimlapi-video-bench-'));
	const userFolder = path.join(scratch, 'n8n');
	mkdirSync(userFolder);
	const children: Child[] = [];
	// BENCH_WORKER_ARGS passes extra node flags to the workflow processes, e.g. "--cpu-prof".
	const workerArgs = (process.env.BENCH_WORKER_ARGS ?? '').split(' ').filter(Boolean);
	const spawn = (script: string, name: string) => {
		const child = new Child(path.join(__dirname, script), {
			name,
			env: { N8N_USER_FOLDER: userFolder, N8N_ENCRYPTION_KEY: 'aimlapi-video-bench-scratch' },
			execArgv: ['--expose-gc', ...(script === 'worker.ts' ? workerArgs : [])],
		});
		children.push(child);
		return child;
	};

	try {
		const emulator = spawn('emulator-child.ts', 'emulator');
		const info = await emulator.call<{
			apiUrl: string;
			cdnUrl: string;
			aimlKey: string;
			novitaKey: string;
		}>('info');
		const phase = (videoBytes: number, jobMs = options.jobMs): EmulatorPhase => ({
			jobMs,
			warmupMs: Math.min(50, jobMs),
			videoBytes,
		});
		const batchVideoBytes = Math.round(options.batchVideoKib * 1024);
		const runParams = (
			items: number,
			prompt: string,
			download = options.download,
			intervalS = options.intervalS,
			pkg: RunParams['package'] = 'aimlapi',
		): RunParams => ({
			package: pkg,
			items,
			prompt,
			intervalS,
			maxWaitS: options.maxWaitS,
			concurrency: options.concurrency,
			download,
			requestTimeoutS: 600,
		});
		const startWorker = async (name: string) => {
			const worker = spawn('worker.ts', name);
			const binaryDir = path.join(scratch, `binary-${name}`);
			mkdirSync(binaryDir);
			await worker.call('init', { ...info, binaryDir });
			return worker;
		};

		// 1, 2, 4: batches and the sequential baseline, in one process after a warm-up.
		log(options, `bench: warming up (emulator pid ${emulator.process.pid})…`);
		const timing = await startWorker('timing');
		await emulator.call('reset', phase(batchVideoBytes));
		await timing.call<RunFigures>(
			'batch',
			runParams(Math.min(10, Math.max(...options.sizes)), `${WARMUP_MARKER} warm-up`),
		);
		await timing.call<RunFigures>('batch', runParams(1, `${WARMUP_MARKER} warm-up`));

		// The sizes as given; with downloads on, also N=1 and the largest N with Download Video off,
		// to separate the wait loop from the download phase. Repeats interleave the cases, so drift
		// hits all of them alike.
		const largestN = Math.max(...options.sizes);
		const casesFor = (sizes: number[]) => [
			...sizes.map((items) => ({ items, download: options.download })),
			...(options.download && largestN > 1
				? [
						{ items: 1, download: false },
						{ items: largestN, download: false },
					]
				: []),
		];
		const runBatches = async (
			cases: Array<{ items: number; download: boolean }>,
			jobMs: number,
			intervalS: number,
			name: string,
			pkg: RunParams['package'] = 'aimlapi',
		) => {
			const runs = new Map<string, BatchRun[]>();
			for (let repeat = 0; repeat < options.repeats; repeat++) {
				for (const { items, download } of cases) {
					await emulator.call('reset', phase(batchVideoBytes, jobMs));
					const run = await timing.call<RunFigures>(
						'batch',
						runParams(items, PROMPT, download, intervalS, pkg),
					);
					const stats = await emulator.call<EmulatorStats>('stats');
					const label = batchLabel(items, download);
					runs.set(label, [...(runs.get(label) ?? []), { run, stats }]);
					log(
						options,
						`bench: ${name}N=${label} run ${repeat + 1}/${options.repeats}: ${(run.wallMs / 1000).toFixed(2)} s, ${run.completed}/${items} completed`,
					);
				}
			}
			return runs;
		};

		const cases = casesFor(options.sizes);
		const batchRuns = await runBatches(cases, options.jobMs, options.intervalS, '');

		await emulator.call('reset', phase(batchVideoBytes));
		log(options, `bench: sequential baseline, ${options.baselineN} one-item workflow runs…`);
		const sequentialRun = await timing.call<RunFigures & { perRunMs: number[] }>(
			'sequential',
			runParams(options.baselineN, PROMPT),
		);
		const sequentialStats = await emulator.call<EmulatorStats>('stats');
		const sequential = sequentialRow(sequentialRun, sequentialStats, options.baselineN);
		const batches = batchRows(cases, batchRuns, options.download, {
			row: sequential,
			items: options.baselineN,
		});

		// The stress scenario: N = 1 and the largest N again, with short jobs, so that all the
		// downloads of a batch queue at the end at once (no sequential baseline).
		let stress: StressResult | undefined;
		if (options.stress && largestN > 1) {
			const stressCases = casesFor([1, largestN]);
			const stressRuns = await runBatches(
				stressCases,
				options.stressJobMs,
				options.stressIntervalS,
				`stress (${options.stressJobMs} ms jobs) `,
			);
			const stressBatches = batchRows(stressCases, stressRuns, options.download);
			const stressMinimum = minimumFor(options.stressJobMs, options.stressIntervalS);
			stress = {
				jobMs: options.stressJobMs,
				intervalS: options.stressIntervalS,
				repeats: options.repeats,
				minimum: stressMinimum,
				batches: stressBatches,
				targets: batchTargets(stressBatches, stressMinimum),
			};
		}
		// The Novita package's node: the same engine, so the same batch figure (N = 1, largest N).
		let novita: BatchRow[] | undefined;
		if (largestN > 1) {
			const novitaCases = [1, largestN].map((items) => ({ items, download: options.download }));
			const novitaRuns = await runBatches(
				novitaCases,
				options.jobMs,
				options.intervalS,
				'novita ',
				'novita',
			);
			novita = batchRows(novitaCases, novitaRuns, options.download);
		}
		await timing.call('shutdown');

		// 3: memory, each case in a fresh process, after a small warm-up download in that process.
		let memory: BenchResult['memory'];
		if (options.memory) {
			const videoBytes = Math.round(options.videoMib * MIB);
			const rows: Record<'node' | 'buffer', MemoryRow> = {} as never;
			for (const kind of ['node', 'buffer'] as const) {
				log(
					options,
					`bench: memory, ${kind === 'node' ? 'the node (streamed)' : 'whole-buffer baseline'}, ${options.videoMib} MiB video…`,
				);
				const worker = await startWorker(`memory-${kind}`);
				if (kind === 'buffer') await worker.call('useWholeBufferNode');
				const url = `${info.cdnUrl}/videos/bench.mp4?Expires=${Date.now() + 3600_000}&Signature=bench`;
				const params = {
					...runParams(1, PROMPT, true),
					kind,
					url,
					sampleMs: options.sampleMs,
				};
				await emulator.call('reset', phase(64 * 1024));
				await worker.call<MemoryFigures>('memory', {
					...params,
					prompt: `${WARMUP_MARKER} warm-up`,
				});
				await emulator.call('reset', { ...phase(videoBytes), jobMs: Math.min(options.jobMs, 200) });
				const figures = await worker.call<MemoryFigures>('memory', params);
				await worker.call('shutdown');
				rows[kind] = memoryRow(kind, videoBytes, figures);
			}
			memory = { ...rows, growthRatio: rows.node.growth / rows.buffer.growth };
		}

		const emulatorPeakRss = await emulator.call<number>('memory');
		const minimum = minimumFor(options.jobMs, options.intervalS);
		const targets = batchTargets(batches, minimum);
		if (memory) targets.push(memoryTarget(memory.node, options.videoMib));

		return {
			machine: {
				cpus: cpus().length,
				cpuModel: cpus()[0]?.model ?? 'unknown',
				totalMemGiB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
				node: process.version,
				platform: `${process.platform} ${process.arch}`,
				// eslint-disable-next-line @typescript-eslint/no-require-imports
				n8nCore: (require('n8n-core/package.json') as { version: string }).version,
				// eslint-disable-next-line @typescript-eslint/no-require-imports
				n8nWorkflow: (require('n8n-workflow/package.json') as { version: string }).version,
				loadAvg1m: [loadAtStart, loadavg()[0]],
			},
			options,
			minimum,
			batches,
			sequential,
			stress,
			novita,
			memory,
			targets,
			emulatorPeakRss,
			durationS: (Date.now() - began) / 1000,
		};
	} finally {
		await Promise.all(children.map(async (child) => await child.stop()));
		rmSync(scratch, { recursive: true, force: true });
	}
}
