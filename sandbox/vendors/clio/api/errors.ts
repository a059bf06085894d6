/** Clio API versions, limits and errors in Clio's JSON shape. */
/** X-API-VERSION values the sandbox accepts (quantity in seconds since 4.0.4); others → 410. */
export const CLIO_API_VERSIONS = ['4.0.4', '4.0.5', '4.0.6', '4.0.7', '4.0.8', '4.0.9', '4.0.10', '4.0.11', '4.0.12', '4.0.13'];
export const CLIO_LATEST_VERSION = '4.0.13';
export const MAX_LIMIT = 200;
export const OFFSET_CAP = 10_000;

export class ClioError extends Error {
	constructor(
		readonly status: number,
		message: string,
		readonly type = status === 404 ? 'NotFound' : status === 422 ? 'UnprocessableEntity' : status === 400 ? 'BadRequest' : status === 412 ? 'PreconditionFailed' : 'Error',
	) {
		super(message);
	}
}

export function clioErrorBody(status: number, message: string, type?: string): { error: { type: string; message: string } } {
	const t = type ?? (status === 401 ? 'Unauthorized' : status === 404 ? 'NotFound' : status === 410 ? 'Gone' : status === 429 ? 'RateLimited' : status >= 500 ? 'ServerError' : status === 422 ? 'UnprocessableEntity' : 'BadRequest');
	return { error: { type: t, message } };
}
