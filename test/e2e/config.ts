import { join } from 'node:path';
import { ROOT } from '../../scripts/n8n-runner';

/**
 * Each e2e run has its own n8n user folder and state file (global-setup sets LB_E2E_RUN to its pid
 * before the test files load), so two runs on one machine never share or delete each other's n8n.
 */
export const e2eRun = (): string => process.env.LB_E2E_RUN ?? 'default';
export const userFolder = (): string => join(ROOT, `.n8n-local/e2e-${e2eRun()}`);
export const stateFile = (): string => join(ROOT, `.n8n-local/e2e-state-${e2eRun()}.json`);
/** Seed and size of the sandbox firm the e2e expectations are computed from. */
export const E2E_SANDBOX_OPTIONS = { seed: 'e2e', size: 60 };
