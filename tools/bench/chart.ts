/**
 * The bench's batch figure (section 1) as an SVG bar chart, for BENCHMARKS.md and the README:
 * for each batch size N, the wall time of one workflow run of N items next to the sequential
 * baseline (N one-item runs), on one linear time axis. Plain SVG text, no dependencies.
 */
import type { BenchResult } from './run';

const WIDTH = 760;
const LEFT = 78;
const RIGHT = 230;
const TOP = 92;
const BAR = 16;
const BAR_GAP = 4;
const GROUP_GAP = 20;
const BATCH_COLOR = '#ea4b71';
const SEQUENTIAL_COLOR = '#9aa3ad';

const escape = (text: string) =>
	text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

const seconds = (ms: number) => {
	const s = ms / 1000;
	return s >= 100 ? `${s.toFixed(0)} s` : s >= 10 ? `${s.toFixed(1)} s` : `${s.toFixed(2)} s`;
};

/** A round step for about five grid lines up to max. */
function tickStep(max: number): number {
	const raw = max / 5;
	const power = 10 ** Math.floor(Math.log10(raw));
	return [1, 2, 2.5, 5, 10].map((m) => m * power).find((step) => step >= raw) ?? raw;
}

export function batchChartSvg(result: BenchResult): string {
	const { options, machine } = result;
	const rows = result.batches.filter(
		(b) => b.download === options.download && Number.isFinite(b.wallMsMedian),
	);
	if (rows.length === 0) throw new Error('no batch rows to chart');
	const maxMs = Math.max(
		...rows.map((b) => (Number.isFinite(b.sequentialMs) ? b.sequentialMs : b.wallMsMedian)),
	);
	// The longest bar spans the plot; its label goes in the right margin.
	const axisMax = maxMs;
	const step = tickStep(maxMs / 1000) * 1000;
	const plotWidth = WIDTH - LEFT - RIGHT;
	const x = (ms: number) => LEFT + (ms / axisMax) * plotWidth;
	const groupHeight = 2 * BAR + BAR_GAP + GROUP_GAP;
	const plotHeight = rows.length * groupHeight - GROUP_GAP;
	const height = TOP + plotHeight + 74;

	const out: string[] = [];
	out.push(
		`<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="-apple-system, 'Segoe UI', Helvetica, Arial, sans-serif" font-size="13">`,
	);
	out.push(`<rect width="${WIDTH}" height="${height}" fill="#ffffff"/>`);
	out.push(
		`<text x="${LEFT}" y="26" font-size="16" font-weight="600" fill="#1f2328">Batch of N videos: one workflow run vs N one-item runs</text>`,
	);
	out.push(
		`<text x="${LEFT}" y="46" fill="#59636e">${escape(
			`wall time, median of ${options.repeats}; every job ${options.jobMs / 1000} s, poll interval ${options.intervalS} s, concurrency ${options.concurrency}${options.download ? `, ${options.batchVideoKib} KiB videos downloaded` : ''}`,
		)}</text>`,
	);
	// Legend.
	out.push(`<rect x="${LEFT}" y="60" width="12" height="12" fill="${BATCH_COLOR}"/>`);
	out.push(
		`<text x="${LEFT + 18}" y="70" fill="#1f2328">one run of N items (this node: submit all, poll together)</text>`,
	);
	out.push(`<rect x="${LEFT + 400}" y="60" width="12" height="12" fill="${SEQUENTIAL_COLOR}"/>`);
	out.push(
		`<text x="${LEFT + 418}" y="70" fill="#1f2328">N one-item runs, one after another</text>`,
	);
	// Grid and axis.
	for (let tick = 0; tick <= axisMax; tick += step) {
		const tx = x(tick).toFixed(1);
		out.push(
			`<line x1="${tx}" y1="${TOP - 6}" x2="${tx}" y2="${TOP + plotHeight + 6}" stroke="#d1d9e0" stroke-width="1"/>`,
		);
		out.push(
			`<text x="${tx}" y="${TOP + plotHeight + 24}" text-anchor="middle" fill="#59636e">${tick / 1000} s</text>`,
		);
	}
	// Bars.
	rows.forEach((b, index) => {
		const y = TOP + index * groupHeight;
		out.push(
			`<text x="${LEFT - 10}" y="${y + BAR + BAR_GAP / 2 + 4}" text-anchor="end" font-weight="600" fill="#1f2328">N = ${b.items}</text>`,
		);
		const batchEnd = x(b.wallMsMedian);
		out.push(
			`<rect x="${LEFT}" y="${y}" width="${Math.max(1.5, batchEnd - LEFT).toFixed(1)}" height="${BAR}" fill="${BATCH_COLOR}"/>`,
		);
		out.push(
			`<text x="${(Math.max(batchEnd, LEFT + 1.5) + 6).toFixed(1)}" y="${y + BAR - 3}" fill="#1f2328">${seconds(b.wallMsMedian)}</text>`,
		);
		if (Number.isFinite(b.sequentialMs)) {
			const seqY = y + BAR + BAR_GAP;
			const seqEnd = x(b.sequentialMs);
			out.push(
				`<rect x="${LEFT}" y="${seqY}" width="${Math.max(1.5, seqEnd - LEFT).toFixed(1)}" height="${BAR}" fill="${SEQUENTIAL_COLOR}"/>`,
			);
			const speedUp = b.sequentialMs / b.wallMsMedian;
			out.push(
				`<text x="${(seqEnd + 6).toFixed(1)}" y="${seqY + BAR - 3}" fill="#59636e">${seconds(b.sequentialMs)}${b.sequentialMeasured ? '' : ' (N × mean)'}${b.items > 1 ? ` · ${speedUp.toFixed(speedUp >= 10 ? 0 : 1)}× slower` : ''}</text>`,
			);
		}
	});
	const footer = [
		`npm run bench · ${machine.cpus} × ${machine.cpuModel}, Node ${machine.node}, n8n-core ${machine.n8nCore}` +
			(machine.loadAvg1m
				? ` · load average ${machine.loadAvg1m.map((load) => load.toFixed(1)).join(' → ')}`
				: ''),
		`sequential: N × the mean of ${result.sequential.runs} measured one-item runs through the same node, process and emulator`,
	];
	footer.forEach((line, index) =>
		out.push(
			`<text x="${LEFT}" y="${height - 26 + index * 15}" font-size="11" fill="#59636e">${escape(line)}</text>`,
		),
	);
	out.push('</svg>');
	return `${out.join('\n')}\n`;
}
