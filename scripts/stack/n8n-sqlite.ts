/**
 * `startStack`: the single-process stack of `npm start` and the e2e run: the pack built (if stale)
 * and installed as a community package, the vendor sandbox, credentials and templates imported, and
 * one n8n (`n8n start`, Node 24) on SQLite with its owner account.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_OWNER, type OwnerAccount } from './api';
import { stackClient, type StackClient, type StackState } from './client';
import { n8nEnv } from './env';
import { importCredentialsAndTemplates } from './import';
import { buildIfNeeded, installPack } from './pack';
import { defaultLog, ROOT, type Log } from './paths';
import { freePort } from './ports';
import { ensureN8n, spawnN8n, type N8nInstall, type N8nProcess } from './process';
import { sandboxCredentials, startSandbox, type SandboxHandle, type SandboxStartOptions } from './sandbox';
import { waitFor } from './wait';

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

export interface Stack extends StackClient {
	sandbox?: SandboxHandle;
	install: N8nInstall;
	userFolder: string;
	stop(): Promise<void>;
}

/** Steps 1-3 of every stack: n8n installed, the pack built and installed in `userFolder`, the sandbox started. */
export async function prepareStack(opts: StackOptions, step: (msg: string) => void, log: Log) {
	step('n8n and Node 24 (installed once into ~/.cache/n8n-nodes-legal-billing; the first time takes 5-10 minutes)');
	const install = await ensureN8n(log);
	step('building the pack');
	await buildIfNeeded(opts.build, log);
	const userFolder = opts.userFolder ?? join(ROOT, '.n8n-local');
	if (opts.fresh) rmSync(userFolder, { recursive: true, force: true });
	mkdirSync(userFolder, { recursive: true });
	const packDir = installPack(userFolder, { includeUnlisted: opts.includeUnlisted ?? process.env.LB_INCLUDE_UNLISTED === '1', log });
	log(`  pack installed as a community package in ${packDir}`);
	step('starting the vendor sandbox');
	const sandbox = await startSandbox({ port: opts.sandboxPort ?? 0, ...(opts.sandboxOptions ?? {}) });
	log(`  sandbox at ${sandbox.url}`);
	return { install, userFolder, sandbox };
}

/** The state of a stack whose main process will answer at `n8nUrl`: sandbox credentials issued, no template yet. */
export async function initialState(
	p: { install: N8nInstall; userFolder: string; sandbox: SandboxHandle },
	opts: StackOptions,
	n8nUrl: string,
	env: NodeJS.ProcessEnv,
	logFile?: string,
): Promise<StackState> {
	const { install, userFolder, sandbox } = p;
	const credentials = await sandboxCredentials(sandbox, n8nUrl);
	return { n8nUrl, sandboxUrl: sandbox.url, install, userFolder, owner: opts.owner ?? DEFAULT_OWNER, credentials, templates: {}, env, logFile };
}

/** Waits for an n8n main process's health, REST routes and owner account; on failure stops it and throws its log tail. */
export async function waitForMain(client: StackClient, proc: N8nProcess, owner: OwnerAccount, step: (msg: string) => void, log: Log) {
	const { api } = client;
	await waitFor('/healthz', async () => (await api.http.get('/healthz')).status === 200, 180000, proc.alive, log);
	step('n8n is up; waiting for the editor and REST routes');
	await waitFor('REST routes', async () => (await api.http.get('/rest/settings')).status === 200, 120000, proc.alive, log);
	step('owner account');
	await api.setupOwnerOrLogin(owner);
}

export async function startStack(opts: StackOptions = {}): Promise<Stack> {
	const log = opts.log ?? defaultLog;
	const t0 = Date.now();
	let n = 0;
	const step = (msg: string) => log(`[${++n}/7] ${msg}`);
	const { install, userFolder, sandbox } = await prepareStack(opts, step, log);

	const port = opts.port || (await freePort());
	const n8nUrl = `http://localhost:${port}`;
	const env = n8nEnv(install, { userFolder, port, brokerPort: await freePort(), logLevel: opts.n8nLogLevel, extra: opts.extraEnv });
	const logFile = join(userFolder, 'n8n.log');

	step('importing sandbox credentials and the templates (n8n CLI; creates the SQLite database on first run)');
	const state = await initialState({ install, userFolder, sandbox }, opts, n8nUrl, env, opts.n8nOutput === 'inherit' ? undefined : logFile);
	const client = stackClient(state, log);
	await importCredentialsAndTemplates(client, state, opts.importTemplates ?? true, log);

	step(`starting n8n on ${n8nUrl} (SQLite in ${userFolder})`);
	const proc = spawnN8n(install, ['start'], { name: 'main', cwd: userFolder, env, logFile: state.logFile });
	try {
		await waitForMain(client, proc, state.owner, step, log);
	} catch (e) {
		proc.kill('SIGKILL');
		await sandbox.close();
		throw new Error(`${(e as Error).message}\n--- n8n log (${logFile}) ---\n${proc.logTail()}`);
	}
	log(`ready in ${Math.round((Date.now() - t0) / 1000)}s`);

	return {
		...client,
		sandbox,
		install,
		userFolder,
		async stop() {
			await proc.stop();
			await sandbox.close();
		},
	};
}
