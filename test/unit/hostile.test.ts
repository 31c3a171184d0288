/**
 * Unit rows of the hostile suite (issue 19): the address classifier and the private-address
 * rule in both directions, the deep key scrub, one-line log text, the bounded body reader, the
 * trimmed `response`, ids from answers, and the credential tests that never follow redirects.
 * The workflow rows are in test/workflow/hostile.test.ts.
 */
import { Readable } from 'node:stream';

import { AimlApiVideoAimlApi } from '../../credentials/AimlApiVideoAimlApi.credentials';
import { NovitaAiVideoApi } from '../../packages/n8n-nodes-novita-video/credentials/NovitaAiVideoApi.credentials';
import { isWellFormedId } from '../../engine/catalog/validate';
import { keyCheckRequest } from '../../engine/credentials/apiKey';
import { classifyHost, videoHostAllowed } from '../../engine/helpers/address';
import { boundedResponse, MAX_RESPONSE_BYTES } from '../../engine/run/output';
import {
	BodyTooLargeError,
	DeadlineError,
	deadlineSignal,
	readBounded,
} from '../../engine/transport/body';
import { isVideoType } from '../../engine/transport/download';
import { oneLine, redactDeep } from '../../engine/transport/messages';

/** The hostname as n8n sees it: through WHATWG URL, which normalises odd IPv4 forms. */
const host = (url: string) => new URL(url).hostname;

describe('address classifier (literals and localhost, as URL writes them)', () => {
	test.each([
		['http://localhost:8080', 'loopback'],
		['http://app.localhost', 'loopback'],
		['http://127.0.0.1', 'loopback'],
		['http://127.255.0.9', 'loopback'],
		['http://2130706433', 'loopback'], // decimal 127.0.0.1
		['http://0x7f.1', 'loopback'], // hex, short form
		['http://[::1]', 'loopback'],
		['http://[::ffff:127.0.0.1]', 'loopback'],
		['http://10.0.0.1', 'private'],
		['http://172.16.5.4', 'private'],
		['http://172.31.255.255', 'private'],
		['http://192.168.1.1', 'private'],
		['http://100.64.0.1', 'private'],
		['http://0.0.0.0', 'private'],
		['http://[::]', 'private'],
		['http://[::ffff:10.0.0.1]', 'private'],
		['http://169.254.169.254', 'linkLocal'],
		['http://[fe80::1]', 'linkLocal'],
		['http://[fd00::1]', 'uniqueLocal'],
		['http://[fc12:3456::9]', 'uniqueLocal'],
		['http://172.32.0.1', 'public'],
		['http://8.8.8.8', 'public'],
		['http://[2001:db8::1]', 'public'],
		['https://cdn.aimlapi.com', 'public'],
		['https://10.0.0.1.nip.io', 'public'], // a DNS name: not resolvable here (documented limit)
	])('%s is %s', (url, expected) => {
		expect(classifyHost(host(url))).toBe(expected);
	});

	test('a private video host is allowed only next to an API of the same class', () => {
		const allowed = (video: string, api: string) => videoHostAllowed(host(video), host(api));
		// Public file hosts: always.
		expect(allowed('https://cdn.example.com/v.mp4', 'https://api.aimlapi.com')).toBe(true);
		expect(allowed('https://cdn.example.com/v.mp4', 'http://127.0.0.1:8787')).toBe(true);
		// A public API can point n8n at no internal address at all.
		expect(allowed('http://127.0.0.1/v.mp4', 'https://api.aimlapi.com')).toBe(false);
		expect(allowed('http://10.0.0.1/v.mp4', 'https://api.aimlapi.com')).toBe(false);
		expect(allowed('http://169.254.169.254/', 'https://api.aimlapi.com')).toBe(false);
		expect(allowed('http://[fd00::1]/', 'https://api.aimlapi.com')).toBe(false);
		// The emulator case: API and files on loopback.
		expect(allowed('http://127.0.0.1:9000/v.mp4', 'http://localhost:8787')).toBe(true);
		expect(allowed('http://localhost:9000/v.mp4', 'http://[::1]:8787')).toBe(true);
		// A loopback API cannot reach into the private network or the metadata service.
		expect(allowed('http://10.0.0.1/v.mp4', 'http://localhost:8787')).toBe(false);
		expect(allowed('http://169.254.169.254/', 'http://127.0.0.1:8787')).toBe(false);
		expect(allowed('http://[fd00::1]/', 'http://127.0.0.1:8787')).toBe(false);
		// A gateway on a private address may serve its files there too.
		expect(allowed('http://10.1.2.3/v.mp4', 'https://10.0.0.5')).toBe(true);
		expect(allowed('http://127.0.0.1/v.mp4', 'https://10.0.0.5')).toBe(false);
	});
});

describe('no key in anything saved', () => {
	const KEY = 'sk-secret-0123456789';
	test('redactDeep scrubs strings, nested objects, arrays and field names', () => {
		const body = {
			message: `bad key ${KEY}`,
			headers: { authorization: `Bearer ${KEY}` },
			seen: [KEY, { nested: [{ deeper: `k=${KEY}` }] }, 3, null, true],
			[KEY]: 'as a field name',
		};
		const scrubbed = JSON.stringify(redactDeep(body, [KEY]));
		expect(scrubbed).not.toContain(KEY);
		expect(scrubbed.split('[redacted]')).toHaveLength(6);
		expect(redactDeep('plain', [KEY])).toBe('plain');
		expect(redactDeep(42, [KEY])).toBe(42);
	});

	test('a body nested deeper than checked is replaced, not kept', () => {
		let deep: unknown = KEY;
		for (let i = 0; i < 100; i++) deep = [deep];
		expect(JSON.stringify(redactDeep(deep, [KEY]))).not.toContain(KEY);
	});
});

describe('the credential tests never follow redirects', () => {
	test.each([
		['AIML API', new AimlApiVideoAimlApi()],
		['Novita AI', new NovitaAiVideoApi()],
	])('%s: disableFollowRedirect on the test request', (_name, credential) => {
		expect(credential.test.request.disableFollowRedirect).toBe(true);
	});

	test('keyCheckRequest sets it for any provider', () => {
		expect(
			keyCheckRequest('/x', 'X', { statusField: 'code', successField: 'data' }).request
				.disableFollowRedirect,
		).toBe(true);
	});
});

describe('ids and log lines', () => {
	test.each([
		['3f2a0c1e-0000-4000-8000-000000000000:alibaba/wan-2-6-t2v', true],
		['Vx9_-abc', true],
		['abc\r\nERROR forged', false],
		['abc\u0000', false],
		['abc\u0085', false],
		['abc\u2028', false],
		['a b', false],
		['', false],
		['x'.repeat(512), true],
		['x'.repeat(513), false],
	])('%j well formed: %s', (id, expected) => {
		expect(isWellFormedId(id)).toBe(expected);
	});

	test('oneLine writes CR, LF and other control characters as escapes', () => {
		expect(oneLine('id=a\r\nERROR forged\tx\u2028')).toBe(
			'id=a\\u000d\\u000aERROR forged\\u0009x\\u2028',
		);
	});
});

describe('bounded bodies', () => {
	const stream = (chunks: number, size: number) =>
		Readable.from(
			(function* () {
				for (let i = 0; i < chunks; i++) yield Buffer.alloc(size, 120);
			})(),
		);

	test('over the limit: BodyTooLargeError, and the stream is destroyed', async () => {
		const body = stream(1000, 1024);
		await expect(readBounded(body, { maxBytes: 10 * 1024 })).rejects.toBeInstanceOf(
			BodyTooLargeError,
		);
		expect(body.destroyed).toBe(true);
	});

	test('truncate keeps the first bytes', async () => {
		const bytes = await readBounded(stream(10, 100), { maxBytes: 250, truncate: true });
		expect(bytes.length).toBe(250);
	});

	test('under the limit: the whole body', async () => {
		const bytes = await readBounded(stream(10, 100), { maxBytes: 2000 });
		expect(bytes.length).toBe(1000);
	});

	test('a body that never ends: DeadlineError at the deadline', async () => {
		const endless = new Readable({ read() {} });
		endless.push('{');
		const started = Date.now();
		await expect(
			readBounded(endless, { maxBytes: 1024, deadline: deadlineSignal(150) }),
		).rejects.toBeInstanceOf(DeadlineError);
		expect(Date.now() - started).toBeLessThan(1000);
		expect(endless.destroyed).toBe(true);
	});

	test('deadlines past the 2^31-1 ms timer limit are clamped, not fired at once', () => {
		expect(deadlineSignal(30 * 24 * 3600 * 1000).aborted).toBe(false);
	});

	test('video types: video/* and generic binary pass, pages do not', () => {
		for (const type of [
			'video/mp4',
			'video/webm',
			'application/octet-stream',
			'binary/octet-stream',
			'',
		])
			expect(isVideoType(type)).toBe(true);
		for (const type of [
			'text/html',
			'application/json',
			'text/plain',
			'image/png',
			'application/xml',
		])
			expect(isVideoType(type)).toBe(false);
	});
});

describe('the raw response in the output is bounded', () => {
	test('small answers are kept whole', () => {
		const raw = { id: 'a', status: 'completed' };
		expect(boundedResponse(raw)).toEqual({
			response: raw,
			truncated: false,
			bytes: JSON.stringify(raw).length,
		});
	});

	test('large answers keep the top-level fields that fit, and say so', () => {
		const raw = { id: 'a', padding: 'x'.repeat(200 * 1024), status: 'completed' };
		const bounded = boundedResponse(raw);
		expect(bounded.truncated).toBe(true);
		expect(bounded.bytes).toBeGreaterThan(200 * 1024);
		expect(bounded.response).toEqual({ id: 'a', status: 'completed' });
		expect(JSON.stringify(bounded.response).length).toBeLessThanOrEqual(MAX_RESPONSE_BYTES);
	});
});
