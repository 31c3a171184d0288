// n8n's community-package scanner (@n8n/scan-community-package) on what we would publish.
//
// The scanner only takes a package name: it checks npm provenance, fetches the attested source
// from GitHub and the tarball from npm, then lints both with its own ESLint rule set. Its
// analysis is an exported function (`analyzePackage`), so here it runs, unchanged, on the two
// things it would fetch:
//   - the tarball: `npm pack` of a package, unpacked as the scanner unpacks it, linted with the
//     scanner's tarball patterns (compiled .js and package.json, the engine included);
//   - the source: the package's folder, with the scanner's own SOURCE_FILE_PATTERNS
//     (package.json, nodes/ and credentials/).
// Each of the two packages is scanned on its own (the root package, then
// packages/n8n-nodes-novita-video). The provenance leg needs a published version: publish.yml
// runs the real scanner after publishing.
//
// Usage: node scripts/scan-package.mjs [<tarball>] [--source <dir> | --no-source] [--package <dir>]
//   without a tarball, packs each package (build them first: `npm run build`); --package scans
//   only the package in <dir>.
// Exits 1 when the scanner refuses any leg.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// eslint-plugin-n8n-nodes-base treats every file as a node file when NODE_ENV is 'test' (its own
// test mode), which Jest sets: the scanner runs without it, so load it only after unsetting it.
delete process.env.NODE_ENV;
const { analyzePackage, SOURCE_FILE_PATTERNS } =
	await import('@n8n/scan-community-package/scanner/scanner.mjs');

// The scanner's own fast-glob, to count the files it lints (same patterns and ignores as it).
const scannerRequire = createRequire(
	fileURLToPath(import.meta.resolve('@n8n/scan-community-package/scanner/scanner.mjs')),
);
const glob = scannerRequire('fast-glob');

// The patterns the scanner uses for the tarball leg (analyzePackageByName in scanner.mjs).
const TARBALL_FILE_PATTERNS = ['**/*.js', 'package.json'];

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function run(command, args, cwd) {
	const result = spawnSync(command, args, { cwd, encoding: 'utf8' });
	if (result.status !== 0)
		throw new Error(`${command} ${args.join(' ')} failed:\n${result.stderr}${result.stdout}`);
	return result.stdout;
}

const PACKAGE_DIRS = [ROOT, path.join(ROOT, 'packages', 'n8n-nodes-novita-video')];

function parseArgs(argv) {
	const options = { tarball: undefined, source: ROOT, packages: PACKAGE_DIRS, sourceGiven: false };
	for (let i = 0; i < argv.length; i++) {
		if (argv[i] === '--no-source') ((options.source = undefined), (options.sourceGiven = true));
		else if (argv[i] === '--source')
			((options.source = path.resolve(argv[++i])), (options.sourceGiven = true));
		else if (argv[i] === '--package') options.packages = [path.resolve(argv[++i])];
		else if (!argv[i].startsWith('--') && !options.tarball) options.tarball = path.resolve(argv[i]);
		else throw new Error(`Unknown argument ${argv[i]}`);
	}
	return options;
}

/** Scans one package (its tarball, and its source unless told otherwise); true when both pass. */
async function scan(packageDir, options) {
	const work = mkdtempSync(path.join(tmpdir(), 'aimlapi-video-scan-'));
	try {
		let tarball = options.tarball;
		if (!tarball) {
			if (!existsSync(path.join(packageDir, 'dist')))
				throw new Error(`${packageDir}/dist is missing: run \`npm run build\` first.`);
			run('npm', ['pack', '--pack-destination', work, '--loglevel=error'], packageDir);
			tarball = path.join(
				work,
				readdirSync(work).find((file) => file.endsWith('.tgz')),
			);
		}
		// As the scanner does: tar -xzf <tarball> --strip-components=1 into a folder of its own.
		const unpacked = path.join(work, 'package');
		mkdirSync(unpacked);
		run('tar', ['-xzf', tarball, '-C', unpacked, '--strip-components=1'], work);

		const legs = [['tarball', path.basename(tarball), unpacked, TARBALL_FILE_PATTERNS]];
		const source = options.sourceGiven ? options.source : packageDir;
		if (source)
			legs.push(['source', path.relative(ROOT, source) || '.', source, SOURCE_FILE_PATTERNS]);

		let passed = true;
		for (const [leg, label, dir, patterns] of legs) {
			const started = Date.now();
			const files = glob.sync(patterns, {
				cwd: dir,
				ignore: ['node_modules/**', '**/package-lock.json'],
			}).length;
			const result = await analyzePackage(dir, patterns);
			const seconds = ((Date.now() - started) / 1000).toFixed(1);
			console.log(
				`${result.passed ? 'PASS' : 'FAIL'} scanner, ${leg} (${label}; ${files} files: ${patterns.join(', ')}) in ${seconds} s${result.message ? `: ${result.message}` : ''}`,
			);
			if (result.details) console.log(result.details);
			passed &&= result.passed;
		}
		return passed;
	} finally {
		rmSync(work, { recursive: true, force: true });
	}
}

async function main() {
	const options = parseArgs(process.argv.slice(2));
	let passed = true;
	for (const packageDir of options.tarball ? [ROOT] : options.packages)
		passed = (await scan(packageDir, options)) && passed;
	process.exitCode = passed ? 0 : 1;
}

await main();
