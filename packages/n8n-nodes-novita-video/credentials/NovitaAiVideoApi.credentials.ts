import type { ICredentialTestRequest, ICredentialType, INodeProperties } from 'n8n-workflow';

import { apiKeyProperties, keyCheckRequest } from '../engine/credentials/apiKey';
import { bearerAuth } from '../engine/credentials/bearerAuth';

export class NovitaAiVideoApi implements ICredentialType {
	name = 'novitaAiVideoApi';

	displayName = 'Novita AI Video API';

	icon = {
		light: 'file:../nodes/NovitaAiVideo/novita.svg',
		dark: 'file:../nodes/NovitaAiVideo/novita.dark.svg',
	} as const;

	documentationUrl = 'https://novita.ai/docs/guides/quickstart';

	properties: INodeProperties[] = apiKeyProperties(
		'https://novita.ai/settings/key-management',
		'https://api.novita.ai',
	);

	// Bearer auth that also refuses plain http to a remote host (see bearerAuth).
	authenticate = bearerAuth;

	// The OpenAI-compatible model list needs the key, so a wrong key fails the test.
	test: ICredentialTestRequest = keyCheckRequest('/v3/openai/models', 'Novita AI', {
		statusField: 'code',
		successField: 'data',
	});
}
