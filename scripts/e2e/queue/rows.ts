/**
 * Rows run on n8n in queue mode (main + workers, Postgres, Redis, binary data in the database).
 * Each is checked against the emulator's request log and n8n's stored execution. To add a row:
 * append an entry to QUEUE_ROWS.
 */
import { statfsSync } from 'node:fs';
import { tmpdir } from 'node:os';

import type { WorkflowJson } from '../../n8n-host';
import { nodeItems, PACKAGES } from '../../n8n-host';
import type { BytesReader } from '../checks';
import { checkVideoNode, createsSince, sha256 } from '../checks';
import { secondsSince } from '../report';
import type { Job, RecordedRequest } from '../../../tools/emulator/server';
import { TINY_MP4 } from '../../../tools/emulator/server';
import {
	BATCH_PROMPT,
	batchWorkflow,
	examples,
	getVideosWorkflow,
	NODES,
	novitaExamples,
	novitaWorkflow,
	withWebhook,
} from '../workflows';
import type { Finished, QueueContext, QueueRow } from './context';
import { KILL_JOB_MARKER, LONG_JOB_MARKER } from './context';
import { CALLBACK_ROWS } from './callback-rows';
import { CREDENTIAL_ROWS } from './credential-rows';
import { IMAGE_ROWS } from './image-rows';
import { memoryOf } from './stack';

const BIG_VIDEO_BYTES = 40 * 1024 * 1024;
const BATCH = 20;
const PARALLEL = 10;

function sleep(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Keeps the bytes it reads, so they can be compared with the database afterwards. */
function keeping(read: BytesReader): { read: BytesReader; ids: string[]; hashes: string[] } {
	const ids: string[] = [];
	const hashes: string[] = [];
	return {
		ids,
		hashes,
		read: async (binary) => {
			const bytes = await read(binary);
			if (bytes && binary.id) {
				ids.push(binary.id);
				hashes.push(sha256(bytes));
			}
			return bytes;
		},
	};
}

/** Row 1: one workflow on a worker, checked node by node, with its videos in the database. */
async function exampleOnWorker(
	ctx: QueueContext,
	name: string,
	workflow: WorkflowJson,
	how: 'webhook' | 'rest',
	videoNode: string,
	count: number,
): Promise<void> {
	const mark = ctx.report.mark();
	const started = Date.now();
	const from = ctx.emulator.requests.length;
	const [id] = how === 'webhook' ? await ctx.viaWebhook(workflow) : [await ctx.viaRest(workflow)];
	const execution = await ctx.finish(id, started);
	ctx.checkOnWorker(name, execution);
	const kept = keeping(ctx.readBytes);
	const check = await checkVideoNode(
		ctx.report,
		name,
		ctx.runJson(execution),
		videoNode,
		{ count, status: 'completed' },
		kept.read,
		ctx.emulator,
	);
	const inDb = ctx.checkInDatabase(name, kept.ids, kept.hashes);
	const creates = createsSince(ctx.emulator, from).length;
	ctx.report.check(creates === count, name, `${creates} creates for ${count} items`);
	ctx.report.add(
		{
			case: name,
			ranOn: ctx.ranOn(execution.workers),
			...check.row,
			checks: `exec ${id} ${execution.status} via ${how}; ${inDb}/${count} in binary_data (sha256 = CDN, read back via main REST); ${creates} creates`,
			seconds: execution.seconds,
		},
		ctx.report.mark() === mark,
	);
}

function summary(executions: Finished[]): string {
	const statuses = executions.map((e) => e.status);
	return [...new Set(statuses)]
		.map((s) => `${statuses.filter((x) => x === s).length}x ${s}`)
		.join(', ');
}

/** The node's items across executions: completed count and total. */
function completedItems(ctx: QueueContext, executions: Finished[], node: string) {
	let completed = 0;
	let total = 0;
	for (const execution of executions) {
		const items = nodeItems(ctx.runJson(execution), node) ?? [];
		total += items.length;
		completed += items.filter(
			(item) => item.json.status === 'completed' && item.binary?.data,
		).length;
	}
	return { completed, total };
}

export const QUEUE_ROWS: QueueRow[] = [
	{
		name: '1 examples on a worker',
		packages: ['aimlapi', 'novita'],
		workflows: ({ videosDir }) => {
			const ex = examples('q', videosDir);
			const novita = novitaWorkflow('qNovita');
			const novitaSheet = novitaExamples('q', videosDir).sheet;
			return {
				...ex,
				novita,
				novitaSheet,
				novitaSheetHook: withWebhook(novitaSheet, 'qNovitaSheetHook', 'e2e-novita-sheet'),
				scheduledHook: withWebhook(ex.scheduled, 'qScheduledHook', 'e2e-scheduled'),
				sheetHook: withWebhook(ex.sheet, 'qSheetFilesHook', 'e2e-sheet'),
				createGetHook: withWebhook(ex.createGet, 'qCreateWaitGetHook', 'e2e-create-get'),
				novitaHook: withWebhook(novita, 'qNovitaHook', 'e2e-novita'),
			};
		},
		async run(ctx, wf) {
			type Case = [string, WorkflowJson, WorkflowJson, string, number, 'aimlapi' | 'novita'];
			const cases: Case[] = [
				['scheduled', wf.scheduled, wf.scheduledHook, NODES.scheduled, 3, 'aimlapi'],
				['sheet', wf.sheet, wf.sheetHook, NODES.sheet, 3, 'aimlapi'],
				['create/wait/get', wf.createGet, wf.createGetHook, NODES.got, 1, 'aimlapi'],
				['novita', wf.novita, wf.novitaHook, NODES.novita, 1, 'novita'],
				['novita sheet', wf.novitaSheet, wf.novitaSheetHook, NODES.novitaSheet, 3, 'novita'],
			];
			for (const [label, manual, hook, node, count, id] of cases) {
				ctx.report.packageLabel = PACKAGES[id].name;
				await exampleOnWorker(ctx, `1 ${label} (webhook)`, hook, 'webhook', node, count);
				await exampleOnWorker(ctx, `1 ${label} (REST)`, manual, 'rest', node, count);
			}
		},
	},
	{
		name: `2 batch of ${BATCH}`,
		packages: ['aimlapi'],
		workflows: () => ({ batch: batchWorkflow('qBatch20', BATCH) }),
		async run(ctx, { batch }) {
			const mark = ctx.report.mark();
			const started = Date.now();
			const from = ctx.emulator.requests.length;
			const id = await ctx.viaRest(batch);
			const execution = await ctx.finish(id, started);
			ctx.checkOnWorker(this.name, execution);
			const check = await checkVideoNode(
				ctx.report,
				this.name,
				ctx.runJson(execution),
				NODES.batch,
				{ count: BATCH, status: 'completed' },
				ctx.readBytes,
				ctx.emulator,
			);
			const prompts = createsSince(ctx.emulator, from).map(
				(r) => (r.body as { prompt: string }).prompt,
			);
			const distinct = new Set(prompts);
			ctx.report.check(
				prompts.length === BATCH && distinct.size === BATCH,
				this.name,
				`${prompts.length} creates, ${distinct.size} distinct prompts, for ${BATCH} items`,
			);
			ctx.report.add(
				{
					case: this.name,
					ranOn: ctx.ranOn(execution.workers),
					...check.row,
					checks: `exec ${id} ${execution.status}; ${prompts.length} creates, one per item`,
					seconds: execution.seconds,
				},
				ctx.report.mark() === mark,
			);
		},
	},
	{
		name: `3 ${PARALLEL} executions at once`,
		packages: ['aimlapi'],
		workflows: () => ({
			pair: withWebhook(batchWorkflow('qPair', 2), 'qPairHook', 'e2e-pair'),
		}),
		async run(ctx, { pair }) {
			const mark = ctx.report.mark();
			const started = Date.now();
			const from = ctx.emulator.requests.length;
			const ids = await ctx.viaWebhook(pair, PARALLEL);
			const executions = await Promise.all(ids.map(async (id) => await ctx.finish(id, started)));
			for (const execution of executions) ctx.checkOnWorker(this.name, execution);
			const workers = [...new Set(executions.flatMap((e) => e.workers))].sort();
			const perWorker = workers
				.map((w) => `${w}: ${executions.filter((e) => e.workers.includes(w)).length}`)
				.join(', ');
			ctx.report.check(
				workers.length === ctx.stack.workers.length,
				this.name,
				`ran on ${workers.length} of ${ctx.stack.workers.length} workers (${perWorker})`,
			);
			const items = completedItems(ctx, executions, NODES.batch);
			const creates = createsSince(ctx.emulator, from).length;
			ctx.report.check(
				items.total === PARALLEL * 2 && items.completed === items.total,
				this.name,
				`${items.completed}/${items.total} items completed`,
			);
			ctx.report.check(
				creates === items.total,
				this.name,
				`${creates} creates for ${items.total} items`,
			);
			ctx.report.add(
				{
					case: this.name,
					ranOn: ctx.ranOn(workers),
					node: NODES.batch,
					items: String(items.total),
					status: summary(executions),
					binary: `${items.completed}/${items.total} stored`,
					checks: `${executions.length} executions over ${perWorker}; creates = items (${creates})`,
					seconds: ((Date.now() - started) / 1000).toFixed(1),
				},
				ctx.report.mark() === mark,
			);
		},
	},
	{
		name: '4 stop during a wait',
		packages: ['aimlapi'],
		workflows: () => {
			const stop = batchWorkflow('qStopMe', 1, { maxWait: 300 });
			const code = stop.nodes.find((n) => n.name === 'Prompts')!;
			code.parameters.jsCode = `return [{ json: { prompt: ${JSON.stringify(`${LONG_JOB_MARKER} a very slow sunrise`)} } }];`;
			return { stop };
		},
		async run(ctx, { stop }) {
			const mark = ctx.report.mark();
			const started = Date.now();
			const id = await ctx.viaRest(stop);
			// Wait until the worker is polling the job.
			const job = await waitForJob(ctx, LONG_JOB_MARKER, 2);
			const stopAt = Date.now();
			const answer = await ctx.rest.stop(id);
			ctx.report.check(
				answer.status === 200,
				this.name,
				`stop answered ${answer.status}: ${answer.text}`,
			);
			const execution = await ctx.finish(id, started, 60_000).catch((error: Error) => {
				ctx.report.fail(this.name, error.message);
				return undefined;
			});
			const endedAt = Date.now();
			await sleep(Math.max(0, stopAt + 4000 - Date.now()));
			const after = ctx.emulator.requests.filter(
				(r) =>
					r.at >= stopAt + 1000 &&
					(r.query.generation_id === job.id ||
						(r.route === 'create' &&
							String((r.body as { prompt?: string })?.prompt).includes(LONG_JOB_MARKER))),
			);
			ctx.report.check(
				after.length === 0,
				this.name,
				`${after.length} requests for the job from 1 s after the stop on`,
			);
			const lastPoll = ctx.emulator.requests.filter((r) => r.query.generation_id === job.id).pop();
			const status = execution?.status ?? 'still running';
			const stoppedStatuses = ['canceled', 'error', 'crashed'];
			ctx.report.check(
				stoppedStatuses.includes(status),
				this.name,
				`execution ${id} ended ${status}, not stopped`,
			);
			const error = execution?.run.resultData.error;
			ctx.report.add(
				{
					case: this.name,
					ranOn: ctx.ranOn(execution?.workers ?? []),
					node: NODES.batch,
					items: '1',
					status: `n8n: ${status}${error?.message ? ` (${error.message})` : ''}`,
					binary: '-',
					checks: `stop answered ${answer.status}; ended ${((endedAt - stopAt) / 1000).toFixed(1)} s after stop; last poll ${lastPoll ? `${lastPoll.at - stopAt} ms` : 'n/a'} after stop; ${after.length} requests from +1 s to +4 s`,
					seconds: ((Date.now() - started) / 1000).toFixed(1),
				},
				ctx.report.mark() === mark,
			);
		},
	},
	{
		name: '5 worker killed mid-wait',
		packages: ['aimlapi'],
		workflows: () => {
			const kill = batchWorkflow('qKillWorker', 5, { maxWait: 300 });
			const code = kill.nodes.find((n) => n.name === 'Prompts')!;
			code.parameters.jsCode = `return Array.from({ length: 5 }, (_, i) => ({ json: { prompt: ${JSON.stringify(`${KILL_JOB_MARKER} ${BATCH_PROMPT}`)} + ' ' + i } }));`;
			return { kill: withWebhook(kill, 'qKillWorkerHook', 'e2e-kill') };
		},
		async run(ctx, { kill }) {
			const mark = ctx.report.mark();
			const started = Date.now();
			const from = ctx.emulator.requests.length;
			const [id] = await ctx.viaWebhook(kill);
			// All five generations started and the worker is waiting (polling) on them.
			const until = Date.now() + 60_000;
			while (
				createsSince(ctx.emulator, from, KILL_JOB_MARKER).length < 5 ||
				!pollingAll(ctx, from)
			) {
				if (Date.now() > until) throw new Error('the five generations did not start within 60 s');
				await sleep(100);
			}
			await sleep(500);
			const ran = ctx.stack.whoRan(id).workers;
			const worker = ctx.stack.workers.find((w) => ran.includes(w.name));
			if (!worker) throw new Error(`no worker log names execution ${id}`);
			ctx.stack.killWorker(worker);
			const killedAt = Date.now();
			const createdIds = createsSince(ctx.emulator, from, KILL_JOB_MARKER).map(
				(r) => jobFor(ctx, r)?.id ?? '',
			);

			// The killed worker's log: every generation the run started.
			const log = ctx.stack.log(worker);
			const fromLine = log.indexOf(`started execution ${id}`);
			const logged = [
				...log
					.slice(Math.max(0, fromLine))
					.matchAll(
						/AIML API Video: generation started: id=(\S+) item=(\d+) model=(\S+) provider=(aimlapi|novita)/g,
					),
			].map((m) => ({ id: m[1], item: Number(m[2]), model: m[3], provider: m[4] }));
			const loggedIds = logged.map((entry) => entry.id).sort();
			ctx.report.check(
				JSON.stringify(loggedIds) === JSON.stringify([...createdIds].sort()),
				this.name,
				`log has ids ${JSON.stringify(loggedIds)}, the API created ${JSON.stringify(createdIds)}`,
			);
			ctx.report.check(
				JSON.stringify(logged.map((e) => e.item).sort()) === '[0,1,2,3,4]',
				this.name,
				`log has items ${JSON.stringify(logged.map((e) => e.item))}`,
			);
			const fresh = await ctx.stack.replaceWorker(worker);

			// A new execution fetches them with Get Video; nothing is created again.
			const recover = getVideosWorkflow('qRecoverFromLog', loggedIds);
			recover.id = await ctx.rest.createWorkflow(recover);
			const t = Date.now();
			const recoverId = await ctx.viaRest(recover);
			const recovered = await ctx.finish(recoverId, t);
			ctx.checkOnWorker(this.name, recovered);
			const check = await checkVideoNode(
				ctx.report,
				this.name,
				ctx.runJson(recovered),
				NODES.getBatch,
				{ count: loggedIds.length, status: 'completed' },
				ctx.readBytes,
				ctx.emulator,
			);
			const creates = createsSince(ctx.emulator, from).length;
			ctx.report.check(
				creates === 5,
				this.name,
				`${creates} creates in all for 5 items (a second create means paying twice)`,
			);
			const crashed = await ctx.rest.execution(id);

			// Secrets and prompts stay out of every log the stack wrote.
			const logs = ctx.stack.allLogs();
			const keys = [...ctx.emulator.config.keys.aimlapi, ...ctx.emulator.config.keys.novita].filter(
				(k) => logs.includes(k),
			);
			const prompts = [
				...new Set(
					ctx.emulator
						.sent('create')
						.map((r) => String((r.body as { prompt?: string })?.prompt ?? '')),
				),
			].filter((p) => p && logs.includes(p));
			ctx.report.check(keys.length === 0, this.name, `${keys.length} API keys appear in the logs`);
			ctx.report.check(
				prompts.length === 0,
				this.name,
				`prompts in the logs: ${JSON.stringify(prompts.slice(0, 3))}`,
			);
			ctx.report.add(
				{
					case: this.name,
					ranOn: ctx.ranOn([...ran, recovered.workers[0] ?? fresh.name]),
					...check.row,
					checks: `SIGKILL ${worker.name} ${((killedAt - started) / 1000).toFixed(1)} s in; its log had ${loggedIds.length}/5 ids; killed run now "${crashed.status}"; Get Video (exec ${recoverId}) fetched them; ${creates} creates in all; keys in logs: ${keys.length}, prompts in logs: ${prompts.length}`,
					seconds: ((Date.now() - started) / 1000).toFixed(1),
				},
				ctx.report.mark() === mark,
			);
		},
	},
	{
		name: `6 batch of ${BATCH} x 40 MiB`,
		packages: ['aimlapi'],
		workflows: () => ({ big: batchWorkflow('qBigVideos', BATCH, { concurrency: 5 }) }),
		async run(ctx, { big }) {
			const mark = ctx.report.mark();
			const freeBefore = freeDiskGiB();
			ctx.emulator.config.videoSizeBytes = BIG_VIDEO_BYTES;
			const peaks = new Map<number, number>();
			const sampler = setInterval(() => {
				for (const worker of ctx.stack.workers) {
					const memory = memoryOf(worker.pid);
					if (memory) peaks.set(worker.pid, Math.max(peaks.get(worker.pid) ?? 0, memory.rssMb));
				}
			}, 100);
			try {
				const started = Date.now();
				const from = ctx.emulator.requests.length;
				const id = await ctx.viaRest(big);
				const execution = await ctx.finish(id, started, 600_000);
				clearInterval(sampler);
				ctx.checkOnWorker(this.name, execution);
				const worker = ctx.stack.workers.find((w) => execution.workers.includes(w.name));
				const runSeconds = execution.seconds;
				const readStarted = Date.now();
				const kept = keeping(ctx.readBytes);
				const check = await checkVideoNode(
					ctx.report,
					this.name,
					ctx.runJson(execution),
					NODES.batch,
					{ count: BATCH, status: 'completed' },
					kept.read,
					ctx.emulator,
				);
				const readSeconds = secondsSince(readStarted);
				const sqlStarted = Date.now();
				const inDb = ctx.checkInDatabase(this.name, kept.ids, kept.hashes);
				const sqlSeconds = secondsSince(sqlStarted);
				const creates = createsSince(ctx.emulator, from).length;
				ctx.report.check(creates === BATCH, this.name, `${creates} creates for ${BATCH} items`);
				const sizes = check.bytes.filter((b) => b?.length === BIG_VIDEO_BYTES).length;
				ctx.report.check(sizes === BATCH, this.name, `${sizes}/${BATCH} videos are 40 MiB`);
				const peak = worker ? peaks.get(worker.pid) : undefined;
				const hwm = worker ? memoryOf(worker.pid)?.peakMb : undefined;
				ctx.report.add(
					{
						case: this.name,
						ranOn: ctx.ranOn(execution.workers),
						...check.row,
						checks: `${inDb}/${BATCH} in binary_data (${((BATCH * BIG_VIDEO_BYTES) / 1024 / 1024).toFixed(0)} MiB, checked in ${sqlSeconds} s); read back via main REST in ${readSeconds} s; worker peak RSS ${peak?.toFixed(0) ?? '?'} MiB during the run (VmHWM ${hwm?.toFixed(0) ?? '?'} MiB); node concurrency 5; free disk ${freeBefore} GiB before, ${freeDiskGiB()} after`,
						seconds: runSeconds,
					},
					ctx.report.mark() === mark,
				);
			} finally {
				clearInterval(sampler);
				ctx.emulator.config.videoSizeBytes = TINY_MP4.length;
			}
		},
	},
	...CALLBACK_ROWS,
	...CREDENTIAL_ROWS,
	...IMAGE_ROWS,
];

/** Free space in the temp folder (where Postgres keeps the binaries), in GiB. */
function freeDiskGiB(): string {
	const stats = statfsSync(tmpdir());
	return ((stats.bavail * stats.bsize) / 1024 ** 3).toFixed(1);
}

/** Waits until a job whose prompt has `marker` exists and was polled `polls` times. */
async function waitForJob(ctx: QueueContext, marker: string, polls: number) {
	const until = Date.now() + 60_000;
	for (;;) {
		const job = [...ctx.emulator.jobs.values()].find((j) => String(j.body.prompt).includes(marker));
		if (job && job.fetches >= polls) return job;
		if (Date.now() > until) throw new Error(`no job "${marker}" polled ${polls} times within 60 s`);
		await sleep(100);
	}
}

/** Every job created since `from` has been polled at least once. */
function pollingAll(ctx: QueueContext, from: number): boolean {
	const jobs = createsSince(ctx.emulator, from, KILL_JOB_MARKER).map((r) => jobFor(ctx, r));
	return jobs.every((job) => job && job.fetches > 0);
}

/** The emulator's job for a create request (prompts are distinct within a row). */
function jobFor(ctx: QueueContext, create: RecordedRequest): Job | undefined {
	const prompt = (create.body as { prompt?: string } | undefined)?.prompt;
	return [...ctx.emulator.jobs.values()].find((job) => job.body.prompt === prompt);
}
