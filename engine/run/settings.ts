import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { InputError, toNodeError } from '../helpers/errors';
import { toNumber } from '../helpers/numbers';
import { attempt } from '../helpers/settle';
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
export const MAX_WAIT_LIMIT_S = 7 * 24 * 3600;

function positive(value: unknown, field: string, hint: string): number {
	const number = toNumber(value);
	if (number === undefined || number <= 0) {
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
	throw toNodeError(ctx.getNode(), settings.error, { itemIndex: 0 });
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
