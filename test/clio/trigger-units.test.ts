import { clioNowEstimate } from '../../nodes/Clio/ClioTrigger.node';

describe('Clio clock estimate for webhook renewal', () => {
	it('takes the latest of the Date header and timestamps Clio wrote, ignoring garbage', () => {
		const header = 'Fri, 27 Nov 2026 17:00:00 GMT';
		expect(clioNowEstimate(header, [])).toBe(Date.parse('2026-11-27T17:00:00Z'));
		expect(clioNowEstimate(header, ['2026-12-20T08:00:00Z', null, 'not a date', 42])).toBe(Date.parse('2026-12-20T08:00:00Z'));
		expect(clioNowEstimate(undefined, ['2026-11-01T00:00:00Z'])).toBe(Date.parse('2026-11-01T00:00:00Z'));
		expect(clioNowEstimate(undefined, [])).toBeUndefined();
	});
});
