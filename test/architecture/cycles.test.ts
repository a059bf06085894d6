/**
 * Issue 17: no import cycles in lib/, nodes/ or sandbox/ (type-only imports count: two modules in a
 * cycle cannot be read or changed apart). The walk is ./cycles.ts; its own tests below show it can fail.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { importCycles } from './cycles';

const ROOT = resolve(__dirname, '../..');

describe('import cycles', () => {
	it('lib/, nodes/ and sandbox/ have none', () => {
		expect(importCycles(ROOT, ['lib', 'nodes', 'sandbox'])).toEqual([]);
	});

	it('the walk finds a cycle through type-only imports, index files and re-exports, and ignores comments and packages', () => {
		const dir = mkdtempSync(join(tmpdir(), 'cycles-'));
		mkdirSync(join(dir, 'src', 'b'), { recursive: true });
		const w = (p: string, text: string) => writeFileSync(join(dir, 'src', p), text);
		w('a.ts', "import type { B } from './b';\nimport { z } from 'zod';\n// import { c } from './c';\nexport type A = 1;\n");
		w('b/index.ts', "export * from './inner';\n");
		w('b/inner.ts', "import type { A } from '../a';\nexport type B = A;\n");
		w('c.ts', "/* import './a'; */\nexport const c = require('./d');\n");
		w('d.ts', "export const d = () => import('./c');\n");
		w('e.ts', "import './e';\n");
		w('f.ts', "import { c } from './c';\nexport const f = c;\n");
		const found = importCycles(dir, ['src']).map((c) => c.join(' '));
		expect(found.sort()).toEqual(['src/a.ts src/b/index.ts src/b/inner.ts', 'src/c.ts src/d.ts', 'src/e.ts']);
	});
});
