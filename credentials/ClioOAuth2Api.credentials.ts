import type { ICredentialTestRequest, ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

/** Host root per data region; the custom base URL replaces it (the pack's sandbox, a proxy). */
const HOST =
	'{{ $self["region"] === "custom" ? String($self["customBaseUrl"]).replace(/\\/+$/, "") : ({ us: "https://app.clio.com", eu: "https://eu.app.clio.com", ca: "https://ca.app.clio.com", au: "https://au.app.clio.com" })[$self["region"]] }}';

export class ClioOAuth2Api implements ICredentialType {
	name = 'clioOAuth2Api';

	extends = ['oAuth2Api'];

	displayName = 'Clio OAuth2 API';

	// eslint-disable-next-line n8n-nodes-base/cred-class-field-documentation-url-miscased -- a community credential links to the package's own docs page by full URL
	documentationUrl = 'https://github.com/n8n-nodes-legal-billing/n8n-nodes-legal-billing/blob/main/docs/credentials.md#clio';

	icon: Icon = { light: 'file:../nodes/Clio/clio.svg', dark: 'file:../nodes/Clio/clio.dark.svg' };

	properties: INodeProperties[] = [
		{
			displayName: 'Grant Type',
			name: 'grantType',
			type: 'hidden',
			default: 'authorizationCode',
		},
		{
			displayName: 'Region',
			name: 'region',
			type: 'options',
			options: [
				{ name: 'Australia (au.app.clio.com)', value: 'au' },
				{ name: 'Canada (ca.app.clio.com)', value: 'ca' },
				{ name: 'Custom Base URL (Sandbox, Proxy)', value: 'custom' },
				{ name: 'European Union (eu.app.clio.com)', value: 'eu' },
				{ name: 'United States (app.clio.com)', value: 'us' },
			],
			default: 'us',
			description:
				'The data region of the Clio account. A token only works in its own region. Register the app in that region\'s developer portal.',
		},
		{
			displayName: 'Custom Base URL',
			name: 'customBaseUrl',
			type: 'string',
			default: '',
			placeholder: 'http://localhost:4010/clio',
			description:
				'Root under which /oauth/authorize, /oauth/token and /api/v4 live, e.g. the pack\'s sandbox at http://localhost:&lt;port&gt;/clio',
			displayOptions: { show: { region: ['custom'] } },
		},
		{
			displayName: 'API Version',
			name: 'apiVersion',
			type: 'string',
			default: '4.0.9',
			description:
				'Sent as X-API-VERSION on every request, so Clio cannot change shapes under the workflow. The pack expects 4.0.4 or later (activity quantity in seconds).',
		},
		{
			displayName: 'Authorization URL',
			name: 'authUrl',
			type: 'hidden',
			default: `=${HOST}/oauth/authorize`,
			required: true,
		},
		{
			displayName: 'Access Token URL',
			name: 'accessTokenUrl',
			type: 'hidden',
			default: `=${HOST}/oauth/token`,
			required: true,
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
			baseURL: `=${HOST}/api/v4`,
			url: '/users/who_am_i.json',
			qs: { fields: 'id,name,email' },
			headers: { 'X-API-VERSION': '={{ $credentials.apiVersion || "4.0.9" }}' },
		},
	};
}
