/**
 * Novita callbacks in queue mode, with the Novita package's two examples as shipped
 * (packages/n8n-nodes-novita-video/examples/novita-*.json):
 *   7: one item parked on a Wait node "On Webhook Call" until the emulator POSTs the task's
 *      result to `{{ $execution.resumeUrl }}`; the run then goes on on a worker to Get Video.
 *   8: a batch fanned out: workflow A creates with the Callback URL of workflow B's production
 *      webhook; each finished video arrives as an execution of B on a worker, which writes it.
 * The emulator's log must show no status request before each callback, and one after it.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

import type { WorkflowJson } from '../../n8n-host';
import { PACKAGES, readExample } from '../../n8n-host';
import { checkVideoNode, createsSince, sha256 } from '../checks';
import { NOVITA_CREDENTIAL } from '../workflows';
import type { Finished, QueueContext, QueueRow } from './context';

const NOVITA_PLACEHOLDER = PACKAGES.novita.placeholder;
const RECEIVER_PATH = 'aimlapi-video-finished';
const FANOUT = 3;

/** An example as shipped, with its Novita credential and (optionally) its trigger as a webhook. */
function example(file: string, id: string, edit: (workflow: WorkflowJson) => void): WorkflowJson {
	const workflow = readExample(file, PACKAGES.novita);
	workflow.id = id;
	workflow.active = false;
	for (const node of workflow.nodes) {
		for (const [type, ref] of Object.entries(node.credentials ?? {}))
			if (ref.id === NOVITA_PLACEHOLDER) node.credentials![type] = { ...NOVITA_CREDENTIAL };
	}
	edit(workflow);
	if (JSON.stringify(workflow).includes('REPLACE_WITH'))
		throw new Error(`${file}: a credential placeholder is left`);
	return workflow;
}

/** Swaps the named trigger for a production Webhook (name kept) that answers at once. */
function startedByWebhook(workflow: WorkflowJson, trigger: string, webhookPath: string) {
	const node = nodeNamed(workflow, trigger);
	node.type = 'n8n-nodes-base.webhook';
	node.typeVersion = 2;
	node.parameters = { httpMethod: 'POST', path: webhookPath, responseMode: 'onReceived' };
	node.webhookId = randomUUID();
}

function nodeNamed(workflow: WorkflowJson, name: string) {
	const node = workflow.nodes.find((n) => n.name === name);
	if (!node) throw new Error(`${workflow.name} has no node "${name}"`);
	return node;
}

/** Status requests for a task, and whether any came before its callback was delivered. */
function pollsAround(ctx: QueueContext, taskId: string) {
	const callback = ctx.emulator.callbacks.find((c) => c.jobId === taskId);
	const fetches = ctx.emulator
		.sent('fetch', 'novita')
		.filter((r) => r.query.task_id === taskId)
		.map((r) => r.at);
	return {
		callback,
		before: callback ? fetches.filter((at) => at < callback.at).length : fetches.length,
		after: callback ? fetches.filter((at) => at >= callback.at).length : 0,
	};
}

async function until<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>) {
	const end = Date.now() + timeoutMs;
	for (;;) {
		const value = await probe();
		if (value !== undefined) return value;
		if (Date.now() > end) throw new Error(`${what}: not within ${timeoutMs / 1000} s`);
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
}

export const CALLBACK_ROWS: QueueRow[] = [
	{
		name: '7 Novita callback resumes a parked run',
		packages: ['novita'],
		workflows: () => ({
			parked: example('novita-callback-wait.json', 'qNovitaParked', (workflow) => {
				startedByWebhook(workflow, 'Start', 'e2e-novita-parked');
			}),
		}),
		async run(ctx, { parked }) {
			const mark = ctx.report.mark();
			const started = Date.now();
			const from = ctx.emulator.requests.length;
			// Long enough for the run to park on the Wait node before the callback comes.
			const jobDuration = ctx.emulator.config.jobDurationMs;
			ctx.emulator.config.jobDurationMs = 4000;
			try {
				const [id] = await ctx.viaWebhook(parked);
				// Parked: the execution waits in the database, no worker holds it, nothing polls.
				const waiting = await until('the run to park on the Wait node', 30_000, async () => {
					const execution = await ctx.rest.execution(id);
					return execution.status === 'waiting' ? execution : undefined;
				});
				const creates = createsSince(ctx.emulator, from);
				const taskId = [...ctx.emulator.jobs.values()].at(-1)?.id ?? '';
				const execution: Finished = await ctx.finish(id, started, 60_000);
				const { callback, before, after } = pollsAround(ctx, taskId);
				ctx.report.check(
					execution.status === 'success',
					this.name,
					`execution ${id} ended ${execution.status}`,
				);
				ctx.report.check(creates.length === 1, this.name, `${creates.length} creates`);
				ctx.report.check(
					String(
						(creates[0]?.body as { extra?: { webhook?: { url?: string } } })?.extra?.webhook?.url,
					).includes(`/webhook-waiting/${id}`),
					this.name,
					`callback URL sent: ${JSON.stringify((creates[0]?.body as { extra?: unknown })?.extra)}`,
				);
				ctx.report.check(
					callback?.status === 200,
					this.name,
					`callback answered ${callback?.status} ${callback?.error ?? ''}`,
				);
				ctx.report.check(before === 0, this.name, `${before} status requests before the callback`);
				ctx.report.check(after === 1, this.name, `${after} status requests after the callback`);
				ctx.report.check(execution.workers.length >= 1, this.name, 'no worker ran it');
				ctx.report.check(
					execution.nodeOnMain === 0,
					this.name,
					`the node ran ${execution.nodeOnMain} times in the main`,
				);
				const check = await checkVideoNode(
					ctx.report,
					this.name,
					ctx.runJson(execution),
					'Get the finished video',
					{ count: 1, status: 'completed' },
					ctx.readBytes,
					ctx.emulator,
				);
				ctx.report.add(
					{
						case: this.name,
						ranOn: ctx.ranOn(execution.workers),
						...check.row,
						checks: `exec ${id}: "${waiting.status}" on the Wait node, resumed by the emulator's callback (HTTP ${callback?.status}); status requests before the callback ${before}, after ${after}; 1 create`,
						seconds: execution.seconds,
					},
					ctx.report.mark() === mark,
				);
			} finally {
				ctx.emulator.config.jobDurationMs = jobDuration;
			}
		},
	},
	{
		name: '8 Novita batch fanned out to a receiver',
		packages: ['novita'],
		workflows: ({ videosDir, baseUrl }) => ({
			start: example('novita-batch-callbacks-start.json', 'qNovitaFanStart', (workflow) => {
				startedByWebhook(workflow, 'Run batch', 'e2e-novita-fanout');
				const create = nodeNamed(workflow, 'Start generations (callback to the receiver)');
				create.parameters.options = { callbackUrl: `${baseUrl}/webhook/${RECEIVER_PATH}` };
			}),
			receiver: example('novita-batch-callbacks-receive.json', 'qNovitaFanRecv', (workflow) => {
				const save = nodeNamed(workflow, 'Save MP4 to disk');
				save.parameters.fileName = `=${videosDir}/{{ $json.id }}.mp4`;
			}),
		}),
		async run(ctx, { start, receiver }) {
			const mark = ctx.report.mark();
			const started = Date.now();
			const from = ctx.emulator.requests.length;
			const before = new Set((await ctx.rest.executionsOf(receiver.id!)).map((e) => e.id));
			const [startId] = await ctx.viaWebhook(start);
			const first = await ctx.finish(startId, started);
			ctx.checkOnWorker(`${this.name} (start)`, first);
			const creates = createsSince(ctx.emulator, from);
			ctx.report.check(
				creates.length === FANOUT,
				this.name,
				`${creates.length} creates for ${FANOUT} prompts`,
			);
			const received = await until(`${FANOUT} receiver executions`, 60_000, async () => {
				const fresh = (await ctx.rest.executionsOf(receiver.id!)).filter((e) => !before.has(e.id));
				return fresh.length >= FANOUT ? fresh : undefined;
			});
			const finished: Finished[] = [];
			for (const execution of received) finished.push(await ctx.finish(execution.id, started));
			let onWorkers = 0;
			let videos = 0;
			let files = 0;
			const workers = new Set<string>();
			for (const execution of finished) {
				if (ctx.checkOnWorker(this.name, execution)) onWorkers++;
				execution.workers.forEach((w) => workers.add(w));
				const check = await checkVideoNode(
					ctx.report,
					this.name,
					ctx.runJson(execution),
					'Get the finished video',
					{ count: 1, status: 'completed' },
					ctx.readBytes,
					ctx.emulator,
				);
				if (check.ok) videos++;
				const id = String(check.items[0]?.json.id ?? '');
				const file = path.join(ctx.stack.videosDir, `${id}.mp4`);
				const bytes = existsSync(file) ? readFileSync(file) : undefined;
				const served = check.bytes[0];
				if (
					ctx.report.check(
						Boolean(bytes && served && sha256(bytes) === sha256(served)),
						this.name,
						`file ${file} missing or not the video`,
					)
				)
					files++;
			}
			let polledEarly = 0;
			let pollsAfter = 0;
			for (const job of [...ctx.emulator.jobs.values()].filter((j) =>
				creates.some((c) => (c.body as { prompt?: string }).prompt === j.body.prompt),
			)) {
				const around = pollsAround(ctx, job.id);
				polledEarly += around.before;
				pollsAfter += around.after;
			}
			ctx.report.check(
				polledEarly === 0,
				this.name,
				`${polledEarly} status requests before callbacks`,
			);
			ctx.report.check(
				pollsAfter === FANOUT,
				this.name,
				`${pollsAfter} status requests after callbacks`,
			);
			ctx.report.add(
				{
					case: this.name,
					ranOn: ctx.ranOn([...workers]),
					node: 'Get the finished video',
					items: `${finished.length} executions`,
					status: `${videos}/${FANOUT} completed`,
					binary: `${files}/${FANOUT} files`,
					checks: `start exec ${startId}: ${creates.length} creates, no wait; ${finished.length} receiver executions (${onWorkers} on a worker); status requests before callbacks ${polledEarly}, after ${pollsAfter}`,
					seconds: ((Date.now() - started) / 1000).toFixed(1),
				},
				ctx.report.mark() === mark,
			);
		},
	},
];
