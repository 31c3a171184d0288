import { checkBaseUrl, retryDelayMs } from '../../engine/transport/client';
import { extractApiMessage, findNetworkCode } from '../../engine/transport/messages';

test.each([
	['https://api.aimlapi.com/', 'https://api.aimlapi.com'],
	['http://localhost:8787', 'http://localhost:8787'],
	['http://127.0.0.1:9', 'http://127.0.0.1:9'],
	['http://[::1]:80', 'http://[::1]:80'],
])('base URL %s is accepted as %s', (input, expected) => {
	expect(checkBaseUrl(input, 'AIML API')).toBe(expected);
});

test.each([
	'http://api.aimlapi.com',
	'ftp://x',
	'not a url',
	'',
	'https://user:pw@api.aimlapi.com',
])('base URL %p is refused', (input) => {
	expect(() => checkBaseUrl(input, 'AIML API')).toThrow(/Base URL/);
});

test('Retry-After wins over backoff; backoff grows and is capped', () => {
	expect(retryDelayMs(1, 1000, '3')).toBe(3000);
	expect(retryDelayMs(1, 1000, new Date(Date.now() + 5000).toUTCString())).toBeGreaterThan(3000);
	for (let attempt = 1; attempt < 12; attempt++) {
		const delay = retryDelayMs(attempt, 1000);
		const full = Math.min(30_000, 1000 * 2 ** (attempt - 1));
		expect(delay).toBeGreaterThanOrEqual(full / 2);
		expect(delay).toBeLessThanOrEqual(full);
	}
});

test.each([
	[{ message: 'Body validation error!' }, 'Body validation error!'],
	[{ error: { name: 'Err', message: 'bad prompt' } }, 'bad prompt'],
	[
		{ detail: [{ msg: 'field required', loc: ['body', 'prompt'], type: 'x' }] },
		'body.prompt: field required',
	],
	[
		{
			message: 'Body validation error!',
			details: [{ path: ['resolution'], message: 'Invalid enum value' }],
		},
		'Body validation error!: resolution: Invalid enum value',
	],
	[
		{ code: 400, reason: 'INVALID_REQUEST_BODY', message: 'steps: too big' },
		'steps: too big: INVALID_REQUEST_BODY',
	],
	['plain text', 'plain text'],
	[{}, undefined],
])('error body %j reads as %p', (body, expected) => {
	expect(extractApiMessage(body)).toBe(expected);
});

test('network codes are found on the error, its httpCode, its messages or its causes', () => {
	expect(findNetworkCode({ code: 'ECONNRESET' })).toBe('ECONNRESET');
	expect(findNetworkCode({ httpCode: 'ECONNREFUSED' })).toBe('ECONNREFUSED');
	expect(findNetworkCode({ httpCode: '404', messages: ['timeout of 300ms exceeded'] })).toBe(
		'ECONNABORTED',
	);
	expect(findNetworkCode({ cause: { cause: { code: 'EPIPE' } } })).toBe('EPIPE');
	expect(findNetworkCode({ name: 'CanceledError' })).toBe('ERR_CANCELED');
	expect(findNetworkCode({ httpCode: '500' })).toBeUndefined();
});
