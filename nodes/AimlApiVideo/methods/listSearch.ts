import type {
	IDataObject,
	ILoadOptionsFunctions,
	INodeListSearchItems,
	INodeListSearchResult,
} from 'n8n-workflow';

import { settle } from '../../../engine/helpers/settle';
import { AIML_MODELS } from '../models/catalog';
import { aimlApiProvider } from '../api/adapter';
import type { Deprecation } from '../api/deprecations';
import { describeDeprecation, findDeprecation, readDeprecations } from '../api/deprecations';
import { ApiClient, DEFAULT_CLIENT_SETTINGS } from '../../../engine/transport/client';

const VIDEO_TYPES = ['internal/video-generations/submit', 'video'];

/** Whether an entry of `GET /v1/models` (either of its two forms) is a text-to-video model. */
function isTextToVideo(entry: IDataObject): boolean {
	const type = String(entry.type ?? '');
	if (!VIDEO_TYPES.includes(type)) return false;
	const tags = [entry.capabilities, entry.features, entry.tags]
		.flatMap((list) => (Array.isArray(list) ? list : []))
		.map((tag) => String(tag).toLowerCase());
	const text = `${String(entry.id)} ${tags.join(' ')}`.toLowerCase();
	// Image-, video- and reference-to-video models need an input file this node does not send.
	const needsInput = /(image|video|reference)[-_ ]?to[-_ ]?video|i2v|v2v|r2v/.test(text);
	return !needsInput || /text[-_ ]?to[-_ ]?video|t2v/.test(text);
}

function modelEntries(body: unknown): IDataObject[] {
	if (Array.isArray(body)) return body as IDataObject[];
	const data = (body as IDataObject | undefined)?.data;
	return Array.isArray(data) ? (data as IDataObject[]) : [];
}

/** "Wan 2.2 Plus (alibaba/wan2.2-t2v-plus)", or the id alone when the name adds nothing to it. */
function labelFor(id: string, name: unknown): string {
	if (typeof name !== 'string' || !name.trim()) return id;
	const bare = (text: string) => text.toLowerCase().replace(/[^a-z0-9]/g, '');
	return bare(id).includes(bare(name)) ? id : `${name} (${id})`;
}

function catalogResults(): INodeListSearchItems[] {
	return AIML_MODELS.map((model) => ({
		name: `${model.name} ✓`,
		value: model.id,
		description: `${model.description}. ✓: the node shows this model's own fields.`,
	}));
}

function matches(item: INodeListSearchItems, filter?: string): boolean {
	if (!filter) return true;
	const needle = filter.toLowerCase();
	return (
		item.name.toLowerCase().includes(needle) || String(item.value).toLowerCase().includes(needle)
	);
}

/**
 * Marks what AIML's deprecations feed says of a model: "(Deprecated)" or "(Superseded by …)"
 * in its name and the details in its description; a withdrawn model is left out (undefined).
 */
function withDeprecation(
	item: INodeListSearchItems,
	feed: Deprecation[] | undefined,
): INodeListSearchItems | undefined {
	const entry = findDeprecation(feed, String(item.value));
	if (!entry) return item;
	if (entry.status === 'withdrawn') return undefined;
	const mark =
		entry.status === 'superseded' && entry.replacedBy
			? `(Superseded by ${entry.replacedBy})`
			: '(Deprecated)';
	// Catalog models end in ✓ (the node knows their fields): the mark goes before it.
	const known = item.name.endsWith(' ✓');
	const bare = (known ? item.name.slice(0, -2) : item.name).replace(' (Deprecated)', '');
	const name = `${bare} ${mark}${known ? ' ✓' : ''}`;
	const note = `${entry.status[0].toUpperCase()}${describeDeprecation(entry).slice(1)}.`;
	return { ...item, name, description: item.description ? `${note} ${item.description}` : note };
}

/**
 * The model list: the catalog's models first (marked ✓: the node knows their fields), then
 * every other text-to-video model the API lists; deprecated and superseded models marked,
 * withdrawn ones left out. When the list cannot be loaded, the catalog.
 */
export async function searchModels(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const results = catalogResults();
	let feed: Deprecation[] | undefined;
	try {
		const client = await ApiClient.create(this, aimlApiProvider, {
			...DEFAULT_CLIENT_SETTINGS,
			requestTimeoutMs: 15_000,
			maxAttempts: 2,
		});
		const [models, deprecations] = await Promise.all([
			settle(client.send({ method: 'GET', path: '/v1/models' }, { idempotent: true })),
			readDeprecations(client),
		]);
		feed = deprecations;
		if (!models.ok) throw models.error;
		const body = models.value;
		const known = new Set(results.map((item) => item.value));
		for (const entry of modelEntries(body)) {
			const id = typeof entry.id === 'string' ? entry.id : '';
			if (!id || known.has(id) || !isTextToVideo(entry)) continue;
			known.add(id);
			const info = (entry.info ?? {}) as IDataObject;
			results.push({
				name: labelFor(id, info.name),
				value: id,
				description: typeof info.description === 'string' ? info.description : undefined,
				url: typeof info.docsUrl === 'string' ? info.docsUrl : undefined,
			});
		}
	} catch {
		// The list is a convenience: without it the catalog's models are still offered.
	}
	return {
		results: results
			.map((item) => withDeprecation(item, feed))
			.filter((item): item is INodeListSearchItems => item !== undefined && matches(item, filter)),
	};
}
