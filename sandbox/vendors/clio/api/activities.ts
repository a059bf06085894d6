/** Clio activities (time and expense entries): list with filters and search, get, create, update, delete. */
import { Decimal } from '../../../../lib/money/decimal';
import type { ClioActivity, ClioActivityType } from '../state';
import { ClioError } from './errors';
import { boolFilter, dateFilter, enumFilter, idFilter, type ListSpec, type ApiKit } from './kit';

export function mountActivities(k: ApiKit): void {
	const { router, ctx, state, models, hooks, userOf, selectionFor, show, find, checkIfMatch, dataOf, list, created, updated } = k;
	const activityStatuses = ['billed', 'unbilled', 'draft', 'billable', 'non_billable', 'written_off'];
	const activityTypes: ClioActivityType[] = ['TimeEntry', 'ExpenseEntry', 'HardCostEntry', 'SoftCostEntry'];
	const activityList: ListSpec<ClioActivity> = {
		model: models.activity,
		collection: () => state.activities,
		filters: [
			enumFilter<ClioActivity>('status', activityStatuses, (a, v) => {
				if (v === 'billable') return !a.non_billable;
				return state.activityStatus(a) === v || (v === 'non_billable' && a.non_billable);
			}),
			enumFilter<ClioActivity>('type', activityTypes, (a, v) => a.type === v),
			// answered from the activities' secondary indexes (state.ts ACTIVITY_INDEXES)
			idFilter<ClioActivity>('matter_id', (a) => a.matter_id, 'matter_id'),
			idFilter<ClioActivity>('user_id', (a) => a.user_id, 'user_id'),
			idFilter<ClioActivity>('activity_description_id', (a) => a.activity_description_id),
			dateFilter<ClioActivity>('start_date', (a) => a.date, 'gte'),
			dateFilter<ClioActivity>('end_date', (a) => a.date, 'lte'),
			boolFilter<ClioActivity>('flat_rate', (a) => a.flat_rate),
		],
		search: (a, q) => a.note.toLowerCase().includes(q),
	};


	router.get('/activities.json', list(activityList));
	router.get('/activities/:id.json', (req, res) => show(req, res, models.activity, find(state.activities, req, 'Activity')));
	router.post('/activities.json', (req, res) => {
		selectionFor(req, models.activity);
		const d = dataOf(req);
		if (typeof d.type !== 'string' || !activityTypes.includes(d.type as ClioActivityType)) throw new ClioError(422, `type is required: one of ${activityTypes.join(', ')}`);
		if (typeof d.date !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(d.date)) throw new ClioError(422, 'date is required (YYYY-MM-DD)');
		const user = userOf(res);
		const now = ctx.nowIso();
		const a: ClioActivity = {
			id: state.activities.nextId(),
			type: d.type as ClioActivityType,
			date: d.date,
			quantity: '0',
			price: d.type === 'TimeEntry' ? user.rate : '0',
			note: '',
			matter_id: null,
			user_id: user.id,
			activity_description_id: null,
			utbms_expense_id: null,
			bill_id: null,
			non_billable: false,
			no_charge: false,
			flat_rate: false,
			written_off: false,
			reference: null,
			created_at: now,
			updated_at: now,
			version: 1,
		};
		applyActivity(a, d, true);
		created(req, res, 'activity', state.activities, models.activity, a);
	});
	router.patch('/activities/:id.json', (req, res) => {
		selectionFor(req, models.activity);
		const a = find(state.activities, req, 'Activity');
		checkIfMatch(req, 'activity', a);
		if (state.activityStatus(a) === 'billed') throw new ClioError(422, 'This activity is on an issued bill and cannot be changed');
		try {
			applyActivity(a, dataOf(req), false);
		} finally {
			// a refused change may have set some fields already (matter before a bad user): keep the
			// matter/user indexes in step with the record whatever happened
			state.activities.reindex(a);
		}
		updated(req, res, 'activity', state.activities, models.activity, a);
	});
	router.delete('/activities/:id.json', (req, res) => {
		const a = find(state.activities, req, 'Activity');
		if (state.activityStatus(a) === 'billed') throw new ClioError(422, 'This activity is on an issued bill and cannot be deleted');
		state.activities.delete(a.id);
		if (a.bill_id !== null) state.billActivities.get(a.bill_id)?.delete(a.id);
		hooks.emit('activity', 'deleted', a);
		res.status(204).end();
	});
	function applyActivity(a: ClioActivity, d: Record<string, unknown>, creating: boolean) {
		if (!creating && d.type !== undefined && d.type !== a.type) throw new ClioError(422, 'type cannot be changed');
		if (d.date !== undefined) {
			if (typeof d.date !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(d.date)) throw new ClioError(422, 'date must be YYYY-MM-DD');
			a.date = d.date;
		}
		if (d.quantity !== undefined) {
			const q = Decimal.tryFrom(d.quantity as string | number);
			if (!q || q.isNegative()) throw new ClioError(422, 'quantity must be a non-negative number (seconds for a TimeEntry, units for an expense)');
			a.quantity = a.type === 'TimeEntry' ? q.round(0).toFixed(0) : q.toString();
		}
		if (d.price !== undefined) {
			const p = Decimal.tryFrom(d.price as string | number);
			if (!p || p.isNegative()) throw new ClioError(422, 'price must be a non-negative number');
			a.price = p.toString();
		}
		if (d.note !== undefined) {
			if (typeof d.note !== 'string') throw new ClioError(422, 'note must be a string');
			a.note = d.note;
		}
		if (d.reference !== undefined) a.reference = d.reference === null ? null : String(d.reference);
		for (const key of ['non_billable', 'no_charge', 'flat_rate'] as const) {
			if (d[key] === undefined) continue;
			if (typeof d[key] !== 'boolean') throw new ClioError(422, `${key} must be true or false`);
			a[key] = d[key] as boolean;
		}
		if (d.matter !== undefined) {
			const id = Number((d.matter as { id?: unknown } | null)?.id);
			if (!state.matters.get(id)) throw new ClioError(422, 'matter.id must be an existing matter');
			a.matter_id = id;
		}
		if (d.user !== undefined) {
			const id = Number((d.user as { id?: unknown } | null)?.id);
			if (!state.users.get(id)) throw new ClioError(422, 'user.id must be an existing user');
			a.user_id = id;
		}
		if (d.activity_description !== undefined) {
			const ad = d.activity_description as { id?: unknown; utbms_task_id?: unknown; utbms_activity_id?: unknown } | null;
			if (ad?.id !== undefined) {
				if (!state.activityDescriptions.get(Number(ad.id))) throw new ClioError(422, 'activity_description.id must be an existing activity description');
				a.activity_description_id = Number(ad.id);
			} else if (ad?.utbms_task_id !== undefined || ad?.utbms_activity_id !== undefined) {
				a.activity_description_id = utbmsDescription(ad?.utbms_task_id, ad?.utbms_activity_id);
			}
		}
		if (d.utbms_expense !== undefined) {
			const id = Number((d.utbms_expense as { id?: unknown } | null)?.id);
			const code = state.utbmsCodes.get(id);
			if (!code || code.type !== 'UtbmsExpense') throw new ClioError(422, 'utbms_expense.id must be a UTBMS expense code id (see /utbms/codes.json?type=UtbmsExpense)');
			a.utbms_expense_id = id;
		}
		if (a.type === 'TimeEntry' && a.utbms_expense_id !== null) throw new ClioError(422, 'A TimeEntry cannot carry a UTBMS expense code');
	}

	/** Finds or creates the activity description for a UTBMS task/activity pair. */
	function utbmsDescription(taskIdRaw: unknown, activityIdRaw: unknown): number {
		const task = state.utbmsCodes.get(Number(taskIdRaw));
		const activity = state.utbmsCodes.get(Number(activityIdRaw));
		if (!task || task.type !== 'UtbmsTask') throw new ClioError(422, 'activity_description.utbms_task_id must be a UTBMS task code id');
		if (!activity || activity.type !== 'UtbmsActivity') throw new ClioError(422, 'activity_description.utbms_activity_id must be a UTBMS activity code id');
		const existing = state.activityDescriptions.all().find((x) => x.utbms_task_id === task.id && x.utbms_activity_id === activity.id);
		if (existing) return existing.id;
		const now = ctx.nowIso();
		const created = state.activityDescriptions.add({
			id: state.activityDescriptions.nextId(),
			name: `${task.code} ${task.name} — ${activity.code} ${activity.name}`,
			utbms_task_id: task.id,
			utbms_activity_id: activity.id,
			created_at: now,
			updated_at: now,
			version: 1,
		});
		return created.id;
	}
}
