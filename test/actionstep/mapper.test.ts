import { actionstepBool, actionstepTimeEntriesFromResponse, actionstepTimeEntryToBillingEntry, ActionstepMappingError } from '../../lib/mappers/actionstep';
import { Decimal } from '../../lib/money/decimal';

const response = {
	links: {},
	timeentries: [
		{
			id: 41,
			timestampDate: '2026-11-02T09:30:00+11:00',
			description: 'Draft motion to dismiss',
			actualHours: '1.5',
			billableHours: '1.6',
			billingBehavior: 'Bill',
			rateUnitPrice: '450.00',
			billableAmount: '720.00',
			isBillable: 'T',
			isBilled: 'F',
			links: { action: '7', owner: '3', utbmsTaskCode: 'L250', utbmsActivityCode: 'A103', bill: null },
		},
		{
			id: 42,
			timestampDate: '2026-11-03',
			description: 'Internal conference',
			billableHours: 0.3,
			billingBehavior: 'No charge',
			rateUnitPrice: 300,
			isBillable: 'F',
			links: { action: '7', owner: '99' },
		},
	],
	linked: {
		actions: [{ id: 7, name: 'Acme v Widget', reference: 'ACME-0007', links: { primaryParticipants: ['12'] } }],
		participants: [
			{ id: 3, displayName: 'Jane Smith', firstName: 'Jane', lastName: 'Smith', email: 'jane@firm.test' },
			{ id: 12, displayName: 'Acme Corp' },
		],
	},
};

describe('Actionstep time entry mapper', () => {
	it('maps a time entry with linked matter, owner and client to a canonical entry', () => {
		const [a, b] = actionstepTimeEntriesFromResponse(response, {
			currency: 'AUD',
			timeZone: 'Australia/Sydney',
			classifications: { '3': 'ASSOC' },
			matterExtras: { '7': { clientMatterId: 'CM-77', ledesClientId: 'ACME01' } },
		});
		expect(a).toEqual({
			id: 'actionstep:timeentry:41',
			source: { system: 'actionstep', id: '41', type: 'timeentries' },
			kind: 'fee',
			date: '2026-11-02',
			timeZone: 'Australia/Sydney',
			timekeeper: { id: '3', name: 'Jane Smith', firstName: 'Jane', lastName: 'Smith', classification: 'ASSOC', email: 'jane@firm.test' },
			client: { id: '12', name: 'Acme Corp', ledesClientId: 'ACME01' },
			matter: { id: '7', number: 'ACME-0007', name: 'Acme v Widget', clientMatterId: 'CM-77' },
			quantity: '1.6',
			rate: '450',
			adjustment: '0.00',
			total: '720.00',
			currency: 'AUD',
			codes: { task: 'L250', activity: 'A103' },
			narrative: 'Draft motion to dismiss',
			billable: true,
			billingStatus: 'unbilled',
			extra: { actualHours: '1.5', billingBehavior: 'Bill' },
		});
		expect(b.billable).toBe(false);
		expect(b.billingStatus).toBe('nonBillable');
		expect(b.total).toBe(Decimal.from('0.3').mul('300').toFixed(2));
		expect(b.timekeeper).toEqual({ id: '99' });
	});

	it('keeps a stated amount and records the difference as an adjustment', () => {
		const e = actionstepTimeEntryToBillingEntry({ id: 5, timestampDate: '2026-01-05', billableHours: '2', rateUnitPrice: '100', billableAmount: '150', links: { bill: '9' } });
		expect(e.total).toBe('150.00');
		expect(e.adjustment).toBe('-50.00');
		expect(e.billingStatus).toBe('billed');
	});

	it('reads the node’s flattened shape (relation ids and resolved objects)', () => {
		const e = actionstepTimeEntryToBillingEntry({
			id: '8',
			timestampDate: '2026-02-01',
			billableHours: '0.25',
			rateUnitPrice: '400',
			actionId: '7',
			owner: { id: '3', displayName: 'Jane Smith' },
		});
		expect(e.matter).toEqual({ id: '7' });
		expect(e.timekeeper).toEqual({ id: '3', name: 'Jane Smith' });
		expect(e.total).toBe('100.00');
	});

	it('says which field is wrong', () => {
		expect(() => actionstepTimeEntryToBillingEntry({ id: 1, timestampDate: '02/11/2026', billableHours: '1' })).toThrow(/"timestampDate" is not an ISO date/);
		expect(() => actionstepTimeEntryToBillingEntry({ id: 1, timestampDate: '2026-11-02', billableHours: 'abc' })).toThrow(ActionstepMappingError);
		expect(() => actionstepTimeEntryToBillingEntry({ id: 1, timestampDate: '2026-11-02' })).toThrow(/neither "billableHours" nor "actualHours"/);
	});

	it('reads Actionstep booleans', () => {
		expect([actionstepBool('T'), actionstepBool('F'), actionstepBool(''), actionstepBool('x')]).toEqual([true, false, undefined, undefined]);
	});
});
