import type { IDataObject } from 'n8n-workflow';

import { settle } from '../../../engine/helpers/settle';
import type { ApiClient } from '../../../engine/transport/client';

/** One entry of AIML's `GET /v1/models/deprecations`. */
export interface Deprecation {
	id: string;
	aliases: string[];
	status: 'deprecated' | 'superseded' | 'withdrawn';
	deprecatedAt?: string;
	shutdownAt?: string;
	replacedBy?: string;
	reason?: string;
}

const STATUSES = new Set(['deprecated', 'superseded', 'withdrawn']);
const FEED_PATH = '/v1/models/deprecations';
/** The feed is advice: a slow one is given up quickly. */
const FEED_TIMEOUT_MS = 10_000;

function text(value: unknown): string | undefined {
	return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

/** The feed's entries, read loosely: an entry without an id or a known status is skipped. */
export function parseDeprecations(body: unknown): Deprecation[] {
	const data = (body as IDataObject | undefined)?.data;
	const list = Array.isArray(body) ? body : Array.isArray(data) ? data : [];
	const entries: Deprecation[] = [];
	for (const raw of list as IDataObject[]) {
		const id = text(raw?.id);
		const status = text(raw?.status)?.toLowerCase();
		if (!id || !status || !STATUSES.has(status)) continue;
		entries.push({
			id,
			aliases: Array.isArray(raw.aliases) ? raw.aliases.filter((a) => typeof a === 'string') : [],
			status: status as Deprecation['status'],
			deprecatedAt: text(raw.deprecated_at),
			shutdownAt: text(raw.shutdown_at),
			replacedBy: text(raw.replaced_by),
			reason: text(raw.reason),
		});
	}
	return entries;
}

/** The entry for a model, matched on its id and on its aliases (the API accepts both). */
export function findDeprecation(
	feed: Deprecation[] | undefined,
	modelId: string,
): Deprecation | undefined {
	return feed?.find((entry) => entry.id === modelId || entry.aliases.includes(modelId));
}

/** "withdrawn on 2026-06-30; use alibaba/wan-2-6-t2v instead" — for labels and errors. */
export function describeDeprecation(entry: Deprecation): string {
	const when = entry.status === 'withdrawn' ? entry.shutdownAt : entry.deprecatedAt;
	const replacement = entry.replacedBy ? `; use ${entry.replacedBy} instead` : '';
	return `${entry.status}${when ? ` since ${when}` : ''}${entry.shutdownAt && entry.status !== 'withdrawn' ? `, shuts down ${entry.shutdownAt}` : ''}${replacement}`;
}

/**
 * Reads the feed once; undefined when it cannot be read. It needs no key, but goes through the
 * same client (and so only to the API's host). It is advice: a failure here never fails a run.
 */
export async function readDeprecations(client: ApiClient): Promise<Deprecation[] | undefined> {
	const answer = await settle(
		client.send(
			{ method: 'GET', path: FEED_PATH },
			{
				idempotent: true,
				maxAttempts: 1,
				// Request Timeout applies to it too, when it is shorter.
				timeoutMs: Math.min(FEED_TIMEOUT_MS, client.settings.requestTimeoutMs),
			},
		),
	);
	return answer.ok ? parseDeprecations(answer.value) : undefined;
}

/**
 * The feed, read at most once per execution (a batch of 100 failing creates reads it once).
 * Kept for a few executions only: n8n runs many, and the feed changes.
 */
const perExecution = new Map<string, Promise<Deprecation[] | undefined>>();
const EXECUTIONS_KEPT = 20;

export async function deprecationsFor(
	executionId: string,
	client: ApiClient,
): Promise<Deprecation[] | undefined> {
	let feed = perExecution.get(executionId);
	if (!feed) {
		feed = readDeprecations(client);
		perExecution.set(executionId, feed);
		for (const key of perExecution.keys()) {
			if (perExecution.size <= EXECUTIONS_KEPT) break;
			perExecution.delete(key);
		}
	}
	return await feed;
}
