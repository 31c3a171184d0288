import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { attempt } from '../helpers/settle';
import { InputError } from '../models/validate';
import type { ClientSettings } from '../transport/client';
import { DEFAULT_CLIENT_SETTINGS } from '../transport/client';

/** How one run of the node behaves for the whole batch (read from the first item). */
export interface BatchSettings {
	wait: boolean;
	pollIntervalMs: number;
	maxWaitMs: number;
	onTimeout: 'returnPending' | 'error';
	download: boolean;
	binaryPropertyName: string;
	concurrency: number;
	client: ClientSettings;
}

export const DEFAULT_POLL_INTERVAL_S = 10;
export const DEFAULT_MAX_WAIT_S = 1800;
const MAX_WAIT_LIMIT_S = 7 * 24 * 3600;

/** The wait parameters and options shared by Create Video and Get Video. */
export function waitProperties(operation: 'create' | 'get'): INodeProperties[] {
	const show = { resource: ['video'], operation: [operation] };
	const waiting = { ...show, waitForCompletion: [true] };
	return [
		operation === 'create'
			? {
					displayName: 'Wait for Completion',
					name: 'waitForCompletion',
					type: 'boolean',
					default: true,
					description:
						'Whether to wait until the video is ready (off: return the generation ID at once, and fetch the video later with Get Video)',
					displayOptions: { show },
				}
			: {
					displayName: 'Wait for Completion',
					name: 'waitForCompletion',
					type: 'boolean',
					default: false,
					description:
						'Whether to keep polling until the video is ready (off: return the current status once)',
					displayOptions: { show },
				},
		{
			displayName: 'Poll Interval (Seconds)',
			name: 'pollInterval',
			type: 'number',
			default: DEFAULT_POLL_INTERVAL_S,
			typeOptions: { minValue: 0.05 },
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
			displayOptions: { show: waiting },
		},
	];
}

export const optionsProperty: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	displayOptions: { show: { resource: ['video'] } },
	options: [
		{
			displayName: 'Binary Property',
			name: 'binaryPropertyName',
			type: 'string',
			default: 'data',
			description: 'Name of the binary property the video is put in',
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
		},
		{
			displayName: 'Extra Body Fields',
			name: 'extraBodyFields',
			type: 'json',
			default: '{}',
			description:
				'JSON object of fields added to the create request as they are, for fields the node does not list yet (e.g. {"num_frames": 81}). They override the node\'s own fields of the same name.',
			displayOptions: { show: { '/operation': ['create'] } },
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
			typeOptions: { minValue: 0.1, numberPrecision: 1 },
			description:
				'How long one API request may take before it is given up (a status check is then retried; a create is not, as it may have started)',
		},
	],
};

function positive(value: unknown, field: string, hint: string): number {
	const number = typeof value === 'string' ? Number(value) : (value as number);
	if (typeof number !== 'number' || !Number.isFinite(number) || number <= 0) {
		throw new InputError(
			field,
			`must be a positive number, received ${JSON.stringify(value)}`,
			hint,
		);
	}
	return number;
}

/** The batch settings, or a node error naming the field (they are read from item 0). */
export function readBatchSettings(
	ctx: IExecuteFunctions,
	operation: 'create' | 'get',
): BatchSettings {
	const settings = attempt(() => parseBatchSettings(ctx, operation));
	if (settings.ok) return settings.value;
	const { error } = settings;
	if (error instanceof InputError) {
		throw new NodeOperationError(ctx.getNode(), `${error.message} (item 0)`, {
			itemIndex: 0,
			description: error.hint,
		});
	}
	throw new NodeOperationError(ctx.getNode(), error instanceof Error ? error : String(error), {
		itemIndex: 0,
	});
}

function parseBatchSettings(ctx: IExecuteFunctions, operation: 'create' | 'get'): BatchSettings {
	const options = ctx.getNodeParameter('options', 0, {}) as IDataObject;
	const wait = ctx.getNodeParameter('waitForCompletion', 0, operation === 'create') as boolean;
	const pollIntervalS = wait
		? positive(
				ctx.getNodeParameter('pollInterval', 0, DEFAULT_POLL_INTERVAL_S),
				'Poll Interval',
				'Enter the seconds between status checks, e.g. 10.',
			)
		: DEFAULT_POLL_INTERVAL_S;
	const maxWaitS = wait
		? positive(
				ctx.getNodeParameter('maxWait', 0, DEFAULT_MAX_WAIT_S),
				'Maximum Wait',
				'Enter the seconds to wait at most, e.g. 1800.',
			)
		: DEFAULT_MAX_WAIT_S;
	const concurrency = Math.floor(
		positive(
			options.concurrency ?? 5,
			'Concurrency',
			'Enter how many requests may run at once, e.g. 5.',
		),
	);
	const requestTimeoutS = positive(
		options.requestTimeout ?? DEFAULT_CLIENT_SETTINGS.requestTimeoutMs / 1000,
		'Request Timeout',
		'Enter the seconds one request may take, e.g. 60.',
	);
	const binaryPropertyName = String(options.binaryPropertyName ?? 'data').trim();
	if (!binaryPropertyName) {
		throw new InputError(
			'Binary Property',
			'is empty',
			'Enter the name of the binary property for the video, e.g. data.',
		);
	}
	const pollIntervalMs = pollIntervalS * 1000;
	return {
		wait,
		pollIntervalMs,
		maxWaitMs: Math.min(maxWaitS, MAX_WAIT_LIMIT_S) * 1000,
		onTimeout: options.onTimeout === 'error' ? 'error' : 'returnPending',
		download: options.downloadVideo !== false,
		binaryPropertyName,
		concurrency: Math.max(1, concurrency),
		client: {
			requestTimeoutMs: requestTimeoutS * 1000,
			// A retry need not wait longer than a poll would: tie the backoff to the interval.
			retryBaseMs: Math.min(DEFAULT_CLIENT_SETTINGS.retryBaseMs, pollIntervalMs / 2),
			maxAttempts: DEFAULT_CLIENT_SETTINGS.maxAttempts,
		},
	};
}
