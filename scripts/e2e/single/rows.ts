/**
 * Rows run in one n8n process with `n8n execute` (regular mode, SQLite, filesystem binary data),
 * on every host. To add a row: append an entry to SINGLE_ROWS with the workflows it needs
 * (imported once, before the rows run) and its checks.
 */
import { readFileSync } from 'node:fs';

import type { IRunJson, PackageInfo, WorkflowJson } from '../../n8n-host';
import { isMp4, nodeItems } from '../../n8n-host';
import type { ChatModelStub } from '../../../tools/emulator/chat-model';
import type { ApiEmulator } from '../../../tools/emulator/server';
import type { BytesReader, VideoCheck } from '../checks';
import { checkKeyUse, checkVideoNode } from '../checks';
import type { Report, Row } from '../report';
import { examples, imageExample, NODES, novitaExamples, novitaWorkflow } from '../workflows';
import { AGENT_ROWS } from './agent-rows';

export interface Execution {
	runJson?: IRunJson;
	seconds: string;
	/** Index of the emulator's request log when the run started. */
	from: number;
	/** `n8n x / Node y` of the process that ran it. */
	ranOn: string;
}

export interface SingleContext {
	report: Report;
	emulator: ApiEmulator;
	videosDir: string;
	readBytes: BytesReader;
	/** `n8n execute --id=<workflow id>`; a failed run is already recorded as a failure. */
	execute: (caseName: string, workflow: WorkflowJson) => Promise<Execution>;
	/** `n8n x / Node y` of the last run (for rows that check all runs). */
	lastRanOn: () => string;
	/** The scripted chat model (rows with `chatModel`); its credential is imported too. */
	chatModel?: ChatModelStub;
}

export interface SingleRow {
	name: string;
	/** The package whose node the row runs; none: a check over every run of the host. */
	package?: PackageInfo['id'];
	/** Also run when this package is installed alone (the quick proof that it needs no other). */
	alone?: boolean;
	/** The workflows the row runs, by key (ids must be unique across rows). */
	workflows: (dirs: { videosDir: string; cdnUrl: string }) => Record<string, WorkflowJson>;
	/**
	 * Optional: runs once per host before n8n first starts, after this package is installed in
	 * the user folder (e.g. to install another community package next to it).
	 */
	prepare?: (setup: { userFolder: string; work: string }) => Promise<void>;
	/** The row needs the chat-model stub (an AI Agent with n8n's OpenAI Chat Model). */
	chatModel?: boolean;
	run: (ctx: SingleContext, workflows: Record<string, WorkflowJson>) => Promise<void>;
}

function videoRow(
	name: string,
	run: Execution,
	check: VideoCheck,
	checks: string,
	extraOk = true,
): Omit<Row, 'result' | 'package'> & { result: Row['result'] } {
	return {
		case: name,
		ranOn: run.ranOn,
		seconds: run.seconds,
		...check.row,
		checks,
		result: check.ok && extraOk ? 'PASS' : 'FAIL',
	};
}

function failedRow(ctx: SingleContext, name: string, node: string, run: Execution): void {
	ctx.report.add(
		{
			case: name,
			ranOn: run.ranOn,
			node,
			items: '-',
			status: 'run failed',
			binary: '-',
			checks: ctx.report.failures[ctx.report.failures.length - 1] ?? '',
			seconds: run.seconds,
		},
		false,
	);
}

/** How many of the sheet rows' files are on disk, in the videos folder, as MP4s. */
function countMp4Files(ctx: SingleContext, runJson: IRunJson, rowsNode = NODES.sheetRows): number {
	let files = 0;
	for (const row of nodeItems(runJson, rowsNode) ?? []) {
		const file = String(row.json.filePath);
		let bytes: Buffer | undefined;
		try {
			bytes = readFileSync(file);
		} catch {
			bytes = undefined;
		}
		if (!file.startsWith(ctx.videosDir))
			ctx.report.fail('sheet to files', `file path ${file} is not in ${ctx.videosDir}`);
		else if (!isMp4(bytes))
			ctx.report.fail('sheet to files', `${file}: ${bytes ? 'not an MP4' : 'missing'}`);
		else files++;
	}
	return files;
}

const ok = (run: Execution): run is Execution & { runJson: IRunJson } =>
	run.runJson?.status === 'success';

/**
 * The image-to-video example of a package: images fetched from the emulator's CDN by n8n's
 * HTTP Request node, two rows sent as binary (Base64 data URLs read from n8n's filesystem
 * binary store), one as a URL; three videos written to disk.
 */
function imageRow(name: string, id: PackageInfo['id'], workflowId: string): SingleRow {
	return {
		name,
		package: id,
		workflows: ({ videosDir, cdnUrl }) => ({
			images: imageExample(id, workflowId, { videosDir, cdnUrl }),
		}),
		async run(ctx, { images }) {
			const run = await ctx.execute(name, images);
			if (!ok(run)) return failedRow(ctx, name, NODES.imageVideos, run);
			const check = await checkVideoNode(
				ctx.report,
				name,
				run.runJson,
				NODES.imageVideos,
				{ count: 3, status: 'completed' },
				ctx.readBytes,
				ctx.emulator,
			);
			const files = countMp4Files(ctx, run.runJson, NODES.imageRows);
			const sentImages = ctx.emulator.requests
				.slice(run.from)
				.filter((r) => r.route === 'create')
				.map((r) => {
					const body = r.body as { image_url?: string; input?: { img_url?: string } };
					return String(body.image_url ?? body.input?.img_url ?? '');
				});
			const inline = sentImages.filter((image) =>
				image.startsWith('data:image/png;base64,'),
			).length;
			const links = sentImages.filter((image) => image.startsWith(ctx.emulator.cdnUrl)).length;
			const kinds = check.items.map((item) => String(item.json.inputKind)).sort();
			const sentOk = ctx.report.check(
				inline === 2 && links === 1 && JSON.stringify(kinds) === '["binary","binary","url"]',
				name,
				`sent ${inline} data URLs and ${links} links (want 2 and 1); inputKind ${JSON.stringify(kinds)}`,
			);
			ctx.report.add(
				videoRow(
					name,
					run,
					check,
					`${files}/3 MP4 files; ${inline} images sent inline, ${links} as URL`,
					files === 3 && sentOk,
				),
			);
		},
	};
}

export const SINGLE_ROWS: SingleRow[] = [
	{
		name: 'a scheduled prompts',
		package: 'aimlapi',
		alone: true,
		workflows: ({ videosDir }) => ({ scheduled: examples('e2e', videosDir).scheduled }),
		async run(ctx, { scheduled }) {
			const run = await ctx.execute(this.name, scheduled);
			if (!ok(run)) return failedRow(ctx, this.name, NODES.scheduled, run);
			const check = await checkVideoNode(
				ctx.report,
				this.name,
				run.runJson,
				NODES.scheduled,
				{ count: 3, status: 'completed' },
				ctx.readBytes,
				ctx.emulator,
			);
			const ids = new Set(check.items.map((item) => item.json.id));
			const distinct = ctx.report.check(
				ids.size === 3,
				this.name,
				'the three videos do not have three ids',
			);
			ctx.report.add(videoRow(this.name, run, check, `${ids.size} distinct ids`, distinct));
		},
	},
	{
		name: 'b sheet to files',
		package: 'aimlapi',
		workflows: ({ videosDir }) => ({ sheet: examples('e2e', videosDir).sheet }),
		async run(ctx, { sheet }) {
			const run = await ctx.execute(this.name, sheet);
			if (!ok(run)) return failedRow(ctx, this.name, NODES.sheet, run);
			const check = await checkVideoNode(
				ctx.report,
				this.name,
				run.runJson,
				NODES.sheet,
				{ count: 3, status: 'completed' },
				ctx.readBytes,
				ctx.emulator,
			);
			const saved = nodeItems(run.runJson, NODES.sheetSave) ?? [];
			const rowsOut = nodeItems(run.runJson, NODES.sheetRows) ?? [];
			const files = countMp4Files(ctx, run.runJson);
			// Per-row fields reach the API: the aspect ratio of each sheet row.
			const sentRatios = ctx.emulator.requests
				.slice(run.from)
				.filter((r) => r.route === 'create')
				.map((r) => (r.body as { aspect_ratio?: string }).aspect_ratio)
				.sort();
			const wantRatios = rowsOut.map((row) => String(row.json.aspect_ratio)).sort();
			const ratiosOk = ctx.report.check(
				JSON.stringify(sentRatios) === JSON.stringify(wantRatios),
				this.name,
				`aspect ratios sent ${JSON.stringify(sentRatios)}, rows have ${JSON.stringify(wantRatios)}`,
			);
			ctx.report.check(
				saved.length === 3,
				this.name,
				`"${NODES.sheetSave}" output ${saved.length} items`,
			);
			ctx.report.add(
				videoRow(
					this.name,
					run,
					check,
					`${files}/3 files on disk are MP4; aspect ratios ${ratiosOk ? 'sent per row' : 'WRONG'}`,
					files === 3 && ratiosOk && saved.length === 3,
				),
			);
		},
	},
	{
		name: 'c create/wait/get',
		package: 'aimlapi',
		workflows: ({ videosDir }) => ({ createGet: examples('e2e', videosDir).createGet }),
		async run(ctx, { createGet }) {
			const run = await ctx.execute(this.name, createGet);
			if (!ok(run)) return failedRow(ctx, this.name, NODES.got, run);
			const created = await checkVideoNode(
				ctx.report,
				this.name,
				run.runJson,
				NODES.created,
				{ count: 1, status: 'pending' },
				ctx.readBytes,
			);
			// Without wait, Create sends one request and returns: the first status check is Get's,
			// after the Wait node.
			const log = ctx.emulator.requests.slice(run.from);
			const createAt = log.find((r) => r.route === 'create')?.at ?? 0;
			const firstFetchAt = log.find((r) => r.route === 'fetch')?.at ?? 0;
			const quiet = ctx.report.check(
				createAt > 0 && firstFetchAt - createAt >= 900,
				this.name,
				`a status check came ${firstFetchAt - createAt} ms after the create, before the Wait node ended`,
			);
			ctx.report.add(
				videoRow(
					this.name,
					run,
					created,
					quiet
						? `first status check ${((firstFetchAt - createAt) / 1000).toFixed(1)} s later (after Wait)`
						: 'polled before Wait',
					quiet,
				),
			);
			const got = await checkVideoNode(
				ctx.report,
				this.name,
				run.runJson,
				NODES.got,
				{ count: 1, status: 'completed' },
				ctx.readBytes,
				ctx.emulator,
			);
			const createdId = created.items[0]?.json.id;
			const sameId = ctx.report.check(
				createdId !== undefined && createdId === got.items[0]?.json.id,
				this.name,
				`Get returned id ${String(got.items[0]?.json.id)}, Create ${String(createdId)}`,
			);
			const fetches = log.filter((r) => r.route === 'fetch').length;
			ctx.report.add(
				videoRow(this.name, run, got, `same id as Create; ${fetches} status checks`, sameId),
			);
		},
	},
	{
		name: 'd novita',
		package: 'novita',
		alone: true,
		workflows: () => ({ novita: novitaWorkflow('e2eNovitaVideo01') }),
		async run(ctx, { novita }) {
			const run = await ctx.execute(this.name, novita);
			if (!ok(run)) return failedRow(ctx, this.name, NODES.novita, run);
			const check = await checkVideoNode(
				ctx.report,
				this.name,
				run.runJson,
				NODES.novita,
				{ count: 1, status: 'completed' },
				ctx.readBytes,
				ctx.emulator,
			);
			ctx.report.add(videoRow(this.name, run, check, 'Novita credential and node'));
		},
	},
	{
		name: 'e novita sheet to files',
		package: 'novita',
		workflows: ({ videosDir }) => ({ sheet: novitaExamples('e2e', videosDir).sheet }),
		async run(ctx, { sheet }) {
			const run = await ctx.execute(this.name, sheet);
			if (!ok(run)) return failedRow(ctx, this.name, NODES.novitaSheet, run);
			const check = await checkVideoNode(
				ctx.report,
				this.name,
				run.runJson,
				NODES.novitaSheet,
				{ count: 3, status: 'completed' },
				ctx.readBytes,
				ctx.emulator,
			);
			const files = countMp4Files(ctx, run.runJson);
			// Per-row fields reach the API: each sheet row's size, in Wan 2.6's nested body.
			const sent = ctx.emulator.requests
				.slice(run.from)
				.filter((r) => r.route === 'create')
				.map((r) => (r.body as { parameters?: { size?: string } }).parameters?.size)
				.sort();
			const rowsOut = nodeItems(run.runJson, NODES.sheetRows) ?? [];
			const wanted = rowsOut.map((row) => String(row.json.size)).sort();
			const sizesOk = ctx.report.check(
				JSON.stringify(sent) === JSON.stringify(wanted),
				this.name,
				`sizes sent ${JSON.stringify(sent)}, rows have ${JSON.stringify(wanted)}`,
			);
			ctx.report.add(
				videoRow(
					this.name,
					run,
					check,
					`${files}/3 files on disk are MP4; sizes ${sizesOk ? 'sent per row' : 'WRONG'}`,
					files === 3 && sizesOk,
				),
			);
		},
	},
	imageRow('f images to videos', 'aimlapi', 'e2eImagesToVideo'),
	imageRow('g novita images to videos', 'novita', 'e2eNovitaImages1'),
	...AGENT_ROWS,
	{
		// Across all runs above: the key goes to the API host only, never to the CDN.
		name: 'all runs',
		workflows: () => ({}),
		async run(ctx) {
			const keys = checkKeyUse(ctx.report, 'key use', ctx.emulator);
			ctx.report.add(
				{
					case: this.name,
					ranOn: ctx.lastRanOn(),
					node: 'emulator log',
					items: keys.items,
					status: '-',
					binary: keys.binary,
					checks: keys.checks,
					seconds: '-',
				},
				keys.ok,
			);
		},
	},
];
