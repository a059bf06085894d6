/** Clio bills: list, get, state transitions (BILL_TRANSITIONS), delete; void/delete send activities back to unbilled. */
import { BILL_TRANSITIONS, type ClioBill, type ClioBillState } from '../state';
import { ClioError } from './errors';
import { dateFilter, enumFilter, idFilter, type ApiKit } from './kit';

export function mountBills(k: ApiKit): void {
	const { router, ctx, state, models, hooks, selectionFor, show, find, checkIfMatch, dataOf, stamp, list, updated } = k;
	const billStates: ClioBillState[] = ['draft', 'awaiting_approval', 'awaiting_payment', 'paid', 'void', 'deleted'];
	router.get(
		'/bills.json',
		list<ClioBill>({
			model: models.bill,
			collection: () => state.bills,
			filters: [
				enumFilter('state', billStates, (b, v) => b.state === v),
				{
					param: 'matter_id',
					build: (v) => {
						const id = Number(v);
						if (!Number.isInteger(id)) throw new ClioError(400, 'matter_id must be an integer id');
						return (b: ClioBill) => b.matter_ids.includes(id);
					},
				},
				idFilter('client_id', (b) => b.client_id),
				dateFilter('issued_after', (b) => b.issued_at, 'gte'),
				dateFilter('issued_before', (b) => b.issued_at, 'lte'),
			],
			search: (b, q) => b.number.toLowerCase().includes(q),
		}),
	);
	router.get('/bills/:id.json', (req, res) => show(req, res, models.bill, find(state.bills, req, 'Bill')));
	router.patch('/bills/:id.json', (req, res) => {
		selectionFor(req, models.bill);
		const b = find(state.bills, req, 'Bill');
		checkIfMatch(req, 'bill', b);
		const d = dataOf(req);
		if (d.state !== undefined && d.state !== b.state) {
			const next = d.state as ClioBillState;
			if (!billStates.includes(next)) throw new ClioError(422, `state must be one of: ${billStates.join(', ')}`);
			if (!BILL_TRANSITIONS[b.state].includes(next)) throw new ClioError(422, `A bill cannot go from ${b.state} to ${next} (allowed: ${BILL_TRANSITIONS[b.state].join(', ') || 'none'})`);
			setBillState(b, next);
		}
		for (const key of ['memo', 'subject', 'purchase_order', 'number'] as const) if (typeof d[key] === 'string') b[key] = d[key] as string;
		for (const key of ['issued_at', 'due_at'] as const) {
			if (d[key] === undefined) continue;
			if (typeof d[key] !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(d[key] as string)) throw new ClioError(422, `${key} must be a date (YYYY-MM-DD)`);
			b[key] = d[key] as string;
		}
		updated(req, res, 'bill', state.bills, models.bill, b);
	});
	router.delete('/bills/:id.json', (req, res) => {
		const b = find(state.bills, req, 'Bill');
		if (!BILL_TRANSITIONS[b.state].includes('deleted')) throw new ClioError(422, `A ${b.state} bill cannot be deleted (void it first)`);
		setBillState(b, 'deleted');
		stamp(b);
		hooks.emit('bill', 'deleted', b);
		res.status(204).end();
	});

	function setBillState(b: ClioBill, next: ClioBillState) {
		b.state = next;
		if (next === 'paid') {
			b.paid = state.billTotal(b).toFixed(2);
			b.paid_at = ctx.nowIso();
		}
		if (next === 'awaiting_payment' && !b.last_sent_at) b.last_sent_at = ctx.nowIso();
		if (next === 'void' || next === 'deleted') {
			// the activities go back to unbilled
			for (const id of state.billActivities.get(b.id) ?? []) {
				const a = state.activities.get(id);
				if (a) {
					a.bill_id = null;
					stamp(a);
				}
			}
			state.billActivities.delete(b.id);
			state.activities.touch();
		}
	}
}
