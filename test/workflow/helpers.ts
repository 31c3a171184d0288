import type { IDataObject } from 'n8n-workflow';

import { ApiEmulator } from '../../tools/emulator/server';
import type { RunOptions, RunResult } from '../../tools/harness/workflow';
import { NOVITA_NODE_TYPE, runWorkflow, startWorkflow } from '../../tools/harness/workflow';

export const AIML_KEY = 'test-aiml-key-0123456789';
export const NOVITA_KEY = 'test-novita-key-0123456789';

/** One emulator per test file, reset before each test. */
export function useEmulator(): { emulator: ApiEmulator } {
	const context = { emulator: new ApiEmulator() };
	beforeAll(async () => {
		await context.emulator.start();
	});
	beforeEach(() => context.emulator.reset());
	afterAll(async () => {
		await context.emulator.stop();
	});
	return context;
}

export function credentialsFor(
	emulator: ApiEmulator,
	keys: { aiml?: string; novita?: string } = {},
): RunOptions['credentials'] {
	return {
		aimlApiVideoAimlApi: { apiKey: keys.aiml ?? AIML_KEY, baseUrl: emulator.apiUrl },
		novitaAiVideoApi: { apiKey: keys.novita ?? NOVITA_KEY, baseUrl: emulator.apiUrl },
	};
}

/** Fast wait settings for the emulator's short jobs. */
export const FAST_WAIT: IDataObject = { pollInterval: 0.05, maxWait: 20 };

export function model(id: string): IDataObject {
	return { __rl: true, mode: 'list', value: id };
}

/**
 * The tests name the provider as `provider` in the parameters, as the single node of 0.1 did:
 * `novita` runs the Novita AI Video node (of the Novita package) without that parameter; any
 * other value runs AIML API Video with the parameter left in, as an old saved workflow has it
 * (the node ignores it).
 */
function forPackage<T extends Omit<RunOptions, 'credentials'>>(options: T): T {
	if (options.nodeType || options.parameters.provider !== 'novita') return options;
	const parameters = { ...options.parameters };
	delete parameters.provider;
	return { ...options, nodeType: NOVITA_NODE_TYPE, parameters };
}

export async function run(
	emulator: ApiEmulator,
	options: Omit<RunOptions, 'credentials'> & { credentials?: RunOptions['credentials'] },
): Promise<RunResult> {
	return await runWorkflow({ credentials: credentialsFor(emulator), ...forPackage(options) });
}

export async function start(emulator: ApiEmulator, options: Omit<RunOptions, 'credentials'>) {
	return await startWorkflow({ credentials: credentialsFor(emulator), ...forPackage(options) });
}

/** Every text the run produced that a user could see: items, errors, descriptions. */
export function visibleText(result: RunResult): string {
	return JSON.stringify(
		{
			items: result.items.map((item) => item.json),
			error: result.error,
			runError: result.run.data.resultData.error ?? null,
		},
		(_key, value: unknown) =>
			value instanceof Error
				? {
						message: value.message,
						description: (value as { description?: string }).description,
						stack: value.stack,
					}
				: value,
	);
}
