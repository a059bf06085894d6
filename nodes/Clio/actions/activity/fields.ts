/** Activity write fields shared by Create and Update, and their mapping to Clio's request body. */
import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';
import { clioHoursToSeconds } from '../../../../lib/mappers/clio';
import { clioLocator } from '../common.descriptions';
import { readDecimal, readId } from '../../../shared/params';
import { CLIO_ID, isoDate } from '../../helpers/utils';

export const ACTIVITY_TYPES = [
	{ name: 'Time Entry', value: 'TimeEntry' },
	{ name: 'Expense Entry', value: 'ExpenseEntry' },
	{ name: 'Hard Cost Entry', value: 'HardCostEntry' },
	{ name: 'Soft Cost Entry', value: 'SoftCostEntry' },
];

export const activityWriteFields: INodeProperties[] = [
	{
		displayName: 'Hours',
		name: 'hours',
		type: 'string',
		default: '',
		placeholder: '1.5',
		description: 'Time entries: hours worked as a decimal (converted to the seconds Clio stores: 0.1 h = 360 s)',
	},
	{
		displayName: 'Quantity',
		name: 'quantity',
		type: 'string',
		default: '',
		placeholder: '3',
		description: 'Expense entries: number of units',
	},
	{
		displayName: 'Price',
		name: 'price',
		type: 'string',
		default: '',
		placeholder: '350.00',
		description: 'Hourly rate (time entries) or cost per unit (expenses), as an exact decimal',
	},
	{ displayName: 'Note', name: 'note', type: 'string', default: '', typeOptions: { rows: 3 }, description: 'The narrative' },
	{ displayName: 'Reference', name: 'reference', type: 'string', default: '', description: 'A reference, e.g. a receipt number' },
	clioLocator('user', { description: 'The timekeeper (defaults to the authorised user)' }),
	{
		displayName: 'Activity Description ID',
		name: 'activityDescriptionId',
		type: 'string',
		default: '',
		description: 'The firm\'s activity description (carries the UTBMS task/activity codes)',
	},
	{ displayName: 'UTBMS Expense Code ID', name: 'utbmsExpenseId', type: 'string', default: '', description: 'Clio ID of the UTBMS expense code (E101…)' },
	{ displayName: 'Expense Category ID', name: 'expenseCategoryId', type: 'string', default: '' },
	{ displayName: 'Vendor Contact ID', name: 'vendorId', type: 'string', default: '', description: 'Expenses: the vendor contact' },
	{ displayName: 'Non-Billable', name: 'non_billable', type: 'boolean', default: false, description: 'Whether the entry is kept off bills' },
	{ displayName: 'No Charge', name: 'no_charge', type: 'boolean', default: false, description: 'Whether the non-billable entry is shown on the bill at no charge' },
	{
		displayName: 'Tax Setting',
		name: 'tax_setting',
		type: 'options',
		default: 'no_tax',
		options: [
			{ name: 'No Tax', value: 'no_tax' },
			{ name: 'Tax 1 Only', value: 'tax_1_only' },
			{ name: 'Tax 2 Only', value: 'tax_2_only' },
			{ name: 'Tax 1 and Tax 2', value: 'tax_1_and_tax_2' },
		],
	},
];

function decimalText(this: IExecuteFunctions, value: unknown, field: string, i: number): string {
	return readDecimal.call(this, value, `"${field}"`, i).toString();
}

function idRef(this: IExecuteFunctions, value: unknown, field: string, i: number): { id: number } {
	return { id: Number(readId.call(this, value, `"${field}"`, i, CLIO_ID)) };
}

/**
 * Builds Clio's `data` object from the node's fields. `type` decides what Hours/Quantity mean: hours
 * are sent as seconds for time entries; quantity is a unit count for expenses.
 */
export function activityBody(this: IExecuteFunctions, fields: IDataObject, type: string | undefined, i: number): IDataObject {
	const data: IDataObject = {};
	if (fields.hours !== undefined && fields.hours !== '') {
		if (type !== undefined && type !== 'TimeEntry')
			throw new NodeOperationError(this.getNode(), `"Hours" applies to time entries; use "Quantity" for a ${type}`, { itemIndex: i });
		try {
			data.quantity = clioHoursToSeconds(decimalText.call(this, fields.hours, 'Hours', i));
		} catch (error) {
			throw new NodeOperationError(this.getNode(), (error as Error).message, { itemIndex: i });
		}
	}
	if (fields.quantity !== undefined && fields.quantity !== '') {
		if (type === 'TimeEntry')
			throw new NodeOperationError(this.getNode(), '"Quantity" applies to expenses; give time entries "Hours"', { itemIndex: i });
		data.quantity = Number(decimalText.call(this, fields.quantity, 'Quantity', i));
	}
	if (fields.price !== undefined && fields.price !== '') data.price = Number(decimalText.call(this, fields.price, 'Price', i));
	if (fields.date !== undefined && fields.date !== '') data.date = isoDate.call(this, fields.date, 'Date', i);
	for (const k of ['note', 'reference', 'tax_setting'] as const) if (fields[k] !== undefined && fields[k] !== '') data[k] = fields[k];
	for (const k of ['non_billable', 'no_charge'] as const) if (typeof fields[k] === 'boolean') data[k] = fields[k];
	const user = fields.userId as IDataObject | string | undefined;
	const userValue = typeof user === 'object' && user !== null ? user.value : user;
	if (userValue) data.user = idRef.call(this, String(userValue).replace(/^.*\/users\/(\d+).*$/, '$1'), 'User', i);
	const matter = fields.matterId as IDataObject | string | undefined;
	const matterValue = typeof matter === 'object' && matter !== null ? matter.value : matter;
	if (matterValue) data.matter = idRef.call(this, String(matterValue).replace(/^.*\/matters\/(\d+).*$/, '$1'), 'Matter', i);
	if (fields.activityDescriptionId) data.activity_description = idRef.call(this, fields.activityDescriptionId, 'Activity Description ID', i);
	if (fields.utbmsExpenseId) data.utbms_expense = idRef.call(this, fields.utbmsExpenseId, 'UTBMS Expense Code ID', i);
	if (fields.expenseCategoryId) data.expense_category = idRef.call(this, fields.expenseCategoryId, 'Expense Category ID', i);
	if (fields.vendorId) data.vendor = idRef.call(this, fields.vendorId, 'Vendor Contact ID', i);
	return data;
}
