import type { ICredentialTestRequest, INodeProperties } from 'n8n-workflow';

/** The two fields both credentials have: the key, and a base URL for proxies and local testing. */
export function apiKeyProperties(keyPageUrl: string, defaultBaseUrl: string): INodeProperties[] {
	return [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description: `Your key from ${keyPageUrl}`,
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: defaultBaseUrl,
			description:
				'Change only for a proxy or gateway in front of the API. Must be https (http only for localhost).',
		},
	];
}

/**
 * A credential test on an endpoint that needs the key, with a message for each refusal the
 * credential dialog can act on (n8n otherwise shows only the bare status code).
 */
export function keyCheckRequest(url: string, providerName: string): ICredentialTestRequest {
	return {
		request: {
			baseURL: '={{$credentials.baseUrl}}',
			url,
			method: 'GET',
			// n8n's credential tester adds the key again on every hop: a Base URL that redirects would
			// hand it to another host, on every save of the credential.
			disableFollowRedirect: true,
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message: `The ${providerName} refused the API key (HTTP 401): check that it is copied whole, without spaces, and not revoked`,
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 403,
					message: `The ${providerName} accepted the key but refused access (HTTP 403): check the account's plan and balance`,
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 404,
					message: `No ${providerName} at this Base URL (HTTP 404): check the Base URL, e.g. the default`,
				},
			},
		],
	};
}
