import type { ICredentialTestRequest, ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

/**
 * Thomson Reuters Legal Tracker: OAuth 2.0 client credentials plus the `Company-ID` header every Billing
 * API call needs. Regional hosts (.com, .com.au, .co.uk, .ca, .de: the official spec's servers,
 * vendor-specs/legaltracker/facts.md:28) or a custom base URL (e.g. the sandbox) under which
 * `/billing-api/v1` and `/efiles-api/v1` are served. The token URL is a field: three candidates
 * conflict (facts.md:39-42).
 */
export class LegalTrackerOAuth2Api implements ICredentialType {
	name = 'legalTrackerOAuth2Api';

	extends = ['oAuth2Api'];

	displayName = 'Legal Tracker OAuth2 API';

	// eslint-disable-next-line n8n-nodes-base/cred-class-field-documentation-url-miscased -- a community credential links to the package's own docs page by full URL
	documentationUrl = 'https://github.com/n8n-nodes-legal-billing/n8n-nodes-legal-billing/blob/main/docs/credentials.md#legal-tracker';

	icon: Icon = { light: 'file:../nodes/LegalTracker/legalTracker.svg', dark: 'file:../nodes/LegalTracker/legalTracker.dark.svg' };

	properties: INodeProperties[] = [
		{
			displayName: 'Company ID',
			name: 'companyId',
			type: 'string',
			default: '',
			required: true,
			description: 'Sent as the Company-ID header (an integer, from the Company List API) on every request; Legal Tracker refuses calls without it',
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
			displayName: 'Token URL',
			name: 'tokenUrl',
			type: 'string',
			default: 'https://auth.thomsonreuters.com/oauth/token',
			description:
				"Where the client-credentials token is asked for. Sources disagree (vendor-specs/legaltracker/facts.md §2); the default is Thomson Reuters' identity service (client credentials with an audience, HTTP Basic client authentication: Nango's \"TR Account\" provider, and the service TR's other APIs document). Alternatives: https://{API host}/onepass/oauth2/token (Nango's default Legal Tracker provider, client id and secret in the form body: set Client Authentication to Body and clear Audience), or https://api.thomsonreuters.com/auth/oauth2/token (ServiceNow's spoke, which uses a password grant). With a custom base URL: {custom base URL}/oauth/token.",
			displayOptions: { hide: { host: ['custom'] } },
		},
		{
			displayName: 'Audience',
			name: 'audience',
			type: 'string',
			default: '506f6a92-4fd1-43c1-bf18-4e3735ea55aa',
			description: "Sent as audience with the token request (the Legal Tracker audience of TR's identity service, per Nango). Clear it for a token URL that takes none.",
			displayOptions: { hide: { host: ['custom'] } },
		},
		{
			displayName: 'Client Authentication',
			name: 'clientAuthentication',
			type: 'options',
			options: [
				{ name: 'HTTP Basic Header', value: 'header' },
				{ name: 'In the Form Body', value: 'body' },
			],
			default: 'header',
			description: "How the client ID and secret are sent to the token URL: TR's identity service takes HTTP Basic; the /onepass/oauth2/token candidate takes them in the body",
			displayOptions: { hide: { host: ['custom'] } },
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
				'={{ $self["host"] === "custom" ? $self["customBaseUrl"].replace(/\\/$/, "") + "/oauth/token" : ($self["tokenUrl"] || "https://auth.thomsonreuters.com/oauth/token") }}',
		},
		{
			displayName: 'Additional Body Properties',
			name: 'additionalBodyProperties',
			type: 'hidden',
			default: '={{ $self["host"] !== "custom" && $self["audience"] ? JSON.stringify({ audience: $self["audience"] }) : "{}" }}',
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
			default: '={{ $self["host"] === "custom" ? "body" : ($self["clientAuthentication"] || "header") }}',
		},
	];

	test: ICredentialTestRequest = {
		request: {
			baseURL:
				'={{ ($credentials.host === "custom" ? $credentials.customBaseUrl.replace(/\\/$/, "") : "https://api.thomsonreuters." + $credentials.host + "/legal-tracker") + "/billing-api/v1" }}',
			url: '/matters',
			// `$select` is required on /matters; `id` is an official name (vendor-specs/legaltracker/facts.md:51)
			qs: { $select: 'id', $top: 1 },
			headers: { 'Company-ID': '={{$credentials.companyId}}' },
		},
	};
}
