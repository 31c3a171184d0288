/**
 * n8n in queue mode to click through: a throwaway PostgreSQL cluster, Redis, one main and two
 * workers (binary data in the database), both packages installed as community packages in their
 * shared user folder, the API emulator, a credential per package and the examples imported.
 *   npm run dev:queue                 → http://localhost:5678 until Ctrl-C (then everything stops)
 *   npm run dev:queue -- --check      → start, run one example on a worker, stop (exit code)
 * Options: --host 2.8|2.41 (which n8n, default 2.8), --port 5678, --workers 2, --job-ms 8000 (how
 * long a video takes), --video-mb 0 (size of each video; 0: a small real MP4).
 * Everything lives in .n8n-dev-queue/ (gitignored), rebuilt on every start; the logs of each
 * process are in .n8n-dev-queue/logs/.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import type { N8nRunner } from './n8n-host';
import { prepare } from './prepare';
import {
	importCredentials,
	importWorkflowFolder,
	installPackage,
	packPackage,
	PACKAGES,
	ROOT,
} from './n8n-host';
import { chosenHosts, describeRuntime, n8nOn } from './e2e/hosts';
import { N8nRest, OWNER } from './e2e/queue/rest';
import { QueueStack } from './e2e/queue/stack';
import { credentialsFor, examples, novitaExamples, novitaWorkflow } from './e2e/workflows';
import { ApiEmulator } from '../tools/emulator/server';

function arg(name: string, fallback: string): string {
	const index = process.argv.indexOf(`--${name}`);
	return index > 0 && process.argv[index + 1] ? process.argv[index + 1] : fallback;
}

const USAGE = `Usage: npm run dev:queue [-- options]

n8n in queue mode to click through: PostgreSQL, Redis, a main and two workers, both packages,
the emulator, a credential per package and the examples.
  --check          start, run one example on a worker, stop (exit code)
  --host 2.8|2.41  which n8n (default 2.8)
  --port 5678      the main's port
  --workers 2      how many workers
  --job-ms 8000    how long a video takes
  --video-mb 0     size of each video (0: a small real MP4)
  --help           this text`;

if (process.argv.includes('--help') || process.argv.includes('-h')) {
	console.log(USAGE);
	process.exit(0);
}
{
	const index = process.argv.indexOf('--host');
	prepare(['--host', index > 0 ? (process.argv[index + 1] ?? '2.8') : '2.8', '--queue']);
}

const CHECK = process.argv.includes('--check');
const DIR = path.join(ROOT, '.n8n-dev-queue');

async function main() {
	const [host] = chosenHosts(['', '', '--host', arg('host', '2.8')]);
	rmSync(DIR, { recursive: true, force: true });
	mkdirSync(path.join(DIR, 'workflows'), { recursive: true });
	const videoMb = Number(arg('video-mb', '0'));
	const emulator = await new ApiEmulator({
		jobDurationMs: Number(arg('job-ms', '8000')),
		...(videoMb > 0 ? { videoSizeBytes: Math.round(videoMb * 1024 * 1024) } : {}),
	}).start();
	const stack = new QueueStack({
		host,
		work: DIR,
		workers: Number(arg('workers', '2')),
		concurrency: 5,
		mainPort: Number(arg('port', '5678')),
		env: { N8N_HOST: 'localhost', WEBHOOK_URL: `http://localhost:${arg('port', '5678')}/` },
	});
	let stopping = false;
	const stop = async (code: number) => {
		if (stopping) return;
		stopping = true;
		console.log('Stopping n8n, Redis, PostgreSQL and the emulator…');
		await Promise.allSettled([stack.stop(), emulator.stop()]);
		process.exit(code);
	};
	process.on('SIGINT', () => void stop(0));
	process.on('SIGTERM', () => void stop(0));

	try {
		const runner: N8nRunner = async (args, env, timeoutMs) =>
			await n8nOn(host, args, env, timeoutMs);
		await stack.startServices();
		for (const info of Object.values(PACKAGES))
			await installPackage(stack.userFolder, await packPackage(DIR, info), info);
		await importCredentials(
			credentialsFor(emulator),
			path.join(DIR, 'credentials.json'),
			stack.env(),
			runner,
		);
		const ex = examples('dev', stack.videosDir, 2);
		const workflows = [
			ex.scheduled,
			ex.sheet,
			ex.createGet,
			novitaWorkflow('devNovita', 2),
			novitaExamples('dev', stack.videosDir, 2).sheet,
		];
		for (const node of ex.createGet.nodes)
			if (node.type === 'n8n-nodes-base.wait') node.parameters.amount = 10;
		for (const workflow of workflows)
			writeFileSync(
				path.join(DIR, 'workflows', `${workflow.id}.json`),
				JSON.stringify(workflow, null, 2),
			);
		await importWorkflowFolder(path.join(DIR, 'workflows'), stack.env(), runner);
		console.log(
			`Starting n8n ${host.n8nVersion} in queue mode (main + ${stack.options.workers} workers)…`,
		);
		await stack.startN8n();
		const rest = new N8nRest(stack.baseUrl);
		await rest.login();

		if (CHECK) {
			const id = await rest.runManually(ex.scheduled.id!, 'Every day at 9:00');
			const execution = await rest.waitForEnd(id, 120_000);
			const { workers } = stack.whoRan(id);
			const ok = execution.status === 'success' && workers.length === 1;
			console.log(
				`${ok ? 'Check passed' : 'Check FAILED'}: "${ex.scheduled.name}" ended ${execution.status} on ${workers.join(', ') || 'no worker'} (${describeRuntime(stack.runtimeOf(stack.main!))}).`,
			);
			return await stop(ok ? 0 : 1);
		}
		console.log(`
n8n ${host.n8nVersion} in queue mode is ready: open http://localhost:${stack.mainPort}
  log in as ${OWNER.email} / ${OWNER.password} (a local test account)
  main: ${describeRuntime(stack.runtimeOf(stack.main!))}; workers: ${stack.workers.map((w) => `${w.name} (pid ${w.pid})`).join(', ')}
  PostgreSQL on 127.0.0.1:${stack.pgPort} (database n8n, user n8n / n8n), Redis on 127.0.0.1:${stack.redisPort}
  binary data: database (the videos are rows of the binary_data table)
  workflows: ${workflows.map((w) => `"${w.name}"`).join(', ')}; credentials → emulator ${emulator.apiUrl}
  logs: ${stack.logsDir} (main.log, worker-1.log, … : each execution names the worker that ran it)
  Ctrl-C stops everything (the database is thrown away).`);
	} catch (error) {
		console.error(error instanceof Error ? error.message : error);
		console.error(`Logs: ${stack.logsDir}`);
		await stop(1);
	}
}

void main();
