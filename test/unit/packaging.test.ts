/**
 * What `npm pack` publishes, for each of the two packages: exactly the built files n8n loads
 * (its node, its credential, icons, codex, and the engine compiled into its dist) plus
 * package.json, README, CHANGELOG and LICENSE; no sources, tests or maps; the `n8n` section points
 * at files that are in the package; and no JavaScript file in one tarball names the other
 * service (n8n verifies a package that integrates exactly one). The tarballs are really packed
 * and read with tar. Needs `npm run build` first.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
const REPO = 'https://github.com/aimlapi-video/n8n-nodes-aimlapi-video';

interface PackageJson {
	name: string;
	version: string;
	files: string[];
	n8n: { n8nNodesApiVersion: number; strict: boolean; nodes: string[]; credentials: string[] };
	peerDependencies?: Record<string, string>;
	dependencies?: Record<string, string>;
	scripts: Record<string, string>;
	keywords: string[];
	repository?: { type: string; url: string; directory?: string };
	homepage?: string;
	bugs?: { url: string };
	author?: { name: string; email: string };
	license: string;
	publishConfig?: { provenance?: boolean };
}

/** Every file under dir, relative, with forward slashes. */
function walk(dir: string, prefix = ''): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
		entry.isDirectory()
			? walk(path.join(dir, entry.name), `${prefix}${entry.name}/`)
			: [`${prefix}${entry.name}`],
	);
}

/** The tarball's files, and the text of each of its JavaScript files. */
function pack(dir: string): { files: string[]; scripts: Map<string, string> } {
	const into = mkdtempSync(path.join(tmpdir(), 'aimlapi-video-pack-'));
	try {
		const [info] = JSON.parse(
			execFileSync(
				'npm',
				['pack', '--json', '--ignore-scripts', '--pack-destination', into, '--loglevel=error'],
				{ cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
			),
		) as Array<{ filename: string }>;
		const tarball = path.join(into, info.filename);
		execFileSync('tar', ['-xzf', tarball, '-C', into]);
		const files = walk(path.join(into, 'package'));
		const scripts = new Map(
			files
				.filter((file) => file.endsWith('.js'))
				.map((file) => [file, readFileSync(path.join(into, 'package', file), 'utf8')]),
		);
		return { files, scripts };
	} finally {
		rmSync(into, { recursive: true, force: true });
	}
}

const PACKAGES = [
	{
		dir: ROOT,
		directory: undefined,
		node: 'dist/nodes/AimlApiVideo/AimlApiVideo.node.js',
		expected: [
			'dist/nodes/AimlApiVideo/AimlApiVideo.node.json',
			'dist/nodes/AimlApiVideo/aimlapi.svg',
			'dist/nodes/AimlApiVideo/aimlapi.dark.svg',
			'dist/credentials/AimlApiVideoAimlApi.credentials.js',
			'dist/engine/run/runner.js',
		],
		other: /novita/i,
	},
	{
		dir: path.join(ROOT, 'packages', 'n8n-nodes-novita-video'),
		directory: 'packages/n8n-nodes-novita-video',
		node: 'dist/nodes/NovitaAiVideo/NovitaAiVideo.node.js',
		expected: [
			'dist/nodes/NovitaAiVideo/NovitaAiVideo.node.json',
			'dist/nodes/NovitaAiVideo/novita.svg',
			'dist/nodes/NovitaAiVideo/novita.dark.svg',
			'dist/credentials/NovitaAiVideoApi.credentials.js',
			'dist/engine/run/runner.js',
		],
		other: /aiml/i,
	},
].map((entry) => ({
	...entry,
	pkg: JSON.parse(readFileSync(path.join(entry.dir, 'package.json'), 'utf8')) as PackageJson,
	packed: pack(entry.dir),
}));

describe.each(PACKAGES.map((entry) => [entry.pkg.name, entry] as const))('%s', (_name, entry) => {
	const { pkg, packed, dir } = entry;

	test('the tarball holds exactly its dist (as built), package.json, README, CHANGELOG and LICENSE', () => {
		const outside = packed.files.filter((file) => !file.startsWith('dist/'));
		expect(outside.sort()).toEqual(['CHANGELOG.md', 'LICENSE', 'README.md', 'package.json']);
		const dist = packed.files.filter((file) => file.startsWith('dist/')).sort();
		expect(dist).toEqual(walk(path.join(dir, 'dist'), 'dist/').sort());
		expect(dist.filter((file) => !/\.(js|json|svg)$/.test(file))).toEqual([]);
		expect(pkg.files).toEqual(['dist', 'CHANGELOG.md']);
	});

	test('no JavaScript file names the other service', () => {
		const naming = [...packed.scripts].filter(([, text]) => entry.other.test(text));
		expect(naming.map(([file]) => file)).toEqual([]);
		expect(packed.scripts.size).toBeGreaterThan(10);
	});

	test('npm metadata names the public repository (and its folder), its issues and an author', () => {
		expect(pkg.license).toBe('MIT');
		expect(pkg.repository).toEqual({
			type: 'git',
			url: `git+${REPO}.git`,
			...(entry.directory ? { directory: entry.directory } : {}),
		});
		expect(pkg.homepage).toBe(
			entry.directory ? `${REPO}/tree/main/${entry.directory}#readme` : `${REPO}#readme`,
		);
		expect(pkg.bugs).toEqual({ url: `${REPO}/issues` });
		expect(pkg.author?.name).toBeTruthy();
		// npm refuses to publish without provenance outside a CI it can attest (e.g. from a laptop).
		expect(pkg.publishConfig).toEqual({ provenance: true });
		expect(pkg.author?.email).toMatch(/^[^@\s]+@[^@\s]+\.[a-z]+$/);
		expect(pkg.version).toBe('0.2.0');
	});

	test('the n8n section points at files in the package, with icons and the codex beside the node', () => {
		expect(pkg.n8n.n8nNodesApiVersion).toBe(1);
		expect(pkg.n8n.strict).toBe(true);
		expect(pkg.n8n.nodes).toEqual([entry.node]);
		expect(pkg.n8n.credentials).toHaveLength(1);
		for (const file of [...pkg.n8n.nodes, ...pkg.n8n.credentials]) {
			expect(file.startsWith('dist/')).toBe(true);
			expect(packed.files).toContain(file);
		}
		expect(packed.files).toEqual(expect.arrayContaining([entry.node, ...entry.expected]));
	});

	test('a community package: keyword, no runtime dependencies, n8n-workflow as the only peer, no install scripts', () => {
		expect(pkg.keywords).toContain('n8n-community-node-package');
		expect(pkg.dependencies).toBeUndefined();
		expect(pkg.peerDependencies).toEqual({ 'n8n-workflow': '*' });
		for (const hook of ['preinstall', 'install', 'postinstall', 'prepare'])
			expect(pkg.scripts[hook]).toBeUndefined();
	});
});

test('the two packages share no node or credential type name', () => {
	const [aiml, novita] = PACKAGES;
	expect(aiml.pkg.n8n.credentials).not.toEqual(novita.pkg.n8n.credentials);
	expect(aiml.pkg.name).not.toBe(novita.pkg.name);
});
