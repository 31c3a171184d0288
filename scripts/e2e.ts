/**
 * End-to-end test in a real n8n (2.8.4, from test/e2e/n8n-host): the package is packed with
 * `npm pack`, installed into a fresh n8n user folder as a community package, and the example
 * workflows of examples/ run with `n8n execute` against the local API emulator.
 *   npm run test:e2e            (setup + build + this script)
 *   node -r ./scripts/ts-register.js scripts/e2e.ts [--keep]   (--keep: leave the temp folder)
 * Exits non-zero when any check fails.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import type { IRunJson, ItemJson, WorkflowJson } from './n8n-host';
import {
	binaryBytes,
	CREDENTIAL_PLACEHOLDER,
	importCredentials,
	importWorkflowFolder,
	installPackage,
	isMp4,
	killChildren,
	N8N_BIN,
	n8n,
	n8nEnv,
	nodeItems,
	packPackage,
	parseRun,
	readExample,
	useCredential,
	VIDEO_NODE_TYPE,
} from './n8n-host';
import { credentialCollisionRows } from './e2e-collision';
import { ApiEmulator } from '../tools/emulator/server';

const KEEP = process.argv.includes('--keep');
const JOB_MS = 2000;
const EXECUTE_TIMEOUT_MS = 120_000;

const AIML_CREDENTIAL = { id: 'e2eAimlApiCred01', name: 'AIML API (emulator)' };
const NOVITA_CREDENTIAL = { id: 'e2eNovitaCred001', name: 'Novita AI (emulator)' };

interface Row {
	case: string;
	node: string;
	items: string;
	status: string;
	binary: string;
	checks: string;
	seconds: string;
	result: 'PASS' | 'FAIL';
}

const rows: Row[] = [];
const failures: string[] = [];

function fail(where: string, message: string): void {
	failures.push(`${where}: ${message}`);
}

/** Settings that make the examples quick against the emulator; the structure stays as shipped. */
function forTest(
	workflow: WorkflowJson,
	id: string,
	tweak: (node: WorkflowJson['nodes'][number]) => void = () => {},
): WorkflowJson {
	useCredential(workflow, AIML_CREDENTIAL);
	workflow.id = id;
	workflow.active = false;
	for (const node of workflow.nodes) {
		if (node.type === VIDEO_NODE_TYPE) {
			if (node.parameters.waitForCompletion !== false) {
				node.parameters.pollInterval = 0.5;
				node.parameters.maxWait = 60;
			}
		}
		// `n8n execute` can only start from a Manual Trigger: the schedule itself is n8n's business.
		if (node.type === 'n8n-nodes-base.scheduleTrigger') {
			node.type = 'n8n-nodes-base.manualTrigger';
			node.typeVersion = 1;
			node.parameters = {};
		}
		if (node.type === 'n8n-nodes-base.wait')
			node.parameters = { ...node.parameters, amount: 1, unit: 'seconds' };
		tweak(node);
	}
	const leftovers = JSON.stringify(workflow).includes(CREDENTIAL_PLACEHOLDER);
	if (leftovers) throw new Error(`${workflow.name}: a credential placeholder is left`);
	return workflow;
}

function videoNodeCheck(
	caseName: string,
	runJson: IRunJson,
	nodeName: string,
	userFolder: string,
	expect: { count: number; status: 'completed' | 'pending' },
): { items: ItemJson[]; row: Omit<Row, 'case' | 'seconds' | 'result'>; ok: boolean } {
	const where = `${caseName} / ${nodeName}`;
	const before = failures.length;
	const items = nodeItems(runJson, nodeName) ?? [];
	if (items.length !== expect.count)
		fail(where, `expected ${expect.count} items, got ${items.length}`);
	const statuses = items.map((item) => String(item.json.status));
	let mp4s = 0;
	for (const [index, item] of items.entries()) {
		const json = item.json;
		if (json.provider === undefined || json.model === undefined || !json.id)
			fail(
				where,
				`item ${index}: id/model/provider missing: ${JSON.stringify(json).slice(0, 200)}`,
			);
		if (item.pairedItem === undefined) fail(where, `item ${index}: no pairedItem`);
		if (expect.status === 'completed') {
			if (json.status !== 'completed')
				fail(where, `item ${index}: status ${String(json.status)} (${JSON.stringify(json.error)})`);
			const binary = item.binary?.data;
			if (!binary) {
				fail(where, `item ${index}: no binary "data"`);
				continue;
			}
			const bytes = binaryBytes(userFolder, binary);
			if (!isMp4(bytes))
				fail(
					where,
					`item ${index}: binary is not an MP4 (${bytes ? bytes.subarray(0, 8).toString('hex') : 'no bytes'})`,
				);
			else mp4s++;
			if (binary.mimeType !== 'video/mp4')
				fail(where, `item ${index}: mimeType ${binary.mimeType}`);
			const video = json.video as { fileSize?: number; binaryProperty?: string } | undefined;
			if (bytes && video?.fileSize !== bytes.length)
				fail(where, `item ${index}: video.fileSize ${video?.fileSize} but ${bytes.length} bytes`);
			if (video?.binaryProperty !== 'data')
				fail(where, `item ${index}: video.binaryProperty ${video?.binaryProperty}`);
		} else {
			if (json.status === 'completed' || json.status === 'error' || json.status === 'failed')
				fail(where, `item ${index}: expected a pending status, got ${String(json.status)}`);
			if (item.binary) fail(where, `item ${index}: unexpected binary`);
		}
	}
	const counts = [...new Set(statuses)]
		.map((status) => `${statuses.filter((s) => s === status).length}x ${status}`)
		.join(', ');
	return {
		items,
		ok: failures.length === before,
		row: {
			node: nodeName,
			items: String(items.length),
			status: counts || '-',
			binary: expect.status === 'completed' ? `${mp4s}/${items.length} MP4` : 'none (as expected)',
			checks: '',
		},
	};
}

function table(): string {
	const headers: Record<keyof Row, string> = {
		case: 'case',
		node: 'node',
		items: 'items',
		status: 'status',
		binary: 'binary',
		checks: 'checks',
		seconds: 's',
		result: 'result',
	};
	const keys = Object.keys(headers) as Array<keyof Row>;
	const all: Array<Record<keyof Row, string>> = [headers, ...rows];
	const widths = keys.map((key) => Math.max(...all.map((row) => row[key].length)));
	const line = (row: Record<keyof Row, string>) =>
		keys.map((key, i) => row[key].padEnd(widths[i])).join(' | ');
	return [line(headers), widths.map((w) => '-'.repeat(w)).join('-|-'), ...rows.map(line)].join(
		'\n',
	);
}

async function main() {
	const started = Date.now();
	const work = mkdtempSync(path.join(tmpdir(), 'aimlapi-video-e2e-'));
	const userFolder = path.join(work, 'user');
	const videosDir = path.join(work, 'videos');
	const workflowsDir = path.join(work, 'workflows');
	for (const dir of [userFolder, videosDir, workflowsDir]) mkdirSync(dir, { recursive: true });
	process.on('SIGINT', () => {
		killChildren();
		process.exit(130);
	});

	console.log(
		`n8n: ${N8N_BIN} (${JSON.parse(readFileSync(path.join(path.dirname(N8N_BIN), '..', 'package.json'), 'utf8')).version})`,
	);
	console.log(`work folder: ${work}`);

	// 1. The package as users get it: npm pack, then a community-package install.
	const tarball = await packPackage(work);
	const installed = await installPackage(userFolder, tarball);
	console.log(`installed ${path.basename(tarball)} into ${installed}`);

	// 2. The emulator, in this process, so its request log can be checked.
	const emulator = await new ApiEmulator({ jobDurationMs: JOB_MS }).start();
	console.log(`emulator: api ${emulator.apiUrl}, cdn ${emulator.cdnUrl}, jobs ${JOB_MS} ms`);

	try {
		// A free task-broker port of our own, so a running `npm run dev` (5679) does not collide.
		const env = n8nEnv(userFolder, {
			N8N_RESTRICT_FILE_ACCESS_TO: videosDir,
			N8N_RUNNERS_BROKER_PORT: String(20000 + Math.floor(Math.random() * 20000)),
		});

		// 3. Credentials with plain data: `n8n import:credentials` encrypts an object `data`.
		let t = Date.now();
		await importCredentials(
			[
				{
					...AIML_CREDENTIAL,
					type: 'aimlApiVideoAimlApi',
					data: { apiKey: emulator.config.keys.aimlapi[0], baseUrl: emulator.apiUrl },
				},
				{
					...NOVITA_CREDENTIAL,
					type: 'aimlApiVideoNovitaAiApi',
					data: { apiKey: emulator.config.keys.novita[0], baseUrl: emulator.apiUrl },
				},
			],
			path.join(work, 'credentials.json'),
			env,
		);
		console.log(
			`imported 2 credentials (${((Date.now() - t) / 1000).toFixed(1)} s, includes the first database migration)`,
		);

		// 4. The examples, rewritten for speed, plus a Novita AI run (no example uses it).
		const scheduled = forTest(readExample('scheduled-prompts-to-videos.json'), 'e2eScheduledVids1');
		const sheet = forTest(readExample('sheet-batch-to-files.json'), 'e2eSheetToFiles01', (node) => {
			if (node.type === 'n8n-nodes-base.code' && typeof node.parameters.jsCode === 'string') {
				node.parameters.jsCode = node.parameters.jsCode.replace(
					/const OUTPUT_FOLDER = '[^']*';/,
					`const OUTPUT_FOLDER = ${JSON.stringify(videosDir)};`,
				);
			}
		});
		const createGet = forTest(readExample('create-wait-get.json'), 'e2eCreateWaitGet1');
		const novita: WorkflowJson = {
			id: 'e2eNovitaVideo001',
			name: 'e2e: Novita AI video',
			active: false,
			settings: { executionOrder: 'v1' },
			nodes: [
				{
					id: 'b0c0a7d2-0000-4000-8000-000000000001',
					name: 'Start',
					type: 'n8n-nodes-base.manualTrigger',
					typeVersion: 1,
					position: [0, 0],
					parameters: {},
				},
				{
					id: 'b0c0a7d2-0000-4000-8000-000000000002',
					name: 'Novita video (wait)',
					type: VIDEO_NODE_TYPE,
					typeVersion: 1,
					position: [220, 0],
					parameters: {
						provider: 'novita',
						resource: 'video',
						operation: 'create',
						prompt: 'A hot air balloon over a desert at sunrise',
						novitaSize: '832x480',
						waitForCompletion: true,
						pollInterval: 0.5,
						maxWait: 60,
						options: {},
					},
					credentials: { aimlApiVideoNovitaAiApi: NOVITA_CREDENTIAL },
				},
			],
			connections: { Start: { main: [[{ node: 'Novita video (wait)', type: 'main', index: 0 }]] } },
		};
		for (const workflow of [scheduled, sheet, createGet, novita]) {
			writeFileSync(
				path.join(workflowsDir, `${workflow.id}.json`),
				JSON.stringify(workflow, null, 2),
			);
		}
		t = Date.now();
		await importWorkflowFolder(workflowsDir, env);
		console.log(`imported 4 workflows (${((Date.now() - t) / 1000).toFixed(1)} s)\n`);

		const execute = async (
			caseName: string,
			workflow: WorkflowJson,
		): Promise<{ runJson?: IRunJson; seconds: string; from: number }> => {
			const from = emulator.requests.length;
			const result = await n8n(
				['execute', `--id=${workflow.id}`, '--rawOutput'],
				env,
				EXECUTE_TIMEOUT_MS,
			);
			const seconds = (result.ms / 1000).toFixed(1);
			const runJson = parseRun(result.stdout);
			if (result.timedOut)
				fail(caseName, `n8n execute timed out after ${EXECUTE_TIMEOUT_MS / 1000} s`);
			else if (result.code !== 0) fail(caseName, `n8n execute exited ${result.code}`);
			if (!runJson) fail(caseName, 'no run JSON in the output');
			else if (runJson.status !== 'success') {
				const error = runJson.data.resultData.error;
				fail(
					caseName,
					`run status ${runJson.status} at "${runJson.data.resultData.lastNodeExecuted}": ${error?.message ?? ''} ${error?.description ?? ''}`.trim(),
				);
			}
			if (!runJson || runJson.status !== 'success') {
				console.log(
					`--- ${caseName}: n8n execute output (exit ${result.code}, ${seconds} s) ---\n${result.stdout.slice(-4000)}\n${result.stderr.slice(-2000)}\n---`,
				);
			}
			return { runJson, seconds, from };
		};
		const addRow = (
			caseName: string,
			seconds: string,
			check: { row: Omit<Row, 'case' | 'seconds' | 'result'>; ok: boolean },
			extra: string,
			extraOk: boolean,
		) => {
			rows.push({
				case: caseName,
				seconds,
				...check.row,
				checks: extra,
				result: check.ok && extraOk ? 'PASS' : 'FAIL',
			});
		};
		const failedRow = (caseName: string, node: string, seconds: string) =>
			rows.push({
				case: caseName,
				node,
				items: '-',
				status: 'run failed',
				binary: '-',
				checks: failures[failures.length - 1] ?? '',
				seconds,
				result: 'FAIL',
			});

		// (a) Scheduled prompt list → videos.
		{
			const name = 'a scheduled prompts';
			const { runJson, seconds } = await execute(name, scheduled);
			if (runJson?.status === 'success') {
				const check = videoNodeCheck(
					name,
					runJson,
					'Create videos (wait until ready)',
					userFolder,
					{ count: 3, status: 'completed' },
				);
				const ids = new Set(check.items.map((item) => item.json.id));
				const ok = ids.size === 3;
				if (!ok) fail(name, 'the three videos do not have three ids');
				addRow(name, seconds, check, `${ids.size} distinct ids`, ok);
			} else failedRow(name, 'Create videos (wait until ready)', seconds);
		}

		// (b) Sheet rows → videos → MP4 files on disk.
		{
			const name = 'b sheet to files';
			const { runJson, seconds, from } = await execute(name, sheet);
			if (runJson?.status === 'success') {
				const check = videoNodeCheck(name, runJson, 'Generate videos (Wan 2.1 Turbo)', userFolder, {
					count: 3,
					status: 'completed',
				});
				const saved = nodeItems(runJson, 'Save MP4 to disk') ?? [];
				const rowsOut = nodeItems(runJson, 'Video list (sheet rows)') ?? [];
				let files = 0;
				for (const row of rowsOut) {
					const file = String(row.json.filePath);
					let bytes: Buffer | undefined;
					try {
						bytes = readFileSync(file);
					} catch {
						bytes = undefined;
					}
					if (!file.startsWith(videosDir)) fail(name, `file path ${file} is not in ${videosDir}`);
					else if (!isMp4(bytes)) fail(name, `${file}: ${bytes ? 'not an MP4' : 'missing'}`);
					else files++;
				}
				// Per-row fields reach the API: the aspect ratio of each sheet row.
				const sentRatios = emulator.requests
					.slice(from)
					.filter((r) => r.route === 'create')
					.map((r) => (r.body as { aspect_ratio?: string }).aspect_ratio)
					.sort();
				const wantRatios = rowsOut.map((row) => String(row.json.aspect_ratio)).sort();
				const ratiosOk = JSON.stringify(sentRatios) === JSON.stringify(wantRatios);
				if (!ratiosOk)
					fail(
						name,
						`aspect ratios sent ${JSON.stringify(sentRatios)}, rows have ${JSON.stringify(wantRatios)}`,
					);
				if (saved.length !== 3) fail(name, `"Save MP4 to disk" output ${saved.length} items`);
				addRow(
					name,
					seconds,
					check,
					`${files}/3 files on disk are MP4; aspect ratios ${ratiosOk ? 'sent per row' : 'WRONG'}`,
					files === 3 && ratiosOk && saved.length === 3,
				);
			} else failedRow(name, 'Generate videos (Wan 2.1 Turbo)', seconds);
		}

		// (c) Create (no wait) → Wait → Get Video (wait).
		{
			const name = 'c create/wait/get';
			const { runJson, seconds, from } = await execute(name, createGet);
			if (runJson?.status === 'success') {
				const created = videoNodeCheck(name, runJson, 'Start generation (no wait)', userFolder, {
					count: 1,
					status: 'pending',
				});
				// Without wait, Create sends one request and returns: the first status check is Get's, after the Wait node.
				const log = emulator.requests.slice(from);
				const createAt = log.find((r) => r.route === 'create')?.at ?? 0;
				const firstFetchAt = log.find((r) => r.route === 'fetch')?.at ?? 0;
				const quiet = createAt > 0 && firstFetchAt - createAt >= 900;
				if (!quiet)
					fail(
						name,
						`a status check came ${firstFetchAt - createAt} ms after the create, before the Wait node ended`,
					);
				addRow(
					name,
					seconds,
					created,
					quiet
						? `first status check ${((firstFetchAt - createAt) / 1000).toFixed(1)} s later (after Wait)`
						: 'polled before Wait',
					created.ok && quiet,
				);
				const got = videoNodeCheck(name, runJson, 'Get video (wait until ready)', userFolder, {
					count: 1,
					status: 'completed',
				});
				const sameId =
					created.items[0]?.json.id !== undefined &&
					created.items[0]?.json.id === got.items[0]?.json.id;
				if (!sameId)
					fail(
						name,
						`Get returned id ${String(got.items[0]?.json.id)}, Create ${String(created.items[0]?.json.id)}`,
					);
				const fetches = emulator.requests.slice(from).filter((r) => r.route === 'fetch').length;
				addRow(name, seconds, got, `same id as Create; ${fetches} status checks`, sameId);
			} else failedRow(name, 'Get video (wait until ready)', seconds);
		}

		// (d) Novita AI provider, with its own credential type.
		{
			const name = 'd novita';
			const { runJson, seconds } = await execute(name, novita);
			if (runJson?.status === 'success') {
				const check = videoNodeCheck(name, runJson, 'Novita video (wait)', userFolder, {
					count: 1,
					status: 'completed',
				});
				addRow(name, seconds, check, '', true);
			} else failedRow(name, 'Novita video (wait)', seconds);
		}

		// Across all runs: the key goes to the API host only, never to the CDN.
		const cdn = emulator.requests.filter((r) => r.origin === 'cdn');
		const leaked = cdn.filter((r) => r.headers.authorization !== undefined);
		const api = emulator.requests.filter((r) => r.origin === 'api');
		const wrongKey = api.filter((r) => {
			const key =
				r.provider === 'novita' ? emulator.config.keys.novita[0] : emulator.config.keys.aimlapi[0];
			return r.headers.authorization !== `Bearer ${key}`;
		});
		if (cdn.length === 0) fail('cdn', 'no download reached the CDN');
		if (leaked.length) fail('cdn', `${leaked.length} CDN requests carried an Authorization header`);
		if (wrongKey.length)
			fail(
				'api',
				`${wrongKey.length} API requests without the right Bearer key: ${wrongKey.map((r) => `${r.method} ${r.path}`).join(', ')}`,
			);
		rows.push({
			case: 'all runs',
			node: 'emulator log',
			items: `${api.length} api`,
			status: '-',
			binary: `${cdn.length} cdn`,
			checks: `Authorization on CDN: ${leaked.length}; API requests without the right key: ${wrongKey.length}`,
			seconds: '-',
			result: cdn.length > 0 && leaked.length === 0 && wrongKey.length === 0 ? 'PASS' : 'FAIL',
		});
	} finally {
		await emulator.stop();
	}

	// (e) Another package with an `aimlApi` credential installed beside this one (e2e-collision.ts).
	const collision = await credentialCollisionRows(tarball, work);
	rows.push(...collision.rows);
	failures.push(...collision.failures);

	console.log(table());
	console.log(
		`\n${failures.length === 0 ? 'PASS' : 'FAIL'}: ${rows.filter((r) => r.result === 'PASS').length}/${rows.length} rows passed in ${((Date.now() - started) / 1000).toFixed(1)} s (n8n 2.8.4, package installed from the npm pack tarball)`,
	);
	if (failures.length) {
		console.log('\nFailures:');
		for (const failure of failures) console.log(`  - ${failure}`);
		console.log(`\nThe work folder is kept for inspection: ${work}`);
		process.exitCode = 1;
	} else if (KEEP) {
		console.log(`work folder kept: ${work}`);
	} else {
		rmSync(work, { recursive: true, force: true });
	}
}

main().catch((error: unknown) => {
	killChildren();
	console.error(error instanceof Error ? error.message : error);
	process.exit(1);
});
