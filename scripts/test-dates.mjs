#!/usr/bin/env node
/**
 * `npm run test:dates`: the unit and vendor suites again with every sandbox clock started at each
 * pinned date of test/helpers/dates.ts (LB_SANDBOX_NOW), so a suite that only passes "today" shows
 * up. ~2 minutes per date on the 2-core machine; not part of `npm test` (which already runs the key
 * flows at these dates, see docs/testing.md "Dates in tests").
 */
import { spawnSync } from 'node:child_process';

const DATES = ['2026-11-30T22:00:00Z', '2027-01-01T15:00:00Z', '2028-02-29T15:00:00Z', '2027-03-14T08:30:00Z', '2028-12-04T15:00:00Z'];
const only = process.argv.slice(2);
let failed = 0;
for (const now of DATES) {
	process.stderr.write(`\n[test:dates] sandbox clock at ${now}\n`);
	const r = spawnSync('npx', ['jest', '--testPathIgnorePatterns', '/node_modules/', '/test/e2e/', '/test/package/', ...only], {
		stdio: 'inherit',
		env: { ...process.env, LB_SANDBOX_NOW: now },
	});
	if (r.status !== 0) failed++;
}
process.stderr.write(`\n[test:dates] ${DATES.length - failed} of ${DATES.length} dates passed\n`);
process.exit(failed ? 1 : 0);
