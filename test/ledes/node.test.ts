import { readFileSync } from 'node:fs';
import { Container } from '@n8n/di';
import { BinaryDataService } from 'n8n-core';
import type { INodeExecutionData } from 'n8n-workflow';
import { Ledes } from '../../nodes/Ledes/Ledes.node';
import { buildLedes, parseLedes } from '../../lib/ledes';
import { runNode } from '../helpers/n8n';
import { sharedPath } from '../helpers/shared';

const TYPE = 'n8n-nodes-legal-billing.ledes';
const run = (parameters: Record<string, unknown>, items: INodeExecutionData[], continueOnFail = false) =>
	runNode({ nodeTypes: { [TYPE]: new Ledes() }, type: TYPE, parameters: parameters as never, items, continueOnFail });
const fileOf = (item: INodeExecutionData, prop = 'data') => Buffer.from(item.binary![prop].data, 'base64').toString('utf8');
const binaryItem = (text: string, fileName = 'invoice.txt', json = {}): INodeExecutionData => ({
	json,
	binary: { data: { data: Buffer.from(text, 'utf8').toString('base64'), mimeType: 'text/plain', fileName } },
});
const fixture = (f: string) => readFileSync(sharedPath('fixtures', 'ledes', f), 'utf8');

function entry(n: number, over: Record<string, unknown> = {}) {
	return {
		id: `clio:activity:${n}`,
		source: { system: 'clio', id: String(n) },
		kind: 'fee',
		date: '2026-10-0' + (1 + (n % 9)),
		quantity: '1.5',
		rate: '300',
		adjustment: '0',
		timekeeper: { id: 'TK1', name: 'Doe, Jane', classification: 'PARTNR' },
		client: { id: '77', ledesClientId: 'ACME' },
		matter: { id: '9', number: n % 2 ? 'M-1' : 'M-2', clientMatterId: 'CM-' + (n % 2) },
		codes: { task: 'L110', activity: 'A101' },
		narrative: `Reviewed | brackets [] and a\r\nline break, café ${n}`,
		invoiceNo: n < 3 ? 'INV-1' : 'INV-2',
		...over,
	};
}
const BASE = {
	operation: 'build',
	format: '1998B',
	inputShape: 'canonical',
	invoiceNumber: '={{ $json.invoiceNo }}',
	invoiceDate: '2026-10-31',
	lawFirmId: '12-3456789',
	groupBy: ['invoiceNumber'],
	fileMode: 'perInvoice',
	binaryPropertyName: 'data',
	invoiceDetails: { description: 'October services' },
	options: {},
};

describe('LEDES node (through n8n WorkflowExecute)', () => {
	it('Build: canonical entries → one 1998B file per invoice, totals exact, narratives neutralised, paired items', async () => {
		const items = [0, 1, 2, 3].map((n) => ({ json: entry(n) }));
		const r = await run(BASE, items);
		expect(r.error).toBeUndefined();
		const out = r.outputs[0];
		expect(out).toHaveLength(2);
		expect(out.map((o) => o.json.fileName)).toEqual(['LEDES_INV-1.txt', 'LEDES_INV-2.txt']);
		expect(out.map((o) => o.pairedItem)).toEqual([
			[{ item: 0 }, { item: 1 }, { item: 2 }],
			[{ item: 3 }],
		]);
		const text = fileOf(out[0]);
		expect(text.startsWith('LEDES1998B[]\r\nINVOICE_DATE|')).toBe(true);
		const parsed = parseLedes(text);
		expect(parsed.errors).toEqual([]);
		expect(parsed.invoices[0]).toMatchObject({ number: 'INV-1', total: '1350', statedTotal: '1350', date: '2026-10-31', periodStart: '2026-10-01', periodEnd: '2026-10-03' });
		expect(parsed.invoices[0].matters).toEqual(['M-2', 'M-1']);
		expect(parsed.invoices[0].lines[0].narrative).toBe('Reviewed / brackets () and a line break, cafe 0');
		expect(out[0].json).toMatchObject({ format: '1998B', invoiceCount: 1, lineCount: 3, valid: true, invoices: [{ number: 'INV-1', total: '1350', lineCount: 3, items: [0, 1, 2] }] });
	});

	it('Build: one 98BI file per run, grouped by matter, mapped from any item shape with expressions', async () => {
		const items = [
			{ json: { type: 'F', day: '2026-10-02', hrs: 2, rate: '250.00', file: 'M-1', who: 'TK9', whoName: 'Roe, Rick', level: 'ASSOC', task: 'L120', act: 'A104', text: 'Draft', inv: 'A-1' } },
			{ json: { type: 'E', day: '2026-10-03', hrs: 1, rate: '24.95', file: 'M-2', text: 'Copies', exp: 'E101', inv: 'A-2' } },
			{ json: { type: 'F', day: '2026-10-04', hrs: 0.25, rate: '333.33', file: 'M-1', who: 'TK9', whoName: 'Roe, Rick', level: 'ASSOC', text: 'Call', inv: 'A-1' } },
		];
		const r = await run(
			{
				...BASE,
				format: '98BI',
				inputShape: 'fields',
				kind: '={{ $json.type }}',
				date: '={{ $json.day }}',
				quantity: '={{ $json.hrs }}',
				rate: '={{ $json.rate }}',
				matterId: '={{ $json.file }}',
				narrative: '={{ $json.text }}',
				timekeeperId: '={{ $json.who }}',
				timekeeperName: '={{ $json.whoName }}',
				timekeeperClassification: '={{ $json.level }}',
				taskCode: '={{ $json.task }}',
				activityCode: '={{ $json.act }}',
				expenseCode: '={{ $json.exp }}',
				lineFields: { matterName: '={{ "Matter " + $json.file }}', taxRate: '0.2', taxAmount: '={{ $json.type === "F" ? ($json.hrs * $json.rate * 0.2).toFixed(2) : "4.99" }}', taxType: 'VAT' },
				invoiceNumber: '={{ $json.inv }}',
				groupBy: ['matter'],
				fileMode: 'perRun',
				invoiceDetails: { clientId: 'ACME', clientTaxId: 'GB123', currency: 'GBP', periodStart: '2026-10-01', periodEnd: '2026-10-31' },
				options: { lineEnding: 'lf', fileName: 'october.{ext}' },
			},
			items,
		);
		expect(r.error).toBeUndefined();
		const [file] = r.outputs[0];
		expect(file.json).toMatchObject({ fileName: 'october.txt', format: '98BI', invoiceCount: 2, lineCount: 3 });
		expect(file.pairedItem).toEqual([{ item: 0 }, { item: 2 }, { item: 1 }]);
		const parsed = parseLedes(fileOf(file));
		expect(parsed.format).toBe('98BI');
		expect(parsed.errors).toEqual([]);
		// 2 × 250 + 100 tax = 600; 0.25 × 333.33 + 16.67 tax = 100.0025 → 100.00
		expect(parsed.invoices.map((i) => [i.number, i.total, i.totals.tax])).toEqual([
			['A-1', '700', '116.67'],
			['A-2', '29.94', '4.99'],
		]);
		expect(parsed.invoices[0].lines[0].timekeeper).toMatchObject({ lastName: 'Roe', firstName: 'Rick' });
	});

	it('Build: XML 2.1 output', async () => {
		const r = await run({ ...BASE, format: 'XML2.1', fileMode: 'perRun' }, [0, 3].map((n) => ({ json: entry(n) })));
		expect(r.error).toBeUndefined();
		const xml = fileOf(r.outputs[0][0]);
		expect(xml).toContain('<ledesxmlebilling2.1');
		expect(r.outputs[0][0].binary!.data.mimeType).toBe('application/xml');
		const parsed = parseLedes(xml);
		expect(parsed.errors).toEqual([]);
		expect(parsed.invoices.map((i) => [i.number, i.total])).toEqual([
			['INV-1', '450'],
			['INV-2', '450'],
		]);
		expect(parsed.invoices[0].lines[0].narrative).toBe('Reviewed | brackets [] and a\nline break, café 0');
	});

	it('Build: a bad value names the item and the field; continueOnFail keeps the other invoices', async () => {
		const items = [{ json: entry(0) }, { json: entry(3, { quantity: '1,5' }) }, { json: entry(4, { invoiceNo: 'INV-3' }) }];
		const failed = await run(BASE, items);
		expect(failed.error?.message).toBe('Item 1, field "quantity": "1,5" is not a decimal number (digits, one "." and an optional "-")');
		const cont = await run(BASE, items, true);
		expect(cont.error).toBeUndefined();
		const out = cont.outputs[0];
		expect(out.map((o) => o.json.fileName ?? o.json.error)).toEqual([expect.stringContaining('Item 1, field "quantity"'), 'LEDES_INV-1.txt', 'LEDES_INV-3.txt']);
		expect(out[0].pairedItem).toEqual([{ item: 1 }]);
		// a writer error (timekeeper missing on a fee line) names the item and the LEDES field
		const noTk = await run(BASE, [{ json: entry(0) }, { json: entry(1, { timekeeper: undefined }) }]);
		expect(noTk.error?.message).toMatch(/^Item 1: Invoice INV-1, line 2, TIMEKEEPER_ID: the timekeeper ID is required but empty/);
	});

	it('Parse: a binary file → one item per line item, each with its invoice and its own errors', async () => {
		const r = await run({ operation: 'parse', source: 'binary', binaryPropertyName: 'data', outputMode: 'lineItems', failOnErrors: false, validation: {} }, [binaryItem(fixture('travisbashor_ledes_98B.txt'))]);
		expect(r.error).toBeUndefined();
		const out = r.outputs[0];
		expect(out).toHaveLength(7);
		expect(out.every((o) => (o.pairedItem as { item: number }).item === 0)).toBe(true);
		expect(out[0].json).toMatchObject({ kind: 'fee', quantity: '2', rate: '350', total: '630', invoice: { number: '96542', total: '1684.45' }, format: '1998B' });
		expect(out[0].json.errors).toBeUndefined();
		expect((out[6].json.errors as Array<{ code: string }>).map((e) => e.code)).toEqual(['INVOICE_FIELD_INCONSISTENT', 'DUPLICATE_LINE_ITEM_NUMBER']);
	});

	it('Parse: text → one item per invoice; Fail on Invalid File stops with the first errors', async () => {
		const params = { operation: 'parse', source: 'text', ledesText: '={{ $json.ledes }}', outputMode: 'invoices', failOnErrors: false, validation: {} };
		const r = await run(params, [{ json: { ledes: fixture('lexitree_ledes1998b_good.txt') } }]);
		expect(r.outputs[0].map((o) => [o.json.number, o.json.total, (o.json.lines as unknown[]).length])).toEqual([
			['96542', '1684.45', 5],
			['96543', '1250', 1],
		]);
		const bad = await run({ ...params, failOnErrors: true }, [{ json: { ledes: fixture('lexitree_ledes1998b_eager_bad.txt') } }]);
		expect(bad.error?.message).toBe('Item 0: the LEDES file has 1 error(s)');
		expect((bad.error as unknown as { description: string }).description).toContain('Line 3, field 21 (LINE_ITEM_UNIT_COST)');
	});

	it('Validate: valid and invalid files go to separate outputs with a full report; unreadable input too', async () => {
		const items = [
			binaryItem(fixture('lexitree_ledes1998b_good.txt'), 'good.txt'),
			binaryItem(fixture('lexitree_ledes1998b_greedy_bad.txt'), 'bad.txt'),
			{ json: { note: 'no file' } },
		];
		const params = { operation: 'validate', source: 'binary', binaryPropertyName: 'data', validation: {} };
		const failed = await run(params, items);
		expect(failed.error?.message).toMatch(/binary/i);
		const r = await run(params, items, true);
		expect(r.error).toBeUndefined();
		const [valid, invalid] = r.outputs;
		expect(valid.map((o) => o.json.fileName)).toEqual(['good.txt']);
		expect(valid[0].json).toMatchObject({ valid: true, format: '1998B', errorCount: 0, warningCount: 1, invoiceCount: 2 });
		expect(valid[0].binary?.data.fileName).toBe('good.txt');
		expect(invalid).toHaveLength(2);
		expect(invalid[0].json).toMatchObject({ valid: false, fileName: 'bad.txt' });
		const errs = invalid[0].json.errors as Array<{ line: number; field?: number; fieldName?: string; code: string; message: string }>;
		expect(errs.find((e) => e.line === 3 && e.field === 21)).toMatchObject({ fieldName: 'LINE_ITEM_UNIT_COST', code: 'REQUIRED' });
		expect(invalid[0].pairedItem).toEqual({ item: 1 });
		expect(invalid[1].json.error).toMatch(/binary/i);
		expect(invalid[1].pairedItem).toEqual({ item: 2 });
	});

	it('Validate: UTBMS codes are checked with the UTBMS core (and can be switched off)', async () => {
		const text = fixture('travisbashor_nb_ledes_98B.txt').replace('|L510||A102|22547|Research Attorney', '|L999||A102|22547|Research Attorney');
		const params = { operation: 'validate', source: 'text', ledesText: text, validation: {} };
		const on = await run(params, [{ json: {} }]);
		expect((on.outputs[1][0].json.errors as Array<{ code: string; line: number; field: number }>).filter((e) => e.code === 'UNKNOWN_UTBMS_CODE')).toEqual([
			expect.objectContaining({ line: 3, field: 15 }),
		]);
		const off = await run({ ...params, validation: { checkUtbmsCodes: false } }, [{ json: {} }]);
		expect((off.outputs[1][0].json.errors as Array<{ code: string }>).some((e) => e.code === 'UNKNOWN_UTBMS_CODE')).toBe(false);
	});

	it('Validate: a file kept on disk by n8n (binary id) is streamed, not loaded whole', async () => {
		await run({ operation: 'validate', source: 'text', ledesText: 'x', validation: {} }, [{ json: {} }]); // initialises binary data
		const invoices = Array.from({ length: 40 }, (_, k) => ({
			number: `INV-${k}`,
			date: '2026-10-31',
			periodStart: '2026-10-01',
			periodEnd: '2026-10-31',
			client: { id: 'ACME' },
			lawFirm: { id: '12-3456789' },
			lines: Array.from({ length: 50 }, (_, j) => ({ ...entry(j), kind: 'fee' as const, narrative: 'Work' })),
		}));
		// break one line: 2,000 lines, the bad one near the end
		const text = buildLedes(invoices).replace(/^(.*\|INV-39\|.*?\|)1\.5(\|)/m, '$1-1.5$2');
		const manager = (Container.get(BinaryDataService) as unknown as { managers: Record<string, { store: (l: object, b: Buffer, m: object) => Promise<{ fileId: string }>; deleteMany: (l: object[]) => Promise<void> }> }).managers.filesystem;
		const location = { type: 'execution', workflowId: 'ledes-node-test', executionId: 'stream' };
		const { fileId } = await manager.store(location, Buffer.from(text), { mimeType: 'text/plain', fileName: 'big.txt' });
		try {
			const item: INodeExecutionData = { json: {}, binary: { data: { id: `filesystem-v2:${fileId}`, data: 'filesystem-v2', mimeType: 'text/plain', fileName: 'big.txt' } } };
			const r = await run({ operation: 'validate', source: 'binary', binaryPropertyName: 'data', validation: {} }, [item]);
			expect(r.error).toBeUndefined();
			expect(r.outputs[0]).toEqual([]);
			const report = r.outputs[1][0].json;
			expect(report).toMatchObject({ fileName: 'big.txt', format: '1998B', invoiceCount: 40, lineItemCount: 2000 });
			const errs = report.errors as Array<{ line: number; field: number; code: string }>;
			expect(errs.map((e) => [e.line, e.field, e.code])).toEqual([
				[1953, 11, 'NEGATIVE_UNITS'],
				[1953, 13, 'LINE_TOTAL_MISMATCH'],
			]);
		} finally {
			await manager.deleteMany([location]);
		}
	});

	it('Parse: XML and 98BI V5 files; continueOnFail turns an unreadable item into an error item', async () => {
		const xml = buildLedes([{ number: 'X-9', date: '2026-10-31', periodStart: '2026-10-01', periodEnd: '2026-10-31', client: { id: 'ACME' }, lawFirm: { id: 'LF' }, lines: [entry(1) as never] }], { format: 'XML2.1' });
		const v5 = fixture('travisbashor_ledes_98BI.txt').replace('LEDES98BI V2[]', 'LEDES98BI V5[]');
		const params = { operation: 'parse', source: 'text', ledesText: '={{ $json.ledes }}', outputMode: 'invoices', failOnErrors: false, validation: {} };
		const r = await run(params, [{ json: { ledes: xml } }, { json: { ledes: v5 } }, { json: { ledes: '' } }], true);
		expect(r.error).toBeUndefined();
		const out = r.outputs[0];
		expect(out.map((o) => [o.json.number ?? null, o.json.format ?? null, o.pairedItem])).toEqual([
			['X-9', 'XML2.1', { item: 0 }],
			['96542', '98BI', { item: 1 }],
			['96543', '98BI', { item: 1 }],
			[null, null, { item: 2 }],
		]);
		expect(out[3].json.error).toBe('Item 2: the LEDES Text parameter is empty');
	});
});
