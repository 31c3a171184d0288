/**
 * A minimal request/answer protocol over Node's IPC channel, so the bench can drive its child
 * processes (the emulator, the measured workflow runners) without sharing memory or CPU time.
 */
import type { ChildProcess } from 'node:child_process';
import { fork } from 'node:child_process';
import path from 'node:path';

interface Request {
	rpc: 'call';
	id: number;
	method: string;
	params: unknown;
}

interface Answer {
	rpc: 'answer';
	id: number;
	result?: unknown;
	error?: string;
}

export type Handlers = Record<string, (params: never) => unknown>;

/** In a child: answers the parent's calls with `handlers`. */
export function serve(handlers: Handlers): void {
	if (!process.send) throw new Error('serve() needs an IPC channel (start the process with fork)');
	process.on('message', (message: Request) => {
		if (message?.rpc !== 'call') return;
		void (async () => {
			const answer: Answer = { rpc: 'answer', id: message.id };
			try {
				const handler = handlers[message.method];
				if (!handler) throw new Error(`unknown method ${message.method}`);
				answer.result = await handler(message.params as never);
			} catch (error) {
				answer.error = (error as Error)?.stack ?? String(error);
			}
			process.send?.(answer);
		})();
	});
	// The parent going away ends the child.
	process.on('disconnect', () => process.exit(0));
}

/** In the parent: a forked child and a typed way to call it. */
export class Child {
	private next = 0;
	private readonly pending = new Map<
		number,
		{ resolve(value: unknown): void; reject(error: Error): void }
	>();
	readonly process: ChildProcess;

	constructor(
		script: string,
		options: { env?: NodeJS.ProcessEnv; execArgv?: string[]; name: string },
	) {
		const register = path.resolve(__dirname, '..', '..', 'scripts', 'ts-register.js');
		this.process = fork(script, [], {
			execArgv: ['-r', register, ...(options.execArgv ?? [])],
			env: { ...process.env, ...options.env },
			// Children's own output goes to our stderr: stdout stays clean for --json.
			stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
		});
		this.process.stdout?.on('data', (chunk: Buffer) =>
			process.stderr.write(prefix(options.name, chunk)),
		);
		this.process.stderr?.on('data', (chunk: Buffer) =>
			process.stderr.write(prefix(options.name, chunk)),
		);
		this.process.on('message', (message: Answer) => {
			if (message?.rpc !== 'answer') return;
			const waiter = this.pending.get(message.id);
			if (!waiter) return;
			this.pending.delete(message.id);
			if (message.error) waiter.reject(new Error(`${options.name}: ${message.error}`));
			else waiter.resolve(message.result);
		});
		this.process.on('exit', (code, signal) => {
			for (const waiter of this.pending.values())
				waiter.reject(new Error(`${options.name} exited (code ${code}, signal ${signal})`));
			this.pending.clear();
		});
	}

	async call<T>(method: string, params: unknown = {}): Promise<T> {
		const id = ++this.next;
		return await new Promise<T>((resolve, reject) => {
			this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
			this.process.send({ rpc: 'call', id, method, params } satisfies Request);
		});
	}

	async stop(): Promise<void> {
		if (this.process.exitCode !== null || this.process.signalCode !== null) return;
		const exited = new Promise<void>((resolve) => this.process.once('exit', () => resolve()));
		this.process.disconnect();
		const timer = setTimeout(() => this.process.kill('SIGKILL'), 5000);
		await exited;
		clearTimeout(timer);
	}
}

function prefix(name: string, chunk: Buffer): string {
	return chunk
		.toString()
		.split('\n')
		.map((line, index, lines) => (line || index < lines.length - 1 ? `[${name}] ${line}` : ''))
		.join('\n');
}
