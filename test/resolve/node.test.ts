/**
 * The Rejection Resolver node through n8n's own execution engine: items as the Legal Tracker
 * trigger emits them, the invoice file as binary data, the corrected file out as binary data.
 */
import type { INodeExecutionData, INodeParameters } from 'n8n-workflow';
import { buildLedes, parseLedes } from '../../lib/ledes';
import type { BillingEntry } from '../../lib/model';
import { RejectionResolver } from '../../nodes/RejectionResolver/RejectionResolver.node';
import { checkLedesText } from '../../sandbox/vendors/brightflag/ledes-check';
import { runNode } from '../helpers/n8n';

const TYPE = 'n8n-nodes-legal-billing.rejectionResolver';
const run = (parameters: INodeParameters, items: INodeExecutionData[], continueOnFail = false) =>
	runNode({ nodeTypes: { [TYPE]: new RejectionResolver() }, type: TYPE, parameters: { resource: 'rejection', operation: 'resolve', ...parameters }, items, continueOnFail });

const line = (n: number, over: Partial<BillingEntry> = {}): BillingEntry => ({
	id: `e${n}`,
	source: { system: 'test', id: String(n) },
	kind: 'fee',
	date: '2026-10-05',
	timekeeper: { id: 'TK1', name: 'Ann Lee', classification: 'PARTNR' },
	client: { id: 'GLOBEX01', ledesClientId: 'GLOBEX01' },
	matter: { id: 'M-9', number: 'M-9' },
	quantity: '1.5',
	rate: '980.00',
	codes: { task: 'L120', activity: 'A104' },
	narrative: 'Analyze the opposing expert report on damages',
	...over,
});
const ledes = buildLedes([{ number: 'INV-9', date: '2026-11-02', periodStart: '2026-10-01', periodEnd: '2026-10-31', client: { id: 'GLOBEX01' }, lawFirm: { id: '12-3456789' }, lines: [line(1), line(2, { rate: '900.00' })] }]);
const binary = { data: { data: Buffer.from(ledes, 'utf8').toString('base64'), mimeType: 'text/plain', fileName: 'INV-9.txt' } };
const rejected = (code: string, over: Record<string, unknown> = {}): INodeExecutionData => ({
	json: { id: 910042, invoiceNumber: 'INV-9', status: 'rejected', matterId: 40009, reasons: [{ platform: 'legalTracker', kind: 'rejection', code, reason: code, lineItemNumber: 1 }], ...over },
	binary,
});

describe('Rejection Resolver node', () => {
	it('a fixable rejection: the corrected file as binary, the ledger row and the changes as JSON', async () => {
		const r = await run({ mode: 'resubmit', matter: '={{ $json.matterId }}' }, [rejected('RATE_ABOVE_APPROVED')]);
		expect(r.error).toBeUndefined();
		const [item] = r.outputs[0];
		expect(item.pairedItem).toEqual({ item: 0 });
		expect(item.json).toMatchObject({
			outcome: 'resubmit',
			newInvoiceNumber: 'INV-9-R2',
			matter: '40009',
			writtenOff: '120.00', // 1.5 × (980 − 900)
			changes: [{ lineItemNumber: 1, field: 'rate', before: '980.00', after: '900.00', rule: 'GX-RATE', writtenOff: '120.00' }],
			ledger: { key: 'legalTracker:910042:rejection', outcome: 'resubmit', newInvoiceNumber: 'INV-9-R2', matter: '40009', classes: 'rateAboveApproved' },
		});
		const text = Buffer.from(item.binary!.data.data, 'base64').toString('utf8');
		expect(item.binary!.data.fileName).toBe('INV-9-R2.txt');
		expect(parseLedes(text).valid).toBe(true);
		expect(checkLedesText(text).issues).toEqual([]);
		expect(item.json.ledes).toBeUndefined();
		expect(item.json.correctedFile).toBeUndefined(); // resubmitted: the file is the binary
	});

	it('Platform Accepts Resubmission off: a fully fixed invoice goes to a person with the corrected file as text and binary', async () => {
		const r = await run({ mode: 'resubmit', platform: 'brightflag', canResubmit: false }, [rejected('RATE_ABOVE_APPROVED')]);
		expect(r.error).toBeUndefined();
		const [item] = r.outputs[0];
		expect(item.json).toMatchObject({ outcome: 'person', newInvoiceNumber: 'INV-9-R2', ledger: { key: 'brightflag:910042:rejection', outcome: 'person' } });
		expect(String(item.json.why)).toMatch(/upload the attached INV-9-R2 by hand/);
		expect(parseLedes(String(item.json.correctedFile)).valid).toBe(true);
		expect(Buffer.from(item.binary!.data.data, 'base64').toString('utf8')).toBe(item.json.correctedFile);
	});

	it('the default switch prepares and waits; the ledger stops a second run; a judgement reason goes to a person', async () => {
		const first = await run({}, [rejected('RATE_ABOVE_APPROVED')]);
		expect(first.outputs[0][0].json.outcome).toBe('awaitApproval');
		expect(String(first.outputs[0][0].json.correctedFile)).toMatch(/^LEDES1998B\[\]\r\n/); // for the approval row
		const ledger = first.outputs[0][0].json.ledger;
		const again = await run({ history: JSON.stringify([ledger]) }, [rejected('RATE_ABOVE_APPROVED')]);
		expect(again.outputs[0][0].json.outcome).toBe('alreadyHandled');
		expect(again.outputs[0][0].binary).toBeUndefined();
		const person = await run({}, [rejected('NARRATIVE_TOO_SHORT')]);
		expect(person.outputs[0][0].json).toMatchObject({ outcome: 'person', person: { role: 'timekeeper' } });
	});

	it('a bad setting fails the item naming the problem; continueOnFail keeps going', async () => {
		const r = await run({ options: { versionPattern: 'no placeholders' } }, [rejected('RATE_ABOVE_APPROVED')]);
		expect(r.error?.message).toMatch(/Resolver settings/);
		expect(r.error?.description).toMatch(/versionPattern/);
		const c = await run({ ruleSetSource: 'json', ruleSet: '{"id": 1}' }, [rejected('RATE_ABOVE_APPROVED'), { json: { invoiceNumber: 'X', status: 'approved', reasons: [] } }], true);
		expect(c.outputs[0].map((i) => [i.json.error !== undefined, i.pairedItem])).toEqual([
			[true, { item: 0 }],
			[true, { item: 1 }],
		]);
	});

	it('the per-matter limit counts the resolutions of the same run', async () => {
		const items = [910051, 910052, 910053].map((id) => rejected('RATE_ABOVE_APPROVED', { id }));
		const r = await run({ mode: 'resubmit', matter: '={{ $json.matterId }}', maxResubmissionsPerMatter: 2 }, items);
		expect(r.outputs[0].map((i) => i.json.outcome)).toEqual(['resubmit', 'resubmit', 'person']);
		expect(r.outputs[0][2].json.why).toMatch(/already had 2 automatic resubmission/);
	});

	it('no file on the item: the rejection goes to a person, never resubmitted', async () => {
		const r = await run({ mode: 'resubmit' }, [{ json: rejected('RATE_ABOVE_APPROVED').json }]);
		expect(r.outputs[0][0].json).toMatchObject({ outcome: 'person', why: 'no LEDES file of the invoice to correct' });
	});
});
