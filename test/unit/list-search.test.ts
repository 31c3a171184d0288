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
	'alibaba/wan-2-7-i2v',
	'alibaba/wan-2-6-i2v',
	'alibaba/wan-2-6-image-to-video-flash',
	'alibaba/wan2.5-i2v-preview',
	'alibaba/wan2.2-i2v-plus',
	'alibaba/wan-2-7-r2v',
	'alibaba/wan-2-6-r2v',
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

describe('the deprecations feed (GET /v1/models/deprecations)', () => {
	test('deprecated and superseded models are marked, withdrawn ones left out', async () => {
		const { results } = await searchModels.call(context(emulator.apiUrl));
		const byId = new Map(results.map((r) => [r.value, r]));
		// The emulator's feed: 1.3B deprecated, Wan 2.5 preview superseded, Wan 2.1 preview withdrawn.
		expect(byId.get('wan/v2.1/1.3b/text-to-video')?.name).toBe('Wan 2.1 1.3B (Deprecated) ✓');
		expect(byId.get('wan/v2.1/1.3b/text-to-video')?.description).toMatch(
			/^Deprecated since 2026-04-01, shuts down 2027-01-31; use alibaba\/wan2.1-t2v-turbo instead\./,
		);
		expect(byId.get('alibaba/wan2.5-t2v-preview')?.name).toMatch(
			/\(Superseded by alibaba\/wan-2-7-t2v\) ✓$/,
		);
		expect(byId.has('alibaba/wan2.1-t2v-preview')).toBe(false);
		// The API lists the withdrawn model; the feed is what drops it.
		const listed = (await (await request(`${emulator.apiUrl}/v1/models`)).body.json()) as {
			data: Array<{ id: string }>;
		};
		expect(listed.data.map((m) => m.id)).toContain('alibaba/wan2.1-t2v-preview');
		expect(emulator.sent('deprecations')).toHaveLength(1);
	});

	test('a match on an alias counts, and a withdrawn catalog model is dropped too', async () => {
		emulator.config.deprecations = [
			{
				id: 'alibaba/wan2.1-t2v-plus-v1',
				aliases: ['alibaba/wan2.1-t2v-plus'],
				status: 'withdrawn',
				deprecated_at: '2026-01-01',
				shutdown_at: '2026-05-01',
				replaced_by: 'alibaba/wan2.1-t2v-turbo',
				reason: null,
			},
		];
		const { results } = await searchModels.call(context(emulator.apiUrl));
		expect(results.map((r) => r.value)).not.toContain('alibaba/wan2.1-t2v-plus');
		expect(results.map((r) => r.value)).toContain('alibaba/wan2.1-t2v-turbo');
	});

	test('a feed that is down changes nothing: the list is served unmarked', async () => {
		emulator.inject({ route: 'deprecations', kind: 'status', status: 503, times: 5 });
		const { results } = await searchModels.call(context(emulator.apiUrl));
		expect(results.map((r) => r.value).slice(0, CATALOG.length)).toEqual(CATALOG);
		expect(results.some((r) => /Superseded/.test(r.name))).toBe(false);
	});

	test('the feed answers filters and a weak ETag with 304', async () => {
		const first = await request(`${emulator.apiUrl}/v1/models/deprecations?status=withdrawn`);
		const etag = String(first.headers.etag);
		expect(etag).toMatch(/^W\//);
		const body = (await first.body.json()) as { data: Array<{ status: string }> };
		expect(body.data.map((d) => d.status)).toEqual(['withdrawn']);
		const again = await request(`${emulator.apiUrl}/v1/models/deprecations?status=withdrawn`, {
			headers: { 'if-none-match': etag },
		});
		expect(again.statusCode).toBe(304);
		await again.body.text();
	});
});
