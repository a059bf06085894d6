import type { INodeProperties } from 'n8n-workflow';

type Locator = 'matter' | 'contact' | 'user';

const LOCATOR_META: Record<Locator, { label: string; search: string; urlPart: string; placeholder: string }> = {
	matter: { label: 'Matter', search: 'searchMatters', urlPart: 'matters', placeholder: 'Select a matter…' },
	contact: { label: 'Contact', search: 'searchContacts', urlPart: 'contacts', placeholder: 'Select a contact…' },
	user: { label: 'User', search: 'searchUsers', urlPart: 'users', placeholder: 'Select a user…' },
};

/** A resource locator for a Clio matter, contact or user: list (searchable), URL or ID. */
export function clioLocator(kind: Locator, overrides: Partial<INodeProperties> = {}): INodeProperties {
	const m = LOCATOR_META[kind];
	return {
		displayName: m.label,
		name: `${kind}Id`,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		description: `The Clio ${kind}`,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: m.placeholder,
				typeOptions: { searchListMethod: m.search, searchable: true },
			},
			{
				displayName: 'By URL',
				name: 'url',
				type: 'string',
				placeholder: `https://app.clio.com/nc/#/${m.urlPart}/123`,
				validation: [
					{
						type: 'regex',
						properties: { regex: `https?://.+/${m.urlPart}/(\\d+).*`, errorMessage: `Not a Clio ${kind} URL` },
					},
				],
				extractValue: { type: 'regex', regex: `https?://.+/${m.urlPart}/(\\d+)` },
			},
			{
				displayName: 'ID',
				name: 'id',
				type: 'string',
				placeholder: '123',
				validation: [{ type: 'regex', properties: { regex: '^\\d+$', errorMessage: 'A Clio ID is a number' } }],
			},
		],
		...overrides,
	} as INodeProperties;
}

export function idField(resource: string, label: string): INodeProperties {
	return {
		displayName: `${label} ID`,
		name: 'id',
		type: 'string',
		required: true,
		default: '',
		placeholder: '123',
		description: `The ID of the ${label.toLowerCase()} in Clio`,
		displayOptions: { show: { resource: [resource] } },
	};
}

export { returnAllAndLimit as returnAllFields } from '../../shared/descriptions';

/** The "Fields" option: Clio's `fields` syntax, replacing the documented default set. */
export function fieldsOption(defaults: string): INodeProperties {
	return {
		displayName: 'Fields',
		name: 'fields',
		type: 'string',
		default: '',
		placeholder: defaults.slice(0, 60) + '…',
		description: 'Comma-separated Clio fields to return, one level of nesting allowed (e.g. <code>date,note,matter{display_number}</code>). Empty: a complete documented default set (Clio itself returns almost nothing when no fields are asked for).',
	};
}

export const pageSizeOption: INodeProperties = {
	displayName: 'Page Size',
	name: 'pageSize',
	type: 'number',
	typeOptions: { minValue: 1, maxValue: 200 },
	default: 200,
	description: 'Records per request (Clio allows 1–200). Paging follows Clio\'s cursor, so there is no 10,000 record cap.',
};

/** Options of operations that output time and expense entries. */
export const canonicalOptions: INodeProperties[] = [
	{
		displayName: 'Output Canonical Billing Entry',
		name: 'canonical',
		type: 'boolean',
		default: false,
		description: 'Whether to output the pack\'s canonical billing entry (hours, exact amounts, UTBMS codes, matter and client with LEDES IDs) instead of Clio\'s record, ready for the UTBMS, OCG Compliance and LEDES nodes',
	},
	{
		displayName: 'Resolve UTBMS Codes',
		name: 'resolveUtbms',
		type: 'boolean',
		default: true,
		description:
			'Whether to read the firm\'s activity descriptions once to surface each entry\'s UTBMS task and activity codes (one extra request per 200 descriptions)',
	},
	{
		displayName: 'Firm Time Zone',
		name: 'timeZone',
		type: 'string',
		default: '',
		placeholder: 'America/New_York',
		description: 'IANA time zone stated on canonical entries (Clio dates are the firm\'s local dates)',
		displayOptions: { show: { canonical: [true] } },
	},
	{
		displayName: 'Default Currency',
		name: 'currency',
		type: 'string',
		default: '',
		placeholder: 'USD',
		description: 'Currency for canonical entries that carry none',
		displayOptions: { show: { canonical: [true] } },
	},
	{
		displayName: 'Timekeeper Classifications',
		name: 'classifications',
		type: 'json',
		default: '{}',
		description: 'Clio user ID → LEDES timekeeper classification, e.g. {"7":"PARTNR","12":"ASSOC"}',
		displayOptions: { show: { canonical: [true] } },
	},
];

export const updatedSinceFilter: INodeProperties = {
	displayName: 'Updated Since',
	name: 'updated_since',
	type: 'dateTime',
	default: '',
	description: 'Records changed after this moment',
};

export const createdSinceFilter: INodeProperties = {
	displayName: 'Created Since',
	name: 'created_since',
	type: 'dateTime',
	default: '',
	description: 'Records created after this moment',
};

export function searchFilter(description: string): INodeProperties {
	return { displayName: 'Search', name: 'query', type: 'string', default: '', description };
}

const byName = (a: INodeProperties, b: INodeProperties) => a.displayName.localeCompare(b.displayName);

/** The "Filters" collection of a Get Many operation (options shown alphabetically). */
export function filtersCollection(options: INodeProperties[]): INodeProperties {
	return { displayName: 'Filters', name: 'filters', type: 'collection', placeholder: 'Add Filter', default: {}, options: [...options].sort(byName) };
}

/** The "Options" collection: Fields (a documented default set) plus the operation's own options. */
export function optionsCollection(defaultFields: string, extra: INodeProperties[] = []): INodeProperties {
	return { displayName: 'Options', name: 'options', type: 'collection', placeholder: 'Add Option', default: {}, options: [fieldsOption(defaultFields), ...extra] };
}

export const MATTER_STATUS_OPTIONS = [
	{ name: 'Closed', value: 'closed' },
	{ name: 'Open', value: 'open' },
	{ name: 'Pending', value: 'pending' },
];

/**
 * The Operation parameter of a Clio resource. Version 2 names Get Many `getMany`, like every other
 * node of the pack; version 1 (saved workflows, the templates) keeps `getAll`, which the router
 * accepts as an alias — an old workflow runs unchanged.
 */
export function clioOperation(property: INodeProperties): INodeProperties[] {
	const v1 = (value: unknown) => (value === 'getMany' ? 'getAll' : value);
	const show = property.displayOptions?.show ?? {};
	return [
		{ ...property, displayOptions: { show: { ...show, '@version': [{ _cnd: { gte: 2 } }] } } },
		{
			...property,
			default: v1(property.default) as string,
			options: (property.options ?? []).map((o) => ({ ...o, value: v1((o as { value: unknown }).value) })) as INodeProperties['options'],
			displayOptions: { show: { ...show, '@version': [1] } },
		},
	];
}
