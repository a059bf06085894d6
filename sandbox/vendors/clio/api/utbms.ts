/** Clio UTBMS sets and codes, and activity descriptions (read only). */
import type { ClioActivityDescription, ClioUtbmsCode, ClioUtbmsSet } from '../state';
import { enumFilter, idFilter, type ApiKit } from './kit';

export function mountUtbms(k: ApiKit): void {
	const { router, state, models, show, find, list } = k;
	router.get('/utbms/sets.json', list<ClioUtbmsSet>({ model: models.utbmsSet, collection: () => state.utbmsSets, filters: [] }));
	router.get(
		'/utbms/codes.json',
		list<ClioUtbmsCode>({
			model: models.utbmsCode,
			collection: () => state.utbmsCodes,
			filters: [enumFilter('type', ['UtbmsTask', 'UtbmsActivity', 'UtbmsExpense'], (c, v) => c.type === v), idFilter('utbms_set_id', (c) => c.utbms_set_id)],
			search: (c, q) => c.code.toLowerCase().includes(q) || c.name.toLowerCase().includes(q),
		}),
	);
	router.get('/utbms/codes/:id.json', (req, res) => show(req, res, models.utbmsCode, find(state.utbmsCodes, req, 'UtbmsCode')));
	router.get(
		'/activity_descriptions.json',
		list<ClioActivityDescription>({
			model: models.activityDescription,
			collection: () => state.activityDescriptions,
			filters: [enumFilter('type', ['utbms', 'clio'], (a, v) => (a.utbms_task_id !== null ? 'utbms' : 'clio') === v)],
			search: (a, q) => a.name.toLowerCase().includes(q),
		}),
	);
	router.get('/activity_descriptions/:id.json', (req, res) => show(req, res, models.activityDescription, find(state.activityDescriptions, req, 'ActivityDescription')));
}
