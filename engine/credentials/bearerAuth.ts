import type { ICredentialDataDecryptedObject, IHttpRequestOptions } from 'n8n-workflow';

import { isSafeForKey, parseUrl } from '../helpers/url';

/**
 * Adds `Authorization: Bearer <key>` to requests for the credential's own API, and refuses to
 * send the key anywhere over plain http (loopback hosts excepted, for local testing). n8n runs
 * this for the node's requests and for the credential test alike.
 */
export async function bearerAuth(
	credentials: ICredentialDataDecryptedObject,
	requestOptions: IHttpRequestOptions,
): Promise<IHttpRequestOptions> {
	const target = String(requestOptions.baseURL ?? requestOptions.url ?? '');
	if (!isSafeForKey(parseUrl(target))) {
		throw new Error(
			'The Base URL must use https: the API key is not sent over plain http (http is accepted for localhost only)',
		);
	}
	return {
		...requestOptions,
		headers: {
			...requestOptions.headers,
			Authorization: `Bearer ${String(credentials.apiKey ?? '')}`,
		},
	};
}
