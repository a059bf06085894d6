/** Workflow JSON: the templates in workflows/, their credential references bound to the sandbox's. */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StackClient, StackState } from './client';
import { WORKFLOWS_DIR, type Log } from './paths';
import type { CredentialSpec } from './sandbox';

export interface WorkflowJson {
	id?: string;
	name: string;
	nodes: Array<{
		name: string;
		type: string;
		parameters: Record<string, unknown>;
		credentials?: Record<string, { id: string; name: string }>;
		[key: string]: unknown;
	}>;
	connections: Record<string, unknown>;
	settings?: Record<string, unknown>;
	[key: string]: unknown;
}

export function readTemplates(dir = WORKFLOWS_DIR): Array<{ file: string; workflow: WorkflowJson }> {
	if (!existsSync(dir)) return [];
	return readdirSync(dir)
		.filter((f) => f.endsWith('.json'))
		.sort()
		.map((f) => ({ file: f, workflow: JSON.parse(readFileSync(join(dir, f), 'utf8')) as WorkflowJson }));
}

/** Points every credential reference of a known type at the sandbox credential of that type. */
export function bindCredentials(wf: WorkflowJson, creds: CredentialSpec[]): WorkflowJson {
	const byType = new Map<string, CredentialSpec>();
	for (const c of creds) if (!byType.has(c.type)) byType.set(c.type, c);
	const copy = JSON.parse(JSON.stringify(wf)) as WorkflowJson;
	for (const node of copy.nodes) {
		for (const type of Object.keys(node.credentials ?? {})) {
			const c = byType.get(type);
			if (c && node.credentials) node.credentials[type] = { id: c.id, name: c.name };
		}
	}
	return copy;
}

/**
 * Imports the sandbox credentials and (unless told not to) every template with the n8n CLI, before
 * the server starts; records the templates' ids and names in `state.templates`.
 */
export async function importCredentialsAndTemplates(client: StackClient, state: StackState, importTemplates: boolean, log: Log): Promise<void> {
	const importDir = join(state.userFolder, 'import');
	rmSync(importDir, { recursive: true, force: true });
	mkdirSync(join(importDir, 'workflows'), { recursive: true });
	const { credentials } = state;
	writeFileSync(join(importDir, 'credentials.json'), JSON.stringify(credentials, null, 2));
	await client.cli(['import:credentials', `--input=${join(importDir, 'credentials.json')}`]);
	log(`  ${credentials.length} credentials (${credentials.map((c) => c.name).join(', ')})`);
	if (!importTemplates) return;
	const list = readTemplates();
	for (const { file, workflow } of list) {
		const bound = bindCredentials(workflow, credentials);
		bound.active = false;
		writeFileSync(join(importDir, 'workflows', file), JSON.stringify(bound, null, 2));
		state.templates[file] = { id: String(bound.id ?? ''), name: bound.name };
	}
	if (list.length) await client.cli(['import:workflow', '--separate', `--input=${join(importDir, 'workflows')}`]);
	log(`  ${list.length} templates`);
}
