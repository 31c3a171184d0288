import type { IBinaryData, IDataObject } from 'n8n-workflow';

import type { BinaryImageInput } from '../catalog/images';
import type { ModelEntry } from '../catalog/types';
import type { FetchRoute, Generation, ProviderAdapter } from '../provider';
import type { WaitState } from '../wait/poller';

/**
 * One input item on its way through a batch: prepared, started, waited for, downloaded. The
 * one object every step reads and updates, from the operation to the output item.
 */
export interface ItemJob {
	itemIndex: number;
	provider: ProviderAdapter;
	route: FetchRoute;
	model?: string;
	/** The catalog entry of the model, when the node knows it. */
	entry?: ModelEntry;
	/** Create only: the request body, once checked. */
	body?: IDataObject;
	/** Create only: images read from the item's binary data into the body when it is sent. */
	binaryImages?: BinaryImageInput[];
	/** Create only: how the item gave its input media (`url` or `binary`), when it gave any. */
	inputKind?: 'url' | 'binary';
	/** The generation id, as soon as it is known. */
	id?: string;
	/** The generation as last seen (create answer or status answer). */
	latest?: Generation;
	/** Set by the wait loop when the job was waited for. */
	wait?: WaitState;
	binary?: IBinaryData;
	/** Why this item failed; its generation id (if any) is kept in `id`. */
	failure?: Error;
}
