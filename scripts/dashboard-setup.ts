/**
 * The dashboard (template 06) and the client portal (template 07) on a running stack: imports their
 * two credentials (the dashboard webhook's Basic auth, the portal's signing secret; ids the
 * templates reference), publishes both workflows so their production webhooks answer, and gives the
 * URLs, the dashboard's user and password, and a portal link for a sample client. Used by
 * `npm start` and the browser e2e (test/e2e/dashboard.e2e.test.ts).
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { issuePortalLink } from '../lib/report';
import type { CredentialSpec, StackClient } from './n8n-runner';

export const DASHBOARD_FILE = '06-reconciliation-dashboard.json';
export const PORTAL_FILE = '07-client-spend-portal.json';
/** Ids the templates reference (their credentials blocks). */
export const DASHBOARD_AUTH_ID = 'lbDashBasicAuth1';
export const PORTAL_SECRET_ID = 'lbPortalSecret01';
export const DASHBOARD_PATH = 'webhook/legal-billing/dashboard';
export const PORTAL_PATH = 'webhook/legal-billing/portal';

export interface DashboardSetup {
	dashboardUrl: string;
	user: string;
	password: string;
	portalUrl: string;
	/** The portal's signing secret (tests sign attacker tokens with it). */
	secret: string;
	dashboardWorkflowId: string;
	portalWorkflowId: string;
}

/** A secret kept in the stack's user folder, so links printed by one `npm start` work after a restart. */
function keptSecret(userFolder: string, name: string, bytes: number): string {
	const file = join(userFolder, `${name}.secret`);
	if (existsSync(file)) {
		const s = readFileSync(file, 'utf8').trim();
		if (s.length >= 32) return s;
	}
	const s = randomBytes(bytes).toString('base64url');
	writeFileSync(file, `${s}\n`, { mode: 0o600 });
	return s;
}

export function dashboardCredentials(n8nUrl: string, o: { user: string; password: string; secret: string }): CredentialSpec[] {
	return [
		{ id: DASHBOARD_AUTH_ID, name: 'Legal billing dashboard (basic auth)', type: 'httpBasicAuth', data: { user: o.user, password: o.password } },
		{ id: PORTAL_SECRET_ID, name: 'Legal billing portal', type: 'legalBillingPortalApi', data: { signingSecret: o.secret, baseUrl: n8nUrl, portalPath: PORTAL_PATH } },
	];
}

/** Imports the two credentials and publishes templates 06 and 07 (they must be imported already). */
export async function setupDashboard(client: StackClient): Promise<DashboardSetup> {
	const folder = client.state.userFolder;
	const user = 'dashboard';
	const password = keptSecret(folder, 'dashboard-password', 12);
	const secret = keptSecret(folder, 'portal-signing', 36);
	const file = join(folder, 'import', 'dashboard-credentials.json');
	writeFileSync(file, JSON.stringify(dashboardCredentials(client.n8nUrl, { user, password, secret }), null, 2), { mode: 0o600 });
	await client.cli(['import:credentials', `--input=${file}`]);
	const dashboardWorkflowId = client.templates[DASHBOARD_FILE]?.id;
	const portalWorkflowId = client.templates[PORTAL_FILE]?.id;
	if (!dashboardWorkflowId || !portalWorkflowId) throw new Error(`templates ${DASHBOARD_FILE} and ${PORTAL_FILE} are not imported`);
	for (const id of [dashboardWorkflowId, portalWorkflowId]) await client.activate(id);
	return { dashboardUrl: `${client.n8nUrl}/${DASHBOARD_PATH}`, user, password, portalUrl: `${client.n8nUrl}/${PORTAL_PATH}`, secret, dashboardWorkflowId, portalWorkflowId };
}

/** A portal link for one client, signed as the template's Issue Portal Link node signs it. */
export function portalLink(s: DashboardSetup, clientId: string, contact = '', ttlDays = 30): string {
	return issuePortalLink(s.secret, { baseUrl: s.portalUrl, clientId, contact, ttlDays }).url;
}

/** The lines `npm start` prints. */
export function dashboardBanner(s: DashboardSetup, sampleClient: string | undefined): string[] {
	const u = new URL(s.dashboardUrl);
	return [
		`  dashboard      ${s.dashboardUrl}`,
		`                 user ${s.user}  /  password ${s.password}   (or ${u.protocol}//${s.user}:${s.password}@${u.host}${u.pathname})`,
		...(sampleClient ? [`  client portal  ${portalLink(s, sampleClient, 'sample contact')}`, `                 (client ${sampleClient}, valid 30 days; run the time sync first so it has invoices)`] : []),
	];
}
