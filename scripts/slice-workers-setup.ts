/**
 * The time sync's slices on queue workers (templates 01 + 01a, n8n queue mode): a sub-workflow run by
 * an Execute Workflow node runs in its parent's process (n8n 2.40.7), so one time-sync run would use
 * one worker. Instead the parent posts each slice to 01a's production webhook on the webhook process,
 * which queues it as its own execution for any free worker. This imports the webhook's Header Auth
 * credential (id the templates reference; a secret kept in the stack's folder), publishes 01a, and
 * sets the parent's *sliceWebhookUrl* and *parallelSlices*, as a user would in the editor.
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

/** Sets `sliceWebhookUrl` and `parallelSlices` in a time-sync workflow's Sync settings (a copy). */
export function withSliceWorkers(wf: WorkflowJson, webhookUrl: string, parallelSlices: number): WorkflowJson {
	const copy = JSON.parse(JSON.stringify(wf)) as WorkflowJson;
	const settings = copy.nodes.find((n) => n.name === 'Sync settings');
	const list = (settings?.parameters.assignments as { assignments?: Array<{ name: string; value: unknown }> } | undefined)?.assignments;
	const set = (name: string, value: unknown) => {
		const a = list?.find((x) => x.name === name);
		if (!a) throw new Error(`${wf.name}: Sync settings has no "${name}"`);
		a.value = value;
	};
	set('sliceWebhookUrl', `${webhookUrl.replace(/\/$/, '')}/${SLICE_PATH}`);
	set('parallelSlices', parallelSlices);
	return copy;
}

export interface SliceWorkers {
	/** 01a's production webhook (on the webhook process in queue mode). */
	url: string;
	header: string;
	secret: string;
}

/**
 * Imports the Header Auth credential and publishes the slice workflow (it must be imported already);
 * with `syncWorkflowId`, also points that time-sync workflow at the webhook (`parallelSlices` at a time).
 */
export async function setupSliceWorkers(
	client: StackClient,
	webhookBaseUrl: string,
	o: { sliceWorkflowId?: string; syncWorkflowId?: string; parallelSlices?: number } = {},
): Promise<SliceWorkers> {
	const secret = keptSecret(client.state.userFolder);
	const file = join(client.state.userFolder, 'import', 'slice-credentials.json');
	writeFileSync(file, JSON.stringify([sliceCredential(secret)], null, 2), { mode: 0o600 });
	await client.cli(['import:credentials', `--input=${file}`]);
	const sliceId = o.sliceWorkflowId ?? client.templates[SLICE_FILE]?.id;
	if (!sliceId) throw new Error(`template ${SLICE_FILE} is not imported`);
	await client.activate(sliceId);
	const url = `${webhookBaseUrl.replace(/\/$/, '')}/${SLICE_PATH}`;
	const syncId = o.syncWorkflowId;
	if (syncId) {
		const wf = await client.api.get<WorkflowJson & { versionId?: string }>(`/rest/workflows/${syncId}`);
		const next = withSliceWorkers(wf, webhookBaseUrl, o.parallelSlices ?? 4);
		await client.api.patch(`/rest/workflows/${syncId}`, { nodes: next.nodes, versionId: wf.versionId });
	}
	return { url, header: SLICE_HEADER, secret };
}
