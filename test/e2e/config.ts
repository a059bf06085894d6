import { join } from 'node:path';
import { ROOT } from '../../scripts/n8n-runner';

export const STATE_FILE = join(ROOT, '.n8n-local/e2e-state.json');
/** Seed and size of the sandbox firm the e2e expectations are computed from. */
export const E2E_SANDBOX_OPTIONS = { seed: 'e2e', size: 60 };
