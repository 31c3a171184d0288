// n8n-core writes its config under N8N_USER_FOLDER: keep it out of the home folder, in a
// temporary folder removed when the test process ends.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

if (!process.env.N8N_USER_FOLDER) {
	const folder = mkdtempSync(path.join(tmpdir(), 'aimlapi-video-n8n-'));
	process.env.N8N_USER_FOLDER = folder;
	process.on('exit', () => rmSync(folder, { recursive: true, force: true }));
}
// n8n-core 2.41 logs node errors to the console; the tests assert on them instead.
process.env.N8N_LOG_LEVEL ??= 'silent';
