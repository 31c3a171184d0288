/**
 * Queue row 10 (issue 20): image to video on a worker with binary data in the database. The
 * AIML image example runs through the editor's REST API: n8n's HTTP Request node stores the
 * downloaded images in Postgres (`binary_data`), the video node reads two of them back through
 * n8n's binary helpers and sends them as Base64 data URLs, the third row goes as its URL; the
 * three videos land in `binary_data` too.
 */
import { nodeItems, PACKAGES } from '../../n8n-host';
import { checkVideoNode, createsSince, sha256 } from '../checks';
import { TINY_PNG } from '../../../tools/emulator/server';
import { imageExample, NODES } from '../workflows';
import type { QueueRow } from './context';

export const IMAGE_ROWS: QueueRow[] = [
	{
		name: '10 images from the database to videos',
		packages: ['aimlapi'],
		workflows: ({ videosDir, cdnUrl }) => ({
			images: imageExample('aimlapi', 'qImagesToVideos', { videosDir, cdnUrl }),
		}),
		async run(ctx, { images }) {
			const mark = ctx.report.mark();
			ctx.report.packageLabel = PACKAGES.aimlapi.name;
			const started = Date.now();
			const from = ctx.emulator.requests.length;
			const id = await ctx.viaRest(images, 'Run batch');
			const execution = await ctx.finish(id, started);
			ctx.checkOnWorker(this.name, execution);
			const runJson = ctx.runJson(execution);
			// The input images: in the database, byte for byte what the CDN served.
			const downloaded = nodeItems(runJson, 'Download images') ?? [];
			const imageIds = downloaded.map((item) => String(item.binary?.data?.id ?? ''));
			const imagesInDb = ctx.checkInDatabase(
				this.name,
				imageIds,
				imageIds.map(() => sha256(TINY_PNG)),
			);
			const videoIds: string[] = [];
			const videoHashes: string[] = [];
			const check = await checkVideoNode(
				ctx.report,
				this.name,
				runJson,
				NODES.imageVideos,
				{ count: 3, status: 'completed' },
				async (binary) => {
					const bytes = await ctx.readBytes(binary);
					if (bytes && binary.id) {
						videoIds.push(binary.id);
						videoHashes.push(sha256(bytes));
					}
					return bytes;
				},
				ctx.emulator,
			);
			const videosInDb = ctx.checkInDatabase(this.name, videoIds, videoHashes);
			const sent = createsSince(ctx.emulator, from).map((r) =>
				String((r.body as { image_url?: string }).image_url ?? ''),
			);
			const inline = sent.filter(
				(url) => url === `data:image/png;base64,${TINY_PNG.toString('base64')}`,
			).length;
			const links = sent.filter((url) => url.startsWith(ctx.emulator.cdnUrl)).length;
			ctx.report.check(
				inline === 2 && links === 1,
				this.name,
				`sent ${inline} exact data URLs and ${links} links (want 2 and 1)`,
			);
			ctx.report.add(
				{
					case: this.name,
					ranOn: ctx.ranOn(execution.workers),
					...check.row,
					checks: `exec ${id} ${execution.status}; ${imagesInDb}/3 input images and ${videosInDb}/3 videos in binary_data; ${inline} sent inline (exact bytes), ${links} as URL`,
					seconds: execution.seconds,
				},
				ctx.report.mark() === mark,
			);
		},
	},
];
