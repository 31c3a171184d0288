/**
 * The browser suite's checks: what a person does in the n8n editor, and what they must see.
 * Each check throws with what it saw when it fails, and saves a screenshot named by its id.
 */
import path from 'node:path';

import { selectors } from 'playwright-core';
import type { BrowserContext, Locator, Page } from 'playwright-core';

import type { ApiEmulator } from '../../tools/emulator/server';
import type { Server } from './server';
import { CREDENTIALS, VIDEO_NODES, WORKFLOW_IDS } from './workflows';

export interface Suite {
	server: Server;
	context: BrowserContext;
	emulator: ApiEmulator;
	shotsDir: string;
	keys: { aimlapi: string; novita: string };
	label: string;
}

export interface Check {
	id: string;
	name: string;
	/** Resolves with a short note of what was seen; throws when the check fails. */
	run: (suite: Suite) => Promise<string | void>;
}

selectors.setTestIdAttribute('data-test-id');

const AIML = 'AIML API Video';
const NOVITA = 'Novita AI Video';

/** What each search must find in the node panel, and what it must not. */
export const SEARCHES: Array<{ term: string; find: string[] }> = [
	{ term: 'AIML API Video', find: [AIML] },
	{ term: 'Novita', find: [NOVITA] },
	{ term: 'video', find: [AIML, NOVITA] },
	{ term: 'text to video', find: [AIML, NOVITA] },
	{ term: 'generate video', find: [AIML, NOVITA] },
	{ term: 'Wan', find: [AIML, NOVITA] },
];

function fail(message: string): never {
	throw new Error(message);
}

async function page(suite: Suite): Promise<Page> {
	const existing = suite.context.pages()[0];
	return existing ?? (await suite.context.newPage());
}

async function shot(suite: Suite, p: Page, name: string): Promise<void> {
	await p.screenshot({ path: path.join(suite.shotsDir, `${name}.png`) });
}

async function closeToasts(p: Page): Promise<void> {
	for (const button of await p.locator('.el-notification__closeBtn').all())
		await button.click({ timeout: 1000 }).catch(() => undefined);
}

async function openWorkflow(suite: Suite, id: string): Promise<Page> {
	const p = await page(suite);
	await p.goto(`${suite.server.base}/workflow/${id}`);
	await p.locator('[data-test-id="canvas-node"]').first().waitFor({ timeout: 60_000 });
	await p.waitForTimeout(500);
	return p;
}

function canvasNode(p: Page, name: string): Locator {
	return p.locator(`[data-test-id="canvas-node"][data-node-name="${name}"]`);
}

/** Names the node panel lists for a search (after typing `term` into its search bar). */
async function searchPanel(p: Page, term: string): Promise<string[]> {
	const bar = p.getByTestId('node-creator-search-bar');
	// The panel's shortcut: Tab in n8n 2.8, N since (2.41 says "Press N to browse nodes").
	for (const key of ['Tab', 'n']) {
		if (await bar.isVisible().catch(() => false)) break;
		await p.locator('body').press(key);
		await bar.waitFor({ timeout: 3000 }).catch(() => undefined);
	}
	await bar.waitFor({ timeout: 5000 });
	await bar.fill(term);
	// The list settles a moment after the input: read it until it reads the same twice.
	const names = p.getByTestId('node-creator-item-name');
	let last = '';
	for (let round = 0; round < 30; round++) {
		await p.waitForTimeout(150);
		const now = JSON.stringify(await names.allInnerTexts());
		if (now === last && round >= 2) break;
		last = now;
	}
	return (JSON.parse(last) as string[]).map((t) => t.trim());
}

async function searchIn(suite: Suite, view: 'trigger' | 'regular'): Promise<string> {
	const p =
		view === 'trigger'
			? await (async () => {
					const fresh = await page(suite);
					await fresh.goto(`${suite.server.base}/workflow/new`);
					await fresh.getByText('Add first step').first().waitFor({ timeout: 60_000 });
					await fresh.waitForTimeout(500);
					return fresh;
				})()
			: await openWorkflow(suite, WORKFLOW_IDS.emptyPrompt);
	const problems: string[] = [];
	// Every term after a trigger (where a person adds a step); in a new workflow's trigger view,
	// where the nodes are offered too, the service names and "video" (keeps the suite short).
	const searches =
		view === 'regular'
			? SEARCHES
			: SEARCHES.filter(({ term }) => !term.includes(' ') || term === AIML);
	for (const { term, find } of searches) {
		const names = await searchPanel(p, term);
		await shot(suite, p, `search-${view}-${term.replace(/\W+/g, '-').toLowerCase()}`);
		const missing = find.filter((name) => !names.includes(name));
		if (missing.length)
			problems.push(
				`"${term}" lists [${names.join(', ') || 'nothing'}], not ${missing.join(', ')}`,
			);
	}
	await p.keyboard.press('Escape');
	if (problems.length) fail(`the ${view} view's search: ${problems.join('; ')}`);
	return `${searches.length} searches each list ${searches.map(({ find }) => find.length).join('/')} of the nodes`;
}

/** Parameter names the open node panel shows. */
async function shownParameters(p: Page): Promise<string[]> {
	return await p.evaluate(() =>
		Array.from(document.querySelectorAll('[data-test-id="ndv"] [data-test-id^="parameter-input-"]'))
			.map((e) => e.getAttribute('data-test-id')!.slice('parameter-input-'.length))
			.filter((name) => name !== 'field'),
	);
}

async function addFromPanel(suite: Suite): Promise<string> {
	const p = await openWorkflow(suite, WORKFLOW_IDS.emptyPrompt);
	await searchPanel(p, AIML);
	await p
		.getByTestId('node-creator-item-name')
		.filter({ hasText: new RegExp(`^${AIML}$`) })
		.click();
	const action = p.getByTestId('node-creator-item-name').filter({ hasText: 'Create a video' });
	await action.waitFor({ timeout: 10_000 });
	await shot(suite, p, 'add-actions');
	const modelsBefore = suite.emulator.sent('models').length;
	await action.click();
	const ndv = p.getByTestId('ndv');
	await ndv.waitFor({ timeout: 15_000 });
	await p.getByTestId('parameter-input-prompt').waitFor();
	const operation = await p.getByTestId('parameter-input-operation').locator('input').inputValue();
	if (operation !== 'Create Video') fail(`the new node's operation is "${operation}"`);
	const credential = await p.getByTestId('node-credentials-select').locator('input').inputValue();
	if (credential !== CREDENTIALS.aimlapi.name) fail(`the credential chosen is "${credential}"`);
	const defaults: Record<string, string> = {};
	for (const name of ['resolution', 'aspectRatio', 'duration'])
		defaults[name] = await p.getByTestId(`parameter-input-${name}`).locator('input').inputValue();
	const expected = { resolution: '1080p', aspectRatio: '16:9', duration: '10 Seconds' };
	if (JSON.stringify(defaults) !== JSON.stringify(expected))
		fail(`defaults ${JSON.stringify(defaults)}, expected ${JSON.stringify(expected)}`);
	const before = await shownParameters(p);
	if (!before.includes('simplify') || before.includes('output'))
		fail(`the node panel (normal use) should show Simplify and no Output: ${before.join(', ')}`);
	await shot(suite, p, 'add-create-video');

	// The model list (From List) comes from the emulator, with the catalog's marks.
	await p.getByTestId('rlc-input').click();
	const items = p.getByTestId('rlc-item');
	await items.nth(5).waitFor({ timeout: 20_000 });
	await p.waitForTimeout(500);
	const names = (await items.allInnerTexts()).map((t) => t.trim());
	await shot(suite, p, 'add-model-list');
	if (suite.emulator.sent('models').length <= modelsBefore)
		fail('the model list did not ask the emulator for its models');
	const known = names.filter((name) => name.endsWith('✓'));
	if (known.length < 5) fail(`the list shows ${known.length} models with ✓: ${names.join(' | ')}`);
	if (!names.some((name) => /\(Deprecated\)/.test(name)))
		fail(`no model marked (Deprecated): ${names.join(' | ')}`);
	if (!names.some((name) => /\(Superseded by [^)]+\)/.test(name)))
		fail(`no model marked (Superseded by …): ${names.join(' | ')}`);
	if (!names.some((name) => !name.endsWith('✓')))
		fail('no model of the API beyond the catalog (the list did not load)');
	// Another model: its own fields.
	await items.filter({ hasText: 'Krea Wan 14B' }).click();
	await p.waitForTimeout(800);
	const after = await shownParameters(p);
	await shot(suite, p, 'add-model-switched');
	const gone = before.filter((name) => !after.includes(name));
	const added = after.filter((name) => !before.includes(name));
	if (!gone.length || !added.length)
		fail(`switching to Krea Wan 14B kept the fields: ${after.join(', ')}`);
	await p.getByTestId('ndv-close-button').click();
	return `${known.length} models with ✓ of ${names.length}; Krea Wan 14B hides ${gone.join(', ')} and shows ${added.join(', ')}`;
}

/**
 * Sets fields in the open credential dialog and saves, which tests the credential; then reads
 * the dialog's test banner until it says what `expected` matches (the banner of the test n8n
 * ran when the dialog opened is there before), or 20 s have passed.
 */
async function testCredential(
	p: Page,
	fields: Record<string, string>,
	expected: RegExp,
): Promise<string> {
	const dialog = p.getByTestId('credential-edit-dialog');
	for (const [name, value] of Object.entries(fields))
		await dialog.getByTestId(`parameter-input-${name}`).locator('input').fill(value);
	await p.getByTestId('credential-save-button').click();
	const details = dialog.getByText('More details');
	let text = '';
	const deadline = Date.now() + 20_000;
	while (Date.now() < deadline) {
		if (await details.isVisible().catch(() => false)) await details.click().catch(() => undefined);
		// What a person reads: the dialog's visible text (the test's banner is in it).
		text = (await dialog.innerText()).replace(/\s+/g, ' ').trim();
		if (expected.test(text)) break;
		await p.waitForTimeout(200);
	}
	return text;
}

async function credentialDialog(suite: Suite, suffix: string): Promise<string> {
	const { server, emulator } = suite;
	const isNovita = suffix === 'novita';
	const p = await openWorkflow(suite, isNovita ? WORKFLOW_IDS.novitaRun : WORKFLOW_IDS.emptyPrompt);
	await canvasNode(p, isNovita ? VIDEO_NODES.novitaRun : VIDEO_NODES.check).dblclick();
	await p.getByTestId('credential-edit-button').click();
	await p.getByTestId('credential-edit-dialog').waitFor();
	const provider = isNovita ? 'Novita AI' : 'AIML API';
	const steps: Array<[string, Record<string, string>, RegExp]> = [
		[
			'wrong-key',
			{ apiKey: 'not-the-right-key', baseUrl: emulator.apiUrl },
			new RegExp(`The ${provider} refused the API key \\(HTTP 401\\)`),
		],
		[
			'not-the-api',
			// n8n's own address: a web page, not the API.
			{ apiKey: isNovita ? suite.keys.novita : suite.keys.aimlapi, baseUrl: server.base },
			new RegExp(`This Base URL does not answer as the ${provider} does`),
		],
		[
			'right-key',
			{ apiKey: isNovita ? suite.keys.novita : suite.keys.aimlapi, baseUrl: emulator.apiUrl },
			/Connection tested successfully/,
		],
	];
	const seen: string[] = [];
	for (const [name, fields, expected] of steps) {
		const text = await testCredential(p, fields, expected);
		await shot(suite, p, `credential-${suffix}-${name}`);
		if (!expected.test(text))
			fail(`${name}: the dialog says "${text.slice(0, 400)}", not ${expected}`);
		seen.push(`${name}: "${text.match(expected)![0]}"`);
	}
	await p.keyboard.press('Escape');
	return seen.join('; ');
}

/** Runs the open workflow from the editor and waits for the node to finish. */
async function runWorkflow(p: Page, node: string, expect: 'success' | 'error'): Promise<void> {
	await closeToasts(p);
	await p.getByTestId('execute-workflow-button').click();
	await p.waitForFunction(
		({ name, state }) =>
			document
				.querySelector(`[data-test-id="canvas-node"][data-node-name="${name}"]`)
				?.outerHTML.includes(state),
		{ name: node, state: expect },
		{ timeout: 90_000 },
	);
}

async function runExample(suite: Suite, which: 'aiml' | 'novita'): Promise<string> {
	const id = which === 'aiml' ? WORKFLOW_IDS.aimlRun : WORKFLOW_IDS.novitaRun;
	const node = which === 'aiml' ? VIDEO_NODES.aimlRun : VIDEO_NODES.novitaRun;
	const p = await openWorkflow(suite, id);
	const createsBefore = suite.emulator.sent('create').length;
	await runWorkflow(p, node, 'success');
	const prompts = suite.emulator.sent('create').length - createsBefore;
	if (prompts < 2) fail(`the emulator saw ${prompts} creates`);
	await canvasNode(p, node).dblclick();
	const output = p.getByTestId('output-panel');
	await output.getByTestId('node-run-status-success').waitFor({ timeout: 30_000 });
	await closeToasts(p);
	await output.getByTestId('radio-button-json').click();
	await output.getByText('"status"').first().waitFor();
	const header = (await output.innerText()).match(/(\d+) items?/);
	if (Number(header?.[1]) !== prompts)
		fail(`the output panel says "${header?.[0]}", the emulator got ${prompts} prompts`);
	await p.waitForTimeout(600);
	await shot(suite, p, `run-${which}-json`);
	await output.getByTestId('radio-button-binary').click();
	const cards: string[] = [];
	for (let index = 0; index < prompts; index++) {
		const card = output.getByTestId(`ndv-binary-data_${index}`);
		await card.waitFor({ timeout: 10_000 }).catch(() => undefined);
		cards.push((await card.innerText().catch(() => '')).replace(/\s+/g, ' '));
	}
	// n8n's Binary tab lists the items one after the other: scroll through them.
	const mp4s = cards.filter((card) => /video\/mp4/.test(card)).length;
	await p.waitForTimeout(600);
	await shot(suite, p, `run-${which}-binary`);
	if (mp4s !== prompts) fail(`${mp4s} of ${prompts} items show a video/mp4: ${cards.join(' | ')}`);
	await p.getByTestId('ndv-close-button').click();
	return `${prompts} items, ${mp4s} video/mp4`;
}

interface ExecutionSummary {
	id: string;
	status: string;
	stoppedAt?: string | null;
}

async function lastExecution(
	suite: Suite,
	workflowId: string,
): Promise<ExecutionSummary | undefined> {
	const answer = await suite.context.request.get(
		`${suite.server.base}/rest/executions?filter=${encodeURIComponent(JSON.stringify({ workflowId }))}&limit=1`,
	);
	const body = (await answer.json()) as { data?: { results?: ExecutionSummary[] } };
	return body.data?.results?.[0];
}

/**
 * The Create Video tool of the agent example: the editor shows what tool use reads (n8n's
 * `@tool` display rule): Output, the tool Description and Maximum Wait at 60 s; no Simplify and
 * no download options.
 */
async function toolPanel(suite: Suite): Promise<string> {
	const p = await openWorkflow(suite, WORKFLOW_IDS.agent);
	await canvasNode(p, 'Create Video').dblclick();
	await p.getByTestId('parameter-input-output').waitFor({ timeout: 15_000 });
	const shown = await shownParameters(p);
	const maxWait = await p.getByTestId('parameter-input-maxWait').locator('input').inputValue();
	const output = await p.getByTestId('parameter-input-output').locator('input').inputValue();
	await shot(suite, p, 'tool-panel');
	const missing = ['output', 'toolDescription', 'maxWait'].filter((name) => !shown.includes(name));
	if (missing.length) fail(`the tool panel lacks ${missing.join(', ')}: ${shown.join(', ')}`);
	if (shown.includes('simplify')) fail('the tool panel shows Simplify');
	if (maxWait !== '60') fail(`the tool's Maximum Wait shows ${maxWait}, not 60`);
	if (output !== 'Simplified') fail(`the tool's Output shows ${output}`);
	await p.getByTestId('ndv-close-button').click();
	return `Output ${output}, Maximum Wait ${maxWait} s, tool Description; no Simplify`;
}

async function stopDuringWait(suite: Suite): Promise<string> {
	const { emulator } = suite;
	const p = await openWorkflow(suite, WORKFLOW_IDS.stop);
	emulator.config.jobDurationMs = 10 * 60_000;
	try {
		const fetchesBefore = emulator.sent('fetch').length;
		await closeToasts(p);
		await p.getByTestId('execute-workflow-button').click();
		// Waiting: at least one status request has been answered "still running".
		const deadline = Date.now() + 60_000;
		while (emulator.sent('fetch').length <= fetchesBefore) {
			if (Date.now() > deadline) fail('no status request within 60 s');
			await p.waitForTimeout(200);
		}
		await p.waitForTimeout(500);
		await shot(suite, p, 'stop-waiting');
		const stopButton = p.getByTestId('stop-execution-button');
		const clicked = Date.now();
		await stopButton.click();
		let execution: ExecutionSummary | undefined;
		while (Date.now() - clicked < 10_000) {
			execution = await lastExecution(suite, WORKFLOW_IDS.stop);
			if (execution && !['running', 'new', 'waiting'].includes(execution.status)) break;
			await p.waitForTimeout(100);
		}
		const endedMs = Date.now() - clicked;
		await p.getByTestId('execute-workflow-button').waitFor({ timeout: 5000 });
		await shot(suite, p, 'stop-stopped');
		if (execution?.status !== 'canceled')
			fail(`the execution is "${execution?.status}" ${endedMs} ms after Stop`);
		if (endedMs > 2000) fail(`the execution ended ${endedMs} ms after Stop (more than 2 s)`);
		const ended = clicked + endedMs;
		// Three poll intervals (1 s each) later, no status request came after the end.
		await p.waitForTimeout(3000);
		const late = emulator.sent('fetch').filter((request) => request.at > ended);
		if (late.length) fail(`${late.length} status request(s) after the execution ended`);
		return `canceled ${endedMs} ms after Stop; no status request in the 3 s after`;
	} finally {
		emulator.config.jobDurationMs = 1000;
	}
}

/** Runs a workflow whose video node must fail, and reads the error the panel shows. */
async function badValue(
	suite: Suite,
	workflowId: string,
	name: string,
	expected: RegExp[],
): Promise<string> {
	const p = await openWorkflow(suite, workflowId);
	const createsBefore = suite.emulator.sent('create').length;
	await runWorkflow(p, VIDEO_NODES.check, 'error');
	await canvasNode(p, VIDEO_NODES.check).dblclick();
	const output = p.getByTestId('output-panel');
	await output.getByTestId('node-error-message').waitFor({ timeout: 15_000 });
	await closeToasts(p);
	await p.waitForTimeout(500);
	const text = (await output.innerText()).replace(/\s+/g, ' ');
	await shot(suite, p, `bad-${name}`);
	const missing = expected.filter((pattern) => !pattern.test(text));
	if (missing.length)
		fail(`the panel's error lacks ${missing.join(', ')}: "${text.slice(0, 400)}"`);
	if (suite.emulator.sent('create').length !== createsBefore)
		fail('a video was started although a value was wrong');
	const message = await output.getByTestId('node-error-message').innerText();
	await p.getByTestId('ndv-close-button').click();
	return message.slice(0, 110);
}

export const CHECKS: Check[] = [
	{
		id: 'search-regular',
		name: 'search: the node panel after a trigger',
		run: async (s) => await searchIn(s, 'regular'),
	},
	{
		id: 'search-trigger',
		name: 'search: the node panel of a new workflow',
		run: async (s) => await searchIn(s, 'trigger'),
	},
	{
		id: 'add',
		name: 'add from the panel: Create Video, its defaults, the model list',
		run: addFromPanel,
	},
	{
		id: 'run-aiml',
		name: 'run the AIML example from the editor',
		run: async (s) => await runExample(s, 'aiml'),
	},
	{
		id: 'run-novita',
		name: 'run the Novita example from the editor',
		run: async (s) => await runExample(s, 'novita'),
	},
	{ id: 'stop', name: 'stop during the wait', run: stopDuringWait },
	{ id: 'tool', name: 'the Create Video tool of the agent example', run: toolPanel },
	{
		id: 'bad-empty-prompt',
		name: 'bad value: an empty prompt',
		// The second prompt is blank: n8n counts items from 0, as the node's message does.
		run: async (s) =>
			await badValue(s, WORKFLOW_IDS.emptyPrompt, 'empty-prompt', [/Prompt/, /\(item 1\)/]),
	},
	{
		id: 'bad-resolution',
		name: 'bad value: a resolution from an expression',
		run: async (s) =>
			await badValue(s, WORKFLOW_IDS.badResolution, 'resolution', [
				/Resolution/,
				/720p/,
				/1080p/,
				/4k/,
				/\(item 1\)/,
			]),
	},
	{
		id: 'credential-aiml',
		name: 'credential dialog: AIML API Video API',
		run: async (s) => await credentialDialog(s, 'aiml'),
	},
	{
		id: 'credential-novita',
		name: 'credential dialog: Novita AI Video API',
		run: async (s) => await credentialDialog(s, 'novita'),
	},
];

/** README pictures: [screenshot of a check, path in the repository]. */
export const PICTURES: Array<[string, string]> = [
	['run-aiml-json.png', 'docs/images/node-panel.png'],
	['run-aiml-binary.png', 'docs/images/binary-tab.png'],
	['search-regular-video.png', 'docs/images/node-search.png'],
	['run-novita-json.png', 'packages/n8n-nodes-novita-video/docs/images/node-panel.png'],
];
