// What n8n's verification scanner (@n8n/scan-community-package) does to the published tarball:
// ESLint with @n8n/eslint-plugin-community-nodes' recommended rules plus `no-console`, on every
// compiled .js file and on package.json (the TypeScript parser reads package.json, as the scanner
// does). Bundled third-party code is scanned too, so a library that touches `globalThis`,
// `process`, `console` or requires a Node built-in makes the package unverifiable.
//   node test/package/verification-scan.mjs <packageDir>   → JSON [{file, line, rule, severity, message}]
import { ESLint } from 'eslint';
import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';
import tsParser from '@typescript-eslint/parser';

const dir = process.argv[2];
const eslint = new ESLint({
	cwd: dir,
	allowInlineConfig: false,
	overrideConfigFile: true,
	overrideConfig: [
		n8nCommunityNodesPlugin.configs.recommended,
		{ rules: { 'no-console': 'error' } },
		{ files: ['**/*.json'], languageOptions: { parser: tsParser } },
	],
});
const results = await eslint.lintFiles(['**/*.js', 'package.json']);
const out = [];
for (const r of results)
	for (const m of r.messages)
		out.push({ file: r.filePath.slice(dir.length + 1), line: m.line, rule: m.ruleId, severity: m.severity === 2 ? 'error' : 'warning', message: m.message });
process.stdout.write(JSON.stringify({ files: results.map((r) => r.filePath.slice(dir.length + 1)), messages: out }));
