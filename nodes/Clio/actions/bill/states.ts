export const BILL_STATES = [
	{ name: 'Awaiting Approval', value: 'awaiting_approval' },
	{ name: 'Awaiting Payment', value: 'awaiting_payment' },
	{ name: 'Deleted', value: 'deleted' },
	{ name: 'Draft', value: 'draft' },
	{ name: 'Paid', value: 'paid' },
	{ name: 'Void', value: 'void' },
];
