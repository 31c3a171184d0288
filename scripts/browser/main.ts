/**
 * `npm run test:browser`: both packages in the n8n editor, as a person uses them, in headless
 * Chromium (Debian's `chromium`, through playwright-core), on every e2e host (n8n 2.8.4 on
 * Node 20, 2.41.1 on Node 24) with the packages installed as community packages from their
 * tarballs, against the API emulator. The checks are in checks.ts; each saves a screenshot in
 * .browser-screenshots/<n8n version>/ (gitignored).
 *   node -r ./scripts/ts-register.js scripts/browser/main.ts [--host 2.8|2.41] [--keep]
 *     [--pictures]   also write the README pictures (docs/images/*.png) from the first host
 *     [--only id,id]  only these checks (ids in checks.ts)
 *     [--explore]    start the first host with everything imported and wait (Ctrl-C ends)
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { ApiEmulator } from '../../tools/emulator/server';
import { chosenHosts } from '../e2e/hosts';
import { killChildren, packPackage, PACKAGES, ROOT } from '../n8n-host';
import { ensureChromium, launch } from './chromium';
import { CHECKS, PICTURES } from './checks';
import type { Suite } from './checks';
import type { Server } from './server';
import { OWNER, startServer } from './server';
import { CREDENTIALS, suiteWorkflows } from './workflows';

const KEEP = process.argv.includes('--keep');
const EXPLORE = process.argv.includes('--explore');
const WRITE_PICTURES = process.argv.includes('--pictures');
/** Where each check's screenshot goes (gitignored), one folder per n8n version. */
const SHOTS = path.join(ROOT, '.browser-screenshots');
const ONLY = process.argv.includes('--only')
	? process.argv[process.argv.indexOf('--only') + 1].split(',')
	: undefined;
const chosenChecks = CHECKS.filter((check) => !ONLY || ONLY.includes(check.id));
/** How long a video takes in the emulator (the Stop check makes it longer for its run). */
export const JOB_MS = 1000;

function seconds(since: number): string {
	return ((Date.now() - since) / 1000).toFixed(1);
}

async function main() {
	const started = Date.now();
	const hosts = chosenHosts();
	ensureChromium();
	const work = mkdtempSync(path.join(tmpdir(), 'aimlapi-video-browser-'));
	for (const signal of ['SIGINT', 'SIGTERM'] as const)
		process.on(signal, () => {
			killChildren();
			process.exit(130);
		});
	console.log(`work folder: ${work}`);
	const tarballs = [];
	for (const info of Object.values(PACKAGES))
		tarballs.push({ info, tarball: await packPackage(work, info) });

	const emulator = await new ApiEmulator({ jobDurationMs: JOB_MS }).start();
	const failures: string[] = [];
	const times: string[] = [];
	let pictures = false;
	try {
		for (const host of hosts) {
			const hostStarted = Date.now();
			const label = `n8n ${host.n8nVersion}`;
			console.log(`\n== ${label} (${host.node}) ==`);
			emulator.reset({ jobDurationMs: JOB_MS });
			const dir = path.join(work, `n8n-${host.n8nVersion}`);
			const filesDir = path.join(dir, 'files');
			const shotsDir = path.join(SHOTS, host.n8nVersion);
			rmSync(shotsDir, { recursive: true, force: true });
			mkdirSync(shotsDir, { recursive: true });
			const keys = {
				aimlapi: emulator.config.keys.aimlapi[0],
				novita: emulator.config.keys.novita[0],
			};
			let server: Server;
			try {
				server = await startServer({
					host,
					dir,
					tarballs,
					filesDir,
					credentials: Object.values(PACKAGES).map((info) => ({
						...CREDENTIALS[info.id],
						type: info.credentialType,
						data: { apiKey: keys[info.id], baseUrl: emulator.apiUrl },
					})),
					workflows: suiteWorkflows(filesDir),
				});
			} catch (error) {
				const message = error instanceof Error ? error.message : String(error);
				failures.push(`${label}: n8n did not start: ${message}`);
				console.log(`  FAIL n8n did not start: ${message}`);
				killChildren();
				continue;
			}
			console.log(`${label} answered after ${server.readySeconds.toFixed(1)} s on ${server.base}`);
			const context = await launch(path.join(dir, 'chromium'));
			try {
				const login = await context.request.post(`${server.base}/rest/login`, {
					data: { emailOrLdapLoginId: OWNER.email, password: OWNER.password },
				});
				if (login.status() !== 200) throw new Error(`login answered ${login.status()}`);
				const suite: Suite = { server, context, emulator, shotsDir, keys, label };
				if (EXPLORE) {
					console.log(`explore: ${server.base} (${OWNER.email} / ${OWNER.password}); Ctrl-C ends`);
					await new Promise(() => undefined);
				}
				for (const check of chosenChecks) {
					const checkStarted = Date.now();
					try {
						const said = await check.run(suite);
						console.log(
							`  ok   ${check.name} (${seconds(checkStarted)} s)${said ? `: ${said}` : ''}`,
						);
					} catch (error) {
						const message = error instanceof Error ? error.message : String(error);
						failures.push(`${label}: ${check.name}: ${message}`);
						console.log(`  FAIL ${check.name} (${seconds(checkStarted)} s): ${message}`);
						const page = context.pages()[0];
						await page
							?.screenshot({ path: path.join(shotsDir, `FAILED-${check.id}.png`) })
							.catch(() => undefined);
					}
				}
			} finally {
				await context.close().catch(() => undefined);
				await server.stop();
			}
			if (WRITE_PICTURES && !pictures) {
				pictures = true;
				for (const [from, to] of PICTURES) {
					copyFileSync(path.join(shotsDir, from), path.join(ROOT, to));
					console.log(`  picture ${to}`);
				}
			}
			times.push(`${label}: ${seconds(hostStarted)} s`);
		}
	} finally {
		await emulator.stop();
	}
	console.log(
		`\n${failures.length ? 'FAIL' : 'PASS'}: ${chosenChecks.length * hosts.length - failures.length}/${
			chosenChecks.length * hosts.length
		} browser checks passed in ${seconds(started)} s (${times.join(', ')})`,
	);
	for (const failure of failures) console.log(`  - ${failure}`);
	console.log(`screenshots: ${path.relative(ROOT, SHOTS)}/<n8n version>/`);
	if (failures.length) {
		console.log(`The work folder is kept for inspection: ${work}`);
		process.exitCode = 1;
	} else if (!KEEP) rmSync(work, { recursive: true, force: true });
}

main().catch((error: unknown) => {
	killChildren();
	console.error(error instanceof Error ? (error.stack ?? error.message) : error);
	process.exit(1);
});
