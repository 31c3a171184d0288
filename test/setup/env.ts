// n8n-core writes its config under N8N_USER_FOLDER: keep it out of the home folder.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

process.env.N8N_USER_FOLDER ??= mkdtempSync(path.join(tmpdir(), 'aimlapi-video-n8n-'));
process.env.N8N_LOG_LEVEL ??= 'silent';
