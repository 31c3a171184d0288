/**
 * A create for a model AIML has withdrawn (the API answers 404) fails with an error that says
 * so and names the replacement, from GET /v1/models/deprecations: read only after such a
 * failure, at most once per execution, and never holding up a create when it is down.
 */
import { model, run, useEmulator, visibleText } from './helpers';

const ctx = useEmulator();
const withdrawn = {
	operation: 'create',
	model: model('alibaba/wan2.1-t2v-preview'),
	prompt: 'p',
	waitForCompletion: false,
};

test('a withdrawn model: the error says so and names replaced_by', async () => {
	const result = await run(ctx.emulator, { parameters: withdrawn });
	expect(result.error?.message).toBe(
		'The AIML API no longer serves model alibaba/wan2.1-t2v-preview: it is withdrawn since 2026-06-30; use alibaba/wan-2-6-t2v instead (item 0)',
	);
	expect(result.error?.description).toMatch(/^Pick alibaba\/wan-2-6-t2v in Model/);
	expect(ctx.emulator.sent('create')).toHaveLength(1);
	expect(ctx.emulator.sent('deprecations')).toHaveLength(1);
});

test('matched on an alias too', async () => {
	const result = await run(ctx.emulator, {
		parameters: { ...withdrawn, model: model('alibaba/wan-2-1-t2v-preview') },
	});
	expect(result.error?.message).toMatch(
		/no longer serves model alibaba\/wan-2-1-t2v-preview: it is withdrawn .* use alibaba\/wan-2-6-t2v instead/,
	);
});

test('a batch of withdrawn creates reads the feed once (continue-on-fail: every item says why)', async () => {
	const result = await run(ctx.emulator, {
		input: Array.from({ length: 6 }, () => ({})),
		parameters: withdrawn,
		nodeSettings: { onError: 'continueRegularOutput' },
	});
	expect(result.items).toHaveLength(6);
	for (const item of result.items) {
		expect(item.json.status).toBe('failed');
		expect(String(item.json.error)).toMatch(/use alibaba\/wan-2-6-t2v instead/);
	}
	expect(ctx.emulator.sent('create')).toHaveLength(6);
	expect(ctx.emulator.sent('deprecations')).toHaveLength(1);
});

test('creates never read the feed: a working model runs without it', async () => {
	const result = await run(ctx.emulator, {
		input: Array.from({ length: 3 }, () => ({})),
		parameters: { ...withdrawn, model: model('alibaba/wan2.1-t2v-turbo') },
	});
	expect(result.error).toBeUndefined();
	expect(ctx.emulator.sent('deprecations')).toHaveLength(0);
});

test("a feed that is down leaves the API's own 404 error, quickly", async () => {
	ctx.emulator.inject({ route: 'deprecations', kind: 'status', status: 503, times: 10 });
	const started = Date.now();
	const result = await run(ctx.emulator, { parameters: withdrawn });
	expect(Date.now() - started).toBeLessThan(5000);
	expect(result.error?.message).toBe('The AIML API does not know this resource (item 0)');
	expect(ctx.emulator.sent('deprecations')).toHaveLength(1);
});

test('a 404 for a model the feed does not list keeps the plain message', async () => {
	ctx.emulator.inject({ route: 'create', kind: 'status', status: 404, times: 1 });
	const result = await run(ctx.emulator, {
		parameters: { ...withdrawn, model: model('alibaba/wan2.1-t2v-turbo') },
	});
	expect(result.error?.message).toBe('The AIML API does not know this resource (item 0)');
	expect(visibleText(result)).not.toMatch(/withdrawn/);
});
