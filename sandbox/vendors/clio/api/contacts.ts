/** Clio contacts: list, get, create, update, delete. */
import type { ClioContact } from '../state';
import { ClioError } from './errors';
import { boolFilter, enumFilter, type ApiKit } from './kit';

export function mountContacts(k: ApiKit): void {
	const { router, ctx, state, models, hooks, selectionFor, show, find, checkIfMatch, dataOf, list, created, updated } = k;
	router.get(
		'/contacts.json',
		list<ClioContact>({
			model: models.contact,
			collection: () => state.contacts,
			filters: [
				enumFilter('type', ['Company', 'Person'], (c, v) => c.type === v),
				boolFilter('client_only', (c) => c.is_client),
				{ param: 'initial', build: (v) => (c) => c.name.toUpperCase().startsWith(String(v).toUpperCase()) },
			],
			search: (c, q) => c.name.toLowerCase().includes(q) || (c.primary_email_address ?? '').toLowerCase().includes(q) || (c.ledes_client_id ?? '').toLowerCase().includes(q),
		}),
	);
	router.get('/contacts/:id.json', (req, res) => show(req, res, models.contact, find(state.contacts, req, 'Contact')));
	router.post('/contacts.json', (req, res) => {
		selectionFor(req, models.contact);
		const d = dataOf(req);
		const type = d.type;
		if (type !== 'Person' && type !== 'Company') throw new ClioError(422, 'type must be Person or Company');
		const now = ctx.nowIso();
		const c: ClioContact = {
			id: state.contacts.nextId(),
			type,
			name: '',
			first_name: null,
			last_name: null,
			primary_email_address: null,
			primary_phone_number: null,
			ledes_client_id: null,
			is_client: false,
			sales_tax_number: null,
			address: null,
			created_at: now,
			updated_at: now,
			version: 1,
		};
		applyContact(c, d);
		if (!c.name) throw new ClioError(422, type === 'Company' ? 'name is required for a Company' : 'first_name or last_name is required for a Person');
		created(req, res, 'contact', state.contacts, models.contact, c);
	});
	router.patch('/contacts/:id.json', (req, res) => {
		selectionFor(req, models.contact);
		const c = find(state.contacts, req, 'Contact');
		checkIfMatch(req, 'contact', c);
		applyContact(c, dataOf(req));
		updated(req, res, 'contact', state.contacts, models.contact, c);
	});
	router.delete('/contacts/:id.json', (req, res) => {
		const c = find(state.contacts, req, 'Contact');
		if (state.matters.all().some((m) => m.client_id === c.id)) throw new ClioError(422, 'This contact is the client of a matter and cannot be deleted');
		state.contacts.delete(c.id);
		hooks.emit('contact', 'deleted', c);
		res.status(204).end();
	});
	function applyContact(c: ClioContact, d: Record<string, unknown>) {
		const str = (k: string) => (typeof d[k] === 'string' ? (d[k] as string) : undefined);
		if (str('first_name') !== undefined) c.first_name = str('first_name') as string;
		if (str('last_name') !== undefined) c.last_name = str('last_name') as string;
		if (c.type === 'Person') c.name = [c.first_name, c.last_name].filter(Boolean).join(' ');
		else if (str('name') !== undefined) c.name = str('name') as string;
		if (str('ledes_client_id') !== undefined) c.ledes_client_id = str('ledes_client_id') as string;
		if (str('sales_tax_number') !== undefined) c.sales_tax_number = str('sales_tax_number') as string;
		if (typeof d.is_client === 'boolean') c.is_client = d.is_client;
		if (str('primary_email_address') !== undefined) c.primary_email_address = str('primary_email_address') as string;
		if (Array.isArray(d.email_addresses)) {
			const first = (d.email_addresses as { address?: unknown; default_email?: unknown }[]).find((e) => e.default_email) ?? (d.email_addresses as { address?: unknown }[])[0];
			if (first && typeof first.address === 'string') c.primary_email_address = first.address;
		}
		if (Array.isArray(d.phone_numbers)) {
			const first = (d.phone_numbers as { number?: unknown }[])[0];
			if (first && typeof first.number === 'string') c.primary_phone_number = first.number;
		}
	}
}
