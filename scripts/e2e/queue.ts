/**
 * End-to-end test of n8n in queue mode (queue/run.ts: Postgres, Redis, a main and two workers,
 * binary data in the database, both packed packages as community packages, the emulator in this
 * process), on each host of test/e2e/hosts.json.
 *   npm run test:e2e:queue                                (setup + build + this script)
 *   node -r ./scripts/ts-register.js scripts/e2e/queue.ts [--host 2.8|2.41] [--only 1,10] [--keep]
 * Exits non-zero when any check fails; the work folder (with every process's log) is then kept.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { killChildren, packPackage, PACKAGES } from '../n8n-host';
import { chosenHosts } from './hosts';
import { runQueueRows } from './queue/run';
import { Report, secondsSince } from './report';

const KEEP = process.argv.includes('--keep');

async function main() {
	const started = Date.now();
	const hosts = chosenHosts();
	const work = mkdtempSync(path.join(tmpdir(), 'aimlapi-video-queue-'));
	console.log(`work folder: ${work}`);
	// Both packages, side by side on every worker.
	const installed = [];
	for (const info of Object.values(PACKAGES))
		installed.push({ info, tarball: await packPackage(work, info) });

	const report = new Report();
	const summary: string[] = [];
	for (const host of hosts) {
		const hostStarted = Date.now();
		console.log(`\n== queue mode on n8n ${host.n8nVersion} (${host.node}) ==`);
		const dir = path.join(work, `n8n-${host.n8nVersion}`);
		mkdirSync(dir, { recursive: true });
		const before = report.rows.length;
		const timings: string[] = [];
		try {
			await runQueueRows(host, report, dir, installed, timings);
		} catch (error) {
			report.fail(
				`queue n8n ${host.n8nVersion}`,
				error instanceof Error ? (error.stack ?? error.message) : String(error),
			);
		}
		console.log(report.table(report.rows.slice(before)));
		summary.push(`n8n ${host.n8nVersion}: ${secondsSince(hostStarted)} s (${timings.join(', ')})`);
	}
	if (hosts.length > 1) console.log(`\n${report.table()}`);
	console.log(
		`\n${report.ok() ? 'PASS' : 'FAIL'}: ${report.passed()}/${report.rows.length} queue-mode rows passed in ${secondsSince(started)} s\n  ${summary.join('\n  ')}`,
	);
	report.printFailures();
	if (!report.ok()) {
		console.log(`\nThe work folder (logs in n8n-*/logs) is kept for inspection: ${work}`);
		process.exitCode = 1;
	} else if (KEEP) console.log(`work folder kept: ${work}`);
	else rmSync(work, { recursive: true, force: true });
}

main().catch((error: unknown) => {
	killChildren();
	console.error(error instanceof Error ? (error.stack ?? error.message) : error);
	process.exit(1);
});
