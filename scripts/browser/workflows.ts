/**
 * What the browser suite imports into n8n before it opens the editor: a credential per package
 * (pointing at the emulator) and workflows, the shipped examples among them.
 */
import type { PackageInfo, WorkflowJson } from '../n8n-host';
import { PACKAGES, readExample, useCredential } from '../n8n-host';

export const CREDENTIALS: Record<PackageInfo['id'], { id: string; name: string }> = {
	aimlapi: { id: 'brwAimlApiCred01', name: 'AIML API (emulator)' },
	novita: { id: 'brwNovitaCred001', name: 'Novita AI (emulator)' },
};

export const WORKFLOW_IDS = {
	aimlRun: 'brwAimlExampleRun',
	novitaRun: 'brwNovitaExampleR',
	stop: 'brwAimlStopRun001',
	emptyPrompt: 'brwEmptyPrompt001',
	badResolution: 'brwBadResolution1',
	agent: 'brwAgentTools0001',
};

/** The example's video node (the step the suite opens). */
export const VIDEO_NODES = {
	aimlRun: 'Create videos (wait until ready)',
	novitaRun: 'Generate videos (Wan 2.6)',
	check: 'Create Video',
};

/** A shipped example with the suite's credential, a 1 s poll, and files written where allowed. */
function example(info: PackageInfo, file: string, id: string, filesDir: string): WorkflowJson {
	const workflow = useCredential(readExample(file, info), CREDENTIALS[info.id], info);
	workflow.id = id;
	workflow.active = false;
	for (const node of workflow.nodes) {
		if (node.type === info.nodeType && node.parameters.waitForCompletion !== false)
			node.parameters.pollInterval = 1;
		if (node.type === 'n8n-nodes-base.code' && typeof node.parameters.jsCode === 'string')
			node.parameters.jsCode = node.parameters.jsCode.replace(
				/const OUTPUT_FOLDER = '[^']*';/,
				`const OUTPUT_FOLDER = ${JSON.stringify(filesDir)};`,
			);
	}
	return workflow;
}

/** Manual trigger → one item per prompt → AIML API Video "Create Video" with these parameters. */
function checkWorkflow(
	id: string,
	name: string,
	prompts: string[],
	parameters: Record<string, unknown>,
): WorkflowJson {
	const info = PACKAGES.aimlapi;
	return {
		id,
		name,
		active: false,
		settings: { executionOrder: 'v1' },
		connections: {
			Start: { main: [[{ node: 'Prompts', type: 'main', index: 0 }]] },
			Prompts: { main: [[{ node: VIDEO_NODES.check, type: 'main', index: 0 }]] },
		},
		nodes: [
			{
				id: `${id}-1`,
				name: 'Start',
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			{
				id: `${id}-2`,
				name: 'Prompts',
				type: 'n8n-nodes-base.code',
				typeVersion: 2,
				position: [220, 0],
				parameters: {
					jsCode: `return ${JSON.stringify(prompts)}.map((prompt) => ({ json: { prompt } }));`,
				},
			},
			{
				id: `${id}-3`,
				name: VIDEO_NODES.check,
				type: info.nodeType,
				typeVersion: 1,
				position: [440, 0],
				parameters: {
					resource: 'video',
					operation: 'create',
					model: { __rl: true, mode: 'list', value: 'alibaba/wan-2-6-t2v' },
					prompt: '={{ $json.prompt }}',
					resolution: '720p',
					duration: 5,
					waitForCompletion: true,
					pollInterval: 1,
					maxWait: 1800,
					options: {},
					...parameters,
				},
				credentials: { [info.credentialType]: CREDENTIALS.aimlapi },
			},
		],
	};
}

export function suiteWorkflows(filesDir: string): WorkflowJson[] {
	const stop = example(
		PACKAGES.aimlapi,
		'scheduled-prompts-to-videos.json',
		WORKFLOW_IDS.stop,
		filesDir,
	);
	stop.name = 'Browser suite: stop during the wait';
	// The agent example, opened only (its OpenAI credential is not imported: left out).
	const agent = example(PACKAGES.aimlapi, 'agent-video-tools.json', WORKFLOW_IDS.agent, filesDir);
	for (const node of agent.nodes) delete node.credentials?.openAiApi;
	return [
		agent,
		example(PACKAGES.aimlapi, 'scheduled-prompts-to-videos.json', WORKFLOW_IDS.aimlRun, filesDir),
		example(PACKAGES.novita, 'sheet-batch-to-files.json', WORKFLOW_IDS.novitaRun, filesDir),
		stop,
		checkWorkflow(
			WORKFLOW_IDS.emptyPrompt,
			'Browser suite: an empty prompt',
			['A red fox in the snow', '   '],
			{},
		),
		checkWorkflow(
			WORKFLOW_IDS.badResolution,
			'Browser suite: a resolution from an expression',
			['A red fox in the snow', 'A paper boat in the rain'],
			{ resolution: "={{ $itemIndex === 1 ? '4k' : '720p' }}" },
		),
	];
}
