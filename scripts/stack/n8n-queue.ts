/**
 * `startQueueStack`: n8n's own distributed engine (queue mode) — one main process (editor, REST,
 * triggers), one webhook process (production webhooks), N workers (executions), with PostgreSQL as
 * the database and Redis (Bull) as the queue. Each process has its own user folder with the pack
 * installed in it, as each container of a real deployment would. Uses the machine's running
 * PostgreSQL and Redis; n8n's own variable names say where they are (defaults in queueServicesFromEnv).
 */
import { createRequire } from 'node:module';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { stackClient, type StackState } from './client';
import { n8nEnv } from './env';
import { importCredentialsAndTemplates } from './import';
import { initialState, prepareStack, waitForMain, type Stack, type StackOptions } from './n8n-sqlite';
import { installPack } from './pack';
import { defaultLog, ROOT, type Log } from './paths';
import { freePort, reachable } from './ports';
import { groupRssMb, spawnN8n, type N8nInstall, type N8nProcess } from './process';
import { waitFor } from './wait';

export interface QueueServices {
	postgres: { host: string; port: number; user: string; password: string; database: string };
	redis: { host: string; port: number; db: number };
}

/** PostgreSQL and Redis from n8n's own variables (DB_POSTGRESDB_*, QUEUE_BULL_REDIS_*), defaulting to this machine's. */
export function queueServicesFromEnv(env: NodeJS.ProcessEnv = process.env, database?: string): QueueServices {
	return {
		postgres: {
			host: env.DB_POSTGRESDB_HOST ?? '127.0.0.1',
			port: Number(env.DB_POSTGRESDB_PORT ?? 5432),
			user: env.DB_POSTGRESDB_USER ?? 'postgres',
			password: env.DB_POSTGRESDB_PASSWORD ?? '',
			database: database ?? env.DB_POSTGRESDB_DATABASE ?? 'n8n_legal_billing',
		},
		redis: { host: env.QUEUE_BULL_REDIS_HOST ?? '127.0.0.1', port: Number(env.QUEUE_BULL_REDIS_PORT ?? 6379), db: Number(env.QUEUE_BULL_REDIS_DB ?? 0) },
	};
}

/** Why queue mode cannot start here (PostgreSQL or Redis not answering), with how to point it elsewhere; undefined when both answer. */
export async function queueServicesMissing(s: QueueServices): Promise<string | undefined> {
	const missing: string[] = [];
	if (!(await reachable(s.postgres.host, s.postgres.port))) missing.push(`PostgreSQL at ${s.postgres.host}:${s.postgres.port}`);
	if (!(await reachable(s.redis.host, s.redis.port))) missing.push(`Redis at ${s.redis.host}:${s.redis.port}`);
	if (!missing.length) return undefined;
	return [
		`queue mode needs PostgreSQL (the database) and Redis (the queue); not reachable: ${missing.join(', ')}.`,
		'Start them (e.g. `apt-get install postgresql redis-server`, or containers postgres:16 and redis:7), or say where they are:',
		'  DB_POSTGRESDB_HOST DB_POSTGRESDB_PORT DB_POSTGRESDB_USER DB_POSTGRESDB_PASSWORD DB_POSTGRESDB_DATABASE',
		'  QUEUE_BULL_REDIS_HOST QUEUE_BULL_REDIS_PORT QUEUE_BULL_REDIS_DB',
		'(defaults 127.0.0.1:5432 user postgres, database n8n_legal_billing, created when missing; 127.0.0.1:6379 db 0).',
		'The default `npm start` needs neither: it runs one n8n on SQLite.',
	].join('\n');
}

// n8n's own clients (pg, ioredis), loaded from the installed n8n: no dependency of this project.
type PgClient = { connect(): Promise<void>; query(sql: string, params?: unknown[]): Promise<{ rowCount: number | null }>; end(): Promise<void> };
type Redis = { scan(cursor: string, ...args: Array<string | number>): Promise<[string, string[]]>; del(...keys: string[]): Promise<number>; quit(): Promise<unknown> };
const n8nRequire = (install: N8nInstall) => createRequire(join(install.n8nDir, 'node_modules/n8n/package.json'));

async function withPg<T>(install: N8nInstall, s: QueueServices, fn: (c: PgClient) => Promise<T>): Promise<T> {
	const { Client } = n8nRequire(install)('pg') as { Client: new (o: object) => PgClient };
	const c = new Client({ ...s.postgres, database: 'postgres' });
	await c.connect();
	try {
		return await fn(c);
	} finally {
		await c.end();
	}
}

const ident = (name: string) => {
	if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`database name "${name}": use lower-case letters, digits and _`);
	return `"${name}"`;
};

/** Creates the database when missing (dropping it first when `fresh`); true when it is new. */
async function createDatabase(install: N8nInstall, s: QueueServices, fresh: boolean, log: Log): Promise<boolean> {
	return withPg(install, s, async (c) => {
		if (fresh) await c.query(`DROP DATABASE IF EXISTS ${ident(s.postgres.database)} WITH (FORCE)`);
		const exists = (await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [s.postgres.database])).rowCount;
		if (!exists) await c.query(`CREATE DATABASE ${ident(s.postgres.database)}`);
		log(`  PostgreSQL ${s.postgres.host}:${s.postgres.port}, database ${s.postgres.database}${exists ? '' : ' (created)'}`);
		return !exists;
	});
}

async function deleteRedisKeys(install: N8nInstall, s: QueueServices, prefixes: string[]) {
	const IORedis = n8nRequire(install)('ioredis') as new (o: object) => Redis;
	const r = new IORedis({ host: s.redis.host, port: s.redis.port, db: s.redis.db, lazyConnect: false, maxRetriesPerRequest: 1 });
	try {
		for (const prefix of prefixes) {
			let cursor = '0';
			do {
				const [next, keys] = await r.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
				if (keys.length) await r.del(...keys);
				cursor = next;
			} while (cursor !== '0');
		}
	} finally {
		await r.quit();
	}
}

export interface QueueStackOptions extends StackOptions {
	/** Number of `n8n worker` processes (default 2). */
	workers?: number;
	/** Executions one worker runs at once (`n8n worker --concurrency`, default 10 as n8n's). */
	concurrency?: number;
	/** Default: queueServicesFromEnv(), database `database` when given. */
	services?: QueueServices;
	database?: string;
	/** Drop the database and the Redis keys on stop (tests, bench). */
	dropOnStop?: boolean;
}

export interface QueueStack extends Stack {
	services: QueueServices;
	webhookUrl: string;
	main: N8nProcess;
	webhook: N8nProcess;
	workers: N8nProcess[];
	/** Starts one more worker (its own user folder and pack copy) and waits for its health check. */
	addWorker(): Promise<N8nProcess>;
	/** Resident memory (MB) of each process with its task runner. */
	memoryMb(): Record<string, number>;
}

export class QueueServicesUnavailable extends Error {}

export async function startQueueStack(opts: QueueStackOptions = {}): Promise<QueueStack> {
	const log = opts.log ?? defaultLog;
	const t0 = Date.now();
	const services = opts.services ?? queueServicesFromEnv(process.env, opts.database);
	const missing = await queueServicesMissing(services);
	if (missing) throw new QueueServicesUnavailable(missing);

	const total = 9;
	let n = 0;
	const step = (msg: string) => log(`[${++n}/${total}] ${msg}`);
	const base = opts.userFolder ?? join(ROOT, '.n8n-local/queue');
	if (opts.fresh) rmSync(base, { recursive: true, force: true });
	const { install, userFolder, sandbox } = await prepareStack({ ...opts, userFolder: join(base, 'main'), fresh: false }, step, log);
	const procs: N8nProcess[] = [];
	const cleanup = async () => {
		await Promise.all(procs.map((p) => p.stop(10000)));
		await sandbox.close();
		if (opts.dropOnStop) {
			await withPg(install, services, (c) => c.query(`DROP DATABASE IF EXISTS ${ident(services.postgres.database)} WITH (FORCE)`)).catch(() => undefined);
			await deleteRedisKeys(install, services, [bullPrefix, redisPrefix]).catch(() => undefined);
		}
	};

	step('PostgreSQL database and Redis queue');
	const created = await createDatabase(install, services, opts.fresh ?? false, log);
	// Own key prefixes, so two stacks on one Redis (a test run next to `npm run start:queue`) never share a queue.
	const tag = services.postgres.database.replace(/[^a-z0-9]/g, '');
	const bullPrefix = `lbbull${tag}`;
	const redisPrefix = `lbn8n${tag}`;
	// a new database: n8n's Redis cache (workflow → project, owner) and queue of an older one are stale
	if (created) await deleteRedisKeys(install, services, [bullPrefix, redisPrefix]);
	log(`  Redis ${services.redis.host}:${services.redis.port} db ${services.redis.db}, queue prefix ${bullPrefix}`);

	const port = opts.port || (await freePort());
	const webhookPort = await freePort();
	const n8nUrl = `http://localhost:${port}`;
	const webhookUrl = `http://localhost:${webhookPort}`;
	const shared: Record<string, string> = {
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: services.postgres.host,
		DB_POSTGRESDB_PORT: String(services.postgres.port),
		DB_POSTGRESDB_USER: services.postgres.user,
		DB_POSTGRESDB_PASSWORD: services.postgres.password,
		DB_POSTGRESDB_DATABASE: services.postgres.database,
		EXECUTIONS_MODE: 'queue',
		QUEUE_BULL_REDIS_HOST: services.redis.host,
		QUEUE_BULL_REDIS_PORT: String(services.redis.port),
		QUEUE_BULL_REDIS_DB: String(services.redis.db),
		QUEUE_BULL_PREFIX: bullPrefix,
		N8N_REDIS_KEY_PREFIX: redisPrefix,
		// manual runs (the editor's Execute button, runInServer) go to the workers too, as n8n 3 will always do
		OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
		// production webhooks are served by the webhook process only; vendors are given its URL
		N8N_DISABLE_PRODUCTION_MAIN_PROCESS: 'true',
		N8N_WEBHOOK_URL: `${webhookUrl}/`,
		N8N_EDITOR_BASE_URL: n8nUrl,
		N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '10',
		...(opts.extraEnv ?? {}),
	};
	const envFor = async (folder: string, p: number, extra: Record<string, string> = {}) =>
		n8nEnv(install, { userFolder: folder, port: p, brokerPort: await freePort(), logLevel: opts.n8nLogLevel ?? 'info', extra: { ...shared, ...extra } });
	const folderWithPack = (name: string) => {
		const folder = join(base, name);
		mkdirSync(folder, { recursive: true });
		installPack(folder, { includeUnlisted: opts.includeUnlisted ?? process.env.LB_INCLUDE_UNLISTED === '1' });
		return folder;
	};

	const env = await envFor(userFolder, port);
	const state: StackState = { ...(await initialState({ install, userFolder, sandbox }, opts, n8nUrl, env, join(userFolder, 'n8n.log'))), webhookUrl };
	const client = stackClient(state, log);
	const workers: N8nProcess[] = [];
	const concurrency = opts.concurrency ?? 10;
	let workerCount = 0;
	const addWorker = async () => {
		const name = `worker-${++workerCount}`;
		const folder = folderWithPack(name);
		const health = await freePort();
		const wenv = await envFor(folder, await freePort(), { QUEUE_HEALTH_CHECK_ACTIVE: 'true', QUEUE_HEALTH_CHECK_PORT: String(health), N8N_WORKER_SERVER_ADDRESS: '127.0.0.1' });
		const proc = spawnN8n(install, ['worker', `--concurrency=${concurrency}`], { name, cwd: folder, env: wenv, logFile: join(folder, 'n8n.log') });
		procs.push(proc);
		workers.push(proc);
		await waitFor(`${name} readiness`, async () => (await fetch(`http://127.0.0.1:${health}/healthz/readiness`)).ok, 180000, proc.alive, log);
		return proc;
	};

	let main: N8nProcess;
	let webhook: N8nProcess;
	try {
		step('importing sandbox credentials and the templates (n8n CLI; runs the PostgreSQL migrations on first use)');
		await importCredentialsAndTemplates(client, state, opts.importTemplates ?? true, log);
		step(`starting the main process on ${n8nUrl} (editor, REST API, triggers)`);
		main = spawnN8n(install, ['start'], { name: 'main', cwd: userFolder, env, logFile: state.logFile });
		procs.push(main);
		await waitForMain(client, main, state.owner, (m) => log(`  ${m}`), log);
		const count = opts.workers ?? 2;
		step(`starting the webhook process on ${webhookUrl} and ${count} worker${count === 1 ? '' : 's'} (concurrency ${concurrency} each)`);
		const hookFolder = folderWithPack('webhook');
		webhook = spawnN8n(install, ['webhook'], { name: 'webhook', cwd: hookFolder, env: await envFor(hookFolder, webhookPort), logFile: join(hookFolder, 'n8n.log') });
		procs.push(webhook);
		await Promise.all([
			waitFor('the webhook process', async () => (await fetch(`${webhookUrl}/healthz`)).ok, 180000, webhook.alive, log),
			...Array.from({ length: count }, () => addWorker()),
		]);
	} catch (e) {
		const tails = procs.map((p) => `--- ${p.name} (${p.logFile}) ---\n${p.logTail(1500)}`).join('\n');
		await cleanup();
		throw new Error(`${(e as Error).message}\n${tails}`);
	}
	log(`queue mode ready in ${Math.round((Date.now() - t0) / 1000)}s`);

	return {
		...client,
		sandbox,
		install,
		userFolder,
		services,
		webhookUrl,
		main,
		webhook,
		workers,
		addWorker,
		memoryMb: () => Object.fromEntries(procs.filter((p) => p.alive()).map((p) => [p.name, groupRssMb(p.pid)])),
		stop: cleanup,
	};
}
