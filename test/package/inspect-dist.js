// Loads the BUILT package the way n8n does, outside jest, and prints what it found as JSON.
// Run by test/package/*.test.ts with plain `node` (no ts-jest, no module mocks):
//   node test/package/inspect-dist.js <packageDir> [require|loader]
// "require": plain require() of every file n8n.nodes / n8n.credentials name, description summary.
// "loader": n8n-core's PackageDirectoryLoader (NODE_ENV=production → classes are loaded in a vm
// context exactly as a running n8n does), summary of what it registered.
'use strict';
const path = require('node:path');

const fs = require('node:fs');

const [, , dir, mode = 'require'] = process.argv;
const root = path.resolve(dir);
const pkg = require(path.join(root, 'package.json'));

/** The files package.json lists, then any other built node/credential (so unregistered ones are checked too). */
function filesOf(listed, suffix) {
	const found = [];
	const walk = (d) => {
		if (!fs.existsSync(d)) return;
		for (const n of fs.readdirSync(d)) {
			const p = path.join(d, n);
			if (fs.statSync(p).isDirectory()) walk(p);
			else if (n.endsWith(suffix)) found.push(path.relative(root, p).split(path.sep).join('/'));
		}
	};
	walk(path.join(root, 'dist'));
	return [...listed, ...found.sort().filter((f) => !listed.includes(f))];
}

function summary(desc) {
	return {
		name: desc.name,
		displayName: desc.displayName,
		usableAsTool: desc.usableAsTool,
		polling: desc.polling === true,
		webhooks: (desc.webhooks || []).length,
		group: desc.group,
		icon: desc.icon,
		iconUrl: desc.iconUrl,
		credentials: (desc.credentials || []).map((c) => c.name),
		codex: desc.codex,
		version: desc.version,
	};
}

async function main() {
	if (mode === 'require') {
		const nodes = [];
		for (const file of filesOf(pkg.n8n.nodes, '.node.js')) {
			const mod = require(path.join(root, file));
			const className = path.basename(file).split('.')[0];
			const Cls = mod[className];
			if (typeof Cls !== 'function') throw new Error(`${file} does not export class ${className}`);
			const node = new Cls();
			const desc = node.description;
			nodes.push({
				file,
				className,
				...summary(desc),
				hasExecute: typeof node.execute === 'function',
				hasPoll: typeof node.poll === 'function',
				hasTrigger: typeof node.trigger === 'function',
				hasWebhook: typeof node.webhook === 'function',
				loadOptions: Object.keys((node.methods && node.methods.loadOptions) || {}),
				listSearch: Object.keys((node.methods && node.methods.listSearch) || {}),
				usedLoadOptions: [...JSON.stringify(desc.properties).matchAll(/"loadOptionsMethod":"(\w+)"/g)].map((m) => m[1]),
				usedListSearch: [...JSON.stringify(desc.properties).matchAll(/"searchListMethod":"(\w+)"/g)].map((m) => m[1]),
			});
		}
		const credentials = [];
		for (const file of filesOf(pkg.n8n.credentials, '.credentials.js')) {
			const mod = require(path.join(root, file));
			const className = path.basename(file).split('.')[0];
			const Cls = mod[className];
			if (typeof Cls !== 'function') throw new Error(`${file} does not export class ${className}`);
			const c = new Cls();
			credentials.push({
				file,
				className,
				name: c.name,
				displayName: c.displayName,
				extends: c.extends,
				test: c.test,
				icon: c.icon,
				documentationUrl: c.documentationUrl,
				properties: (c.properties || []).map((p) => p.name),
			});
		}
		const lib = require(path.join(root, pkg.main));
		process.stdout.write(JSON.stringify({ nodes, credentials, libExports: Object.keys(lib) }));
		return;
	}
	const { PackageDirectoryLoader } = require('n8n-core');
	const loader = new PackageDirectoryLoader(root);
	await loader.loadAll();
	process.stdout.write(
		JSON.stringify({
			packageName: loader.packageName,
			loadedNodes: loader.loadedNodes,
			knownNodes: loader.known.nodes,
			knownCredentials: loader.known.credentials,
			nodeTypes: loader.types.nodes.map(summary),
			credentialTypes: loader.types.credentials.map((c) => ({ name: c.name, iconUrl: c.iconUrl, supportedNodes: c.supportedNodes })),
		}),
	);
}

main().catch((e) => {
	process.stderr.write(String((e && e.stack) || e));
	process.exit(1);
});
