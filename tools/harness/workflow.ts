/**
 * Runs workflow JSON through n8n-core's real WorkflowExecute, with the package's nodes loaded
 * from its built `dist/` by n8n-core's own PackageDirectoryLoader (as n8n loads a community
 * package) and credentials applied through each credential type's `authenticate` block.
 * Works against n8n-core/n8n-workflow 2.8 and 2.41 (Jest maps the modules for the 2.41 run).
 */
import { Container } from '@n8n/di';
import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	INode,
	INodeExecutionData,
	INodeType,
	INodeTypes,
	IRun,
	IRunExecutionData,
	IVersionedNodeType,
	IWorkflowExecuteAdditionalData,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { ICredentialsHelper, NodeHelpers, Workflow } from 'n8n-workflow';
import * as core from 'n8n-core';
import path from 'node:path';

/** The two packages of the repository: the root (AIML API) and the Novita AI one. */
export const PACKAGE_DIR = path.resolve(__dirname, '..', '..');
export const NOVITA_PACKAGE_DIR = path.join(PACKAGE_DIR, 'packages', 'n8n-nodes-novita-video');
export const NODE_TYPE = 'n8n-nodes-aimlapi-video.aimlApiVideo';
export const NOVITA_NODE_TYPE = 'n8n-nodes-novita-video.novitaAiVideo';
/** The node's name in the test workflow, as the editor names a new node of each type. */
const NODE_NAMES: Record<string, string> = {
	[NODE_TYPE]: 'AIML API Video',
	[NOVITA_NODE_TYPE]: 'Novita AI Video',
};

/** A binary property of a test input item: its bytes (Base64, or `size` bytes) and type. */
export interface BinaryInput {
	mimeType: string;
	fileName?: string;
	base64?: string;
	size?: number;
}

/** An inline start node: no inputs, emits the items the test gives it. */
class StartNode implements INodeType {
	description = {
		displayName: 'Start',
		name: 'start',
		group: ['input'],
		version: 1,
		description: 'Emits the test input',
		defaults: { name: 'Start' },
		inputs: [],
		outputs: ['main'],
		properties: [
			{ displayName: 'Items', name: 'items', type: 'json', default: '[]' },
			{ displayName: 'Binary', name: 'binary', type: 'json', default: '[]' },
		],
	} as unknown as INodeType['description'];

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const raw = this.getNodeParameter('items', 0, '[]') as string | IDataObject[];
		const list = (typeof raw === 'string' ? JSON.parse(raw) : raw) as IDataObject[];
		const binaries = JSON.parse(this.getNodeParameter('binary', 0, '[]') as string) as Array<Record<
			string,
			BinaryInput
		> | null>;
		return [
			await Promise.all(
				list.map(async (json, index) => {
					const item: INodeExecutionData = { json, pairedItem: { item: index } };
					const spec = binaries[index];
					if (spec) {
						item.binary = {};
						for (const [name, file] of Object.entries(spec)) {
							// Through n8n's own helper, so every binary data mode stores it as n8n would.
							const bytes = file.base64
								? Buffer.from(file.base64, 'base64')
								: Buffer.alloc(file.size ?? 16, 1);
							item.binary[name] = await this.helpers.prepareBinaryData(
								bytes,
								file.fileName ?? 'image.png',
								file.mimeType,
							);
						}
					}
					return item;
				}),
			),
		];
	}
}

/**
 * A stand-in for n8n's AI Agent: calls the one tool connected to it with the arguments given
 * (as a model's tool call would) through n8n-core's own tool wrapping of a `usableAsTool` node
 * (createNodeAsTool: the $fromAI schema, the tool description, the JSON answer), and outputs
 * what the model would read back.
 */
class ToolCallerNode implements INodeType {
	description = {
		displayName: 'Tool Caller',
		name: 'toolCaller',
		group: ['transform'],
		version: 1,
		description: 'Calls the connected tool once',
		defaults: { name: 'Tool Caller' },
		inputs: ['main', { type: 'ai_tool', displayName: 'Tools', required: true }],
		outputs: ['main'],
		properties: [{ displayName: 'Arguments', name: 'args', type: 'json', default: '{}' }],
	} as unknown as INodeType['description'];

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const connected = (await this.getInputConnectionData('ai_tool' as never, 0)) as unknown;
		const tool = (Array.isArray(connected) ? connected[0] : connected) as {
			name: string;
			description: string;
			invoke(args: IDataObject): Promise<unknown>;
		};
		const raw = this.getNodeParameter('args', 0, '{}') as string | IDataObject;
		const args = (typeof raw === 'string' ? JSON.parse(raw) : raw) as IDataObject;
		const json: IDataObject = { toolName: tool.name, toolDescription: tool.description };
		try {
			json.answer = (await tool.invoke(args)) as IDataObject;
		} catch (error) {
			json.thrown = (error as Error).message;
		}
		return [[{ json, pairedItem: { item: 0 } }]];
	}
}

/**
 * The tool variant of a `usableAsTool` node, made as n8n's NodeTypes makes it at run time
 * (a prototype copy, `<name>Tool`, no main input, an ai_tool output, a Description parameter
 * unless the node has its own).
 */
function toolVariant(type: INodeType): INodeType {
	const base = type.description;
	const properties = [...base.properties];
	if (!properties.some((property) => property.name === 'toolDescription')) {
		properties.unshift({
			displayName: 'Description',
			name: 'toolDescription',
			type: 'string',
			default: base.description,
			required: true,
		});
	}
	const description = Object.create(base, {
		name: { value: `${base.name}Tool` },
		displayName: { value: `${base.displayName} Tool` },
		inputs: { value: [] },
		outputs: { value: ['ai_tool'] },
		properties: { value: properties },
	}) as INodeType['description'];
	return Object.create(type, { description: { value: description } }) as INodeType;
}

interface Loaded {
	nodeTypes: Record<string, INodeType | IVersionedNodeType>;
	credentialTypes: Record<string, ICredentialType>;
}

let loaded: Promise<Loaded> | undefined;

/** Loads both built packages once per Jest module registry, as n8n loads community packages. */
export async function loadPackage(): Promise<Loaded> {
	loaded ??= (async () => {
		const nodeTypes: Loaded['nodeTypes'] = {
			'n8n-nodes-base.start': new StartNode(),
			'test.toolCaller': new ToolCallerNode(),
		};
		const credentialTypes: Loaded['credentialTypes'] = {};
		for (const dir of [PACKAGE_DIR, NOVITA_PACKAGE_DIR]) {
			const loader = new core.PackageDirectoryLoader(dir);
			await loader.loadAll();
			for (const [name, data] of Object.entries(loader.nodeTypes)) {
				nodeTypes[`${loader.packageName}.${name}`] = data.type;
			}
			for (const [name, data] of Object.entries(loader.credentialTypes))
				credentialTypes[name] = data.type;
		}
		return { nodeTypes, credentialTypes };
	})();
	return await loaded;
}

class TestNodeTypes implements INodeTypes {
	constructor(private readonly types: Loaded['nodeTypes']) {}

	getByName(name: string) {
		return this.types[name];
	}

	private readonly tools = new Map<string, INodeType>();

	getByNameAndVersion(name: string, version?: number): INodeType {
		const base = name.endsWith('Tool') ? this.types[name.slice(0, -4)] : undefined;
		if (!this.types[name] && base) {
			if (!this.tools.has(name))
				this.tools.set(name, toolVariant(NodeHelpers.getVersionedNodeType(base, version)));
			return this.tools.get(name) as INodeType;
		}
		return NodeHelpers.getVersionedNodeType(this.types[name], version);
	}

	getKnownTypes() {
		return {};
	}
}

/** Test credentials, applied like n8n's CredentialsHelper does for a generic `authenticate`. */
class TestCredentialsHelper extends (ICredentialsHelper as unknown as new () => ICredentialsHelper) {
	constructor(
		private readonly credentialTypes: Loaded['credentialTypes'],
		private readonly data: Record<string, ICredentialDataDecryptedObject>,
	) {
		super();
	}

	getParentTypes(): string[] {
		return [];
	}

	isCredentialUsableByNode(): boolean {
		return true;
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions,
		workflow?: Workflow,
		node?: INode,
	): Promise<IHttpRequestOptions> {
		const type = this.credentialTypes[typeName];
		const auth = type?.authenticate;
		if (!auth) return requestOptions;
		if (typeof auth === 'function') return await auth(credentials, requestOptions);
		const resolve = (value: string) =>
			workflow && node
				? String(
						workflow.expression.getSimpleParameterValue(
							node,
							value,
							'internal',
							{ $credentials: credentials } as IDataObject,
							undefined,
							value,
						),
					)
				: value;
		const headers = { ...(requestOptions.headers ?? {}) } as IDataObject;
		for (const [key, value] of Object.entries(auth.properties.headers ?? {}))
			headers[key] = resolve(String(value));
		const qs = { ...(requestOptions.qs ?? {}) } as IDataObject;
		for (const [key, value] of Object.entries(auth.properties.qs ?? {}))
			qs[key] = resolve(String(value));
		return { ...requestOptions, headers, ...(Object.keys(qs).length ? { qs } : {}) };
	}

	async preAuthentication() {
		return undefined;
	}

	async runPreAuthentication() {
		return undefined;
	}

	async getCredentials() {
		return new core.Credentials({ id: null, name: '' }, '', '');
	}

	async getDecrypted(
		_additionalData: unknown,
		_nodeCredentials: unknown,
		type: string,
	): Promise<ICredentialDataDecryptedObject> {
		const data = this.data[type];
		if (!data) throw new Error(`No test credentials of type ${type}`);
		return { ...data };
	}

	async updateCredentials() {}

	async updateCredentialsOauthTokenData() {}

	getCredentialsProperties() {
		return [];
	}
}

export interface RunOptions {
	/** The node under test: AIML API Video (the default) or Novita AI Video. */
	nodeType?: string;
	/** Parameters of that node. */
	parameters: IDataObject;
	/** Items the start node emits (one `{}` by default). */
	input?: IDataObject[];
	/** Binary properties of those items, by item index (null: none). */
	inputBinary?: Array<Record<string, BinaryInput> | null>;
	credentials: Record<string, ICredentialDataDecryptedObject>;
	/** Node settings such as `{ onError: 'continueRegularOutput' }`. */
	nodeSettings?: Partial<INode>;
	/**
	 * Run the node as an AI Agent's tool (its `<type>Tool` variant, connected to a tool caller
	 * that calls it once with these arguments, as a model's tool call would).
	 */
	toolCall?: IDataObject;
}

/** One call to n8n's logger (the one nodes get as `this.logger`), as the harness recorded it. */
export interface LogEntry {
	level: LogLevel;
	message: string;
	meta: IDataObject;
	/** When it was written (ms since the epoch). */
	at: number;
}

type LogLevel = 'error' | 'warn' | 'info' | 'debug';
const LOG_LEVELS: LogLevel[] = ['error', 'warn', 'info', 'debug'];

/**
 * Log calls made while runs are going on (one list per Jest module registry); emptied whenever
 * no run is, so a long bench does not keep every line.
 */
const logEntries: LogEntry[] = [];
let logRecorder: boolean | undefined;
let runsGoingOn = 0;

/** The log lines from `from` on; the list is emptied when the last run going on ends. */
function takeLogs(from: number): LogEntry[] {
	const logs = logEntries.slice(from);
	if (--runsGoingOn === 0) logEntries.length = 0;
	return logs;
}

/**
 * Records what is written through n8n's logger. n8n-core's execution contexts take it from the
 * DI container (`Container.get(Logger)`, Logger from `@n8n/backend-common`), so the class must be
 * the one the n8n-core in use loads: resolved from that n8n-core's folder (under Jest, the 2.41
 * project maps n8n-core elsewhere). The calls still reach the real logger, which prints as
 * N8N_LOG_LEVEL says (silent in tests).
 */
function recordLogs(): void {
	if (logRecorder !== undefined) return;
	logRecorder = false;
	const corePackage = require.resolve('n8n-core/package.json');
	const modulePath = require.resolve('@n8n/backend-common', {
		paths: [path.dirname(corePackage)],
	});
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const { Logger } = require(modulePath) as { Logger: new (...args: never[]) => unknown };
	const logger = Container.get(Logger) as Record<
		LogLevel,
		(message: string, meta?: object) => void
	>;
	for (const level of LOG_LEVELS) {
		// A level below N8N_LOG_LEVEL is a fixed no-op on the instance (not silent: tests run
		// with everything on): nothing is written there, so there is nothing to record.
		const own = Object.getOwnPropertyDescriptor(logger, level);
		if (own && !own.writable) continue;
		const original = logger[level].bind(logger);
		logger[level] = (message: string, meta: object = {}) => {
			logEntries.push({
				level,
				message: String(message),
				meta: { ...meta } as IDataObject,
				at: Date.now(),
			});
			original(message, meta);
		};
	}
	logRecorder = true;
}

export interface RunResult {
	run: IRun;
	status: IRun['status'];
	/**
	 * What n8n's logger was given while this run went on, every level (n8n-core's own debug
	 * lines too). Runs that overlap in time share their lines.
	 */
	logs: LogEntry[];
	/** Output items of the AIML API Video node (first output), or [] when it errored. */
	items: INodeExecutionData[];
	/** The node's error, when the run failed on it. */
	error?: { message: string; description?: string | null; [key: string]: unknown };
	/** Tool call: what the tool caller got back (the string the model reads, or the error). */
	tool?: { name: string; description: string; answer?: string; thrown?: string };
}

export interface RunHandle {
	promise: Promise<RunResult>;
	cancel(): void;
}

let executionCounter = 0;

/** Starts a workflow "Start → <the video node>" and gives a handle to await or cancel it. */
export async function startWorkflow(options: RunOptions): Promise<RunHandle> {
	const { nodeTypes, credentialTypes } = await loadPackage();
	recordLogs();
	const baseType = options.nodeType ?? NODE_TYPE;
	const nodeType = options.toolCall ? `${baseType}Tool` : baseType;
	const nodeName = NODE_NAMES[baseType] ?? 'Video';
	const nodes: INode[] = [
		{
			id: 'start',
			name: 'Start',
			type: 'n8n-nodes-base.start',
			typeVersion: 1,
			position: [0, 0],
			parameters: {
				items: JSON.stringify(options.input ?? [{}]),
				binary: JSON.stringify(options.inputBinary ?? []),
			},
		},
		{
			id: 'video',
			name: nodeName,
			type: nodeType,
			typeVersion: 1,
			position: [200, 0],
			parameters: options.parameters as INode['parameters'],
			credentials: {
				aimlApiVideoAimlApi: { id: '1', name: 'AIML API account' },
				novitaAiVideoApi: { id: '2', name: 'Novita AI account' },
			},
			...options.nodeSettings,
		},
	];
	let connections = {
		Start: { main: [[{ node: nodeName, type: 'main', index: 0 }]] },
	} as Workflow['connectionsBySourceNode'];
	if (options.toolCall) {
		nodes.push({
			id: 'caller',
			name: 'Tool Caller',
			type: 'test.toolCaller',
			typeVersion: 1,
			position: [400, 0],
			parameters: { args: JSON.stringify(options.toolCall) },
		});
		connections = {
			Start: { main: [[{ node: 'Tool Caller', type: 'main', index: 0 }]] },
			[nodeName]: { ai_tool: [[{ node: 'Tool Caller', type: 'ai_tool', index: 0 }]] },
		} as Workflow['connectionsBySourceNode'];
	}
	const workflow = new Workflow({
		id: 'test',
		nodes,
		connections,
		active: false,
		nodeTypes: new TestNodeTypes(nodeTypes),
		settings: {},
	});
	const executionId = String(++executionCounter);
	const hooks = new core.ExecutionLifecycleHooks('manual', executionId, {
		id: 'test',
		name: 'test',
		nodes,
		connections,
		active: false,
		settings: {},
	} as never);
	const additionalData = {
		executionId,
		hooks,
		credentialsHelper: new TestCredentialsHelper(credentialTypes, options.credentials),
		restApiUrl: 'http://localhost:5678/rest',
		webhookBaseUrl: 'http://localhost:5678/webhook',
		webhookWaitingBaseUrl: 'http://localhost:5678/webhook-waiting',
		webhookTestBaseUrl: 'http://localhost:5678/webhook-test',
		formWaitingBaseUrl: 'http://localhost:5678/form-waiting',
		instanceBaseUrl: 'http://localhost:5678/',
		currentNodeParameters: undefined,
		variables: {},
		userId: 'test-user',
		setExecutionStatus: () => {},
		logAiEvent: () => {},
		startRunnerTask: async () => {
			throw new Error('no task runner in tests');
		},
	} as unknown as IWorkflowExecuteAdditionalData;
	const runExecutionData = {
		startData: {},
		resultData: { runData: {} },
		executionData: {
			contextData: {},
			metadata: {},
			nodeExecutionStack: [
				{
					node: workflow.getNode('Start') as INode,
					data: { main: [[{ json: {} }]] },
					source: null,
				},
			],
			waitingExecution: {},
			waitingExecutionSource: {},
		},
	} as unknown as IRunExecutionData;
	const execute = new core.WorkflowExecute(
		additionalData,
		'manual' as WorkflowExecuteMode,
		runExecutionData,
	);
	let cancelable: ReturnType<typeof execute.processRunExecutionData>;
	const logsFrom = logEntries.length;
	runsGoingOn++;
	try {
		cancelable = execute.processRunExecutionData(workflow);
	} catch (error) {
		// n8n refuses a workflow whose required parameters are empty, before any node runs.
		if ((error as Error).name !== 'WorkflowHasIssuesError') {
			takeLogs(logsFrom);
			throw error;
		}
		const run = {
			status: 'error',
			data: runExecutionData,
			finished: false,
			mode: 'manual',
			startedAt: new Date(),
		} as unknown as IRun;
		return {
			promise: Promise.resolve({
				run,
				status: run.status,
				logs: takeLogs(logsFrom),
				items: [],
				error: { message: (error as Error).message },
			}),
			cancel: () => {},
		};
	}
	const promise = (async () => {
		let run: IRun;
		try {
			run = await cancelable;
		} catch (error) {
			// A cancelled PCancelable rejects; the run data is in the execution object.
			run = {
				status: 'canceled',
				data: runExecutionData,
				finished: false,
				mode: 'manual',
				startedAt: new Date(),
			} as unknown as IRun;
			if ((error as Error).name !== 'CancelError') {
				takeLogs(logsFrom);
				throw error;
			}
		}
		const taskData = run.data.resultData.runData[nodeName]?.[0];
		const error = (taskData?.error ?? run.data.resultData.error) as RunResult['error'] | undefined;
		const caller = run.data.resultData.runData['Tool Caller']?.[0]?.data?.main?.[0]?.[0]?.json;
		return {
			run,
			status: run.status,
			logs: takeLogs(logsFrom),
			items: taskData?.data?.main?.[0] ?? [],
			error,
			...(caller
				? {
						tool: {
							name: String(caller.toolName),
							description: String(caller.toolDescription),
							answer: caller.answer as string | undefined,
							thrown: caller.thrown as string | undefined,
						},
					}
				: {}),
		};
	})();
	return { promise, cancel: () => cancelable.cancel() };
}

export async function runWorkflow(options: RunOptions): Promise<RunResult> {
	return await (
		await startWorkflow(options)
	).promise;
}

/** Filesystem binary mode, as a production n8n uses: videos go to disk, not into the item. */
export async function useFilesystemBinaryData(storagePath: string): Promise<void> {
	process.env.N8N_DEFAULT_BINARY_DATA_MODE = 'filesystem';
	process.env.N8N_BINARY_DATA_STORAGE_PATH = storagePath;
	await Container.get(core.BinaryDataService).init();
}

/** The bytes of a binary property of an output item, in any binary mode. */
export async function binaryBuffer(item: INodeExecutionData, property = 'data'): Promise<Buffer> {
	const binary = item.binary?.[property];
	if (!binary) throw new Error(`no binary property ${property}`);
	return await Container.get(core.BinaryDataService).getAsBuffer(binary);
}

/** n8n-core leaves a timer running in SSHClientsManager; stop it so Jest can exit. */
export function shutdownCore(): void {
	try {
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const { SSHClientsManager } = require('n8n-core/dist/execution-engine/ssh-clients-manager') as {
			SSHClientsManager: new () => { onShutdown(): void };
		};
		Container.get(SSHClientsManager).onShutdown();
	} catch {
		// Another layout of n8n-core, or never created: nothing to stop.
	}
}
