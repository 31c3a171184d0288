/**
 * The image-to-video section of the bench (issue 20): batches whose items each carry an image
 * in n8n binary data (filesystem mode), sent by the node as Base64 data URLs. Measured in a
 * worker process of its own against the emulator in another: wall time of N items against one
 * item, and RSS growth (peak over the run minus idle), with a control case that has the same
 * items and images but never reads them (Extra Body Fields give image_url), so the cost of
 * reading and sending the images stands apart from the rest of the run.
 *   npm run bench -- --images [--image-mib 5] [--image-items 50] [--job-ms 2000]
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { Child } from './rpc';
import type { ImageFigures, ImageParams } from './worker';

export interface ImageBenchOptions {
	items: number;
	imageMib: number;
	jobMs: number;
	intervalS: number;
	concurrencies: number[];
}

export interface ImageBenchRow extends ImageFigures {
	case: string;
	imageBytes: number;
}

const MIB = 1024 * 1024;

export async function runImageBench(options: ImageBenchOptions): Promise<ImageBenchRow[]> {
	const scratch = mkdtempSync(path.join(tmpdir(), 'aimlapi-video-bench-images-'));
	const userFolder = path.join(scratch, 'n8n');
	mkdirSync(userFolder);
	const children: Child[] = [];
	const spawn = (script: string, name: string) => {
		const child = new Child(path.join(__dirname, script), {
			name,
			env: { N8N_USER_FOLDER: userFolder, N8N_ENCRYPTION_KEY: 'aimlapi-video-bench-scratch' },
			execArgv: ['--expose-gc'],
		});
		children.push(child);
		return child;
	};
	const rows: ImageBenchRow[] = [];
	try {
		const emulator = spawn('emulator-child.ts', 'emulator');
		const info = await emulator.call<Record<string, string>>('info');
		await emulator.call('reset', { jobMs: options.jobMs, warmupMs: 50, videoBytes: 64 * 1024 });
		const imageBytes = Math.round(options.imageMib * MIB);
		const params = (items: number, concurrency: number, readImages: boolean): ImageParams => ({
			items,
			imageBytes,
			intervalS: options.intervalS,
			maxWaitS: 300,
			concurrency,
			sampleMs: 10,
			readImages,
		});
		// Each case in a fresh worker, so one case's heap does not carry into the next.
		const measure = async (name: string, p: ImageParams) => {
			const worker = spawn('worker.ts', `images-${rows.length}`);
			const binaryDir = path.join(scratch, `binary-${rows.length}`);
			mkdirSync(binaryDir);
			await worker.call('init', { ...info, binaryDir });
			// A warm-up run of one item: module loading and JIT are not the image cost.
			await worker.call<ImageFigures>('imageBatch', { ...p, items: 1 });
			const figures = await worker.call<ImageFigures>('imageBatch', p);
			rows.push({ case: name, imageBytes, ...figures });
			process.stderr.write(`  ${name}: ${(figures.wallMs / 1000).toFixed(2)} s\n`);
			await worker.stop();
		};
		const top = Math.max(...options.concurrencies);
		await measure('1 item, binary image', params(1, top, true));
		for (const concurrency of options.concurrencies) {
			await measure(
				`${options.items} items, binary images, concurrency ${concurrency}`,
				params(options.items, concurrency, true),
			);
		}
		await measure(
			`${options.items} items, images not read (control), concurrency ${top}`,
			params(options.items, top, false),
		);
	} finally {
		await Promise.all(children.map(async (child) => await child.stop()));
	}
	return rows;
}

export function formatImageRows(rows: ImageBenchRow[]): string {
	const one = rows[0];
	const lines = [
		`image to video: ${rows[0]?.imageBytes / MIB} MiB PNG per item, filesystem binary mode`,
		'case | status | completed | run wall s | node s | x one item | idle RSS MiB | peak RSS MiB | growth MiB',
		'-----|--------|-----------|------------|--------|------------|--------------|--------------|-----------',
	];
	for (const row of rows) {
		lines.push(
			[
				row.case,
				row.status,
				`${row.completed}/${row.items}`,
				(row.wallMs / 1000).toFixed(2),
				(row.nodeMs / 1000).toFixed(2),
				one ? (row.nodeMs / one.nodeMs).toFixed(2) : '-',
				(row.idleRss / MIB).toFixed(0),
				(row.peakRss / MIB).toFixed(0),
				((row.peakRss - row.idleRss) / MIB).toFixed(0),
			].join(' | '),
		);
	}
	return lines.join('\n');
}
