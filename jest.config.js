// Three projects: unit tests, and the workflow tests twice — on the pinned n8n-core/n8n-workflow
// 2.8 and on 2.41 (test/compat-2.41), with the built node loaded against that version's
// n8n-workflow, as a real n8n host does for a community package.
const path = require('path');

const compat = path.join(__dirname, 'test', 'compat-2.41', 'node_modules');
const common = {
	preset: 'ts-jest',
	testEnvironment: 'node',
	setupFiles: ['<rootDir>/test/setup/env.ts'],
	setupFilesAfterEnv: ['<rootDir>/test/setup/after-env.ts'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/test/tsconfig.json', isolatedModules: true }],
	},
};

module.exports = {
	cacheDirectory: '<rootDir>/.jest-cache',
	testTimeout: 30000,
	projects: [
		{
			...common,
			displayName: 'unit',
			testMatch: ['<rootDir>/test/unit/**/*.test.ts', '<rootDir>/test/bench/**/*.test.ts'],
		},
		{
			...common,
			displayName: 'workflow n8n 2.8',
			testMatch: ['<rootDir>/test/workflow/**/*.test.ts'],
			globals: { EXPECTED_N8N_LINE: '2.8.' },
		},
		{
			...common,
			displayName: 'workflow n8n 2.41',
			testMatch: ['<rootDir>/test/workflow/**/*.test.ts'],
			globals: { EXPECTED_N8N_LINE: '2.41.' },
			moduleNameMapper: {
				'^(n8n-workflow|n8n-core|@n8n/di)(/.*)?$': `${compat}/$1$2`,
			},
		},
	],
};
