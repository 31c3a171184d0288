/**
 * The credentials' own test requests, sent the way the credential describes them (base URL,
 * path, the `authenticate` header) to the emulator: a good key passes, a wrong one fails with
 * the API's message.
 */
import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	IHttpRequestOptions,
} from 'n8n-workflow';
import { request } from 'undici';

import { ApiEmulator } from '../../tools/emulator/server';
import { AimlApiVideoAimlApi } from '../../credentials/AimlApiVideoAimlApi.credentials';
import { NovitaAiVideoApi } from '../../packages/n8n-nodes-novita-video/credentials/NovitaAiVideoApi.credentials';

const emulator = new ApiEmulator();
beforeAll(async () => {
	await emulator.start();
});
afterAll(async () => {
	await emulator.stop();
});

/** Sends the credential's test request as n8n does: base URL and path, then `authenticate`. */
async function runCredentialTest(type: ICredentialType, apiKey: string) {
	const test = type.test?.request;
	const baseURL = String(test?.baseURL).replace('={{$credentials.baseUrl}}', emulator.apiUrl);
	const authenticate = type.authenticate as (
		credentials: ICredentialDataDecryptedObject,
		options: IHttpRequestOptions,
	) => Promise<IHttpRequestOptions>;
	const options = await authenticate(
		{ apiKey, baseUrl: emulator.apiUrl },
		{ baseURL, url: String(test?.url), method: test?.method ?? 'GET' },
	);
	const answer = await request(`${options.baseURL}${options.url}`, {
		method: options.method as 'GET',
		headers: options.headers as Record<string, string>,
	});
	return { status: answer.statusCode, body: (await answer.body.json()) as Record<string, unknown> };
}

/**
 * What n8n's credential tester makes of the answer (credentials-tester.service.js, 2.8 and
 * 2.41): the test request ignores HTTP status errors, so every answer comes back as a result,
 * and the first `responseSuccessBody` rule whose key holds its value (lodash `get`) names the
 * failure; none: "Connection successful". The browser suite checks this in the real dialog.
 */
/** lodash's `get` for the dotted keys the rules use (n8n reads the body with it). */
const get = (body: unknown, key: string): unknown =>
	key
		.split('.')
		.reduce<unknown>(
			(value, part) => (value == null ? undefined : (value as Record<string, unknown>)[part]),
			body,
		);

function dialogMessage(type: ICredentialType, body: unknown): string | undefined {
	const rules = (type.test?.rules ?? []) as Array<{
		type: string;
		properties: { key: string; value: unknown; message: string };
	}>;
	return rules.find(
		(rule) =>
			rule.type === 'responseSuccessBody' &&
			get(body, rule.properties.key) === rule.properties.value,
	)?.properties.message;
}

test.each([
	['AIML API', new AimlApiVideoAimlApi(), 'test-aiml-key-0123456789', '/v2/billing'],
	['Novita AI', new NovitaAiVideoApi(), 'test-novita-key-0123456789', '/v3/openai/models'],
])(
	'%s: a good key passes the credential test, a wrong one or another service fails with its own message',
	async (name, type, key, path) => {
		expect(type.test?.request).toMatchObject({
			url: path,
			ignoreHttpStatusErrors: true,
			disableFollowRedirect: true,
		});
		const good = await runCredentialTest(type, key);
		expect(good.status).toBe(200);
		expect(dialogMessage(type, good.body)).toBeUndefined();
		const wrong = await runCredentialTest(type, 'wrong-key');
		expect(wrong.status).toBe(401);
		expect(wrong.body.message).toMatch(/API key/);
		expect(dialogMessage(type, wrong.body)).toMatch(
			new RegExp(`The ${name} refused the API key \\(HTTP 401\\)`),
		);
		// The status as a string or a number, in the provider's own field.
		const field = name === 'AIML API' ? 'statusCode' : 'code';
		expect(dialogMessage(type, { [field]: '403' })).toMatch(/refused access \(HTTP 403\)/);
		expect(dialogMessage(type, { [field]: 404 })).toMatch(/No .* at this Base URL \(HTTP 404\)/);
		// Not the API: a web page, an empty answer, another service's JSON.
		for (const body of ['<!DOCTYPE html><html></html>', '', undefined, { ok: true }])
			expect(dialogMessage(type, body)).toMatch(/This Base URL does not answer as the/);
	},
);

test('AIML API: the key check reads the documented balance endpoint', async () => {
	const answer = await runCredentialTest(new AimlApiVideoAimlApi(), 'test-aiml-key-0123456789');
	expect(answer.body).toEqual({ current_balance: expect.any(Number), currency: 'USD' });
	const seen = emulator.requests.filter((r) => r.path === '/v2/billing');
	expect(seen.at(-1)?.headers.authorization).toBe('Bearer test-aiml-key-0123456789');
});

test.each([new AimlApiVideoAimlApi(), new NovitaAiVideoApi()])(
	'%p: the key is a password field and the base URL is editable',
	(type) => {
		const key = type.properties.find((p) => p.name === 'apiKey');
		expect(key?.typeOptions?.password).toBe(true);
		const base = type.properties.find((p) => p.name === 'baseUrl');
		expect(base?.type).toBe('string');
		expect(String(base?.default)).toMatch(/^https:\/\//);
	},
);

test.each([
	['http://api.example.com', false],
	['http://10.0.0.5:8080', false],
	['not a url', false],
	['https://api.aimlapi.com', true],
	['http://localhost:8787', true],
	['http://127.0.0.1:9', true],
	['http://[::1]:8787', true],
	['http://0.0.0.0:8787', false],
])('the key goes to %s: %p', async (baseURL, allowed) => {
	const sending = new AimlApiVideoAimlApi().authenticate(
		{ apiKey: 'k-123456' },
		{ baseURL, url: '/assistants' },
	);
	if (allowed)
		await expect(sending).resolves.toMatchObject({ headers: { Authorization: 'Bearer k-123456' } });
	else await expect(sending).rejects.toThrow('The Base URL must use https');
});
