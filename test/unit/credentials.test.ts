/**
 * The credentials' own test requests, sent the way the credential describes them (base URL,
 * path, the `authenticate` header) to the emulator: a good key passes, a wrong one fails with
 * the API's message.
 */
import type { ICredentialType } from 'n8n-workflow';
import { request } from 'undici';

import { ApiEmulator } from '../emulator/server';
import { AimlApi } from '../../credentials/AimlApi.credentials';
import { NovitaAiApi } from '../../credentials/NovitaAiApi.credentials';

const emulator = new ApiEmulator();
beforeAll(async () => {
	await emulator.start();
});
afterAll(async () => {
	await emulator.stop();
});

async function runCredentialTest(type: ICredentialType, apiKey: string) {
	const fill = (text: string) =>
		text
			.replace(/^=/, '')
			.replace('{{$credentials.apiKey}}', apiKey)
			.replace('{{$credentials.baseUrl}}', emulator.apiUrl);
	const test = type.test?.request;
	const headers = (type.authenticate as { properties: { headers: Record<string, string> } })
		.properties.headers;
	const answer = await request(`${fill(String(test?.baseURL))}${test?.url}`, {
		method: (test?.method ?? 'GET') as 'GET',
		headers: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, fill(v)])),
	});
	return { status: answer.statusCode, body: (await answer.body.json()) as { message?: string } };
}

test.each([
	['AIML API', new AimlApi(), 'test-aiml-key-0123456789'],
	['Novita AI', new NovitaAiApi(), 'test-novita-key-0123456789'],
])(
	'%s: a good key passes the credential test, a wrong one fails readably',
	async (_name, type, key) => {
		expect((await runCredentialTest(type, key)).status).toBe(200);
		const wrong = await runCredentialTest(type, 'wrong-key');
		expect(wrong.status).toBe(401);
		expect(wrong.body.message).toMatch(/API key/);
	},
);

test.each([new AimlApi(), new NovitaAiApi()])(
	'%p: the key is a password field and the base URL is editable',
	(type) => {
		const key = type.properties.find((p) => p.name === 'apiKey');
		expect(key?.typeOptions?.password).toBe(true);
		const base = type.properties.find((p) => p.name === 'baseUrl');
		expect(base?.type).toBe('string');
		expect(String(base?.default)).toMatch(/^https:\/\//);
	},
);
