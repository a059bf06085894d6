import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import { router } from './actions/router';
import * as listCodes from './actions/utbms/listCodes.operation';
import * as lookup from './actions/utbms/lookup.operation';
import * as map from './actions/utbms/map.operation';
import * as validate from './actions/utbms/validate.operation';
import * as loadOptions from './methods/loadOptions';

export class Utbms implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'UTBMS',
		name: 'utbms',
		icon: { light: 'file:utbms.svg', dark: 'file:utbms.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"]}}',
		description: "Map a firm's task, activity and expense codes to a client's UTBMS codes, look codes up, validate them and list code sets",
		defaults: { name: 'UTBMS' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		// Map and Validate route to two outputs (Mapped / Unmapped, Valid / Invalid); Lookup and List Codes to one.
		outputs: `={{ $parameter.operation === "map" ? [{ "type": "${NodeConnectionTypes.Main}", "displayName": "Mapped" }, { "type": "${NodeConnectionTypes.Main}", "displayName": "Unmapped" }] : $parameter.operation === "validate" ? [{ "type": "${NodeConnectionTypes.Main}", "displayName": "Valid" }, { "type": "${NodeConnectionTypes.Main}", "displayName": "Invalid" }] : ["${NodeConnectionTypes.Main}"] }}`,
		properties: [
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				options: [
					{
						name: 'List Codes',
						value: 'listCodes',
						description: 'List the codes of one or more UTBMS code sets',
						action: 'List UTBMS codes',
					},
					{
						name: 'Lookup',
						value: 'lookup',
						description: 'Get the name, kind, set and phase of a code',
						action: 'Look up a UTBMS code',
					},
					{
						name: 'Map',
						value: 'map',
						description: "Map firm codes and narrative keywords to the client's UTBMS codes; unmapped entries go to a second output",
						action: 'Map firm codes to UTBMS codes',
					},
					{
						name: 'Validate',
						value: 'validate',
						description: 'Check the UTBMS codes of each entry; invalid entries go to a second output',
						action: 'Validate UTBMS codes',
					},
				],
				default: 'map',
			},
			...map.description,
			...lookup.description,
			...validate.description,
			...listCodes.description,
		],
	};

	methods = { loadOptions };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
