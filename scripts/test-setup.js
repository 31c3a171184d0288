// Installs what the tests need beyond `npm ci`: n8n-core/n8n-workflow 2.41 in test/compat-2.41,
// from its own lock file, with --ignore-scripts (isolated-vm, a dependency of n8n-workflow 2.41,
// does not build on Node 20; expressions work without it). Skipped when already installed.
const { execSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const dir = path.join(__dirname, '..', 'test', 'compat-2.41');
const marker = path.join(dir, 'node_modules', 'n8n-workflow', 'package.json');
const lock = path.join(dir, 'package-lock.json');
const stamp = path.join(dir, 'node_modules', '.installed-lock');
const lockText = fs.readFileSync(lock, 'utf8');
if (fs.existsSync(marker) && fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === lockText) {
	process.exit(0);
}
console.log('Installing n8n-core/n8n-workflow 2.41 for the compatibility run (test/compat-2.41)…');
execSync('npm ci --ignore-scripts --no-audit --no-fund --loglevel=error', {
	cwd: dir,
	stdio: 'inherit',
});
fs.writeFileSync(stamp, lockText);
