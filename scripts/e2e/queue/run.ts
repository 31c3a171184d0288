/**
 * The queue-mode rows on one host: Postgres and Redis, both packed packages installed as
 * community packages side by side in the shared user folder, credentials and workflows imported, one main and
 * two workers, then each row of QUEUE_ROWS. Everything started is stopped at the end, also when a
 * row fails.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import type { N8nRunner } from '../../n8n-host';
import { importCredentials, importWorkflowFolder, installPackage, PACKAGES } from '../../n8n-host';
import type { Installed } from '../single/run';
import { ApiEmulator } from '../../../tools/emulator/server';
import type { Host } from '../hosts';
import { describeRuntime, n8nOn } from '../hosts';
import type { Report } from '../report';
import { secondsSince } from '../report';
import { credentialsFor } from '../workflows';
import { KILL_JOB_MARKER, LONG_JOB_MARKER, QueueContext } from './context';
import { N8nRest } from './rest';
import { onlyRows } from '../single/run';
import { QUEUE_ROWS } from './rows';
import { postgresBin, QueueStack } from './stack';

const JOB_MS = 2000;

/** A video takes 2 s; a prompt with a marker makes it long (rows 4 and 5). */
export function queueEmulator(): ApiEmulator {
	return new ApiEmulator({
		jobDurationMs: (job) => {
			const prompt = String(job.body.prompt ?? '');
			if (prompt.includes(LONG_JOB_MARKER)) return 10 * 60_000;
			if (prompt.includes(KILL_JOB_MARKER)) return 15_000;
			return JOB_MS;
		},
	});
}

function toolVersion(command: string, args: string[]): string {
	try {
		return execFileSync(command, args, { encoding: 'utf8' }).trim().split('\n')[0];
	} catch {
		return 'unknown';
	}
}

/** `--only 1,10`: the rows whose names start with one of these followed by a space. */
function chosenRows() {
	const only = onlyRows();
	return QUEUE_ROWS.filter(
		(row) => !only || only.some((prefix) => row.name.startsWith(`${prefix} `)),
	);
}

export async function runQueueRows(
	host: Host,
	report: Report,
	work: string,
	installed: Installed,
	timings: string[],
): Promise<void> {
	const rows = chosenRows();
	const emulator = await queueEmulator().start();
	const stack = new QueueStack({ host, work, workers: 2, concurrency: 5 });
	const runner: N8nRunner = async (args, env, timeoutMs) => await n8nOn(host, args, env, timeoutMs);
	// Ctrl-C or a kill: stop the stack before leaving (its processes run in groups of their own).
	const onSignal = () => {
		console.log('\nInterrupted: stopping the queue stack…');
		void Promise.allSettled([stack.stop(), emulator.stop()]).finally(() => process.exit(130));
	};
	process.once('SIGINT', onSignal);
	process.once('SIGTERM', onSignal);
	try {
		const started = Date.now();
		await stack.startServices();
		for (const { info, tarball } of installed)
			await installPackage(stack.userFolder, tarball, info);
		let t = Date.now();
		await importCredentials(
			credentialsFor(emulator),
			path.join(work, 'credentials.json'),
			stack.env(),
			runner,
		);
		const workflowsDir = path.join(work, 'workflows');
		mkdirSync(workflowsDir, { recursive: true });
		const workflows = rows.map((row) =>
			row.workflows({
				videosDir: stack.videosDir,
				baseUrl: stack.baseUrl,
				cdnUrl: emulator.cdnUrl,
			}),
		);
		const all = workflows.flatMap((set) => Object.values(set));
		for (const workflow of all)
			writeFileSync(path.join(workflowsDir, `${workflow.id}.json`), JSON.stringify(workflow));
		await importWorkflowFolder(workflowsDir, stack.env(), runner);
		stack.timings.import = (Date.now() - t) / 1000;
		await stack.startN8n();
		t = Date.now();
		const rest = new N8nRest(stack.baseUrl);
		await rest.login();
		const hooks = all.filter((w) => w.nodes.some((n) => n.type === 'n8n-nodes-base.webhook'));
		for (const workflow of hooks) await rest.activate(workflow.id!);
		stack.timings.activate = (Date.now() - t) / 1000;

		// The stack itself: what runs, on which versions.
		const mainRuntime = stack.runtimeOf(stack.main!);
		const versionCli = await rest.versionCli();
		const workerRuntimes = stack.workers.map((w) => describeRuntime(stack.runtimeOf(w)));
		const stackOk =
			report.check(
				versionCli === host.n8nVersion && mainRuntime?.n8n === host.n8nVersion,
				'queue stack',
				`main reports n8n ${versionCli}, probe ${describeRuntime(mainRuntime)}`,
			) &&
			report.check(
				workerRuntimes.every((r) => r === describeRuntime(mainRuntime)),
				'queue stack',
				`workers run ${workerRuntimes.join(', ')}`,
			);
		const startSeconds = secondsSince(started);
		report.add(
			{
				case: '0 queue stack',
				package: installed.map(({ info }) => info.name).join(' + '),
				ranOn: describeRuntime(mainRuntime),
				node: `main + ${stack.workers.length} workers`,
				items: '-',
				status: `REST says ${versionCli}`,
				binary: 'database (default)',
				checks: `PostgreSQL ${toolVersion(path.join(postgresBin(), 'postgres'), ['--version']).replace(/^\D+/, '')}, Redis ${toolVersion('redis-server', ['--version']).replace(/^.*v=(\S+).*$/, '$1')}; started in ${Object.entries(
					stack.timings,
				)
					.map(([part, seconds]) => `${part} ${seconds.toFixed(1)} s`)
					.join(', ')}; ${hooks.length} webhooks active`,
				seconds: startSeconds,
			},
			stackOk,
		);
		timings.push(`stack ${startSeconds} s`);

		const ctx = new QueueContext(host, stack, rest, emulator, report);
		for (const [index, row] of rows.entries()) {
			const rowStarted = Date.now();
			// A row starts on a main whose database is connected, so one row's failure stays its own.
			await stack.mainReady().catch((error: Error) => report.fail(row.name, error.message));
			report.packageLabel = row.packages.map((id) => PACKAGES[id].name).join(' + ');
			try {
				await row.run(ctx, workflows[index]);
			} catch (error) {
				const message = error instanceof Error ? error.message : String(error);
				report.fail(row.name, message);
				report.add(
					{
						case: row.name,
						ranOn: '-',
						node: '-',
						items: '-',
						status: 'row failed',
						binary: '-',
						checks: message.slice(0, 200),
						seconds: secondsSince(rowStarted),
					},
					false,
				);
			}
			timings.push(`row ${row.name.split(' ')[0]} ${secondsSince(rowStarted)} s`);
			console.log(`  ${row.name}: ${secondsSince(rowStarted)} s`);
		}
	} finally {
		process.off('SIGINT', onSignal);
		process.off('SIGTERM', onSignal);
		const t = Date.now();
		await stack.stop();
		await emulator.stop();
		timings.push(`stop ${secondsSince(t)} s`);
	}
}
