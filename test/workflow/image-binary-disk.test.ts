/**
 * Image to video in filesystem binary mode (issue 20), as production n8n stores binaries: the
 * image is on disk (its item holds only an id), its size comes from the metadata, and it is
 * read through n8n's helper when the create is sent. A file of its own, as n8n-core picks the
 * binary data mode once per process.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { TINY_PNG } from '../../tools/emulator/server';
import { useFilesystemBinaryData } from '../../tools/harness/workflow';
import { model, run, useEmulator } from './helpers';

const ctx = useEmulator();
const MB = 1024 * 1024;
const parameters = {
	operation: 'create',
	model: model('alibaba/wan-2-6-i2v'),
	prompt: 'the photo comes alive',
	inputImageSource: 'binary',
	waitForCompletion: false,
};

describe('binary images in filesystem mode', () => {
	let storage: string;
	beforeAll(async () => {
		storage = mkdtempSync(path.join(tmpdir(), 'aimlapi-image-binary-'));
		await useFilesystemBinaryData(storage);
	});
	afterAll(() => {
		delete process.env.N8N_DEFAULT_BINARY_DATA_MODE;
		rmSync(storage, { recursive: true, force: true });
	});

	test('an image on disk is sent as its data URL', async () => {
		const result = await run(ctx.emulator, {
			parameters,
			inputBinary: [{ data: { mimeType: 'image/png', base64: TINY_PNG.toString('base64') } }],
		});
		expect(result.error).toBeUndefined();
		expect(result.items[0].json.inputKind).toBe('binary');
		const [create] = ctx.emulator.sent('create');
		expect((create.body as { image_url: string }).image_url).toBe(
			`data:image/png;base64,${TINY_PNG.toString('base64')}`,
		);
	});

	test('an image on disk over the limit is refused before any request', async () => {
		const result = await run(ctx.emulator, {
			parameters,
			inputBinary: [{ data: { mimeType: 'image/png', size: 11 * MB } }],
		});
		expect(result.error?.message).toContain('is 11.0 MB; this model accepts at most 10.0 MB');
		expect(ctx.emulator.sent('create')).toHaveLength(0);
	});
});
