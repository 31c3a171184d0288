/**
 * The model list (resource locator "From List"), against the emulator's real /v1/models in
 * both of its forms, through a load-options context whose HTTP goes over the network.
 */
import type { IHttpRequestOptions, ILoadOptionsFunctions } from 'n8n-workflow';
import { request } from 'undici';

import { ApiEmulator } from '../../tools/emulator/server';
import { searchModels } from '../../nodes/AimlApiVideo/methods/listSearch';

const emulator = new ApiEmulator();
beforeAll(async () => {
	await emulator.start();
});
afterAll(async () => {
	await emulator.stop();
});
beforeEach(() => emulator.reset());

function context(baseUrl: string): ILoadOptionsFunctions {
	return {
		getCredentials: async () => ({ apiKey: 'test-aiml-key-0123456789', baseUrl }),
		helpers: {
			httpRequestWithAuthentication: async (_type: string, options: IHttpRequestOptions) => {
				const answer = await request(options.url, { method: options.method ?? 'GET' });
				return {
					statusCode: answer.statusCode,
					headers: answer.headers,
					body: await answer.body.text(),
				};
			},
		},
	} as unknown as ILoadOptionsFunctions;
}

const CATALOG = [
	'alibaba/wan-3-0-video',
	'alibaba/wan-2-7-t2v',
	'alibaba/wan-2-6-t2v',
	'alibaba/wan2.5-t2v-preview',
	'alibaba/wan2.2-t2v-plus',
	'alibaba/wan2.1-t2v-turbo',
	'alibaba/wan2.1-t2v-plus',
	'krea/krea-wan-14b/text-to-video',
	'wan/v2.1/1.3b/text-to-video',
];

test.each(['list', 'array'] as const)(
	'the %s form: catalog first (marked), then other text-to-video models only',
	async (form) => {
		emulator.config.modelsForm = form;
		const { results } = await searchModels.call(context(emulator.apiUrl));
		const ids = results.map((r) => r.value);
		expect(ids.slice(0, CATALOG.length)).toEqual(CATALOG);
		expect(results.slice(0, CATALOG.length).every((r) => r.name.endsWith('✓'))).toBe(true);
		// The API's other text-to-video models follow, unmarked.
		const others = results.slice(CATALOG.length);
		expect(others.map((r) => r.value)).toEqual(
			expect.arrayContaining(['alibaba/wan3.0-video', 'bytedance/seedance-1-0-lite-t2v']),
		);
		expect(others.some((r) => r.name.includes('✓'))).toBe(false);
		expect(ids).not.toContain('alibaba/wan2.1-i2v-plus');
		expect(ids).not.toContain('gpt-4o');
		expect(ids).not.toContain('flux/schnell');
		expect(new Set(ids).size).toBe(ids.length);
		expect(emulator.sent('models')).toHaveLength(1);
	},
);

test('when the list cannot be loaded, the catalog is offered', async () => {
	emulator.config.modelsForm = 'error';
	const { results } = await searchModels.call(context(emulator.apiUrl));
	expect(results.map((r) => r.value)).toEqual(CATALOG);
});

test('the filter narrows by name or id', async () => {
	const { results } = await searchModels.call(context(emulator.apiUrl), 'turbo');
	expect(results.map((r) => r.value)).toEqual(['alibaba/wan2.1-t2v-turbo']);
});
