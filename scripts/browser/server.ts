/**
 * A real n8n server for the browser suite: one of the e2e hosts (scripts/e2e/hosts.ts: n8n 2.8.4
 * on Node 20, 2.41.1 on Node 24) on free ports, in a data folder of its own, with both packages
 * installed from their `npm pack` tarballs as community packages, a credential per package
 * pointing at the emulator, the given workflows imported and an owner account set up.
 */
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';

import type { Host } from '../e2e/hosts';
import { hostEnv, n8nCommand, n8nOn } from '../e2e/hosts';
import type { N8nRunner, PackageInfo, WorkflowJson } from '../n8n-host';
import {
	activeChildren,
	importCredentials,
	importWorkflowFolder,
	installPackage,
	n8nEnv,
	PACKAGES,
} from '../n8n-host';

export const OWNER = {
	email: 'browser@example.com',
	firstName: 'Browser',
	lastName: 'Suite',
	password: 'Browser-password-1',
};

export interface Server {
	host: Host;
	base: string;
	port: number;
	userFolder: string;
	/** Seconds from `n8n start` until the REST API answered. */
	readySeconds: number;
	output: () => string;
	stop: () => Promise<void>;
}

/** A port nobody listens on right now (the OS picks it). */
export async function freePort(): Promise<number> {
	return await new Promise((resolve, reject) => {
		const probe = createServer();
		probe.once('error', reject);
		probe.listen(0, '127.0.0.1', () => {
			const { port } = probe.address() as { port: number };
			probe.close(() => resolve(port));
		});
	});
}

async function answers(url: string): Promise<boolean> {
	try {
		return (await fetch(url, { signal: AbortSignal.timeout(3000) })).status === 200;
	} catch {
		return false;
	}
}

export interface ServerOptions {
	host: Host;
	dir: string;
	/** Tarball of each package (packed once for all hosts). */
	tarballs: Array<{ info: PackageInfo; tarball: string }>;
	credentials: Array<{ id: string; name: string; type: string; data: Record<string, string> }>;
	workflows: WorkflowJson[];
	/** Folder the example workflows may write files to. */
	filesDir: string;
}

export async function startServer(options: ServerOptions): Promise<Server> {
	const { host, dir } = options;
	const userFolder = path.join(dir, 'user');
	const workflowsDir = path.join(dir, 'workflows');
	for (const folder of [userFolder, workflowsDir, options.filesDir])
		mkdirSync(folder, { recursive: true });
	for (const { info, tarball } of options.tarballs)
		await installPackage(userFolder, tarball, info ?? PACKAGES.aimlapi);

	const port = await freePort();
	let brokerPort = await freePort();
	while (brokerPort === port) brokerPort = await freePort();
	const env = hostEnv(
		host,
		n8nEnv(userFolder, {
			N8N_PORT: String(port),
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_HOST: 'localhost',
			N8N_SECURE_COOKIE: 'false',
			N8N_RESTRICT_FILE_ACCESS_TO: options.filesDir,
			N8N_RUNNERS_BROKER_PORT: String(brokerPort),
		}),
	);
	const runner: N8nRunner = async (args, runEnv, timeoutMs) =>
		await n8nOn(host, args, runEnv, timeoutMs ?? 120_000);
	await importCredentials(options.credentials, path.join(dir, 'credentials.json'), env, runner);
	for (const workflow of options.workflows)
		writeFileSync(path.join(workflowsDir, `${workflow.id}.json`), JSON.stringify(workflow));
	if (options.workflows.length) await importWorkflowFolder(workflowsDir, env, runner);

	const [command, args] = n8nCommand(host, ['start']);
	const started = Date.now();
	const child: ChildProcess = spawn(command, args, {
		// The imports print "Successfully imported" at info level; the server need not.
		env: { ...env, N8N_LOG_LEVEL: 'warn' },
		stdio: ['ignore', 'pipe', 'pipe'],
		detached: true,
	});
	if (child.pid) activeChildren.add(child.pid);
	let output = '';
	child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
	child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
	const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

	const stop = async () => {
		if (child.exitCode === null && child.signalCode === null) {
			try {
				process.kill(-child.pid!, 'SIGTERM');
			} catch {
				// gone
			}
			const timer = setTimeout(() => {
				try {
					process.kill(-child.pid!, 'SIGKILL');
				} catch {
					// gone
				}
			}, 10_000);
			await exited;
			clearTimeout(timer);
		}
		if (child.pid) activeChildren.delete(child.pid);
	};

	const base = `http://localhost:${port}`;
	// /healthz answers before the REST API and the editor are mounted: wait for the settings.
	while (!(await answers(`${base}/rest/settings`))) {
		if (child.exitCode !== null)
			throw new Error(`n8n ${host.n8nVersion} exited (${child.exitCode}):\n${output.slice(-3000)}`);
		if (Date.now() - started > 120_000) {
			await stop();
			throw new Error(
				`n8n ${host.n8nVersion} did not answer within 120 s:\n${output.slice(-3000)}`,
			);
		}
		await new Promise((resolve) => setTimeout(resolve, 300));
	}
	// n8n 2.41 answers /rest/settings before it mounts its auth and owner routes (404 until then,
	// and an owner setup sent too early may not take): log in, set the owner up while it
	// cannot, until it can.
	const post = async (route: string, body: unknown) =>
		await fetch(`${base}${route}`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify(body),
		});
	for (;;) {
		const login = await post('/rest/login', {
			emailOrLdapLoginId: OWNER.email,
			password: OWNER.password,
		});
		if (login.status === 200) break;
		const setup = login.status === 404 ? undefined : await post('/rest/owner/setup', OWNER);
		if (Date.now() - started > 120_000) {
			await stop();
			throw new Error(
				`no login within 120 s: login ${login.status} ${await login.text()}; owner setup ${setup?.status}`,
			);
		}
		await new Promise((resolve) => setTimeout(resolve, 300));
	}
	const readySeconds = (Date.now() - started) / 1000;
	return { host, base, port, userFolder, readySeconds, output: () => output, stop };
}
