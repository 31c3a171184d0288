import { FAST_WAIT, model, run, useEmulator } from './helpers';

const ctx = useEmulator();

test('create with wait returns a completed video', async () => {
	const result = await run(ctx.emulator, {
		parameters: { operation: 'create', model: model('alibaba/wan-2-6-t2v'), prompt: 'a fox', ...FAST_WAIT },
	});
	console.log(JSON.stringify(result.items, null, 1).slice(0, 3000), result.error, result.status);
	expect(result.items[0].json.status).toBe('completed');
});
