/**
 * Runs the pack's nodes through n8n's own execution engine (n8n-core's WorkflowExecute and node
 * execution contexts), not hand-made mocks of IExecuteFunctions. HTTP is real: point credentials at
 * the sandbox. Binary data is kept in memory (n8n's "default" mode).
 */
import { Container } from '@n8n/di';
import {
	BinaryDataConfig,
	BinaryDataService,
	Credentials,
	ExecutionLifecycleHooks,
	PollContext,
	WebhookContext,
	WorkflowExecute,
} from 'n8n-core';
import {
	createDeferredPromise,
	ICredentialsHelper,
	NodeHelpers,
	Workflow,
	type ICredentialDataDecryptedObject,
	type ICredentialType,
	type IDataObject,
	type IHttpRequestOptions,
	type INode,
	type INodeCredentialsDetails,
	type INodeExecutionData,
	type INodeParameters,
	type INodeType,
	type INodeTypes,
	type IRun,
	type IRunExecutionData,
	type ITaskData,
	type IVersionedNodeType,
	type IWebhookData,
	type IWorkflowExecuteAdditionalData,
	type WorkflowExecuteMode,
} from 'n8n-workflow';

/** A start node that emits the items the test gives it. */
class TestInput implements INodeType {
	static items: INodeExecutionData[] = [{ json: {} }];
	description = {
		displayName: 'Test Input',
		name: 'testInput',
		group: ['input'],
		version: 1,
		description: 'Emits test items',
		defaults: { name: 'Test Input' },
		inputs: ['main'],
		outputs: ['main'],
		properties: [],
	} as unknown as INodeType['description'];
	async execute(): Promise<INodeExecutionData[][]> {
		return [TestInput.items];
	}
}

export class TestNodeTypes implements INodeTypes {
	private readonly types = new Map<string, INodeType | IVersionedNodeType>();
	constructor(nodes: Record<string, INodeType | IVersionedNodeType>) {
		this.types.set('test.input', new TestInput());
		for (const [name, node] of Object.entries(nodes)) this.types.set(name, node);
	}
	getByName(name: string) {
		const t = this.types.get(name);
		if (!t) throw new Error(`Unknown node type ${name}`);
		return t;
	}
	getByNameAndVersion(name: string, version?: number): INodeType {
		return NodeHelpers.getVersionedNodeType(this.getByName(name), version);
	}
	getKnownTypes() {
		return {};
	}
}

/** Credentials kept in memory; OAuth2 token refreshes made by n8n-core are written back here. */
export class TestCredentialsHelper extends ICredentialsHelper {
	readonly data: Record<string, ICredentialDataDecryptedObject>;
	constructor(
		data: Record<string, ICredentialDataDecryptedObject>,
		private readonly credentialTypes: Record<string, ICredentialType> = {},
	) {
		super();
		this.data = data;
	}
	getParentTypes(name: string): string[] {
		const t = this.credentialTypes[name];
		const parents = t?.extends ?? [];
		return parents.flatMap((p) => [p, ...this.getParentTypes(p)]);
	}
	async authenticate(credentials: ICredentialDataDecryptedObject, typeName: string, requestOptions: IHttpRequestOptions) {
		const t = this.credentialTypes[typeName];
		if (t && typeof t.authenticate === 'function') return await t.authenticate(credentials, requestOptions);
		if (t?.authenticate && typeof t.authenticate === 'object') {
			const props = (t.authenticate as { properties: { headers?: IDataObject; qs?: IDataObject } }).properties;
			// enough of n8n's expression resolution for credential templates: "=Bearer {{$credentials.token}}"
			const resolve = (v: unknown) =>
				typeof v === 'string' && v.startsWith('=')
					? v.slice(1).replace(/\{\{\s*\$credentials\.(\w+)\s*\}\}/g, (_m, k: string) => String(credentials[k] ?? ''))
					: v;
			for (const [k, v] of Object.entries(props.headers ?? {}))
				requestOptions.headers = { ...(requestOptions.headers ?? {}), [k]: resolve(v) as string };
			for (const [k, v] of Object.entries(props.qs ?? {}))
				requestOptions.qs = { ...(requestOptions.qs ?? {}), [k]: resolve(v) as string };
		}
		return requestOptions;
	}
	async preAuthentication() {
		return undefined;
	}
	async runPreAuthentication() {
		return undefined;
	}
	getCredentialsProperties() {
		return [];
	}
	async getDecrypted(_a: IWorkflowExecuteAdditionalData, _n: INodeCredentialsDetails, type: string) {
		const d = this.data[type];
		if (!d) throw new Error(`Test has no credentials of type ${type}`);
		return d;
	}
	async getCredentials(n: INodeCredentialsDetails, type: string) {
		return new Credentials({ id: n.id ?? null, name: n.name }, type, '');
	}
	async updateCredentials(_n: INodeCredentialsDetails, type: string, data: ICredentialDataDecryptedObject) {
		this.data[type] = { ...this.data[type], ...data };
	}
	async updateCredentialsOauthTokenData(_n: INodeCredentialsDetails, type: string, data: ICredentialDataDecryptedObject) {
		this.data[type] = { ...this.data[type], ...data };
	}
	getOAuth2Options() {
		return undefined;
	}
	isCredentialUsableByNode() {
		return true;
	}
}

let binaryReady: Promise<void> | undefined;
async function initBinaryData() {
	binaryReady ??= (async () => {
		const config = Container.get(BinaryDataConfig);
		config.mode = 'default';
		config.availableModes = ['default'];
		await Container.get(BinaryDataService).init();
	})();
	return binaryReady;
}

export interface HarnessOptions {
	/** node type name → node instance, e.g. { 'n8n-nodes-legal-billing.ledes': new Ledes() } */
	nodeTypes: Record<string, INodeType | IVersionedNodeType>;
	credentials?: Record<string, ICredentialDataDecryptedObject>;
	credentialTypes?: ICredentialType[];
}

export function makeAdditionalData(helper: TestCredentialsHelper, hooks?: ExecutionLifecycleHooks) {
	const additionalData = {
		credentialsHelper: helper,
		hooks,
		restApiUrl: 'http://localhost:5678/rest',
		webhookBaseUrl: 'http://localhost:5678/webhook',
		webhookWaitingBaseUrl: 'http://localhost:5678/webhook-waiting',
		webhookTestBaseUrl: 'http://localhost:5678/webhook-test',
		formWaitingBaseUrl: 'http://localhost:5678/form-waiting',
		instanceBaseUrl: 'http://localhost:5678/',
		variables: {},
		executionId: '1',
		userId: 'test-user',
		currentNodeParameters: undefined,
		executionTimeoutTimestamp: undefined,
		setExecutionStatus: () => {},
		logAiEvent: () => {},
		getRunExecutionData: async () => undefined,
	} as unknown as IWorkflowExecuteAdditionalData;
	return additionalData;
}

export interface RunResult {
	/** outputs[outputIndex] = items on that output of the node under test */
	outputs: INodeExecutionData[][];
	/** the error the node threw (when it did not continue on fail) */
	error?: Error & { description?: string; context?: IDataObject };
	run: IRun;
	taskData?: ITaskData;
	credentials: Record<string, ICredentialDataDecryptedObject>;
	staticData: IDataObject;
}

/**
 * Executes `Test Input → node` in n8n's WorkflowExecute and returns what the node output.
 * `type` must be one of the keys of `nodeTypes`.
 */
export async function runNode(
	opts: HarnessOptions & {
		type: string;
		parameters: INodeParameters;
		items?: INodeExecutionData[];
		typeVersion?: number;
		continueOnFail?: boolean;
		credentialNames?: Record<string, string>;
		staticData?: IDataObject;
	},
): Promise<RunResult> {
	await initBinaryData();
	TestInput.items = opts.items ?? [{ json: {} }];
	const nodeTypes = new TestNodeTypes(opts.nodeTypes);
	const credTypes = Object.fromEntries((opts.credentialTypes ?? []).map((c) => [c.name, c]));
	const helper = new TestCredentialsHelper(opts.credentials ?? {}, credTypes);
	const credentials = Object.fromEntries(
		Object.keys(opts.credentials ?? {}).map((k) => [k, { id: `cred-${k}`, name: opts.credentialNames?.[k] ?? k }]),
	);
	const nodes: INode[] = [
		{ id: 'in', name: 'Test Input', type: 'test.input', typeVersion: 1, position: [0, 0], parameters: {} },
		{
			id: 'sut',
			name: 'Node',
			type: opts.type,
			typeVersion: opts.typeVersion ?? 1,
			position: [200, 0],
			parameters: opts.parameters,
			credentials,
			...(opts.continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
		},
	];
	const workflow = new Workflow({
		id: 'test',
		nodes,
		connections: { 'Test Input': { main: [[{ node: 'Node', type: 'main', index: 0 }]] } },
		active: false,
		nodeTypes,
		staticData: opts.staticData ?? {},
	});
	const hooks = new ExecutionLifecycleHooks('manual', '1', { id: 'test', name: 'test', nodes, connections: {}, active: false, settings: {} } as never);
	const done = createDeferredPromise<IRun>();
	hooks.addHandler('workflowExecuteAfter', (r) => done.resolve(r));
	const additionalData = makeAdditionalData(helper, hooks);
	const runExecutionData: IRunExecutionData = {
		startData: {},
		resultData: { runData: {} },
		executionData: {
			contextData: {},
			metadata: {},
			waitingExecution: {},
			waitingExecutionSource: null,
			nodeExecutionStack: [{ node: nodes[0], data: { main: [[{ json: {} }]] }, source: null }],
		},
	} as unknown as IRunExecutionData;
	const exec = new WorkflowExecute(additionalData, 'manual' as WorkflowExecuteMode, runExecutionData);
	const run = await exec.processRunExecutionData(workflow);
	const taskData = run.data.resultData.runData['Node']?.[0];
	const outputs = (taskData?.data?.main ?? []).map((o) => o ?? []);
	return {
		outputs,
		error: (taskData?.error ?? run.data.resultData.error) as RunResult['error'],
		run,
		taskData,
		credentials: helper.data,
		staticData: workflow.staticData as IDataObject,
	};
}

/** Builds a Workflow holding one node, for poll/webhook/trigger contexts. */
export function singleNodeWorkflow(
	opts: HarnessOptions & { type: string; parameters: INodeParameters; typeVersion?: number; staticData?: IDataObject },
) {
	const nodeTypes = new TestNodeTypes(opts.nodeTypes);
	const credTypes = Object.fromEntries((opts.credentialTypes ?? []).map((c) => [c.name, c]));
	const helper = new TestCredentialsHelper(opts.credentials ?? {}, credTypes);
	const credentials = Object.fromEntries(Object.keys(opts.credentials ?? {}).map((k) => [k, { id: `cred-${k}`, name: k }]));
	const node: INode = {
		id: 'sut',
		name: 'Node',
		type: opts.type,
		typeVersion: opts.typeVersion ?? 1,
		position: [0, 0],
		parameters: opts.parameters,
		credentials,
	};
	const workflow = new Workflow({
		id: 'test-wf',
		nodes: [node],
		connections: {},
		active: true,
		nodeTypes,
		staticData: opts.staticData ?? {},
	});
	const additionalData = makeAdditionalData(helper);
	return { workflow, node, additionalData, helper, nodeType: nodeTypes.getByNameAndVersion(opts.type, opts.typeVersion ?? 1) };
}

/** Runs a polling trigger's poll() once in n8n's PollContext. Keep `staticData` between calls to poll again. */
export async function pollOnce(
	opts: HarnessOptions & { type: string; parameters: INodeParameters; staticData?: IDataObject; mode?: WorkflowExecuteMode },
) {
	await initBinaryData();
	const { workflow, node, additionalData, helper, nodeType } = singleNodeWorkflow(opts);
	const ctx = new PollContext(workflow, node, additionalData, opts.mode ?? 'trigger', 'activate');
	const result = await nodeType.poll!.call(ctx);
	return { result, staticData: workflow.staticData as IDataObject, credentials: helper.data };
}

export { WebhookContext, type IWebhookData };
