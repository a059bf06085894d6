import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';
import { normalizeUtbmsCode } from '../../../../lib/utbms';
import { catalogFor, type UtbmsRunContext } from '../../helpers/utils';
import { additionalCodeSets } from '../common.descriptions';

const properties: INodeProperties[] = [
	{
		displayName: 'Code Name or ID',
		name: 'code',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getCodes' },
		default: '',
		required: true,
		description:
			'The UTBMS code to look up, e.g. L330. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			additionalCodeSets,
			{
				displayName: 'Error If Not Found',
				name: 'errorIfNotFound',
				type: 'boolean',
				default: false,
				description: 'Whether to fail the item when the code is not a UTBMS code (otherwise it is output with found: false)',
			},
		],
	},
];

export const description = updateDisplayOptions({ show: { operation: ['lookup'] } }, properties);

export async function execute(this: IExecuteFunctions, i: number, ctx: UtbmsRunContext): Promise<Array<{ output: number; item: INodeExecutionData }>> {
	const catalog = catalogFor.call(this, i, ctx);
	const given = this.getNodeParameter('code', i, '') as unknown;
	const code = normalizeUtbmsCode(given);
	const options = this.getNodeParameter('options', i, {}) as IDataObject;
	if (code === '') throw new NodeOperationError(this.getNode(), `Parameter "Code" is empty for item ${i}`, { itemIndex: i });
	const info = catalog.lookup(code);
	if (!info) {
		const partial = catalog.check(code).issues.find((x) => x.code === 'unverified');
		const message = partial ? partial.message : `"${code}" is not a UTBMS code`;
		if (options.errorIfNotFound === true)
			throw new NodeOperationError(this.getNode(), `${message} (parameter "Code", item ${i})`, { itemIndex: i });
		return [{ output: 0, item: { json: { code, found: false, message }, pairedItem: { item: i } } }];
	}
	const set = catalog.getSet(info.set);
	const json: IDataObject = { found: true, ...(info as unknown as IDataObject) };
	if (set?.partial) json.setNote = set.note;
	return [{ output: 0, item: { json, pairedItem: { item: i } } }];
}
