/**
 * Templates 1 and 3 are low-code (issue 17): at most 3 Code nodes each, every one named in a sticky
 * note that says the firm may customise it, and none holding ledger or idempotency logic (the words
 * the ledger code used: entry ids, invoice suffixes, ledger statuses).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

interface Node {
	name: string;
	type: string;
	parameters: { jsCode?: string; content?: string };
}

const dir = join(__dirname, '../../workflows');
const read = (file: string) => JSON.parse(readFileSync(join(dir, file), 'utf8')) as { id?: string; nodes: Node[] };
/** A template together with the sub-workflows it calls by id (the time sync's slice workflow, issue 14): one template to its user. */
const load = (file: string) => {
	const wf = read(file);
	const called = wf.nodes.filter((n) => n.type === 'n8n-nodes-base.executeWorkflow').map((n) => (n.parameters as { workflowId?: { value?: string } }).workflowId?.value);
	const subs = readdirSync(dir).filter((f) => f.endsWith('.json')).map(read).filter((w) => called.includes(w.id));
	return { nodes: [...wf.nodes, ...subs.flatMap((w) => w.nodes)] };
};

describe.each(['01-clio-to-ebilling-time-sync.json', '03-multi-lpm-compliance-hub.json'])('template %s is low-code', (file) => {
	const wf = load(file);
	const code = wf.nodes.filter((n) => n.type === 'n8n-nodes-base.code');
	const notes = wf.nodes.filter((n) => n.type === 'n8n-nodes-base.stickyNote').map((n) => String(n.parameters.content ?? ''));

	it('has at most 3 Code nodes, each named in a sticky note saying the firm may customise it', () => {
		expect(code.length).toBeLessThanOrEqual(3);
		for (const n of code) expect({ node: n.name, note: notes.some((t) => /customi[sz]e/i.test(t) && t.includes(n.name)) }).toEqual({ node: n.name, note: true });
	});

	it('keeps no ledger or idempotency logic in a Code node', () => {
		for (const n of code) {
			expect({ node: n.name, ledger: /entryIds|invoiceSuffix|'submitted'|'unknown'|'pending'|-S\$\{|invoiceNumber/.test(String(n.parameters.jsCode)) }).toEqual({ node: n.name, ledger: false });
		}
	});

	it('uses the Billing Ledger node for the ledger', () => {
		expect(wf.nodes.filter((n) => n.type === 'n8n-nodes-legal-billing.billingLedger').length).toBeGreaterThanOrEqual(4);
	});
});
