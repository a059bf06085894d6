import { NodeOperationError, type IExecuteFunctions, type INodeExecutionData, type INodeType, type INodeTypeDescription } from 'n8n-workflow';
import { runNode } from '../helpers/n8n';

class Echo implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Echo',
		name: 'echo',
		group: ['transform'],
		version: 1,
		description: 'test',
		defaults: { name: 'Echo' },
		inputs: ['main'],
		outputs: ['main'],
		properties: [{ displayName: 'Suffix', name: 'suffix', type: 'string', default: '' }],
	} as INodeTypeDescription;
	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const out: INodeExecutionData[] = [];
		for (const [i, item] of this.getInputData().entries()) {
			try {
				if (item.json.fail) throw new NodeOperationError(this.getNode(), 'asked to fail', { itemIndex: i });
				const suffix = this.getNodeParameter('suffix', i) as string;
				const binary = await this.helpers.prepareBinaryData(Buffer.from(`${item.json.v}${suffix}`), 'x.txt', 'text/plain');
				out.push({ json: { v: `${item.json.v}${suffix}` }, binary: { data: binary }, pairedItem: { item: i } });
			} catch (e) {
				if (this.continueOnFail()) out.push({ json: { error: (e as Error).message }, pairedItem: { item: i } });
				else throw e;
			}
		}
		return [out];
	}
}

describe('n8n execution harness', () => {
	it('runs a node in WorkflowExecute with expressions and binary data', async () => {
		const r = await runNode({
			nodeTypes: { 'test.echo': new Echo() },
			type: 'test.echo',
			parameters: { suffix: '={{ "-" + $json.v }}' },
			items: [{ json: { v: 'a' } }, { json: { v: 'b' } }],
		});
		expect(r.error).toBeUndefined();
		expect(r.outputs[0].map((i) => i.json.v)).toEqual(['a-a', 'b-b']);
		expect(Buffer.from(r.outputs[0][1].binary!.data.data, 'base64').toString()).toBe('b-b');
	});
	it('reports the failing item, and continues on fail when asked', async () => {
		const items = [{ json: { v: 'a' } }, { json: { v: 'b', fail: true } }];
		const failed = await runNode({ nodeTypes: { 'test.echo': new Echo() }, type: 'test.echo', parameters: {}, items });
		expect(failed.error?.message).toBe('asked to fail');
		const cont = await runNode({ nodeTypes: { 'test.echo': new Echo() }, type: 'test.echo', parameters: {}, items, continueOnFail: true });
		expect(cont.outputs[0].map((i) => i.json)).toEqual([{ v: 'a' }, { error: 'asked to fail' }]);
	});
});
