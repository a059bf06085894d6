/**
 * The n8n runner shared by `npm start`, `npm run start:queue`, the end-to-end tests and the
 * benchmarks. The code lives in scripts/stack/, one concern per module:
 *
 *   paths.ts        ROOT, the package name, the log format, where the pack is built from
 *   process.ts      commands run to completion, the n8n + Node 24 install (~/.cache), n8n processes
 *                   in their own process group (stop() also ends their task runners)
 *   ports.ts        free ports          wait.ts     waiting for a server or an execution
 *   api.ts          n8n's REST API with a session cookie, the owner account
 *   pack.ts         build when stale; install into $N8N_USER_FOLDER/.n8n/nodes/node_modules/<pkg>
 *   sandbox.ts      the vendor sandbox (in this process) and the credentials pointing at it
 *   import.ts       templates read, bound to the sandbox credentials, imported with the n8n CLI
 *   env.ts          the environment of every n8n process
 *   client.ts       what a test does with a running stack (import, run in the server, reset)
 *   n8n-sqlite.ts   startStack(): one n8n on SQLite (npm start, e2e)
 *   n8n-queue.ts    startQueueStack(): n8n's queue mode — main, webhook process, workers, on
 *                   PostgreSQL and Redis (npm run start:queue, queue-mode e2e, bench)
 *
 * Nothing here reaches the internet. This file re-exports them all, so imports keep one path.
 */
export * from './stack/paths';
export * from './stack/process';
export * from './stack/ports';
export * from './stack/wait';
export * from './stack/api';
export * from './stack/pack';
export * from './stack/sandbox';
export * from './stack/import';
export * from './stack/env';
export * from './stack/client';
export * from './stack/n8n-sqlite';
export * from './stack/n8n-queue';
