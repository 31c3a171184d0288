/**
 * The shapes of the model catalog. The catalog is data: a model is an id, an endpoint and a
 * list of fields; the node's parameters, the validation and the request body are all derived
 * from it, so adding a model never means adding a branch in the code.
 */

/** How the node shows one API field. Shared by every model whose field looks the same. */
export interface FieldControl {
	/**
	 * The n8n parameter name, unique per control: with the model set by an expression n8n
	 * cannot tell which variant is shown, and two variants under one name would mix defaults.
	 */
	name: string;
	displayName: string;
	description: string;
	/**
	 * `loras`: a list of { path, scale } entries (see `loras` below for its limits).
	 * `image`: one input image, as a URL or (where `image.base64` allows) an item's binary.
	 * `urlList`: a list of input media URLs (reference images or videos), see `list`.
	 */
	type: 'string' | 'number' | 'boolean' | 'options' | 'loras' | 'image' | 'urlList';
	/** For `image`: what the spec accepts. */
	image?: ImageInputRules;
	/** For `urlList`: how many entries the spec allows, and what they are. */
	list?: { min?: number; max: number; what: string };
	/** For `image` and `urlList`: the model cannot run without it. */
	required?: boolean;
	/** For `loras`: how many entries, and the range of each scale. */
	loras?: { maxEntries: number; minScale: number; maxScale: number };
	default: string | number | boolean;
	/** For `options`: the exact API values. */
	options?: Array<{ name: string; value: string | number | boolean; description?: string }>;
	min?: number;
	max?: number;
	/** Refuse fractions (the API wants an integer). */
	integer?: boolean;
	/**
	 * For numbers with a `min`: only min, min + step, min + 2 × step, … are accepted (Krea's
	 * frame count must be a multiple of 12 plus 6: 18, 30, 42, …).
	 */
	step?: number;
	/** Digits shown after the point in the editor. */
	numberPrecision?: number;
	/** For strings: longest accepted value, in characters. */
	maxLength?: number;
	/** For strings: the value must be an http(s) URL. */
	url?: boolean;
	/** Not sent when the value equals this (e.g. an empty string, or -1 meaning "random"). */
	omitWhen?: string | number;
	placeholder?: string;
	rows?: number;
}

/** What one image field of a spec accepts. */
export interface ImageInputRules {
	/**
	 * Whether the spec takes the image inline, as a Base64 data URL (`data:<mime>;base64,…`):
	 * then the field also offers an item's binary property. Otherwise it takes URLs only.
	 */
	base64: boolean;
	/** MIME types the spec accepts (e.g. image/jpeg, image/png, image/bmp, image/webp). */
	mimeTypes: string[];
	/** Largest file accepted, in bytes: the spec's limit, or a stated conservative one. */
	maxBytes: number;
	/** Where the limit comes from, for the error message (e.g. "the spec's 10 MB"). */
	limitNote: string;
}

/** One field of one model: the API name it travels under, and how the node shows it. */
export interface ModelField {
	/** The body key; a dotted name nests it (`parameters.size` → `{ parameters: { size } }`). */
	apiName: string;
	control: FieldControl;
	/**
	 * How the value goes into the body when it is not a plain `apiName: value`:
	 * `size` splits "832x480" into `width` and `height`; `loras` sends the list of entries.
	 */
	encode?: 'size' | 'loras';
}

/** A cross-field rule, e.g. Wan 2.6's multi-shot needs prompt expansion. */
export interface FieldRule {
	when: { apiName: string; equals: string | number | boolean };
	requires: { apiName: string; equals: string | number | boolean };
	message: string;
}

export interface ModelEntry {
	/** The model id as the API knows it. */
	id: string;
	/** Label in the model list. */
	name: string;
	description: string;
	deprecated?: boolean;
	/** Which create/fetch paths the provider uses for this model (the adapter's own route names). */
	route?: string;
	/** The create path of this model, for providers where each model has its own. */
	createPath?: string;
	/** Where the prompt goes in the body (dotted for nested bodies); default `prompt`. */
	promptPath?: string;
	/** Where the spec of this entry is: the page or file its fields are taken from. */
	spec: string;
	/** Fields every create for this model carries, e.g. Novita's required `model_name`. */
	fixedFields?: Record<string, string | number | boolean>;
	/** The task type the provider's results name this model by, so Get Video can name it. */
	taskType?: string;
	/** Longest prompt the model accepts, when the provider documents one. */
	promptMaxLength?: number;
	fields: ModelField[];
	rules?: FieldRule[];
	/** Inputs of which exactly one must be given (e.g. a first frame or a clip to continue). */
	oneOf?: { apiNames: string[]; message: string };
}
