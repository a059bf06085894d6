import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { actionstepGet, actionstepGetMany } from '../transport';
import { flattenRecord, includeAll } from './jsonapi';

/** Get Many: Return All / Limit / Resolve Linked Records of item `i`, then friendly items. */
export async function listAndFlatten(this: IExecuteFunctions, i: number, resource: string, qs: IDataObject): Promise<INodeExecutionData[]> {
	const returnAll = this.getNodeParameter('returnAll', i) as boolean;
	const limit = returnAll ? undefined : (this.getNodeParameter('limit', i) as number);
	const resolve = this.getNodeParameter('resolveLinked', i, false) as boolean;
	const res = await actionstepGetMany.call(this, resource, resolve ? { ...qs, include: includeAll(resource) } : qs, { limit, itemIndex: i });
	return res.records.map((r) => ({ json: flattenRecord(resource, r, { linked: res.linked, links: res.links, resolve }) }));
}

/** Get: one record by id (Resolve Linked Records honoured), as a friendly item. */
export async function getAndFlatten(this: IExecuteFunctions, i: number, resource: string, id: string): Promise<INodeExecutionData[]> {
	const resolve = this.getNodeParameter('resolveLinked', i, false) as boolean;
	const res = await actionstepGet.call(this, resource, id, resolve ? { include: includeAll(resource) } : {}, i);
	return res.records.map((r) => ({ json: flattenRecord(resource, r, { linked: res.linked, links: res.links, resolve }) }));
}
