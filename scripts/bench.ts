/**
 * The command line of the bench: parses the options, runs it (tools/bench/run.ts) and prints the
 * report (tools/bench/report.ts). It runs the built AIML API Video node through n8n-core's real
 * WorkflowExecute against the local emulator and measures (BENCHMARKS.md says how to read it):
 *   1. batch wall time for N items (wait on), as a ratio to N = 1 and to a sequential baseline;
 *   2. requests per job and detection delay, against the minimum possible;
 *   3. peak RSS growth while a large video is streamed into filesystem binary data, against a
 *      whole-buffer download of the same URL;
 *   4. CPU time in the workflow process per item;
 *   5. the stress scenario: N = 1 and the largest N again with short (2 s) jobs.
 * Every figure comes from child processes: the emulator runs in one, the timed batches in
 * another, and each memory case in a fresh one of its own, so nothing is counted twice.
 *
 *   npm run bench                       # full run (about three minutes)
 *   npm run bench -- --smoke --json     # tiny run, JSON on stdout (used by the Jest smoke test)
 *
 * Flags (env BENCH_<NAME> in capitals with _ for -, e.g. BENCH_JOB_MS=3000, works as well):
 *   --job-ms 6000          how long each emulated generation takes
 *   --interval 0.5         the node's Poll Interval (s)
 *   --sizes 1,10,50,100    batch sizes (1 is always added: it is the reference)
 *   --repeats 3            runs per batch size (the median is shown)
 *   --baseline-n 3         one-item workflow runs for the sequential baseline
 *   --concurrency 5        the node's Concurrency option
 *   --batch-video-kib 1024 size of each video in the batch runs (downloaded, filesystem mode)
 *   --video-mib 1024       size of the video in the memory cases
 *   --max-wait 120         the node's Maximum Wait (s)
 *   --sample-ms 20         RSS sampling period
 *   --stress-job-ms 2000   job duration of the stress scenario
 *   --stress-interval 0.5  poll interval of the stress scenario (s)
 *   --no-stress            skip the stress scenario
 *   --no-download          batch runs without Download Video (the wait loop alone)
 *   --no-memory            skip the memory cases
 *   --smoke                N = 5, 200 ms jobs (stress: 100 ms), 4 MiB video: a quick sanity run
 *   --json                 print the results as JSON on stdout (the table goes to stderr)
 *   --chart <file>         where to write the batch figure as an SVG chart (default for full runs:
 *                          docs/images/bench-batch.svg, shown in BENCHMARKS.md; smoke runs: none)
 *   --no-chart             write no chart
 *   --images               run only section 7, image to video from binary data: N = 1 and
 *                          --image-items (50) items with a --image-mib (5) PNG each, at
 *                          Concurrency 50 and --concurrency, plus a control that never reads
 *                          the images (2 s jobs unless --job-ms is given)
 * The first measurement's default run (2 s jobs throughout) is
 *   npm run bench -- --job-ms 2000 --baseline-n 10 --no-stress
 * BENCH_WORKER_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" adds node flags to the workflow processes.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { batchChartSvg } from '../tools/bench/chart';
import { formatImageRows, runImageBench } from '../tools/bench/images';
import { formatResult } from '../tools/bench/report';
import type { BenchOptions } from '../tools/bench/run';
import { runBench } from '../tools/bench/run';

export type { BenchOptions, BenchResult } from '../tools/bench/run';

// 6 s jobs at a 0.5 s interval: real Wan jobs take 90–210 s at the node's default 10 s
// interval, i.e. 9–21 intervals per job; 6 s / 0.5 s = 12, and the bench stays near 3 minutes.
const DEFAULTS: BenchOptions = {
	jobMs: 6000,
	intervalS: 0.5,
	sizes: [1, 10, 50, 100],
	repeats: 3,
	baselineN: 3,
	concurrency: 5,
	batchVideoKib: 1024,
	videoMib: 1024,
	maxWaitS: 120,
	sampleMs: 20,
	memory: true,
	download: true,
	stress: true,
	stressJobMs: 2000,
	stressIntervalS: 0.5,
	smoke: false,
	json: false,
};

const SMOKE: Partial<BenchOptions> = {
	jobMs: 200,
	intervalS: 0.1,
	sizes: [1, 5],
	repeats: 1,
	baselineN: 3,
	batchVideoKib: 64,
	videoMib: 4,
	maxWaitS: 30,
	stressJobMs: 100,
	stressIntervalS: 0.1,
};

export function parseOptions(argv: string[], env: NodeJS.ProcessEnv = process.env): BenchOptions {
	const flag = (name: string): string | undefined => {
		const index = argv.indexOf(`--${name}`);
		if (index >= 0 && argv[index + 1] !== undefined && !argv[index + 1].startsWith('--'))
			return argv[index + 1];
		const inline = argv.find((arg) => arg.startsWith(`--${name}=`));
		if (inline) return inline.slice(name.length + 3);
		return env[`BENCH_${name.toUpperCase().replace(/-/g, '_')}`];
	};
	const bool = (name: string) =>
		argv.includes(`--${name}`) ||
		['1', 'true'].includes(String(env[`BENCH_${name.toUpperCase().replace(/-/g, '_')}`]));
	const smoke = bool('smoke');
	const base: BenchOptions = { ...DEFAULTS, ...(smoke ? SMOKE : {}), smoke, json: bool('json') };
	const number = (name: string, fallback: number, min: number) => {
		const raw = flag(name);
		if (raw === undefined) return fallback;
		const value = Number(raw);
		if (!Number.isFinite(value) || value < min)
			throw new Error(`--${name} must be a number ≥ ${min}, got ${raw}`);
		return value;
	};
	const sizesRaw = flag('sizes');
	const sizes = sizesRaw ? sizesRaw.split(',').map((part) => Math.floor(Number(part))) : base.sizes;
	if (sizes.some((size) => !Number.isFinite(size) || size < 1))
		throw new Error(`--sizes must be positive integers, got ${sizesRaw}`);
	return {
		...base,
		jobMs: number('job-ms', base.jobMs, 1),
		intervalS: number('interval', base.intervalS, 0.05),
		sizes: [...new Set([1, ...sizes])].sort((a, b) => a - b),
		repeats: Math.floor(number('repeats', base.repeats, 1)),
		baselineN: Math.floor(number('baseline-n', base.baselineN, 1)),
		concurrency: Math.floor(number('concurrency', base.concurrency, 1)),
		batchVideoKib: number('batch-video-kib', base.batchVideoKib, 1),
		videoMib: number('video-mib', base.videoMib, 0.01),
		maxWaitS: number('max-wait', base.maxWaitS, 1),
		sampleMs: number('sample-ms', base.sampleMs, 1),
		memory: !bool('no-memory'),
		download: !bool('no-download'),
		stress: !bool('no-stress'),
		stressJobMs: number('stress-job-ms', base.stressJobMs, 1),
		stressIntervalS: number('stress-interval', base.stressIntervalS, 0.05),
	};
}

/** Where the batch chart goes: --chart <file>, none with --no-chart, else the docs' for full runs. */
export function chartPath(argv: string[], smoke: boolean): string | undefined {
	if (argv.includes('--no-chart')) return undefined;
	const index = argv.indexOf('--chart');
	if (index >= 0 && argv[index + 1]) return path.resolve(argv[index + 1]);
	return smoke ? undefined : path.join(__dirname, '..', 'docs', 'images', 'bench-batch.svg');
}

/** The flags of the comment at the top of this file, for --help. */
const USAGE = `Usage: npm run bench [-- flags]

Runs the built nodes through n8n-core against the local emulator and prints batch wall time
(vs N = 1 and a sequential baseline), requests per job, memory while streaming a big video,
CPU per item, the stress scenario and the Novita package's batches. About three minutes.
  --smoke --json          a tiny run, JSON on stdout
  --job-ms 6000           how long each emulated generation takes
  --interval 0.5          the node's Poll Interval (s)
  --sizes 1,10,50,100     batch sizes
  --repeats 3             runs per batch size (the median is shown)
  --baseline-n 3          one-item runs for the sequential baseline
  --concurrency 5         the node's Concurrency option
  --batch-video-kib 1024  size of each video in the batch runs
  --video-mib 1024        size of the video in the memory cases
  --no-stress, --no-download, --no-memory, --no-chart, --chart <file>
  --images [--image-items 50] [--image-mib 5]   only the image-to-video section
See scripts/bench.ts and BENCHMARKS.md for every flag.`;

async function main(): Promise<void> {
	const argv = process.argv.slice(2);
	if (argv.includes('--help') || argv.includes('-h')) {
		process.stdout.write(`${USAGE}\n`);
		return;
	}
	if (argv.includes('--images')) {
		// Section 7: image to video from binary data (tools/bench/images.ts).
		const options = parseOptions(argv);
		const value = (name: string, fallback: number) => {
			const index = argv.indexOf(`--${name}`);
			return index >= 0 ? Number(argv[index + 1]) : fallback;
		};
		const rows = await runImageBench({
			items: value('image-items', 50),
			imageMib: value('image-mib', 5),
			jobMs: argv.includes('--job-ms') ? options.jobMs : 2000,
			intervalS: options.intervalS,
			concurrencies: [50, options.concurrency],
		});
		const text = formatImageRows(rows);
		process.stderr.write(`${text}\n`);
		if (options.json) process.stdout.write(`${JSON.stringify(rows, null, 1)}\n`);
		else process.stdout.write(`${text}\n`);
		return;
	}
	const options = parseOptions(argv);
	const chart = chartPath(argv, options.smoke);
	const result = await runBench(options);
	const text = formatResult(result);
	if (chart) {
		mkdirSync(path.dirname(chart), { recursive: true });
		writeFileSync(chart, batchChartSvg(result));
		process.stderr.write(`batch chart: ${path.relative(process.cwd(), chart)}\n`);
	}
	if (options.json) {
		process.stderr.write(`${text}\n`);
		process.stdout.write(`${JSON.stringify(result, null, 1)}\n`);
	} else {
		process.stdout.write(`${text}\n`);
	}
}

if (require.main === module) {
	main().catch((error) => {
		console.error(error);
		process.exit(1);
	});
}
