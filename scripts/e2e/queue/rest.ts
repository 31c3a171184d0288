/**
 * The parts of n8n's internal REST API (what the editor uses) that the queue rows need: owner
 * setup and login, manual runs, executions, stop, binary data. Works on n8n 2.8 and 2.41.
 */
import { Agent, fetch } from 'undici';

import type { IRunJson } from '../../n8n-host';

export const OWNER = {
	email: 'e2e@example.com',
	firstName: 'End',
	lastName: 'ToEnd',
	password: 'E2e-password-1',
};

export interface StoredExecution {
	id: string;
	status: string;
	finished?: boolean;
	mode?: string;
	startedAt?: string;
	stoppedAt?: string | null;
	workflowId?: string;
	/** The run (n8n stores it `flatted`; parsed here). */
	run?: IRunJson['data'];
}

/** n8n stores execution data with `flatted` (values deduplicated into one array): undo that. */
export function parseFlatted(text: string): unknown {
	const input = JSON.parse(text) as unknown[];
	const done = new Map<number, unknown>();
	const revive = (index: number): unknown => {
		if (done.has(index)) return done.get(index);
		const raw = input[index];
		if (raw === null || typeof raw !== 'object') {
			done.set(index, raw);
			return raw;
		}
		const out: Record<string, unknown> | unknown[] = Array.isArray(raw) ? [] : {};
		done.set(index, out);
		for (const [key, value] of Object.entries(raw as Record<string, unknown>))
			(out as Record<string, unknown>)[key] =
				typeof value === 'string' ? revive(Number(value)) : value;
		return out;
	};
	return revive(0);
}

export class N8nRest {
	private cookie = '';

	constructor(readonly baseUrl: string) {}

	/**
	 * A new connection per request: a kept-alive socket that n8n closed while it was idle fails
	 * the next request at once ("fetch failed"), and a webhook call must not be sent twice.
	 */
	private readonly dispatcher = new Agent({ pipelining: 0 });

	async request(
		method: string,
		path: string,
		body?: unknown,
		timeoutMs = 30_000,
	): Promise<{ status: number; json: unknown; text: string }> {
		const response = await fetch(`${this.baseUrl}${path}`, {
			method,
			headers: {
				...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
				...(this.cookie ? { Cookie: this.cookie } : {}),
			},
			body: body === undefined ? undefined : JSON.stringify(body),
			signal: AbortSignal.timeout(timeoutMs),
			dispatcher: this.dispatcher,
		});
		const setCookie = response.headers.get('set-cookie');
		if (setCookie?.startsWith('n8n-auth=')) this.cookie = setCookie.split(';')[0];
		const text = await response.text();
		let json: unknown;
		try {
			json = JSON.parse(text);
		} catch {
			json = undefined;
		}
		return { status: response.status, json, text };
	}

	private async ok(method: string, path: string, body?: unknown): Promise<unknown> {
		const answer = await this.request(method, path, body);
		if (answer.status >= 300)
			throw new Error(`${method} ${path} answered ${answer.status}: ${answer.text.slice(0, 500)}`);
		return (answer.json as { data?: unknown } | undefined)?.data ?? answer.json;
	}

	/** Creates the owner account on a fresh n8n (if needed) and logs in. */
	async login(): Promise<void> {
		const settings = (await this.ok('GET', '/rest/settings')) as {
			userManagement?: { showSetupOnFirstLoad?: boolean };
		};
		if (settings.userManagement?.showSetupOnFirstLoad)
			await this.ok('POST', '/rest/owner/setup', OWNER);
		await this.ok('POST', '/rest/login', {
			emailOrLdapLoginId: OWNER.email,
			password: OWNER.password,
		});
	}

	async versionCli(): Promise<string> {
		const settings = (await this.ok('GET', '/rest/settings')) as { versionCli?: string };
		return settings.versionCli ?? 'unknown';
	}

	/** Saves a new workflow (as the editor does); returns the id n8n gave it. */
	async createWorkflow(workflow: {
		name: string;
		nodes: unknown[];
		connections: unknown;
		settings?: unknown;
	}): Promise<string> {
		const { name, nodes, connections, settings } = workflow;
		const data = (await this.ok('POST', '/rest/workflows', {
			name,
			nodes,
			connections,
			settings,
			active: false,
		})) as { id?: string };
		if (!data.id) throw new Error(`no id in the created workflow: ${JSON.stringify(data)}`);
		return String(data.id);
	}

	/** Activates (publishes) a workflow so its webhooks answer. */
	async activate(id: string): Promise<void> {
		const workflow = await this.workflow(id);
		await this.ok('POST', `/rest/workflows/${id}/activate`, { versionId: workflow.versionId });
	}

	async workflow(id: string): Promise<Record<string, unknown>> {
		return (await this.ok('GET', `/rest/workflows/${id}`)) as Record<string, unknown>;
	}

	/** A manual run, as the editor's "Execute workflow" starts it; returns the execution id. */
	async runManually(workflowId: string, trigger: string): Promise<string> {
		const workflowData = await this.workflow(workflowId);
		const data = (await this.ok('POST', `/rest/workflows/${workflowId}/run`, {
			workflowData,
			triggerToStartFrom: { name: trigger },
		})) as { executionId?: string };
		if (!data.executionId)
			throw new Error(`no executionId in the run answer: ${JSON.stringify(data)}`);
		return String(data.executionId);
	}

	async execution(id: string): Promise<StoredExecution> {
		const data = (await this.ok('GET', `/rest/executions/${id}`)) as StoredExecution & {
			data?: string;
		};
		const { data: flat, ...rest } = data;
		return {
			...rest,
			id: String(rest.id),
			run: typeof flat === 'string' ? (parseFlatted(flat) as IRunJson['data']) : undefined,
		};
	}

	/** Executions of a workflow, newest first (summaries, without run data). */
	async executionsOf(workflowId: string): Promise<StoredExecution[]> {
		const filter = encodeURIComponent(JSON.stringify({ workflowId }));
		const data = (await this.ok('GET', `/rest/executions?filter=${filter}&limit=100`)) as {
			results?: StoredExecution[];
		};
		return (data.results ?? []).map((execution) => ({ ...execution, id: String(execution.id) }));
	}

	/** Waits until the execution has ended (any status but new/running/waiting). */
	async waitForEnd(id: string, timeoutMs: number): Promise<StoredExecution> {
		const until = Date.now() + timeoutMs;
		for (;;) {
			const execution = await this.execution(id);
			if (!['new', 'running', 'waiting', 'unknown'].includes(execution.status)) return execution;
			if (Date.now() > until)
				throw new Error(`execution ${id} still ${execution.status} after ${timeoutMs / 1000} s`);
			await new Promise((resolve) => setTimeout(resolve, 300));
		}
	}

	async stop(id: string): Promise<{ status: number; text: string }> {
		return await this.request('POST', `/rest/executions/${id}/stop`, {});
	}

	/** The bytes of a stored binary, through the main's REST endpoint (as the editor downloads it). */
	async binary(binaryId: string): Promise<Buffer> {
		const url = `${this.baseUrl}/rest/binary-data?id=${encodeURIComponent(binaryId)}&action=download`;
		for (let attempt = 1; ; attempt++) {
			const response = await fetch(url, {
				headers: { Cookie: this.cookie },
				signal: AbortSignal.timeout(120_000),
				dispatcher: this.dispatcher,
			});
			if (response.status === 200) return Buffer.from(await response.arrayBuffer());
			const text = (await response.text()).slice(0, 200);
			// 503 is the main's own health ping losing its database for a moment: say so, try again.
			if (response.status !== 503 || attempt === 5)
				throw new Error(`GET /rest/binary-data answered ${response.status}: ${text}`);
			console.log(
				`  binary ${binaryId}: the main answered 503 (${text.slice(0, 80)}), retry ${attempt}`,
			);
			await new Promise((resolve) => setTimeout(resolve, 2000));
		}
	}

	/** Calls a production webhook (`POST /webhook/<path>`). */
	async webhook(
		webhookPath: string,
		body: unknown = {},
	): Promise<{ status: number; text: string }> {
		const response = await fetch(`${this.baseUrl}/webhook/${webhookPath}`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify(body),
			signal: AbortSignal.timeout(30_000),
			dispatcher: this.dispatcher,
		});
		return { status: response.status, text: await response.text() };
	}
}
