/**
 * Where the project's read-only `shared/` folder (LEDES fixtures, vendor specs) is: $LEGAL_BILLING_SHARED,
 * else the `shared/` beside the clone (as CI lays it out), else /work/shared.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

const candidates = [process.env.LEGAL_BILLING_SHARED, resolve(__dirname, '../../../shared'), '/work/shared'].filter(
	(p): p is string => !!p,
);

export const SHARED_DIR = candidates.find((p) => existsSync(join(p, 'fixtures'))) ?? candidates[candidates.length - 1];

export const sharedPath = (...parts: string[]) => join(SHARED_DIR, ...parts);
