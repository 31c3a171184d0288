import type { ICredentialTestRequest, ICredentialType, INodeProperties } from 'n8n-workflow';

import { apiKeyProperties, keyCheckRequest } from '../engine/credentials/apiKey';
import { bearerAuth } from '../engine/credentials/bearerAuth';

export class AimlApiVideoAimlApi implements ICredentialType {
	name = 'aimlApiVideoAimlApi';

	displayName = 'AIML API Video API';

	icon = {
		light: 'file:../nodes/AimlApiVideo/aimlapi.svg',
		dark: 'file:../nodes/AimlApiVideo/aimlapi.dark.svg',
	} as const;

	documentationUrl = 'https://docs.aimlapi.com/quickstart/setting-up';

	properties: INodeProperties[] = apiKeyProperties(
		'https://aimlapi.com/app/keys',
		'https://api.aimlapi.com',
	);

	// Bearer auth that also refuses plain http to a remote host (see bearerAuth).
	authenticate = bearerAuth;

	// AIML's documented way to read an account: needs the key, answers the balance, 401 on a bad key.
	test: ICredentialTestRequest = keyCheckRequest('/v2/billing', 'AIML API', {
		statusField: 'statusCode',
		successField: 'current_balance',
	});
}
