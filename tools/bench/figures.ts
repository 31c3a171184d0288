/**
 * The bench's arithmetic: from what the workflow processes measured (RunFigures, MemoryFigures)
 * and what the emulator logged (EmulatorStats) to the rows of the report. No processes, no I/O.
 */
import type { EmulatorStats } from './emulator-child';
import type { MemoryFigures, RunFigures } from './worker';

export const MIB = 1024 * 1024;

// ---- statistics ---------------------------------------------------------------------------------

export const median = (values: number[]) => {
	const sorted = [...values].sort((a, b) => a - b);
	const mid = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
export const mean = (values: number[]) =>
	values.reduce((sum, value) => sum + value, 0) / values.length;
export const percentile = (values: number[], p: number) => {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
};

// ---- requests and detection delay (the emulator's log) ------------------------------------------

export interface RequestFigures {
	jobs: number;
	/** Jobs whose completion a poll reported (the emulator set reportedAt). */
	jobsReported: number;
	createsPerJob: number;
	pollsPerJob: number;
	requestsPerJob: number;
	failedRequests: number;
	cdnRequests: number;
	delayMeanMs: number;
	delayP95Ms: number;
	delayMaxMs: number;
	/** Gap between a job's last two polls (steady state: the interval plus the round's own time). */
	pollGapMedianMs: number;
	pollGapMaxMs: number;
}

export function requestFigures(stats: EmulatorStats[]): RequestFigures {
	const jobs = stats.flatMap((s) => s.jobs);
	const creates = stats.reduce((sum, s) => sum + s.creates, 0);
	const fetches = stats.reduce((sum, s) => sum + s.fetches, 0);
	const delays = jobs
		.filter((job) => job.reportedAt !== undefined && job.doneAt !== undefined)
		.map((job) => (job.reportedAt as number) - (job.doneAt as number));
	const gaps = stats.flatMap((s) => s.lastPollGaps);
	return {
		jobs: jobs.length,
		jobsReported: delays.length,
		createsPerJob: creates / jobs.length,
		pollsPerJob: fetches / jobs.length,
		requestsPerJob: (creates + fetches) / jobs.length,
		failedRequests: stats.reduce((sum, s) => sum + s.failedRequests, 0),
		cdnRequests: stats.reduce((sum, s) => sum + s.cdn, 0),
		delayMeanMs: delays.length ? mean(delays) : NaN,
		delayP95Ms: delays.length ? percentile(delays, 95) : NaN,
		delayMaxMs: delays.length ? Math.max(...delays) : NaN,
		pollGapMedianMs: gaps.length ? median(gaps) : NaN,
		pollGapMaxMs: gaps.length ? Math.max(...gaps) : NaN,
	};
}

// ---- where a batch's time goes --------------------------------------------------------------------

/** Where a batch's wall time goes, on the shared clock (epoch ms), averaged over the runs. */
export interface Phases {
	/** Workflow start → first create arrives at the emulator (n8n run setup, parameters, client). */
	toFirstCreateMs: number;
	/** First → last create: the submit phase (creates at the Concurrency limit). */
	createSpreadMs: number;
	/** Last create → last job done on the emulator's clock (≈ the job duration). */
	lastJobMs: number;
	/** Last job done → its completion reported by a poll. */
	detectMs: number;
	/** Last completion reported → workflow run returned (remaining downloads, output). */
	tailMs: number;
}

/** One measured batch run: the workflow process's figures and the emulator's log of it. */
export interface BatchRun {
	run: RunFigures;
	stats: EmulatorStats;
}

export function phasesOf(entries: BatchRun[]): Phases {
	const each = entries.map(({ run, stats }) => {
		const lastDone = Math.max(...stats.jobs.map((job) => job.doneAt ?? NaN));
		const lastReported = Math.max(...stats.jobs.map((job) => job.reportedAt ?? NaN));
		const firstCreate = stats.firstCreateAt ?? NaN;
		const lastCreate = stats.lastCreateAt ?? NaN;
		return {
			toFirstCreateMs: firstCreate - run.startedAt,
			createSpreadMs: lastCreate - firstCreate,
			lastJobMs: lastDone - lastCreate,
			detectMs: lastReported - lastDone,
			tailMs: run.endedAt - lastReported,
		};
	});
	const avg = (key: keyof Phases) => mean(each.map((phase) => phase[key]));
	return {
		toFirstCreateMs: avg('toFirstCreateMs'),
		createSpreadMs: avg('createSpreadMs'),
		lastJobMs: avg('lastJobMs'),
		detectMs: avg('detectMs'),
		tailMs: avg('tailMs'),
	};
}

// ---- rows -------------------------------------------------------------------------------------------

export interface BatchRow extends RequestFigures {
	items: number;
	/** Download Video on in these runs. */
	download: boolean;
	/** N, and "(no download)" for the wait-loop-only rows. */
	label: string;
	phases: Phases;
	runs: number;
	wallMsMedian: number;
	wallMsAll: number[];
	ratioToN1: number;
	/** Sequential baseline estimate for N items: N × mean one-item run (measured for baselineN). */
	sequentialMs: number;
	sequentialMeasured: boolean;
	ratioToSequential: number;
	cpuMsPerItem: number;
	itemsCompleted: number;
	itemsExpected: number;
	binaryModes: string[];
	bytesPerItem: number;
	errors: string[];
}

export interface SequentialRow extends RequestFigures {
	runs: number;
	totalWallMs: number;
	perRunMeanMs: number;
	perRunMinMs: number;
	perRunMaxMs: number;
	cpuMsPerItem: number;
	itemsCompleted: number;
}

export interface MemoryRow {
	kind: 'node' | 'buffer';
	description: string;
	videoBytes: number;
	bytesStored: number;
	binaryModes: string[];
	idleRss: number;
	peakRss: number;
	peakRssSampled: number;
	peakRssKernel?: number;
	kernelPeakWasReset: boolean;
	growth: number;
	samples: number;
	wallMs: number;
	cpuMs: number;
	mibPerSecond: number;
	status: string;
	error?: string;
}

/** The label of a batch case: N, with "(no download)" for the wait-loop-only runs. */
export const batchLabel = (items: number, download: boolean) =>
	`${items}${download ? '' : ' (no download)'}`;

export function sequentialRow(
	run: RunFigures & { perRunMs: number[] },
	stats: EmulatorStats,
	runs: number,
): SequentialRow {
	return {
		...requestFigures([stats]),
		runs,
		totalWallMs: run.wallMs,
		perRunMeanMs: mean(run.perRunMs),
		perRunMinMs: Math.min(...run.perRunMs),
		perRunMaxMs: Math.max(...run.perRunMs),
		cpuMsPerItem: (run.cpuUserMs + run.cpuSystemMs) / runs,
		itemsCompleted: run.completed,
	};
}

/**
 * One row per batch case. `vs N=1` divides by the N=1 median with the same Download Video
 * setting. The sequential baseline, when given (taken with `mainDownload`), is measured at
 * `sequential.items` items and extrapolated as N × its mean one-item run for the other N.
 */
export function batchRows(
	cases: Array<{ items: number; download: boolean }>,
	runs: Map<string, BatchRun[]>,
	mainDownload: boolean,
	sequential?: { row: SequentialRow; items: number },
): BatchRow[] {
	const n1 = (download: boolean) =>
		median((runs.get(batchLabel(1, download)) ?? []).map(({ run }) => run.wallMs));
	return cases.map(({ items, download }) => {
		const entries = runs.get(batchLabel(items, download)) ?? [];
		const walls = entries.map(({ run }) => run.wallMs);
		const wallMsMedian = median(walls);
		// The sequential baseline runs with the main setting of Download Video only.
		const comparable = sequential !== undefined && download === mainDownload;
		const sequentialMeasured = comparable && items === sequential.items;
		const sequentialMs = !comparable
			? NaN
			: sequentialMeasured
				? sequential.row.totalWallMs
				: items * sequential.row.perRunMeanMs;
		return {
			...requestFigures(entries.map(({ stats }) => stats)),
			items,
			download,
			label: batchLabel(items, download),
			phases: phasesOf(entries),
			runs: entries.length,
			wallMsMedian,
			wallMsAll: walls,
			ratioToN1: wallMsMedian / n1(download),
			sequentialMs,
			sequentialMeasured,
			ratioToSequential: wallMsMedian / sequentialMs,
			cpuMsPerItem: median(entries.map(({ run }) => (run.cpuUserMs + run.cpuSystemMs) / items)),
			itemsCompleted: entries.reduce((sum, { run }) => sum + run.completed, 0),
			itemsExpected: entries.length * items,
			binaryModes: [...new Set(entries.flatMap(({ run }) => run.binaryModes))],
			bytesPerItem:
				entries.reduce((sum, { run }) => sum + run.bytes, 0) / Math.max(1, entries.length * items),
			errors: entries
				.map(({ run }) => run.error)
				.filter((error): error is string => Boolean(error)),
		};
	});
}

export function memoryRow(
	kind: 'node' | 'buffer',
	videoBytes: number,
	figures: MemoryFigures,
): MemoryRow {
	const kernel = figures.kernelPeakWasReset ? (figures.peakRssKernel ?? 0) : 0;
	const peakRss = Math.max(figures.peakRssSampled, kernel);
	return {
		kind,
		description:
			kind === 'node'
				? 'AIML API Video node: create + wait + download (encoding: stream → prepareBinaryData)'
				: "same URL via n8n httpRequest encoding: 'arraybuffer' → one Buffer → prepareBinaryData",
		videoBytes,
		bytesStored: figures.bytes,
		binaryModes: figures.binaryModes,
		idleRss: figures.idleRss,
		peakRss,
		peakRssSampled: figures.peakRssSampled,
		peakRssKernel: figures.peakRssKernel,
		kernelPeakWasReset: figures.kernelPeakWasReset,
		growth: peakRss - figures.idleRss,
		samples: figures.samples,
		wallMs: figures.wallMs,
		cpuMs: figures.cpuUserMs + figures.cpuSystemMs,
		mibPerSecond: figures.bytes / MIB / (figures.wallMs / 1000),
		status: figures.status,
		error: figures.error,
	};
}

// ---- the minimum and the targets ------------------------------------------------------------------

export interface Minimum {
	createsPerJob: number;
	pollsPerJob: number;
	requestsPerJob: number;
	delayMaxMs: number;
}

export interface Target {
	name: string;
	target: string;
	measured: string;
	met: boolean;
}

/** Fixed-interval polling: 1 create + duration/interval + 1 polls, noticed within one interval. */
export function minimumFor(jobMs: number, intervalS: number): Minimum {
	const minPolls = jobMs / 1000 / intervalS + 1;
	return {
		createsPerJob: 1,
		pollsPerJob: minPolls,
		requestsPerJob: 1 + minPolls,
		delayMaxMs: intervalS * 1000,
	};
}

export function batchTargets(batches: BatchRow[], minimum: Minimum): Target[] {
	const largestN = Math.max(...batches.map((b) => b.items));
	const largest = batches.filter((b) => b.items === largestN);
	return [
		...largest.map((b) => ({
			name: `batch wall time, N=${b.label} vs N=1${b.download ? ' (downloads on)' : ''}`,
			target: '≤ 1.5×',
			measured: `${b.ratioToN1.toFixed(2)}×`,
			met: b.ratioToN1 <= 1.5,
		})),
		{
			name: 'detection delay (max over all batch jobs)',
			target: `≤ ${minimum.delayMaxMs} ms (one interval)`,
			measured: `${Math.max(...batches.map((b) => b.delayMaxMs)).toFixed(0)} ms`,
			met: Math.max(...batches.map((b) => b.delayMaxMs)) <= minimum.delayMaxMs,
		},
		{
			name: 'creates per job (all batch sizes)',
			target: '= 1',
			measured: batches.map((b) => b.createsPerJob.toFixed(2)).join(' / '),
			met: batches.every((b) => b.createsPerJob === 1),
		},
	];
}

export function memoryTarget(node: MemoryRow, videoMib: number): Target {
	return {
		name: `peak RSS growth, ${videoMib} MiB video (node)`,
		target: '< 100 MiB',
		measured: `${(node.growth / MIB).toFixed(1)} MiB`,
		met: node.growth < 100 * MIB,
	};
}
