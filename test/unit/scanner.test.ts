/**
 * n8n's scanner (scripts/scan-package.mjs runs @n8n/scan-community-package's own analysis) can
 * refuse a package: the built package is copied twice and packed with `npm pack`; the plain copy
 * passes, the copy with planted violations (a timer and a file-system import in the compiled node,
 * a runtime dependency, a timer in the node's source) is refused, naming each rule.
 * Needs `npm run build` first.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import {
	appendFileSync,
	cpSync,
	mkdtempSync,
	readFileSync,
	readdirSync,
	rmSync,
	writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
const SCAN = path.join(ROOT, 'scripts', 'scan-package.mjs');
const NODE_JS = path.join('dist', 'nodes', 'AimlApiVideo', 'AimlApiVideo.node.js');
const NODE_TS = path.join('nodes', 'AimlApiVideo', 'AimlApiVideo.node.ts');

let work: string;

const NOVITA = path.join(ROOT, 'packages', 'n8n-nodes-novita-video');

/** A copy of what `npm pack` takes from a package, packed; `plant` changes the copy first. */
function packCopy(name: string, plant?: (dir: string) => void, from = ROOT): string {
	const dir = path.join(work, name);
	for (const entry of ['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md', 'dist'])
		cpSync(path.join(from, entry), path.join(dir, entry), { recursive: true });
	plant?.(dir);
	execFileSync('npm', ['pack', '--ignore-scripts', '--loglevel=error'], {
		cwd: dir,
		stdio: 'pipe',
	});
	return path.join(dir, readdirSync(dir).find((file) => file.endsWith('.tgz')) as string);
}

function scan(args: string[]): { code: number | null; output: string } {
	const result = spawnSync(process.execPath, [SCAN, ...args], { cwd: ROOT, encoding: 'utf8' });
	return { code: result.status, output: `${result.stdout}${result.stderr}` };
}

beforeAll(() => {
	work = mkdtempSync(path.join(tmpdir(), 'aimlapi-video-scanner-test-'));
});

afterAll(() => {
	rmSync(work, { recursive: true, force: true });
});

test('the packed package and its source pass the scanner', () => {
	const tarball = packCopy('clean');
	const { code, output } = scan([tarball]);
	expect(output).toMatch(/^PASS scanner, tarball .* \d+ files/m);
	expect(output).toMatch(/^PASS scanner, source /m);
	expect(code).toBe(0);
}, 60_000);

test('planted violations are refused, each by its rule', () => {
	const tarball = packCopy('planted', (dir) => {
		appendFileSync(path.join(dir, NODE_JS), "\nsetTimeout(() => undefined, 1);\nrequire('fs');\n");
		const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
		pkg.dependencies = { axios: '1.18.0' };
		writeFileSync(path.join(dir, 'package.json'), JSON.stringify(pkg, null, 2));
	});
	const source = path.join(work, 'planted-source');
	for (const entry of ['package.json', 'nodes', 'credentials'])
		cpSync(path.join(ROOT, entry), path.join(source, entry), { recursive: true });
	appendFileSync(path.join(source, NODE_TS), '\nsetInterval(() => undefined, 1000);\n');

	const { code, output } = scan([tarball, '--source', source]);
	expect(code).toBe(1);
	expect(output).toMatch(/^FAIL scanner, tarball /m);
	expect(output).toMatch(/^FAIL scanner, source /m);
	expect(output).toMatch(/restricted global 'setTimeout'.*no-restricted-globals/);
	expect(output).toMatch(/'fs'.*no-restricted-imports/);
	expect(output).toMatch(/no-runtime-dependencies/);
	expect(output).toMatch(/restricted global 'setInterval'.*no-restricted-globals/);
}, 60_000);

test('the Novita package passes on its own, and the engine in its tarball is scanned too', () => {
	const clean = scan(['--package', NOVITA]);
	expect(clean.output).toMatch(/^PASS scanner, tarball \(n8n-nodes-novita-video-.*\.tgz/m);
	expect(clean.output).toMatch(/^PASS scanner, source \(packages\/n8n-nodes-novita-video/m);
	expect(clean.code).toBe(0);
	const planted = packCopy(
		'novita-planted',
		(dir) =>
			appendFileSync(
				path.join(dir, 'dist', 'engine', 'run', 'runner.js'),
				'\nsetTimeout(() => undefined, 1);\n',
			),
		NOVITA,
	);
	const refused = scan([planted, '--no-source']);
	expect(refused.code).toBe(1);
	expect(refused.output).toMatch(/restricted global 'setTimeout'/);
}, 60_000);
