import type { ICredentialTestRequest, ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

/**
 * Thomson Reuters Legal Tracker: OAuth 2.0 client credentials plus the `Company-ID` header every Billing
 * API call needs. Regional hosts (.com, .com.au, .co.uk, .ca, .de) or a custom base URL (e.g. the
 * sandbox) under which `/billing-api/v1` and `/efiles-api/v1` are served.
 */
export class LegalTrackerOAuth2Api implements ICredentialType {
	name = 'legalTrackerOAuth2Api';

	extends = ['oAuth2Api'];

	displayName = 'Legal Tracker OAuth2 API';

	// eslint-disable-next-line n8n-nodes-base/cred-class-field-documentation-url-miscased -- a community package links to the vendor's docs by full URL
	documentationUrl = 'https://developerportal.thomsonreuters.com/legal-tracker-billing-api';

	icon: Icon = { light: 'file:../nodes/LegalTracker/legalTracker.svg', dark: 'file:../nodes/LegalTracker/legalTracker.dark.svg' };

	properties: INodeProperties[] = [
		{
			displayName: 'Company ID',
			name: 'companyId',
			type: 'string',
			default: '',
			required: true,
			description: 'Sent as the Company-ID header on every request; Legal Tracker refuses calls without it',
		},
		{
			displayName: 'Host',
			name: 'host',
			type: 'options',
			options: [
				{ name: 'Api.thomsonreuters.com (US)', value: 'com' },
				{ name: 'Api.thomsonreuters.com.au (Australia)', value: 'com.au' },
				{ name: 'Api.thomsonreuters.co.uk (UK)', value: 'co.uk' },
				{ name: 'Api.thomsonreuters.ca (Canada)', value: 'ca' },
				{ name: 'Api.thomsonreuters.de (Germany)', value: 'de' },
				{ name: 'Custom URL (E.g. Local Sandbox)', value: 'custom' },
			],
			default: 'com',
		},
		{
			displayName: 'Custom Base URL',
			name: 'customBaseUrl',
			type: 'string',
			default: '',
			placeholder: 'http://localhost:4010/legaltracker',
			description: 'Base URL under which /billing-api/v1, /efiles-api/v1 and /oauth/token are served',
			displayOptions: { show: { host: ['custom'] } },
		},
		{
			displayName: 'OAuth Endpoint Override',
			name: 'oauthEndpointOverride',
			type: 'string',
			default: '',
			description:
				'Leave empty for https://auth.thomsonreuters.com/oauth/token (or {custom base}/oauth/token with a custom URL)',
		},
		{
			displayName: 'Audience',
			name: 'audience',
			type: 'string',
			default: '',
			description: 'Optional audience sent with the token request, if your developer-portal app requires one',
		},
		{
			displayName: 'Grant Type',
			name: 'grantType',
			type: 'hidden',
			default: 'clientCredentials',
		},
		{
			displayName: 'Access Token URL',
			name: 'accessTokenUrl',
			type: 'hidden',
			default:
				'={{ $self["oauthEndpointOverride"] ? $self["oauthEndpointOverride"] : ($self["host"] === "custom" ? $self["customBaseUrl"].replace(/\\/$/, "") + "/oauth/token" : "https://auth.thomsonreuters.com/oauth/token") }}',
		},
		{
			displayName: 'Additional Body Properties',
			name: 'additionalBodyProperties',
			type: 'hidden',
			default: '={{ $self["audience"] ? JSON.stringify({ audience: $self["audience"] }) : "{}" }}',
		},
		{
			displayName: 'Scope',
			name: 'scope',
			type: 'hidden',
			default: '',
		},
		{
			displayName: 'Auth URI Query Parameters',
			name: 'authQueryParameters',
			type: 'hidden',
			default: '',
		},
		{
			displayName: 'Authentication',
			name: 'authentication',
			type: 'hidden',
			default: 'body',
		},
	];

	test: ICredentialTestRequest = {
		request: {
			baseURL:
				'={{ ($credentials.host === "custom" ? $credentials.customBaseUrl.replace(/\\/$/, "") : "https://api.thomsonreuters." + $credentials.host + "/legal-tracker") + "/billing-api/v1" }}',
			url: '/matters',
			qs: { $select: 'matterId', $top: 1 },
			headers: { 'Company-ID': '={{$credentials.companyId}}' },
		},
	};
}
