import type { IDataObject } from 'n8n-workflow';

import { InputError } from '../helpers/errors';
import { toNumber } from '../helpers/numbers';
import { parseJson } from '../helpers/settle';
import { parseUrl } from '../helpers/url';
import type { BinaryImageInput } from './images';
import { checkInputUrl, checkUrlList } from './images';
import { imageParameterNames } from './properties';
import type { FieldControl, ModelEntry, ModelField } from './types';

/** Reads a parameter of the current item by its n8n name (undefined when not set). */
export type ParameterReader = (name: string, fallback: unknown) => unknown;

function received(value: unknown): string {
	if (typeof value === 'string') return `"${value.length > 60 ? `${value.slice(0, 60)}…` : value}"`;
	if (value === undefined) return 'nothing';
	try {
		return JSON.stringify(value) ?? String(value);
	} catch {
		return String(value);
	}
}

function toBoolean(value: unknown): boolean | undefined {
	if (typeof value === 'boolean') return value;
	if (value === 'true') return true;
	if (value === 'false') return false;
	return undefined;
}

export function checkPrompt(value: unknown, maxLength: number | undefined): string {
	if (typeof value !== 'string' || !value.trim()) {
		throw new InputError(
			'Prompt',
			'is empty',
			'Describe the video to generate in the Prompt field (an expression that resolves to empty text counts as empty).',
		);
	}
	if (maxLength !== undefined && value.length > maxLength) {
		throw new InputError(
			'Prompt',
			`is ${value.length} characters long; this model accepts at most ${maxLength}`,
			'Shorten the prompt.',
		);
	}
	return value;
}

function checkNumber(control: FieldControl, raw: unknown, modelId: string): number {
	const value = toNumber(raw);
	const range = [
		control.min !== undefined ? `at least ${control.min}` : '',
		control.max !== undefined ? `at most ${control.max}` : '',
	]
		.filter(Boolean)
		.join(' and ');
	const hint = `Enter ${control.integer ? 'a whole number' : 'a number'}${range ? ` ${range}` : ''} (model ${modelId}).`;
	if (value === undefined || !Number.isFinite(value)) {
		throw new InputError(control.displayName, `must be a number, received ${received(raw)}`, hint);
	}
	if (control.integer && !Number.isInteger(value)) {
		throw new InputError(control.displayName, `must be a whole number, received ${value}`, hint);
	}
	if (
		(control.min !== undefined && value < control.min) ||
		(control.max !== undefined && value > control.max)
	) {
		throw new InputError(control.displayName, `must be ${range}, received ${value}`, hint);
	}
	if (control.step && control.min !== undefined && (value - control.min) % control.step !== 0) {
		const { min, step } = control;
		const allowed = `${min}, ${min + step}, ${min + 2 * step}, …${control.max !== undefined ? ` ${control.max}` : ''}`;
		throw new InputError(
			control.displayName,
			`must be one of ${allowed} (steps of ${step} from ${min}), received ${value}`,
			`Enter one of ${allowed} (model ${modelId}).`,
		);
	}
	return value;
}

function checkOption(
	control: FieldControl,
	raw: unknown,
	modelId: string,
): string | number | boolean {
	const options = control.options ?? [];
	const match = options.find((option) => String(option.value) === String(raw));
	if (!match) {
		const allowed = options.map((option) => String(option.value)).join(', ');
		throw new InputError(
			control.displayName,
			`must be one of ${allowed} for model ${modelId}, received ${received(raw)}`,
			`Pick one of ${allowed}. Values differ between models (for example 720P for Wan 2.1, 720p for Wan 2.6).`,
		);
	}
	return match.value;
}

function checkString(control: FieldControl, raw: unknown): string {
	if (typeof raw !== 'string') {
		throw new InputError(
			control.displayName,
			`must be text, received ${received(raw)}`,
			`Enter text in ${control.displayName}.`,
		);
	}
	if (control.maxLength !== undefined && raw.length > control.maxLength) {
		throw new InputError(
			control.displayName,
			`is ${raw.length} characters long; at most ${control.maxLength} are accepted`,
			'Shorten it.',
		);
	}
	if (control.url && raw !== '') {
		const url = parseUrl(raw);
		if (!url || !['http:', 'https:'].includes(url.protocol)) {
			throw new InputError(
				control.displayName,
				`must be an http(s) URL, received ${received(raw)}`,
				'Enter a public URL such as https://example.com/audio.mp3, or leave it empty.',
			);
		}
	}
	return raw;
}

/** A `loras` control without limits of its own. */
const LORA_DEFAULTS = { maxEntries: 3, minScale: 0, maxScale: 4 };

function checkLoras(control: FieldControl, raw: unknown): IDataObject[] {
	const entries = (raw && typeof raw === 'object' ? (raw as IDataObject).lora : undefined) ?? [];
	const list = Array.isArray(entries) ? (entries as IDataObject[]) : [];
	const { maxEntries, minScale, maxScale } = control.loras ?? LORA_DEFAULTS;
	if (list.length > maxEntries) {
		throw new InputError(
			control.displayName,
			`has ${list.length} entries; at most ${maxEntries} are accepted`,
			`Remove LoRAs until ${maxEntries} or fewer remain.`,
		);
	}
	return list.map((entry, index) => {
		const path = typeof entry.path === 'string' ? entry.path.trim() : '';
		if (!path) {
			throw new InputError(
				`LoRA ${index + 1} Path`,
				'is empty',
				'Enter a Hugging Face model name or a download URL, or remove the entry.',
			);
		}
		const scale = toNumber(entry.scale);
		if (scale === undefined || scale < minScale || scale > maxScale) {
			throw new InputError(
				`LoRA ${index + 1} Scale`,
				`must be between ${minScale} and ${maxScale}, received ${received(entry.scale)}`,
				`Enter a scale from ${minScale} to ${maxScale}.`,
			);
		}
		return { path, scale };
	});
}

/** One field's value, checked; undefined when it is not to be sent. */
function fieldValue(field: ModelField, raw: unknown, modelId: string): unknown {
	const { control } = field;
	if (control.omitWhen !== undefined && raw === control.omitWhen) return undefined;
	switch (control.type) {
		case 'number': {
			const value = checkNumber(control, raw, modelId);
			return control.omitWhen === value ? undefined : value;
		}
		case 'options':
			return checkOption(control, raw, modelId);
		case 'boolean': {
			const value = toBoolean(raw);
			if (value === undefined) {
				throw new InputError(
					control.displayName,
					`must be true or false, received ${received(raw)}`,
					'Switch it on or off, or use an expression that gives true or false.',
				);
			}
			return value;
		}
		case 'loras': {
			const list = checkLoras(control, raw);
			return list.length ? list : undefined;
		}
		case 'urlList':
			return checkUrlList(control, raw);
		case 'image':
			return checkInputUrl(control, raw, control.image);
		default:
			return checkString(control, raw) === control.omitWhen ? undefined : raw;
	}
}

/** Sets `value` at a dotted path of `body` (`parameters.size`), making the objects on the way. */
export function setPath(body: IDataObject, path: string, value: unknown): void {
	const keys = path.split('.');
	let target = body;
	for (const key of keys.slice(0, -1)) {
		const next = target[key];
		if (!next || typeof next !== 'object' || Array.isArray(next)) target[key] = {};
		target = target[key] as IDataObject;
	}
	target[keys[keys.length - 1]] = value as IDataObject[keyof IDataObject];
}

/**
 * An image field set to Binary Data: the binary property it names, to be checked and read
 * later (the body gets the data URL only when its create is sent). Undefined for a URL.
 */
function binaryImage(field: ModelField, read: ParameterReader): BinaryImageInput | undefined {
	const { control } = field;
	if (control.type !== 'image' || !control.image?.base64) return undefined;
	const names = imageParameterNames(control);
	if (read(names.source, 'url') !== 'binary') return undefined;
	const raw = read(names.binary, 'data');
	const propertyName = typeof raw === 'string' ? raw.trim() : '';
	if (!propertyName) {
		throw new InputError(
			`${control.displayName} (Input Binary Field)`,
			'is empty',
			'Enter the name of the binary property that holds the image, usually "data".',
		);
	}
	return { apiName: field.apiName, field: control.displayName, propertyName, rules: control.image };
}

/**
 * The catalog fields of one model as the API wants them: only the fields this model takes,
 * under their API names (dotted for nested bodies), each checked against the model's limits.
 * Images taken from binary data are listed in `binaries` instead (read when sent).
 */
export function buildModelFields(
	model: ModelEntry,
	read: ParameterReader,
	binaries: BinaryImageInput[] = [],
): IDataObject {
	const body: IDataObject = {};
	for (const field of model.fields) {
		const binary = binaryImage(field, read);
		if (binary) {
			binaries.push(binary);
			continue;
		}
		const value = fieldValue(field, read(field.control.name, field.control.default), model.id);
		if (value === undefined) continue;
		if (field.encode === 'size') {
			const [width, height] = String(value).split('x').map(Number);
			body.width = width;
			body.height = height;
		} else {
			body[field.apiName] = value as IDataObject[keyof IDataObject];
		}
	}
	if (model.oneOf) {
		const given = model.oneOf.apiNames.filter((apiName) => body[apiName] !== undefined);
		if (
			given.length !== 1 &&
			!binaries.some((image) => model.oneOf?.apiNames.includes(image.apiName))
		) {
			const labels = model.fields
				.filter((field) => model.oneOf?.apiNames.includes(field.apiName))
				.map((field) => field.control.displayName);
			throw new InputError(
				labels.join(' or '),
				given.length
					? 'are both set; this model takes one of them'
					: 'is empty; this model needs one of them',
				model.oneOf.message,
			);
		}
	}
	for (const rule of model.rules ?? []) {
		if (
			body[rule.when.apiName] === rule.when.equals &&
			body[rule.requires.apiName] !== rule.requires.equals
		) {
			const control = model.fields.find(
				(field) => field.apiName === rule.requires.apiName,
			)?.control;
			throw new InputError(
				control?.displayName ?? rule.requires.apiName,
				`must be ${String(rule.requires.equals)} here: ${rule.message}`,
				rule.message,
			);
		}
	}
	return body;
}

const RESERVED_KEYS = ['model', 'prompt'];

/** The "Extra Body Fields" option: a JSON object merged into the create body. */
export function parseExtraBodyFields(raw: unknown): IDataObject {
	if (raw === undefined || raw === null || raw === '') return {};
	let value: unknown = raw;
	if (typeof raw === 'string') {
		const parsed = parseJson(raw);
		if (!parsed.ok) {
			throw new InputError(
				'Extra Body Fields',
				`is not valid JSON (${(parsed.error as Error).message})`,
				'Enter a JSON object such as {"image_url": "https://example.com/first.jpg"}.',
			);
		}
		value = parsed.value;
	}
	if (!value || typeof value !== 'object' || Array.isArray(value)) {
		throw new InputError(
			'Extra Body Fields',
			`must be a JSON object, received ${received(value)}`,
			'Enter a JSON object such as {"image_url": "https://example.com/first.jpg"}.',
		);
	}
	const reserved = Object.keys(value).filter((key) => RESERVED_KEYS.includes(key));
	if (reserved.length) {
		throw new InputError(
			'Extra Body Fields',
			`must not set ${reserved.join(' or ')}`,
			'Use the Model and Prompt fields of the node for these.',
		);
	}
	return value as IDataObject;
}

/** The Callback URL option: empty (no callback), or an http(s) URL Novita can POST the result to. */
export function checkCallbackUrl(raw: unknown): string | undefined {
	if (raw === undefined || raw === null || raw === '') return undefined;
	const text = typeof raw === 'string' ? raw.trim() : '';
	const url = parseUrl(text);
	if (!url || !['http:', 'https:'].includes(url.protocol)) {
		throw new InputError(
			'Callback URL',
			`must be an http(s) URL, received ${received(raw)}`,
			'Use {{ $execution.resumeUrl }} with a Wait node, or the production URL of a Webhook node.',
		);
	}
	return text;
}

/** The longest generation id accepted, typed in or answered by an API. */
export const MAX_ID_LENGTH = 512;

/**
 * Whether a text can be a generation id: one token of at most MAX_ID_LENGTH characters, no
 * whitespace and no control characters. Ids typed in and ids answered by an API are checked
 * alike: an id goes into URLs, file names and log lines.
 */
export function isWellFormedId(id: string): boolean {
	const hasControlCharacter = [...id].some((c) => {
		const code = c.charCodeAt(0);
		return code < 0x20 || (code >= 0x7f && code <= 0x9f) || code === 0x2028 || code === 0x2029;
	});
	return id.length > 0 && id.length <= MAX_ID_LENGTH && !/\s/.test(id) && !hasControlCharacter;
}

/** A generation id as typed or mapped in: trimmed, one token, printable. */
export function checkGenerationId(raw: unknown): string {
	const value = typeof raw === 'number' ? String(raw) : raw;
	if (typeof value !== 'string' || !value.trim()) {
		throw new InputError(
			'Generation ID',
			`is empty (received ${received(raw)})`,
			'Map the "id" field of a Create Video output item, e.g. {{ $json.id }}.',
		);
	}
	const id = value.trim();
	// Whitespace or control characters: a mapping picked up more than the id.
	if (!isWellFormedId(id)) {
		throw new InputError(
			'Generation ID',
			`is not a generation id (received ${received(id)})`,
			'An id is one token such as 3f2a…-…:alibaba/wan-2-6-t2v; check the mapped field.',
		);
	}
	return id;
}
