import type { ICredentialTestRequest, ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

/**
 * The client spend portal's signing key (HS256, at least 32 characters) and where the portal is
 * served: the links the Legal Billing Report node issues are `<n8n base URL>/<portal path>?token=…`.
 * The test asks that n8n's /healthz answers at the base URL, so a link will reach this n8n.
 */
export class LegalBillingPortalApi implements ICredentialType {
	name = 'legalBillingPortalApi';

	displayName = 'Legal Billing Portal API';

	// eslint-disable-next-line n8n-nodes-base/cred-class-field-documentation-url-miscased -- a community credential links to the package's own docs page by full URL
	documentationUrl = 'https://github.com/n8n-nodes-legal-billing/n8n-nodes-legal-billing/blob/main/docs/nodes/legal-billing-report.md#credential-legal-billing-portal-api';

	icon: Icon = { light: 'file:../nodes/LegalBillingReport/legalBillingReport.svg', dark: 'file:../nodes/LegalBillingReport/legalBillingReport.dark.svg' };

	properties: INodeProperties[] = [
		{
			displayName: 'Signing Secret',
			name: 'signingSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'Secret used to sign and verify portal links (HS256). At least 32 characters; e.g. the output of `openssl rand -base64 48`. Changing it revokes every link issued with the old key.',
		},
		{
			displayName: 'n8n Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'http://localhost:5678',
			required: true,
			placeholder: 'https://n8n.yourfirm.example',
			description: "The address clients reach this n8n at (the host of its production webhooks)",
		},
		{
			displayName: 'Portal Path',
			name: 'portalPath',
			type: 'string',
			default: 'webhook/legal-billing/portal',
			description: "Path of the portal workflow's webhook under the base URL (its Webhook node's production URL without the base)",
		},
	];

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{ $credentials.baseUrl.replace(/\\/+$/, "") }}',
			url: '/healthz',
			method: 'GET',
		},
	};
}
