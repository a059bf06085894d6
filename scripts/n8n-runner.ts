/**
 * The n8n runner shared by `npm start` and the end-to-end tests.
 *
 *   ensureN8n()        installs (once, cached in ~/.cache/n8n-nodes-legal-billing) n8n and Node 24
 *   buildPack()        `npm run build`
 *   installPack()      copies the built pack into $N8N_USER_FOLDER/.n8n/nodes/node_modules/<pkg>
 *                      (listed in .n8n/nodes/package.json) so node types are `n8n-nodes-legal-billing.<name>`
 *   startStack()       all of the above + the vendor sandbox + credentials and templates imported +
 *                      n8n started on SQLite + owner account created; returns handles and `stop()`.
 *
 * n8n runs as a child process on Node 24 (its own process group, so stop() also ends its task
 * runners). The sandbox runs in this process (Node 20). Nothing here reaches the internet.
 */
import axios, { type AxiosInstance, type AxiosResponse } from 'axios';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import {
	cpSync,
	existsSync,
	mkdirSync,
	openSync,
	readdirSync,
	readFileSync,
	rmSync,
	statSync,
	writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';

export const ROOT = resolve(__dirname, '..');
export const PACKAGE_NAME = 'n8n-nodes-legal-billing';
export const WORKFLOWS_DIR = join(ROOT, 'workflows');

export type Log = (msg: string) => void;
const defaultLog: Log = (msg) => process.stderr.write(`\x1b[1m[legal-billing]\x1b[0m ${msg}\n`);

// ---------------------------------------------------------------------------------------------
// Install

export interface N8nInstall {
	nodeBinDir: string;
	n8nDir: string;
	nodeBin: string;
	n8nBin: string;
}

/** Runs scripts/install-n8n.sh (a no-op when the cache is warm), streaming its progress. */
export async function ensureN8n(log: Log = defaultLog): Promise<N8nInstall> {
	const out = await new Promise<string>((resolvePromise, reject) => {
		const child = spawn('bash', [join(ROOT, 'scripts/install-n8n.sh')], {
			cwd: ROOT,
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let stdout = '';
		child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
		child.stderr.on('data', (d: Buffer) => {
			for (const line of d.toString().split('\n')) if (line.trim()) log(line.replace(/\x1b\[[0-9;]*m/g, ''));
		});
		child.on('error', reject);
		child.on('exit', (code) =>
			code === 0 ? resolvePromise(stdout) : reject(new Error(`scripts/install-n8n.sh exited with ${code}`)),
		);
	});
	const get = (key: string) => {
		const m = new RegExp(`^${key}=(.*)$`, 'm').exec(out);
		if (!m) throw new Error(`scripts/install-n8n.sh did not print ${key}=`);
		return m[1].trim();
	};
	const nodeBinDir = get('NODE_BIN_DIR');
	const n8nDir = get('N8N_DIR');
	return {
		nodeBinDir,
		n8nDir,
		nodeBin: join(nodeBinDir, 'node'),
		n8nBin: join(n8nDir, 'node_modules/n8n/bin/n8n'),
	};
}

// ---------------------------------------------------------------------------------------------
// Build and install the pack

function listFiles(dir: string): string[] {
	if (!existsSync(dir)) return [];
	return readdirSync(dir).flatMap((name) => {
		const p = join(dir, name);
		return statSync(p).isDirectory() ? listFiles(p) : [p];
	});
}

function newestMtime(dir: string): number {
	let newest = 0;
	if (!existsSync(dir)) return 0;
	for (const name of readdirSync(dir)) {
		const p = join(dir, name);
		const s = statSync(p);
		newest = Math.max(newest, s.isDirectory() ? newestMtime(p) : s.mtimeMs);
	}
	return newest;
}

/** True when dist/ is older than any source the build bundles. */
export function packIsStale(root = packRoot()): boolean {
	const built = existsSync(join(root, 'dist/lib/index.js')) ? statSync(join(root, 'dist/lib/index.js')).mtimeMs : 0;
	if (!built) return true;
	const sources = ['nodes', 'credentials', 'lib'].map((d) => newestMtime(join(root, d)));
	return Math.max(...sources, statSync(join(root, 'package.json')).mtimeMs) > built;
}

/** Where the pack is built from: the clone, or LB_PACK_ROOT (e.g. a snapshot of HEAD). */
export function packRoot(): string {
	return process.env.LB_PACK_ROOT ? resolve(process.env.LB_PACK_ROOT) : ROOT;
}

export async function buildPack(log: Log = defaultLog, root = packRoot()): Promise<void> {
	log(`building the pack in ${root} (npm run build: tsc + esbuild + icons)…`);
	await run('npm', ['run', '--silent', 'build'], { cwd: root, log });
}

/**
 * Copies package.json + dist into the user folder's community-node directory. A copy, not a link to
 * the clone: a link would make the bundles resolve `n8n-workflow` from the clone's node_modules
 * (the Node 20 toolchain's 2.11) instead of the running n8n's own copy.
 */
export function installPack(userFolder: string, opts: { includeUnlisted?: boolean; log?: Log } = {}): string {
	const nodesDir = join(userFolder, '.n8n/nodes');
	const target = join(nodesDir, 'node_modules', PACKAGE_NAME);
	rmSync(target, { recursive: true, force: true });
	mkdirSync(target, { recursive: true });
	const root = packRoot();
	const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Record<string, unknown>;
	const n8nSection = { ...(pkg.n8n as { nodes: string[]; credentials: string[] }) };
	if (opts.includeUnlisted) {
		// While connectors are being written, load every built node/credential, listed or not.
		const built = (sub: string, suffix: string) =>
			listFiles(join(root, 'dist', sub)).filter((f) => f.endsWith(suffix)).map((f) => f.slice(root.length + 1));
		const extraNodes = built('nodes', '.node.js').filter((f) => !n8nSection.nodes.includes(f));
		const extraCreds = built('credentials', '.credentials.js').filter((f) => !n8nSection.credentials.includes(f));
		if (extraNodes.length + extraCreds.length) {
			opts.log?.(`  note: loading built files package.json does not list yet: ${[...extraNodes, ...extraCreds].join(', ')}`);
			n8nSection.nodes = [...n8nSection.nodes, ...extraNodes];
			n8nSection.credentials = [...n8nSection.credentials, ...extraCreds];
		}
	}
	const slim = {
		name: pkg.name,
		version: pkg.version,
		description: pkg.description,
		keywords: pkg.keywords,
		license: pkg.license,
		main: pkg.main,
		n8n: n8nSection,
		peerDependencies: pkg.peerDependencies,
	};
	writeFileSync(join(target, 'package.json'), JSON.stringify(slim, null, 2));
	cpSync(join(root, 'dist'), join(target, 'dist'), { recursive: true });
	const nodesPkgFile = join(nodesDir, 'package.json');
	const nodesPkg = existsSync(nodesPkgFile)
		? (JSON.parse(readFileSync(nodesPkgFile, 'utf8')) as { dependencies?: Record<string, string> })
		: { name: 'installed-nodes', private: true, dependencies: {} as Record<string, string> };
	nodesPkg.dependencies = { ...(nodesPkg.dependencies ?? {}), [PACKAGE_NAME]: String(pkg.version) };
	writeFileSync(nodesPkgFile, JSON.stringify(nodesPkg, null, 2));
	return target;
}

// ---------------------------------------------------------------------------------------------
// Sandbox (sandbox/index.ts; tolerated when absent)

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

export async function startSandboxIfPresent(
	opts: SandboxStartOptions,
	log: Log = defaultLog,
): Promise<SandboxHandle | undefined> {
	const entry = join(packRoot(), 'sandbox/index.ts');
	if (!existsSync(entry)) {
		log('sandbox/index.ts is not there yet: starting n8n without the vendor sandbox');
		return undefined;
	}
	const mod = require(entry) as { startSandbox?: (o: SandboxStartOptions) => Promise<SandboxHandle> };
	if (typeof mod.startSandbox !== 'function') {
		log('sandbox/index.ts exports no startSandbox(): starting n8n without the vendor sandbox');
		return undefined;
	}
	return mod.startSandbox(opts);
}

// ---------------------------------------------------------------------------------------------
// Credentials pointing at the sandbox

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

// ---------------------------------------------------------------------------------------------
// Templates

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

// ---------------------------------------------------------------------------------------------
// Processes

export function freePort(): Promise<number> {
	return new Promise((resolvePromise, reject) => {
		const srv = createServer();
		srv.unref();
		srv.on('error', reject);
		srv.listen(0, '127.0.0.1', () => {
			const addr = srv.address();
			const port = typeof addr === 'object' && addr ? addr.port : 0;
			srv.close(() => resolvePromise(port));
		});
	});
}

async function run(
	cmd: string,
	args: string[],
	opts: { cwd?: string; env?: NodeJS.ProcessEnv; log?: Log; quiet?: boolean } = {},
): Promise<{ stdout: string; stderr: string }> {
	return new Promise((resolvePromise, reject) => {
		const child = spawn(cmd, args, { cwd: opts.cwd ?? ROOT, env: opts.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (d: Buffer) => {
			stdout += d.toString();
			if (!opts.quiet && opts.log) for (const l of d.toString().split('\n')) if (l.trim()) opts.log(`  ${l}`);
		});
		child.stderr.on('data', (d: Buffer) => {
			stderr += d.toString();
			if (!opts.quiet && opts.log) for (const l of d.toString().split('\n')) if (l.trim()) opts.log(`  ${l}`);
		});
		child.on('error', reject);
		child.on('exit', (code) => {
			if (code === 0) resolvePromise({ stdout, stderr });
			else {
				const err = new Error(`${cmd} ${args.join(' ')} exited with ${code}\n${stderr.slice(-4000)}\n${stdout.slice(-4000)}`);
				Object.assign(err, { stdout, stderr, code });
				reject(err);
			}
		});
	});
}

export interface N8nEnvOptions {
	userFolder: string;
	port: number;
	brokerPort: number;
	encryptionKey?: string;
	logLevel?: string;
	extra?: Record<string, string>;
}

export function n8nEnv(install: N8nInstall, o: N8nEnvOptions): NodeJS.ProcessEnv {
	const base = `http://localhost:${o.port}`;
	return {
		PATH: `${install.nodeBinDir}:${process.env.PATH ?? ''}`,
		HOME: process.env.HOME,
		TZ: process.env.TZ ?? 'UTC',
		GENERIC_TIMEZONE: process.env.GENERIC_TIMEZONE ?? 'UTC',
		N8N_USER_FOLDER: o.userFolder,
		N8N_PORT: String(o.port),
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: 'localhost',
		N8N_PROTOCOL: 'http',
		N8N_EDITOR_BASE_URL: base,
		N8N_WEBHOOK_URL: `${base}/`,
		N8N_ENCRYPTION_KEY: o.encryptionKey ?? 'legal-billing-local-sandbox-key',
		DB_TYPE: 'sqlite',
		N8N_RUNNERS_BROKER_PORT: String(o.brokerPort),
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_AI_ENABLED: 'false',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		N8N_SECURE_COOKIE: 'false',
		N8N_REINSTALL_MISSING_PACKAGES: 'false',
		N8N_LOG_LEVEL: o.logLevel ?? 'warn',
		N8N_LOG_OUTPUT: 'console',
		EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'all',
		EXECUTIONS_DATA_SAVE_MANUAL_EXECUTIONS: 'true',
		NODE_OPTIONS: '--max-old-space-size=1536',
		...(o.extra ?? {}),
	};
}

// ---------------------------------------------------------------------------------------------
// REST client with a cookie jar

export class N8nApi {
	readonly http: AxiosInstance;
	private cookie = '';
	private readonly browserId = randomUUID();

	constructor(readonly baseUrl: string) {
		this.http = axios.create({ baseURL: baseUrl, validateStatus: () => true, maxRedirects: 0, timeout: 60000 });
		this.http.interceptors.request.use((cfg) => {
			cfg.headers.set('browser-id', this.browserId);
			if (this.cookie) cfg.headers.set('Cookie', this.cookie);
			return cfg;
		});
		this.http.interceptors.response.use((res) => {
			const set = res.headers['set-cookie'];
			if (set) {
				const jar = new Map(this.cookie.split('; ').filter(Boolean).map((c) => [c.split('=')[0], c] as const));
				for (const c of set) {
					const kv = c.split(';')[0];
					jar.set(kv.split('=')[0], kv);
				}
				this.cookie = [...jar.values()].join('; ');
			}
			return res;
		});
	}

	private static unwrap<T>(res: AxiosResponse, what: string): T {
		if (res.status >= 300) throw new Error(`${what}: HTTP ${res.status} ${JSON.stringify(res.data).slice(0, 500)}`);
		const body = res.data as { data?: T };
		return (body && typeof body === 'object' && 'data' in body ? body.data : body) as T;
	}

	async get<T = unknown>(path: string, params?: Record<string, unknown>): Promise<T> {
		return N8nApi.unwrap<T>(await this.http.get(path, { params }), `GET ${path}`);
	}

	async post<T = unknown>(path: string, body?: unknown): Promise<T> {
		return N8nApi.unwrap<T>(await this.http.post(path, body ?? {}), `POST ${path}`);
	}

	async patch<T = unknown>(path: string, body?: unknown): Promise<T> {
		return N8nApi.unwrap<T>(await this.http.patch(path, body ?? {}), `PATCH ${path}`);
	}

	/** Creates the owner on a fresh instance; on a reused one, logs in with the same account. */
	async setupOwnerOrLogin(owner: OwnerAccount): Promise<void> {
		const res = await this.http.post('/rest/owner/setup', owner);
		if (res.status >= 300) await this.login(owner);
	}

	async login(owner: OwnerAccount): Promise<void> {
		const res = await this.http.post('/rest/login', { emailOrLdapLoginId: owner.email, password: owner.password });
		N8nApi.unwrap(res, 'login');
	}
}

export interface OwnerAccount {
	email: string;
	firstName: string;
	lastName: string;
	password: string;
}

export const DEFAULT_OWNER: OwnerAccount = {
	email: 'owner@legal-billing.test',
	firstName: 'Legal',
	lastName: 'Ops',
	password: 'LegalBilling1',
};

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs: number, isAlive: () => boolean, log?: Log) {
	const started = Date.now();
	let lastNote = started;
	for (;;) {
		if (!isAlive()) throw new Error(`n8n exited while waiting for ${what}`);
		try {
			if (await check()) return;
		} catch {
			/* not yet */
		}
		if (Date.now() - started > timeoutMs) throw new Error(`timed out after ${timeoutMs / 1000}s waiting for ${what}`);
		if (log && Date.now() - lastNote > 10000) {
			log(`  still waiting for ${what} (${Math.round((Date.now() - started) / 1000)}s)…`);
			lastNote = Date.now();
		}
		await new Promise((r) => setTimeout(r, 500));
	}
}

// ---------------------------------------------------------------------------------------------
// The stack

export interface StackOptions {
	/** n8n port; 0 or undefined = a free port. */
	port?: number;
	/** Sandbox port; 0 = free. */
	sandboxPort?: number;
	sandboxOptions?: SandboxStartOptions;
	/** n8n user folder (default .n8n-local/ in the clone). */
	userFolder?: string;
	/** Delete the user folder first (fresh SQLite database). */
	fresh?: boolean;
	/** 'always' | 'never' | 'ifStale' (default). */
	build?: 'always' | 'never' | 'ifStale';
	/** Import workflows/*.json (default true). */
	importTemplates?: boolean;
	owner?: OwnerAccount;
	log?: Log;
	/** Where n8n's own output goes (default: a log file in the user folder). */
	n8nOutput?: 'file' | 'inherit';
	n8nLogLevel?: string;
	extraEnv?: Record<string, string>;
	/** Load built nodes/credentials that package.json's n8n section does not list yet (development aid). */
	includeUnlisted?: boolean;
}

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

export interface Stack extends StackClient {
	sandbox?: SandboxHandle;
	install: N8nInstall;
	userFolder: string;
	stop(): Promise<void>;
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

export async function startStack(opts: StackOptions = {}): Promise<Stack> {
	const log = opts.log ?? defaultLog;
	const t0 = Date.now();
	const step = (n: number, total: number, msg: string) => log(`[${n}/${total}] ${msg}`);
	const TOTAL = 7;

	step(1, TOTAL, 'n8n and Node 24 (installed once into ~/.cache/n8n-nodes-legal-billing; the first time takes 5-10 minutes)');
	const install = await ensureN8n(log);

	step(2, TOTAL, 'building the pack');
	const buildMode = opts.build ?? 'ifStale';
	if (buildMode === 'always' || (buildMode === 'ifStale' && packIsStale())) await buildPack(log);
	else log('  dist/ is up to date');

	const userFolder = opts.userFolder ?? join(ROOT, '.n8n-local');
	if (opts.fresh) rmSync(userFolder, { recursive: true, force: true });
	mkdirSync(userFolder, { recursive: true });
	const packDir = installPack(userFolder, { includeUnlisted: opts.includeUnlisted ?? process.env.LB_INCLUDE_UNLISTED === '1', log });
	log(`  pack installed as a community package in ${packDir}`);

	step(3, TOTAL, 'starting the vendor sandbox');
	const sandbox = await startSandboxIfPresent({ port: opts.sandboxPort ?? 0, ...(opts.sandboxOptions ?? {}) }, log);
	if (sandbox) log(`  sandbox at ${sandbox.url}`);

	const port = opts.port || (await freePort());
	const brokerPort = await freePort();
	const n8nUrl = `http://localhost:${port}`;
	const env = n8nEnv(install, { userFolder, port, brokerPort, logLevel: opts.n8nLogLevel, extra: opts.extraEnv });
	const owner = opts.owner ?? DEFAULT_OWNER;
	const logFile = join(userFolder, 'n8n.log');

	step(4, TOTAL, 'importing sandbox credentials and the templates (n8n CLI; creates the SQLite database on first run)');
	const credentials = await sandboxCredentials(sandbox, n8nUrl);
	const state: StackState = {
		n8nUrl,
		sandboxUrl: sandbox?.url,
		install,
		userFolder,
		owner,
		credentials,
		templates: {},
		env,
		logFile: opts.n8nOutput === 'inherit' ? undefined : logFile,
	};
	const client = stackClient(state, log);
	const importDir = join(userFolder, 'import');
	rmSync(importDir, { recursive: true, force: true });
	mkdirSync(join(importDir, 'workflows'), { recursive: true });
	writeFileSync(join(importDir, 'credentials.json'), JSON.stringify(credentials, null, 2));
	await client.cli(['import:credentials', `--input=${join(importDir, 'credentials.json')}`]);
	log(`  ${credentials.length} credentials (${credentials.map((c) => c.name).join(', ')})`);
	if (opts.importTemplates ?? true) {
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

	step(5, TOTAL, `starting n8n on ${n8nUrl} (SQLite in ${userFolder})`);
	const out = opts.n8nOutput === 'inherit' ? 'inherit' : openSync(logFile, 'a');
	const child: ChildProcess = spawn(install.nodeBin, [install.n8nBin, 'start'], {
		cwd: userFolder,
		env,
		stdio: ['ignore', out, out],
		detached: true,
	});
	let alive = true;
	child.on('exit', () => (alive = false));
	const killGroup = (signal: NodeJS.Signals) => {
		try {
			if (child.pid) process.kill(-child.pid, signal);
		} catch {
			/* already gone */
		}
	};
	const onExit = () => killGroup('SIGKILL');
	process.on('exit', onExit);

	const api = client.api;
	try {
		await waitFor('/healthz', async () => (await api.http.get('/healthz')).status === 200, 180000, () => alive, log);
		step(6, TOTAL, 'n8n is up; waiting for the editor and REST routes');
		await waitFor('REST routes', async () => (await api.http.get('/rest/settings')).status === 200, 120000, () => alive, log);
		step(7, TOTAL, 'owner account');
		await api.setupOwnerOrLogin(owner);
	} catch (e) {
		killGroup('SIGKILL');
		process.removeListener('exit', onExit);
		if (sandbox) await sandbox.close();
		const tail = existsSync(logFile) ? readFileSync(logFile, 'utf8').slice(-3000) : '';
		throw new Error(`${(e as Error).message}\n--- n8n log (${logFile}) ---\n${tail}`);
	}
	log(`ready in ${Math.round((Date.now() - t0) / 1000)}s`);

	return {
		...client,
		sandbox,
		install,
		userFolder,
		async stop() {
			if (alive) {
				killGroup('SIGTERM');
				const deadline = Date.now() + 15000;
				while (alive && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
				if (alive) killGroup('SIGKILL');
			}
			process.removeListener('exit', onExit);
			if (sandbox) await sandbox.close();
		},
	};
}

/** Polls an execution until it is no longer running; its data comes in n8n's "flatted" encoding. */
export async function waitForExecution(api: N8nApi, state: StackState, executionId: string, timeoutMs = 180000): Promise<ExecuteResult> {
	const req = createRequire(join(state.install.n8nDir, 'node_modules/n8n/package.json'));
	const flatted = req('flatted') as { parse(text: string): unknown };
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		let ex: { status: string; finished: boolean; data: string; stoppedAt?: string } | undefined;
		try {
			ex = await api.get<{ status: string; finished: boolean; data: string; stoppedAt?: string }>(`/rest/executions/${executionId}`);
		} catch (e) {
			// n8n busy with a long run may reset or refuse the poll: the execution goes on, so ask again
			const code = (e as { code?: string; cause?: { code?: string } }).code ?? (e as { cause?: { code?: string } }).cause?.code;
			if (!isTransientNetworkError(code, e) || Date.now() > deadline) throw e;
			await new Promise((r) => setTimeout(r, 1000));
			continue;
		}
		if (ex && !['new', 'running', 'waiting', 'unknown'].includes(ex.status) && ex.stoppedAt) {
			const data = (typeof ex.data === 'string' ? flatted.parse(ex.data) : ex.data) as NonNullable<ExecuteResult['run']>['data'];
			return { ok: ex.status === 'success', run: { data, status: ex.status }, stdout: '', stderr: '', executionId } as ExecuteResult;
		}
		if (Date.now() > deadline) throw new Error(`execution ${executionId} still ${ex?.status} after ${timeoutMs / 1000}s`);
		await new Promise((r) => setTimeout(r, 500));
	}
}

/** A poll that failed because the server was busy or restarting, not because of the execution. */
export function isTransientNetworkError(code: string | undefined, error?: unknown): boolean {
	if (code && ['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'ECONNABORTED', 'UND_ERR_SOCKET', 'EAI_AGAIN'].includes(code)) return true;
	const status = (error as { response?: { status?: number } } | undefined)?.response?.status;
	if (status === 502 || status === 503 || status === 504) return true;
	return /socket hang up|ECONNRESET|ECONNREFUSED|fetch failed|: HTTP 50[234] /i.test(String((error as Error | undefined)?.message ?? ''));
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
