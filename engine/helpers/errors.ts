import type { IDataObject, INode, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

/*
 * Every error of the node, from bad input to a lost connection, and the one place where they
 * become the NodeApiError/NodeOperationError n8n shows. Lower layers throw these plain classes
 * (they know no item); the operations map them with `toNodeError`, where item and id are known.
 */

/** Bad input, caught before any request: which field, what is wrong, what to do. */
export class InputError extends Error {
	constructor(
		readonly field: string,
		problem: string,
		readonly hint: string,
	) {
		super(`${field} ${problem}`);
		this.name = 'InputError';
	}
}

/** An answer that is JSON but not the shape the contract promises. */
export class UnexpectedAnswerError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'UnexpectedAnswerError';
	}
}

export interface ApiCallDetails {
	/** Suggested next step, shown as the error description. */
	hint?: string;
	httpCode?: number;
	/** The API's own message, parsed loosely from its error body. */
	apiMessage?: string;
	/** The error body (already free of secrets: it comes from the server). */
	body?: unknown;
	/** A network-level code: ECONNRESET, ECONNREFUSED, ETIMEDOUT, ... */
	networkCode?: string;
	/** Worth trying again later (the poll loop keeps going on these). */
	transient?: boolean;
	/** A create whose outcome is unknown: a generation may have started. */
	outcomeUnknown?: boolean;
	/** The run was stopped. */
	aborted?: boolean;
	/** The server's Retry-After, in ms: when it would take the next request of this kind. */
	retryAfterMs?: number;
}

/**
 * What went wrong with one API call or download, in words a user can act on. Nothing here holds
 * request options, so no key can ride along.
 */
export class ApiCallError extends Error {
	constructor(
		message: string,
		readonly details: ApiCallDetails = {},
	) {
		super(message);
		this.name = 'ApiCallError';
	}

	get transient(): boolean {
		return this.details.transient === true;
	}

	get aborted(): boolean {
		return this.details.aborted === true;
	}

	/** The plain object NodeApiError is built from: message, code and the API's body only. */
	toErrorResponse(): JsonObject {
		const response: IDataObject = { message: this.message };
		if (this.details.httpCode !== undefined) response.httpCode = String(this.details.httpCode);
		if (this.details.networkCode) response.code = this.details.networkCode;
		if (this.details.body !== undefined) response.body = this.details.body as IDataObject;
		return response as JsonObject;
	}
}

/** The error for work cut short because the execution was stopped. */
export function stoppedError(networkCode?: string): ApiCallError {
	return new ApiCallError('The execution was stopped', { aborted: true, networkCode });
}

/** Any failure as an ApiCallError: a bug elsewhere still ends as a readable item error. */
export function asApiCallError(error: unknown): ApiCallError {
	if (error instanceof ApiCallError) return error;
	return new ApiCallError(error instanceof Error ? error.message : String(error));
}

/** Where an error happened: the item, and the generation once it is known. */
export interface ErrorPlace {
	itemIndex: number;
	generationId?: string;
}

/** The n8n error for any failure, always naming the item and, once known, the generation. */
export function toNodeError(
	node: INode,
	error: unknown,
	{ itemIndex, generationId }: ErrorPlace,
): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	const idNote = generationId ? `Generation id: ${generationId}.` : '';
	const message = `${error instanceof Error ? error.message : String(error)} (item ${itemIndex})`;
	if (error instanceof InputError) {
		return new NodeOperationError(node, message, { itemIndex, description: error.hint });
	}
	if (error instanceof ApiCallError) {
		const description = [error.details.hint, idNote].filter(Boolean).join(' ');
		if (error.details.httpCode !== undefined || error.details.networkCode !== undefined) {
			const apiError = new NodeApiError(node, error.toErrorResponse(), {
				message,
				description,
				httpCode: error.details.httpCode !== undefined ? String(error.details.httpCode) : undefined,
				itemIndex,
			});
			// NodeApiError swaps messages that mention a network code (ECONNRESET, ...) for a
			// generic line; ours says what happened to the generation, so keep it.
			apiError.message = message;
			return apiError;
		}
		return new NodeOperationError(node, message, { itemIndex, description });
	}
	return new NodeOperationError(node, message, { itemIndex, description: idNote || undefined });
}
