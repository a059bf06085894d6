/**
 * What e2e test files use: the stack started by global-setup.ts (n8n REST API logged in as the
 * owner, CLI import/execute), the sandbox's admin API, and template loading.
 */
import axios, { type AxiosInstance } from 'axios';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { stackClient, WORKFLOWS_DIR, type StackClient, type StackState, type WorkflowJson } from '../../scripts/n8n-runner';
import { STATE_FILE } from './config';

export interface E2e extends StackClient {
	/** axios on the sandbox base URL (validateStatus: all). */
	sandbox: AxiosInstance;
}

let cached: E2e | undefined;

export async function e2e(): Promise<E2e> {
	if (cached) return cached;
	const state = JSON.parse(readFileSync(STATE_FILE, 'utf8')) as StackState;
	const client = stackClient(state, (m) => process.stderr.write(`[e2e] ${m}\n`));
	await client.api.login(state.owner);
	const sandbox = axios.create({ baseURL: state.sandboxUrl ?? 'http://127.0.0.1:1', validateStatus: () => true, timeout: 30000 });
	cached = { ...client, sandbox };
	return cached;
}

export function loadTemplate(file: string): WorkflowJson {
	return JSON.parse(readFileSync(join(WORKFLOWS_DIR, file), 'utf8')) as WorkflowJson;
}

/** Sets parameters of a named node (shallow merge) in a copy of the workflow. */
export function withParams(wf: WorkflowJson, nodeName: string, params: Record<string, unknown>): WorkflowJson {
	const copy = JSON.parse(JSON.stringify(wf)) as WorkflowJson;
	const node = copy.nodes.find((n) => n.name === nodeName);
	if (!node) throw new Error(`workflow "${wf.name}" has no node "${nodeName}"`);
	node.parameters = { ...node.parameters, ...params };
	return copy;
}
