import type { IBinaryData, IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { ItemJob } from './job';
import type { BinaryImageInput } from '../catalog/images';
import { checkImageFile, normalizeMimeType } from '../catalog/images';
import { setPath } from '../catalog/validate';
import { InputError } from '../helpers/errors';
import { settle } from '../helpers/settle';

/*
 * Images from the item's binary data: checked (property, type, size) for every item before
 * the batch starts, from the binary's metadata alone; read only when the item's create is sent,
 * through n8n's binary helpers (so the in-memory, filesystem and database modes all work), and
 * dropped with the request.
 */

/** The size of a binary without reading it: its metadata, or the length of inline Base64. */
async function sizeOf(ctx: IExecuteFunctions, binary: IBinaryData): Promise<number | undefined> {
	const declared = (binary as IBinaryData & { bytes?: unknown }).bytes;
	if (typeof declared === 'number' && Number.isFinite(declared)) return declared;
	if (binary.id) {
		const metadata = await settle(ctx.helpers.getBinaryMetadata(binary.id));
		if (metadata.ok && typeof metadata.value.fileSize === 'number') return metadata.value.fileSize;
		return undefined;
	}
	if (typeof binary.data === 'string') {
		const text = binary.data;
		const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
		return Math.floor((text.length * 3) / 4) - padding;
	}
	return undefined;
}

/** Checks the binary images of one item: the property exists, is an accepted image, fits. */
export async function checkBinaryImages(
	ctx: IExecuteFunctions,
	itemIndex: number,
	images: BinaryImageInput[],
): Promise<void> {
	const item = ctx.getInputData()[itemIndex];
	for (const image of images) {
		const label = `${image.field} (Input Binary Field "${image.propertyName}")`;
		const binary = item?.binary?.[image.propertyName];
		if (!binary) {
			const present = Object.keys(item?.binary ?? {});
			throw new InputError(
				label,
				present.length
					? `names a binary property this item does not have (it has ${present.map((name) => `"${name}"`).join(', ')})`
					: 'names a binary property, but this item has no binary data',
				'Put the image into the item first (e.g. HTTP Request with Response Format File, or Read Files from Disk), or enter the name of the property that holds it.',
			);
		}
		const mimeType = normalizeMimeType(binary.mimeType);
		const bytes = await sizeOf(ctx, binary);
		if (bytes === undefined) {
			throw new InputError(
				label,
				'has no size n8n can tell without reading it',
				'Pass the image through a node that stores it as a file (e.g. HTTP Request).',
			);
		}
		checkImageFile(label, image.rules, mimeType, bytes);
		image.mimeType = mimeType;
		image.bytes = bytes;
	}
}

/**
 * The create body with each binary image in place as `data:<mime>;base64,…`. The buffer is
 * let go as soon as its text exists; the body lives only as long as its request.
 */
export async function bodyWithImages(ctx: IExecuteFunctions, job: ItemJob): Promise<IDataObject> {
	const images = job.binaryImages ?? [];
	if (!images.length || !job.body) return job.body ?? {};
	const body = structuredClone(job.body);
	for (const image of images) {
		const buffer = await ctx.helpers.getBinaryDataBuffer(job.itemIndex, image.propertyName);
		if (buffer.length > image.rules.maxBytes) {
			throw new InputError(
				`${image.field} (Input Binary Field "${image.propertyName}")`,
				`is ${buffer.length} bytes; this model accepts at most ${image.rules.maxBytes}`,
				'Resize or compress the image before this node.',
			);
		}
		setPath(body, image.apiName, `data:${image.mimeType};base64,${buffer.toString('base64')}`);
	}
	return body;
}
