/**
 * Runs the bench in its smoke mode (N = 5, 200 ms jobs, stress 100 ms, 4 MiB video) and checks that every
 * figure is there and sane. No timing thresholds: those belong to the full `npm run bench`.
 * Needs the package built (`npm run build`): the bench loads dist/ like n8n does.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

import { batchChartSvg } from '../../tools/bench/chart';
import type { BenchResult } from '../../tools/bench/run';

const ROOT = path.resolve(__dirname, '..', '..');

async function runSmoke(): Promise<{ result: BenchResult; stderr: string }> {
	return await new Promise((resolve, reject) => {
		execFile(
			process.execPath,
			['-r', './scripts/ts-register.js', 'scripts/bench.ts', '--smoke', '--json'],
			{ cwd: ROOT, maxBuffer: 64 * 1024 * 1024, timeout: 150_000 },
			(error, stdout, stderr) => {
				if (error) return reject(new Error(`bench --smoke failed: ${error.message}\n${stderr}`));
				try {
					resolve({ result: JSON.parse(stdout) as BenchResult, stderr });
				} catch (parseError) {
					reject(
						new Error(
							`bench --smoke printed no JSON: ${(parseError as Error).message}\n${stdout.slice(0, 2000)}\n${stderr}`,
						),
					);
				}
			},
		);
	});
}

const finite = (value: number) => typeof value === 'number' && Number.isFinite(value);

let smoke: { result: BenchResult; stderr: string };

beforeAll(async () => {
	if (!existsSync(path.join(ROOT, 'dist', 'nodes', 'AimlApiVideo', 'AimlApiVideo.node.js'))) {
		throw new Error('dist/ is missing: run `npm run build` first');
	}
	smoke = await runSmoke();
}, 180_000);

test('prints the machine and the settings', () => {
	const { machine, options } = smoke.result;
	expect(machine.cpus).toBeGreaterThanOrEqual(1);
	expect(machine.node).toMatch(/^v\d+/);
	expect(options.smoke).toBe(true);
	expect(options.sizes).toEqual([1, 5]);
	// The human-readable table went to stderr.
	expect(smoke.stderr).toContain('1. Batch wall time');
	expect(smoke.stderr).toContain('Targets');
});

test('every batch completes every job, with one create each and finite figures', () => {
	const { batches, options } = smoke.result;
	expect(batches.map((b) => b.label)).toEqual(
		expect.arrayContaining(['1', '5', '1 (no download)', '5 (no download)']),
	);
	for (const batch of batches) {
		expect(batch.runs).toBe(options.repeats);
		expect(batch.errors).toEqual([]);
		expect(batch.itemsCompleted).toBe(batch.itemsExpected);
		expect(batch.jobs).toBe(batch.itemsExpected);
		expect(batch.jobsReported).toBe(batch.jobs);
		expect(batch.createsPerJob).toBe(1);
		expect(batch.failedRequests).toBe(0);
		expect(finite(batch.pollsPerJob) && batch.pollsPerJob >= 1).toBe(true);
		expect(batch.requestsPerJob).toBeCloseTo(batch.createsPerJob + batch.pollsPerJob, 6);
		for (const delay of [batch.delayMeanMs, batch.delayP95Ms, batch.delayMaxMs]) {
			expect(finite(delay) && delay >= 0).toBe(true);
		}
		expect(finite(batch.wallMsMedian) && batch.wallMsMedian > 0).toBe(true);
		expect(finite(batch.ratioToN1) && batch.ratioToN1 > 0).toBe(true);
		expect(finite(batch.cpuMsPerItem) && batch.cpuMsPerItem > 0).toBe(true);
		for (const phase of Object.values(batch.phases)) expect(finite(phase)).toBe(true);
		if (batch.download) {
			expect(batch.binaryModes).toEqual(['filesystem-v2']);
			expect(batch.bytesPerItem).toBe(options.batchVideoKib * 1024);
			expect(finite(batch.ratioToSequential) && batch.ratioToSequential > 0).toBe(true);
			expect(batch.cdnRequests).toBe(batch.jobs);
		} else {
			expect(batch.cdnRequests).toBe(0);
		}
	}
});

test('the stress scenario ran N = 1 and the largest N again with its own job length', () => {
	const { stress, options } = smoke.result;
	expect(stress).toBeDefined();
	expect(stress!.jobMs).toBe(options.stressJobMs);
	expect(stress!.batches.map((b) => b.label)).toEqual([
		'1',
		'5',
		'1 (no download)',
		'5 (no download)',
	]);
	for (const batch of stress!.batches) {
		expect(batch.itemsCompleted).toBe(batch.itemsExpected);
		expect(batch.jobsReported).toBe(batch.jobs);
		expect(batch.createsPerJob).toBe(1);
		expect(finite(batch.ratioToN1) && batch.ratioToN1 > 0).toBe(true);
		// No sequential baseline in the stress scenario.
		expect(batch.sequentialMs).toBeNull();
	}
	expect(smoke.stderr).toContain('5. Stress');
});

test('the Novita package ran N = 1 and the largest N through its own node', () => {
	const { novita } = smoke.result;
	expect(novita?.map((b) => b.label)).toEqual(['1', '5']);
	for (const batch of novita ?? []) {
		expect(batch.errors).toEqual([]);
		expect(batch.itemsCompleted).toBe(batch.itemsExpected);
		expect(batch.createsPerJob).toBe(1);
		expect(batch.cdnRequests).toBe(batch.jobs);
	}
	expect(smoke.stderr).toContain('6. The Novita package');
});

test('the sequential baseline ran one item per workflow run', () => {
	const { sequential, options, minimum } = smoke.result;
	expect(sequential.runs).toBe(options.baselineN);
	expect(sequential.itemsCompleted).toBe(options.baselineN);
	expect(sequential.jobs).toBe(options.baselineN);
	expect(sequential.createsPerJob).toBe(1);
	expect(finite(sequential.perRunMeanMs) && sequential.perRunMeanMs > 0).toBe(true);
	expect(finite(sequential.requestsPerJob)).toBe(true);
	expect(minimum.requestsPerJob).toBeCloseTo(1 + options.jobMs / 1000 / options.intervalS + 1, 6);
});

test('both memory cases stored the whole video in filesystem binary data and report RSS', () => {
	const memory = smoke.result.memory;
	expect(memory).toBeDefined();
	for (const row of [memory!.node, memory!.buffer]) {
		expect(row.status).toBe('success');
		expect(row.bytesStored).toBe(row.videoBytes);
		expect(row.videoBytes).toBe(4 * 1024 * 1024);
		expect(row.binaryModes).toEqual(['filesystem-v2']);
		expect(row.idleRss).toBeGreaterThan(0);
		expect(row.peakRss).toBeGreaterThanOrEqual(row.idleRss);
		expect(finite(row.growth) && row.growth >= 0).toBe(true);
		expect(finite(row.cpuMs)).toBe(true);
	}
});

test('every target has a verdict', () => {
	for (const target of smoke.result.targets) {
		expect(typeof target.met).toBe('boolean');
		expect(target.measured).not.toMatch(/NaN/);
	}
});

test('the batch figure renders as an SVG chart: a bar per size and a sequential bar beside it', () => {
	const svg = batchChartSvg(smoke.result);
	expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
	expect(svg.trim().endsWith('</svg>')).toBe(true);
	const sizes = smoke.result.options.sizes;
	for (const size of sizes) expect(svg).toContain(`>N = ${size}</text>`);
	expect(svg.match(/<rect x="\d+" y="\d+" width="[\d.]+" height="16"/g)).toHaveLength(
		2 * sizes.length,
	);
	expect(svg).not.toMatch(/NaN|undefined|Infinity/);
});
