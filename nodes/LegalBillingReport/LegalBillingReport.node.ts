import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import { router } from './actions/router';
import * as exportCsv from './actions/report/exportCsv.operation';
import * as issueLink from './actions/report/issueLink.operation';
import * as renderDashboard from './actions/report/renderDashboard.operation';
import * as renderPortal from './actions/report/renderPortal.operation';
import * as verifyToken from './actions/report/verifyToken.operation';

export class LegalBillingReport implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Legal Billing Report',
		name: 'legalBillingReport',
		icon: { light: 'file:legalBillingReport.svg', dark: 'file:legalBillingReport.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"]}}',
		description: 'Render the reconciliation dashboard and the client spend portal (HTML with inline SVG, no script) from the ledger, the platforms and the warehouse; issue and verify signed portal links; export CSV',
		defaults: { name: 'Legal Billing Report' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: `={{ $parameter.operation === "verifyToken" ? [{ "type": "${NodeConnectionTypes.Main}", "displayName": "Valid" }, { "type": "${NodeConnectionTypes.Main}", "displayName": "Rejected" }] : ["${NodeConnectionTypes.Main}"] }}`,
		credentials: [{ name: 'legalBillingPortalApi', required: true, displayOptions: { show: { operation: ['renderPortal', 'verifyToken', 'issueLink'] } } }],
		properties: [
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Export CSV', value: 'exportCsv', description: 'One table of the dashboard as a CSV file', action: 'Export a dashboard table as CSV' },
					{ name: 'Issue Portal Link', value: 'issueLink', description: 'A signed link (JWT) to one client\'s spend portal, with an expiry', action: 'Issue a client portal link' },
					{ name: 'Render Client Portal', value: 'renderPortal', description: 'Verify the link\'s token and render that client\'s spend page', action: 'Render the client spend portal' },
					{ name: 'Render Dashboard', value: 'renderDashboard', description: 'The reconciliation dashboard page (or a table\'s CSV) for a Respond to Webhook node', action: 'Render the reconciliation dashboard' },
					{ name: 'Verify Portal Token', value: 'verifyToken', description: 'Check a link\'s token: valid ones (with the client ID) to the first output, refused ones to the second', action: 'Verify a client portal token' },
				],
				default: 'renderDashboard',
			},
			...renderDashboard.description,
			...renderPortal.description,
			...verifyToken.description,
			...issueLink.description,
			...exportCsv.description,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
