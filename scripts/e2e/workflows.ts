/**
 * The workflows the end-to-end rows run: each package's examples rewritten for speed only (the
 * structure stays as shipped), a Novita AI workflow, a batch workflow, and the same workflows
 * started by a Webhook instead of a Manual Trigger (for queue mode).
 */
import { randomUUID } from 'node:crypto';

import type { PackageInfo, WorkflowJson, WorkflowNode } from '../n8n-host';
import {
	isVideoNode,
	NOVITA_NODE_TYPE,
	PACKAGES,
	readExample,
	useCredential,
	VIDEO_NODE_TYPE,
} from '../n8n-host';

export const AIML_CREDENTIAL = { id: 'e2eAimlApiCred01', name: 'AIML API (emulator)' };
export const NOVITA_CREDENTIAL = { id: 'e2eNovitaCred001', name: 'Novita AI (emulator)' };
/** n8n's own OpenAI credential, its Base URL on the chat-model stub (agent rows). */
export const OPENAI_STUB_CREDENTIAL = { id: 'e2eOpenAiStub001', name: 'OpenAI (chat-model stub)' };

/** The credential each package's workflows use here. */
export const CREDENTIALS: Record<PackageInfo['id'], { id: string; name: string }> = {
	aimlapi: AIML_CREDENTIAL,
	novita: NOVITA_CREDENTIAL,
};

/**
 * Credentials to import for the installed packages (plain data: `n8n import:credentials`
 * encrypts an object `data`).
 */
export function credentialsFor(
	emulator: { apiUrl: string; config: { keys: { aimlapi: string[]; novita: string[] } } },
	packages: Array<PackageInfo['id']> = ['aimlapi', 'novita'],
): Array<{ id: string; name: string; type: string; data: Record<string, string> }> {
	return packages.map((id) => ({
		...CREDENTIALS[id],
		type: PACKAGES[id].credentialType,
		data: { apiKey: emulator.config.keys[id][0], baseUrl: emulator.apiUrl },
	}));
}

/** Node names the rows check. */
export const NODES = {
	scheduled: 'Create videos (wait until ready)',
	sheet: 'Generate videos (Wan 2.1 Turbo)',
	sheetRows: 'Video list (sheet rows)',
	sheetSave: 'Save MP4 to disk',
	created: 'Start generation (no wait)',
	got: 'Get video (wait until ready)',
	novita: 'Novita video (wait)',
	novitaSheet: 'Generate videos (Wan 2.6)',
	imageRows: 'Image list (sheet rows)',
	imageVideos: 'Animate images (Wan 2.6 i2v)',
	batch: 'Batch of videos (wait)',
	getBatch: 'Get videos (wait)',
};

/** Settings that make an example quick against the emulator; the structure stays as shipped. */
export function forTest(
	workflow: WorkflowJson,
	id: string,
	options: { videosDir?: string; pollInterval?: number } = {},
): WorkflowJson {
	for (const info of Object.values(PACKAGES)) useCredential(workflow, CREDENTIALS[info.id], info);
	workflow.id = id;
	workflow.active = false;
	for (const node of workflow.nodes) {
		if (isVideoNode(node.type) && node.parameters.waitForCompletion !== false) {
			node.parameters.pollInterval = options.pollInterval ?? 0.5;
			node.parameters.maxWait = 60;
		}
		// `n8n execute` can only start from a Manual Trigger: the schedule itself is n8n's business.
		if (node.type === 'n8n-nodes-base.scheduleTrigger') {
			node.type = 'n8n-nodes-base.manualTrigger';
			node.typeVersion = 1;
			node.parameters = {};
		}
		if (node.type === 'n8n-nodes-base.wait')
			node.parameters = { ...node.parameters, amount: 1, unit: 'seconds' };
		if (
			options.videosDir &&
			node.type === 'n8n-nodes-base.code' &&
			typeof node.parameters.jsCode === 'string'
		) {
			node.parameters.jsCode = node.parameters.jsCode.replace(
				/const OUTPUT_FOLDER = '[^']*';/,
				`const OUTPUT_FOLDER = ${JSON.stringify(options.videosDir)};`,
			);
		}
	}
	if (Object.values(PACKAGES).some((info) => JSON.stringify(workflow).includes(info.placeholder)))
		throw new Error(`${workflow.name}: a credential placeholder is left`);
	return workflow;
}

/** The Novita package's batch example, quick (its callback examples: queue/callback-rows.ts). */
export function novitaExamples(prefix: string, videosDir: string, pollInterval?: number) {
	return {
		sheet: forTest(
			readExample('sheet-batch-to-files.json', PACKAGES.novita),
			`${prefix}NovitaSheet`,
			{ videosDir, pollInterval },
		),
	};
}

/**
 * Each package's image-to-video example, quick, its images from the emulator's CDN (two rows
 * downloaded into binary data, one passed as a URL).
 */
export function imageExample(
	id: PackageInfo['id'],
	workflowId: string,
	options: { videosDir: string; cdnUrl: string; pollInterval?: number },
): WorkflowJson {
	const workflow = forTest(readExample('images-to-videos.json', PACKAGES[id]), workflowId, options);
	for (const node of workflow.nodes) {
		if (node.type === 'n8n-nodes-base.code' && typeof node.parameters.jsCode === 'string')
			node.parameters.jsCode = node.parameters.jsCode.replace(
				/const IMAGE_BASE = '[^']*';/,
				`const IMAGE_BASE = ${JSON.stringify(`${options.cdnUrl}/images`)};`,
			);
	}
	return workflow;
}

/** The three AIML examples, quick, with ids starting with `prefix` (n8n ids: 16 characters here). */
export function examples(prefix: string, videosDir: string, pollInterval?: number) {
	return {
		scheduled: forTest(readExample('scheduled-prompts-to-videos.json'), `${prefix}Scheduled`, {
			pollInterval,
		}),
		sheet: forTest(readExample('sheet-batch-to-files.json'), `${prefix}SheetFiles`, {
			videosDir,
			pollInterval,
		}),
		createGet: forTest(readExample('create-wait-get.json'), `${prefix}CreateWaitGet`, {
			pollInterval,
		}),
	};
}

function node(
	name: string,
	type: string,
	position: [number, number],
	parameters: Record<string, unknown>,
	extra: Partial<WorkflowNode> = {},
): WorkflowNode {
	return { id: randomUUID(), name, type, typeVersion: 1, position, parameters, ...extra };
}

function chain(names: string[]): WorkflowJson['connections'] {
	const connections: WorkflowJson['connections'] = {};
	for (let i = 0; i + 1 < names.length; i++)
		connections[names[i]] = { main: [[{ node: names[i + 1], type: 'main', index: 0 }]] };
	return connections;
}

/** Manual Trigger → Create Video on Novita AI (wait). */
export function novitaWorkflow(id: string, pollInterval = 0.5): WorkflowJson {
	return {
		id,
		name: 'e2e: Novita AI video',
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [
			node('Start', 'n8n-nodes-base.manualTrigger', [0, 0], {}),
			node(
				NODES.novita,
				NOVITA_NODE_TYPE,
				[220, 0],
				{
					resource: 'video',
					operation: 'create',
					prompt: 'A hot air balloon over a desert at sunrise',
					novitaSize: '832x480',
					waitForCompletion: true,
					pollInterval,
					maxWait: 60,
					options: {},
				},
				{ credentials: { [PACKAGES.novita.credentialType]: NOVITA_CREDENTIAL } },
			),
		],
		connections: chain(['Start', NODES.novita]),
	};
}

export const BATCH_PROMPT = 'e2e batch prompt: a lantern festival over a river, item';

/**
 * Manual Trigger → `count` prompts → Create Video (Wan 2.1 Turbo, wait, every item at once).
 * The prompts carry a marker so a log can be searched for prompt text.
 */
export function batchWorkflow(
	id: string,
	count: number,
	options: { pollInterval?: number; maxWait?: number; concurrency?: number } = {},
): WorkflowJson {
	return {
		id,
		name: `e2e: batch of ${count}`,
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [
			node('Start', 'n8n-nodes-base.manualTrigger', [0, 0], {}),
			node(
				'Prompts',
				'n8n-nodes-base.code',
				[220, 0],
				{
					jsCode: `return Array.from({ length: ${count} }, (_, i) => ({ json: { prompt: ${JSON.stringify(BATCH_PROMPT)} + ' ' + i } }));`,
				},
				{ typeVersion: 2 },
			),
			node(
				NODES.batch,
				VIDEO_NODE_TYPE,
				[440, 0],
				{
					resource: 'video',
					operation: 'create',
					model: { __rl: true, mode: 'id', value: 'alibaba/wan2.1-t2v-turbo' },
					prompt: '={{ $json.prompt }}',
					resolutionWan21Turbo: '480P',
					waitForCompletion: true,
					pollInterval: options.pollInterval ?? 0.5,
					maxWait: options.maxWait ?? 120,
					options: { concurrency: options.concurrency ?? count },
				},
				{ credentials: { aimlApiVideoAimlApi: AIML_CREDENTIAL } },
			),
		],
		connections: chain(['Start', 'Prompts', NODES.batch]),
	};
}

/** Manual Trigger → the given generation ids → Get Video (wait): how a crashed run is recovered. */
export function getVideosWorkflow(id: string, generationIds: string[]): WorkflowJson {
	return {
		id,
		name: 'e2e: fetch generations found in the log',
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [
			node('Start', 'n8n-nodes-base.manualTrigger', [0, 0], {}),
			node(
				'Ids from the log',
				'n8n-nodes-base.code',
				[220, 0],
				{
					jsCode: `return ${JSON.stringify(generationIds)}.map((id) => ({ json: { id } }));`,
				},
				{ typeVersion: 2 },
			),
			node(
				NODES.getBatch,
				VIDEO_NODE_TYPE,
				[440, 0],
				{
					resource: 'video',
					operation: 'get',
					generationId: '={{ $json.id }}',
					waitForCompletion: true,
					pollInterval: 0.5,
					maxWait: 120,
					options: { concurrency: 10 },
				},
				{ credentials: { aimlApiVideoAimlApi: AIML_CREDENTIAL } },
			),
		],
		connections: chain(['Start', 'Ids from the log', NODES.getBatch]),
	};
}

/** The workflow's Manual Trigger (its name kept) swapped for a Webhook that answers at once. */
export function withWebhook(workflow: WorkflowJson, id: string, webhookPath: string): WorkflowJson {
	const copy = JSON.parse(JSON.stringify(workflow)) as WorkflowJson;
	copy.id = id;
	copy.name = `${workflow.name} (webhook)`;
	const trigger = copy.nodes.find((n) => n.type === 'n8n-nodes-base.manualTrigger');
	if (!trigger) throw new Error(`${workflow.name} has no Manual Trigger`);
	trigger.type = 'n8n-nodes-base.webhook';
	trigger.typeVersion = 2;
	trigger.parameters = { httpMethod: 'POST', path: webhookPath, responseMode: 'onReceived' };
	trigger.webhookId = randomUUID();
	for (const n of copy.nodes) n.id = randomUUID();
	return copy;
}

/** The name of the workflow's trigger node (for REST runs: `triggerToStartFrom`). */
export function triggerName(workflow: WorkflowJson): string {
	const trigger = workflow.nodes.find((n) => /Trigger$|\.webhook$/.test(n.type));
	if (!trigger) throw new Error(`${workflow.name} has no trigger`);
	return trigger.name;
}
