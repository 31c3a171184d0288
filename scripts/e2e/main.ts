/**
 * End-to-end test in real n8n installs (test/e2e/hosts.json: n8n 2.8.4 on the machine's Node 20,
 * n8n 2.41.1 on Node 24): both packages are packed with `npm pack` and installed into fresh n8n
 * user folders as community packages (side by side, then each alone), and the rows of
 * single/rows.ts run with `n8n execute` against the local API emulator. Queue mode (main +
 * workers, Postgres, Redis) is scripts/e2e/queue.ts.
 *   npm run test:e2e                                     (setup + build + this script)
 *   node -r ./scripts/ts-register.js scripts/e2e/main.ts [--host 2.8|2.41] [--only f,agent] [--keep]
 * (`--only`: the rows named by their letters or by a word of their names, e.g. `agent`; installs
 * without such a row and the collision rows are skipped.)
 * Exits non-zero when any check fails; the work folder is then kept and its path printed.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { killChildren, packPackage, PACKAGES } from '../n8n-host';
import { credentialCollisionRows } from './collision';
import { chosenHosts } from './hosts';
import { Report, secondsSince } from './report';
import type { Installed } from './single/run';
import { installLabel, onlyRows, rowsFor, runSingleRows } from './single/run';

const KEEP = process.argv.includes('--keep');

async function main() {
	const started = Date.now();
	const hosts = chosenHosts();
	const work = mkdtempSync(path.join(tmpdir(), 'aimlapi-video-e2e-'));
	process.on('SIGINT', () => {
		killChildren();
		process.exit(130);
	});
	console.log(`work folder: ${work}`);
	const packed: Installed = [];
	for (const info of Object.values(PACKAGES))
		packed.push({ info, tarball: await packPackage(work, info) });
	console.log(`packed ${packed.map(({ tarball }) => path.basename(tarball)).join(', ')}`);
	const tarball = packed[0].tarball;
	// Both packages side by side, then each alone (it must need nothing of the other).
	const installs: Installed[] = [packed, ...packed.map((one) => [one])];

	const report = new Report();
	const times: string[] = [];
	for (const host of hosts) {
		const hostStarted = Date.now();
		console.log(`\n== n8n ${host.n8nVersion} (${host.node}) ==`);
		const before = report.rows.length;
		for (const installed of installs) {
			if (onlyRows() && rowsFor(installed).length === 0) continue;
			const names = installed.map(({ info }) => info.id).join('+');
			const dir = path.join(work, `n8n-${host.n8nVersion}-${names}`);
			mkdirSync(dir, { recursive: true });
			console.log(
				`-- ${installed.map(({ info }) => info.name).join(' + ')} (${installLabel(installed)})`,
			);
			try {
				await runSingleRows(host, report, dir, installed);
			} catch (error) {
				report.fail(
					`n8n ${host.n8nVersion}, ${names}`,
					error instanceof Error ? error.message : String(error),
				);
				killChildren();
			}
		}
		console.log(report.table(report.rows.slice(before)));
		times.push(`n8n ${host.n8nVersion}: ${secondsSince(hostStarted)} s`);
	}

	// Another package with an `aimlApi` credential installed beside this one (collision.ts), on
	// the n8n 2.8.4 host: credential type names are global in every n8n line.
	const host28 = hosts.find((host) => host.n8nVersion === '2.8.4');
	if (host28 && !onlyRows()) {
		const collisionStarted = Date.now();
		const dir = path.join(work, 'collision');
		mkdirSync(dir, { recursive: true });
		const collision = await credentialCollisionRows(tarball, dir);
		for (const row of collision.rows)
			report.add({
				...row,
				package: `${PACKAGES.aimlapi.name} + fixture`,
				ranOn: `n8n 2.8.4 / Node ${process.version}`,
			});
		for (const failure of collision.failures) report.fail('credential names', failure);
		console.log(report.table(report.rows.slice(-collision.rows.length)));
		times.push(`credential names: ${secondsSince(collisionStarted)} s`);
	}

	if (hosts.length > 1) console.log(`\n${report.table()}`);
	console.log(
		`\n${report.ok() ? 'PASS' : 'FAIL'}: ${report.passed()}/${report.rows.length} rows passed in ${secondsSince(started)} s (${times.join(', ')}; packages installed from their npm pack tarballs)`,
	);
	report.printFailures();
	if (!report.ok()) {
		console.log(`\nThe work folder is kept for inspection: ${work}`);
		process.exitCode = 1;
	} else if (KEEP) console.log(`work folder kept: ${work}`);
	else rmSync(work, { recursive: true, force: true });
}

main().catch((error: unknown) => {
	killChildren();
	console.error(error instanceof Error ? (error.stack ?? error.message) : error);
	process.exit(1);
});
