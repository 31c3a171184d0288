/**
 * Finds the human message in an error body of any of the shapes the API uses:
 * `{ message }`, `{ error: { message } }`, `{ error: "text" }`, `{ detail: [{ msg }] }`,
 * `{ detail: "text" }`, `{ errors: [...] }`, `{ reason }`, or a plain string.
 */
export function extractApiMessage(body: unknown, depth = 0): string | undefined {
	if (depth > 4 || body === null || body === undefined) return undefined;
	if (typeof body === 'string') return body.trim() || undefined;
	if (Array.isArray(body)) {
		const parts = body.map((entry) => extractApiMessage(entry, depth + 1)).filter(Boolean);
		return parts.length ? parts.join('; ') : undefined;
	}
	if (typeof body !== 'object') return undefined;
	const record = body as Record<string, unknown>;
	const pieces: string[] = [];
	for (const key of ['message', 'msg', 'error', 'detail', 'details', 'errors', 'reason', 'title']) {
		const found = extractApiMessage(record[key], depth + 1);
		if (found && !pieces.includes(found)) pieces.push(found);
	}
	// `{ name, message }` error objects: the name alone says little when a message exists.
	if (!pieces.length && typeof record.name === 'string') pieces.push(record.name);
	// Validation details name the field as `loc` (pydantic) or `path` (zod).
	const where = Array.isArray(record.loc)
		? record.loc
		: Array.isArray(record.path)
			? record.path
			: undefined;
	if (where?.length && pieces.length) pieces[0] = `${where.join('.')}: ${pieces[0]}`;
	return pieces.length ? pieces.join(': ') : undefined;
}

/** The first characters of a body, for an error message about an unreadable answer. */
export function snippet(text: string, length = 160): string {
	const flat = text.replace(/\s+/g, ' ').trim();
	return flat.length > length ? `${flat.slice(0, length)}…` : flat;
}

const NETWORK_CODE = /^(E[A-Z_]{3,}|ERR_[A-Z_]+|UND_ERR_[A-Z_]+)$/;

/**
 * The network error code (ECONNRESET, ECONNREFUSED, ECONNABORTED, ERR_CANCELED, ...) of a failed
 * request. n8n wraps the axios error in a NodeApiError; depending on the n8n-workflow version
 * the code is on its cause, in its `httpCode`, or only in its `messages`.
 */
export function findNetworkCode(error: unknown): string | undefined {
	let current: unknown = error;
	for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth++) {
		const record = current as {
			code?: unknown;
			httpCode?: unknown;
			messages?: unknown;
			name?: unknown;
			cause?: unknown;
		};
		for (const candidate of [record.code, record.httpCode]) {
			if (typeof candidate === 'string' && NETWORK_CODE.test(candidate)) return candidate;
		}
		if (record.name === 'AbortError' || record.name === 'CanceledError') return 'ERR_CANCELED';
		if (Array.isArray(record.messages)) {
			for (const message of record.messages) {
				const match = /\b(E[A-Z]{4,}|ERR_CANCELED)\b/.exec(String(message));
				if (match) return match[1];
				if (/^timeout of \d+ms exceeded/.test(String(message))) return 'ECONNABORTED';
				if (String(message) === 'canceled') return 'ERR_CANCELED';
			}
		}
		current = record.cause;
	}
	return undefined;
}

/** Removes a secret from any text, in case some library echoed it. */
export function redact(text: string, secrets: string[]): string {
	let result = text;
	for (const secret of secrets) {
		if (secret && secret.length >= 4) result = result.split(secret).join('[redacted]');
	}
	return result;
}

/**
 * Removes a secret from every text in a value of any shape (strings, and the keys and values
 * of objects and arrays, nested): an error body or an answer that echoes the Authorization
 * header must not carry the key into the item, the execution data or the log. A value nested
 * deeper than `maxDepth` is replaced, as it cannot be checked cheaply.
 */
export function redactDeep(value: unknown, secrets: string[], maxDepth = 32): unknown {
	const active = secrets.filter((secret) => secret && secret.length >= 4);
	if (!active.length) return value;
	const walk = (current: unknown, depth: number): unknown => {
		if (typeof current === 'string') return redact(current, active);
		if (current === null || typeof current !== 'object') return current;
		if (depth >= maxDepth) return '[nested too deep]';
		if (Array.isArray(current)) return current.map((entry) => walk(entry, depth + 1));
		const result: Record<string, unknown> = {};
		for (const [key, entry] of Object.entries(current)) {
			result[redact(key, active)] = walk(entry, depth + 1);
		}
		return result;
	};
	return walk(value, 0);
}

/** A text safe for one log line: CR, LF and other control characters written as escapes. */
export function oneLine(text: string): string {
	return text.replace(
		// eslint-disable-next-line no-control-regex
		/[\u0000-\u001f\u007f\u2028\u2029]/g,
		(c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
	);
}
