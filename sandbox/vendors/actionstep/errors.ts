/**
 * Actionstep errors: the media type of every body, the error a route throws (status, title,
 * JSON pointer) and the JSON:API `errors` body it is answered with ([INF]: see ./index.ts).
 */

export const JSONAPI = 'application/vnd.api+json';

export class AsError extends Error {
	constructor(
		readonly status: number,
		readonly title: string,
		message: string,
		readonly pointer?: string,
	) {
		super(message);
	}
}

export function actionstepErrorBody(status: number, message: string, title?: string, pointer?: string) {
	return { errors: [{ status: String(status), title: title ?? (status === 401 ? 'Unauthorized' : status === 404 ? 'Not Found' : status === 429 ? 'Too Many Requests' : status >= 500 ? 'Server Error' : 'Bad Request'), detail: message, ...(pointer ? { source: { pointer } } : {}) }] };
}
