import fc from 'fast-check';
import type { INodeExecutionData } from 'n8n-workflow';
import { Utbms } from '../../nodes/Utbms/Utbms.node';
import * as loadOptions from '../../nodes/Utbms/methods/loadOptions';
import { runNode } from '../helpers/n8n';

const TYPE = 'n8n-nodes-legal-billing.utbms';
const run = (parameters: Record<string, unknown>, items: INodeExecutionData[], continueOnFail = false) =>
	runNode({ nodeTypes: { [TYPE]: new Utbms() }, type: TYPE, parameters: parameters as never, items, continueOnFail });

const table = {
	clients: {
		ACME: {
			taskSets: ['litigation'],
			task: { RESEARCH: 'L120', DEPO: 'L330' },
			activity: { RES: 'A102' },
			expense: { COPIES: 'E101' },
			keywords: [{ words: ['deposition'], task: 'L330', activity: 'A109' }],
			default: { activity: 'A111' },
		},
	},
};

const canonical = (id: string, over: Record<string, unknown> = {}) => ({
	json: {
		id,
		source: { system: 'clio', id },
		kind: 'fee',
		date: '2026-11-02',
		client: { id: 'ACME' },
		quantity: '1.5',
		rate: '300',
		codes: {},
		...over,
	},
});

describe('UTBMS node: Map', () => {
	it('maps canonical entries and routes unmapped ones to the second output with the reason', async () => {
		const items = [
			canonical('1', { firmCodes: { task: 'research', activity: 'res' } }),
			canonical('2', { firmCodes: { task: 'nope' }, narrative: 'Phone call' }),
			canonical('3', { narrative: 'Attended DEPOSITION of Smith' }),
			canonical('4', { kind: 'expense', firmCodes: { expense: 'copies' }, codes: { task: 'L120' } }),
		];
		const r = await run({ operation: 'map', mappingSource: 'parameter', mappingTable: JSON.stringify(table), inputShape: 'canonical' }, items);
		expect(r.error).toBeUndefined();
		expect(r.outputs).toHaveLength(2);
		const [mapped, unmapped] = r.outputs;
		expect(mapped.map((i) => [i.json.id, i.json.codes])).toEqual([
			['1', { task: 'L120', activity: 'A102' }],
			['3', { task: 'L330', activity: 'A109' }],
			['4', { task: 'L120', expense: 'E101' }],
		]);
		expect(mapped.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 2 }, { item: 3 }]);
		expect(mapped[1].json.utbmsMapping).toEqual({ client: 'ACME', sources: { task: { by: 'keyword', keyword: 'deposition', rule: 0 }, activity: { by: 'keyword', keyword: 'deposition', rule: 0 } } });
		expect(unmapped).toHaveLength(1);
		expect(unmapped[0].pairedItem).toEqual({ item: 1 });
		expect(unmapped[0].json.id).toBe('2');
		expect(unmapped[0].json.codes).toEqual({});
		expect(unmapped[0].json.utbmsUnmapped).toEqual({
			reason: 'No task code for this fee entry of client "ACME": firm task code "nope" is not in the table, no keyword matched the narrative, no default task code',
			reasonCode: 'missing-codes',
			missing: ['task'],
			client: 'ACME',
			mappedSoFar: { activity: 'A111' },
		});
	});

	it('defaults to Map with the example table and two outputs when nothing is set', async () => {
		const r = await run({}, [canonical('1', { firmCodes: { task: 'research', activity: 'draft' } }), canonical('2')]);
		expect(r.error).toBeUndefined();
		expect(r.outputs).toHaveLength(2);
		expect(r.outputs[0].map((i) => i.json.codes)).toEqual([{ task: 'L120', activity: 'A103' }]);
		expect(r.outputs[1].map((i) => i.json.id)).toEqual(['2']);
	});

	it('works on any item shape through field paths', async () => {
		const items = [
			{ json: { who: { client: 'ACME' }, type: 'F', t: 'DEPO', a: 'RES', text: '' } },
			{ json: { who: { client: 'GLOBEX' }, type: 'F', t: 'DEPO', a: 'RES' } },
		];
		const r = await run(
			{
				operation: 'map',
				mappingTable: JSON.stringify(table),
				inputShape: 'fields',
				clientIdField: 'who.client',
				kindField: 'type',
				firmTaskField: 't',
				firmActivityField: 'a',
				firmExpenseField: 'e',
				narrativeField: 'text',
				outTaskField: 'ledes.task',
				outActivityField: 'ledes.activity',
				outExpenseField: 'ledes.expense',
				options: { includeDetails: false },
			},
			items,
		);
		expect(r.outputs[0].map((i) => i.json)).toEqual([{ who: { client: 'ACME' }, type: 'F', t: 'DEPO', a: 'RES', text: '', ledes: { task: 'L330', activity: 'A102' } }]);
		expect(r.outputs[1][0].json.utbmsUnmapped).toMatchObject({ reasonCode: 'unknown-client', reason: 'The mapping table has no table for client "GLOBEX" and no "*" table' });
	});

	it('reads the table from a field of the item or from a JSON binary', async () => {
		const fromField = await run({ operation: 'map', mappingSource: 'field', mappingField: 'cfg.table', inputShape: 'canonical' }, [
			canonical('1', { firmCodes: { task: 'depo', activity: 'res' }, cfg: { table } }),
			canonical('2', { firmCodes: { task: 'depo', activity: 'res' }, cfg: { table: JSON.stringify({ clients: { ACME: { task: { DEPO: 'L320' }, activity: { RES: 'A104' } } } }) } }),
		]);
		expect(fromField.outputs[0].map((i) => i.json.codes)).toEqual([
			{ task: 'L330', activity: 'A102' },
			{ task: 'L320', activity: 'A104' },
		]);
		const binary = {
			table: { data: Buffer.from(JSON.stringify(table)).toString('base64'), mimeType: 'application/json', fileName: 'map.json' },
		};
		const fromBinary = await run({ operation: 'map', mappingSource: 'binary', binaryPropertyName: 'table', inputShape: 'canonical' }, [
			{ ...canonical('1', { firmCodes: { task: 'depo', activity: 'res' } }), binary },
		]);
		expect(fromBinary.error).toBeUndefined();
		expect(fromBinary.outputs[0][0].json.codes).toEqual({ task: 'L330', activity: 'A102' });
		expect(fromBinary.outputs[0][0].binary?.table.fileName).toBe('map.json');
		// a file saved with a byte-order mark still parses; a missing binary field is an error on that item
		const bom = { table: { ...binary.table, data: Buffer.from(`\uFEFF${JSON.stringify(table)}`).toString('base64') } };
		const withBom = await run({ operation: 'map', mappingSource: 'binary', binaryPropertyName: 'table', inputShape: 'canonical' }, [
			{ ...canonical('1', { firmCodes: { task: 'depo', activity: 'res' } }), binary: bom },
		]);
		expect(withBom.outputs[0][0].json.codes).toEqual({ task: 'L330', activity: 'A102' });
		const missing = await run({ operation: 'map', mappingSource: 'binary', binaryPropertyName: 'table', inputShape: 'canonical' }, [
			{ ...canonical('1'), binary },
			canonical('2'),
		]);
		expect(missing.error?.message).toMatch(/table/);
		expect((missing.error as unknown as { context?: { itemIndex?: number } }).context?.itemIndex).toBe(1);
	});

	it('fails with the item, the source and the path of a bad table; continues on fail when asked', async () => {
		const bad = { clients: { ACME: { task: { RESEARCH: 'A102' } } } };
		const items = [canonical('1', { cfg: table }), canonical('2', { cfg: bad })];
		const params = { operation: 'map', mappingSource: 'field', mappingField: 'cfg', inputShape: 'canonical' };
		const r = await run(params, items);
		expect(r.error?.message).toBe(
			'Invalid UTBMS mapping table (field "cfg", item 1): clients.ACME.task.RESEARCH: "A102" (Research) is an activity code, not a task code',
		);
		expect((r.error as unknown as { context?: { itemIndex?: number } }).context?.itemIndex).toBe(1);
		const c = await run(params, items, true);
		expect(c.error).toBeUndefined();
		// the Continue On Fail rule (docs/architecture.md): a failed item is not mapped → Unmapped, never Mapped
		expect(c.outputs[0]).toEqual([]);
		expect(c.outputs[1].map((i) => i.json.id)).toEqual(['1', undefined]);
		expect(c.outputs[1][1]).toEqual(expect.objectContaining({ json: expect.objectContaining({ error: expect.stringContaining('item 1') }), pairedItem: { item: 1 } }));
	});

	it('names the item and field when a field holds an object instead of a code, and when the table field is missing', async () => {
		const r = await run({ operation: 'map', mappingTable: JSON.stringify(table), inputShape: 'canonical' }, [
			canonical('1', { firmCodes: { task: { code: 'DEPO' } } }),
		]);
		expect(r.error?.message).toBe('Field "firmCodes.task" of item 0 holds an object, expected text');
		const m = await run({ operation: 'map', mappingSource: 'field', mappingField: 'cfg', inputShape: 'canonical' }, [canonical('1')]);
		expect(m.error?.message).toBe('Item 0 has no mapping table in field "cfg"');
	});

	it('takes the table from an expression (e.g. a previous node) that returns an object', async () => {
		const r = await run({ operation: 'map', mappingTable: '={{ $json.cfg }}', inputShape: 'canonical', options: { includeDetails: false } }, [
			canonical('1', { firmCodes: { task: 'depo', activity: 'res' }, cfg: table }),
		]);
		expect(r.error).toBeUndefined();
		expect(r.outputs[0][0].json.codes).toEqual({ task: 'L330', activity: 'A102' });
		expect(r.outputs[0][0].json.utbmsMapping).toBeUndefined();
	});

	it('routes every input item to exactly one output, whatever the item holds (nothing dropped)', async () => {
		const rnd = fc.sample(
			fc.record({
				kind: fc.constantFrom('fee', 'expense', 'feeAdjustment', 'F', 'E', 'IE', 'bogus', ''),
				client: fc.constantFrom('ACME', 'GLOBEX', ''),
				task: fc.constantFrom('research', 'DEPO', 'nope', '', 'L110'),
				activity: fc.constantFrom('res', 'x', ''),
				expense: fc.constantFrom('copies', 'y', ''),
				narrative: fc.oneof(fc.string(), fc.constantFrom('deposition prep', 'Deposition', 'depositions')),
			}),
			{ numRuns: 300, seed: 42 },
		);
		const items = rnd.map((x, i) => canonical(String(i), { kind: x.kind, client: { id: x.client }, firmCodes: { task: x.task, activity: x.activity, expense: x.expense }, narrative: x.narrative }));
		const r = await run({ operation: 'map', mappingTable: JSON.stringify(table), inputShape: 'canonical' }, items);
		expect(r.error).toBeUndefined();
		const seen = [...r.outputs[0], ...r.outputs[1]].map((i) => (i.pairedItem as { item: number }).item).sort((a, b) => a - b);
		expect(seen).toEqual(items.map((_, i) => i));
		for (const u of r.outputs[1]) expect((u.json.utbmsUnmapped as { reason: string }).reason.length).toBeGreaterThan(20);
		for (const m of r.outputs[0]) expect(m.json.utbmsUnmapped).toBeUndefined();
		expect(r.outputs[0].length).toBeGreaterThan(0);
		expect(r.outputs[1].length).toBeGreaterThan(0);
	});

	it('rejects invalid JSON in the table parameter', async () => {
		const r = await run({ operation: 'map', mappingTable: '{"clients": {', inputShape: 'canonical' }, [canonical('1')]);
		expect(r.error?.message).toMatch(/^Invalid UTBMS mapping table \(parameter "Mapping Table", item 0\): \(root\): not valid JSON: /);
	});
});

describe('UTBMS node: Validate', () => {
	it('routes valid and invalid entries, each issue with its field path', async () => {
		const items = [
			canonical('ok', { codes: { task: 'L330', activity: 'A109' } }),
			canonical('bad', { codes: { task: 'L300', activity: 'E101' } }),
			canonical('exp', { kind: 'expense', codes: { expense: 'E999' } }),
			canonical('weird', { kind: 'lunch', codes: {} }),
		];
		const r = await run({ operation: 'validate', inputShape: 'canonical', taskSets: ['litigation'] }, items);
		expect(r.error).toBeUndefined();
		const [valid, invalid] = r.outputs;
		expect(valid.map((i) => i.json.id)).toEqual(['ok']);
		expect(valid[0].json.utbmsValidation).toEqual({ valid: true, issues: [] });
		expect(invalid.map((i) => i.json.id)).toEqual(['bad', 'exp', 'weird']);
		expect(invalid.map((i) => i.pairedItem)).toEqual([{ item: 1 }, { item: 2 }, { item: 3 }]);
		const issues = (n: number) => (invalid[n].json.utbmsValidation as { issues: Array<{ path: string; code: string }> }).issues.map((x) => [x.path, x.code]);
		expect(issues(0)).toEqual([
			['codes.task', 'phase-not-task'],
			['codes.activity', 'wrong-kind'],
		]);
		expect(issues(1)).toEqual([['codes.expense', 'unknown']]);
		expect(issues(2)).toEqual([['kind', 'unknown-kind']]);
	});

	it('checks custom fields, the task set, the phase, and strictness on partial sets', async () => {
		const items = [
			{ json: { k: 'F', t: 'B120', a: 'A101', ph: '' } },
			{ json: { k: 'F', t: 'L310', a: 'A101', ph: 'L200' } },
		];
		const base = { operation: 'validate', inputShape: 'fields', kindField: 'k', taskField: 't', activityField: 'a', expenseField: 'e' };
		const lenient = await run({ ...base, options: { phaseField: 'ph' } }, items);
		expect(lenient.outputs[0].map((i) => i.json.t)).toEqual(['B120']);
		expect((lenient.outputs[0][0].json.utbmsValidation as { issues: Array<{ code: string }> }).issues.map((x) => x.code)).toEqual(['unverified']);
		expect((lenient.outputs[1][0].json.utbmsValidation as { issues: Array<{ message: string; path: string }> }).issues[0]).toMatchObject({
			path: 't',
			message: 'Task "L310" (Written Discovery) is not in phase L200 (Pre-Trial Pleadings and Motions); it belongs to L300 (Discovery)',
		});
		const strict = await run({ ...base, taskSets: ['litigation'], options: { strict: true } }, items);
		expect(strict.outputs[0].map((i) => i.json.t)).toEqual(['L310']);
		expect(strict.outputs[1].map((i) => i.json.t)).toEqual(['B120']);
	});
});

describe('UTBMS node: Lookup and List Codes', () => {
	it('looks a code up per item (expressions allowed), and reports unknown codes', async () => {
		const r = await run({ operation: 'lookup', code: '={{ $json.c }}' }, [{ json: { c: 'l330' } }, { json: { c: 'X1' } }]);
		expect(r.outputs).toHaveLength(1);
		expect(r.outputs[0][0].json).toMatchObject({ found: true, code: 'L330', name: 'Depositions', phase: 'L300', phaseName: 'Discovery', set: 'litigation' });
		expect(r.outputs[0][1].json).toEqual({ code: 'X1', found: false, message: '"X1" is not a UTBMS code' });
		const strict = await run({ operation: 'lookup', code: 'X1', options: { errorIfNotFound: true } }, [{ json: {} }]);
		expect(strict.error?.message).toBe('"X1" is not a UTBMS code (parameter "Code", item 0)');
	});

	it('lists codes of chosen sets, one item per code', async () => {
		const r = await run({ operation: 'listCodes', codeSets: ['litigation'], kind: 'all', includePhases: false }, [{ json: {} }]);
		expect(r.outputs[0]).toHaveLength(29);
		expect(r.outputs[0][0].json).toMatchObject({ code: 'L110', phase: 'L100' });
		const e = await run({ operation: 'listCodes', kind: 'expense' }, [{ json: {} }]);
		expect(e.outputs[0].map((i) => i.json.code)).toContain('E124');
		expect(e.outputs[0]).toHaveLength(24);
	});

	it('uses additional code sets given as an option, and rejects a bad one with its path', async () => {
		const sets = [{ id: 'bankruptcy', name: 'Firm bankruptcy list', kind: 'task', codes: [{ code: 'B120', name: 'Asset Analysis and Recovery' }] }];
		const r = await run({ operation: 'lookup', code: 'B120', options: { additionalCodeSets: JSON.stringify(sets) } }, [{ json: {} }]);
		expect(r.outputs[0][0].json).toMatchObject({ found: true, setName: 'Firm bankruptcy list' });
		const bad = await run({ operation: 'lookup', code: 'B120', options: { additionalCodeSets: '[{"id":"x","name":"X","kind":"fee","codes":[]}]' } }, [{ json: {} }]);
		expect(bad.error?.message).toMatch(/^Option "Additional Code Sets" of item 0 is invalid: Invalid UTBMS code set: \[0\]\.kind: /);
	});
});

describe('UTBMS node: load options', () => {
	it('offers code sets and codes for the pickers', async () => {
		const ctx = {} as never;
		const sets = await loadOptions.getCodeSets.call(ctx);
		expect(sets.map((s) => s.value)).toEqual(['litigation', 'counseling', 'bankruptcy', 'project', 'activity', 'expense']);
		expect(sets.find((s) => s.value === 'bankruptcy')?.name).toBe('Bankruptcy Code Set (partial)');
		expect((await loadOptions.getTaskSets.call(ctx)).map((s) => s.value)).toEqual(['litigation', 'counseling', 'bankruptcy', 'project']);
		const tasks = await loadOptions.getTaskCodes.call(ctx);
		expect(tasks.find((t) => t.value === 'L100')).toBeUndefined();
		expect(tasks.find((t) => t.value === 'L110')?.name).toBe('L110 – Fact Investigation/Development');
		expect((await loadOptions.getActivityCodes.call(ctx))).toHaveLength(11);
		expect((await loadOptions.getExpenseCodes.call(ctx))).toHaveLength(24);
		expect((await loadOptions.getCodes.call(ctx)).length).toBe(35 + 4 + 3 + 1 + 11 + 24 - 1);
	});
	it('declares every load-options method the description uses', () => {
		const used = JSON.stringify(new Utbms().description.properties).match(/"loadOptionsMethod":"(\w+)"/g)!.map((m) => m.split('"')[3]);
		for (const m of used) expect(typeof (new Utbms().methods.loadOptions as Record<string, unknown>)[m]).toBe('function');
	});
});
