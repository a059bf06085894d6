import type { ICredentialTestRequest, ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

/**
 * Brightflag: OAuth 2.0 client credentials against `{BASE}/oauth/token`. Region US / EU / AU, production
 * or test environment, or a custom base URL (e.g. the local sandbox). Hosts and token URLs per region:
 * Brightflag's help article 26006518363293 (official; vendor-specs/brightflag/facts.md:28-29).
 */
export class BrightflagOAuth2Api implements ICredentialType {
	name = 'brightflagOAuth2Api';

	extends = ['oAuth2Api'];

	displayName = 'Brightflag OAuth2 API';

	// eslint-disable-next-line n8n-nodes-base/cred-class-field-documentation-url-miscased -- a community credential links to the package's own docs page by full URL
	documentationUrl = 'https://github.com/n8n-nodes-legal-billing/n8n-nodes-legal-billing/blob/main/docs/credentials.md#brightflag';

	icon: Icon = { light: 'file:../nodes/Brightflag/brightflag.svg', dark: 'file:../nodes/Brightflag/brightflag.dark.svg' };

	properties: INodeProperties[] = [
		{
			displayName: 'Region',
			name: 'region',
			type: 'options',
			options: [
				{ name: 'United States', value: 'us' },
				{ name: 'Europe', value: 'eu' },
				{ name: 'Australia', value: 'au' },
				{ name: 'Custom URL (E.g. Local Sandbox)', value: 'custom' },
			],
			default: 'us',
		},
		{
			displayName: 'Environment',
			name: 'environment',
			type: 'options',
			options: [
				{ name: 'Production', value: 'production' },
				{ name: 'Test', value: 'test' },
			],
			default: 'production',
			displayOptions: { hide: { region: ['custom'] } },
		},
		{
			displayName: 'Custom Base URL',
			name: 'customBaseUrl',
			type: 'string',
			default: '',
			placeholder: 'http://localhost:4010/brightflag',
			description: 'Base URL under which /oauth/token and /api/... are served',
			displayOptions: { show: { region: ['custom'] } },
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
				'={{ ($self["region"] === "custom" ? $self["customBaseUrl"].replace(/\\/$/, "") : "https://" + ({ us: "app", eu: "enterprise", au: "aus" })[$self["region"]] + ($self["environment"] === "test" ? "-test" : "") + ".brightflag.com") + "/oauth/token" }}',
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
				'={{ $credentials.region === "custom" ? $credentials.customBaseUrl.replace(/\\/$/, "") : "https://" + ({ us: "app", eu: "enterprise", au: "aus" })[$credentials.region] + ($credentials.environment === "test" ? "-test" : "") + ".brightflag.com" }}',
			url: '/api/v1/invoice-summary',
			qs: { 'paging.pageSize': 1, 'paging.pageNumber': 1 },
		},
	};
}
