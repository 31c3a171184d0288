/**
 * What `npm pack` publishes: exactly the built files n8n loads (node, credentials, icons, codex)
 * plus package.json, README and LICENSE (a CHANGELOG would be allowed); no sources, tests or maps;
 * and the `n8n` section of package.json points at files that are in the package. The tarball is
 * really packed and listed with tar. Needs `npm run build` first.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
	files: string[];
	n8n: { n8nNodesApiVersion: number; strict: boolean; nodes: string[]; credentials: string[] };
	peerDependencies?: Record<string, string>;
	dependencies?: Record<string, string>;
	scripts: Record<string, string>;
	keywords: string[];
	repository?: { type: string; url: string };
	homepage?: string;
	bugs?: { url: string };
	author?: { name: string; email: string };
	license: string;
	publishConfig?: { provenance?: boolean };
};

/** Every file under dir, relative, with forward slashes. */
function walk(dir: string, prefix = ''): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
		entry.isDirectory()
			? walk(path.join(dir, entry.name), `${prefix}${entry.name}/`)
			: [`${prefix}${entry.name}`],
	);
}

const packed = (() => {
	const dir = mkdtempSync(path.join(tmpdir(), 'aimlapi-video-pack-'));
	try {
		const [info] = JSON.parse(
			execFileSync(
				'npm',
				['pack', '--json', '--ignore-scripts', '--pack-destination', dir, '--loglevel=error'],
				{ cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
			),
		) as Array<{ filename: string }>;
		return execFileSync('tar', ['-tzf', path.join(dir, info.filename)], { encoding: 'utf8' })
			.split('\n')
			.filter(Boolean)
			.map((entry) => entry.replace(/^package\//, ''));
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
})();

test('the tarball holds exactly dist (as built), package.json, README and LICENSE', () => {
	const outside = packed.filter((file) => !file.startsWith('dist/') && file !== 'CHANGELOG.md');
	expect(outside.sort()).toEqual(['LICENSE', 'README.md', 'package.json']);
	const dist = packed.filter((file) => file.startsWith('dist/')).sort();
	expect(dist).toEqual(walk(path.join(ROOT, 'dist'), 'dist/').sort());
	expect(dist.filter((file) => !/\.(js|json|svg)$/.test(file))).toEqual([]);
	expect(pkg.files).toEqual(['dist']);
});

test('npm metadata names the public repository, its issues and an author', () => {
	const repo = 'https://github.com/aimlapi-video/n8n-nodes-aimlapi-video';
	expect(pkg.license).toBe('MIT');
	expect(pkg.repository).toEqual({ type: 'git', url: `git+${repo}.git` });
	expect(pkg.homepage).toBe(`${repo}#readme`);
	expect(pkg.bugs).toEqual({ url: `${repo}/issues` });
	expect(pkg.author?.name).toBeTruthy();
	// npm refuses to publish without provenance outside a CI it can attest (e.g. from a laptop).
	expect(pkg.publishConfig).toEqual({ provenance: true });
	expect(pkg.author?.email).toMatch(/^[^@\s]+@[^@\s]+\.[a-z]+$/);
});

test('the n8n section points at files in the package, with icons and the codex beside the node', () => {
	expect(pkg.n8n.n8nNodesApiVersion).toBe(1);
	expect(pkg.n8n.strict).toBe(true);
	for (const file of [...pkg.n8n.nodes, ...pkg.n8n.credentials]) {
		expect(file.startsWith('dist/')).toBe(true);
		expect(packed).toContain(file);
	}
	expect(packed).toEqual(
		expect.arrayContaining([
			'dist/nodes/AimlApiVideo/AimlApiVideo.node.js',
			'dist/nodes/AimlApiVideo/AimlApiVideo.node.json',
			'dist/nodes/AimlApiVideo/aimlapi.svg',
			'dist/nodes/AimlApiVideo/aimlapi.dark.svg',
			'dist/credentials/AimlApiVideoAimlApi.credentials.js',
			'dist/credentials/AimlApiVideoNovitaAiApi.credentials.js',
		]),
	);
});

test('a community package: keyword, no runtime dependencies, n8n-workflow as the only peer, no install scripts', () => {
	expect(pkg.keywords).toContain('n8n-community-node-package');
	expect(pkg.dependencies).toBeUndefined();
	expect(pkg.peerDependencies).toEqual({ 'n8n-workflow': '*' });
	for (const hook of ['preinstall', 'install', 'postinstall', 'prepare'])
		expect(pkg.scripts[hook]).toBeUndefined();
});
