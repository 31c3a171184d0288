/**
 * Shared by scripts/e2e and scripts/dev.ts: the real n8n in test/e2e/n8n-host (installed by
 * scripts/e2e-setup.js), a user folder with the packages installed as community packages, and
 * the n8n CLI commands (import, execute), each bounded by a timeout.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '..');
export const HOST_DIR = path.join(ROOT, 'test', 'e2e', 'n8n-host');
export const N8N_BIN = path.join(HOST_DIR, 'node_modules', 'n8n', 'bin', 'n8n');

/** One of the repository's two packages, as the tools install and run it. */
export interface PackageInfo {
	id: 'aimlapi' | 'novita';
	/** Its folder (where its package.json is). */
	dir: string;
	name: string;
	version: string;
	n8n: { credentials: string[]; nodes: string[] };
	/** The node type a community install gives: `<package>.<node name>`. */
	nodeType: string;
	credentialType: string;
	/** The credential id placeholder its example workflows carry. */
	placeholder: string;
	examplesDir: string;
}

function packageAt(
	dir: string,
	info: Omit<PackageInfo, 'dir' | 'name' | 'version' | 'n8n' | 'nodeType' | 'examplesDir'> & {
		node: string;
	},
): PackageInfo {
	const json = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as PackageInfo;
	const { node, ...rest } = info;
	return {
		...rest,
		dir,
		name: json.name,
		version: json.version,
		n8n: json.n8n,
		nodeType: `${json.name}.${node}`,
		examplesDir: path.join(dir, 'examples'),
	};
}

export const PACKAGES: Record<PackageInfo['id'], PackageInfo> = {
	aimlapi: packageAt(ROOT, {
		id: 'aimlapi',
		node: 'aimlApiVideo',
		credentialType: 'aimlApiVideoAimlApi',
		placeholder: 'REPLACE_WITH_AIMLAPI_CREDENTIAL_ID',
	}),
	novita: packageAt(path.join(ROOT, 'packages', 'n8n-nodes-novita-video'), {
		id: 'novita',
		node: 'novitaAiVideo',
		credentialType: 'novitaAiVideoApi',
		placeholder: 'REPLACE_WITH_NOVITA_CREDENTIAL_ID',
	}),
};

/** The root package (AIML API Video), which the older tools knew as "the package". */
export const PACKAGE = PACKAGES.aimlapi;
export const EXAMPLES_DIR = PACKAGE.examplesDir;
export const VIDEO_NODE_TYPE = PACKAGES.aimlapi.nodeType;
export const NOVITA_NODE_TYPE = PACKAGES.novita.nodeType;
/** The credential id placeholder the AIML example workflows carry. */
export const CREDENTIAL_PLACEHOLDER = PACKAGES.aimlapi.placeholder;
/** Whether a node is one of the packages' video nodes. */
export const isVideoNode = (type: string): boolean =>
	Object.values(PACKAGES).some((info) => info.nodeType === type);

/** Children still running, so a Ctrl-C can end them (they run in process groups of their own). */
export const activeChildren = new Set<number>();

export function killChildren(): void {
	for (const pid of activeChildren) {
		try {
			process.kill(-pid, 'SIGKILL');
		} catch {
			// already gone
		}
	}
	activeChildren.clear();
}

export interface CommandResult {
	code: number | null;
	stdout: string;
	stderr: string;
	ms: number;
	timedOut: boolean;
}

/** Runs a command without blocking the event loop (the emulator may live in this process). */
export async function run(
	command: string,
	args: string[],
	options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs: number },
): Promise<CommandResult> {
	const started = Date.now();
	return await new Promise((resolve) => {
		const child = spawn(command, args, {
			cwd: options.cwd ?? ROOT,
			env: options.env ?? process.env,
			stdio: ['ignore', 'pipe', 'pipe'],
			detached: true,
		});
		let stdout = '';
		let stderr = '';
		let timedOut = false;
		if (child.pid) activeChildren.add(child.pid);
		child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
		child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
		const timer = setTimeout(() => {
			timedOut = true;
			// The whole process group: n8n starts a task-runner child of its own.
			try {
				process.kill(-child.pid!, 'SIGKILL');
			} catch {
				child.kill('SIGKILL');
			}
		}, options.timeoutMs);
		child.on('close', (code) => {
			clearTimeout(timer);
			if (child.pid) activeChildren.delete(child.pid);
			resolve({ code, stdout, stderr, ms: Date.now() - started, timedOut });
		});
	});
}

/**
 * Environment for the n8n CLI: its own user folder, a fixed encryption key (so imported
 * credentials decrypt), no telemetry, update checks or verified-nodes lookup, and file access
 * only where we say.
 */
export function n8nEnv(userFolder: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = { ...process.env };
	// Nothing from the caller's own n8n setup leaks in.
	for (const key of Object.keys(env))
		if (key.startsWith('N8N_') || key.startsWith('DB_')) delete env[key];
	return {
		...env,
		N8N_USER_FOLDER: userFolder,
		N8N_ENCRYPTION_KEY: 'aimlapi-video-local-test-key',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		N8N_BLOCK_ENV_ACCESS_IN_NODE: 'true',
		// Task runners are always on since n8n 2.0 (N8N_RUNNERS_ENABLED is deprecated there).
		// No setting switches the Python runner off: n8n warns once that Python is missing.
		// No lookup of n8n's list of verified community nodes (api.n8n.io or api-staging.n8n.io).
		N8N_VERIFIED_PACKAGES_ENABLED: 'false',
		N8N_LOG_LEVEL: 'info', // `execute --rawOutput` prints its JSON through the info logger
		DB_TYPE: 'sqlite',
		DB_SQLITE_POOL_SIZE: '1',
		EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'all',
		GENERIC_TIMEZONE: 'UTC',
		TZ: 'UTC',
		...extra,
	};
}

/**
 * Installs the packed package into `<userFolder>/.n8n/nodes` the way n8n's community install
 * does (npm install of the tarball, no scripts, no peer dependencies: n8n-workflow is n8n's own).
 */
export async function installPackage(
	userFolder: string,
	tarball: string,
	info: PackageInfo = PACKAGE,
): Promise<string> {
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	mkdirSync(nodesDir, { recursive: true });
	const manifest = path.join(nodesDir, 'package.json');
	if (!existsSync(manifest))
		writeFileSync(
			manifest,
			`${JSON.stringify({ name: 'installed-nodes', private: true, dependencies: {} }, null, 2)}\n`,
		);
	const result = await run(
		'npm',
		[
			'install',
			tarball,
			'--legacy-peer-deps',
			'--ignore-scripts',
			'--omit=dev',
			'--no-audit',
			'--no-fund',
			'--no-package-lock',
			'--loglevel=error',
		],
		{ cwd: nodesDir, timeoutMs: 120_000 },
	);
	if (result.code !== 0)
		throw new Error(`npm install of ${tarball} failed:\n${result.stderr}${result.stdout}`);
	const installed = path.join(nodesDir, 'node_modules', info.name);
	if (!existsSync(path.join(installed, info.n8n.nodes[0])))
		throw new Error(`${installed} has no ${info.n8n.nodes[0]}`);
	return installed;
}

/** `npm pack` of a package (built first by the caller) into `dir`; returns the tarball path. */
export async function packPackage(dir: string, info: PackageInfo = PACKAGE): Promise<string> {
	const result = await run(
		'npm',
		['pack', '--json', '--pack-destination', dir, '--loglevel=error'],
		{ cwd: info.dir, timeoutMs: 120_000 },
	);
	if (result.code !== 0) throw new Error(`npm pack failed:\n${result.stderr}`);
	const [packed] = JSON.parse(result.stdout.slice(result.stdout.indexOf('['))) as Array<{
		filename: string;
	}>;
	return path.join(dir, packed.filename);
}

export async function n8n(
	args: string[],
	env: NodeJS.ProcessEnv,
	timeoutMs = 90_000,
): Promise<CommandResult> {
	return await run(process.execPath, [N8N_BIN, ...args], { env, timeoutMs });
}

/** Runs an n8n CLI command on some n8n install (default: the 2.8.4 host, on this Node). */
export type N8nRunner = (
	args: string[],
	env: NodeJS.ProcessEnv,
	timeoutMs?: number,
) => Promise<CommandResult>;

/** Runs an `n8n import:*` command and fails loudly unless n8n says it imported. */
async function importWith(
	args: string[],
	env: NodeJS.ProcessEnv,
	runner: N8nRunner,
): Promise<CommandResult> {
	const result = await runner(args, env);
	if (result.code !== 0 || !/Successfully imported/.test(result.stdout + result.stderr)) {
		throw new Error(
			`n8n ${args.join(' ')} failed (exit ${result.code}):\n${result.stdout}${result.stderr}`,
		);
	}
	return result;
}

/** Imports credentials given with plain data (n8n encrypts an object `data` on import). */
export async function importCredentials(
	credentials: Array<{ id: string; name: string; type: string; data: Record<string, string> }>,
	file: string,
	env: NodeJS.ProcessEnv,
	runner: N8nRunner = n8n,
): Promise<CommandResult> {
	writeFileSync(file, JSON.stringify(credentials, null, 2));
	return await importWith(['import:credentials', `--input=${file}`], env, runner);
}

/** Imports every *.json workflow of a folder in one command (one start-up of n8n). */
export async function importWorkflowFolder(
	dir: string,
	env: NodeJS.ProcessEnv,
	runner: N8nRunner = n8n,
): Promise<CommandResult> {
	return await importWith(['import:workflow', '--separate', `--input=${dir}`], env, runner);
}

export interface WorkflowNode {
	id: string;
	name: string;
	type: string;
	typeVersion: number;
	position: [number, number];
	parameters: Record<string, unknown>;
	credentials?: Record<string, { id: string; name: string }>;
	webhookId?: string;
}

export interface WorkflowJson {
	id?: string;
	name: string;
	nodes: WorkflowNode[];
	connections: Record<string, unknown>;
	settings?: Record<string, unknown>;
	[key: string]: unknown;
}

export function readExample(file: string, info: PackageInfo = PACKAGE): WorkflowJson {
	return JSON.parse(readFileSync(path.join(info.examplesDir, file), 'utf8')) as WorkflowJson;
}

/** Points the example's credential placeholder (of the package's credential) at a real credential. */
export function useCredential(
	workflow: WorkflowJson,
	credential: { id: string; name: string },
	info: PackageInfo = PACKAGE,
): WorkflowJson {
	for (const node of workflow.nodes) {
		for (const [type, ref] of Object.entries(node.credentials ?? {})) {
			if (ref.id === info.placeholder) node.credentials![type] = { ...credential };
		}
	}
	return workflow;
}

/**
 * The JSON `execute --rawOutput` prints (the run: status, data.resultData.runData, error). The
 * CLI writes log lines around it, so take from the first line that is `{` to its closing `}`.
 */
export function parseRun(stdout: string): IRunJson | undefined {
	const lines = stdout.split('\n');
	const start = lines.indexOf('{');
	if (start < 0) return undefined;
	const end = lines.indexOf('}', start);
	if (end < 0) return undefined;
	try {
		return JSON.parse(lines.slice(start, end + 1).join('\n')) as IRunJson;
	} catch {
		return undefined;
	}
}

export interface ItemJson {
	json: Record<string, unknown>;
	binary?: Record<
		string,
		{
			mimeType?: string;
			fileName?: string;
			id?: string;
			data?: string;
			bytes?: number;
			fileSize?: string;
		}
	>;
	pairedItem?: unknown;
}

export interface IRunJson {
	status: string;
	mode: string;
	data: {
		resultData: {
			error?: { message?: string; description?: string };
			lastNodeExecuted?: string;
			runData: Record<
				string,
				Array<{
					executionStatus?: string;
					error?: { message?: string };
					data?: { main: ItemJson[][] };
				}>
			>;
		};
	};
}

/** Items of a node's first output in its last run. */
export function nodeItems(runJson: IRunJson, nodeName: string): ItemJson[] | undefined {
	const runs = runJson.data.resultData.runData[nodeName];
	return runs?.[runs.length - 1]?.data?.main?.[0] ?? undefined;
}

/** The bytes of a binary property, whether n8n kept them in the item or on disk (filesystem mode). */
export function binaryBytes(
	userFolder: string,
	binary: NonNullable<ItemJson['binary']>[string],
): Buffer | undefined {
	if (binary.id?.startsWith('filesystem-v2:')) {
		const file = path.join(userFolder, '.n8n', 'storage', binary.id.slice('filesystem-v2:'.length));
		return existsSync(file) ? readFileSync(file) : undefined;
	}
	if (binary.id?.startsWith('filesystem:')) {
		const file = path.join(userFolder, '.n8n', 'binaryData', binary.id.slice('filesystem:'.length));
		return existsSync(file) ? readFileSync(file) : undefined;
	}
	if (binary.data && binary.data !== 'filesystem-v2') return Buffer.from(binary.data, 'base64');
	return undefined;
}

/** An MP4 starts with a box size (4 bytes) and then `ftyp`. */
export function isMp4(bytes: Buffer | undefined): boolean {
	return !!bytes && bytes.length > 8 && bytes.subarray(4, 8).toString('latin1') === 'ftyp';
}
