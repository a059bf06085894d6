import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { VendorName } from '../../sandbox/context';
import type { Sandbox } from '../../sandbox';
import type { VendorModule } from '../../sandbox/vendors';
import { contractRecorder, contractsDir, violation, type ContractCountsFile } from '../../sandbox/framework/contracts';
import { client, sandbox } from './helpers';

/** A vendor with one judged operation (needs `?name=`), one not judged, and a contract. */
const judged: VendorModule<Record<string, never>> = {
	name: 'legaltracker' as VendorName,
	prefix: '/judged',
	title: 'Judged',
	contract: () => (req) => {
		if (req.path === '/api/things' && req.method === 'GET') {
			const v = Object.keys(req.query)
				.filter((k) => k !== 'name')
				.map((k) => violation('query.name', `unknown query parameter "${k}"`, 'judged/facts.md §1'));
			return { operation: 'GET /api/things', source: 'fact-sheet', violations: v };
		}
		return { operation: `${req.method} ${req.path}`, source: 'none', violations: [] };
	},
	create() {
		return {
			state: {},
			mount(router) {
				router.get('/api/things', (_req, res) => {
					res.json({ things: [] });
				});
				router.get('/api/other', (_req, res) => {
					res.json({ ok: true });
				});
			},
			describe: (url) => ({ urls: { api: `${url}/judged/api` } }),
		};
	},
};

describe('request contracts (sandbox/framework/contracts.ts)', () => {
	let sb: Sandbox;
	beforeAll(async () => {
		sb = await sandbox({ seed: 'contracts', modules: [judged as VendorModule<unknown>] });
	});
	afterAll(async () => {
		await sb.close();
		// the made-up vendor's requests stay out of the suite-wide report
		contractRecorder().reset();
		contractRecorder().flush();
	});

	it('passes a request that keeps the contract and counts it', async () => {
		const before = contractRecorder().snapshot().find((o) => o.operation === 'GET /api/things')?.requests ?? 0;
		const r = await client(sb.url).get('/judged/api/things', { params: { name: 'x' } });
		expect(r.status).toBe(200);
		expect(r.data).toEqual({ things: [] });
		const after = contractRecorder().snapshot().find((o) => o.operation === 'GET /api/things');
		expect(after).toMatchObject({ vendor: 'legaltracker', source: 'fact-sheet', violations: 0 });
		expect(after?.requests).toBe(before + 1);
	});

	it('refuses a violation with 400 naming the request and the rule', async () => {
		const r = await client(sb.url).get('/judged/api/things', { params: { name: 'x', colour: 'red' } });
		expect(r.status).toBe(400);
		expect(r.data.contractViolation).toEqual({
			vendor: 'legaltracker',
			request: 'GET /judged/api/things?name=x&colour=red',
			operation: 'GET /api/things',
			source: 'fact-sheet',
			violations: [{ rule: 'query.name', message: 'unknown query parameter "colour"', source: 'judged/facts.md §1' }],
		});
	});

	it('lets a deliberate violation through when the test says so, counted as expected', async () => {
		const r = await client(sb.url).get('/judged/api/things', { params: { colour: 'red' }, headers: { 'X-Sandbox-Contract': 'expect-violation' } });
		expect(r.status).toBe(200);
		expect(contractRecorder().snapshot().find((o) => o.operation === 'GET /api/things')?.expectedViolations).toBe(1);
	});

	it('counts what it does not judge, and writes the counts for the reporter', async () => {
		expect((await client(sb.url).get('/judged/api/other')).status).toBe(200);
		expect(contractRecorder().snapshot().find((o) => o.operation === 'GET /api/other')).toMatchObject({ source: 'none', requests: 1 });
		contractRecorder().flush();
		// one file per recorder (a jest worker may hold several test files, each with its own module registry)
		const files = readdirSync(contractsDir()).filter((f) => f.startsWith(`${process.pid}-`));
		const data = files
			.map((f) => JSON.parse(readFileSync(join(contractsDir(), f), 'utf8')) as ContractCountsFile)
			.find((d) => d.operations.some((o) => o.operation === 'GET /api/things')) as ContractCountsFile;
		expect(data).toBeDefined();
		expect(data.operations.find((o) => o.operation === 'GET /api/things')).toMatchObject({ requests: 3, violations: 1, expectedViolations: 1 });
		expect(data.samples[0].request).toBe('GET /judged/api/things?name=x&colour=red');
	});

	it("record mode counts but never refuses", async () => {
		const sb2 = await sandbox({ seed: 'contracts2', modules: [judged as VendorModule<unknown>], contracts: 'record' });
		try {
			expect((await client(sb2.url).get('/judged/api/things', { params: { colour: 'red' } })).status).toBe(200);
		} finally {
			await sb2.close();
		}
	});
});
