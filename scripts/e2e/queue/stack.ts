/**
 * n8n in queue mode on one machine, all on 127.0.0.1 with ports of its own: a throwaway
 * PostgreSQL cluster (the machine's server binaries), Redis, one n8n main and N workers sharing
 * one user folder (the packed package installed there as a community package), binary data in
 * the database (n8n's default in queue mode). Each n8n process writes its own log file.
 * `stop()` ends everything that was started, whatever state it is in.
 */
import type { ChildProcess } from 'node:child_process';
import { execFileSync, spawn } from 'node:child_process';
import {
	closeSync,
	copyFileSync,
	existsSync,
	mkdirSync,
	mkdtempSync,
	openSync,
	readdirSync,
	readFileSync,
	rmSync,
} from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { n8nEnv } from '../../n8n-host';
import type { Host, Runtime } from '../hosts';
import { hostEnv, n8nCommand, runtimeIn } from '../hosts';

export interface N8nProcess {
	name: string;
	role: 'main' | 'worker';
	child: ChildProcess;
	pid: number;
	logFile: string;
	/** Main: the HTTP port; worker: its health-check port. */
	port: number;
	exited: boolean;
}

export interface QueueStackOptions {
	host: Host;
	/** A folder of its own for the cluster, Redis, the user folder and the logs. */
	work: string;
	workers: number;
	/** Jobs a worker runs at once (`n8n worker --concurrency`). */
	concurrency: number;
	/** Extra environment for every n8n process. */
	env?: Record<string, string>;
	/** Fixed main port (default: a free one). */
	mainPort?: number;
}

function sleep(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

export async function freePort(): Promise<number> {
	return await new Promise((resolve, reject) => {
		const server = net.createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as net.AddressInfo;
			server.close(() => resolve(port));
		});
	});
}

/** The newest PostgreSQL server binaries under /usr/lib/postgresql (Debian's layout). */
export function postgresBin(): string {
	const base = '/usr/lib/postgresql';
	const versions = existsSync(base)
		? readdirSync(base)
				.filter((v) => existsSync(path.join(base, v, 'bin', 'initdb')))
				.sort((a, b) => Number(b) - Number(a))
		: [];
	if (!versions.length)
		throw new Error(
			'no PostgreSQL under /usr/lib/postgresql: run node scripts/e2e-setup.js --queue',
		);
	return path.join(base, versions[0], 'bin');
}

const isRoot = () => process.getuid?.() === 0;

/** Postgres refuses to run as root: as root, run its tools as the `postgres` user. */
function asPostgres(command: string, args: string[]): string {
	const [file, fileArgs] = isRoot()
		? ['runuser', ['-u', 'postgres', '--', command, ...args]]
		: [command, args];
	return execFileSync(file, fileArgs, {
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'pipe'],
		timeout: 60_000,
	});
}

async function waitFor(
	what: string,
	timeoutMs: number,
	probe: () => Promise<boolean>,
	alive?: () => boolean,
): Promise<number> {
	const started = Date.now();
	for (;;) {
		if (await probe().catch(() => false)) return Date.now() - started;
		if (alive && !alive()) throw new Error(`${what} exited before it was ready`);
		if (Date.now() - started > timeoutMs)
			throw new Error(`${what} not ready after ${timeoutMs / 1000} s`);
		await sleep(250);
	}
}

async function httpOk(url: string): Promise<boolean> {
	const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
	return response.status === 200;
}

async function redisPing(port: number): Promise<boolean> {
	return await new Promise((resolve) => {
		const socket = net.connect(port, '127.0.0.1');
		socket.setTimeout(1000, () => {
			socket.destroy();
			resolve(false);
		});
		socket.once('error', () => resolve(false));
		socket.once('connect', () => socket.write('PING\r\n'));
		socket.once('data', (data) => {
			socket.destroy();
			resolve(data.toString().startsWith('+PONG'));
		});
	});
}

/** Peak and current resident memory of a process, in MiB (from /proc). */
export function memoryOf(pid: number): { rssMb: number; peakMb: number } | undefined {
	try {
		const status = readFileSync(`/proc/${pid}/status`, 'utf8');
		const kb = (key: string) =>
			Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
		return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
	} catch {
		return undefined;
	}
}

export class QueueStack {
	readonly userFolder: string;
	readonly videosDir: string;
	readonly logsDir: string;
	readonly pgData: string;
	pgPort = 0;
	redisPort = 0;
	mainPort = 0;
	main?: N8nProcess;
	workers: N8nProcess[] = [];
	/** Seconds each part took to start. */
	readonly timings: Record<string, number> = {};
	private redis?: ChildProcess;
	private pgStarted = false;
	private readonly all: N8nProcess[] = [];
	private workerCount = 0;

	constructor(readonly options: QueueStackOptions) {
		this.userFolder = path.join(options.work, 'user');
		this.videosDir = path.join(options.work, 'videos');
		this.logsDir = path.join(options.work, 'logs');
		// In a folder of its own in the system temp folder: the postgres user must reach it.
		this.pgData = path.join(mkdtempSync(path.join(tmpdir(), 'aimlapi-video-pg-')), 'data');
		for (const dir of [this.userFolder, this.videosDir, this.logsDir])
			mkdirSync(dir, { recursive: true });
	}

	get baseUrl(): string {
		return `http://127.0.0.1:${this.mainPort}`;
	}

	/** Environment every n8n process (and CLI command) of the stack shares. */
	env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
		return hostEnv(
			this.options.host,
			n8nEnv(this.userFolder, {
				EXECUTIONS_MODE: 'queue',
				OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
				QUEUE_BULL_REDIS_HOST: '127.0.0.1',
				QUEUE_BULL_REDIS_PORT: String(this.redisPort),
				DB_TYPE: 'postgresdb',
				DB_POSTGRESDB_HOST: '127.0.0.1',
				DB_POSTGRESDB_PORT: String(this.pgPort),
				DB_POSTGRESDB_DATABASE: 'n8n',
				DB_POSTGRESDB_USER: 'n8n',
				DB_POSTGRESDB_PASSWORD: 'n8n',
				// n8n's default pool is 2 connections: reading back 40 MiB binaries through the main
				// then starves its own health ping (SELECT 1, 5 s timeout), and it answers 503 "Database is
				// not ready!" until the next ping gets a connection.
				DB_POSTGRESDB_POOL_SIZE: '8',
				N8N_LOG_LEVEL: 'info',
				N8N_LOG_OUTPUT: 'console',
				N8N_SECURE_COOKIE: 'false',
				N8N_RESTRICT_FILE_ACCESS_TO: this.videosDir,
				// Every process builds webhook and resume URLs ($execution.resumeUrl) from this: the
				// main's address, also on the workers (whose own port is their health check).
				...(this.mainPort ? { WEBHOOK_URL: `${this.baseUrl}/` } : {}),
				...this.options.env,
				...extra,
			}),
		);
	}

	/** PostgreSQL and Redis (n8n comes with startN8n, after the caller imported its data). */
	async startServices(): Promise<void> {
		let t = Date.now();
		// The main's port is known from here on, so workflows and resume URLs can name it.
		this.mainPort = this.options.mainPort ?? (await freePort());
		const bin = postgresBin();
		this.pgPort = await freePort();
		mkdirSync(this.pgData, { recursive: true });
		// Postgres runs as the postgres user when we are root: the folder (data and log) is theirs.
		if (isRoot()) execFileSync('chown', ['-R', 'postgres:postgres', path.dirname(this.pgData)]);
		asPostgres(path.join(bin, 'initdb'), [
			'-D',
			this.pgData,
			'-U',
			'postgres',
			'--auth=trust',
			'-E',
			'UTF8',
			'--locale=C.UTF-8',
		]);
		// A throwaway cluster: no fsync (durability is not what is tested here), and WAL recycled
		// early so that 800 MiB of binaries do not need as much again in pg_wal.
		asPostgres(path.join(bin, 'pg_ctl'), [
			'-D',
			this.pgData,
			'-o',
			`-p ${this.pgPort} -k ${this.pgData} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_wal_size=128MB -c min_wal_size=32MB`,
			'-l',
			this.pgLog(),
			'-w',
			'-t',
			'60',
			'start',
		]);
		this.pgStarted = true;
		this.sql("CREATE ROLE n8n LOGIN PASSWORD 'n8n'");
		this.sql('CREATE DATABASE n8n OWNER n8n');
		this.timings.postgres = (Date.now() - t) / 1000;

		t = Date.now();
		this.redisPort = await freePort();
		const redisDir = path.join(this.options.work, 'redis');
		mkdirSync(redisDir, { recursive: true });
		const redisLog = openSync(path.join(this.logsDir, 'redis.log'), 'a');
		this.redis = spawn(
			'redis-server',
			[
				'--port',
				String(this.redisPort),
				'--bind',
				'127.0.0.1',
				'--dir',
				redisDir,
				'--save',
				'',
				'--appendonly',
				'no',
				'--daemonize',
				'no',
			],
			{ stdio: ['ignore', redisLog, redisLog], detached: true },
		);
		closeSync(redisLog);
		const redis = this.redis;
		await waitFor(
			'redis-server',
			20_000,
			async () => await redisPing(this.redisPort),
			() => redis.exitCode === null,
		);
		this.timings.redis = (Date.now() - t) / 1000;
	}

	/** Runs SQL in the n8n database (or the cluster's default one before it exists). */
	sql(query: string, database = 'postgres'): string {
		return execFileSync(
			path.join(postgresBin(), 'psql'),
			[
				'-h',
				'127.0.0.1',
				'-p',
				String(this.pgPort),
				'-U',
				'postgres',
				'-d',
				database,
				'-v',
				'ON_ERROR_STOP=1',
				'-tAc',
				query,
			],
			{ encoding: 'utf8', timeout: 60_000, maxBuffer: 64 * 1024 * 1024 },
		).trim();
	}

	private async spawnN8n(
		name: string,
		role: 'main' | 'worker',
		args: string[],
		port: number,
		extraEnv: Record<string, string>,
	): Promise<N8nProcess> {
		const logFile = path.join(this.logsDir, `${name}.log`);
		const fd = openSync(logFile, 'a');
		const [command, commandArgs] = n8nCommand(this.options.host, [
			...(role === 'main' ? ['start'] : ['worker']),
			...args,
		]);
		const child = spawn(command, commandArgs, {
			env: this.env({ N8N_RUNNERS_BROKER_PORT: String(await freePort()), ...extraEnv }),
			stdio: ['ignore', fd, fd],
			// A process group of its own: stop() ends n8n's task-runner child with it.
			detached: true,
		});
		closeSync(fd);
		const processInfo: N8nProcess = {
			name,
			role,
			child,
			pid: child.pid!,
			logFile,
			port,
			exited: false,
		};
		child.once('exit', () => (processInfo.exited = true));
		this.all.push(processInfo);
		return processInfo;
	}

	/** Waits until the main answers its readiness check (its database is connected). */
	async mainReady(timeoutMs = 60_000): Promise<number> {
		return await waitFor(
			'n8n main',
			timeoutMs,
			async () => await httpOk(`${this.baseUrl}/healthz/readiness`),
		);
	}

	/** The main, then the workers; each ready when its readiness check answers 200. */
	async startN8n(): Promise<void> {
		const t = Date.now();
		this.mainPort ||= this.options.mainPort ?? (await freePort());
		this.main = await this.spawnN8n('main', 'main', [], this.mainPort, {
			N8N_PORT: String(this.mainPort),
			N8N_LISTEN_ADDRESS: '127.0.0.1',
		});
		const main = this.main;
		await waitFor(
			'n8n main',
			180_000,
			async () => await httpOk(`${this.baseUrl}/healthz/readiness`),
			() => !main.exited,
		);
		// Readiness answers before the REST API is mounted.
		await waitFor(
			'n8n main REST API',
			120_000,
			async () => await httpOk(`${this.baseUrl}/rest/settings`),
			() => !main.exited,
		);
		this.timings.main = (Date.now() - t) / 1000;
		const w = Date.now();
		for (let i = 0; i < this.options.workers; i++) this.workers.push(await this.startWorker());
		await Promise.all(this.workers.map(async (worker) => await this.waitForWorker(worker)));
		this.timings.workers = (Date.now() - w) / 1000;
	}

	private async startWorker(): Promise<N8nProcess> {
		const port = await freePort();
		return await this.spawnN8n(
			`worker-${++this.workerCount}`,
			'worker',
			[`--concurrency=${this.options.concurrency}`],
			port,
			{
				QUEUE_HEALTH_CHECK_ACTIVE: 'true',
				QUEUE_HEALTH_CHECK_PORT: String(port),
				N8N_PORT: String(port),
			},
		);
	}

	private async waitForWorker(worker: N8nProcess): Promise<void> {
		await waitFor(
			worker.name,
			180_000,
			async () => await httpOk(`http://127.0.0.1:${worker.port}/healthz/readiness`),
			() => !worker.exited,
		);
	}

	/** Kills a worker (and its task runner) with SIGKILL, as a crash would. */
	killWorker(worker: N8nProcess): void {
		for (const target of [worker.pid, -worker.pid]) {
			try {
				process.kill(target, 'SIGKILL');
			} catch {
				// gone already
			}
		}
	}

	/** Starts a fresh worker in place of one that is gone. */
	async replaceWorker(worker: N8nProcess): Promise<N8nProcess> {
		const fresh = await this.startWorker();
		await this.waitForWorker(fresh);
		this.workers = this.workers.map((w) => (w === worker ? fresh : w));
		return fresh;
	}

	log(processInfo: N8nProcess): string {
		try {
			return readFileSync(processInfo.logFile, 'utf8').replace(/\u001b\[[0-9;]*m/g, '');
		} catch {
			return '';
		}
	}

	/** Every log the stack wrote (n8n processes, Redis, Postgres). */
	allLogs(): string {
		const logs = this.all.map((p) => this.log(p));
		for (const file of [path.join(this.logsDir, 'redis.log'), this.pgLog()])
			if (existsSync(file)) logs.push(readFileSync(file, 'utf8'));
		return logs.join('\n');
	}

	runtimeOf(processInfo: N8nProcess): Runtime | undefined {
		return runtimeIn(this.log(processInfo), processInfo.pid);
	}

	/**
	 * Where an execution ran, from the logs: the workers that say `Worker started execution <id>`,
	 * whether the main says it enqueued it, and how many generations the node started in the
	 * main's own process over the whole run (in queue mode: none).
	 */
	whoRan(executionId: string): { workers: string[]; enqueued: boolean; nodeOnMain: number } {
		const started = new RegExp(`started execution ${executionId}\\b`);
		const mainLog = this.main ? this.log(this.main) : '';
		return {
			workers: this.all
				.filter((p) => p.role === 'worker' && started.test(this.log(p)))
				.map((p) => p.name),
			enqueued: new RegExp(`Enqueued execution ${executionId}\\b`).test(mainLog),
			nodeOnMain: mainLog.split('AIML API Video: generation started').length - 1,
		};
	}

	/** Ends everything started, n8n first (SIGTERM, then SIGKILL after 5 s), then Redis and Postgres. */
	async stop(): Promise<void> {
		await Promise.all(
			this.all.map(async (p) => {
				if (p.exited) {
					try {
						process.kill(-p.pid, 'SIGKILL');
					} catch {
						// nothing left of its group
					}
					return;
				}
				const exited = new Promise<void>((resolve) => p.child.once('exit', () => resolve()));
				try {
					process.kill(-p.pid, 'SIGTERM');
				} catch {
					return;
				}
				await Promise.race([exited, sleep(5000)]);
				try {
					process.kill(-p.pid, 'SIGKILL');
				} catch {
					// ended by SIGTERM
				}
			}),
		);
		if (this.redis && this.redis.exitCode === null) {
			const exited = new Promise<void>((resolve) => this.redis!.once('exit', () => resolve()));
			this.redis.kill('SIGKILL');
			await Promise.race([exited, sleep(5000)]);
		}
		if (this.pgStarted) {
			try {
				asPostgres(path.join(postgresBin(), 'pg_ctl'), [
					'-D',
					this.pgData,
					'-m',
					'immediate',
					'-w',
					'stop',
				]);
			} catch {
				const pid = Number(
					readFileSync(path.join(this.pgData, 'postmaster.pid'), 'utf8').split('\n')[0],
				);
				if (pid) process.kill(pid, 'SIGKILL');
			}
			this.pgStarted = false;
		}
		// The server's log stays with the others; the cluster goes.
		if (existsSync(this.pgLog()))
			copyFileSync(this.pgLog(), path.join(this.logsDir, 'postgres.log'));
		rmSync(path.dirname(this.pgData), { recursive: true, force: true });
	}

	private pgLog(): string {
		return path.join(path.dirname(this.pgData), 'server.log');
	}
}
