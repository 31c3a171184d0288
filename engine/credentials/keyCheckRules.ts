import type { IAuthenticateRuleResponseSuccessBody } from 'n8n-workflow';

/** What a provider's answers look like, as far as its credential test needs to know. */
export interface KeyCheckAnswer {
	/** Field of the error body that carries the HTTP status (AIML `statusCode`, Novita `code`). */
	statusField: string;
	/** Field the key check's success answer always has (e.g. `current_balance`). */
	successField: string;
}

/*
 * Why the test reads the answer's body, not its status code: n8n's credential tester applies
 * `responseCode` rules only to an error with `cause.response`, and the NodeApiError it gets
 * from an HTTP error has none (n8n 2.8 and 2.41 alike), so it showed its generic "Authorization
 * failed". So the test request sets `ignoreHttpStatusErrors` (every answer comes back as a
 * result) and these `responseSuccessBody` rules, which n8n checks in order on the answer's body,
 * name the refusal; the last one fails any answer without the success field: an HTML page, a
 * redirect, another service's 404.
 */
export function keyCheckRules(
	providerName: string,
	answer: KeyCheckAnswer,
): IAuthenticateRuleResponseSuccessBody[] {
	const refusals: Array<[status: number, message: string]> = [
		[
			401,
			`The ${providerName} refused the API key (HTTP 401): check that it is copied whole, without spaces, and not revoked`,
		],
		[
			403,
			`The ${providerName} accepted the key but refused access (HTTP 403): check the account's plan and balance`,
		],
		[404, `No ${providerName} at this Base URL (HTTP 404): check the Base URL, e.g. the default`],
		[429, `The ${providerName} is rate limiting this key (HTTP 429): try again in a minute`],
		...[500, 502, 503].map((status): [number, string] => [
			status,
			`The ${providerName} could not check the key right now (HTTP ${status}): try again later`,
		]),
	];
	return [
		// The status may come as a number or as a string ("401"): a rule for each.
		...refusals.flatMap(([status, message]) =>
			[status, String(status)].map((value): IAuthenticateRuleResponseSuccessBody => ({
				type: 'responseSuccessBody',
				properties: { key: answer.statusField, value, message },
			})),
		),
		{
			type: 'responseSuccessBody',
			properties: {
				key: answer.successField,
				value: undefined,
				message: `This Base URL does not answer as the ${providerName} does (its answer has no "${answer.successField}"): check the Base URL, e.g. the default`,
			},
		},
	];
}
