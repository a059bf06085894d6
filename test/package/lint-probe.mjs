// Lints texts as if they were files of the project, with the project's own eslint.config.mjs,
// to prove which rules really apply where. stdin: JSON [{ filePath, text }] (paths relative to
// the repository; the files need not exist). stdout: JSON [{ filePath, rules: [ruleId…] }].
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ESLint } from 'eslint';

const root = join(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '..', '..');
const probes = JSON.parse(readFileSync(0, 'utf8'));
const eslint = new ESLint({ cwd: root });
const out = [];
for (const { filePath, text } of probes) {
	const [r] = await eslint.lintText(text, { filePath: join(root, filePath) });
	out.push({ filePath, rules: [...new Set(r.messages.map((m) => m.ruleId ?? `fatal: ${m.message}`))].sort() });
}
process.stdout.write(JSON.stringify(out));
