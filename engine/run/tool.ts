import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { ItemJob } from './job';

/*
 * Tool use: the node as an AI Agent's tool ("<Node> Tool" in the editor). n8n wraps a node
 * declared `usableAsTool` into a node type named `<name>Tool` (n8n 2.8 and 2.41 alike) and runs
 * it with the execute function of the node; n8n-core's tool context also answers
 * `isToolExecution()` with true. The type name is what the editor's `@tool` display rule reads,
 * so both are checked: either one means tool use.
 */

/** Maximum Wait's default in tool use: the agent gets an answer within this, done or not. */
export const TOOL_MAX_WAIT_S = 60;

/** Whether this run is a tool call of an AI Agent. */
export function isToolUse(ctx: IExecuteFunctions): boolean {
	const flag = (ctx as { isToolExecution?: () => boolean }).isToolExecution;
	if (typeof flag === 'function') {
		try {
			if (flag.call(ctx) === true) return true;
		} catch {
			// An n8n line whose context has no such answer: the type name decides.
		}
	}
	const type = ctx.getNode().type ?? '';
	return type.endsWith('Tool');
}

/** How the node's JSON is shaped: today's item, the simplified one, or chosen keys. */
export type OutputMode = 'full' | 'simplified' | 'selected';

export interface OutputShape {
	mode: OutputMode;
	/** Selected fields: the keys kept (`id` always). */
	fields: string[];
	/** Tool use: the item speaks to an agent (a `message` sentence, no binary). */
	toolUse: boolean;
}

/** Every key an output item may have, for Selected Fields, with its name in the list. */
export const OUTPUT_FIELDS: Record<string, string> = {
	canceled: 'Canceled',
	creditsUsed: 'Credits Used',
	downloadFailed: 'Download Failed',
	error: 'Error',
	errorDescription: 'Error Description',
	lastPollError: 'Last Poll Error',
	message: 'Message (What to Do Next)',
	model: 'Model',
	pollCount: 'Poll Count',
	provider: 'Provider',
	providerStatus: 'Provider Status',
	response: "Response (the Provider's Raw Answer)",
	status: 'Status',
	timedOut: 'Timed Out',
	usdSpent: 'USD Spent',
	video: 'Video (Binary Details)',
	videoInfo: 'Video Info',
	videoUrl: 'Video URL',
	waitedSeconds: 'Waited Seconds',
};

/** The Output shape of this run (read from the first item, like the batch settings). */
export function readOutputShape(ctx: IExecuteFunctions, toolUse: boolean): OutputShape {
	if (toolUse) {
		const output = String(ctx.getNodeParameter('output', 0, 'simplified'));
		if (output === 'raw') return { mode: 'full', fields: [], toolUse };
		if (output === 'selected') {
			const chosen = ctx.getNodeParameter('fieldsToInclude', 0, []) as unknown;
			const fields = Array.isArray(chosen) ? chosen.map(String) : [];
			return { mode: 'selected', fields, toolUse };
		}
		return { mode: 'simplified', fields: [], toolUse };
	}
	const simplify = ctx.getNodeParameter('simplify', 0, false) === true;
	return { mode: simplify ? 'simplified' : 'full', fields: [], toolUse };
}

/** The sentence an agent reads first: what happened, and what it can do next. */
export function toolMessage(job: ItemJob, json: IDataObject): string {
	const id = json.id as string | null;
	const status = String(json.status ?? 'unknown');
	// The provider's own reason says it all; other failures carry a hint on what to change.
	const providerFailed = job.latest?.status === 'failed';
	const detail =
		json.errorDescription && !providerFailed ? ` ${String(json.errorDescription)}` : '';
	if (!id) {
		return `No video generation was started: ${String(json.error ?? 'unknown error')}.${detail}`;
	}
	if (status === 'completed' && json.videoUrl) {
		return `The video is ready at ${String(json.videoUrl)} (the link may expire; give it to the user as it is).`;
	}
	// On Timeout = Fail the Item: still running, whatever the error says.
	if (status === 'failed' || (json.error && json.timedOut !== true)) {
		return `Generation ${id} failed: ${String(json.error ?? 'no reason given')}.${detail} Tell the user, or try again with a changed prompt.`;
	}
	const waited = job.wait ? ` after waiting ${String(json.waitedSeconds)} s` : '';
	return `Generation ${id} is not finished yet (status: ${status})${waited}. It goes on at the provider: call the Get Video tool later with generation ID ${id} to get the video URL.`;
}

/** The simplified item: the fields people map most, flat, at most 10. */
function simplified(json: IDataObject, toolUse: boolean): IDataObject {
	const out: IDataObject = {
		id: json.id ?? null,
		status: json.status ?? null,
		videoUrl: json.videoUrl ?? null,
		model: json.model ?? null,
		error: json.error ?? null,
	};
	if (toolUse) {
		out.message = json.message ?? null;
		return out;
	}
	if (json.errorDescription) out.errorDescription = json.errorDescription;
	out.provider = json.provider ?? null;
	out.timedOut = json.timedOut ?? false;
	const video = json.video as IDataObject | null | undefined;
	out.fileName = video?.fileName ?? null;
	out.fileSize = video?.fileSize ?? null;
	return out;
}

/** The item's JSON in the chosen shape; `full` leaves it exactly as it is. */
export function shapeJson(job: ItemJob, json: IDataObject, shape: OutputShape): IDataObject {
	if (shape.mode === 'full' && !shape.toolUse) return json;
	if (shape.toolUse) json.message = toolMessage(job, json);
	if (shape.mode === 'full') return json;
	if (shape.mode === 'simplified') return simplified(json, shape.toolUse);
	const out: IDataObject = { id: json.id ?? null };
	for (const key of shape.fields) {
		if (key in json) out[key] = json[key];
	}
	return out;
}

const toolShown = { '@tool': [true] };
const toolHidden = { '@tool': [false] };

/** Output (tool use) and Simplify (normal use), per n8n's UX guidelines for community nodes. */
export const outputProperties: INodeProperties[] = [
	{
		displayName: 'Simplify',
		name: 'simplify',
		type: 'boolean',
		default: false,
		description:
			'Whether to return a simplified version of the response instead of the raw data (ID, status, video URL, model, error, provider, timed out, file name and size; the video stays binary data)',
		displayOptions: { show: { resource: ['video'], ...toolHidden } },
	},
	{
		displayName: 'Output',
		name: 'output',
		type: 'options',
		default: 'simplified',
		description: 'What the agent gets back from the tool',
		options: [
			{
				name: 'Simplified',
				value: 'simplified',
				description:
					'ID, status, video URL, model, error, and a sentence saying what to do next (compact, for the model)',
			},
			{
				name: 'Raw',
				value: 'raw',
				description:
					"Every field of the node's normal output, the provider's own answer included (large)",
			},
			{
				name: 'Selected Fields',
				value: 'selected',
				description: 'The fields chosen below, and always the ID',
			},
		],
		displayOptions: { show: { resource: ['video'], ...toolShown } },
	},
	{
		displayName: 'Fields',
		name: 'fieldsToInclude',
		type: 'multiOptions',
		default: ['status', 'videoUrl', 'error', 'message'],
		description: 'The fields of the output to send to the agent; the ID is always sent',
		options: Object.entries(OUTPUT_FIELDS)
			.map(([value, name]) => ({ name, value }))
			.sort((a, b) => a.name.localeCompare(b.name)),
		displayOptions: { show: { resource: ['video'], output: ['selected'], ...toolShown } },
	},
];

/**
 * The tool's description for the model, per operation, so the model knows the two-step path.
 * The node declares its own `toolDescription`, so n8n adds none (and no "Set Automatically",
 * whose text would be the operation's action alone).
 */
export function toolDescriptionProperties(service: string, maxWaitS: number): INodeProperties[] {
	const common = {
		displayName: 'Description',
		name: 'toolDescription',
		type: 'string' as const,
		required: true,
		typeOptions: { rows: 3 },
	};
	return [
		{
			...common,
			default: `Create a video with ${service} from a text prompt. Waits up to ${maxWaitS} seconds; returns the generation ID, status, video URL (when ready), model and any error. If the video is not ready in time, the answer says so and gives the generation ID: call the Get Video tool later with that ID.`,
			description:
				'Explain to the model what this tool does and what it returns (the default tells it to call Get Video for a video that is not ready in time)',
			displayOptions: { show: { resource: ['video'], operation: ['create'], ...toolShown } },
		},
		{
			...common,
			default: `Get the status and, when ready, the video URL of a ${service} video generation, by the generation ID that the Create Video tool returned. If it is still running, call it again later.`,
			description: 'Explain to the model what this tool does and what it returns',
			displayOptions: { show: { resource: ['video'], operation: ['get'], ...toolShown } },
		},
	];
}

export { toolHidden, toolShown };
