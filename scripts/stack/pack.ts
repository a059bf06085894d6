/** The pack: built when stale, installed as a community package in an n8n user folder. */
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { run } from './process';
import { defaultLog, PACKAGE_NAME, packRoot, type Log } from './paths';

function listFiles(dir: string): string[] {
	if (!existsSync(dir)) return [];
	return readdirSync(dir).flatMap((name) => {
		const p = join(dir, name);
		return statSync(p).isDirectory() ? listFiles(p) : [p];
	});
}

const newestMtime = (dir: string): number => Math.max(0, ...listFiles(dir).map((f) => statSync(f).mtimeMs));

/** True when dist/ is older than any source the build bundles. */
export function packIsStale(root = packRoot()): boolean {
	const built = existsSync(join(root, 'dist/lib/index.js')) ? statSync(join(root, 'dist/lib/index.js')).mtimeMs : 0;
	if (!built) return true;
	const sources = ['nodes', 'credentials', 'lib'].map((d) => newestMtime(join(root, d)));
	return Math.max(...sources, statSync(join(root, 'package.json')).mtimeMs) > built;
}

export async function buildPack(log: Log = defaultLog, root = packRoot()): Promise<void> {
	log(`building the pack in ${root} (npm run build: tsc + esbuild + icons)…`);
	await run('npm', ['run', '--silent', 'build'], { cwd: root, log });
}

/** Builds the pack per `mode` ('ifStale' by default). */
export async function buildIfNeeded(mode: 'always' | 'never' | 'ifStale' = 'ifStale', log: Log = defaultLog): Promise<void> {
	if (mode === 'always' || (mode === 'ifStale' && packIsStale())) await buildPack(log);
	else log('  dist/ is up to date');
}

/**
 * Copies package.json + dist into the user folder's community-node directory. A copy, not a link to
 * the clone: a link would make the bundles resolve `n8n-workflow` from the clone's node_modules
 * (the Node 20 toolchain's 2.11) instead of the running n8n's own copy.
 */
export function installPack(userFolder: string, opts: { includeUnlisted?: boolean; log?: Log } = {}): string {
	const nodesDir = join(userFolder, '.n8n/nodes');
	const target = join(nodesDir, 'node_modules', PACKAGE_NAME);
	rmSync(target, { recursive: true, force: true });
	mkdirSync(target, { recursive: true });
	const root = packRoot();
	const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Record<string, unknown>;
	const n8nSection = { ...(pkg.n8n as { nodes: string[]; credentials: string[] }) };
	if (opts.includeUnlisted) {
		// While connectors are being written, load every built node/credential, listed or not.
		const built = (sub: string, suffix: string) =>
			listFiles(join(root, 'dist', sub)).filter((f) => f.endsWith(suffix)).map((f) => f.slice(root.length + 1));
		const extraNodes = built('nodes', '.node.js').filter((f) => !n8nSection.nodes.includes(f));
		const extraCreds = built('credentials', '.credentials.js').filter((f) => !n8nSection.credentials.includes(f));
		if (extraNodes.length + extraCreds.length) {
			opts.log?.(`  note: loading built files package.json does not list yet: ${[...extraNodes, ...extraCreds].join(', ')}`);
			n8nSection.nodes = [...n8nSection.nodes, ...extraNodes];
			n8nSection.credentials = [...n8nSection.credentials, ...extraCreds];
		}
	}
	const slim = {
		name: pkg.name,
		version: pkg.version,
		description: pkg.description,
		keywords: pkg.keywords,
		license: pkg.license,
		main: pkg.main,
		n8n: n8nSection,
		peerDependencies: pkg.peerDependencies,
	};
	writeFileSync(join(target, 'package.json'), JSON.stringify(slim, null, 2));
	cpSync(join(root, 'dist'), join(target, 'dist'), { recursive: true });
	const nodesPkgFile = join(nodesDir, 'package.json');
	const nodesPkg = existsSync(nodesPkgFile)
		? (JSON.parse(readFileSync(nodesPkgFile, 'utf8')) as { dependencies?: Record<string, string> })
		: { name: 'installed-nodes', private: true, dependencies: {} as Record<string, string> };
	nodesPkg.dependencies = { ...(nodesPkg.dependencies ?? {}), [PACKAGE_NAME]: String(pkg.version) };
	writeFileSync(nodesPkgFile, JSON.stringify(nodesPkg, null, 2));
	return target;
}
