/**
 * Documentation links (issue 17): every codex documentation URL of a node and every credential's
 * documentationUrl points at a page of this package's docs/ (and at a heading that exists on it),
 * package.json names the same repository, the README stays a user README (≤ 250 lines, the two
 * quick-start commands CI runs), and every relative link in README.md and docs/ resolves.
 * Reads the sources and the BUILT package (run `npm run build` first; `npm test` does).
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { walk } from '../helpers/files';
import { dirname, join, relative, resolve } from 'node:path';

const root = resolve(__dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

/** The repository every documentation URL lives in, and where its docs pages are served. */
const REPO = 'https://github.com/n8n-nodes-legal-billing/n8n-nodes-legal-billing';
const DOCS_BASE = `${REPO}/blob/main/docs/`;


/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
function anchors(markdown: string): Set<string> {
	const seen = new Map<string, number>();
	const out = new Set<string>();
	let fence = false;
	for (const line of markdown.split('\n')) {
		if (line.startsWith('```')) fence = !fence;
		const m = !fence && /^#{1,6}\s+(.*)$/.exec(line);
		if (!m) continue;
		const base = m[1]
			.trim()
			.toLowerCase()
			.replace(/[^\p{L}\p{N}\s_-]/gu, '')
			.replace(/\s/g, '-');
		const n = seen.get(base) ?? 0;
		seen.set(base, n + 1);
		out.add(n === 0 ? base : `${base}-${n}`);
	}
	return out;
}

/** Whether a path (file, optional #anchor) under the repository exists; the problem otherwise. */
function checkTarget(file: string, anchor: string | undefined): string | undefined {
	if (!existsSync(file)) return `no file ${relative(root, file)}`;
	if (anchor && file.endsWith('.md') && !anchors(readFileSync(file, 'utf8')).has(anchor)) return `no heading #${anchor} in ${relative(root, file)}`;
	return undefined;
}

/** A documentation URL → the docs/ file it names, or why it does not name one. */
function checkDocsUrl(url: string): string | undefined {
	if (!url.startsWith(DOCS_BASE)) return `not under ${DOCS_BASE}`;
	const [path, anchor] = url.slice(DOCS_BASE.length).split('#');
	if (!path.endsWith('.md')) return 'not a Markdown page';
	return checkTarget(join(root, 'docs', path), anchor);
}

interface Codex {
	file: string;
	urls: string[];
}

function codexUrls(files: string[]): Codex[] {
	return files.map((file) => {
		const codex = JSON.parse(readFileSync(file, 'utf8'));
		const urls: string[] = [];
		for (const list of Object.values<Array<{ url?: string }>>(codex.resources ?? {})) for (const r of list ?? []) if (r.url) urls.push(r.url);
		return { file: relative(root, file), urls };
	});
}

const sourceCodex = walk(join(root, 'nodes')).filter((f) => f.endsWith('.node.json'));
const builtCodex = walk(join(root, 'dist', 'nodes')).filter((f) => f.endsWith('.node.json'));

describe('documentation URLs', () => {
	it('every node has a codex file with a primary documentation page in docs/ (sources and build)', () => {
		const nodeFiles: string[] = pkg.n8n.nodes;
		expect(builtCodex.length).toBeGreaterThanOrEqual(nodeFiles.length);
		for (const f of nodeFiles) {
			const codex = join(root, `${f}on`);
			expect({ f, codex: existsSync(codex) }).toEqual({ f, codex: true });
			const primary = JSON.parse(readFileSync(codex, 'utf8')).resources?.primaryDocumentation ?? [];
			expect({ f, primary: primary.length > 0 }).toEqual({ f, primary: true });
		}
	});

	it.each([
		['sources', sourceCodex],
		['build', builtCodex],
	])('every codex documentation URL (%s) maps to an existing page and heading under docs/', (_what, files) => {
		expect(files.length).toBeGreaterThan(0);
		for (const { file, urls } of codexUrls(files)) {
			expect({ file, urls: urls.length > 0 }).toEqual({ file, urls: true });
			for (const url of urls) expect({ file, url, problem: checkDocsUrl(url) }).toEqual({ file, url, problem: undefined });
		}
	});

	it("every credential's documentationUrl (as built) maps to an existing page and heading under docs/", () => {
		const credentialFiles: string[] = pkg.n8n.credentials;
		expect(credentialFiles.length).toBeGreaterThan(0);
		for (const f of credentialFiles) {
			const mod = require(join(root, f)) as Record<string, new () => { name: string; documentationUrl?: string }>;
			for (const Cls of Object.values(mod)) {
				if (typeof Cls !== 'function') continue;
				const c = new Cls();
				const url = c.documentationUrl ?? '';
				expect({ credential: c.name, url, problem: checkDocsUrl(url) }).toEqual({ credential: c.name, url, problem: undefined });
			}
		}
	});

	it('package.json names the repository the docs live in', () => {
		expect(pkg.repository).toEqual({ type: 'git', url: `git+${REPO}.git` });
		expect(pkg.bugs).toEqual({ url: `${REPO}/issues` });
		expect(pkg.homepage.startsWith(REPO)).toBe(true);
	});

	it('ships a CHANGELOG for the current version and a publish workflow with npm provenance', () => {
		expect(readFileSync(join(root, 'CHANGELOG.md'), 'utf8')).toContain(`## [${pkg.version}]`);
		const workflow = readFileSync(join(root, '.github', 'workflows', 'publish.yml'), 'utf8');
		expect(workflow).toMatch(/^\s*id-token: write/m);
		expect(workflow).toMatch(/npm publish --provenance --access public/);
	});
});

describe('README and docs/', () => {
	const readme = readFileSync(join(root, 'README.md'), 'utf8');

	it('the README is a user README of at most 250 lines', () => {
		expect(readme.replace(/\n$/, '').split('\n').length).toBeLessThanOrEqual(250); // = wc -l
	});

	it('the README keeps the two quick-start commands (CI runs its test command) in one fenced block', () => {
		const blocks = [...readme.matchAll(/```bash\n([\s\S]*?)```/g)].map((m) => m[1].split('\n').map((l) => l.replace(/\s+#.*$/, '').trim()));
		expect(blocks.some((b) => b.includes('npm ci && npm start') && b.includes('npm test'))).toBe(true);
	});

	it('the README links every node page, and every node page is linked from a codex file', () => {
		const pages = readdirSync(join(root, 'docs', 'nodes')).filter((f) => f.endsWith('.md'));
		expect(pages.length).toBe(pkg.n8n.nodes.length);
		const codexText = sourceCodex.map((f) => readFileSync(f, 'utf8')).join('\n');
		for (const p of pages) {
			expect({ p, inReadme: readme.includes(`docs/nodes/${p}`) }).toEqual({ p, inReadme: true });
			expect({ p, inCodex: codexText.includes(`${DOCS_BASE}nodes/${p}`) }).toEqual({ p, inCodex: true });
		}
	});

	it('every relative link in README.md and docs/ resolves (file and heading)', () => {
		const files = [join(root, 'README.md'), ...walk(join(root, 'docs')).filter((f) => f.endsWith('.md'))];
		const problems: string[] = [];
		for (const file of files) {
			let fence = false;
			const text = readFileSync(file, 'utf8')
				.split('\n')
				.filter((l) => (l.startsWith('```') ? ((fence = !fence), false) : !fence))
				.join('\n')
				.replace(/`[^`\n]*`/g, '');
			for (const m of text.matchAll(/\]\(([^)\s]+)\)/g)) {
				const target = m[1];
				if (/^[a-z]+:/i.test(target)) continue;
				const [path, anchor] = target.split('#');
				const abs = path ? resolve(dirname(file), path) : file;
				const problem = checkTarget(abs, anchor);
				if (problem) problems.push(`${relative(root, file)} → ${target}: ${problem}`);
			}
		}
		expect(problems).toEqual([]);
	});
});
