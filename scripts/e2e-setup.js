// Installs the real n8n (2.8.4, the last release that runs on Node 20) that the end-to-end test
// and `npm run dev` use, in test/e2e/n8n-host, from its own lock file. n8n needs
// --legacy-peer-deps (a plain install stalls resolving peers). Skipped when already installed
// from the same lock file. The first install takes about 3 minutes and ~1.7 GB.
const { execSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const dir = path.join(__dirname, '..', 'test', 'e2e', 'n8n-host');
const marker = path.join(dir, 'node_modules', 'n8n', 'bin', 'n8n');
const lock = path.join(dir, 'package-lock.json');
const stamp = path.join(dir, 'node_modules', '.installed-lock');
const lockText = fs.readFileSync(lock, 'utf8');
if (fs.existsSync(marker) && fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === lockText) {
	process.exit(0);
}
console.log(
	'Installing n8n 2.8.4 for the end-to-end run in test/e2e/n8n-host (about 3 minutes the first time)…',
);
const started = Date.now();
// --ignore-scripts=false: the project's .npmrc turns install scripts off and npm passes that on to
// the npm it runs (npm_config_ignore_scripts); n8n's sqlite3 must build.
execSync('npm ci --legacy-peer-deps --ignore-scripts=false --no-audit --no-fund --loglevel=error', {
	cwd: dir,
	stdio: 'inherit',
});
fs.writeFileSync(stamp, lockText);
console.log(`n8n installed in ${Math.round((Date.now() - started) / 1000)} s.`);
