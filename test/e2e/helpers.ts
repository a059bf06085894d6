/**
 * What e2e test files use: the stack started by global-setup.ts (n8n REST API logged in as the
 * owner, CLI import/execute), the sandbox's admin API, and template loading.
 */
import axios, { type AxiosInstance } from 'axios';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { stackClient, waitForExecution, WORKFLOWS_DIR, type ExecuteResult, type StackClient, type StackState, type WorkflowJson } from '../../scripts/n8n-runner';
import { LT_COMPANY_ID } from '../../sandbox/vendors/legaltracker';
import { stateFile } from './config';

export interface E2e extends StackClient {
	/** axios on the sandbox base URL (validateStatus: all). */
	sandbox: AxiosInstance;
}

let cached: E2e | undefined;

export async function e2e(): Promise<E2e> {
	if (cached) return cached;
	const state = JSON.parse(readFileSync(stateFile(), 'utf8')) as StackState;
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

/** Points a template's Execute Workflow nodes (its slices) at another sub-workflow id, in a copy. */
export function withSubWorkflow(wf: WorkflowJson, subWorkflowId: string): WorkflowJson {
	const copy = JSON.parse(JSON.stringify(wf)) as WorkflowJson;
	for (const n of copy.nodes.filter((x) => x.type === 'n8n-nodes-base.executeWorkflow')) n.parameters.workflowId = { __rl: true, mode: 'id', value: subWorkflowId };
	return copy;
}

/**
 * A run of a template that works in slices (one sub-workflow execution per slice, see
 * workflows/01a-*.json): the parent's run data with the node runs of every sub-execution it started
 * appended, so nodeOutput() reads the slices' nodes as if one execution had run them.
 */
export async function withSlices(t: E2e, result: ExecuteResult): Promise<ExecuteResult> {
	const runData = result.run?.data.resultData.runData;
	if (!runData) return result;
	const merged = { ...runData };
	for (const sub of await sliceRuns(t, result)) {
		for (const [node, runs] of Object.entries(sub.run?.data.resultData.runData ?? {})) merged[node] = [...(merged[node] ?? []), ...runs];
	}
	return { ...result, run: { ...result.run!, data: { ...result.run!.data, resultData: { ...result.run!.data.resultData, runData: merged } } } };
}

/** The sub-executions (slices) a run started, each as its own run, in the order they were started. */
export async function sliceRuns(t: E2e, result: ExecuteResult): Promise<ExecuteResult[]> {
	type Meta = { metadata?: { subExecution?: { executionId?: string } } };
	const ids = Object.values(result.run?.data.resultData.runData ?? {}).flatMap((runs) => runs.map((r) => (r as Meta).metadata?.subExecution?.executionId).filter((id): id is string => !!id));
	const out: ExecuteResult[] = [];
	for (const id of ids) out.push(await waitForExecution(t.api, t.state, String(id), 120000));
	return out;
}

/** Sets values of a Set node's assignments (by name) in a copy of the workflow. */
export function withAssignments(wf: WorkflowJson, nodeName: string, values: Record<string, unknown>): WorkflowJson {
	const copy = JSON.parse(JSON.stringify(wf)) as WorkflowJson;
	const node = copy.nodes.find((n) => n.name === nodeName);
	if (!node) throw new Error(`workflow "${wf.name}" has no node "${nodeName}"`);
	const list = (node.parameters.assignments as { assignments: Array<{ name: string; value: unknown }> }).assignments;
	for (const [name, value] of Object.entries(values)) {
		const a = list.find((x) => x.name === name);
		if (!a) throw new Error(`node "${nodeName}" sets no field "${name}"`);
		a.value = value;
	}
	return copy;
}

interface DataTableInfo {
	id: string;
	name: string;
	projectId: string;
}

async function findTable(t: E2e, name: string): Promise<DataTableInfo | undefined> {
	const res = await t.api.get<{ data: DataTableInfo[] } | DataTableInfo[]>('/rest/data-tables-global', { take: 500, skip: 0 });
	const list = Array.isArray(res) ? res : res.data;
	return list.find((d) => d.name === name);
}

/** Rows of an n8n Data Table (by name); [] when the table does not exist. */
export async function tableRows(t: E2e, name: string): Promise<Array<Record<string, unknown>>> {
	const table = await findTable(t, name);
	if (!table) return [];
	const res = await t.api.get<{ count: number; data: Array<Record<string, unknown>> }>(
		`/rest/projects/${table.projectId}/data-tables/${table.id}/rows`,
		{ take: 1000, skip: 0 },
	);
	return res.data;
}

/** Deletes a Data Table (the templates re-create theirs on the next run). */
export async function dropTable(t: E2e, name: string): Promise<void> {
	for (let attempt = 0; attempt < 20; attempt++) {
		const table = await findTable(t, name);
		if (!table) return;
		const res = await t.api.http.delete(`/rest/projects/${table.projectId}/data-tables/${table.id}`);
		if (res.status >= 300 && res.status !== 404) throw new Error(`dropping data table ${name}: HTTP ${res.status} ${JSON.stringify(res.data).slice(0, 300)}`);
		await new Promise((r) => setTimeout(r, 250));
	}
	throw new Error(`data table ${name} is still there after 20 deletes`);
}

/** Creates a Data Table of text columns in the project of an existing one (`like`), as a template's "Ensure table" node would. */
export async function createTable(t: E2e, name: string, columns: string[], like: string): Promise<void> {
	const sibling = await findTable(t, like);
	if (!sibling) throw new Error(`no data table "${like}" to take the project from`);
	await t.api.post(`/rest/projects/${sibling.projectId}/data-tables`, { name, columns: columns.map((c) => ({ name: c, type: 'string' })) });
}

/** Inserts rows into a Data Table that exists. */
export async function insertRows(t: E2e, name: string, rows: Array<Record<string, unknown>>): Promise<void> {
	const table = await findTable(t, name);
	if (!table) throw new Error(`no data table "${name}"`);
	await t.api.post(`/rest/projects/${table.projectId}/data-tables/${table.id}/insert`, { data: rows, returnType: 'count' });
}

/** The sandbox clock's "now". */
export async function sandboxNow(t: E2e): Promise<Date> {
	const res = await t.sandbox.get('/_admin/clock');
	return new Date(String((res.data as { now: string }).now));
}

/** A direct access token for a vendor of the sandbox. */
export async function sandboxToken(t: E2e, vendor: string): Promise<string> {
	const res = await t.sandbox.post('/_admin/tokens', { vendor });
	if (res.status >= 300) throw new Error(`sandbox token for ${vendor}: ${res.status} ${JSON.stringify(res.data)}`);
	return String((res.data as { access_token: string }).access_token);
}

/**
 * The hub's `clients` setting for the sandbox firm, read from the simulators (never from product
 * code): Brightflag's customers bill on Brightflag, the clients of the matters Legal Tracker knows on
 * Legal Tracker, every other client on none; each under the corporate guidelines.
 */
export async function hubClients(t: E2e): Promise<{ clients: Record<string, { platform: string; guidelines: string }>; bf: number; lt: number }> {
	const bf = ((await t.sandbox.get('/_admin/brightflag/statuses')).data as { data: Array<{ ledesClientId: string }> }).data.map((c) => c.ledesClientId);
	const lt = await sandboxToken(t, 'legaltracker');
	const ltMatters = ((await t.sandbox.get('/legaltracker/billing-api/v1/matters', { params: { $select: 'id,clientMatterNumber' }, headers: { Authorization: `Bearer ${lt}`, 'Company-ID': LT_COMPANY_ID } })).data as { value: Array<{ clientMatterNumber: string }> }).value;
	const clio = await sandboxToken(t, 'clio');
	const h = { Authorization: `Bearer ${clio}`, 'X-API-VERSION': '4.0.9' };
	const matters = ((await t.sandbox.get('/clio/api/v4/matters.json', { params: { fields: 'id,client_reference,client{id}', limit: 200 }, headers: h })).data as { data: Array<{ client_reference: string; client: { id: number } }> }).data;
	const contacts = ((await t.sandbox.get('/clio/api/v4/contacts.json', { params: { fields: 'id,ledes_client_id', limit: 200 }, headers: h })).data as { data: Array<{ id: number; ledes_client_id: string }> }).data;
	const ledesOf = new Map(contacts.map((c) => [c.id, c.ledes_client_id]));
	const ltClients = new Set(matters.filter((m) => ltMatters.some((x) => x.clientMatterNumber === m.client_reference)).map((m) => ledesOf.get(m.client.id)!));
	const platform: Record<string, string> = { '*': 'none' };
	for (const c of bf) platform[c] = 'brightflag';
	for (const c of ltClients) platform[c] = 'legalTracker';
	return { clients: Object.fromEntries(Object.entries(platform).map(([k, p]) => [k, { platform: p, guidelines: 'corporate' }])), bf: bf.length, lt: ltClients.size };
}
