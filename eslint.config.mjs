// Lint: n8n's community-node rules (@n8n/eslint-plugin-community-nodes, recommended) and the
// older eslint-plugin-n8n-nodes-base sets, on everything that ships (nodes, credentials, core,
// package.json). Test, sandbox, bench and scripts are dev tooling: TypeScript-parsed only.
import tsParser from '@typescript-eslint/parser';
import n8nBase from 'eslint-plugin-n8n-nodes-base';
import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';

const community = n8nCommunityNodesPlugin.configs.recommended;

export default [
	{ ignores: ['dist/**', 'node_modules/**', 'coverage/**', '**/*.js', '**/*.mjs', '.n8n-local/**'] },
	{
		files: ['**/*.ts'],
		languageOptions: { parser: tsParser, parserOptions: { ecmaVersion: 'latest', sourceType: 'module' } },
	},
	{
		files: ['nodes/**/*.ts', 'credentials/**/*.ts', 'lib/**/*.ts', 'package.json'],
		ignores: ['**/*.test.ts'],
		plugins: community.plugins,
		rules: community.rules,
	},
	{
		// package.json is parsed as an ESTree object expression, as @n8n/node-cli does: both plugins'
		// package.json rules look for ObjectExpression/Property nodes and silently see nothing under a
		// JSON-specific parser (jsonc-eslint-parser), which is how a dependency or a missing keyword
		// went unreported before. test/package/lint.test.ts guards this.
		files: ['package.json'],
		languageOptions: { parser: tsParser, parserOptions: { extraFileExtensions: ['.json'] } },
		plugins: { 'n8n-nodes-base': n8nBase },
		rules: n8nBase.configs.community.rules,
	},
	{
		files: ['credentials/**/*.ts'],
		ignores: ['**/*.test.ts'],
		plugins: { 'n8n-nodes-base': n8nBase },
		rules: n8nBase.configs.credentials.rules,
	},
	{
		files: ['nodes/**/*.ts'],
		ignores: ['**/*.test.ts'],
		plugins: { 'n8n-nodes-base': n8nBase },
		rules: {
			...n8nBase.configs.nodes.rules,
			// n8n's own large nodes build descriptions from spread operation descriptions, which these
			// two rules cannot follow; the same checks are made by the community plugin.
			'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
			'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
		},
	},
];
