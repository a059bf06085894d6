import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { flattenRecord, includeAll } from '../../helpers/jsonapi';
import { requiredId } from '../../helpers/utils';
import { actionstepGet } from '../../transport';
import { idField, resolveLinked } from '../common.descriptions';
import { canonicalOptions, outputOption, toCanonical } from './shared';

const properties: INodeProperties[] = [idField('Time Entry ID', 'timeEntryId'), outputOption, canonicalOptions, { ...resolveLinked, displayOptions: { show: { output: ['record'] } } }];

export const description = updateDisplayOptions({ show: { resource: ['timeEntry'], operation: ['get'] } }, properties);

export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const id = requiredId.call(this, 'timeEntryId', 'Time Entry ID', i);
	const output = this.getNodeParameter('output', i, 'record') as string;
	const resolve = output === 'canonical' || (this.getNodeParameter('resolveLinked', i, false) as boolean);
	const res = await actionstepGet.call(this, 'timeentries', id, resolve ? { include: includeAll('timeentries') } : {}, i);
	if (output === 'canonical') return (await toCanonical.call(this, res, this.getNodeParameter('canonicalOptions', i, {}) as IDataObject, i)).map((json) => ({ json }));
	return res.records.map((r) => ({ json: flattenRecord('timeentries', r, { linked: res.linked, links: res.links, resolve }) }));
}
