/**
 * The lint config really applies n8n's rules: files with known violations, linted under project
 * paths with the project's eslint.config.mjs, must be reported by BOTH plugins
 * (@n8n/eslint-plugin-community-nodes recommended and eslint-plugin-n8n-nodes-base) for nodes,
 * credentials and package.json. (package.json rules once ran under a parser that made them see
 * nothing: this keeps that from coming back.)
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { root } from './packed';

const badNode = `import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

export class ZzLintProbe implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Zz Lint Probe',
		name: 'zzLintProbe',
		icon: { light: 'file:zz.svg', dark: 'file:zz.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"]}}',
		description: 'Probe',
		defaults: { name: 'Zz Lint Probe' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [{ displayName: 'Foo', name: 'foo', type: 'string', default: '', description: 'the foo value' }],
	};
	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const url = process.env.PROBE_URL;
		return [this.getInputData().map((item, i) => ({ json: { ...item.json, url }, pairedItem: { item: i } }))];
	}
}
`;

const badCredential = `import type { ICredentialType, INodeProperties } from 'n8n-workflow';
export class ZzLintProbeApi implements ICredentialType {
	name = 'zzLintProbeApi';
	displayName = 'Zz Lint Probe API';
	properties: INodeProperties[] = [{ displayName: 'API Key', name: 'apiKey', type: 'string', default: '' }];
}
`;

function badPackageJson() {
	const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
	pkg.dependencies = { 'left-pad': '^1.3.0' };
	pkg.keywords = ['legal'];
	pkg.peerDependencies = { ...pkg.peerDependencies, lodash: '*' };
	pkg.scripts = { ...pkg.scripts, postinstall: 'node x.js' };
	return JSON.stringify(pkg, null, 2);
}

let results: Record<string, string[]>;

beforeAll(() => {
	const probes = [
		{ filePath: 'nodes/ZzLintProbe/ZzLintProbe.node.ts', text: badNode },
		{ filePath: 'credentials/ZzLintProbeApi.credentials.ts', text: badCredential },
		{ filePath: 'package.json', text: badPackageJson() },
		{ filePath: 'test/zz-probe.test.ts', text: badNode },
	];
	// as `npm run lint` runs it: eslint-plugin-n8n-nodes-base changes how it finds package.json under NODE_ENV=test (which jest sets)
	const env = { ...process.env };
	delete env.NODE_ENV;
	const out = execFileSync(process.execPath, [join(__dirname, 'lint-probe.mjs')], { cwd: root, env, input: JSON.stringify(probes), encoding: 'utf8' });
	results = Object.fromEntries((JSON.parse(out) as Array<{ filePath: string; rules: string[] }>).map((r) => [r.filePath, r.rules]));
}, 120_000);

describe('eslint.config.mjs applies n8n rules', () => {
	it('to nodes: community-nodes recommended and n8n-nodes-base node rules', () => {
		expect(results['nodes/ZzLintProbe/ZzLintProbe.node.ts']).toEqual(
			expect.arrayContaining([
				'@n8n/community-nodes/no-restricted-globals',
				'@n8n/community-nodes/node-usable-as-tool',
				'@n8n/community-nodes/icon-validation',
				'n8n-nodes-base/node-param-description-lowercase-first-char',
			]),
		);
	});

	it('to credentials: community-nodes recommended and n8n-nodes-base credential rules', () => {
		expect(results['credentials/ZzLintProbeApi.credentials.ts']).toEqual(
			expect.arrayContaining([
				'@n8n/community-nodes/credential-test-required',
				'@n8n/community-nodes/credential-password-field',
				'n8n-nodes-base/cred-class-field-documentation-url-missing',
			]),
		);
	});

	it('to package.json: both plugins', () => {
		expect(results['package.json']).toEqual(
			expect.arrayContaining([
				'@n8n/community-nodes/no-runtime-dependencies',
				'@n8n/community-nodes/valid-peer-dependencies',
				'@n8n/community-nodes/no-forbidden-lifecycle-scripts',
				'n8n-nodes-base/community-package-json-keywords-without-official-tag',
			]),
		);
		expect(results['package.json'].filter((r) => r.startsWith('fatal'))).toEqual([]);
	});

	it('not to tests (dev tooling is only parsed)', () => {
		expect(results['test/zz-probe.test.ts']).toEqual([]);
	});
});
