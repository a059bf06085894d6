/** Where things are, and the one log line format of the stack scripts. */
import { resolve, join } from 'node:path';

export const ROOT = resolve(__dirname, '../..');
export const PACKAGE_NAME = 'n8n-nodes-legal-billing';

export type Log = (msg: string) => void;
export const defaultLog: Log = (msg) => process.stderr.write(`\x1b[1m[legal-billing]\x1b[0m ${msg}\n`);

/** Where the pack is built from: the clone, or LB_PACK_ROOT (e.g. a snapshot of HEAD). */
export function packRoot(): string {
	return process.env.LB_PACK_ROOT ? resolve(process.env.LB_PACK_ROOT) : ROOT;
}

/** The templates of that pack (so a snapshot's templates run with the snapshot's nodes). */
export const WORKFLOWS_DIR = join(packRoot(), 'workflows');
