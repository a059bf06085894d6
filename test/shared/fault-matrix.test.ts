/**
 * The fault matrix (issue 13, "a standing guard"): every vendor transport, through its n8n node and
 * real HTTP, against the in-process sandbox's fault injection. Each case gives exactly the data a
 * fault-free run gives, or a clear error naming the vendor:
 * - cut body (once: asked again; on every try: an error, never "no records"), dropped connection,
 *   5xx, 429 with Retry-After in seconds and as an HTTP date, an expired token (renewed), every token
 *   refused, a token endpoint answering 400 (the vendor's own message, issue 13 item 16);
 * - creating requests: a lost answer gives outcome 'unknown' (may have been created), a refusal
 *   'failed', a success 'created'; never repeated on 5xx/drops, never a TypeError (issue 13 item 2);
 * - Legal Tracker's eFiles upload never sends the bearer token or Company-ID off the API hosts.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import axios from 'axios';
import type { IDataObject, INodeExecutionData, INodeType } from 'n8n-workflow';
import { ActionstepOAuth2Api } from '../../credentials/ActionstepOAuth2Api.credentials';
import { BrightflagOAuth2Api } from '../../credentials/BrightflagOAuth2Api.credentials';
import { ClioOAuth2Api } from '../../credentials/ClioOAuth2Api.credentials';
import { LegalTrackerOAuth2Api } from '../../credentials/LegalTrackerOAuth2Api.credentials';
import { Actionstep } from '../../nodes/Actionstep/Actionstep.node';
import { Brightflag } from '../../nodes/Brightflag/Brightflag.node';
import { Clio } from '../../nodes/Clio/Clio.node';
import { LegalTracker } from '../../nodes/LegalTracker/LegalTracker.node';
import { startSandbox, type FaultConfig, type Sandbox, type VendorName } from '../../sandbox';
import type { BrightflagState } from '../../sandbox/vendors/brightflag';
import { LT_FIRM_ID, LT_FIRM_OFFICE_ID, LT_INVOICE_TYPE_ID, type LegalTrackerState } from '../../sandbox/vendors/legaltracker';
import { actionstepCredentials } from '../actionstep/support';
import { binaryItem, brightflagCredentials, firmInvoice, ledesText, legalTrackerCredentials } from '../brightflag/support';
import { clioCredentials } from '../clio/helpers';
import { runNode } from '../helpers/n8n';

jest.setTimeout(60_000);

let sb: Sandbox;
beforeAll(async () => {
	sb = await startSandbox({ port: 0, seed: 'fault-matrix', size: 300, clioRateLimitPerMinute: 100_000 });
});
afterAll(async () => {
	await sb.close();
});
afterEach(() => {
	for (const v of ['clio', 'actionstep', 'brightflag', 'legaltracker'] as const) sb.setFaults(v, {});
});

interface VendorUnderTest {
	vendor: VendorName;
	/** the name vendor errors start with */
	name: string;
	node: INodeType;
	credentialType: string;
	credentialClass: object;
	credentials: () => IDataObject;
	/** a paged read whose answer is compared with a fault-free run */
	read: IDataObject;
	/** the read's API path (faults go to it only) */
	readPath: string;
	/** what of the output is compared */
	view: (items: INodeExecutionData[]) => unknown;
	/** a creating request, its path, and the number of records it creates on the platform */
	create: () => { parameters: IDataObject; items?: INodeExecutionData[] };
	createPath: string;
	created: () => number;
}

const ids = (items: INodeExecutionData[]) => items.map((i) => i.json.id ?? i.json.invoiceID);
const lt = () => sb.state.legaltracker as LegalTrackerState;
const bf = () => sb.state.brightflag as BrightflagState;

const vendors: VendorUnderTest[] = [
	{
		vendor: 'clio',
		name: 'Clio',
		node: new Clio(),
		credentialType: 'clioOAuth2Api',
		credentialClass: new ClioOAuth2Api(),
		credentials: () => clioCredentials(sb) as IDataObject,
		read: { resource: 'activity', operation: 'getAll', returnAll: true, filters: {}, options: { resolveUtbms: false, pageSize: 50 } },
		readPath: '^/api/v4/activities\\.json$',
		view: (items) => items.map((i) => [i.json.id, i.json.total ?? i.json.price, i.json.note]),
		create: () => ({
			parameters: {
				resource: 'activity',
				operation: 'create',
				type: 'TimeEntry',
				date: '2026-11-26',
				matterId: { __rl: true, mode: 'id', value: String(sb.state.clio.matters.all()[0].id) },
				additionalFields: { hours: '0.2', note: 'fault matrix' },
				options: { resolveUtbms: false },
			},
		}),
		createPath: '^/api/v4/activities\\.json$',
		created: () => sb.state.clio.activities.all().filter((a) => a.note === 'fault matrix').length,
	},
	{
		vendor: 'actionstep',
		name: 'Actionstep',
		node: new Actionstep(),
		credentialType: 'actionstepOAuth2Api',
		credentialClass: new ActionstepOAuth2Api(),
		credentials: () => actionstepCredentials(sb) as IDataObject,
		read: { resource: 'timeEntry', operation: 'getMany', returnAll: true, filters: {}, output: 'record' },
		readPath: '/rest/timeentries$',
		view: (items) => items.map((i) => [i.json.id, i.json.actualHours, i.json.description]),
		create: () => ({
			parameters: {
				resource: 'timeEntry',
				operation: 'create',
				actionId: String([...(sb.state.actionstep as { data: { actions: Map<string, { id: number }> } }).data.actions.values()][0].id),
				ownerId: String(sb.firm.timekeepers[0].id),
				timestampDate: '2026-11-20',
				actualHours: '0.30',
				additionalFields: { description: 'fault matrix' },
			},
		}),
		createPath: '/rest/timeentries$',
		created: () => [...(sb.state.actionstep as { data: { timeentries: Map<string, { description?: string }> } }).data.timeentries.values()].filter((t) => t.description === 'fault matrix').length,
	},
	{
		vendor: 'brightflag',
		name: 'Brightflag',
		node: new Brightflag(),
		credentialType: 'brightflagOAuth2Api',
		credentialClass: new BrightflagOAuth2Api(),
		credentials: () => brightflagCredentials(sb.url) as IDataObject,
		read: { resource: 'invoice', operation: 'getMany', returnAll: true, pageSize: 5, filters: {} },
		readPath: 'invoice-summary',
		view: ids,
		create: () => {
			const n = ++submissions;
			const { invoice } = firmInvoice(sb.firm, 'brightflag', `FM-BF-${n}`);
			return {
				parameters: { resource: 'invoice', operation: 'submit', useUnverifiedEndpoint: true, binaryPropertyName: 'data', endpoint: '/api/sandbox/v1/ledes-submissions', format: 'auto' },
				items: [binaryItem(ledesText(invoice))],
			};
		},
		createPath: 'ledes-submissions',
		created: () => [...bf().invoices.values()].filter((i) => String((i as unknown as IDataObject).invoiceNumber ?? '').startsWith('FM-BF-')).length,
	},
	{
		vendor: 'legaltracker',
		name: 'Legal Tracker',
		node: new LegalTracker(),
		credentialType: 'legalTrackerOAuth2Api',
		credentialClass: new LegalTrackerOAuth2Api(),
		credentials: () => legalTrackerCredentials(sb.url) as IDataObject,
		read: { resource: 'invoice', operation: 'getMany', returnAll: true, conditions: {}, combine: 'and', options: { pageSize: 4 } },
		readPath: '^/billing-api/v1/invoices$',
		view: ids,
		create: () => {
			const n = ++submissions;
			const { invoice, clientMatterId } = firmInvoice(sb.firm, 'legaltracker', `FM-LT-${n}`);
			const matterId = [...lt().matters.values()].find((m) => m.clientMatterId === clientMatterId)!.matterId;
			return {
				parameters: { resource: 'invoice', operation: 'submit', firmId: String(LT_FIRM_ID), firmOfficeId: String(LT_FIRM_OFFICE_ID), typeId: String(LT_INVOICE_TYPE_ID), binaryPropertyName: 'data', matterId: String(matterId), additionalFields: {} },
				items: [binaryItem(ledesText(invoice))],
			};
		},
		createPath: '^/billing-api/v1/invoices$',
		created: () => [...lt().invoices.values()].filter((i) => String(i.invoiceNumber).startsWith('FM-LT-')).length,
	},
];
let submissions = 0;

function run(v: VendorUnderTest, parameters: IDataObject, opts: { items?: INodeExecutionData[]; credentials?: IDataObject; continueOnFail?: boolean } = {}) {
	const type = `n8n-nodes-legal-billing.${v.vendor}`;
	return runNode({
		nodeTypes: { [type]: v.node },
		type,
		parameters: parameters as never,
		items: opts.items,
		continueOnFail: opts.continueOnFail,
		credentials: { [v.credentialType]: (opts.credentials ?? v.credentials()) as never },
		credentialTypes: [v.credentialClass as never],
	});
}

describe.each(vendors)('fault matrix: $name', (v) => {
	let baseline: unknown;
	const faults = (config: FaultConfig, path = v.readPath) => sb.setFaults(v.vendor, { paths: [path], ...config });
	const read = async (credentials?: IDataObject) => {
		const r = await run(v, v.read, { credentials });
		if (r.error) throw new Error(`${v.name} read failed: ${r.error.message}`);
		return r;
	};

	beforeAll(async () => {
		baseline = v.view((await read()).outputs[0]);
		expect((baseline as unknown[]).length).toBeGreaterThan(5);
	});

	it('cut body once: asked again, exact data', async () => {
		faults({ script: ['malformed'] });
		expect(v.view((await read()).outputs[0])).toEqual(baseline);
		expect(sb.context.faults(v.vendor).stats.injected).toMatchObject({ malformed: 1 });
	});

	it('cut body on every try: a clear error, never a short list', async () => {
		faults({ malformedRate: 1 });
		const r = await run(v, v.read);
		expect(r.error?.message).toMatch(new RegExp(`^${v.name} answered GET \\S+ with a body that is not valid JSON$`));
		expect(r.error?.description).toMatch(/asked 3 times/);
	});

	it('dropped connection: retried, exact data', async () => {
		faults({ script: ['drop'] });
		expect(v.view((await read()).outputs[0])).toEqual(baseline);
		expect(sb.context.faults(v.vendor).stats.injected).toMatchObject({ drop: 1 });
	});

	// the retry ladder is the shared vendorRequest's (about 10 s of backoff): proved once, on Clio
	(v.vendor === 'clio' ? it : it.skip)('dropped on every try: a clear error naming the vendor and the request', async () => {
		faults({ dropRate: 1 });
		const r = await run(v, v.read);
		expect(r.error?.message).toMatch(new RegExp(`^${v.name} request failed \\((ECONNRESET|socket hang up|network error)\\): \\S`));
		expect(r.error?.description).toMatch(/^Request: GET \S+ \(after 5 retries\)$/);
	}, 120_000);

	it('5xx: retried, exact data', async () => {
		faults({ script: [502, 503] });
		expect(v.view((await read()).outputs[0])).toEqual(baseline);
	});

	it.each(['seconds', 'http-date'] as const)('429 with Retry-After as %s: waits, exact data', async (format) => {
		faults({ script: [429], retryAfterSeconds: 1, retryAfterFormat: format });
		const t0 = Date.now();
		expect(v.view((await read()).outputs[0])).toEqual(baseline);
		// an HTTP date has one-second resolution: at least a few hundred ms were waited either way
		expect(Date.now() - t0).toBeGreaterThanOrEqual(format === 'seconds' ? 950 : 200);
	});

	it('expired token: renewed, exact data', async () => {
		const first = await read();
		const credentials = first.credentials[v.credentialType] as IDataObject;
		const token = (credentials.oauthTokenData as { access_token: string }).access_token;
		await axios.post(`${sb.url}/_admin/tokens/revoke`, { vendor: v.vendor, token, expire: true });
		const again = await read(credentials);
		expect(v.view(again.outputs[0])).toEqual(baseline);
		expect((again.credentials[v.credentialType].oauthTokenData as { access_token: string }).access_token).not.toBe(token);
	});

	it('every token refused: a clear 401 error naming the vendor', async () => {
		sb.setFaults(v.vendor, { expiredTokens: true });
		const r = await run(v, v.read);
		expect(r.error?.message).toMatch(new RegExp(`^${v.name} request failed \\((401|token request[^)]*)\\): \\S`));
		expect(r.error?.message).not.toMatch(/\[object Object\]/);
	});

	describe('creating request', () => {
		const create = (continueOnFail = true) => {
			const c = v.create();
			return run(v, c.parameters, { items: c.items, continueOnFail });
		};

		it("success: outcome 'created'", async () => {
			const before = v.created();
			const r = await create();
			expect(r.outputs[0][0].json.outcome).toBe('created');
			expect(v.created()).toBe(before + 1);
		});

		it("cut answer after the record was made: outcome 'unknown', created once, not repeated, no TypeError", async () => {
			const before = v.created();
			faults({ script: ['malformed'] }, v.createPath);
			const r = await create();
			const json = r.outputs[0][0].json;
			expect(json.outcome).toBe('unknown');
			expect(json.error).toMatch(new RegExp(`^${v.name} request outcome unknown \\(20\\d\\): the answer arrived cut or garbled .* — it may have been created: query ${v.name} \\(by invoice number\\) to reconcile before any resubmission$`));
			expect(v.created()).toBe(before + 1);
			// without continue-on-fail: the node error says the same and carries the outcome
			faults({ script: ['malformed'] }, v.createPath);
			const thrown = await create(false);
			expect(thrown.error?.message).toMatch(/outcome unknown .* may have been created/);
			expect(thrown.error?.message).not.toMatch(/TypeError|Cannot read properties/);
			expect((thrown.error as unknown as { context: IDataObject }).context.outcome).toBe('unknown');
			expect(v.created()).toBe(before + 2);
		});

		it.each([['drop'], [502]] as const)("lost answer (%s): outcome 'unknown', never repeated", async (fault) => {
			faults({ script: [fault, 'ok'] }, v.createPath);
			const r = await create();
			expect(r.outputs[0][0].json.outcome).toBe('unknown');
			expect(r.outputs[0][0].json.error).toMatch(/may have been created/);
			// one attempt only: the scripted 'ok' is still waiting
			expect(sb.context.faults(v.vendor).get().script).toEqual(['ok']);
		});

		it("refused (422): outcome 'failed'", async () => {
			const before = v.created();
			faults({ script: [422] }, v.createPath);
			const r = await create();
			expect(r.outputs[0][0].json).toMatchObject({ outcome: 'failed', error: expect.stringMatching(new RegExp(`^${v.name} request failed \\(422\\): \\S`)) });
			expect(v.created()).toBe(before);
		});

		it('429: retried (refused before any work), created once', async () => {
			const before = v.created();
			faults({ script: [429], retryAfterSeconds: 1 }, v.createPath);
			const r = await create();
			expect(r.outputs[0][0].json.outcome).toBe('created');
			expect(v.created()).toBe(before + 1);
		});
	});
});

describe('token endpoint errors name the vendor\'s own message (issue 13 item 16)', () => {
	it.each(vendors.filter((v) => v.vendor === 'legaltracker' || v.vendor === 'brightflag'))('$name: a 400 from the token endpoint', async (v) => {
		sb.setFaults(v.vendor, { includeOAuth: true, paths: ['/oauth/token$'], errorRate: 1, errorStatuses: [400] });
		const r = await run(v, v.read);
		expect(r.error?.message).toMatch(new RegExp(`^${v.name} request failed \\(token request 400\\): Injected fault 400`));
	});
});

describe('Legal Tracker eFiles upload: credentials stay on the configured API hosts (issue 12)', () => {
	let proxy: Server;
	let port: number;
	const seen: { method: string; path: string; host: string; authorization?: string; companyId?: string }[] = [];

	beforeAll(async () => {
		// a recording proxy in front of the sandbox. The node is configured with http://localhost:P (the
		// API host); eFiles upload links are rewritten to http://127.0.0.1:P (another host, like an object store).
		proxy = createServer((req, res) => {
			const chunks: Buffer[] = [];
			req.on('data', (c: Buffer) => chunks.push(c));
			req.on('end', async () => {
				const h: IncomingHttpHeaders = req.headers;
				seen.push({ method: req.method!, path: req.url!, host: String(h.host), authorization: h.authorization, companyId: h['company-id'] as string | undefined });
				const headers = Object.fromEntries(Object.entries(h).filter(([k]) => k !== 'host' && k !== 'content-length')) as Record<string, string>;
				const up = await axios.request({ method: req.method, url: `${sb.url}${req.url}`, data: Buffer.concat(chunks), headers, validateStatus: () => true, responseType: 'arraybuffer', transformResponse: (d) => d });
				let body = Buffer.from(up.data as ArrayBuffer).toString('utf8');
				if (req.url?.includes('/upload-links')) body = body.split(sb.url).join(`http://127.0.0.1:${port}`);
				res.writeHead(up.status, { 'content-type': String(up.headers['content-type'] ?? 'application/json') });
				res.end(body);
			});
		});
		await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
		port = (proxy.address() as AddressInfo).port;
	});
	afterAll(async () => {
		await new Promise<void>((resolve) => proxy.close(() => resolve()));
	});

	it('PUTs a foreign upload link without Authorization or Company-ID, and the invoice is created', async () => {
		const v = vendors.find((x) => x.vendor === 'legaltracker')!;
		const credentials = { ...legalTrackerCredentials(sb.url), customBaseUrl: `http://localhost:${port}/legaltracker`, accessTokenUrl: `http://localhost:${port}/legaltracker/oauth/token` };
		const before = v.created();
		const c = v.create();
		const r = await run(v, c.parameters, { items: c.items, credentials });
		expect(r.error).toBeUndefined();
		expect(r.outputs[0][0].json.outcome).toBe('created');
		expect(v.created()).toBe(before + 1);
		const upload = seen.filter((s) => s.method === 'PUT' && s.path.includes('/efiles-upload/'));
		expect(upload).toHaveLength(1);
		expect(upload[0].host).toBe(`127.0.0.1:${port}`);
		expect(upload[0]).toMatchObject({ authorization: undefined, companyId: undefined });
		// the API calls themselves carried them, on the configured host only
		const api = seen.filter((s) => s.path.includes('-api/v1/'));
		expect(api.length).toBeGreaterThanOrEqual(2);
		expect(api.every((s) => s.host === `localhost:${port}` && /^Bearer /.test(s.authorization ?? '') && s.companyId)).toBe(true);
		expect(seen.filter((s) => s.host !== `localhost:${port}`).every((s) => !s.authorization && !s.companyId)).toBe(true);
	});
});
