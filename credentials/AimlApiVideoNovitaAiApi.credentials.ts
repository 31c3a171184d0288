import type { ICredentialTestRequest, ICredentialType, INodeProperties } from 'n8n-workflow';

import { bearerAuth } from './bearerAuth';

export class AimlApiVideoNovitaAiApi implements ICredentialType {
	name = 'aimlApiVideoNovitaAiApi';

	displayName = 'AIML API Video: Novita AI API';

	icon = {
		light: 'file:../nodes/AimlApiVideo/aimlapi.svg',
		dark: 'file:../nodes/AimlApiVideo/aimlapi.dark.svg',
	} as const;

	documentationUrl = 'https://novita.ai/docs/guides/quickstart';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description: 'Your key from https://novita.ai/settings/key-management',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.novita.ai',
			description:
				'Change only for a proxy or gateway in front of the API. Must be https (http only for localhost).',
		},
	];

	// Bearer auth that also refuses plain http to a remote host (see bearerAuth).
	authenticate = bearerAuth;

	// The OpenAI-compatible model list needs the key, so a wrong key fails the test.
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl}}',
			url: '/v3/openai/models',
			method: 'GET',
		},
	};
}
