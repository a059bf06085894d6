/**
 * The Continue On Fail rule (docs/architecture.md#continue-on-fail), checked in EVERY operation of
 * EVERY action node the package registers (package.json `n8n.nodes`, triggers aside), through n8n's
 * own WorkflowExecute:
 *
 * - item 1 of 2 fails (every parameter the operation shows is an expression that throws for it);
 * - without Continue On Fail the node fails with a NodeApiError/NodeOperationError whose item index
 *   is that of the failing item;
 * - with it, the failed item comes out on the operation's error route — the "not OK" output of an
 *   operation with several outputs (Invalid, Unmapped, Needs Review, Rejected), else the main one —
 *   with `json.error` and `pairedItem` pointing at item 1, and no other output holds item 1.
 *
 * A new node or operation is walked without any change here.
 */
import { join } from 'node:path';
import {
	NodeHelpers,
	type INodeExecutionData,
	type INodeParameters,
	type INodeProperties,
	type INodeType,
	type INodeTypeDescription,
	type IPairedItemData,
} from 'n8n-workflow';
import { runNode, singleNodeWorkflow } from '../helpers/n8n';

const ROOT = join(__dirname, '..', '..');
const pkg = require(join(ROOT, 'package.json')) as { n8n: { nodes: string[] } };
/** Outputs that mean "not OK", in the order a failed item prefers them. */
const NOT_OK = ['Invalid', 'Unmapped', 'Needs Review', 'Rejected'];
const BOOM = 'cofProbe';
/** n8n's expressions swallow TypeErrors; a reference to a node that does not exist is an ExpressionError */
const MISSING = 'No Such Node';
const PROBE_ERROR = "Referenced node doesn't exist";

interface ActionNode {
	name: string;
	type: string;
	node: INodeType;
}

function actionNodes(): ActionNode[] {
	const out: ActionNode[] = [];
	for (const dist of pkg.n8n.nodes) {
		const src = join(ROOT, dist.replace(/^dist\//, '').replace(/\.js$/, '.ts'));
		const mod = require(src) as Record<string, new () => INodeType>;
		const Cls = mod[src.replace(/^.*\//, '').replace(/\.node\.ts$/, '')];
		{
			const node = new Cls();
			const d = node.description as INodeTypeDescription | undefined;
			if (!d || node.poll || node.webhook || node.trigger || d.group?.includes('trigger')) continue;
			out.push({ name: d.displayName, type: `n8n-nodes-legal-billing.${d.name}`, node });
		}
	}
	return out;
}

/** resource/operation pairs from the description's option lists (resource undefined: no Resource parameter). */
function operationsOf(d: INodeTypeDescription): Array<{ resource?: string; operation: string }> {
	const resources = d.properties.find((p) => p.name === 'resource')?.options?.map((o) => String((o as { value: string }).value));
	const ops: Array<{ resource?: string; operation: string }> = [];
	for (const p of d.properties.filter((x) => x.name === 'operation')) {
		const showResources = (p.displayOptions?.show?.resource as string[] | undefined) ?? [undefined];
		const versions = p.displayOptions?.show?.['@version'] as Array<number | { _cnd: { gte: number } }> | undefined;
		const v = currentVersion(d);
		if (versions && !versions.some((x) => (typeof x === 'number' ? x === v : v >= x._cnd.gte))) continue;
		for (const resource of resources ? showResources : [undefined])
			for (const o of p.options ?? []) ops.push({ resource, operation: String((o as { value: string }).value) });
	}
	return ops;
}

function currentVersion(d: INodeTypeDescription): number {
	return d.defaultVersion ?? (Array.isArray(d.version) ? Math.max(...d.version) : d.version);
}

/** An expression that throws for the probe item and otherwise yields the parameter's default. */
function probe(p: INodeProperties): unknown {
	const fallback = JSON.stringify(p.default ?? '');
	return `={{ $json.${BOOM} ? $('${MISSING}').item.json.x : ${fallback} }}`;
}

const PROBED = new Set(['string', 'number', 'options', 'boolean', 'json', 'dateTime', 'multiOptions']);

function parametersFor(d: INodeTypeDescription, resource: string | undefined, operation: string): INodeParameters {
	const params: INodeParameters = { ...(resource ? { resource } : {}), operation };
	for (const p of d.properties) {
		if (p.name === 'resource' || p.name === 'operation' || p.noDataExpression) continue;
		if (!PROBED.has(p.type) && p.type !== 'resourceLocator') continue;
		const show = p.displayOptions?.show ?? {};
		if (show.resource && !(show.resource as string[]).includes(resource as string)) continue;
		if (show.operation && !(show.operation as string[]).includes(operation)) continue;
		if (params[p.name] !== undefined) continue;
		params[p.name] = (p.type === 'resourceLocator' ? { __rl: true, mode: 'id', value: probe({ ...p, default: '' }) } : probe(p)) as never;
	}
	return params;
}

const pairedTo = (item: INodeExecutionData, index: number) => {
	const p = item.pairedItem;
	const list = (Array.isArray(p) ? p : p === undefined ? [] : [p]) as Array<IPairedItemData | number>;
	return list.some((x) => (typeof x === 'number' ? x : x.item) === index);
};

const nodes = actionNodes();

/**
 * Operations that read their parameters once for the run (from the first item): a problem there
 * fails the run as a whole, item 0 named; under Continue On Fail failed items carry it.
 */
const RUN_LEVEL: Record<string, string[]> = { 'OCG Compliance': ['budgetWatch'], 'Billing Ledger': ['route', 'summarize'] };

describe('Continue On Fail: one rule in every action node', () => {
	it('walks every registered action node and operation', () => {
		const names = nodes.map((n) => n.name);
		expect(names).toEqual(expect.arrayContaining(['Clio', 'Actionstep', 'Brightflag', 'Legal Tracker', 'LEDES', 'UTBMS', 'OCG Compliance']));
		for (const n of nodes) expect(operationsOf(n.node.description).length).toBeGreaterThan(0);
	});

	const cases = nodes.flatMap((n) => operationsOf(n.node.description).map((op) => ({ ...n, ...op })));
	it.each(cases.map((c) => [`${c.name}: ${c.resource ? `${c.resource} → ` : ''}${c.operation}`, c] as const))('%s', async (_label, c) => {
		const d = c.node.description;
		const parameters = parametersFor(d, c.resource, c.operation);
		const items: INodeExecutionData[] = [{ json: { n: 0 } }, { json: { n: 1, [BOOM]: true } }];
		const base = { nodeTypes: { [c.type]: c.node }, type: c.type, parameters, items, typeVersion: currentVersion(d) };

		if (RUN_LEVEL[c.name]?.includes(c.operation)) {
			const first = await runNode({ ...base, items: [items[1], items[0]] });
			expect(first.error?.name).toMatch(/^Node(Api|Operation)Error$/);
			expect(first.error?.message).toContain(PROBE_ERROR);
			const cont = await runNode({ ...base, items: [items[1], items[0]], continueOnFail: true });
			expect(cont.error).toBeUndefined();
			const failed = cont.outputs.flat();
			expect(failed.length).toBeGreaterThan(0);
			for (const it of failed) expect(String(it.json.error)).toContain(PROBE_ERROR);
			expect(failed.some((it) => pairedTo(it, 0))).toBe(true);
			expect((first.error?.context as { itemIndex?: number } | undefined)?.itemIndex).toBe(0);
			return;
		}

		// without Continue On Fail: a node error naming the failing item
		const r = await runNode(base);
		expect(r.error).toBeDefined();
		expect(['NodeApiError', 'NodeOperationError']).toContain(r.error!.name);
		const itemIndex = (r.error!.context as { itemIndex?: number } | undefined)?.itemIndex;
		expect(itemIndex).toBeDefined();
		if (String(r.error!.message).includes(PROBE_ERROR)) expect(itemIndex).toBe(1);

		// with it: item 1 on the error route, with json.error and its pairedItem
		const c2 = await runNode({ ...base, continueOnFail: true });
		expect(c2.error).toBeUndefined();
		const { workflow, node } = singleNodeWorkflow({ ...base, typeVersion: currentVersion(d) });
		const outputs = NodeHelpers.getNodeOutputs(workflow, node, d).map((o) =>
			typeof o === 'string' ? '' : String((o as { displayName?: string }).displayName ?? ''),
		);
		const notOk = NOT_OK.map((name) => outputs.indexOf(name)).find((k) => k >= 0);
		const route = notOk ?? 0;
		const failed = (c2.outputs[route] ?? []).filter((it) => pairedTo(it, 1));
		expect(failed.length).toBeGreaterThan(0);
		for (const it of failed) expect(typeof it.json.error).toBe('string');
		c2.outputs.forEach((out, k) => {
			if (k !== route) expect(out.filter((it) => pairedTo(it, 1))).toEqual([]);
		});
	});
});
