import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

export const CONTACT_TYPES = [
	{ name: 'Company', value: 'Company' },
	{ name: 'Person', value: 'Person' },
];

export const contactWriteFields: INodeProperties[] = [
	{ displayName: 'First Name', name: 'first_name', type: 'string', default: '', description: 'People: first name' },
	{ displayName: 'Last Name', name: 'last_name', type: 'string', default: '', description: 'People: last name' },
	{ displayName: 'Middle Name', name: 'middle_name', type: 'string', default: '' },
	{ displayName: 'Prefix', name: 'prefix', type: 'string', default: '' },
	{ displayName: 'Title', name: 'title', type: 'string', default: '' },
	{ displayName: 'Email', name: 'email', type: 'string', placeholder: 'name@email.com', default: '', description: 'Primary work email address' },
	{ displayName: 'Phone', name: 'phone', type: 'string', default: '', description: 'Primary work phone number' },
	{ displayName: 'LEDES Client ID', name: 'ledes_client_id', type: 'string', default: '', description: 'The ID the client\'s e-billing platform knows it by (LEDES CLIENT_ID)' },
	{ displayName: 'Sales Tax Number', name: 'sales_tax_number', type: 'string', default: '' },
	{ displayName: 'Company ID', name: 'companyId', type: 'string', default: '', description: 'People: the company contact they work for' },
];

export function contactBody(this: IExecuteFunctions, f: IDataObject, i: number): IDataObject {
	const data: IDataObject = {};
	for (const k of ['name', 'type', 'first_name', 'last_name', 'middle_name', 'prefix', 'title', 'ledes_client_id', 'sales_tax_number'] as const)
		if (f[k] !== undefined && f[k] !== '') data[k] = f[k];
	if (f.email) {
		if (!/^[^\s@]+@[^\s@]+$/.test(String(f.email)))
			throw new NodeOperationError(this.getNode(), `"Email" is not an email address: "${String(f.email)}"`, { itemIndex: i });
		data.email_addresses = [{ name: 'Work', address: f.email, default_email: true }];
	}
	if (f.phone) data.phone_numbers = [{ name: 'Work', number: f.phone, default_number: true }];
	if (f.companyId) {
		if (!/^\d+$/.test(String(f.companyId))) throw new NodeOperationError(this.getNode(), '"Company ID" must be a numeric Clio ID', { itemIndex: i });
		data.company = { id: Number(f.companyId) };
	}
	return data;
}
