import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';
import { errorResponse, verifyPortalToken } from '../../../../lib/report';
import { portalCredential, responseJson } from '../common.descriptions';
import { tokenField } from './renderPortal.operation';

const properties: INodeProperties[] = [tokenField];

export const description = updateDisplayOptions({ show: { operation: ['verifyToken'] } }, properties);

/**
 * Valid tokens go to the first output with `clientId` (from the token only), so the next nodes read
 * that client's rows alone; refused ones to the second, with the 401/403 page to answer.
 */
export async function execute(this: IExecuteFunctions, i: number): Promise<Array<{ output: number; item: INodeExecutionData }>> {
	const cred = await portalCredential.call(this, i);
	const token = this.getNodeParameter('token', i, '') as string;
	let v: ReturnType<typeof verifyPortalToken>;
	try {
		v = verifyPortalToken(token, cred.signingKey);
	} catch (e) {
		throw new NodeOperationError(this.getNode(), `${(e as Error).message} (credential "Legal Billing Portal API", item ${i})`, { itemIndex: i });
	}
	if (v.ok) return [{ output: 0, item: { json: { valid: true, clientId: v.claims.sub, contact: v.claims.contact ?? '', expiresAt: new Date(v.claims.exp * 1000).toISOString() }, pairedItem: { item: i } } }];
	const page = errorResponse(v.status, v.status === 401 ? 'Sign-in link needed' : 'Link not valid', v.message);
	return [{ output: 1, item: { json: { valid: false, reason: v.reason, ...responseJson(page) }, pairedItem: { item: i } } }];
}
