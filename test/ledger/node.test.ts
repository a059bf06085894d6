import type { INodeExecutionData } from 'n8n-workflow';
import { BillingLedger } from '../../nodes/BillingLedger/BillingLedger.node';
import { runNode } from '../helpers/n8n';

const TYPE = 'n8n-nodes-legal-billing.billingLedger';
const run = (parameters: Record<string, unknown>, items: INodeExecutionData[], continueOnFail = false) =>
	runNode({ nodeTypes: { [TYPE]: new BillingLedger() }, type: TYPE, parameters: parameters as never, items, continueOnFail });
const jsonOf = (r: Awaited<ReturnType<typeof run>>) => (r.outputs[0] ?? []).map((i) => i.json);

const entry = (id: string, matter = 'clio:matter:42') => ({ json: { id, matter: { id: matter, clientMatterId: 'CM-7' }, kind: 'fee', total: '100.00' } });

describe('Billing Ledger node: Invoice → Plan Invoices', () => {
	const params = (rows: unknown[]) => ({ resource: 'invoice', operation: 'plan', ledgerRows: JSON.stringify(rows), numberPrefix: 'INV-C', periodEnd: '2026-10-31' });

	it('numbers each entry, leaves out the invoiced ones and puts late ones on a supplement', async () => {
		const rows = [{ invoiceNumber: 'INV-C42-202610', status: 'submitted', entryIds: 'clio:activity:1' }];
		const r = await run(params(rows), [entry('clio:activity:1'), entry('clio:activity:2'), entry('clio:activity:3', 'clio:matter:77')]);
		expect(r.error).toBeUndefined();
		expect(jsonOf(r).map((j) => [j.id, j.invoiceNumber])).toEqual([
			['clio:activity:2', 'INV-C42-202610-S2'],
			['clio:activity:3', 'INV-C77-202610'],
		]);
		// each output item stays paired with its input entry
		expect(r.outputs[0].map((i) => i.pairedItem)).toEqual([{ item: 1 }, { item: 2 }]);
	});

	it('a pending row (the run stopped between the submission and the ledger) keeps its number', async () => {
		const rows = [{ invoiceNumber: 'INV-C42-202610', status: 'pending', entryIds: 'clio:activity:1,clio:activity:2' }];
		const r = await run(params(rows), [entry('clio:activity:1'), entry('clio:activity:2')]);
		expect(jsonOf(r).map((j) => j.invoiceNumber)).toEqual(['INV-C42-202610', 'INV-C42-202610']);
	});

	it('says which item has no id, and what is wrong with the ledger rows', async () => {
		const noId = await run(params([]), [{ json: { matter: { id: 1 } } }]);
		expect(noId.error?.message).toBe('The entry has no "id"');
		const bad = await run({ ...params([]), ledgerRows: '{"not": "a list"}' }, [entry('e1')]);
		expect(bad.error?.message).toBe('"Ledger Rows" must be a list (got object)');
		const cont = await run({ ...params([]), ledgerRows: '[oops' }, [entry('e1')], true);
		expect(String(jsonOf(cont)[0].error)).toMatch(/^"Ledger Rows" is not valid JSON/);
	});
});

describe('Billing Ledger node: Invoice → Invoice Facts', () => {
	it('reads each file\'s facts and keeps the file', async () => {
		const entries = [{ id: 'e1', matter: { clientMatterId: 'CM-7' } }, { id: 'e2', matter: { clientMatterId: 'CM-7' } }];
		const file = {
			json: { fileName: 'INV-1.txt', valid: true, invoices: [{ number: 'INV-1', client: 'NORTHW001', matters: ['M-7'], total: '250.00', lineCount: 2, periodStart: '2026-10-01', periodEnd: '2026-10-31', items: [0, 1] }] },
			binary: { data: { data: Buffer.from('LEDES1998B[]').toString('base64'), mimeType: 'text/plain', fileName: 'INV-1.txt' } },
		};
		const r = await run({ resource: 'invoice', operation: 'facts', entries: JSON.stringify(entries) }, [file as INodeExecutionData]);
		expect(r.error).toBeUndefined();
		expect(jsonOf(r)).toEqual([
			{ invoiceNumber: 'INV-1', entryIds: 'e1,e2', clientId: 'NORTHW001', clientMatterId: 'CM-7', matter: 'M-7', total: '250.00', lineCount: 2, periodStart: '2026-10-01', periodEnd: '2026-10-31', fileName: 'INV-1.txt', valid: true },
		]);
		expect(r.outputs[0][0].binary?.data?.fileName).toBe('INV-1.txt');
	});

	it('refuses a file of several invoices', async () => {
		const r = await run({ resource: 'invoice', operation: 'facts', entries: '[]' }, [{ json: { invoices: [{}, {}] } }]);
		expect(r.error?.message).toBe('Expected one invoice per file (found 2)');
	});
});

describe('Billing Ledger node: Invoice → Record Outcome', () => {
	const facts = { invoiceNumber: 'INV-1', entryIds: 'e1', clientId: 'C', clientMatterId: 'CM', matter: 'M', total: '1.00', lineCount: 1, periodStart: 'a', periodEnd: 'b' };

	it('the platform\'s answers → submitted, unknown, failed rows', async () => {
		const r = await run({ resource: 'invoice', operation: 'record', platform: 'legalTracker', outcome: 'answer', invoice: JSON.stringify(facts) }, [
			{ json: { outcome: 'created', invoiceId: 7 } },
			{ json: { outcome: 'unknown', error: 'answer lost' } },
			{ json: { error: 'Duplicate', errorDescription: 'INV-1 exists' } },
		]);
		expect(jsonOf(r).map((j) => [j.status, j.platformInvoiceId, j.error, j.invoiceNumber, j.platform])).toEqual([
			['submitted', '7', '', 'INV-1', 'legalTracker'],
			['unknown', '', 'answer lost', 'INV-1', 'legalTracker'],
			['failed', '', 'Duplicate | INV-1 exists', 'INV-1', 'legalTracker'],
		]);
	});

	it('skipped, with the reason', async () => {
		const r = await run({ resource: 'invoice', operation: 'record', platform: 'brightflag', outcome: 'skipped', reason: 'not on Brightflag', invoice: facts }, [{ json: facts }]);
		expect(jsonOf(r)[0]).toMatchObject({ status: 'skipped', platform: 'brightflag', error: 'not on Brightflag', entryIds: 'e1' });
	});
});

describe('Billing Ledger node: Review → Queue Row', () => {
	it('explains a held-back entry', async () => {
		const r = await run({ resource: 'review', operation: 'queueRow', stage: 'ocg' }, [{ json: { id: 'e1', ocg: { status: 'review', violations: [{ message: 'vague narrative', ref: '§3' }] } } }]);
		expect(jsonOf(r)[0]).toMatchObject({ entryId: 'e1', stage: 'ocg-review', reasons: 'vague narrative', guidelineRefs: '§3' });
	});
});

describe('Billing Ledger node: Run → Summarize Run', () => {
	it('counts the items of named nodes (here the test input) and names the failures', async () => {
		const items = [
			{ json: { invoiceNumber: 'INV-1', status: 'submitted' } },
			{ json: { invoiceNumber: 'INV-2', status: 'failed', error: 'refused' } },
		];
		const r = await run(
			{
				resource: 'run',
				operation: 'summarize',
				ledgerNode: 'Test Input',
				counts: { count: [{ name: 'entries', nodes: 'Test Input\nTest Input' }, { name: 'invoices', nodes: 'Test Input', minus: 'Test Input#1' }] },
				periodStart: '2026-10-01',
				periodEnd: '2026-10-31',
				message: '{entries} entries, {invoices} invoices, {submitted} submitted',
				emptyMessage: 'none',
				unknownAsFailed: true,
			},
			items,
		);
		expect(r.error).toBeUndefined();
		expect(jsonOf(r)).toHaveLength(1);
		expect(jsonOf(r)[0]).toMatchObject({ status: 'partial', invoices: 2, submitted: 1, failed: 1, message: '4 entries, 2 invoices, 1 submitted. Failures: INV-2: refused', periodEnd: '2026-10-31' });
	});

	it('adds the slice summaries of several nodes, one per line (in-process slices and slices on queue workers, issue 14)', async () => {
		const slice = (entries: number, submitted: number, failures: Array<{ invoiceNumber: string; error: string }> = []) => ({
			json: { status: failures.length ? 'partial' : 'success', invoices: submitted + failures.length, submitted, failed: failures.length, failures, counts: { entries, invoices: submitted + failures.length, submitted, failed: failures.length } },
		});
		const params = (sliceNode: string) => ({
			resource: 'run',
			operation: 'summarize',
			ledgerNode: '',
			sliceNode,
			counts: { count: [{ name: 'slices', nodes: 'Test Input' }] },
			periodStart: '2026-10-01',
			periodEnd: '2026-10-31',
			message: '{entries} entries, {submitted} submitted, {failed} failed ({slices} slices)',
			emptyMessage: 'none',
			unknownAsFailed: true,
		});
		const items = [slice(10, 2), slice(5, 1, [{ invoiceNumber: 'INV-9', error: 'refused' }])];
		const one = jsonOf(await run(params('Test Input'), items))[0];
		// the same node named twice on two lines counts its slices twice: each line is read
		const two = jsonOf(await run(params('Test Input\n\n  Test Input  '), items))[0];
		expect(one).toMatchObject({ submitted: 3, failed: 1, counts: { entries: 15, slices: 2 } });
		expect(two).toMatchObject({ submitted: 6, failed: 2, counts: { entries: 30, slices: 2 } });
		const missing = await run(params('Test Input\nSync slices on workers'), items);
		expect(missing.error?.message).toBe('No node named "Sync slices on workers" in this workflow');
	});

	it('names a node that is not there', async () => {
		const r = await run({ resource: 'run', operation: 'summarize', ledgerNode: 'Log to ledger', counts: {} }, [{ json: {} }]);
		expect(r.error?.message).toBe('No node named "Log to ledger" in this workflow');
	});
});

describe('Billing Ledger node: Entry → Route to Client Platform', () => {
	it('routes entries and names bad client rules', async () => {
		const clients = JSON.stringify({ NORTHW001: { platform: 'legalTracker', guidelines: 'corporate' } });
		const items = [
			{ json: { id: 'clio:1', source: { system: 'clio' }, client: { ledesClientId: 'NORTHW001' }, date: 'd', quantity: '1' } },
			{ json: { id: 'clio:2', billable: false } },
			{ json: { id: 'actionstep:1', source: { system: 'actionstep' }, client: { ledesClientId: 'NORTHW001' }, date: 'd', quantity: '1' } },
		];
		const r = await run({ resource: 'entry', operation: 'route', clients }, items);
		expect(jsonOf(r).map((j) => [j.id, (j.hub as { platform: string; duplicateOf: string | null }).platform, (j.hub as { duplicateOf: string | null }).duplicateOf])).toEqual([
			['clio:1', 'legalTracker', null],
			['actionstep:1', 'legalTracker', 'clio:1'],
		]);
		const bad = await run({ resource: 'entry', operation: 'route', clients: '[1]' }, items);
		expect(bad.error?.message).toMatch(/^"Client Rules": client rules must be an object/);
	});
});
