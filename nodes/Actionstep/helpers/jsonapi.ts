/** Turning Actionstep's JSON:API-style records into friendly n8n items, and back. */
import type { IDataObject } from 'n8n-workflow';

/** Relations per resource (name → resource type), used for `include=` and to resolve linked records. */
export const RELATIONS: Record<string, Record<string, string>> = {
	actions: { assignedTo: 'participants', actionType: 'actiontypes', primaryParticipants: 'participants' },
	// timeentries.yaml: no `bill` relation on a time entry
	timeentries: { action: 'actions', owner: 'participants' },
	// bills.yaml: `action` is a list of matters; the client is `theirParticipant`
	bills: { action: 'actions', theirParticipant: 'participants' },
	tasks: { action: 'actions', assignee: 'participants' },
	participants: {},
	datacollectionrecordvalues: { action: 'actions', dataCollectionField: 'datacollectionfields', dataCollectionRecord: 'datacollectionrecords', dataCollection: 'datacollections' },
	datacollectionfields: { dataCollection: 'datacollections' },
};

const BOOL_NAME = /^(is|has)[A-Z]/;

/** "T"/"F" → true/false for boolean-named attributes. */
function friendlyValue(key: string, v: unknown): unknown {
	if (BOOL_NAME.test(key) && (v === 'T' || v === 'F')) return v === 'T';
	return v;
}

/** true/false → "T"/"F" (Actionstep's booleans). */
export function toActionstepBool(v: unknown): 'T' | 'F' {
	return v === true || v === 'T' || v === 'true' ? 'T' : 'F';
}

function typeOf(resource: string, name: string, topLinks: IDataObject): string | undefined {
	const declared = (topLinks[`${resource}.${name}`] as IDataObject | undefined)?.type;
	return typeof declared === 'string' ? declared : RELATIONS[resource]?.[name];
}

/**
 * Attributes stay at the top (booleans as true/false); each relation becomes `<name>Id` (or
 * `<name>Ids` for lists); with `resolve`, the linked record is added under `<name>`.
 */
export function flattenRecord(resource: string, rec: IDataObject, ctx: { linked?: Record<string, IDataObject[]>; links?: IDataObject; resolve?: boolean } = {}): IDataObject {
	const out: IDataObject = {};
	for (const [k, v] of Object.entries(rec)) if (k !== 'links') out[k] = friendlyValue(k, v) as IDataObject[keyof IDataObject];
	const links = (rec.links ?? {}) as IDataObject;
	for (const [name, value] of Object.entries(links)) {
		if (Array.isArray(value)) out[`${name}Ids`] = value.map(String);
		else out[`${name}Id`] = value === null || value === undefined ? null : String(value);
		if (!ctx.resolve) continue;
		const type = typeOf(resource, name, ctx.links ?? {});
		const pool = type ? (ctx.linked?.[type] ?? []) : [];
		const find = (id: unknown) => {
			const hit = pool.find((r) => String(r.id) === String(id));
			return hit ? flattenRecord(type as string, hit) : undefined;
		};
		if (Array.isArray(value)) out[name] = value.map(find).filter((x): x is IDataObject => Boolean(x));
		else if (value !== null && value !== undefined) {
			const hit = find(value);
			if (hit) out[name] = hit;
		}
	}
	return out;
}

/** The include list for a resource (every relation). */
export function includeAll(resource: string): string {
	return Object.keys(RELATIONS[resource] ?? {}).join(',');
}
