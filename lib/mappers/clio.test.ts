import fc from 'fast-check';
import { Decimal } from '../money/decimal';
import {
	buildClioUtbmsIndex,
	clioActivityToBillingEntry,
	clioActivityUtbmsCodes,
	clioHoursToSeconds,
	clioSecondsToHours,
	clioUtbmsCodeFromText,
	type ClioActivity,
} from './clio';

const time: ClioActivity = {
	id: 41,
	type: 'TimeEntry',
	date: '2026-11-02',
	quantity: 5220,
	rounded_quantity: 5400,
	price: 350.1,
	total: 525.15,
	note: 'Draft motion to compel',
	billed: false,
	on_bill: false,
	non_billable: false,
	no_charge: false,
	currency: { code: 'USD' },
	user: { id: 7, name: 'Ada Lovelace', first_name: 'Ada', last_name: 'Lovelace' },
	matter: { id: 3, display_number: '00003-Acme', description: 'Acme v. Widget' },
	activity_description: { id: 11, name: 'Draft motion', utbms_task_id: 501, utbms_task_name: 'L250 Other Written Motions', utbms_activity_id: 601 },
};

describe('clio mapper', () => {
	it('converts seconds and hours exactly', () => {
		expect(clioSecondsToHours(5400)).toBe('1.5');
		expect(clioSecondsToHours(360)).toBe('0.1');
		expect(clioSecondsToHours(180)).toBe('0.05');
		expect(clioSecondsToHours(1)).toBe('0.000278');
		expect(clioHoursToSeconds('0.1')).toBe(360);
		expect(clioHoursToSeconds(1.25)).toBe(4500);
		expect(clioHoursToSeconds('0.3333')).toBe(1200);
		expect(() => clioHoursToSeconds('-1')).toThrow(/negative/);
		expect(() => clioHoursToSeconds('1,5')).toThrow(/decimal/);
	});

	it('round-trips hours with up to two decimals through Clio seconds exactly (property)', () => {
		fc.assert(
			fc.property(fc.integer({ min: 0, max: 10_000_000 }), (hundredths) => {
				const hours = Decimal.from(hundredths).div(100, 2).toString();
				const seconds = clioHoursToSeconds(hours);
				expect(Number.isInteger(seconds)).toBe(true);
				expect(clioSecondsToHours(seconds)).toBe(hours);
			}),
		);
	});

	it('reads UTBMS codes from text', () => {
		expect(clioUtbmsCodeFromText('L110 Fact Investigation')).toBe('L110');
		expect(clioUtbmsCodeFromText('A103 - Draft/revise')).toBe('A103');
		expect(clioUtbmsCodeFromText('Research')).toBeUndefined();
	});

	it('maps a time entry to a canonical fee with exact money and rounded hours', () => {
		const index = buildClioUtbmsIndex([
			{ id: 11, name: 'Draft motion', utbms_task: { id: 501, code: 'L250' }, utbms_activity: { id: 601, code: 'A103' } },
		]);
		const e = clioActivityToBillingEntry(time, {
			utbms: index,
			matters: { '3': { id: 3, display_number: '00003-Acme', description: 'Acme v. Widget', client_reference: 'ACME-77', client: { id: 9, name: 'Acme Corp', ledes_client_id: 'ACME01' } } },
			classifications: { '7': 'PARTNR' },
			timeZone: 'America/New_York',
		});
		expect(e).toEqual({
			id: 'clio:activity:41',
			source: { system: 'clio', id: '41', type: 'TimeEntry' },
			kind: 'fee',
			date: '2026-11-02',
			timeZone: 'America/New_York',
			quantity: '1.5',
			rate: '350.1',
			adjustment: '0',
			total: '525.15',
			currency: 'USD',
			narrative: 'Draft motion to compel',
			billable: true,
			billingStatus: 'unbilled',
			timekeeper: { id: '7', name: 'Ada Lovelace', firstName: 'Ada', lastName: 'Lovelace', classification: 'PARTNR' },
			matter: { id: '3', number: '00003-Acme', name: 'Acme v. Widget', clientMatterId: 'ACME-77' },
			client: { id: '9', name: 'Acme Corp', ledesClientId: 'ACME01' },
			codes: { task: 'L250', activity: 'A103' },
			firmCodes: { activityDescription: 'Draft motion' },
		});
	});

	it('falls back to the task name and keeps a flat-rate difference as adjustment', () => {
		const e = clioActivityToBillingEntry({ ...time, flat_rate: true, total: 500, rounded_quantity: undefined, quantity: 3600 }, {});
		expect(e.codes).toEqual({ task: 'L250' });
		expect(e.quantity).toBe('1');
		expect(e.adjustment).toBe('149.9');
		expect(e.total).toBe('500');
		expect(e.extra).toEqual({ flatRate: true });
	});

	it('maps expenses with units and the utbms_expense code', () => {
		const e = clioActivityToBillingEntry({
			id: 50, type: 'ExpenseEntry', date: '2026-11-03', quantity: 3, price: 0.1, total: 0.3, billed: true,
			utbms_expense: { id: 9, name: 'E101 Copying', code: 'E101' }, non_billable: false,
		});
		expect(e.kind).toBe('expense');
		expect(e.quantity).toBe('3');
		expect(e.total).toBe('0.3');
		expect(e.adjustment).toBe('0');
		expect(e.codes).toEqual({ expense: 'E101' });
		expect(e.billingStatus).toBe('billed');
		expect(clioActivityUtbmsCodes({ id: 1, utbms_expense: { id: 9, name: 'Copying' } })).toEqual({});
	});

	it('names the activity and field when something is missing', () => {
		expect(() => clioActivityToBillingEntry({ id: 5, type: 'TimeEntry', date: '2026-01-01', quantity: 60 })).toThrow(
			'Clio activity 5: field "price" is missing',
		);
		expect(() => clioActivityToBillingEntry({ id: 6, type: 'TimeEntry', quantity: 60, price: 1 })).toThrow(/"date"/);
	});
});
