/**
 * What a queue-mode row gets: the running stack, a logged-in REST client, the emulator, and
 * helpers to start executions (webhook or REST) and to see where they ran.
 */
import type { IRunJson, WorkflowJson } from '../../n8n-host';
import type { ApiEmulator } from '../../../tools/emulator/server';
import type { BytesReader } from '../checks';
import type { Host } from '../hosts';
import { describeRuntime } from '../hosts';
import type { Report } from '../report';
import type { N8nRest, StoredExecution } from './rest';
import type { QueueStack } from './stack';

/** Prompt markers the emulator reads to make a job long (see queue/run.ts). */
export const LONG_JOB_MARKER = '[long job]';
export const KILL_JOB_MARKER = '[job outlives a worker]';

export interface QueueRow {
	name: string;
	/** The packages whose nodes the row runs (both are installed on every worker). */
	packages: Array<'aimlapi' | 'novita'>;
	/** The workflows the row runs, by key; those with a Webhook node are activated. */
	workflows: (dirs: {
		videosDir: string;
		baseUrl: string;
		cdnUrl: string;
	}) => Record<string, WorkflowJson>;
	run: (ctx: QueueContext, workflows: Record<string, WorkflowJson>) => Promise<void>;
}

export interface Finished extends StoredExecution {
	run: IRunJson['data'];
	/** Workers whose log says they ran it. */
	workers: string[];
	/** Whether the main's log says it put it on the queue. */
	enqueued: boolean;
	/** Generations the node started in the main's process so far (in queue mode: none). */
	nodeOnMain: number;
	seconds: string;
}

export class QueueContext {
	constructor(
		readonly host: Host,
		readonly stack: QueueStack,
		readonly rest: N8nRest,
		readonly emulator: ApiEmulator,
		readonly report: Report,
	) {}

	/** Reads a stored binary back through the main's REST endpoint. */
	readonly readBytes: BytesReader = async (binary) =>
		binary.id ? await this.rest.binary(binary.id) : undefined;

	/** `n8n x / Node y (worker-1, worker-2)` for the workers named. */
	ranOn(workers: string[]): string {
		const processes = this.stack.workers.filter((w) => workers.includes(w.name));
		const runtimes = new Set(processes.map((w) => describeRuntime(this.stack.runtimeOf(w))));
		// A worker that was killed is no longer in stack.workers: name it all the same.
		if (!runtimes.size) runtimes.add(describeRuntime(this.stack.runtimeOf(this.stack.main!)));
		return `${[...runtimes].join(', ')} (${workers.join(', ') || 'no worker'})`;
	}

	webhookPath(workflow: WorkflowJson): string {
		const hook = workflow.nodes.find((n) => n.type === 'n8n-nodes-base.webhook');
		if (!hook) throw new Error(`${workflow.name} has no Webhook node`);
		return String(hook.parameters.path);
	}

	/** Calls the workflow's webhook `count` times at once; returns the new executions' ids. */
	async viaWebhook(workflow: WorkflowJson, count = 1, timeoutMs = 30_000): Promise<string[]> {
		const before = new Set((await this.rest.executionsOf(workflow.id!)).map((e) => e.id));
		const answers = await Promise.all(
			Array.from(
				{ length: count },
				async () => await this.rest.webhook(this.webhookPath(workflow)),
			),
		);
		for (const answer of answers)
			if (answer.status !== 200)
				throw new Error(`webhook of ${workflow.name} answered ${answer.status}: ${answer.text}`);
		const until = Date.now() + timeoutMs;
		for (;;) {
			const fresh = (await this.rest.executionsOf(workflow.id!))
				.map((e) => e.id)
				.filter((id) => !before.has(id));
			if (fresh.length >= count) return fresh;
			if (Date.now() > until)
				throw new Error(`${fresh.length}/${count} executions of ${workflow.name} appeared`);
			await new Promise((resolve) => setTimeout(resolve, 200));
		}
	}

	/** A manual run from the editor's REST API (offloaded to a worker); returns its id. */
	async viaRest(workflow: WorkflowJson, trigger = 'Start'): Promise<string> {
		return await this.rest.runManually(workflow.id!, trigger);
	}

	/** Waits for the execution to end and reads it with its run data and where it ran. */
	async finish(executionId: string, started: number, timeoutMs = 120_000): Promise<Finished> {
		const execution = await this.rest.waitForEnd(executionId, timeoutMs);
		const run = execution.run ?? { resultData: { runData: {} } };
		const { workers, enqueued, nodeOnMain } = this.stack.whoRan(executionId);
		return {
			...execution,
			run,
			workers,
			enqueued,
			nodeOnMain,
			seconds: ((Date.now() - started) / 1000).toFixed(1),
		};
	}

	/** `execute`-style JSON for the shared checks. */
	runJson(execution: Finished): IRunJson {
		return { status: execution.status, mode: execution.mode ?? '', data: execution.run };
	}

	/**
	 * Records a failure unless the execution succeeded on exactly one worker, went through the
	 * main's queue, and the node never ran in the main's process.
	 */
	checkOnWorker(where: string, execution: Finished): boolean {
		const mark = this.report.mark();
		const error = execution.run.resultData.error;
		this.report.check(
			execution.status === 'success',
			where,
			`execution ${execution.id} ended ${execution.status}${error ? `: ${error.message}` : ''}`,
		);
		this.report.check(
			execution.workers.length === 1,
			where,
			`execution ${execution.id} ran on ${execution.workers.length} workers (${execution.workers.join(', ')})`,
		);
		this.report.check(
			execution.enqueued,
			where,
			`the main's log does not say it enqueued execution ${execution.id}`,
		);
		this.report.check(
			execution.nodeOnMain === 0,
			where,
			`the node started ${execution.nodeOnMain} generations in the main's process`,
		);
		return this.report.mark() === mark;
	}

	/** Every stored binary of the items is a row of n8n's binary_data table with these bytes. */
	checkInDatabase(where: string, binaryIds: string[], sha256s: string[]): number {
		let found = 0;
		for (const [index, id] of binaryIds.entries()) {
			const fileId = /([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/.exec(
				id,
			)?.[1];
			if (!id.startsWith('database') || !fileId) {
				this.report.fail(where, `binary ${id} is not in database mode`);
				continue;
			}
			const row = this.stack.sql(
				`SELECT encode(sha256(data), 'hex') FROM binary_data WHERE "fileId" = '${fileId}'`,
				'n8n',
			);
			if (
				this.report.check(
					row === sha256s[index],
					where,
					`binary_data ${fileId}: ${row || 'no row'}`,
				)
			)
				found++;
		}
		return found;
	}
}
