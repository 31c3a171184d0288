/**
 * The hostile suite's disk row (issue 19): in filesystem binary mode, as production n8n stores
 * videos, an endless video body puts at most about Maximum Video Size on disk (before the fix:
 * 5 GB in 15 s). A file of its own, as n8n-core picks the binary data mode once per process.
 */
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { useFilesystemBinaryData } from '../../tools/harness/workflow';
import { AIML_KEY, model, run, useEmulator, visibleText } from './helpers';

const ctx = useEmulator();
const MB = 1024 * 1024;
const parameters = {
	operation: 'create',
	model: model('alibaba/wan2.1-t2v-turbo'),
	prompt: 'a fox',
	pollInterval: 0.05,
	maxWait: 15,
};
const cdnRequests = () => ctx.emulator.requests.filter((r) => r.origin === 'cdn');

describe('downloads in filesystem binary mode (what production n8n uses)', () => {
	let storage: string;
	beforeAll(async () => {
		storage = mkdtempSync(path.join(tmpdir(), 'aimlapi-hostile-binary-'));
		await useFilesystemBinaryData(storage);
	});
	afterAll(() => {
		delete process.env.N8N_DEFAULT_BINARY_DATA_MODE;
		rmSync(storage, { recursive: true, force: true });
	});

	const bytesOnDisk = (dir: string): number =>
		readdirSync(dir, { withFileTypes: true }).reduce((sum, entry) => {
			const full = path.join(dir, entry.name);
			return sum + (entry.isDirectory() ? bytesOnDisk(full) : statSync(full).size);
		}, 0);

	test('the mode is on: a normal video goes to disk', async () => {
		const result = await run(ctx.emulator, { parameters });
		expect(result.items[0].json.status).toBe('completed');
		expect(String(result.items[0].binary?.data.id)).toMatch(/^filesystem/);
		expect(bytesOnDisk(storage)).toBeGreaterThan(0);
	});

	test('an endless body: at most about the limit reaches the disk', async () => {
		const before = bytesOnDisk(storage);
		ctx.emulator.inject({ route: 'cdn', kind: 'oversize', sizeBytes: 256 * MB, times: 1 });
		const result = await run(ctx.emulator, {
			parameters: { ...parameters, options: { maxVideoSize: 2 } },
		});
		expect(visibleText(result)).not.toContain(AIML_KEY);
		expect(result.error?.message).toContain('larger than Maximum Video Size (2 MB)');
		const written = bytesOnDisk(storage) - before;
		process.stdout.write(
			`\nhostile disk row: ${written} bytes reached the disk of a 256 MB endless body (limit 2 MB), ${cdnRequests()[0].servedBytes ?? 0} bytes sent by the host\n`,
		);
		expect(written).toBeLessThanOrEqual(3 * MB);
		expect(cdnRequests()[0].servedBytes ?? 0).toBeLessThan(64 * MB);
	});
});
