/**
 * End-to-end suites: a real n8n (2.40.7 on Node 24, installed once into
 * ~/.cache/n8n-nodes-legal-billing) with the built pack, and the vendor sandbox, started ONCE for
 * the whole run by global-setup.ts. Run with `npm run test:e2e`.
 */
/** @type {import('jest').Config} */
module.exports = {
	rootDir: '../..',
	testEnvironment: 'node',
	roots: ['<rootDir>/test/e2e'],
	testMatch: ['**/*.e2e.test.ts'],
	transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] },
	globalSetup: '<rootDir>/test/e2e/global-setup.ts',
	globalTeardown: '<rootDir>/test/e2e/global-teardown.ts',
	setupFilesAfterEnv: ['<rootDir>/test/e2e/retry.ts'],
	// One n8n and one sandbox are shared: test files run one after the other.
	maxWorkers: 1,
	// the vendor request-contract table (sandbox/framework/contracts.ts), merged with the unit run's
	reporters: ['default', ['<rootDir>/test/contracts-reporter.js', { kind: 'e2e' }]],
	testTimeout: 240000,
	forceExit: true,
};
