/** Clio webhooks: list, get, create, update, delete and the documented activate handshake. */
import type { Request, Response } from 'express';
import type { ClioWebhook } from '../state';
import type { ApiKit } from './kit';

export function mountWebhooks(k: ApiKit): void {
	const { router, state, models, hooks, userOf, selectionFor, show, find, checkIfMatch, dataOf, list } = k;
	router.get(
		'/webhooks.json',
		(_req, _res, next) => {
			hooks.purgeExpired();
			next();
		},
		list<ClioWebhook>({ model: models.webhook, collection: () => state.webhooks, filters: [] }),
	);
	router.get('/webhooks/:id.json', (req, res) => {
		hooks.purgeExpired();
		show(req, res, models.webhook, find(state.webhooks, req, 'Webhook'));
	});
	router.post('/webhooks.json', (req, res) => {
		selectionFor(req, models.webhook);
		const hook = hooks.create(dataOf(req), userOf(res).id);
		show(req, res, models.webhook, hook, 201);
	});
	router.patch('/webhooks/:id.json', (req, res) => {
		selectionFor(req, models.webhook);
		hooks.purgeExpired();
		const hook = find(state.webhooks, req, 'Webhook');
		checkIfMatch(req, 'webhook', hook);
		hooks.update(hook, dataOf(req));
		show(req, res, models.webhook, hook);
	});
	router.delete('/webhooks/:id.json', (req, res) => {
		hooks.purgeExpired();
		const hook = find(state.webhooks, req, 'Webhook');
		hooks.delete(hook.id);
		res.status(204).end();
	});
	// The "Delayed" handshake as Clio's API documentation states it (clio-openapi.json, webhooks
	// section): PUT /api/v4/webhooks/:webhook_id/activate with the secret in an X-Hook-Secret header.
	// No .json suffix and no other method: the documented path only.
	router.put('/webhooks/:id/activate', (req: Request, res: Response) => {
		hooks.purgeExpired();
		const hook = find(state.webhooks, req, 'Webhook');
		hooks.activate(hook, req.get('x-hook-secret'));
		show(req, res, models.webhook, hook);
	});
}
