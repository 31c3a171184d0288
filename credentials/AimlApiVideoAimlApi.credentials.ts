import type { ICredentialTestRequest, ICredentialType, INodeProperties } from 'n8n-workflow';

import { bearerAuth } from './bearerAuth';

export class AimlApiVideoAimlApi implements ICredentialType {
	name = 'aimlApiVideoAimlApi';

	displayName = 'AIML API Video: AIML API';

	icon = {
		light: 'file:../nodes/AimlApiVideo/aimlapi.svg',
		dark: 'file:../nodes/AimlApiVideo/aimlapi.dark.svg',
	} as const;

	documentationUrl = 'https://docs.aimlapi.com/quickstart/setting-up';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description: 'Your key from https://aimlapi.com/app/keys',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.aimlapi.com',
			description:
				'Change only for a proxy or gateway in front of the API. Must be https (http only for localhost).',
		},
	];

	// Bearer auth that also refuses plain http to a remote host (see bearerAuth).
	authenticate = bearerAuth;

	// An endpoint that needs the key (the model list does not), so a wrong key fails the test.
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl}}',
			url: '/assistants',
			method: 'GET',
		},
	};
}
