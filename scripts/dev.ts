/**
 * A real n8n (2.8.4, from test/e2e/n8n-host) with this package installed as a community package,
 * the API emulator on a fixed port, a credential pointing at it and the examples imported:
 *   npm run dev                  → http://localhost:5678, until Ctrl-C (stops the emulator too)
 *   npm run dev -- --reset       → start from an empty n8n (wipes .n8n-dev/)
 *   npm run dev -- --check       → start, check the server and the node, then stop (exit code)
 * Options: --port 5678 (n8n), --emulator-port 8787, --job-ms 8000 (how long a video takes),
 *   --dir .n8n-dev (where n8n's data lives).
 * The n8n data lives in .n8n-dev/ (gitignored): workflows and credentials survive restarts; the
 * package is re-packed and re-installed on every start, so n8n always runs the current build.
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
	n8nEnv,
	PACKAGE,
	packPackage,
	readExample,
	ROOT,
	useCredential,
	VIDEO_NODE_TYPE,
} from './n8n-host';

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
const AIML_CREDENTIAL = { id: 'devAimlApiEmul01', name: 'AIML API (local emulator)' };
const NOVITA_CREDENTIAL = { id: 'devNovitaEmul001', name: 'Novita AI (local emulator)' };
const EXAMPLES: Array<[file: string, id: string]> = [
	['scheduled-prompts-to-videos.json', 'devExampleSchedul'],
	['sheet-batch-to-files.json', 'devExampleSheetFi'],
	['create-wait-get.json', 'devExampleCreateG'],
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
function forDev(file: string, id: string): WorkflowJson {
	const workflow = useCredential(readExample(file), AIML_CREDENTIAL);
	workflow.id = id;
	workflow.active = false;
	for (const node of workflow.nodes) {
		if (node.type === VIDEO_NODE_TYPE && node.parameters.waitForCompletion !== false)
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

	const tarball = await packPackage(path.join(DEV_DIR, 'pack'));
	await installPackage(USER_FOLDER, tarball);
	console.log(
		`Installed ${path.basename(tarball)} into ${path.join(USER_FOLDER, '.n8n', 'nodes')} (as a community package).`,
	);

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

	// The credential always points at the emulator (upsert by id). Novita only when the package
	// registers its credential type: n8n rejects credentials of an unknown type.
	const credentials = [
		{
			...AIML_CREDENTIAL,
			type: 'aimlApiVideoAimlApi',
			data: { apiKey: emulator.aimlKey, baseUrl: emulator.apiUrl },
		},
	];
	const novitaRegistered = PACKAGE.n8n.credentials.some((file) => /NovitaAiApi/.test(file));
	if (novitaRegistered)
		credentials.push({
			...NOVITA_CREDENTIAL,
			type: 'aimlApiVideoNovitaAiApi',
			data: { apiKey: emulator.novitaKey, baseUrl: emulator.apiUrl },
		});
	else
		console.log(
			'Note: package.json "n8n.credentials" does not list the Novita AI credential: the Novita provider cannot be used in n8n.',
		);
	await importCredentials(credentials, path.join(DEV_DIR, 'credentials.json'), env);

	// The examples once, so later edits in the editor are kept (--reset to get them back).
	const stamp = path.join(DEV_DIR, 'examples-imported');
	if (!existsSync(stamp)) {
		const dir = path.join(DEV_DIR, 'workflows');
		for (const [file, id] of EXAMPLES)
			writeFileSync(path.join(dir, `${id}.json`), JSON.stringify(forDev(file, id), null, 2));
		await importWorkflowFolder(dir, env);
		writeFileSync(stamp, new Date().toISOString());
		console.log(
			`Imported ${EXAMPLES.length} example workflows and the credential "${AIML_CREDENTIAL.name}".`,
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
		if (!types.some((type) => type.name === VIDEO_NODE_TYPE))
			problems.push(`${VIDEO_NODE_TYPE} is not among the ${types.length} node types`);
		const credentialTypes = (await (
			await http(`${base}/types/credentials.json`, { headers: { cookie } })
		)
			?.json()
			.catch(() => [])) as Array<{ name: string }>;
		for (const name of ['aimlApiVideoAimlApi', 'aimlApiVideoNovitaAiApi'])
			if (!credentialTypes.some((type) => type.name === name))
				problems.push(`credential type ${name} is not loaded`);
		const workflows = (await (
			await http(`${base}/rest/workflows`, { headers: { cookie } })
		)
			?.json()
			.catch(() => undefined)) as { data?: Array<{ name: string }> } | undefined;
		const names = workflows?.data?.map((workflow) => workflow.name) ?? [];
		if (names.filter((name) => name.startsWith('AIML API Video:')).length < EXAMPLES.length)
			problems.push(`workflows found: ${JSON.stringify(names)}`);
		console.log(
			`ready after ${healthySeconds} s; node type ${types.some((type) => type.name === VIDEO_NODE_TYPE) ? 'loaded' : 'MISSING'}; ${names.length} workflows; credential types: ${
				credentialTypes
					.filter((type) => ['aimlApiVideoAimlApi', 'aimlApiVideoNovitaAiApi'].includes(type.name))
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
  workflows: ${EXAMPLES.length} examples "AIML API Video: …", credential "${AIML_CREDENTIAL.name}" → ${emulator.apiUrl}
  files written by the sheet example: ${VIDEOS_DIR}
  Ctrl-C stops n8n and the emulator.`);
}

main().catch((error: unknown) => {
	console.error(error instanceof Error ? error.message : error);
	void stopAll(1);
});
