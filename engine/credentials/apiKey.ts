import type { ICredentialTestRequest, INodeProperties } from 'n8n-workflow';

import type { KeyCheckAnswer } from './keyCheckRules';
import { keyCheckRules } from './keyCheckRules';

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
 * credential dialog can act on (see keyCheckRules: why the rules read the answer's body).
 */
export function keyCheckRequest(
	url: string,
	providerName: string,
	answer: KeyCheckAnswer,
): ICredentialTestRequest {
	return {
		request: {
			baseURL: '={{$credentials.baseUrl}}',
			url,
			method: 'GET',
			// Status errors are answers too: the rules read their bodies (see keyCheckRules).
			ignoreHttpStatusErrors: true,
			// n8n's credential tester adds the key again on every hop: a Base URL that redirects would
			// hand it to another host, on every save of the credential.
			disableFollowRedirect: true,
		},
		rules: keyCheckRules(providerName, answer),
	};
}
