/**
 * A real n8n (2.8.4, from test/e2e/n8n-host) with both packages installed as community packages,
 * the API emulator on a fixed port, a credential per package pointing at it and each package's
 * examples imported:
 *   npm run dev                  → http://localhost:5678, until Ctrl-C (stops the emulator too)
 *   npm run dev -- --reset       → start from an empty n8n (wipes .n8n-dev/)
 *   npm run dev -- --check       → start, check the server and the node, then stop (exit code)
 * Options: --port 5678 (n8n), --emulator-port 8787, --job-ms 8000 (how long a video takes),
 *   --dir .n8n-dev (where n8n's data lives).
 * The n8n data lives in .n8n-dev/ (gitignored): workflows and credentials survive restarts; the
 * packages are re-packed and re-installed on every start, so n8n always runs the current build.
 */
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';

import type { WorkflowJson } from './n8n-host';
import {
	importCredentials,
	importWorkflowFolder,
	installPackage,
	N8N_BIN,
	isVideoNode,
	n8nEnv,
	PACKAGES,
	packPackage,
	readExample,
	ROOT,
	useCredential,
} from './n8n-host';
import type { PackageInfo } from './n8n-host';
import { prepare } from './prepare';

const USAGE = `Usage: npm run dev [-- options]

Starts a real n8n 2.8.4 with both packages (AIML API Video, Novita AI Video) installed as
community packages, the API emulator, a ready credential per package and the examples.
  --reset              start from an empty n8n (wipes the data folder)
  --check              start, check the server, both nodes and credentials, then stop
  --port 5678          n8n's port (the task broker takes the next one)
  --emulator-port 8787 the emulator's port
  --job-ms 8000        how long a video takes in the emulator
  --dir .n8n-dev       where n8n's data lives
  --help               this text`;

if (process.argv.includes('--help') || process.argv.includes('-h')) {
	console.log(USAGE);
	process.exit(0);
}
prepare(['--host', '2.8']);

function arg(name: string, fallback: string): string {
	const index = process.argv.indexOf(`--${name}`);
	return index > 0 && process.argv[index + 1] ? process.argv[index + 1] : fallback;
}

const CHECK = process.argv.includes('--check');
const RESET = process.argv.includes('--reset');
const N8N_PORT = Number(arg('port', '5678'));
const EMULATOR_PORT = Number(arg('emulator-port', '8787'));
const JOB_MS = Number(arg('job-ms', '8000'));
const DEV_DIR = path.resolve(ROOT, arg('dir', '.n8n-dev'));
const USER_FOLDER = path.join(DEV_DIR, 'user');
const VIDEOS_DIR = path.join(DEV_DIR, 'videos');
const OWNER = {
	email: 'dev@example.com',
	firstName: 'Local',
	lastName: 'Developer',
	password: 'Dev-password-1',
};
const CREDENTIALS: Record<PackageInfo['id'], { id: string; name: string }> = {
	aimlapi: { id: 'devAimlApiEmul01', name: 'AIML API (local emulator)' },
	novita: { id: 'devNovitaEmul001', name: 'Novita AI (local emulator)' },
};
const EXAMPLES: Array<[info: PackageInfo, file: string, id: string]> = [
	[PACKAGES.aimlapi, 'scheduled-prompts-to-videos.json', 'devExampleSchedul'],
	[PACKAGES.aimlapi, 'sheet-batch-to-files.json', 'devExampleSheetFi'],
	[PACKAGES.aimlapi, 'create-wait-get.json', 'devExampleCreateG'],
	[PACKAGES.novita, 'sheet-batch-to-files.json', 'devNovitaSheetFil'],
	[PACKAGES.novita, 'novita-callback-wait.json', 'devNovitaCallback'],
];

const children: ChildProcess[] = [];
let stopping = false;

async function stopAll(code: number): Promise<never> {
	if (!stopping) {
		stopping = true;
		await Promise.all(
			children.map(
				async (child) =>
					await new Promise<void>((resolve) => {
						if (child.exitCode !== null || child.signalCode !== null) return resolve();
						const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
						child.once('exit', () => {
							clearTimeout(timer);
							resolve();
						});
						child.kill('SIGTERM');
					}),
			),
		);
	}
	process.exit(code);
}

async function startEmulator(): Promise<{ apiUrl: string; aimlKey: string; novitaKey: string }> {
	const child = spawn(
		process.execPath,
		[
			'-r',
			'./scripts/ts-register.js',
			'tools/emulator/cli.ts',
			'--port',
			String(EMULATOR_PORT),
			'--job-ms',
			String(JOB_MS),
		],
		{
			cwd: ROOT,
			stdio: ['ignore', 'pipe', 'inherit'],
		},
	);
	children.push(child);
	const line = await new Promise<string>((resolve, reject) => {
		const timer = setTimeout(
			() => reject(new Error('the emulator did not start within 30 s')),
			30_000,
		);
		createInterface({ input: child.stdout! }).once('line', (text) => {
			clearTimeout(timer);
			resolve(text);
		});
		child.once('exit', (code) =>
			reject(
				new Error(
					`the emulator exited (${code}); is port ${EMULATOR_PORT} taken? Try --emulator-port`,
				),
			),
		);
	});
	return JSON.parse(line) as { apiUrl: string; aimlKey: string; novitaKey: string };
}

/** The examples as shipped, with the local credential, a quicker poll and a folder that exists. */
function forDev(info: PackageInfo, file: string, id: string): WorkflowJson {
	const workflow = useCredential(readExample(file, info), CREDENTIALS[info.id], info);
	workflow.id = id;
	workflow.active = false;
	for (const node of workflow.nodes) {
		if (isVideoNode(node.type) && node.parameters.waitForCompletion !== false)
			node.parameters.pollInterval = 2;
		if (node.type === 'n8n-nodes-base.wait')
			node.parameters = { ...node.parameters, amount: 10, unit: 'seconds' };
		if (node.type === 'n8n-nodes-base.code' && typeof node.parameters.jsCode === 'string') {
			node.parameters.jsCode = node.parameters.jsCode.replace(
				/const OUTPUT_FOLDER = '[^']*';/,
				`const OUTPUT_FOLDER = ${JSON.stringify(VIDEOS_DIR)};`,
			);
		}
	}
	return workflow;
}

async function http(url: string, init?: RequestInit): Promise<Response | undefined> {
	try {
		return await fetch(url, { ...init, signal: AbortSignal.timeout(5000) });
	} catch {
		return undefined;
	}
}

async function main() {
	process.on('SIGINT', () => void stopAll(0));
	process.on('SIGTERM', () => void stopAll(0));
	if (RESET) rmSync(DEV_DIR, { recursive: true, force: true });
	for (const dir of [
		USER_FOLDER,
		VIDEOS_DIR,
		path.join(DEV_DIR, 'pack'),
		path.join(DEV_DIR, 'workflows'),
	])
		mkdirSync(dir, { recursive: true });

	for (const info of Object.values(PACKAGES)) {
		const tarball = await packPackage(path.join(DEV_DIR, 'pack'), info);
		await installPackage(USER_FOLDER, tarball, info);
		console.log(
			`Installed ${path.basename(tarball)} into ${path.join(USER_FOLDER, '.n8n', 'nodes')} (as a community package).`,
		);
	}

	const emulator = await startEmulator();
	console.log(
		`Emulator of the AIML API and Novita AI on ${emulator.apiUrl} (a video takes ${JOB_MS / 1000} s).`,
	);

	const env = n8nEnv(USER_FOLDER, {
		N8N_PORT: String(N8N_PORT),
		N8N_HOST: 'localhost',
		N8N_SECURE_COOKIE: 'false',
		N8N_RESTRICT_FILE_ACCESS_TO: VIDEOS_DIR,
		N8N_RUNNERS_BROKER_PORT: String(N8N_PORT + 1),
	});

	// Each package's credential always points at the emulator (upsert by id).
	const keys = { aimlapi: emulator.aimlKey, novita: emulator.novitaKey };
	const credentials = Object.values(PACKAGES).map((info) => ({
		...CREDENTIALS[info.id],
		type: info.credentialType,
		data: { apiKey: keys[info.id], baseUrl: emulator.apiUrl },
	}));
	await importCredentials(credentials, path.join(DEV_DIR, 'credentials.json'), env);

	// The examples once, so later edits in the editor are kept (--reset to get them back).
	const stamp = path.join(DEV_DIR, 'examples-imported');
	if (!existsSync(stamp)) {
		const dir = path.join(DEV_DIR, 'workflows');
		for (const [info, file, id] of EXAMPLES)
			writeFileSync(path.join(dir, `${id}.json`), JSON.stringify(forDev(info, file, id), null, 2));
		await importWorkflowFolder(dir, env);
		writeFileSync(stamp, new Date().toISOString());
		console.log(
			`Imported ${EXAMPLES.length} example workflows and the credentials ${Object.values(
				CREDENTIALS,
			)
				.map((c) => `"${c.name}"`)
				.join(', ')}.`,
		);
	}

	console.log(
		`Starting n8n ${JSON.parse(readFileSync(path.join(path.dirname(N8N_BIN), '..', 'package.json'), 'utf8')).version} on http://localhost:${N8N_PORT} …`,
	);
	const started = Date.now();
	const server = spawn(process.execPath, [N8N_BIN, 'start'], {
		cwd: ROOT,
		env,
		stdio: CHECK ? ['ignore', 'pipe', 'pipe'] : ['ignore', 'inherit', 'inherit'],
	});
	children.push(server);
	let serverOutput = '';
	server.stdout?.on('data', (chunk: Buffer) => (serverOutput += chunk.toString()));
	server.stderr?.on('data', (chunk: Buffer) => (serverOutput += chunk.toString()));
	server.once('exit', (code) => {
		if (!stopping) {
			console.error(`n8n exited (${code}).${CHECK ? `\n${serverOutput.slice(-3000)}` : ''}`);
			void stopAll(1);
		}
	});

	const base = `http://localhost:${N8N_PORT}`;
	while ((await http(`${base}/healthz`))?.status !== 200) {
		if (Date.now() - started > 120_000) {
			console.error('n8n did not answer /healthz within 120 s');
			return await stopAll(1);
		}
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
	// /healthz answers before the REST API and the editor are mounted: wait for those too.
	while ((await http(`${base}/rest/settings`))?.status !== 200) {
		if (Date.now() - started > 120_000) {
			console.error('n8n did not answer /rest/settings within 120 s');
			return await stopAll(1);
		}
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
	const healthySeconds = ((Date.now() - started) / 1000).toFixed(1);

	// A ready-made owner account on the first start, so the editor opens on a login page.
	const settings = (await (await http(`${base}/rest/settings`))?.json().catch(() => undefined)) as
		{ data?: { userManagement?: { showSetupOnFirstLoad?: boolean } } } | undefined;
	if (settings?.data?.userManagement?.showSetupOnFirstLoad) {
		const answer = await http(`${base}/rest/owner/setup`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify(OWNER),
		});
		if (answer?.status !== 200)
			console.log(
				`Could not set up the owner account (${answer?.status}): set it up in the browser.`,
			);
	}

	if (CHECK) {
		const problems: string[] = [];
		const login = await http(`${base}/rest/login`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify({ emailOrLdapLoginId: OWNER.email, password: OWNER.password }),
		});
		const cookie = login?.headers.get('set-cookie')?.split(';')[0] ?? '';
		if (login?.status !== 200) problems.push(`login answered ${login?.status}`);
		const types = (await (
			await http(`${base}/types/nodes.json`, { headers: { cookie } })
		)
			?.json()
			.catch(() => [])) as Array<{ name: string }>;
		for (const info of Object.values(PACKAGES))
			if (!types.some((type) => type.name === info.nodeType))
				problems.push(`${info.nodeType} is not among the ${types.length} node types`);
		const credentialTypes = (await (
			await http(`${base}/types/credentials.json`, { headers: { cookie } })
		)
			?.json()
			.catch(() => [])) as Array<{ name: string }>;
		const credentialNames = Object.values(PACKAGES).map((info) => info.credentialType);
		for (const name of credentialNames)
			if (!credentialTypes.some((type) => type.name === name))
				problems.push(`credential type ${name} is not loaded`);
		const workflows = (await (
			await http(`${base}/rest/workflows`, { headers: { cookie } })
		)
			?.json()
			.catch(() => undefined)) as { data?: Array<{ name: string }> } | undefined;
		const names = workflows?.data?.map((workflow) => workflow.name) ?? [];
		if (names.filter((name) => /^(AIML API|Novita AI) Video:/.test(name)).length < EXAMPLES.length)
			problems.push(`workflows found: ${JSON.stringify(names)}`);
		console.log(
			`ready after ${healthySeconds} s; node types ${Object.values(PACKAGES)
				.map(
					(info) =>
						`${info.nodeType} ${types.some((type) => type.name === info.nodeType) ? 'loaded' : 'MISSING'}`,
				)
				.join(', ')}; ${names.length} workflows; credential types: ${
				credentialTypes
					.filter((type) => credentialNames.includes(type.name))
					.map((type) => type.name)
					.join(', ') || 'none'
			}`,
		);
		if (problems.length) console.log(`Check failed:\n  - ${problems.join('\n  - ')}`);
		else console.log('Check passed.');
		return await stopAll(problems.length ? 1 : 0);
	}

	console.log(`
n8n is ready (${healthySeconds} s): open http://localhost:${N8N_PORT}
  log in as ${OWNER.email} / ${OWNER.password} (a local test account)
  nodes: AIML API Video and Novita AI Video (search "video" in the node panel)
  workflows: ${EXAMPLES.length} examples "AIML API Video: …" and "Novita AI Video: …"
  credentials: ${Object.values(CREDENTIALS)
		.map((c) => `"${c.name}"`)
		.join(', ')} → ${emulator.apiUrl}
  files written by the sheet example: ${VIDEOS_DIR}
  Ctrl-C stops n8n and the emulator.`);
}

main().catch((error: unknown) => {
	console.error(error instanceof Error ? error.message : error);
	void stopAll(1);
});
