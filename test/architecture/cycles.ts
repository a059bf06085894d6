/**
 * A small import-graph walk over the TypeScript sources (no dependency): every relative
 * `import`/`export … from`/`require()`/`import()` — type-only imports included, since a type cycle
 * is still two modules that cannot be understood apart — and Tarjan's strongly connected components.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const SPEC = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)['"]([^'"]+)['"]/gm;

function tsFiles(dir: string, out: string[] = []): string[] {
	for (const name of readdirSync(dir)) {
		const p = join(dir, name);
		if (name === 'node_modules' || name === 'dist') continue;
		if (statSync(p).isDirectory()) tsFiles(p, out);
		else if (p.endsWith('.ts') && !p.endsWith('.d.ts')) out.push(p);
	}
	return out;
}

function resolveTs(from: string, spec: string): string | undefined {
	if (!spec.startsWith('.')) return undefined;
	const base = resolve(dirname(from), spec);
	for (const c of [base, `${base}.ts`, join(base, 'index.ts')]) if (c.endsWith('.ts') && existsSync(c) && statSync(c).isFile()) return c;
	return undefined;
}

/** Imports of one file, comments stripped (a commented-out import is no edge). */
export function importsOf(file: string): string[] {
	const text = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
	const out = new Set<string>();
	for (const m of text.matchAll(SPEC)) {
		const target = resolveTs(file, m[1]);
		if (target) out.add(target);
	}
	return [...out];
}

/** The import cycles (strongly connected components of two or more files, or a file importing itself) among the files under `dirs`. */
export function importCycles(root: string, dirs: string[]): string[][] {
	const files = dirs.flatMap((d) => (existsSync(join(root, d)) ? tsFiles(join(root, d)) : []));
	const inScope = new Set(files);
	const edges = new Map(files.map((f) => [f, importsOf(f).filter((t) => inScope.has(t))]));
	// Tarjan, iterative (deep graphs must not hit the call-stack limit)
	let next = 0;
	const index = new Map<string, number>();
	const low = new Map<string, number>();
	const onStack = new Set<string>();
	const stack: string[] = [];
	const cycles: string[][] = [];
	for (const start of files) {
		if (index.has(start)) continue;
		const work: Array<{ v: string; i: number }> = [{ v: start, i: 0 }];
		index.set(start, next);
		low.set(start, next++);
		stack.push(start);
		onStack.add(start);
		while (work.length) {
			const top = work[work.length - 1];
			const succ = edges.get(top.v)!;
			if (top.i < succ.length) {
				const w = succ[top.i++];
				if (!index.has(w)) {
					index.set(w, next);
					low.set(w, next++);
					stack.push(w);
					onStack.add(w);
					work.push({ v: w, i: 0 });
				} else if (onStack.has(w)) low.set(top.v, Math.min(low.get(top.v)!, index.get(w)!));
				continue;
			}
			work.pop();
			if (work.length) {
				const parent = work[work.length - 1].v;
				low.set(parent, Math.min(low.get(parent)!, low.get(top.v)!));
			}
			if (low.get(top.v) === index.get(top.v)) {
				const comp: string[] = [];
				let w: string;
				do {
					w = stack.pop()!;
					onStack.delete(w);
					comp.push(w);
				} while (w !== top.v);
				if (comp.length > 1 || edges.get(top.v)!.includes(top.v)) cycles.push(comp.map((f) => relative(root, f)).sort());
			}
		}
	}
	return cycles;
}
