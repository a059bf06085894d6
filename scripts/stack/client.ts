/**
 * What a test or script does with a running stack (started here or in another process, e.g. jest's
 * globalSetup, which hands over a StackState): REST calls as the owner, CLI import/execute, runs in
 * the server, sandbox resets.
 */
import axios from 'axios';
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { N8nApi, type OwnerAccount } from './api';
import { bindCredentials, type WorkflowJson } from './import';
import { defaultLog, type Log } from './paths';
import { freePort } from './ports';
import { run, type N8nInstall } from './process';
import { sandboxCredentials, type CredentialSpec } from './sandbox';
import { waitForExecution } from './wait';

export interface ExecuteResult {
	ok: boolean;
	/** The run data (IRun) n8n printed, when it printed one. */
	run?: {
		data: {
			resultData: {
				runData: Record<string, Array<{ data?: { main?: Array<Array<{ json: Record<string, unknown> }> | null> }; error?: unknown }>>;
				error?: { message?: string; description?: string };
				lastNodeExecuted?: string;
			};
		};
		status?: string;
	};
	stdout: string;
	stderr: string;
	executionId?: string;
}

/** Everything a test process needs to use a stack started elsewhere (e.g. in jest's globalSetup). */
export interface StackState {
	n8nUrl: string;
	/** Queue mode: the webhook process's base URL (production webhooks are served there, not by main). */
	webhookUrl?: string;
	sandboxUrl?: string;
	install: N8nInstall;
	userFolder: string;
	owner: OwnerAccount;
	credentials: CredentialSpec[];
	/** Template file → workflow id and name as imported. */
	templates: Record<string, { id: string; name: string }>;
	env: NodeJS.ProcessEnv;
	logFile?: string;
}

export interface StackClient {
	state: StackState;
	n8nUrl: string;
	sandboxUrl?: string;
	owner: OwnerAccount;
	credentials: CredentialSpec[];
	templates: StackState['templates'];
	logFile?: string;
	api: N8nApi;
	/** Imports a workflow (CLI import:workflow, credential references bound to the sandbox ones); returns its id. */
	importWorkflow(wf: WorkflowJson): Promise<string>;
	/** `n8n execute --id` with Node 24; parses the run data it prints. */
	execute(workflowId: string): Promise<ExecuteResult>;
	/**
	 * Runs a stored workflow INSIDE the server, as the editor's "Execute workflow" button does
	 * (POST /rest/workflows/:id/run, mode "manual"), and waits for it to finish. Use this for
	 * workflows with Data Table nodes: the `n8n execute` CLI does not load n8n's modules.
	 */
	runInServer(workflowId: string, opts?: { trigger?: string; timeoutMs?: number }): Promise<ExecuteResult>;
	/**
	 * Puts the sandbox back to its seeded state (POST /_admin/reset: data, tokens, logs; `now` sets
	 * the sandbox clock first and the firm's data follows it) and
	 * re-imports the sandbox credentials with freshly issued tokens, so a test file starts from the
	 * same firm whatever ran before it.
	 */
	resetSandbox(opts?: { now?: string }): Promise<void>;
	/** Publishes (activates) a stored workflow. */
	activate(workflowId: string): Promise<void>;
	deactivate(workflowId: string): Promise<void>;
	/** Items (json) a node emitted on one output, over all its runs. */
	nodeOutput(result: ExecuteResult, nodeName: string, outputIndex?: number): Array<Record<string, unknown>>;
	/** The CLI of the installed n8n with this stack's environment. */
	cli(args: string[], opts?: { quiet?: boolean }): Promise<{ stdout: string; stderr: string }>;
}

export function stackClient(state: StackState, log: Log = defaultLog): StackClient {
	const importDir = join(state.userFolder, 'import');
	mkdirSync(importDir, { recursive: true });
	const cli = async (args: string[], o: { quiet?: boolean } = {}) => {
		// Each CLI process gets its own task-runner broker port (the server holds the main one).
		const cliEnv = { ...state.env, N8N_RUNNERS_BROKER_PORT: String(await freePort()), N8N_LOG_LEVEL: 'warn' };
		return run(state.install.nodeBin, [state.install.n8nBin, ...args], {
			env: cliEnv,
			cwd: state.userFolder,
			log,
			quiet: o.quiet ?? true,
		});
	};
	return {
		state,
		n8nUrl: state.n8nUrl,
		sandboxUrl: state.sandboxUrl,
		owner: state.owner,
		credentials: state.credentials,
		templates: state.templates,
		logFile: state.logFile,
		api: new N8nApi(state.n8nUrl),
		cli,
		async importWorkflow(wf) {
			const bound = bindCredentials(wf, state.credentials);
			bound.id = bound.id ?? `lbE2e${randomUUID().replace(/-/g, '').slice(0, 11)}`;
			bound.active = false;
			const file = join(importDir, `wf-${bound.id}.json`);
			writeFileSync(file, JSON.stringify(bound, null, 2));
			await cli(['import:workflow', `--input=${file}`]);
			return String(bound.id);
		},
		async execute(workflowId) {
			try {
				const { stdout, stderr } = await cli(['execute', `--id=${workflowId}`, '--rawOutput']);
				return { ok: true, run: parseRun(stdout), stdout, stderr };
			} catch (e) {
				const err = e as { stdout?: string; stderr?: string };
				return { ok: false, run: parseRun(err.stdout ?? ''), stdout: err.stdout ?? '', stderr: err.stderr ?? String(e) };
			}
		},
		async runInServer(workflowId, o = {}) {
			const api = this.api;
			let trigger = o.trigger;
			if (!trigger) {
				const wf = await api.get<WorkflowJson>(`/rest/workflows/${workflowId}`);
				trigger = wf.nodes.find((n) => n.type === 'n8n-nodes-base.manualTrigger')?.name;
				if (!trigger) throw new Error(`workflow ${workflowId} has no Manual Trigger to start from`);
			}
			const started = await api.post<{ executionId?: string }>(`/rest/workflows/${workflowId}/run`, {
				triggerToStartFrom: { name: trigger },
			});
			if (!started.executionId) throw new Error(`workflow ${workflowId} did not start: ${JSON.stringify(started)}`);
			return waitForExecution(api, state, started.executionId, o.timeoutMs ?? 180000);
		},
		async resetSandbox(o = {}) {
			if (!state.sandboxUrl) throw new Error('no sandbox in this stack');
			// { now } moves the sandbox clock first: the firm's data is regenerated for that date
			const res = await axios.post(`${state.sandboxUrl}/_admin/reset`, o.now ? { now: o.now } : {}, { validateStatus: () => true });
			if (res.status >= 300) throw new Error(`sandbox reset: HTTP ${res.status}`);
			const fresh = await sandboxCredentials({ url: state.sandboxUrl, close: () => undefined }, state.n8nUrl);
			const file = join(importDir, 'credentials-reset.json');
			writeFileSync(file, JSON.stringify(fresh, null, 2));
			await cli(['import:credentials', `--input=${file}`]);
			state.credentials = fresh;
		},
		async activate(workflowId) {
			const wf = await this.api.get<{ versionId: string }>(`/rest/workflows/${workflowId}`);
			await this.api.post(`/rest/workflows/${workflowId}/activate`, { versionId: wf.versionId });
		},
		async deactivate(workflowId) {
			await this.api.post(`/rest/workflows/${workflowId}/deactivate`, {});
		},
		nodeOutput(result, nodeName, outputIndex = 0) {
			const runs = result.run?.data.resultData.runData[nodeName];
			if (!runs) return [];
			return runs.flatMap((r) => (r.data?.main?.[outputIndex] ?? []).map((i) => i.json));
		},
	};
}

/** `n8n execute --rawOutput` prints the IRun as JSON (possibly after log lines). */
function parseRun(stdout: string): ExecuteResult['run'] {
	const start = stdout.indexOf('{\n');
	const candidates = [start, stdout.indexOf('{')].filter((i) => i >= 0);
	for (const i of candidates) {
		try {
			return JSON.parse(stdout.slice(i)) as ExecuteResult['run'];
		} catch {
			/* try the next */
		}
	}
	// An error run is logged as "Execution was NOT successful" followed by JSON.
	const m = /====+\n(\{[\s\S]*\})\n/.exec(stdout);
	if (m) {
		try {
			return JSON.parse(m[1]) as ExecuteResult['run'];
		} catch {
			/* unparseable */
		}
	}
	return undefined;
}
