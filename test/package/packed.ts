/** Shared by the package conformance tests: a copy of exactly the files `npm pack` would publish. */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export const root = join(__dirname, '..', '..');

export function assertBuilt() {
	if (!existsSync(join(root, 'dist', 'lib', 'index.js')))
		throw new Error('dist/ is missing: run `npm run build` first (npm test builds before running jest)');
}

/** Copies the files npm would publish into a fresh temporary directory; returns the package directory. */
export function packCopy(): { dir: string; files: string[]; cleanup: () => void } {
	assertBuilt();
	const files = JSON.parse(
		execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }),
	)[0].files.map((f: { path: string }) => f.path) as string[];
	const tmp = mkdtempSync(join(tmpdir(), 'legal-billing-pack-'));
	const dir = join(tmp, 'n8n-nodes-legal-billing');
	for (const f of files) {
		mkdirSync(dirname(join(dir, f)), { recursive: true });
		cpSync(join(root, f), join(dir, f));
	}
	return { dir, files, cleanup: () => rmSync(tmp, { recursive: true, force: true }) };
}

/** Runs a helper script of this folder with plain node (no jest), the peer resolved from the repo as n8n would provide it. */
export function runScript(script: string, args: string[]): string {
	return execFileSync(process.execPath, [join(__dirname, script), ...args], {
		cwd: tmpdir(),
		env: { ...process.env, NODE_ENV: 'production', NODE_PATH: join(root, 'node_modules') },
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'pipe'],
		maxBuffer: 64 * 1024 * 1024,
	});
}
