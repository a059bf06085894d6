/**
 * The built package passes what n8n's verification scanner checks in a published tarball (see
 * verification-scan.mjs): no lint error in any shipped .js file (bundled libraries included) or in
 * package.json. Warnings are listed but, as in the scanner, only errors fail.
 */
import { packCopy, runScript } from './packed';

interface Finding {
	file: string;
	line: number;
	rule: string | null;
	severity: 'error' | 'warning';
	message: string;
}

let scan: { files: string[]; messages: Finding[] };
let cleanup = () => {};

beforeAll(() => {
	const copy = packCopy();
	cleanup = copy.cleanup;
	scan = JSON.parse(runScript('verification-scan.mjs', [copy.dir]));
}, 240_000);

afterAll(() => cleanup());

describe("n8n's verification scan of the packed files", () => {
	it('scans every published .js file and package.json', () => {
		expect(scan.files).toContain('package.json');
		expect(scan.files).toContain('dist/lib/index.js');
		expect(scan.files.filter((f) => f.endsWith('.node.js')).length).toBeGreaterThan(0);
	});

	it('finds no error in any shipped file', () => {
		const errors = scan.messages.filter((m) => m.severity === 'error');
		// grouped per file and rule, so a failure reads as a to-do list
		const summary: Record<string, string[]> = {};
		for (const e of errors) {
			const key = `${e.file} ${e.rule}`;
			summary[key] ??= [];
			if (summary[key].length < 3) summary[key].push(`line ${e.line}: ${e.message}`);
		}
		expect(summary).toEqual({});
	});
});
