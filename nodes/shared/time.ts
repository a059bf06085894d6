export function toIsoInstant(value: unknown): string | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	const s = String(value);
	// n8n's dateTime fields carry no zone: read them as UTC rather than the server's local zone
	const withZone = /([zZ]|[+-]\d{2}:?\d{2})$/.test(s) ? s : `${s}Z`;
	const t = Date.parse(withZone);
	return Number.isNaN(t) ? undefined : new Date(t).toISOString();
}
