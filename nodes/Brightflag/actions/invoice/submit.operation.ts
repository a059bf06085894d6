import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';
import { readLedesBinary } from '../../../shared/ledesFile';
import { brightflagApiRequest } from '../../transport';
import { assertUnverifiedAllowed, unverifiedEndpointOption } from '../unverified';
import { withCreateOutcome } from '../../../shared/transport/http';

const properties: INodeProperties[] = [
	{
		displayName:
			'Brightflag publishes no vendor-side submission API: law firms normally upload LEDES files in the Brightflag Law Firm Portal. This operation POSTs the file to the endpoint you configure (by default the local sandbox\'s own submission endpoint), e.g. one agreed with your client.',
		name: 'submitNotice',
		type: 'notice',
		default: '',
	},
	unverifiedEndpointOption('a LEDES submission endpoint (Brightflag publishes none; the default path exists only in the local sandbox)'),
	{
		displayName: 'Input Binary Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		description: 'Name of the binary property holding the LEDES file (e.g. from the LEDES node)',
	},
	{
		displayName: 'Submission Endpoint',
		name: 'endpoint',
		type: 'string',
		default: '/api/sandbox/v1/ledes-submissions',
		description: 'Path under the credential\'s base URL, or a full URL. The default exists only in the sandbox.',
	},
	{
		displayName: 'LEDES Format',
		name: 'format',
		type: 'options',
		options: [
			{ name: 'Detect From File', value: 'auto' },
			{ name: 'LEDES 1998B', value: '1998B' },
			{ name: 'LEDES 98BI', value: '98BI' },
			{ name: 'LEDES XML 2.x', value: 'XML' },
		],
		default: 'auto',
	},
];

export const description = updateDisplayOptions({ show: { resource: ['invoice'], operation: ['submit'] } }, properties);

/** Recognises a LEDES file by its first line; anything else is refused before it leaves n8n. */
/** Items carry outcome 'created'; a lost answer fails with outcome 'unknown' (may have been created), a refusal with 'failed'. */
export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	return await withCreateOutcome(async () => await create.call(this, i));
}

async function create(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	assertUnverifiedAllowed.call(this, i, 'Invoice → Submit', 'a LEDES submission endpoint');
	const prop = this.getNodeParameter('binaryPropertyName', i) as string;
	const endpoint = String(this.getNodeParameter('endpoint', i) ?? '').trim();
	const format = this.getNodeParameter('format', i) as string;
	const { buffer, format: detected, fileName } = await readLedesBinary.call(this, i, prop);
	if (format !== 'auto' && format !== detected) {
		throw new NodeOperationError(this.getNode(), `The file is LEDES ${detected}, but "LEDES Format" is set to ${format}`, { itemIndex: i });
	}
	if (!endpoint) throw new NodeOperationError(this.getNode(), 'Submission Endpoint is empty', { itemIndex: i });
	const isUrl = /^https?:\/\//i.test(endpoint);
	const res = await brightflagApiRequest.call(this, 'POST', isUrl ? '' : endpoint.startsWith('/') ? endpoint : `/${endpoint}`, {
		...(isUrl ? { url: endpoint } : {}),
		qs: { fileName, format: detected },
		body: buffer,
		json: false,
		headers: { 'Content-Type': detected === 'XML' ? 'application/xml' : 'text/plain; charset=utf-8', Accept: 'application/json' },
		itemIndex: i,
		creates: true,
	});
	const json = (typeof res === 'object' && res !== null ? res : { response: res }) as IDataObject;
	return [{ json: { ...json, fileName, format: detected } }];
}
