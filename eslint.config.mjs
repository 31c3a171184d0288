// n8n's rules for community nodes, as n8n's scanner runs them: @n8n/eslint-plugin-community-nodes
// (recommended: the n8n Cloud-eligible set) and eslint-plugin-n8n-nodes-base (community,
// credentials and nodes sets), on the node, the credentials and package.json.
import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';
import prettier from 'eslint-config-prettier';
import n8nNodesBase from 'eslint-plugin-n8n-nodes-base';
import jsoncParser from 'jsonc-eslint-parser';
import tseslint from 'typescript-eslint';

const communityRecommended = n8nCommunityNodesPlugin.configs.recommended;

export default [
	{
		ignores: [
			'dist/**',
			'node_modules/**',
			'**/node_modules/**',
			'.jest-cache/**',
			'coverage/**',
			'**/*.js',
			'**/*.mjs',
		],
	},
	...tseslint.configs.recommended.map((config) => ({ ...config, files: ['**/*.ts'] })),
	{
		files: ['nodes/**/*.ts', 'credentials/**/*.ts', 'package.json'],
		plugins: communityRecommended.plugins,
		rules: communityRecommended.rules,
	},
	{
		files: ['package.json'],
		languageOptions: { parser: jsoncParser },
		plugins: { 'n8n-nodes-base': n8nNodesBase },
		rules: {
			...n8nNodesBase.configs.community.rules,
			// The typescript-eslint rules do not apply to JSON.
			...Object.fromEntries(
				Object.keys(tseslint.plugin.rules).map((rule) => [`@typescript-eslint/${rule}`, 'off']),
			),
		},
	},
	{
		files: ['credentials/**/*.ts'],
		plugins: { 'n8n-nodes-base': n8nNodesBase },
		rules: {
			...n8nNodesBase.configs.credentials.rules,
			// "Only applicable to nodes in the main repository" (the rule's own docs): it wants a
			// slug of n8n's docs site; a community credential links to the provider's docs, which
			// @n8n/community-nodes/credential-documentation-url checks instead.
			'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off',
		},
	},
	{
		files: ['nodes/**/*.ts'],
		plugins: { 'n8n-nodes-base': n8nNodesBase },
		rules: {
			...n8nNodesBase.configs.nodes.rules,
			// These two predate NodeConnectionTypes and ask for the string 'main', which
			// @n8n/community-nodes/node-connection-type-literal (the Cloud set) forbids.
			'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
			'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
		},
	},
	prettier,
];
