import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { InputError, toNodeError } from '../helpers/errors';
import { toNumber } from '../helpers/numbers';
import { attempt } from '../helpers/settle';
import type { OutputShape } from './tool';
import { isToolUse, readOutputShape, TOOL_MAX_WAIT_S } from './tool';
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
	/** Maximum Video Size, in bytes. */
	maxVideoBytes: number;
	client: ClientSettings;
	/** The node runs as an AI Agent's tool: errors become answers, no download, a short wait. */
	toolUse: boolean;
	/** How the output JSON is shaped (Simplify, or Output in tool use). */
	shape: OutputShape;
}

export const DEFAULT_POLL_INTERVAL_S = 10;
export const DEFAULT_MAX_WAIT_S = 1800;
export const MAX_WAIT_LIMIT_S = 7 * 24 * 3600;
/** The UI's floors and ceilings, enforced here too: an expression can give any number. */
export const MIN_POLL_INTERVAL_S = 0.05;
export const MAX_CONCURRENCY = 50;
export const MIN_REQUEST_TIMEOUT_S = 0.1;
/** One day: far below Node's timer limit (2^31-1 ms, about 24.8 days), past which every timer fires at once. */
export const MAX_REQUEST_TIMEOUT_S = 24 * 3600;
/**
 * Maximum Video Size default, in MB (MiB): the largest video every binary data mode of n8n can
 * hold. The default (in-memory) mode keeps a file as one base64 string, and V8 strings hold at
 * most 2^29-24 characters, about 384 MiB of file; the database mode (queue mode's default)
 * refuses files over N8N_BINARY_DATA_DATABASE_MAX_FILE_SIZE, 512 MiB by default; the filesystem
 * mode has no limit of its own. Wan videos are tens of MB.
 */
export const DEFAULT_MAX_VIDEO_SIZE_MB = 384;
export const MAX_VIDEO_SIZE_LIMIT_MB = 10 * 1024;

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

/** A number within [min, max] (min excluded when `exclusiveMin`), or an error naming the field. */
function bounded(
	value: unknown,
	field: string,
	hint: string,
	{ min, max }: { min?: number; max: number },
): number {
	const number = positive(value, field, hint);
	if (min !== undefined && number < min) {
		throw new InputError(field, `must be at least ${min}, received ${number}`, hint);
	}
	if (number > max) {
		throw new InputError(field, `must be at most ${max}, received ${number}`, hint);
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
	const toolUse = isToolUse(ctx);
	const wait = ctx.getNodeParameter('waitForCompletion', 0, operation === 'create') as boolean;
	const pollIntervalS = wait
		? bounded(
				ctx.getNodeParameter('pollInterval', 0, DEFAULT_POLL_INTERVAL_S),
				'Poll Interval',
				`Enter the seconds between status checks, from ${MIN_POLL_INTERVAL_S} to ${MAX_WAIT_LIMIT_S}, e.g. 10.`,
				{ min: MIN_POLL_INTERVAL_S, max: MAX_WAIT_LIMIT_S },
			)
		: DEFAULT_POLL_INTERVAL_S;
	const maxWaitS = wait
		? bounded(
				ctx.getNodeParameter('maxWait', 0, toolUse ? TOOL_MAX_WAIT_S : DEFAULT_MAX_WAIT_S),
				'Maximum Wait',
				`Enter the seconds to wait at most, up to ${MAX_WAIT_LIMIT_S} (7 days), e.g. 1800.`,
				{ max: MAX_WAIT_LIMIT_S },
			)
		: DEFAULT_MAX_WAIT_S;
	const concurrency = Math.floor(
		bounded(
			options.concurrency ?? 5,
			'Concurrency',
			`Enter how many requests may run at once, from 1 to ${MAX_CONCURRENCY}, e.g. 5.`,
			{ max: MAX_CONCURRENCY },
		),
	);
	const requestTimeoutS = bounded(
		options.requestTimeout ?? DEFAULT_CLIENT_SETTINGS.requestTimeoutMs / 1000,
		'Request Timeout',
		`Enter the seconds one request may take, from ${MIN_REQUEST_TIMEOUT_S} to ${MAX_REQUEST_TIMEOUT_S} (one day), e.g. 60.`,
		{ min: MIN_REQUEST_TIMEOUT_S, max: MAX_REQUEST_TIMEOUT_S },
	);
	const maxVideoSizeMb = bounded(
		options.maxVideoSize ?? DEFAULT_MAX_VIDEO_SIZE_MB,
		'Maximum Video Size',
		`Enter the largest video to store, in MB, up to ${MAX_VIDEO_SIZE_LIMIT_MB}, e.g. ${DEFAULT_MAX_VIDEO_SIZE_MB}.`,
		{ max: MAX_VIDEO_SIZE_LIMIT_MB },
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
		maxWaitMs: maxWaitS * 1000,
		onTimeout: options.onTimeout === 'error' ? 'error' : 'returnPending',
		// An agent gets JSON only (n8n drops a tool's binary data): the URL is what it can use.
		download: !toolUse && options.downloadVideo !== false,
		binaryPropertyName,
		concurrency: Math.max(1, concurrency),
		maxVideoBytes: Math.floor(maxVideoSizeMb * 1024 * 1024),
		client: {
			requestTimeoutMs: requestTimeoutS * 1000,
			// A retry need not wait longer than a poll would: tie the backoff to the interval.
			retryBaseMs: Math.min(DEFAULT_CLIENT_SETTINGS.retryBaseMs, pollIntervalMs / 2),
			maxAttempts: DEFAULT_CLIENT_SETTINGS.maxAttempts,
		},
		toolUse,
		shape: readOutputShape(ctx, toolUse),
	};
}
