/**
 * `npm run screenshots`: the README's pictures, taken from a real n8n editor.
 *
 * Starts `scripts/dev.ts` (n8n 2.8.4 with the packed package and the API emulator) in a fresh
 * temp folder, opens the editor in Debian's Chromium (installed with apt-get when missing)
 * through playwright-core, runs the example "scheduled prompt list to videos" and saves:
 *   docs/images/node-panel.png   the node's panel after the run (parameters, input, JSON output)
 *   docs/images/binary-tab.png   the same step with its videos in the output's Binary tab
 * Options: --port 5690 (n8n), --emulator-port 8790.
 */
import type { ChildProcess } from 'node:child_process';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';

import { chromium, selectors } from 'playwright-core';
import type { BrowserContext, Page } from 'playwright-core';

import { ROOT } from './n8n-host';

function arg(name: string, fallback: string): string {
	const index = process.argv.indexOf(`--${name}`);
	return index > 0 && process.argv[index + 1] ? process.argv[index + 1] : fallback;
}

const N8N_PORT = Number(arg('port', '5690'));
const EMULATOR_PORT = Number(arg('emulator-port', '8790'));
const BASE = `http://localhost:${N8N_PORT}`;
const CHROMIUM = '/usr/bin/chromium';
const OUT_DIR = path.join(ROOT, 'docs', 'images');
// scripts/dev.ts imports the examples under these ids, with this owner account.
const WORKFLOW_ID = 'devExampleSchedul';
const VIDEO_NODE = 'Create videos (wait until ready)';
const OWNER = { emailOrLdapLoginId: 'dev@example.com', password: 'Dev-password-1' };

function ensureChromium(): void {
	if (existsSync(CHROMIUM)) return;
	if (process.getuid?.() !== 0)
		throw new Error(
			`${CHROMIUM} is missing: sudo apt-get install chromium (Debian's package), then run again.`,
		);
	console.log('Installing Debian chromium (apt-get)…');
	execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
	execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'chromium'], {
		stdio: 'inherit',
		env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
	});
}

/** scripts/dev.ts in a folder of its own; resolves once it prints that n8n is ready. */
async function startDev(dir: string): Promise<ChildProcess> {
	const child = spawn(
		process.execPath,
		[
			'-r',
			'./scripts/ts-register.js',
			'scripts/dev.ts',
			'--dir',
			dir,
			'--port',
			String(N8N_PORT),
			'--emulator-port',
			String(EMULATOR_PORT),
			'--job-ms',
			'3000',
		],
		{ cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
	);
	let output = '';
	child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
	await new Promise<void>((resolve, reject) => {
		const timer = setTimeout(
			() => reject(new Error(`n8n was not ready in 180 s:\n${output}`)),
			180_000,
		);
		createInterface({ input: child.stdout! }).on('line', (line) => {
			output += `${line}\n`;
			if (line.startsWith('n8n is ready')) {
				clearTimeout(timer);
				resolve();
			}
		});
		child.once('exit', (code) => {
			clearTimeout(timer);
			reject(new Error(`scripts/dev.ts exited (${code}):\n${output}`));
		});
	});
	return child;
}

async function stopDev(child: ChildProcess): Promise<void> {
	if (child.exitCode !== null || child.signalCode !== null) return;
	const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
	process.kill(-child.pid!, 'SIGTERM');
	const timer = setTimeout(() => {
		try {
			process.kill(-child.pid!, 'SIGKILL');
		} catch {
			// gone
		}
	}, 20_000);
	await exited;
	clearTimeout(timer);
}

async function closeToasts(page: Page): Promise<void> {
	for (const button of await page.locator('.el-notification__closeBtn').all())
		await button.click().catch(() => undefined);
	await page.waitForTimeout(500);
}

async function shoot(context: BrowserContext): Promise<string[]> {
	selectors.setTestIdAttribute('data-test-id');
	const login = await context.request.post(`${BASE}/rest/login`, { data: OWNER });
	if (login.status() !== 200) throw new Error(`login answered ${login.status()}`);
	const page = context.pages()[0] ?? (await context.newPage());
	await page.goto(`${BASE}/workflow/${WORKFLOW_ID}`);
	const node = page.locator(`[data-test-id="canvas-node"][data-node-name="${VIDEO_NODE}"]`);
	await node.waitFor({ timeout: 60_000 });

	// Run the workflow as a user would, and wait for the video node to succeed.
	await page.getByTestId('execute-workflow-button').click();
	await page.waitForFunction(
		(name) =>
			document
				.querySelector(`[data-test-id="canvas-node"][data-node-name="${name}"]`)
				?.outerHTML.includes('success'),
		VIDEO_NODE,
		{ timeout: 90_000 },
	);
	await node.dblclick();
	const output = page.getByTestId('output-panel');
	await output.getByTestId('node-run-status-success').waitFor({ timeout: 30_000 });
	await closeToasts(page);

	const files: string[] = [];
	await output.getByTestId('radio-button-json').click();
	await output.getByText('"status"').first().waitFor();
	await page.waitForTimeout(800);
	files.push(path.join(OUT_DIR, 'node-panel.png'));
	await page.screenshot({ path: files[0] });

	await output.getByTestId('radio-button-binary').click();
	const first = output.getByTestId('ndv-binary-data_0');
	await first.waitFor();
	const card = await first.innerText();
	if (!/video\/mp4/.test(card)) throw new Error(`the Binary tab shows no MP4: ${card}`);
	await page.waitForTimeout(800);
	files.push(path.join(OUT_DIR, 'binary-tab.png'));
	await page.screenshot({ path: files[1] });
	return files;
}

async function main() {
	ensureChromium();
	mkdirSync(OUT_DIR, { recursive: true });
	const work = mkdtempSync(path.join(tmpdir(), 'aimlapi-video-screenshots-'));
	let dev: ChildProcess | undefined;
	let context: BrowserContext | undefined;
	try {
		console.log('Starting n8n with the package and the emulator (scripts/dev.ts)…');
		dev = await startDev(path.join(work, 'n8n'));
		context = await chromium.launchPersistentContext(path.join(work, 'chromium'), {
			executablePath: CHROMIUM,
			headless: true,
			args: [
				'--headless',
				'--no-sandbox',
				'--disable-gpu',
				'--disable-quic',
				'--no-first-run',
				'--disable-background-networking',
				'--disable-component-update',
				'--disable-sync',
			],
			viewport: { width: 1440, height: 900 },
		});
		const files = await shoot(context);
		for (const file of files)
			console.log(`${path.relative(ROOT, file)} (${Math.round(statSync(file).size / 1024)} KB)`);
	} finally {
		await context?.close().catch(() => undefined);
		if (dev) await stopDev(dev);
		rmSync(work, { recursive: true, force: true });
	}
}

main().catch((error: unknown) => {
	console.error(error instanceof Error ? error.message : error);
	process.exit(1);
});
