/** Clio users: who_am_i, list, get. */
import type { ClioUser } from '../state';
import { boolFilter, enumFilter, type ApiKit } from './kit';

export function mountUsers(k: ApiKit): void {
	const { router, state, models, userOf, show, find, list } = k;
	router.get('/users/who_am_i.json', (req, res) => show(req, res, models.user, userOf(res)));
	router.get(
		'/users.json',
		list<ClioUser>({
			model: models.user,
			collection: () => state.users,
			filters: [
				boolFilter('enabled', (u) => u.enabled),
				enumFilter('subscription_type', ['attorney', 'nonattorney'], (u, v) => u.subscription_type.toLowerCase() === v),
				{ param: 'name', build: (v) => (u) => u.name.toLowerCase().includes(String(v).toLowerCase()) },
			],
		}),
	);
	router.get('/users/:id.json', (req, res) => show(req, res, models.user, find(state.users, req, 'User')));
}
