import type { IDataObject } from 'n8n-workflow';

import { InputError } from '../helpers/errors';
import { isLoopbackHost, parseUrl } from '../helpers/url';
import type { FieldControl, ImageInputRules } from './types';

/*
 * Input media of image-to-video and reference-to-video models: a URL (https; plain http only
 * to a loopback host, as for the Base URL), a list of URLs, or an image in a binary property
 * of the item, which travels inline as a Base64 data URL where the spec allows that. Every
 * check here runs before any request of the batch.
 */

/** An image to be read from the item's binary data when its create is sent. */
export interface BinaryImageInput {
	/** Where it goes in the body (dotted for nested bodies). */
	apiName: string;
	/** The field's label, for messages. */
	field: string;
	/** The binary property of the item. */
	propertyName: string;
	rules: ImageInputRules;
	/** Filled by the binary check: the MIME type sent in the data URL, and the size. */
	mimeType?: string;
	bytes?: number;
}

function describe(value: unknown): string {
	if (typeof value === 'string') return `"${value.length > 60 ? `${value.slice(0, 60)}…` : value}"`;
	return value === undefined ? 'nothing' : typeof value;
}

/** `image/jpg` is what some tools write for JPEG. */
export function normalizeMimeType(raw: string | undefined): string {
	const type = (raw ?? '').split(';')[0].trim().toLowerCase();
	return type === 'image/jpg' || type === 'image/pjpeg' ? 'image/jpeg' : type;
}

function megabytes(bytes: number): string {
	return `${(bytes / 1024 / 1024).toFixed(bytes < 1024 * 1024 ? 2 : 1)} MB`;
}

/** The MIME type and size check shared by binaries and typed-in data URLs. */
export function checkImageFile(
	field: string,
	rules: ImageInputRules,
	mimeType: string,
	bytes: number,
): void {
	if (!rules.mimeTypes.includes(mimeType)) {
		throw new InputError(
			field,
			`is of type "${mimeType || 'unknown'}"; this model accepts ${rules.mimeTypes.join(', ')}`,
			'Convert the image (e.g. with the Edit Image node) or pick another file.',
		);
	}
	if (bytes > rules.maxBytes) {
		throw new InputError(
			field,
			`is ${megabytes(bytes)}; this model accepts at most ${megabytes(rules.maxBytes)} (${rules.limitNote})`,
			'Resize or compress the image (e.g. with the Edit Image node) before this node.',
		);
	}
}

/** A data URL typed or mapped into an image URL field of a model that takes Base64. */
function checkDataUrl(field: string, rules: ImageInputRules, text: string): string {
	const match = /^data:([^;,]+);base64,([A-Za-z0-9+/=\s]*)$/.exec(text);
	if (!match) {
		throw new InputError(
			field,
			'is a data URL but not of the form data:<image type>;base64,<data>',
			'Use the Binary Data source for images in the item, or a public https URL.',
		);
	}
	const base64 = match[2].replace(/\s/g, '');
	checkImageFile(field, rules, normalizeMimeType(match[1]), Math.floor((base64.length * 3) / 4));
	return text;
}

/**
 * One input URL: https, or plain http to a loopback host (a local test server). A data URL is
 * accepted only where the spec takes Base64 (`rules.base64`).
 */
export function checkInputUrl(
	control: FieldControl,
	raw: unknown,
	rules?: ImageInputRules,
): string | undefined {
	const text = typeof raw === 'string' ? raw.trim() : raw;
	if (text === undefined || text === null || text === '') {
		if (control.required) {
			throw new InputError(
				control.displayName,
				'is empty; this model needs it',
				rules?.base64
					? 'Enter a public https URL of the image, or switch its source to Binary Data.'
					: 'Enter a public https URL.',
			);
		}
		return undefined;
	}
	if (typeof text !== 'string') {
		throw new InputError(
			control.displayName,
			`must be a URL, received ${describe(raw)}`,
			'Enter a public https URL.',
		);
	}
	if (text.startsWith('data:')) {
		if (rules?.base64) return checkDataUrl(control.displayName, rules, text);
		throw new InputError(
			control.displayName,
			'takes URLs only for this model, received a data URL',
			'Upload the image somewhere public and enter its https URL.',
		);
	}
	const url = parseUrl(text);
	const allowed =
		url &&
		(url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname)));
	if (!allowed) {
		throw new InputError(
			control.displayName,
			`must be an https URL, received ${describe(text)}`,
			'Enter a public https URL such as https://example.com/photo.jpg (plain http only for localhost).',
		);
	}
	return text;
}

/** A list of URLs: an array, or text with the URLs separated by commas or new lines. */
export function checkUrlList(control: FieldControl, raw: unknown): string[] | undefined {
	const entries = Array.isArray(raw)
		? (raw as unknown[])
		: typeof raw === 'string'
			? raw.split(/[\s,]+/).filter(Boolean)
			: raw === undefined || raw === null
				? []
				: [raw];
	const { min = 0, max, what } = control.list ?? { max: 1, what: 'URLs' };
	const lowest = Math.max(min, control.required ? 1 : 0);
	if (entries.length < lowest || entries.length > max) {
		throw new InputError(
			control.displayName,
			`has ${entries.length} ${what}; this model takes ${lowest ? `${lowest} to ${max}` : `at most ${max}`}`,
			`Give ${lowest ? `${lowest} to ${max}` : `up to ${max}`} public https URLs, separated by commas or new lines.`,
		);
	}
	const urls = entries.map((entry, index) => {
		const url = checkInputUrl(
			{ ...control, required: true, displayName: `${control.displayName} ${index + 1}` },
			entry,
		);
		return url as string;
	});
	return urls.length ? urls : undefined;
}

/** The value at a dotted path of a body, if any. */
export function getPath(body: IDataObject, path: string): unknown {
	let target: unknown = body;
	for (const key of path.split('.')) {
		if (!target || typeof target !== 'object') return undefined;
		target = (target as IDataObject)[key];
	}
	return target;
}
