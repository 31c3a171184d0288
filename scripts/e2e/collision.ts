/**
 * End-to-end row: another community package with a credential named `aimlApi` (as the
 * n8n-nodes-aimlapi package has: `apiKey` and a hidden `url`) installed beside this one, in one
 * real n8n. n8n's credential type names are global (a later package's type replaces an earlier
 * one of the same name), so this package's types carry its own name.
 *
 * - side by side: both packages installed from their `npm pack` tarballs into one user folder;
 *   a workflow of each runs with `n8n execute`; each must succeed, and the emulator's log must
 *   show each node's requests carrying its own credential's key (and URL).
 * - control: the same, with the other package's credential renamed to this package's
 *   `aimlApiVideoAimlApi`: the check must see the collision (a run fails or a request carries
 *   the wrong key), or it could not catch one.
 *
 * Used by scripts/e2e/main.ts: `credentialCollisionRows(tarball, work)` returns rows in its table
 * format and the failures to report.
 */
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import type { IRunJson, WorkflowJson } from '../n8n-host';
import {
	binaryBytes,
	importCredentials,
	importWorkflowFolder,
	installPackage,
	isMp4,
	n8n,
	n8nEnv,
	nodeItems,
	PACKAGE,
	parseRun,
	ROOT,
	run,
	VIDEO_NODE_TYPE,
} from '../n8n-host';
import { ApiEmulator } from '../../tools/emulator/server';
import type { Row } from './report';

const FIXTURE_DIR = path.join(ROOT, 'test', 'e2e', 'fixtures', 'n8n-nodes-other-aimlapi');
const FIXTURE_NAME = 'n8n-nodes-other-aimlapi';
const OTHER_NODE_TYPE = `${FIXTURE_NAME}.otherAimlApi`;
const OUR_KEY = 'collision-our-video-key-0001';
const OTHER_KEY = 'collision-other-package-key-0002';
const EXECUTE_TIMEOUT_MS = 120_000;

/** A row of the e2e report; main.ts adds the n8n/Node it ran on. */
export type CollisionRow = Omit<Row, 'ranOn' | 'package'>;

interface RunOutcome {
	ok: boolean;
	problems: string[];
	seconds: string;
	items: number;
	summary: string;
	binary: string;
}

async function pack(dir: string, into: string): Promise<string> {
	const result = await run(
		'npm',
		['pack', '--json', '--pack-destination', into, '--loglevel=error'],
		{
			cwd: dir,
			timeoutMs: 60_000,
		},
	);
	if (result.code !== 0) throw new Error(`npm pack of ${dir} failed:\n${result.stderr}`);
	const [info] = JSON.parse(result.stdout.slice(result.stdout.indexOf('['))) as Array<{
		filename: string;
	}>;
	return path.join(into, info.filename);
}

/** The fixture, or a copy whose credential is named `credentialName` instead of `aimlApi`. */
async function packFixture(work: string, credentialName: string): Promise<string> {
	const out = path.join(work, `fixture-${credentialName}`);
	mkdirSync(out, { recursive: true });
	if (credentialName === 'aimlApi') return await pack(FIXTURE_DIR, out);
	const copy = path.join(out, 'src');
	cpSync(FIXTURE_DIR, copy, { recursive: true });
	for (const file of [
		'credentials/AimlApi.credentials.js',
		'nodes/OtherAimlApi/OtherAimlApi.node.js',
	]) {
		const target = path.join(copy, file);
		const text = readFileSync(target, 'utf8');
		const renamed = text.replaceAll(`'aimlApi'`, `'${credentialName}'`);
		if (renamed === text) throw new Error(`${file}: no 'aimlApi' to rename`);
		writeFileSync(target, renamed);
	}
	return await pack(copy, out);
}

function workflows(otherCredentialType: string): { ours: WorkflowJson; other: WorkflowJson } {
	const trigger = (id: string) => ({
		id,
		name: 'Start',
		type: 'n8n-nodes-base.manualTrigger',
		typeVersion: 1,
		position: [0, 0] as [number, number],
		parameters: {},
	});
	const link = (to: string) => ({ Start: { main: [[{ node: to, type: 'main', index: 0 }]] } });
	return {
		ours: {
			id: 'e2eCollisionOurs1',
			name: 'e2e: AIML API Video beside another aimlApi package',
			active: false,
			settings: { executionOrder: 'v1' },
			nodes: [
				trigger('c0111500-0000-4000-8000-000000000001'),
				{
					id: 'c0111500-0000-4000-8000-000000000002',
					name: 'Video',
					type: VIDEO_NODE_TYPE,
					typeVersion: 1,
					position: [220, 0],
					parameters: {
						provider: 'aimlapi',
						resource: 'video',
						operation: 'create',
						model: { __rl: true, mode: 'id', value: 'alibaba/wan-2-6-t2v' },
						prompt: 'Two packages, one n8n',
						waitForCompletion: true,
						pollInterval: 0.5,
						maxWait: 60,
						options: {},
					},
					credentials: {
						aimlApiVideoAimlApi: { id: 'colOurVideoCred1', name: 'AIML API (this package)' },
					},
				},
			],
			connections: link('Video'),
		},
		other: {
			id: 'e2eCollisionOther',
			name: 'e2e: the other aimlApi package',
			active: false,
			settings: { executionOrder: 'v1' },
			nodes: [
				trigger('c0111500-0000-4000-8000-000000000003'),
				{
					id: 'c0111500-0000-4000-8000-000000000004',
					name: 'Other',
					type: OTHER_NODE_TYPE,
					typeVersion: 1,
					position: [220, 0],
					parameters: {},
					credentials: {
						[otherCredentialType]: { id: 'colOtherAimlCred', name: 'aimlApi (other package)' },
					},
				},
			],
			connections: link('Other'),
		},
	};
}

function runProblems(runJson: IRunJson | undefined, code: number | null, timedOut: boolean) {
	if (timedOut) return [`n8n execute timed out after ${EXECUTE_TIMEOUT_MS / 1000} s`];
	if (!runJson) return [`no run JSON (exit ${code})`];
	if (runJson.status !== 'success') {
		const error = runJson.data.resultData.error;
		return [
			`run ${runJson.status} at "${runJson.data.resultData.lastNodeExecuted}": ${error?.message ?? ''}`.trim(),
		];
	}
	return [];
}

async function oneCase(
	label: string,
	otherCredentialType: string,
	fixtureTarball: string,
	tarball: string,
	work: string,
	emulator: ApiEmulator,
): Promise<{ ours: RunOutcome; other: RunOutcome }> {
	const userFolder = path.join(work, 'user');
	const wfDir = path.join(work, 'workflows');
	mkdirSync(wfDir, { recursive: true });
	await installPackage(userFolder, tarball);
	await installPackage(userFolder, fixtureTarball);
	const modules = path.join(userFolder, '.n8n', 'nodes', 'node_modules');
	for (const name of [PACKAGE.name, FIXTURE_NAME])
		if (!existsSync(path.join(modules, name, 'package.json')))
			throw new Error(`${label}: ${name} is not installed in ${modules}`);

	const env = n8nEnv(userFolder, {
		N8N_RUNNERS_BROKER_PORT: String(20000 + Math.floor(Math.random() * 20000)),
	});
	await importCredentials(
		[
			{
				id: 'colOurVideoCred1',
				name: 'AIML API (this package)',
				type: 'aimlApiVideoAimlApi',
				data: { apiKey: OUR_KEY, baseUrl: emulator.apiUrl },
			},
			{
				id: 'colOtherAimlCred',
				name: 'aimlApi (other package)',
				type: otherCredentialType,
				data: { apiKey: OTHER_KEY, url: `${emulator.apiUrl}/v1` },
			},
		],
		path.join(work, 'credentials.json'),
		env,
	);
	const { ours, other } = workflows(otherCredentialType);
	for (const workflow of [ours, other])
		writeFileSync(path.join(wfDir, `${workflow.id}.json`), JSON.stringify(workflow, null, 2));
	await importWorkflowFolder(wfDir, env);

	const execute = async (workflow: WorkflowJson) => {
		const from = emulator.requests.length;
		const result = await n8n(
			['execute', `--id=${workflow.id}`, '--rawOutput'],
			env,
			EXECUTE_TIMEOUT_MS,
		);
		const runJson = parseRun(result.stdout);
		return {
			runJson,
			problems: runProblems(runJson, result.code, result.timedOut),
			seconds: (result.ms / 1000).toFixed(1),
			requests: emulator.requests.slice(from).filter((r) => r.origin === 'api'),
		};
	};

	// This package's node: a video, and every API request with this package's key.
	const a = await execute(ours);
	const oursOut: RunOutcome = {
		ok: false,
		problems: a.problems,
		seconds: a.seconds,
		items: 0,
		summary: '-',
		binary: '-',
	};
	if (a.runJson && a.problems.length === 0) {
		const items = nodeItems(a.runJson, 'Video') ?? [];
		const item = items[0];
		const bytes = item?.binary?.data ? binaryBytes(userFolder, item.binary.data) : undefined;
		oursOut.items = items.length;
		oursOut.summary = items.map((i) => String(i.json.status)).join(', ') || '-';
		oursOut.binary = isMp4(bytes) ? '1/1 MP4' : 'no MP4';
		if (items.length !== 1 || item?.json.status !== 'completed')
			a.problems.push(`expected 1 completed item, got ${oursOut.summary}`);
		if (!isMp4(bytes)) a.problems.push('no MP4 in binary "data"');
	}
	const oursWrongKey = a.requests.filter((r) => r.headers.authorization !== `Bearer ${OUR_KEY}`);
	if (a.requests.length === 0) a.problems.push('no request reached the emulator');
	if (oursWrongKey.length)
		a.problems.push(
			`${oursWrongKey.length}/${a.requests.length} requests without this package's key (${oursWrongKey.map((r) => `${r.method} ${r.path} ${r.status}`).join(', ')})`,
		);
	oursOut.ok = a.problems.length === 0;

	// The other package's node: GET <its url>/assistants with its own key, answered 200.
	const b = await execute(other);
	const otherOut: RunOutcome = {
		ok: false,
		problems: b.problems,
		seconds: b.seconds,
		items: 0,
		summary: '-',
		binary: '-',
	};
	if (b.runJson && b.problems.length === 0) {
		const items = nodeItems(b.runJson, 'Other') ?? [];
		otherOut.items = items.length;
		otherOut.summary = items.map((i) => String(i.json.url).replace(emulator.apiUrl, '')).join(', ');
	}
	const assistants = b.requests.filter(
		(r) =>
			r.path === '/v1/assistants' &&
			r.status === 200 &&
			r.headers.authorization === `Bearer ${OTHER_KEY}`,
	);
	if (b.requests.length === 0) b.problems.push('no request reached the emulator');
	else if (assistants.length !== b.requests.length)
		b.problems.push(
			`requests: ${b.requests.map((r) => `${r.method} ${r.path} ${r.status} key ${String(r.headers.authorization).slice(7, 20)}…`).join(', ')}; expected GET /v1/assistants 200 with the other package's key`,
		);
	otherOut.ok = b.problems.length === 0;
	return { ours: oursOut, other: otherOut };
}

export async function credentialCollisionRows(
	tarball: string,
	work: string,
): Promise<{ rows: CollisionRow[]; failures: string[] }> {
	const rows: CollisionRow[] = [];
	const failures: string[] = [];
	const base = path.join(work, 'collision');
	mkdirSync(base, { recursive: true });
	const emulator = await new ApiEmulator({
		jobDurationMs: 1000,
		keys: { aimlapi: [OUR_KEY, OTHER_KEY], novita: [] },
	}).start();
	try {
		// 1. Side by side: the fixture's `aimlApi` and this package's types in one n8n.
		const fixture = await packFixture(base, 'aimlApi');
		const side = await oneCase(
			'side by side',
			'aimlApi',
			fixture,
			tarball,
			path.join(base, 'side-by-side'),
			emulator,
		);
		const name = 'e beside aimlApi pkg';
		rows.push({
			case: name,
			node: 'Video (this package)',
			items: String(side.ours.items),
			status: side.ours.summary,
			binary: side.ours.binary,
			checks: side.ours.ok
				? `every request with this package's key`
				: side.ours.problems.join('; '),
			seconds: side.ours.seconds,
			result: side.ours.ok ? 'PASS' : 'FAIL',
		});
		rows.push({
			case: name,
			node: `Other (${FIXTURE_NAME})`,
			items: String(side.other.items),
			status: side.other.summary,
			binary: 'none (as expected)',
			checks: side.other.ok
				? `credential aimlApi: GET /v1/assistants 200 with its own key`
				: side.other.problems.join('; '),
			seconds: side.other.seconds,
			result: side.other.ok ? 'PASS' : 'FAIL',
		});
		for (const [who, out] of [
			['this package', side.ours],
			['other package', side.other],
		] as const)
			if (!out.ok) failures.push(`${name} / ${who}: ${out.problems.join('; ')}`);

		// 2. Control: the other package's credential takes this package's name. The same checks
		//    must see it, or they could not catch a collision.
		const clashing = await packFixture(base, 'aimlApiVideoAimlApi');
		const control = await oneCase(
			'control',
			'aimlApiVideoAimlApi',
			clashing,
			tarball,
			path.join(base, 'control'),
			emulator,
		);
		const detected = !control.ours.ok || !control.other.ok;
		const seen = [
			...control.ours.problems.map((p) => `this package: ${p}`),
			...control.other.problems.map((p) => `other: ${p}`),
		];
		rows.push({
			case: 'e control: same name',
			node: 'both',
			items: '-',
			status: '-',
			binary: '-',
			checks: detected
				? `collision seen: ${seen.join('; ').slice(0, 160)}`
				: 'both ran fine with one credential name: the check cannot see a collision',
			seconds: (Number(control.ours.seconds) + Number(control.other.seconds)).toFixed(1),
			result: detected ? 'PASS' : 'FAIL',
		});
		if (!detected) failures.push('e control: a credential-name collision went unnoticed');
	} finally {
		await emulator.stop();
	}
	return { rows, failures };
}
