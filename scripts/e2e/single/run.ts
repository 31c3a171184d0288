/**
 * The single-process rows on one host: a fresh user folder with the packed packages installed
 * as community packages (both side by side, or one alone), the emulator in this process,
 * credentials and workflows imported, then each row of SINGLE_ROWS for the installed packages
 * with `n8n execute --id=… --rawOutput`. Every row names its package and what was installed.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import type { N8nRunner, PackageInfo, WorkflowJson } from '../../n8n-host';
import {
	binaryBytes,
	importCredentials,
	importWorkflowFolder,
	installPackage,
	n8nEnv,
	PACKAGES,
	parseRun,
} from '../../n8n-host';
import { ChatModelStub } from '../../../tools/emulator/chat-model';
import { ApiEmulator } from '../../../tools/emulator/server';
import type { Host } from '../hosts';
import { describeRuntime, n8nOn, runtimeIn } from '../hosts';
import type { Report } from '../report';
import { credentialsFor, OPENAI_STUB_CREDENTIAL } from '../workflows';
import type { Execution, SingleContext, SingleRow } from './rows';
import { SINGLE_ROWS } from './rows';

const JOB_MS = 2000;
const EXECUTE_TIMEOUT_MS = 120_000;

/** The packed packages to install in one user folder. */
export type Installed = Array<{ info: PackageInfo; tarball: string }>;

/** "side by side" when both are installed, else "alone". */
export function installLabel(installed: Installed): string {
	return installed.length > 1 ? 'side by side' : 'alone';
}

/**
 * `--only f,agent`: run only the rows named by one of these: a row's letter (`f` is row
 * `f images to videos`) or a longer word of its name (`agent`). Default: every row.
 */
export function onlyRows(argv = process.argv): string[] | undefined {
	const index = argv.indexOf('--only');
	return index >= 0 ? (argv[index + 1] ?? '').split(',').filter(Boolean) : undefined;
}

/** The rows for what is installed: all of theirs side by side; alone, the quick ones. */
export function rowsFor(installed: Installed): SingleRow[] {
	const ids = installed.map(({ info }) => info.id);
	const only = onlyRows();
	const named = (name: string) =>
		!only ||
		only.some((word) => name.startsWith(`${word} `) || (word.length > 2 && name.includes(word)));
	return SINGLE_ROWS.filter(
		(row) =>
			(row.package ? ids.includes(row.package) && (ids.length > 1 || row.alone) : true) &&
			named(row.name),
	);
}

export async function runSingleRows(
	host: Host,
	report: Report,
	work: string,
	installed: Installed,
): Promise<void> {
	const userFolder = path.join(work, 'user');
	const videosDir = path.join(work, 'videos');
	const workflowsDir = path.join(work, 'workflows');
	for (const dir of [userFolder, videosDir, workflowsDir]) mkdirSync(dir, { recursive: true });
	const rows = rowsFor(installed);
	if (!rows.length) return;
	for (const { info, tarball } of installed) await installPackage(userFolder, tarball, info);
	const ids = installed.map(({ info }) => info.id);
	const label = installLabel(installed);
	for (const row of rows) await row.prepare?.({ userFolder, work });

	const emulator = await new ApiEmulator({ jobDurationMs: JOB_MS }).start();
	// The chat model of the agent rows: n8n's OpenAI Chat Model node, pointed at a scripted stub.
	const chatModel = rows.some((row) => row.chatModel)
		? await new ChatModelStub().start()
		: undefined;
	try {
		// A free task-broker port of our own, so a running `npm run dev` (5679) does not collide.
		const env = n8nEnv(userFolder, {
			N8N_RESTRICT_FILE_ACCESS_TO: videosDir,
			N8N_RUNNERS_BROKER_PORT: String(20000 + Math.floor(Math.random() * 20000)),
		});
		const runner: N8nRunner = async (args, commandEnv, timeoutMs) =>
			await n8nOn(host, args, commandEnv, timeoutMs);
		let t = Date.now();
		const credentialsFile = path.join(work, 'credentials.json');
		const openAi = chatModel
			? [
					{
						...OPENAI_STUB_CREDENTIAL,
						type: 'openAiApi',
						data: { apiKey: 'sk-stub-not-a-real-key', url: chatModel.baseUrl },
					},
				]
			: [];
		await importCredentials(
			[...credentialsFor(emulator, ids), ...openAi],
			credentialsFile,
			env,
			runner,
		);
		console.log(
			`  imported ${ids.length} credentials (${((Date.now() - t) / 1000).toFixed(1)} s, includes the first database migration)`,
		);

		const workflows = rows.map((row) => row.workflows({ videosDir, cdnUrl: emulator.cdnUrl }));
		const all = workflows.flatMap((set) => Object.values(set));
		for (const workflow of all)
			writeFileSync(
				path.join(workflowsDir, `${workflow.id}.json`),
				JSON.stringify(workflow, null, 2),
			);
		t = Date.now();
		await importWorkflowFolder(workflowsDir, env, runner);
		console.log(`  imported ${all.length} workflows (${((Date.now() - t) / 1000).toFixed(1)} s)`);

		let lastRanOn = 'unknown';
		const execute = async (caseName: string, workflow: WorkflowJson): Promise<Execution> => {
			const from = emulator.requests.length;
			const result = await n8nOn(
				host,
				['execute', `--id=${workflow.id}`, '--rawOutput'],
				env,
				EXECUTE_TIMEOUT_MS,
			);
			const seconds = (result.ms / 1000).toFixed(1);
			const runJson = parseRun(result.stdout);
			const ranOn = describeRuntime(runtimeIn(result.stderr));
			lastRanOn = ranOn;
			if (result.timedOut)
				report.fail(caseName, `n8n execute timed out after ${EXECUTE_TIMEOUT_MS / 1000} s`);
			else if (result.code !== 0) report.fail(caseName, `n8n execute exited ${result.code}`);
			if (!runJson) report.fail(caseName, 'no run JSON in the output');
			else if (runJson.status !== 'success') {
				const error = runJson.data.resultData.error;
				report.fail(
					caseName,
					`run status ${runJson.status} at "${runJson.data.resultData.lastNodeExecuted}": ${error?.message ?? ''} ${error?.description ?? ''}`.trim(),
				);
			}
			if (!runJson || runJson.status !== 'success')
				console.log(
					`--- ${caseName}: n8n execute output (exit ${result.code}, ${seconds} s) ---\n${result.stdout.slice(-4000)}\n${result.stderr.slice(-2000)}\n---`,
				);
			return { runJson, seconds, from, ranOn };
		};
		const ctx: SingleContext = {
			report,
			emulator,
			videosDir,
			readBytes: async (binary) => binaryBytes(userFolder, binary),
			execute,
			lastRanOn: () => lastRanOn,
			chatModel,
		};
		for (const [index, row] of rows.entries()) {
			report.packageLabel = `${row.package ? PACKAGES[row.package].name : ids.map((id) => PACKAGES[id].name).join(' + ')} (${label})`;
			await row.run(ctx, workflows[index]);
		}
		report.packageLabel = '-';
	} finally {
		await emulator.stop();
		await chatModel?.stop();
	}
}
