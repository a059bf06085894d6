/**
 * The vendor sandbox (sandbox/index.ts, run in this process) and the n8n credentials pointing at it.
 */
import axios from 'axios';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packRoot, ROOT } from './paths';

export interface SandboxHandle {
	url: string;
	close(): Promise<void> | void;
	issueToken?: (vendor: string) => unknown;
	[key: string]: unknown;
}

export interface SandboxStartOptions {
	port?: number;
	seed?: number | string;
	size?: string | number;
	faults?: unknown;
	clioRateLimitPerMinute?: number;
	[key: string]: unknown;
}

/** Starts the sandbox of the pack being run (LB_PACK_ROOT or the clone). */
export async function startSandbox(opts: SandboxStartOptions): Promise<SandboxHandle> {
	const mod = require(join(packRoot(), 'sandbox/index.ts')) as { startSandbox: (o: SandboxStartOptions) => Promise<SandboxHandle> };
	return mod.startSandbox(opts);
}

export interface CredentialSpec {
	id: string;
	name: string;
	type: string;
	data: Record<string, unknown>;
}

/** Stable ids so templates' credential references can be rewritten to them on import. */
export const SANDBOX_CREDENTIAL_IDS: Record<string, string> = {
	clioOAuth2Api: 'lbSandboxClio001',
	actionstepOAuth2Api: 'lbSandboxAStep01',
	brightflagOAuth2Api: 'lbSandboxBFlag01',
	legalTrackerOAuth2Api: 'lbSandboxLTrack1',
};

export const CONNECT_IN_BROWSER_CLIO_ID = 'lbSandboxClioB01';

const SANDBOX_CREDENTIAL_NAMES: Record<string, string> = {
	clioOAuth2Api: 'Clio (sandbox)',
	actionstepOAuth2Api: 'Actionstep (sandbox)',
	brightflagOAuth2Api: 'Brightflag (sandbox)',
	legalTrackerOAuth2Api: 'Legal Tracker (sandbox)',
};

async function tokenFor(sandbox: SandboxHandle, vendor: string): Promise<Record<string, unknown> | undefined> {
	try {
		if (typeof sandbox.issueToken === 'function') {
			const t = (await sandbox.issueToken(vendor)) as Record<string, unknown> | string | undefined;
			if (typeof t === 'string') return { access_token: t, token_type: 'Bearer' };
			if (t && typeof t === 'object') return { token_type: 'Bearer', ...t };
		}
	} catch {
		/* fall through to the admin route */
	}
	try {
		const res = await axios.post(`${sandbox.url}/_admin/tokens`, { vendor }, { validateStatus: () => true });
		if (res.status < 300 && res.data && typeof res.data === 'object') return { token_type: 'Bearer', ...res.data };
	} catch {
		/* no direct token issue: the user connects in the editor */
	}
	return undefined;
}

/**
 * Builds the four sandbox credentials. The data keys follow the credential files in credentials/:
 * every one extends oAuth2Api; the environment/region option is set to "custom" with the sandbox
 * base URL. Keys a credential does not define are ignored by n8n.
 */
export async function sandboxCredentials(sandbox: SandboxHandle | undefined, n8nUrl: string): Promise<CredentialSpec[]> {
	const url = sandbox?.url ?? 'http://127.0.0.1:5681';
	void n8nUrl;
	// Property names as defined in credentials/*.credentials.ts (each with a "custom" base URL option).
	const specs: Array<{ type: string; vendor: string; data: Record<string, unknown> }> = [
		{
			type: 'clioOAuth2Api',
			vendor: 'clio',
			data: {
				region: 'custom',
				customBaseUrl: `${url}/clio`,
				clientId: 'sandbox-clio-client',
				clientSecret: 'sandbox-clio-secret',
			},
		},
		{
			type: 'actionstepOAuth2Api',
			vendor: 'actionstep',
			data: {
				environment: 'custom',
				customOAuthBaseUrl: `${url}/actionstep`,
				clientId: 'sandbox-actionstep-client',
				clientSecret: 'sandbox-actionstep-secret',
			},
		},
		{
			type: 'brightflagOAuth2Api',
			vendor: 'brightflag',
			data: {
				region: 'custom',
				customBaseUrl: `${url}/brightflag`,
				clientId: 'sandbox-brightflag-client',
				clientSecret: 'sandbox-brightflag-secret',
			},
		},
		{
			type: 'legalTrackerOAuth2Api',
			vendor: 'legaltracker',
			data: {
				host: 'custom',
				customBaseUrl: `${url}/legaltracker`,
				companyId: '40417', // the sandbox company (an integer, as Legal Tracker's Company-ID is)
				clientId: 'sandbox-legaltracker-client',
				clientSecret: 'sandbox-legaltracker-secret',
			},
		},
	];
	const overrides = loadCredentialOverrides(url);
	const out: CredentialSpec[] = [];
	for (const s of specs) {
		const data: Record<string, unknown> = { ...s.data, ...(overrides[s.type] ?? {}) };
		if (sandbox) {
			const token = await tokenFor(sandbox, s.vendor);
			if (token) data.oauthTokenData = token;
		}
		out.push({ id: SANDBOX_CREDENTIAL_IDS[s.type], name: SANDBOX_CREDENTIAL_NAMES[s.type], type: s.type, data });
	}
	// A second Clio credential WITHOUT a token: "Connect my account" in the editor runs the real
	// OAuth authorization-code flow against the sandbox's authorize page.
	const clio = specs.find((s) => s.type === 'clioOAuth2Api')!;
	out.push({ id: CONNECT_IN_BROWSER_CLIO_ID, name: 'Clio (sandbox, connect in the browser)', type: clio.type, data: { ...clio.data } });
	return out;
}

/**
 * Optional `sandbox/n8n-credentials.ts`-free hook: test/e2e/credentials.json may override the data
 * of any credential type ({ "clioOAuth2Api": { "region": "custom", "baseUrl": "{{sandbox}}/clio" } }).
 */
function loadCredentialOverrides(sandboxUrl: string): Record<string, Record<string, unknown>> {
	const file = join(ROOT, 'scripts/sandbox-credentials.json');
	if (!existsSync(file)) return {};
	const text = readFileSync(file, 'utf8').split('{{sandbox}}').join(sandboxUrl);
	return JSON.parse(text) as Record<string, Record<string, unknown>>;
}
