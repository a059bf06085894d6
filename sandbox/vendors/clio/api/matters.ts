/** Clio matters: list, get, create, update (status transitions fire their webhooks), delete. */
import type { ClioMatter } from '../state';
import { ClioError } from './errors';
import { boolFilter, enumFilter, idFilter, type ApiKit } from './kit';

export function mountMatters(k: ApiKit): void {
	const { router, ctx, state, models, hooks, selectionFor, show, find, checkIfMatch, dataOf, list, created, updated } = k;
	const statusValues = { open: 'Open', closed: 'Closed', pending: 'Pending' } as const;
	router.get(
		'/matters.json',
		list<ClioMatter>({
			model: models.matter,
			collection: () => state.matters,
			filters: [
				enumFilter('status', ['open', 'closed', 'pending'], (m, v) => m.status === statusValues[v as keyof typeof statusValues]),
				idFilter('client_id', (m) => m.client_id),
				idFilter('responsible_attorney_id', (m) => m.responsible_attorney_id),
				boolFilter('billable', (m) => m.billable),
			],
			search: (m, q) => m.display_number.toLowerCase().includes(q) || m.description.toLowerCase().includes(q) || (m.client_reference ?? '').toLowerCase().includes(q),
		}),
	);
	router.get('/matters/:id.json', (req, res) => show(req, res, models.matter, find(state.matters, req, 'Matter')));
	router.post('/matters.json', (req, res) => {
		selectionFor(req, models.matter);
		const d = dataOf(req);
		const clientId = Number((d.client as { id?: unknown } | undefined)?.id);
		const client = state.contacts.get(clientId);
		if (!client) throw new ClioError(422, 'client.id is required and must be an existing contact');
		if (typeof d.description !== 'string' || !d.description) throw new ClioError(422, 'description is required');
		const id = state.matters.nextId();
		const number = Math.max(0, ...state.matters.all().map((m) => m.number)) + 1;
		const now = ctx.nowIso();
		const m: ClioMatter = {
			id,
			number,
			display_number: `${String(number).padStart(5, '0')}-${client.name.split(' ')[0].replace(/[^A-Za-z]/g, '')}`,
			description: d.description,
			status: 'Open',
			client_id: client.id,
			client_reference: null,
			billable: true,
			billing_method: 'hourly',
			open_date: now.slice(0, 10),
			close_date: null,
			pending_date: null,
			responsible_attorney_id: null,
			originating_attorney_id: null,
			practice_area: 'Litigation',
			matter_type: 'litigation',
			created_at: now,
			updated_at: now,
			version: 1,
		};
		applyMatter(m, d);
		created(req, res, 'matter', state.matters, models.matter, m);
	});
	router.patch('/matters/:id.json', (req, res) => {
		selectionFor(req, models.matter);
		const m = find(state.matters, req, 'Matter');
		checkIfMatch(req, 'matter', m);
		const before = m.status;
		applyMatter(m, dataOf(req));
		updated(req, res, 'matter', state.matters, models.matter, m);
		if (before !== m.status) hooks.emit('matter', m.status === 'Open' ? 'matter_opened' : m.status === 'Closed' ? 'matter_closed' : 'matter_pended', m);
	});
	router.delete('/matters/:id.json', (req, res) => {
		const m = find(state.matters, req, 'Matter');
		const onBill = (id: number) => {
			const a = state.activities.get(id);
			return a !== undefined && a.matter_id === m.id && a.bill_id !== null;
		};
		if ((state.activities.indexed('matter_id', m.id) ?? []).some(onBill)) throw new ClioError(422, 'A matter with billed activities cannot be deleted');
		state.matters.delete(m.id);
		hooks.emit('matter', 'deleted', m);
		res.status(204).end();
	});
	function applyMatter(m: ClioMatter, d: Record<string, unknown>) {
		if (typeof d.description === 'string') m.description = d.description;
		if (typeof d.client_reference === 'string') m.client_reference = d.client_reference;
		if (typeof d.display_number === 'string') m.display_number = d.display_number;
		if (typeof d.billable === 'boolean') m.billable = d.billable;
		if (d.billing_method !== undefined) {
			if (d.billing_method !== 'flat' && d.billing_method !== 'contingency' && d.billing_method !== 'hourly') throw new ClioError(422, 'billing_method must be flat, contingency or hourly');
			m.billing_method = d.billing_method;
		}
		if (d.status !== undefined) {
			// Clio's OpenAPI documents writes as open|closed|pending (reads answer Open|Closed|Pending)
			const written = typeof d.status === 'string' ? statusValues[d.status.toLowerCase() as keyof typeof statusValues] : undefined;
			if (!written) throw new ClioError(422, 'status must be open, closed or pending');
			const today = ctx.nowIso().slice(0, 10);
			if (written === 'Closed' && m.status !== 'Closed') m.close_date = today;
			if (written === 'Open' && !m.open_date) m.open_date = today;
			if (written === 'Pending' && !m.pending_date) m.pending_date = today;
			m.status = written;
		}
		for (const key of ['responsible_attorney', 'originating_attorney'] as const) {
			if (d[key] === undefined) continue;
			const id = Number((d[key] as { id?: unknown } | null)?.id);
			if (!state.users.get(id)) throw new ClioError(422, `${key}.id must be an existing user`);
			m[`${key}_id`] = id;
		}
		for (const key of ['open_date', 'close_date', 'pending_date'] as const) {
			if (d[key] === undefined) continue;
			if (typeof d[key] !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(d[key] as string)) throw new ClioError(422, `${key} must be a date (YYYY-MM-DD)`);
			m[key] = d[key] as string;
		}
	}
}
