/**
 * Conformance of the BUILT package (run `npm run build` first; `npm test` does). Generic: it
 * iterates over whatever package.json's n8n section and dist/ hold, so it keeps checking as nodes
 * and credentials are added. The package is loaded the way n8n loads it: from a copy holding
 * exactly the files `npm pack` would publish, with plain `require` and with n8n-core's own
 * PackageDirectoryLoader, in separate Node processes (no jest module system involved).
 */
import { existsSync, readFileSync } from 'node:fs';
import { walk } from '../helpers/files';
import { builtinModules } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { packCopy, root, runScript } from './packed';

const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const nodeFiles: string[] = pkg.n8n?.nodes ?? [];
const credentialFiles: string[] = pkg.n8n?.credentials ?? [];

/** Modules a published bundle may require at run time: the peer, and Node's crypto (allowed by n8n). */
const ALLOWED_RUNTIME_REQUIRES = new Set(['n8n-workflow', 'crypto', 'node:crypto']);
/** The shared runtime every node bundle requires (scripts/build.mjs), one module per process. */
const SHARED_RUNTIME = 'nodes/shared/transport/http.js';


/** Every module name a bundle asks for: require("x"), require('x'), import("x"), comments (JSDoc `import('./X.js')` types) left out. */
function runtimeRequires(source: string): string[] {
	const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
	const names = new Set<string>();
	for (const m of code.matchAll(/\brequire\(\s*(["'`])([^"'`]+)\1\s*\)/g)) names.add(m[2]);
	for (const m of code.matchAll(/\bimport\(\s*(["'`])([^"'`]+)\1\s*\)/g)) names.add(m[2]);
	return [...names];
}

interface NodeSummary {
	file: string;
	className: string;
	name: string;
	usableAsTool?: boolean;
	polling: boolean;
	webhooks: number;
	group: string[];
	icon?: string | { light: string; dark: string };
	credentials: string[];
	hasExecute: boolean;
	hasPoll: boolean;
	hasTrigger: boolean;
	hasWebhook: boolean;
	loadOptions: string[];
	listSearch: string[];
	usedLoadOptions: string[];
	usedListSearch: string[];
}
interface CredentialSummary {
	file: string;
	className: string;
	name: string;
	test?: { request?: { url?: string } };
	icon?: string | { light: string; dark: string };
	documentationUrl?: string;
	extends?: string[];
}

let packed: string;
let cleanup: () => void = () => {};
let loaded: { nodes: NodeSummary[]; credentials: CredentialSummary[]; libExports: string[] };

const inspect = (dir: string, mode: 'require' | 'loader') => JSON.parse(runScript('inspect-dist.js', [dir, mode]));

const isTrigger = (n: NodeSummary) => n.polling || n.webhooks > 0 || n.hasPoll || n.hasTrigger || n.hasWebhook || n.group.includes('trigger');

beforeAll(() => {
	({ dir: packed, cleanup } = packCopy());
	loaded = inspect(packed, 'require');
});

afterAll(() => cleanup());

describe('package.json', () => {
	it('is a verifiable community package: no runtime dependencies, n8n-workflow the only peer, keyword, MIT', () => {
		expect(Object.keys(pkg.dependencies ?? {})).toEqual([]);
		expect(pkg.peerDependencies).toEqual({ 'n8n-workflow': expect.any(String) });
		expect(pkg.keywords).toContain('n8n-community-node-package');
		expect(pkg.name).toMatch(/^(@[^/]+\/)?n8n-nodes-/);
		expect(pkg.license).toBe('MIT');
		expect(pkg.files).toEqual(['dist']);
		expect(pkg.n8n).toMatchObject({ n8nNodesApiVersion: 1 });
		expect(nodeFiles.length).toBeGreaterThan(0);
	});

	it('has no install-time lifecycle scripts', () => {
		for (const s of ['preinstall', 'install', 'postinstall', 'prepare', 'prepublish', 'preprepare', 'postprepare'])
			expect(pkg.scripts?.[s]).toBeUndefined();
	});

	it('runs build, lint (warnings fail) and jest from npm test', () => {
		expect(pkg.scripts.test).toMatch(/npm run build.*npm run lint.*jest/);
		expect(pkg.scripts.lint).toMatch(/--max-warnings[ =]0/);
	});
});

describe('dist', () => {
	// all checks read one snapshot: the packed copy (what npm would publish), not the live dist/
	it('holds (and publishes) every file the n8n section lists', () => {
		for (const f of [...nodeFiles, ...credentialFiles]) expect({ f, exists: existsSync(join(packed, f)) }).toEqual({ f, exists: true });
		expect(existsSync(join(packed, pkg.main))).toBe(true);
	});

	it('lists every built node and credential in the n8n section (nothing built is left unregistered)', () => {
		const built = walk(join(packed, 'dist')).map((p) => relative(packed, p).split('\\').join('/'));
		const builtNodes = built.filter((f) => f.endsWith('.node.js')).sort();
		const builtCreds = built.filter((f) => f.endsWith('.credentials.js')).sort();
		expect(builtNodes).toEqual([...nodeFiles].sort());
		expect(builtCreds).toEqual([...credentialFiles].sort());
	});

	it('bundles: no node or credential (registered or not) requires anything at run time but n8n-workflow and the shared runtime', () => {
		const built = walk(join(packed, 'dist')).filter((p) => /\.(node|credentials)\.js$/.test(p)).map((p) => relative(packed, p));
		expect(built.length).toBeGreaterThanOrEqual(nodeFiles.length);
		const shared = join('dist', SHARED_RUNTIME);
		for (const f of built) {
			const requires = runtimeRequires(readFileSync(join(packed, f), 'utf8'));
			// the one relative require a bundle may have: the shared runtime, resolved once by Node's module cache
			const bad = requires.filter((r) => !ALLOWED_RUNTIME_REQUIRES.has(r) && join(dirname(f), r) !== shared);
			expect({ f, bad }).toEqual({ f, bad: [] });
		}
		const viaShared = built.filter((f) => runtimeRequires(readFileSync(join(packed, f), 'utf8')).some((r) => r.startsWith('.')));
		expect(viaShared).toEqual(expect.arrayContaining(['dist/nodes/Clio/Clio.node.js', 'dist/nodes/Clio/ClioTrigger.node.js']));
		// and the shared runtime itself requires only n8n-workflow
		expect(runtimeRequires(readFileSync(join(packed, shared), 'utf8')).filter((r) => !ALLOWED_RUNTIME_REQUIRES.has(r))).toEqual([]);
	});

	it('bundles the library (package main): besides n8n-workflow only Node built-ins, no third-party package', () => {
		const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
		const requires = runtimeRequires(readFileSync(join(packed, pkg.main), 'utf8'));
		expect(requires.filter((r) => !ALLOWED_RUNTIME_REQUIRES.has(r) && !builtins.has(r))).toEqual([]);
	});

	it('the require scan catches what it should (guard against a vacuous check)', () => {
		const code = 'const a = require("zod");\n// require("commented")\n/** @type {import(\'./T.js\')} */\nconst b = require(\'node:fs\'); import("x")';
		expect(runtimeRequires(code).sort()).toEqual(['node:fs', 'x', 'zod']);
	});
});

describe('nodes and credentials (every one built, loaded from the packed files with plain require)', () => {
	it('loads every node and credential, each file exporting the class named after it', () => {
		expect(loaded.nodes.map((n) => n.file).slice(0, nodeFiles.length)).toEqual(nodeFiles);
		expect(loaded.credentials.map((c) => c.file).slice(0, credentialFiles.length)).toEqual(credentialFiles);
		expect(loaded.libExports.length).toBeGreaterThan(0);
	});

	it('sets usableAsTool on every action node and on no trigger', () => {
		for (const n of loaded.nodes) expect({ node: n.name, usableAsTool: n.usableAsTool === true }).toEqual({ node: n.name, usableAsTool: !isTrigger(n) });
	});

	it('has light and dark icons that exist in the published files', () => {
		for (const n of loaded.nodes) {
			expect({ node: n.name, icon: typeof n.icon }).toEqual({ node: n.name, icon: 'object' });
			const icon = n.icon as { light: string; dark: string };
			for (const variant of [icon.light, icon.dark]) {
				expect(variant).toMatch(/^file:.+\.(svg|png)$/);
				const p = join(packed, dirname(n.file), variant.slice('file:'.length));
				expect({ node: n.name, variant, exists: existsSync(p) }).toEqual({ node: n.name, variant, exists: true });
			}
			expect(icon.light).not.toBe(icon.dark);
		}
	});

	it('ships a codex file next to every node naming the full node type', () => {
		for (const n of loaded.nodes) {
			const codexPath = join(packed, `${n.file}on`);
			expect({ node: n.name, codex: existsSync(codexPath) }).toEqual({ node: n.name, codex: true });
			const codex = JSON.parse(readFileSync(codexPath, 'utf8'));
			expect(codex.node).toBe(`${pkg.name}.${n.name}`);
			expect(codex.categories?.length).toBeGreaterThan(0);
			expect(codex.resources).toBeDefined();
		}
	});

	it('declares every load-options and list-search method its description uses', () => {
		for (const n of loaded.nodes) {
			for (const m of n.usedLoadOptions) expect({ node: n.name, m, ok: n.loadOptions.includes(m) }).toEqual({ node: n.name, m, ok: true });
			for (const m of n.usedListSearch) expect({ node: n.name, m, ok: n.listSearch.includes(m) }).toEqual({ node: n.name, m, ok: true });
		}
	});

	it('uses only credentials this package ships', () => {
		const names = new Set(loaded.credentials.map((c) => c.name));
		for (const n of loaded.nodes) for (const c of n.credentials) expect({ node: n.name, credential: c, shipped: names.has(c) }).toEqual({ node: n.name, credential: c, shipped: true });
	});

	it('gives every credential a test request, an icon and documentation', () => {
		for (const c of loaded.credentials) {
			expect({ credential: c.name, test: typeof c.test?.request }).toEqual({ credential: c.name, test: 'object' });
			expect(c.icon).toBeDefined();
			expect(c.documentationUrl).toBeTruthy();
			if (typeof c.icon === 'object') for (const v of [c.icon.light, c.icon.dark]) expect(existsSync(join(packed, dirname(c.file), v.replace(/^file:/, '')))).toBe(true);
		}
	});
});

describe("n8n-core's PackageDirectoryLoader", () => {
	it('loads the packed package as a running n8n would', () => {
		const r = inspect(packed, 'loader');
		expect(r.packageName).toBe(pkg.name);
		// exactly the registered ones (the loader reads package.json's n8n section)
		const registered = (files: string[], all: Array<{ file: string; name: string }>) => all.filter((x) => files.includes(x.file)).map((x) => x.name).sort();
		expect(r.loadedNodes.map((n: { name: string }) => n.name).sort()).toEqual(registered(nodeFiles, loaded.nodes));
		expect(Object.keys(r.knownCredentials).sort()).toEqual(registered(credentialFiles, loaded.credentials));
		for (const t of r.nodeTypes) {
			// the loader turns file: icons into served icon URLs and attaches the codex
			expect(t.iconUrl).toEqual({ light: expect.stringMatching(/^icons\/n8n-nodes-legal-billing\//), dark: expect.stringMatching(/^icons\//) });
			expect(t.codex?.categories?.length).toBeGreaterThan(0);
		}
		// credentials are linked to the nodes that use them
		for (const n of loaded.nodes.filter((x) => nodeFiles.includes(x.file)))
			for (const c of n.credentials) expect(r.knownCredentials[c]?.supportedNodes).toContain(n.name);
	});
});
