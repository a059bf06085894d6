/** @type {import('jest').Config} */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test', '<rootDir>/lib', '<rootDir>/nodes', '<rootDir>/sandbox'],
	testMatch: ['**/*.test.ts'],
	transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] },
	testTimeout: 60000,
	// n8n-core keeps timers (binary-data cleanup, logger) alive after a run.
	forceExit: true,
	// End-to-end suites (real n8n, browser) run from their own jest config: see test/e2e.
	testPathIgnorePatterns: ['/node_modules/', '/dist/', '/test/e2e/'],
	// the suite-wide vendor request-contract table (sandbox/framework/contracts.ts)
	reporters: ['default', '<rootDir>/test/contracts-reporter.js'],
};
