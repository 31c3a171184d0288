/**
 * The bench's printed report: a BenchResult (run.ts) as plain-text tables. BENCHMARKS.md explains
 * how to read each section.
 */
import type { RequestFigures } from './figures';
import { MIB } from './figures';
import type { BenchResult } from './run';

/** Columns padded to their widest cell: the first left-aligned, the others right-aligned. */
export function table(headers: string[], rows: string[][]): string {
	const widths = headers.map((header, index) =>
		Math.max(header.length, ...rows.map((row) => row[index].length)),
	);
	const line = (cells: string[]) =>
		cells
			.map((cell, index) =>
				index === 0 ? cell.padEnd(widths[index]) : cell.padStart(widths[index]),
			)
			.join('  ');
	return [
		line(headers),
		widths.map((width) => '-'.repeat(width)).join('  '),
		...rows.map(line),
	].join('\n');
}

const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const mib = (bytes: number) => `${(bytes / MIB).toFixed(1)} MiB`;
const ms = (value: number) => `${value.toFixed(0)} ms`;
const gap = (f: RequestFigures) =>
	Number.isNaN(f.pollGapMedianMs)
		? '-'
		: `${f.pollGapMedianMs.toFixed(0)} / ${f.pollGapMaxMs.toFixed(0)} ms`;

export function formatResult(result: BenchResult): string {
	const { options, machine, minimum, sequential, stress } = result;
	const out: string[] = [];
	out.push(`AIML API Video bench${options.smoke ? ' (smoke)' : ''} — ${new Date().toISOString()}`);
	out.push(
		`machine: ${machine.cpus} × ${machine.cpuModel}, ${machine.totalMemGiB} GiB, node ${machine.node} (${machine.platform}), n8n-core ${machine.n8nCore}, n8n-workflow ${machine.n8nWorkflow}` +
			(machine.loadAvg1m
				? `, load average (1 min) ${machine.loadAvg1m.map((load) => load.toFixed(2)).join(' → ')}`
				: ''),
	);
	out.push(
		`settings: job ${options.jobMs} ms, poll interval ${options.intervalS} s, concurrency ${options.concurrency}, ${options.repeats} run(s) per size (median shown), ` +
			(options.download
				? `batch videos ${options.batchVideoKib} KiB each (downloaded into filesystem binary data)`
				: 'Download Video off in the batch runs') +
			', emulator in its own process',
	);
	if (stress) {
		out.push(
			`stress scenario (section 5): job ${stress.jobMs} ms, poll interval ${stress.intervalS} s, N = ${stress.batches
				.filter((b) => b.download === options.download)
				.map((b) => b.items)
				.join(' and ')}, same other settings`,
		);
	}
	out.push('');
	out.push('1. Batch wall time (one workflow run of N items, wait on; median)');
	out.push(
		table(
			[
				'N',
				'wall',
				'vs N=1',
				'sequential (N one-item runs)',
				'batch/sequential',
				'speed-up',
				'completed',
			],
			result.batches.map((b) => [
				b.label,
				s(b.wallMsMedian),
				`${b.ratioToN1.toFixed(2)}×`,
				Number.isNaN(b.sequentialMs)
					? '-'
					: `${s(b.sequentialMs)} ${b.sequentialMeasured ? '(measured)' : `(${b.items} × mean)`}`,
				Number.isNaN(b.ratioToSequential) ? '-' : `${b.ratioToSequential.toFixed(3)}×`,
				Number.isNaN(b.ratioToSequential) ? '-' : `${(1 / b.ratioToSequential).toFixed(1)}×`,
				`${b.itemsCompleted}/${b.itemsExpected}`,
			]),
		),
	);
	out.push(
		`   sequential baseline: ${sequential.runs} workflow runs of 1 item each, one after the other, same process and emulator: ` +
			`${s(sequential.totalWallMs)} total, per run mean ${s(sequential.perRunMeanMs)} (min ${s(sequential.perRunMinMs)}, max ${s(sequential.perRunMaxMs)}); ` +
			`for other N it is N × that mean.`,
	);
	out.push('');
	out.push(
		'   where the time goes (mean over the runs; shared clock of the bench and emulator processes)',
	);
	out.push(
		table(
			[
				'N',
				'start→1st create',
				'1st→last create',
				'last create→last done',
				'last done→reported',
				'reported→run end',
			],
			result.batches.map((b) => [
				b.label,
				ms(b.phases.toFirstCreateMs),
				ms(b.phases.createSpreadMs),
				ms(b.phases.lastJobMs),
				ms(b.phases.detectMs),
				ms(b.phases.tailMs),
			]),
		),
	);
	out.push('');
	out.push(
		`2. Requests per job and detection delay (emulator's log; minimum: 1 create + ${minimum.pollsPerJob.toFixed(1)} polls = ${minimum.requestsPerJob.toFixed(1)} requests, delay ≤ ${minimum.delayMaxMs} ms)`,
	);
	const requestRows = [
		...result.batches.map((b) => ({ label: `batch N=${b.label}`, f: b as RequestFigures })),
		{ label: `sequential (${sequential.runs}×1)`, f: sequential as RequestFigures },
	];
	out.push(
		table(
			[
				'run',
				'jobs',
				'creates/job',
				'polls/job',
				'requests/job',
				'vs minimum',
				'delay mean',
				'delay p95',
				'delay max',
				'last poll gap med/max',
				'failed req',
			],
			requestRows.map(({ label, f }) => [
				label,
				`${f.jobsReported}/${f.jobs}`,
				f.createsPerJob.toFixed(2),
				f.pollsPerJob.toFixed(2),
				f.requestsPerJob.toFixed(2),
				`${(f.requestsPerJob / minimum.requestsPerJob).toFixed(2)}×`,
				ms(f.delayMeanMs),
				ms(f.delayP95Ms),
				ms(f.delayMaxMs),
				gap(f),
				String(f.failedRequests),
			]),
		),
	);
	out.push('');
	if (result.memory) {
		const { node, buffer, growthRatio } = result.memory;
		out.push(
			`3. Peak RSS of the workflow process while a ${mib(node.videoBytes)} video is put into binary data (filesystem mode; each case in a fresh process)`,
		);
		out.push(
			table(
				['case', 'idle RSS', 'peak RSS', 'growth', 'stored', 'mode', 'wall', 'MiB/s', 'cpu'],
				[node, buffer].map((m) => [
					m.kind === 'node' ? 'node (stream)' : 'whole-buffer baseline',
					mib(m.idleRss),
					mib(m.peakRss),
					mib(m.growth),
					mib(m.bytesStored),
					m.binaryModes.join(',') || '-',
					s(m.wallMs),
					m.mibPerSecond.toFixed(0),
					s(m.cpuMs),
				]),
			),
		);
		out.push(`   node: ${node.description}`);
		out.push(`   whole-buffer baseline: ${buffer.description}`);
		out.push(
			`   growth node / baseline: ${growthRatio.toFixed(3)}×; peak = max(RSS sampled every ${options.sampleMs} ms, kernel VmHWM${node.kernelPeakWasReset ? ' reset before the run' : ' (not resettable here: not used)'}); ` +
				`samples: ${node.samples} / ${buffer.samples}; emulator process peak RSS ${mib(result.emulatorPeakRss)} (not counted)`,
		);
		out.push('');
	}
	out.push(
		'4. CPU time of the workflow process per item (user + system, process.cpuUsage around the whole run, ÷ N; waits cost none)',
	);
	out.push(
		table(
			['run', 'cpu/item', 'includes'],
			[
				...result.batches.map((b) => [
					`batch N=${b.label}`,
					`${b.cpuMsPerItem.toFixed(1)} ms`,
					`n8n run + create + ${b.pollsPerJob.toFixed(1)} polls${b.download ? ` + ${mib(b.bytesPerItem)} download` : ''}`,
				]),
				[
					`sequential (${sequential.runs}×1)`,
					`${sequential.cpuMsPerItem.toFixed(1)} ms`,
					'one whole workflow run per item',
				],
			],
		),
	);
	out.push('');
	if (stress) {
		out.push(
			`5. Stress: ${stress.jobMs} ms jobs at a ${stress.intervalS} s poll interval (every job ends within the submit spread, so a batch's downloads all queue at the end; median of ${stress.repeats}; minimum ${stress.minimum.pollsPerJob.toFixed(1)} polls, delay ≤ ${stress.minimum.delayMaxMs} ms)`,
		);
		out.push(
			table(
				[
					'N',
					'wall',
					'vs N=1',
					'completed',
					'1st→last create',
					'last done→reported',
					'reported→run end',
					'polls/job',
					'delay mean',
					'delay max',
					'last poll gap med/max',
					'cpu/item',
				],
				stress.batches.map((b) => [
					b.label,
					s(b.wallMsMedian),
					`${b.ratioToN1.toFixed(2)}×`,
					`${b.itemsCompleted}/${b.itemsExpected}`,
					ms(b.phases.createSpreadMs),
					ms(b.phases.detectMs),
					ms(b.phases.tailMs),
					b.pollsPerJob.toFixed(2),
					ms(b.delayMeanMs),
					ms(b.delayMaxMs),
					gap(b),
					`${b.cpuMsPerItem.toFixed(1)} ms`,
				]),
			),
		);
		out.push('');
	}
	if (result.novita) {
		out.push(
			`6. The Novita package (Novita AI Video, Wan 2.1 14B), same jobs and interval (median of ${options.repeats})`,
		);
		out.push(
			table(
				['N', 'wall', 'vs N=1', 'completed', 'polls/job', 'cpu/item'],
				result.novita.map((b) => [
					b.label,
					s(b.wallMsMedian),
					`${b.ratioToN1.toFixed(2)}×`,
					`${b.itemsCompleted}/${b.itemsExpected}`,
					b.pollsPerJob.toFixed(2),
					`${b.cpuMsPerItem.toFixed(1)} ms`,
				]),
			),
		);
		out.push('');
	}
	out.push('Targets');
	const targetRows = [
		...result.targets,
		...(stress?.targets ?? []).map((t) => ({
			...t,
			name: `stress, ${stress?.jobMs} ms jobs: ${t.name}`,
		})),
	];
	out.push(
		table(
			['', 'target', 'measured', 'met'],
			targetRows.map((t) => [t.name, t.target, t.measured, t.met ? 'yes' : 'NO']),
		),
	);
	out.push(`\nbench took ${result.durationS.toFixed(0)} s`);
	return out.join('\n');
}
