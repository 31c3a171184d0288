/**
 * The real n8n installs the end-to-end tests run on (test/e2e/hosts.json, installed by
 * scripts/e2e-setup.js): which folder, which Node, and how to start an n8n command there.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

import type { CommandResult } from '../n8n-host';
import { ROOT, run } from '../n8n-host';

interface HostSpec {
	id: string;
	n8n: string;
	dir: string;
	node: { dir: string; package: string } | null;
}

export interface Host {
	/** Short name used on the command line (`--host 2.41`). */
	id: string;
	/** The n8n version the host's lock file installs. */
	n8nVersion: string;
	dir: string;
	/** The n8n CLI script. */
	bin: string;
	/** The Node executable that runs it. */
	node: string;
	/** Folder to put first on PATH (n8n's own children then use the same Node), if any. */
	nodeBinDir?: string;
}

const PROBE = path.join(__dirname, 'probe.js');

export const HOSTS: Host[] = (
	JSON.parse(readFileSync(path.join(ROOT, 'test', 'e2e', 'hosts.json'), 'utf8')) as {
		hosts: HostSpec[];
	}
).hosts.map((spec) => {
	const dir = path.join(ROOT, spec.dir);
	const nodeBinDir = spec.node
		? path.join(ROOT, spec.node.dir, 'node_modules', spec.node.package, 'bin')
		: undefined;
	return {
		id: spec.id,
		n8nVersion: spec.n8n,
		dir,
		bin: path.join(dir, 'node_modules', 'n8n', 'bin', 'n8n'),
		node: nodeBinDir ? path.join(nodeBinDir, 'node') : process.execPath,
		nodeBinDir,
	};
});

/** Hosts named by `--host a,b` (default: all), each checked to be installed. */
export function chosenHosts(argv = process.argv): Host[] {
	const index = argv.indexOf('--host');
	const wanted = index > 0 ? argv[index + 1].split(',') : HOSTS.map((host) => host.id);
	const hosts = HOSTS.filter((host) => wanted.includes(host.id));
	if (!hosts.length) throw new Error(`no host ${wanted.join(',')} in test/e2e/hosts.json`);
	for (const host of hosts)
		if (!existsSync(host.bin) || !existsSync(host.node))
			throw new Error(`n8n ${host.n8nVersion} is not installed: run node scripts/e2e-setup.js`);
	return hosts;
}

/** The host's Node first on PATH, so anything n8n spawns by name runs on it too. */
export function hostEnv(host: Host, env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
	return host.nodeBinDir ? { ...env, PATH: `${host.nodeBinDir}${path.delimiter}${env.PATH}` } : env;
}

/** Command and arguments that start `n8n <args>` on the host, with the runtime probe preloaded. */
export function n8nCommand(host: Host, args: string[]): [string, string[]] {
	return [host.node, ['-r', PROBE, host.bin, ...args]];
}

/** Runs an n8n CLI command on the host (see run() for the timeout and process group). */
export async function n8nOn(
	host: Host,
	args: string[],
	env: NodeJS.ProcessEnv,
	timeoutMs = 90_000,
): Promise<CommandResult> {
	const [command, commandArgs] = n8nCommand(host, args);
	return await run(command, commandArgs, { env: hostEnv(host, env), timeoutMs });
}

export interface Runtime {
	node: string;
	n8n: string;
}

/** What the probe printed: the Node and n8n the process actually ran on (first process in `text`). */
export function runtimeIn(text: string, pid?: number): Runtime | undefined {
	for (const match of text.matchAll(/\[e2e-runtime\] node=(\S+) n8n=(\S+) pid=(\d+)/g)) {
		if (pid === undefined || Number(match[3]) === pid) return { node: match[1], n8n: match[2] };
	}
	return undefined;
}

export function describeRuntime(runtime: Runtime | undefined): string {
	return runtime ? `n8n ${runtime.n8n} / Node ${runtime.node}` : 'unknown (no probe line)';
}
