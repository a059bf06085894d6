/**
 * Documentation links (issue 17): every codex documentation URL of a node and every credential's
 * documentationUrl points at a page of this package's docs/ (and at a heading that exists on it),
 * package.json names the same repository, the README stays a user README (≤ 250 lines, the two
 * quick-start commands CI runs), every relative link in README.md and docs/ resolves, and every
 * node's page names each of its resources, operations and Options items while the README's node table
 * names each resource with its operations (read from the built node descriptions).
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

	it('every docs/ page named in the node sources, credentials and templates (URL or path) exists, with its heading', () => {
		const files = ['nodes', 'credentials', 'workflows'].flatMap((d) => walk(join(root, d))).filter((f) => /\.(ts|json)$/.test(f));
		const problems: string[] = [];
		let seen = 0;
		for (const file of files) {
			for (const m of readFileSync(file, 'utf8').matchAll(/(?<![\w/.-])(?:https:\/\/github\.com\/[\w.-]+\/[\w.-]+\/blob\/main\/)?docs\/([\w/.-]+\.md)(?:#([\w-]+))?/g)) {
				seen++;
				if (m[0].startsWith('https:') && !m[0].startsWith(DOCS_BASE)) problems.push(`${relative(root, file)}: ${m[0]}: not under ${DOCS_BASE}`);
				const problem = checkTarget(join(root, 'docs', m[1]), m[2]);
				if (problem) problems.push(`${relative(root, file)}: ${m[0]}: ${problem}`);
			}
		}
		expect(seen).toBeGreaterThan(20);
		expect(problems).toEqual([]);
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

interface Property {
	name: string;
	displayName: string;
	type: string;
	options?: Array<{ name?: string; displayName?: string }>;
	displayOptions?: { show?: Record<string, unknown[]> };
}

/** A built node's description (dist), and the docs/ page its codex names as primary documentation. */
function builtNode(f: string): { displayName: string; properties: Property[]; page: string } {
	const mod = require(join(root, f)) as Record<string, new () => { description: { displayName: string; properties: Property[] } }>;
	const Cls = Object.values(mod).find((c) => typeof c === 'function')!;
	const { displayName, properties } = new Cls().description;
	const url: string = JSON.parse(readFileSync(join(root, `${f}on`), 'utf8')).resources.primaryDocumentation[0].url;
	return { displayName, properties, page: join(root, 'docs', url.slice(DOCS_BASE.length).split('#')[0]) };
}

/** How a label is looked for in prose: lower case, one space, a trailing "(Unverified …)"-style note dropped. */
const label = (s: string) => s.replace(/\s*\([^)]*\)\s*$/, '').trim().toLowerCase();
const prose = (s: string) => s.toLowerCase().replace(/\s+/g, ' ');

/** resource label → its operation labels (one entry '' for a node without a Resource parameter). */
function operationsByResource(properties: Property[]): Map<string, Set<string>> {
	const out = new Map<string, Set<string>>();
	const resources = properties.find((p) => p.name === 'resource')?.options?.map((o) => ({ value: (o as { value?: string }).value, name: label(o.name ?? '') }));
	for (const r of resources ?? [{ value: undefined, name: '' }]) out.set(r.name, new Set());
	for (const p of properties.filter((q) => q.name === 'operation')) {
		const shown = p.displayOptions?.show?.resource as string[] | undefined;
		for (const r of resources ?? [{ value: undefined, name: '' }]) {
			if (shown && !shown.includes(r.value!)) continue;
			for (const o of p.options ?? []) out.get(r.name)!.add(label(o.name ?? ''));
		}
	}
	return out;
}

describe('every node, operation and option is documented (issue 17)', () => {
	const readme = readFileSync(join(root, 'README.md'), 'utf8');
	const nodeFiles = (pkg.n8n.nodes as string[]).map((f) => [f.replace(/^.*\/|\.node\.js$/g, ''), f] as const);

	it.each(nodeFiles)('%s: its docs page names every resource, operation and item of its Options', (_name, file) => {
		const node = builtNode(file);
		const page = prose(readFileSync(node.page, 'utf8'));
		const labels = new Set<string>();
		for (const [resource, ops] of operationsByResource(node.properties)) {
			if (resource) labels.add(resource);
			for (const op of ops) labels.add(op);
		}
		for (const p of node.properties.filter((q) => q.type === 'collection' && q.name === 'options')) for (const o of p.options ?? []) labels.add(label(o.displayName ?? ''));
		expect([...labels].filter((l) => !page.includes(l))).toEqual([]);
	});

	it.each(nodeFiles)("%s: the README's node table has its row, naming each resource with its operations", (_name, file) => {
		const node = builtNode(file);
		const row = readme.split('\n').find((l) => l.startsWith(`| **${node.displayName}** |`));
		expect({ node: node.displayName, row: row !== undefined }).toEqual({ node: node.displayName, row: true });
		const segments = prose(row!).split(/ · |\| /);
		const missing: string[] = [];
		for (const [resource, ops] of operationsByResource(node.properties)) {
			const segment = resource ? segments.find((s) => s.trim().startsWith(`${resource}:`)) ?? (prose(row!).includes(resource) && ops.size === 0 ? '' : undefined) : prose(row!);
			if (segment === undefined) {
				missing.push(`resource ${resource}`);
				continue;
			}
			for (const op of ops) if (!segment.includes(op)) missing.push(`${resource || node.displayName}: ${op}`);
		}
		expect(missing).toEqual([]);
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
