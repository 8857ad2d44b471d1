/**
 * Three projects, sorted by what they test:
 * - unit: pure node code (helpers, transport pieces, the trigger's plan), no server;
 * - node: the node's behaviour in-process (n8n-core harness) against the emulator over loopback HTTP;
 * - tooling: self-tests of the development tools themselves (the emulator, the harness).
 * `npm run test:unit|test:node|test:tooling` runs one; `npx jest` (and `npm test`) runs all.
 * @type {import('jest').Config}
 */
const project = (name) => ({
	displayName: name,
	testEnvironment: 'node',
	roots: [`<rootDir>/test/${name}`],
	testMatch: ['**/*.test.ts'],
	// Lets a jest worker exit within the 500 ms jest gives it (see the file).
	setupFilesAfterEnv: ['<rootDir>/test/support/after-file.ts'],
	transform: {
		// Type checking runs once in `npm run typecheck:test`; jest only transpiles.
		'^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/test/tsconfig.json' }],
	},
});

module.exports = {
	projects: [project('unit'), project('node'), project('tooling')],
	testTimeout: 30000,
	maxWorkers: 2,
};
