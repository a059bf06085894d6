/**
 * Writes: the attributes and relations each resource takes (name → kind, required ones, allowed
 * methods) and the check of one attribute value against its kind (booleans "T"/"F", decimals as
 * text, dates, date-times, enums).
 */
import { AsError } from './errors';
import { RESTHOOK_EVENTS } from './state';

/** Writable attributes per resource: name → kind. */
export type Kind = 'string' | 'decimal' | 'date' | 'datetime' | 'bool' | 'int' | { enum: string[] };
export const WRITABLE: Record<string, { attrs: Record<string, Kind>; links: string[]; required?: string[]; requiredLinks?: string[]; methods: string[] }> = {
	// actions.yaml: PATCH /actions/{id} (no PUT); UpdateAction has no isFavorite
	actions: { attrs: { name: 'string', reference: 'string', status: { enum: ['Active', 'Inactive', 'Template', 'Closed'] }, priority: 'int' }, links: ['assignedTo'], methods: ['PATCH'] },
	participants: { attrs: { displayName: 'string', firstName: 'string', lastName: 'string', email: 'string', isCompany: 'bool' }, links: [], methods: ['POST', 'PUT'], required: ['displayName'] },
	timeentries: {
		attrs: {
			timestampDate: 'date',
			description: 'string',
			actualHours: 'decimal',
			billableHours: 'decimal',
			billingBehavior: { enum: ['Bill', 'Hide', 'No charge'] },
			rateUnitPrice: 'decimal',
			isBillable: 'bool',
		},
		links: ['action', 'owner', 'createdBy', 'utbmsTaskCode', 'utbmsActivityCode'],
		required: ['timestampDate', 'actualHours'],
		requiredLinks: ['action', 'owner', 'createdBy'],
		methods: ['POST', 'PUT', 'DELETE'],
	},
	bills: { attrs: { status: { enum: ['Draft', 'Open', 'Closed', 'Deleted'] }, dueDate: 'date' }, links: [], methods: ['PUT'] },
	tasks: {
		attrs: { name: 'string', description: 'string', dueTimestamp: 'datetime', priority: { enum: ['Low', 'Normal', 'High'] }, status: { enum: ['Incomplete', 'Complete', 'Hidden', 'Deleted'] } },
		links: ['action', 'assignee'],
		required: ['name', 'status', 'dueTimestamp'],
		requiredLinks: ['action', 'assignee'],
		methods: ['POST', 'PUT', 'DELETE'],
	},
	datacollectionrecords: { attrs: {}, links: ['action', 'dataCollection'], requiredLinks: ['action', 'dataCollection'], methods: ['POST'] },
	datacollectionrecordvalues: {
		attrs: { stringValue: 'string' },
		links: ['action', 'dataCollectionField', 'dataCollectionRecord', 'dataCollection'],
		required: ['stringValue'],
		requiredLinks: ['action', 'dataCollectionField', 'dataCollectionRecord', 'dataCollection'],
		methods: ['POST', 'PUT'],
	},
	resthooks: { attrs: { eventName: { enum: RESTHOOK_EVENTS }, targetUrl: 'string' }, links: [], required: ['eventName', 'targetUrl'], methods: ['POST', 'PUT', 'DELETE'] },
};

export function checkValue(resource: string, name: string, kind: Kind, v: unknown): unknown {
	const where = `/${resource}/${name}`;
	if (v === null) return null;
	if (typeof kind === 'object') {
		if (!kind.enum.includes(String(v))) throw new AsError(422, 'Invalid Attribute', `${name} must be one of ${kind.enum.join(', ')} (got ${JSON.stringify(v)})`, where);
		return String(v);
	}
	switch (kind) {
		case 'bool':
			if (v !== 'T' && v !== 'F') throw new AsError(422, 'Invalid Attribute', `${name} must be "T" or "F" (got ${JSON.stringify(v)})`, where);
			return v;
		case 'decimal':
			if (!/^-?\d+(\.\d+)?$/.test(String(v))) throw new AsError(422, 'Invalid Attribute', `${name} must be a decimal number (got ${JSON.stringify(v)})`, where);
			return String(v);
		case 'int':
			if (!Number.isInteger(Number(v))) throw new AsError(422, 'Invalid Attribute', `${name} must be an integer`, where);
			return Number(v);
		case 'date':
			if (!/^\d{4}-\d{2}-\d{2}$/.test(String(v))) throw new AsError(422, 'Invalid Attribute', `${name} must be a date YYYY-MM-DD (got ${JSON.stringify(v)})`, where);
			return String(v);
		case 'datetime':
			if (Number.isNaN(Date.parse(String(v)))) throw new AsError(422, 'Invalid Attribute', `${name} must be an ISO date-time`, where);
			return String(v);
		default:
			if (typeof v !== 'string') throw new AsError(422, 'Invalid Attribute', `${name} must be a string`, where);
			return v;
	}
}
