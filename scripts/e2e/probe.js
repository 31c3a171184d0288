// Preloaded with `node -r` into every n8n process the end-to-end tests start: prints which Node
// and which n8n this process really runs, so each row can report what it ran on.
'use strict';
const fs = require('fs');
const path = require('path');
const { isMainThread } = require('worker_threads');

let n8n = 'unknown';
try {
	const bin = fs.realpathSync(process.argv[1]);
	n8n = JSON.parse(
		fs.readFileSync(path.join(path.dirname(bin), '..', 'package.json'), 'utf8'),
	).version;
} catch {
	// not started through n8n's bin: leave it unknown
}
// Worker threads run preloads too: only the process itself reports.
if (isMainThread)
	process.stderr.write(`[e2e-runtime] node=${process.version} n8n=${n8n} pid=${process.pid}\n`);
