import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';
import { issuePortalLink, MAX_LINK_DAYS } from '../../../../lib/report';
import { portalCredential } from '../common.descriptions';

const properties: INodeProperties[] = [
	{ displayName: 'Client ID', name: 'clientId', type: 'string', default: '', required: true, description: 'The client whose spend the link opens (as the ledger records it: the LEDES client ID)' },
	{ displayName: 'Contact', name: 'contact', type: 'string', default: '', placeholder: 'gc@client.example', description: 'Who the link is for; shown on the page' },
	{ displayName: 'Valid for (Days)', name: 'ttlDays', type: 'number', typeOptions: { minValue: 1, maxValue: MAX_LINK_DAYS }, default: 30, description: 'The link expires after this many days' },
];

export const description = updateDisplayOptions({ show: { operation: ['issueLink'] } }, properties);

/** A signed portal link (JWT HS256 with the client id and an expiry) for one client contact. */
export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const cred = await portalCredential.call(this, i);
	const clientId = String(this.getNodeParameter('clientId', i, '')).trim();
	if (!clientId) throw new NodeOperationError(this.getNode(), `Parameter "Client ID" is empty (item ${i})`, { itemIndex: i });
	const base = `${cred.baseUrl.replace(/\/+$/, '')}/${cred.portalPath.replace(/^\/+/, '')}`;
	try {
		const link = issuePortalLink(cred.signingKey, {
			baseUrl: base,
			clientId,
			contact: String(this.getNodeParameter('contact', i, '')).trim() || undefined,
			ttlDays: this.getNodeParameter('ttlDays', i, 30) as number,
		});
		return [{ json: { ...link }, pairedItem: { item: i } }];
	} catch (e) {
		throw new NodeOperationError(this.getNode(), `${(e as Error).message} (item ${i})`, { itemIndex: i });
	}
}
