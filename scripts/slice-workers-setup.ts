/**
 * The time sync's and the hub's slices on queue workers (templates 01 → 01a, 03 → 03a, n8n queue
 * mode): a sub-workflow run by an Execute Workflow node runs in its parent's process (n8n 2.40.7), so
 * one run would use one worker. Instead the parent posts each slice to its slice workflow's production
 * webhook on the webhook process, which queues it as its own execution for any free worker. This
 * imports the webhooks' Header Auth credential (id the templates reference; a secret kept in the
 * stack's folder), publishes the slice workflows, and sets a parent's *sliceWebhookUrl* and
 * *parallelSlices*, as a user would in the editor.
 * Used by `npm run start:queue`, the queue-mode e2e and the queue bench.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CredentialSpec, StackClient, WorkflowJson } from './n8n-runner';

export const SYNC_FILE = '01-clio-to-ebilling-time-sync.json';
export const SLICE_FILE = '01a-clio-to-ebilling-time-sync-slice.json';
/** The id both templates' credential blocks reference. */
export const SLICE_AUTH_ID = 'lbSliceHookAuth1';
export const SLICE_AUTH_NAME = 'Legal billing slice webhook (header auth)';
export const SLICE_HEADER = 'X-Legal-Billing-Slice-Key';
export const SLICE_PATH = 'webhook/legal-billing/time-sync-slice';
export const HUB_FILE = '03-multi-lpm-compliance-hub.json';
export const HUB_SLICE_FILE = '03a-multi-lpm-compliance-hub-slice.json';
export const HUB_SLICE_PATH = 'webhook/legal-billing/hub-slice';

/** The parents that can post their slices, told apart by their settings node. */
const PARENTS = [
	{ settings: 'Sync settings', path: SLICE_PATH },
	{ settings: 'Hub settings', path: HUB_SLICE_PATH },
];

function keptSecret(userFolder: string): string {
	const file = join(userFolder, 'slice-webhook.secret');
	if (existsSync(file)) {
		const s = readFileSync(file, 'utf8').trim();
		if (s.length >= 32) return s;
	}
	const s = randomBytes(32).toString('base64url');
	writeFileSync(file, `${s}\n`, { mode: 0o600 });
	return s;
}

export function sliceCredential(secret: string): CredentialSpec {
	return { id: SLICE_AUTH_ID, name: SLICE_AUTH_NAME, type: 'httpHeaderAuth', data: { name: SLICE_HEADER, value: secret } };
}

/** Sets `sliceWebhookUrl` and `parallelSlices` in a time-sync (Sync settings) or hub (Hub settings) workflow (a copy). */
export function withSliceWorkers(wf: WorkflowJson, webhookUrl: string, parallelSlices: number): WorkflowJson {
	const copy = JSON.parse(JSON.stringify(wf)) as WorkflowJson;
	const parent = PARENTS.find((p) => copy.nodes.some((n) => n.name === p.settings));
	if (!parent) throw new Error(`${wf.name}: no ${PARENTS.map((p) => p.settings).join(' or ')} node`);
	const settings = copy.nodes.find((n) => n.name === parent.settings);
	const list = (settings?.parameters.assignments as { assignments?: Array<{ name: string; value: unknown }> } | undefined)?.assignments;
	const set = (name: string, value: unknown) => {
		const a = list?.find((x) => x.name === name);
		if (!a) throw new Error(`${wf.name}: ${parent.settings} has no "${name}"`);
		a.value = value;
	};
	set('sliceWebhookUrl', `${webhookUrl.replace(/\/$/, '')}/${parent.path}`);
	set('parallelSlices', parallelSlices);
	return copy;
}

export interface SliceWorkers {
	/** 01a's production webhook (on the webhook process in queue mode). */
	url: string;
	/** 03a's, when 03a was imported and published. */
	hubUrl?: string;
	header: string;
	secret: string;
}

/**
 * Imports the Header Auth credential and publishes the slice workflows (01a must be imported; 03a is
 * published when imported); `syncWorkflowId` / `hubWorkflowId` also point that time-sync / hub
 * workflow at its slice webhook (`parallelSlices` at a time).
 */
export async function setupSliceWorkers(
	client: StackClient,
	webhookBaseUrl: string,
	o: { sliceWorkflowId?: string; hubSliceWorkflowId?: string; syncWorkflowId?: string; hubWorkflowId?: string; parallelSlices?: number } = {},
): Promise<SliceWorkers> {
	const secret = keptSecret(client.state.userFolder);
	const file = join(client.state.userFolder, 'import', 'slice-credentials.json');
	writeFileSync(file, JSON.stringify([sliceCredential(secret)], null, 2), { mode: 0o600 });
	await client.cli(['import:credentials', `--input=${file}`]);
	const sliceId = o.sliceWorkflowId ?? client.templates[SLICE_FILE]?.id;
	if (!sliceId) throw new Error(`template ${SLICE_FILE} is not imported`);
	await client.activate(sliceId);
	const hubSliceId = o.hubSliceWorkflowId ?? client.templates[HUB_SLICE_FILE]?.id;
	if (hubSliceId) await client.activate(hubSliceId);
	const base = webhookBaseUrl.replace(/\/$/, '');
	for (const parentId of [o.syncWorkflowId, o.hubWorkflowId]) {
		if (!parentId) continue;
		const wf = await client.api.get<WorkflowJson & { versionId?: string }>(`/rest/workflows/${parentId}`);
		const next = withSliceWorkers(wf, webhookBaseUrl, o.parallelSlices ?? 4);
		await client.api.patch(`/rest/workflows/${parentId}`, { nodes: next.nodes, versionId: wf.versionId });
	}
	return { url: `${base}/${SLICE_PATH}`, hubUrl: hubSliceId ? `${base}/${HUB_SLICE_PATH}` : undefined, header: SLICE_HEADER, secret };
}
