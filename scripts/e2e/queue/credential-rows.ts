/**
 * Row 9: the credential test of each package never follows a redirect, proven in real n8n's
 * credential tester (POST /rest/credentials/test, what the credential dialog's Save and Retry
 * call). n8n's tester sends `Authorization` again on every hop, so a Base URL that answers 302
 * to another host would hand that host the key on every save. Here the Base URL is a redirector
 * on 127.0.0.1 that points at a second server; that second server must see no request at all.
 * A control test with the emulator as Base URL must pass, so the row can tell the two apart.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { PACKAGES } from '../../n8n-host';
import { CREDENTIALS } from '../workflows';
import type { QueueContext, QueueRow } from './context';

interface Server {
	url: string;
	requests: http.IncomingHttpHeaders[];
	close: () => Promise<void>;
}

/** A server on 127.0.0.1 that records each request's headers and answers with `answer`. */
async function server(answer: (res: http.ServerResponse) => void): Promise<Server> {
	const requests: http.IncomingHttpHeaders[] = [];
	const instance = http.createServer((req, res) => {
		requests.push(req.headers);
		req.resume();
		answer(res);
	});
	await new Promise<void>((resolve) => instance.listen(0, '127.0.0.1', resolve));
	const { port } = instance.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		requests,
		close: async () => await new Promise<void>((resolve) => instance.close(() => resolve())),
	};
}

async function testCredential(
	ctx: QueueContext,
	id: 'aimlapi' | 'novita',
	baseUrl: string,
): Promise<{ status?: string; message?: string; http: number }> {
	const info = PACKAGES[id];
	const answer = await ctx.rest.request('POST', '/rest/credentials/test', {
		credentials: {
			...CREDENTIALS[id],
			type: info.credentialType,
			data: { apiKey: ctx.emulator.config.keys[id][0], baseUrl },
		},
	});
	const data = (answer.json as { data?: { status?: string; message?: string } } | undefined)?.data;
	return { status: data?.status, message: data?.message, http: answer.status };
}

export const CREDENTIAL_ROWS: QueueRow[] = [
	{
		name: '9 credential tests never follow a redirect',
		packages: ['aimlapi', 'novita'],
		workflows: () => ({}),
		async run(ctx) {
			for (const id of ['aimlapi', 'novita'] as const) {
				const started = Date.now();
				const mark = ctx.report.mark();
				ctx.report.packageLabel = PACKAGES[id].name;
				const elsewhere = await server((res) => {
					res.writeHead(200, { 'Content-Type': 'application/json' });
					res.end('{"current_balance": 1, "data": []}');
				});
				const redirector = await server((res) => {
					res.writeHead(302, { Location: `${elsewhere.url}/stolen` });
					res.end();
				});
				try {
					const redirected = await testCredential(ctx, id, redirector.url);
					const control = await testCredential(ctx, id, ctx.emulator.apiUrl);
					const where = `9 ${id}`;
					ctx.report.check(
						redirected.http === 200 && redirected.status === 'Error',
						where,
						`the test through a redirecting Base URL answered ${redirected.http} ${String(redirected.status)}: ${String(redirected.message)}`,
					);
					ctx.report.check(
						elsewhere.requests.length === 0,
						where,
						`the redirect target got ${elsewhere.requests.length} requests (Authorization: ${String(elsewhere.requests[0]?.authorization ?? 'none')})`,
					);
					ctx.report.check(
						redirector.requests.length === 1,
						where,
						`the redirecting Base URL got ${redirector.requests.length} requests`,
					);
					ctx.report.check(
						control.status === 'OK',
						where,
						`the control test against the emulator answered ${String(control.status)}: ${String(control.message)}`,
					);
					ctx.report.add(
						{
							case: this.name,
							ranOn: `${ctx.ranOn([]).replace(' (no worker)', '')} (main)`,
							node: PACKAGES[id].credentialType,
							items: '-',
							status: `redirect: ${String(redirected.status)}; control: ${String(control.status)}`,
							binary: '-',
							checks: `POST /rest/credentials/test; Base URL 302 → another host: that host got ${elsewhere.requests.length} requests; "${String(redirected.message).slice(0, 80)}"`,
							seconds: ((Date.now() - started) / 1000).toFixed(1),
						},
						ctx.report.mark() === mark,
					);
				} finally {
					await Promise.all([elsewhere.close(), redirector.close()]);
				}
			}
		},
	},
];
