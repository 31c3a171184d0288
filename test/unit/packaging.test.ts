/**
 * What `npm pack` publishes: exactly the built files n8n loads (node, credentials, icons, codex)
 * plus package.json, README and LICENSE; no sources, tests or maps; and the `n8n` section of
 * package.json points at files that are in the package. Needs `npm run build` first.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
	files: string[];
	n8n: { n8nNodesApiVersion: number; strict: boolean; nodes: string[]; credentials: string[] };
	peerDependencies?: Record<string, string>;
	dependencies?: Record<string, string>;
	scripts: Record<string, string>;
	keywords: string[];
};

const packed = (
	JSON.parse(
		execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
			cwd: ROOT,
			encoding: 'utf8',
			stdio: ['ignore', 'pipe', 'ignore'],
		}),
	) as Array<{ files: Array<{ path: string }> }>
)[0].files.map((file) => file.path);

test('only dist, package.json, README and LICENSE are published', () => {
	const outside = packed.filter((file) => !file.startsWith('dist/'));
	expect(outside.sort()).toEqual(['LICENSE', 'README.md', 'package.json']);
	expect(packed.filter((file) => /\.(ts|map)$/.test(file) || file.includes('test/'))).toEqual([]);
	expect(pkg.files).toEqual(['dist']);
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
