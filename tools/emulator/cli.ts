/**
 * Starts the emulator on its own, for the demo, `npm run dev`, the e2e test and manual tries.
 *   node -r ./scripts/ts-register.js tools/emulator/cli.ts [--port 8787] [--job-ms 3000] [--video-mb 40]
 * (--video-mb: size of every video the CDN serves, the real MP4 padded with zeros; default: the
 * small real MP4 of tools/fixtures.)
 * Prints one JSON line with the URLs and keys, then serves until stopped.
 */
import http from 'node:http';

import { ApiEmulator } from './server';

const USAGE = `Usage: npm run emulator [-- --port 8787] [-- --job-ms 3000] [-- --video-mb 40]

Starts the local emulator of the AIML API and Novita AI (and their file host), prints one JSON
line with its URLs and test keys, then serves until Ctrl-C.
  --port 8787      a fixed port in front of it (default: a free one)
  --job-ms 3000    how long a video takes
  --video-mb 40    the size of every video served (default: a small real MP4)`;

if (process.argv.includes('--help') || process.argv.includes('-h')) {
	process.stdout.write(`${USAGE}\n`);
	process.exit(0);
}

function arg(name: string, fallback: string): string {
	const index = process.argv.indexOf(`--${name}`);
	return index > 0 && process.argv[index + 1] ? process.argv[index + 1] : fallback;
}

async function main() {
	const videoMb = Number(arg('video-mb', '0'));
	const emulator = new ApiEmulator({
		jobDurationMs: Number(arg('job-ms', '3000')),
		...(videoMb > 0 ? { videoSizeBytes: Math.round(videoMb * 1024 * 1024) } : {}),
	});
	await emulator.start();
	const port = Number(arg('port', '0'));
	let apiUrl = emulator.apiUrl;
	if (port) {
		// A fixed port in front of the emulator, so saved credentials keep working across restarts.
		const target = new URL(emulator.apiUrl);
		const proxy = http.createServer((req, res) => {
			const upstream = http.request(
				{
					host: target.hostname,
					port: target.port,
					path: req.url,
					method: req.method,
					headers: req.headers,
				},
				(answer) => {
					res.writeHead(answer.statusCode ?? 502, answer.headers);
					answer.pipe(res);
				},
			);
			upstream.on('error', () => res.destroy());
			req.pipe(upstream);
		});
		await new Promise<void>((resolve) => proxy.listen(port, '127.0.0.1', resolve));
		apiUrl = `http://127.0.0.1:${port}`;
	}
	process.stdout.write(
		`${JSON.stringify({ apiUrl, cdnUrl: emulator.cdnUrl, aimlKey: emulator.config.keys.aimlapi[0], novitaKey: emulator.config.keys.novita[0] })}\n`,
	);
	const stop = async () => {
		await emulator.stop();
		process.exit(0);
	};
	process.on('SIGINT', () => void stop());
	process.on('SIGTERM', () => void stop());
}

void main();
