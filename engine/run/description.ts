import type { INodeProperties } from 'n8n-workflow';

import { TOOL_MAX_WAIT_S, toolHidden, toolShown } from './tool';
import {
	DEFAULT_MAX_VIDEO_SIZE_MB,
	DEFAULT_MAX_WAIT_S,
	DEFAULT_POLL_INTERVAL_S,
	MAX_REQUEST_TIMEOUT_S,
	MAX_VIDEO_SIZE_LIMIT_MB,
	MAX_WAIT_LIMIT_S,
	MIN_POLL_INTERVAL_S,
} from './settings';

/** The wait parameters of Create Video and Get Video (the operation adds its own display rule). */
export function waitProperties(operation: 'create' | 'get'): INodeProperties[] {
	const waiting = { waitForCompletion: [true] };
	return [
		operation === 'create'
			? {
					displayName: 'Wait for Completion',
					name: 'waitForCompletion',
					type: 'boolean',
					default: true,
					description:
						'Whether to wait until the video is ready (off: return the generation ID at once, and fetch the video later with Get Video)',
				}
			: {
					displayName: 'Wait for Completion',
					name: 'waitForCompletion',
					type: 'boolean',
					default: false,
					description:
						'Whether to keep polling until the video is ready (off: return the current status once)',
				},
		{
			displayName: 'Poll Interval (Seconds)',
			name: 'pollInterval',
			type: 'number',
			default: DEFAULT_POLL_INTERVAL_S,
			typeOptions: { minValue: MIN_POLL_INTERVAL_S, maxValue: MAX_WAIT_LIMIT_S },
			description:
				'The longest pause between two status checks. The first checks come sooner and back off to this. All items of a batch are checked together.',
			displayOptions: { show: waiting },
		},
		{
			displayName: 'Maximum Wait (Seconds)',
			name: 'maxWait',
			type: 'number',
			default: DEFAULT_MAX_WAIT_S,
			typeOptions: { minValue: 1, maxValue: MAX_WAIT_LIMIT_S },
			description:
				'How long to wait for the whole batch (hours are fine: 7200 is two hours). What is not done by then is handled as On Timeout says.',
			displayOptions: { show: { ...waiting, ...toolHidden } },
		},
		{
			// Tool use: the same parameter with a short default, so the agent gets an answer in time.
			displayName: 'Maximum Wait (Seconds)',
			name: 'maxWait',
			type: 'number',
			default: TOOL_MAX_WAIT_S,
			typeOptions: { minValue: 1, maxValue: MAX_WAIT_LIMIT_S },
			description:
				'How long the tool waits before it answers the agent. A video not ready by then is returned with its generation ID and a note to call Get Video later.',
			displayOptions: { show: { ...waiting, ...toolShown } },
		},
	];
}

/**
 * The Options collection of both operations; `extra` adds a provider's own options (kept in
 * alphabetical order, as n8n lists a collection's options).
 */
export function optionsProperty(extra: INodeProperties[] = []): INodeProperties {
	const options: INodeProperties[] = [
		{
			displayName: 'Binary Property',
			name: 'binaryPropertyName',
			type: 'string',
			default: 'data',
			description: 'Name of the binary property the video is put in',
			displayOptions: { show: toolHidden },
		},
		{
			displayName: 'Concurrency',
			name: 'concurrency',
			type: 'number',
			default: 5,
			typeOptions: { minValue: 1, maxValue: 50 },
			description:
				'How many API requests (creates, status checks, downloads) run at once across the batch. Lower it if the API answers 429.',
		},
		{
			displayName: 'Download Video',
			name: 'downloadVideo',
			type: 'boolean',
			default: true,
			description:
				'Whether to put the finished video into the item as binary data (streamed; the download never carries the API key). Off: only the video URL, which expires.',
			displayOptions: { show: toolHidden },
		},
		{
			displayName: 'Extra Body Fields',
			name: 'extraBodyFields',
			type: 'json',
			default: '{}',
			description:
				'JSON object of fields added to the create request as they are, for fields the node does not list yet (e.g. {"image_url": "https://example.com/first.jpg"} for Wan 3.0). They override the node\'s own fields of the same name.',
			displayOptions: { show: { '/operation': ['create'] } },
		},
		{
			displayName: 'Maximum Video Size (MB)',
			name: 'maxVideoSize',
			type: 'number',
			default: DEFAULT_MAX_VIDEO_SIZE_MB,
			typeOptions: { minValue: 1, maxValue: MAX_VIDEO_SIZE_LIMIT_MB },
			description:
				'The largest video to store; a larger one fails the item and nothing is kept. The default, 384 MB, is what every n8n binary data mode can hold: the in-memory mode keeps a file as one base64 text (at most about 384 MB), the database mode refuses files over 512 MB by default.',
			displayOptions: { show: toolHidden },
		},
		{
			displayName: 'On Timeout',
			name: 'onTimeout',
			type: 'options',
			default: 'returnPending',
			options: [
				{
					name: 'Return Pending Item',
					value: 'returnPending',
					description: 'Output the item with its ID and current status, for a later Get Video',
				},
				{
					name: 'Fail the Item',
					value: 'error',
					description: 'Raise an error that contains the generation ID',
				},
			],
			description: 'What to do with a generation still running when Maximum Wait is reached',
			displayOptions: { show: { '/waitForCompletion': [true] } },
		},
		{
			displayName: 'Request Timeout (Seconds)',
			name: 'requestTimeout',
			type: 'number',
			default: 60,
			typeOptions: { minValue: 0.1, maxValue: MAX_REQUEST_TIMEOUT_S, numberPrecision: 1 },
			description:
				'How long one API request may take in all, its answer included, before it is given up (a status check is then retried; a create is not, as it may have started)',
		},
	];
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show: { resource: ['video'] } },
		options: [...options, ...extra].sort((a, b) => a.displayName.localeCompare(b.displayName)),
	};
}

/** Create Video's Callback URL option, for providers that POST the result when a task ends. */
export const callbackUrlOption: INodeProperties = {
	displayName: 'Callback URL',
	name: 'callbackUrl',
	type: 'string',
	default: '',
	placeholder: 'e.g. {{ $execution.resumeUrl }}',
	description:
		'The provider POSTs the finished task to this URL, so nothing needs to wait: the resume URL of a Wait node "On Webhook Call" ({{ $execution.resumeUrl }}), or the production URL of another workflow\'s Webhook node. Get Video then takes the task ID from the callback body (see the README).',
	displayOptions: { show: { '/operation': ['create'] } },
};

/** The prompt parameter of Create Video. */
export const promptProperty: INodeProperties = {
	displayName: 'Prompt',
	name: 'prompt',
	type: 'string',
	default: '',
	required: true,
	placeholder: 'e.g. A red fox runs through fresh snow at dawn, slow motion, cinematic',
	description: 'What the video should show',
	typeOptions: { rows: 4 },
};

/** The generation id parameter of Get Video. */
export function generationIdProperty(example: string, note: string): INodeProperties {
	return {
		displayName: 'Generation ID',
		name: 'generationId',
		type: 'string',
		default: '',
		required: true,
		placeholder: `e.g. ${example}`,
		description: `The ID returned by Create Video, usually mapped from its output. ${note}`,
	};
}

/** The Resource and Operation parameters of a video node: Video → Create Video, Get Video. */
export const videoOperationProperties: INodeProperties[] = [
	{
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		default: 'video',
		options: [{ name: 'Video', value: 'video' }],
	},
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		default: 'create',
		displayOptions: { show: { resource: ['video'] } },
		options: [
			{
				name: 'Create Video',
				value: 'create',
				action: 'Create a video from a text prompt',
				description:
					'Start a video generation from a prompt; by default waits until the video is ready and returns it as binary data',
			},
			{
				name: 'Get Video',
				value: 'get',
				action: 'Get a video generation',
				description:
					'Get the status and result of a generation by its ID; can wait until it is ready',
			},
		],
	},
];
