import type { ICredentialTestRequest, ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

/**
 * Actionstep: OAuth 2.0 authorization code. The token response carries `api_endpoint` (the
 * organisation's regional API host) and `orgkey`; n8n keeps it in `oauthTokenData`, from where the
 * node reads the API base URL (unless "API Endpoint Override" is set).
 */
export class ActionstepOAuth2Api implements ICredentialType {
	name = 'actionstepOAuth2Api';

	extends = ['oAuth2Api'];

	displayName = 'Actionstep OAuth2 API';

	// eslint-disable-next-line n8n-nodes-base/cred-class-field-documentation-url-miscased -- a community credential links to the package's own docs page by full URL
	documentationUrl = 'https://github.com/n8n-nodes-legal-billing/n8n-nodes-legal-billing/blob/main/docs/credentials.md#actionstep';

	icon: Icon = { light: 'file:../nodes/Actionstep/actionstep.svg', dark: 'file:../nodes/Actionstep/actionstep.dark.svg' };

	properties: INodeProperties[] = [
		{
			displayName: 'Environment',
			name: 'environment',
			type: 'options',
			options: [
				{ name: 'Production', value: 'production' },
				{ name: 'Staging', value: 'staging' },
				{ name: 'Custom (E.g. Local Sandbox)', value: 'custom' },
			],
			default: 'production',
		},
		{
			displayName: 'Custom OAuth Base URL',
			name: 'customOAuthBaseUrl',
			type: 'string',
			default: '',
			placeholder: 'http://localhost:4010/actionstep',
			description: 'Base URL under which /api/oauth/authorize and /api/oauth/token are served',
			displayOptions: { show: { environment: ['custom'] } },
		},
		{
			displayName: 'API Endpoint Override',
			name: 'apiEndpointOverride',
			type: 'string',
			default: '',
			placeholder: 'https://ap-southeast-2.actionstep.com/api/',
			description:
				'Leave empty to use the api_endpoint returned with the access token. Requests go to {endpoint}rest/&lt;resource&gt;.',
		},
		{
			displayName: 'Grant Type',
			name: 'grantType',
			type: 'hidden',
			default: 'authorizationCode',
		},
		{
			displayName: 'Authorization URL',
			name: 'authUrl',
			type: 'hidden',
			default:
				'={{ $self["environment"] === "custom" ? $self["customOAuthBaseUrl"].replace(/\\/$/, "") + "/api/oauth/authorize" : ($self["environment"] === "staging" ? "https://go.actionstepstaging.com/api/oauth/authorize" : "https://go.actionstep.com/api/oauth/authorize") }}',
		},
		{
			displayName: 'Access Token URL',
			name: 'accessTokenUrl',
			type: 'hidden',
			default:
				'={{ $self["environment"] === "custom" ? $self["customOAuthBaseUrl"].replace(/\\/$/, "") + "/api/oauth/token" : ($self["environment"] === "staging" ? "https://api.actionstepstaging.com/api/oauth/token" : "https://api.actionstep.com/api/oauth/token") }}',
		},
		{
			displayName: 'Scope',
			name: 'scope',
			type: 'string',
			default: 'actions timeentries billing participants tasks datacollections resthooks',
			description: 'Space-separated Actionstep scopes; Actionstep requires at least one',
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
				'={{ ($credentials.apiEndpointOverride || $credentials.oauthTokenData.api_endpoint || "https://api.actionstep.com/api/").replace(/\\/?$/, "/") }}',
			url: 'rest/participants',
			qs: { pageSize: 1 },
			headers: { Accept: 'application/vnd.api+json' },
		},
	};
}
