import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';
import { portalResponse, readBudgets } from '../../../../lib/report';
import { budgetsField, jsonParam, portalCredential, queryField, readOptions, readQuery, readSources, reportOptions, responseJson, sourceFields } from '../common.descriptions';

export const tokenField: INodeProperties = {
	displayName: 'Token',
	name: 'token',
	type: 'string',
	typeOptions: { password: true },
	default: '={{ $json.query?.token ?? "" }}',
	description: "The signed token of the link (the Webhook node's query.token). The page shows the client of this token, once verified, and nothing else.",
};

const properties: INodeProperties[] = [
	tokenField,
	queryField,
	...sourceFields,
	budgetsField,
	{
		displayName: 'Timekeeper Classifications',
		name: 'classifications',
		type: 'json',
		default: '{}',
		description: 'Timekeeper name → LEDES classification (PARTNR, ASSOC, PARALG …) for warehouse rows that carry none, e.g. from the Clio node (User → Get Many: job_title.initials)',
	},
	{ displayName: 'Firm Name', name: 'firmName', type: 'string', default: '', description: 'Shown under the title' },
	reportOptions,
];

export const description = updateDisplayOptions({ show: { operation: ['renderPortal'] } }, properties);

/** Verifies the token, then renders that client's page (or its CSV); a refused token gives a 401/403 page with no data. */
export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const cred = await portalCredential.call(this, i);
	const options = readOptions.call(this, i);
	const notices: string[] = [];
	const budgets = readBudgets(jsonParam.call(this, 'budgets', i), notices);
	const classes = jsonParam.call(this, 'classifications', i);
	const classifications: Record<string, string> = {};
	if (classes && typeof classes === 'object' && !Array.isArray(classes))
		for (const [k, v] of Object.entries(classes as IDataObject).slice(0, 10_000)) if (typeof v === 'string') classifications[k] = v;
	let res: ReturnType<typeof portalResponse>;
	try {
		res = portalResponse(
			readSources.call(this, i, false),
			{ token: this.getNodeParameter('token', i, '') as string, key: cred.signingKey, query: readQuery.call(this, i) },
			{ ...options, budgets, classifications, firmName: this.getNodeParameter('firmName', i, '') as string },
		);
	} catch (e) {
		// only a bad signing key throws here (tokens never do)
		throw new NodeOperationError(this.getNode(), `${(e as Error).message} (credential "Legal Billing Portal API", item ${i})`, { itemIndex: i });
	}
	const v = res.verification;
	return [
		{
			json: { ...responseJson(res), verified: v.ok, clientId: v.ok ? v.claims.sub : '', ...(v.ok ? {} : { refusal: v.reason }), notices },
			pairedItem: { item: i },
		},
	];
}
