/**
 * Checks shared by the end-to-end rows: the video node's output items, the bytes n8n stored
 * against what the emulator's CDN served, and how the API key was used.
 */
import { createHash } from 'node:crypto';

import type { IRunJson, ItemJson } from '../n8n-host';
import { isMp4, nodeItems } from '../n8n-host';
import type { ApiEmulator } from '../../tools/emulator/server';
import type { Report, Row } from './report';

export type BinaryRef = NonNullable<ItemJson['binary']>[string];

/** Reads the bytes n8n stored for a binary property (from disk, the item, or a REST download). */
export type BytesReader = (binary: BinaryRef) => Promise<Buffer | undefined>;

export interface VideoCheck {
	items: ItemJson[];
	ok: boolean;
	/** Row fields describing the node's output. */
	row: Pick<Row, 'node' | 'items' | 'status' | 'binary'>;
	/** Bytes of each completed item's video, in item order. */
	bytes: Array<Buffer | undefined>;
}

export function sha256(bytes: Buffer): string {
	return createHash('sha256')
		.update(bytes as NodeJS.ArrayBufferView)
		.digest('hex');
}

/**
 * The node's items: `count` of them, each `completed` with an MP4 in binary `data` whose size is
 * `video.fileSize` (or each pending, without binary). With `emulator`, each video must also be
 * byte-exact with what the CDN served for its `videoUrl`.
 */
export async function checkVideoNode(
	report: Report,
	where: string,
	runJson: IRunJson,
	nodeName: string,
	expect: { count: number; status: 'completed' | 'pending' },
	readBytes: BytesReader,
	emulator?: ApiEmulator,
): Promise<VideoCheck> {
	const mark = report.mark();
	const fail = (message: string) => report.fail(`${where} / ${nodeName}`, message);
	const items = nodeItems(runJson, nodeName) ?? [];
	const bytesOut: Array<Buffer | undefined> = [];
	if (items.length !== expect.count) fail(`expected ${expect.count} items, got ${items.length}`);
	let mp4s = 0;
	let exact = 0;
	// Read the stored videos two at a time (each may be tens of MiB).
	const stored: Array<Promise<Buffer | undefined> | undefined> = [];
	for (let next = 0; next < items.length; next += 2) {
		const batch = items.slice(next, next + 2).map(async (item, offset) => {
			const binary = expect.status === 'completed' ? item.binary?.data : undefined;
			try {
				return binary ? await readBytes(binary) : undefined;
			} catch (error) {
				fail(`item ${next + offset}: reading the binary back failed: ${(error as Error).message}`);
				return undefined;
			}
		});
		await Promise.all(batch);
		stored.push(...batch);
	}
	for (const [index, item] of items.entries()) {
		const json = item.json;
		if (json.provider === undefined || json.model === undefined || !json.id)
			fail(`item ${index}: id/model/provider missing: ${JSON.stringify(json).slice(0, 200)}`);
		if (item.pairedItem === undefined) fail(`item ${index}: no pairedItem`);
		if (expect.status === 'pending') {
			if (json.status === 'completed' || json.status === 'error' || json.status === 'failed')
				fail(`item ${index}: expected a pending status, got ${String(json.status)}`);
			if (item.binary) fail(`item ${index}: unexpected binary`);
			continue;
		}
		if (json.status !== 'completed')
			fail(`item ${index}: status ${String(json.status)} (${JSON.stringify(json.error)})`);
		const binary = item.binary?.data;
		if (!binary) {
			fail(`item ${index}: no binary "data"`);
			bytesOut.push(undefined);
			continue;
		}
		const bytes = await stored[index];
		bytesOut.push(bytes);
		if (!isMp4(bytes))
			fail(
				`item ${index}: binary is not an MP4 (${bytes ? bytes.subarray(0, 8).toString('hex') : 'no bytes'})`,
			);
		else mp4s++;
		if (binary.mimeType !== 'video/mp4') fail(`item ${index}: mimeType ${binary.mimeType}`);
		const video = json.video as { fileSize?: number; binaryProperty?: string } | undefined;
		if (bytes && video?.fileSize !== bytes.length)
			fail(`item ${index}: video.fileSize ${video?.fileSize} but ${bytes.length} bytes`);
		if (video?.binaryProperty !== 'data')
			fail(`item ${index}: video.binaryProperty ${video?.binaryProperty}`);
		if (emulator && bytes) {
			const served = servedFor(emulator, String(json.videoUrl ?? ''));
			if (!served) fail(`item ${index}: the CDN has no complete download of ${json.videoUrl}`);
			else if (served.sha256 !== sha256(bytes) || served.bytes !== bytes.length)
				fail(
					`item ${index}: stored ${bytes.length} bytes differ from the ${served.bytes} the CDN served`,
				);
			else exact++;
		}
	}
	const statuses = items.map((item) => String(item.json.status));
	const counts = [...new Set(statuses)]
		.map((status) => `${statuses.filter((s) => s === status).length}x ${status}`)
		.join(', ');
	let binaryText = 'none (as expected)';
	if (expect.status === 'completed') {
		binaryText = `${mp4s}/${items.length} MP4`;
		if (emulator) binaryText += `, ${exact} byte-exact with CDN`;
	}
	return {
		items,
		bytes: bytesOut,
		ok: report.mark() === mark,
		row: { node: nodeName, items: String(items.length), status: counts || '-', binary: binaryText },
	};
}

/** The CDN's complete answer for a signed video URL: bytes and SHA-256 it sent. */
export function servedFor(
	emulator: ApiEmulator,
	videoUrl: string,
): { bytes: number; sha256: string } | undefined {
	let wanted: string;
	try {
		const url = new URL(videoUrl);
		wanted = `${url.pathname}${url.search}`;
	} catch {
		return undefined;
	}
	const record = emulator.requests.find(
		(r) => r.origin === 'cdn' && r.url === wanted && r.servedSha256 !== undefined,
	);
	return record ? { bytes: record.servedBytes ?? 0, sha256: record.servedSha256! } : undefined;
}

/**
 * Over the requests from `from` on: every API request carried the provider's Bearer key and no
 * CDN download carried an Authorization header. Returns the row fields.
 */
export function checkKeyUse(
	report: Report,
	where: string,
	emulator: ApiEmulator,
	from = 0,
): Pick<Row, 'items' | 'binary' | 'checks'> & { ok: boolean } {
	const mark = report.mark();
	const requests = emulator.requests.slice(from);
	const cdn = requests.filter((r) => r.origin === 'cdn');
	const leaked = cdn.filter((r) => r.headers.authorization !== undefined);
	const api = requests.filter((r) => r.origin === 'api');
	const wrongKey = api.filter((r) => {
		const key =
			r.provider === 'novita' ? emulator.config.keys.novita[0] : emulator.config.keys.aimlapi[0];
		return r.headers.authorization !== `Bearer ${key}`;
	});
	report.check(cdn.length > 0, where, 'no download reached the CDN');
	report.check(
		leaked.length === 0,
		where,
		`${leaked.length} CDN requests carried an Authorization header`,
	);
	report.check(
		wrongKey.length === 0,
		where,
		`${wrongKey.length} API requests without the right Bearer key: ${wrongKey.map((r) => `${r.method} ${r.path}`).join(', ')}`,
	);
	return {
		items: `${api.length} api`,
		binary: `${cdn.length} cdn`,
		checks: `Authorization on CDN: ${leaked.length}; API requests without the right key: ${wrongKey.length}`,
		ok: report.mark() === mark,
	};
}

/** Creates in the emulator's log from `from` on (optionally only those whose prompt has `marker`). */
export function createsSince(emulator: ApiEmulator, from: number, marker?: string) {
	return emulator.requests
		.slice(from)
		.filter(
			(r) =>
				r.route === 'create' &&
				(marker === undefined || String((r.body as { prompt?: string })?.prompt).includes(marker)),
		);
}
