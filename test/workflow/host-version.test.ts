/**
 * Guards the two-line setup: in each Jest project the node must really run against that
 * project's n8n-workflow (the one a host n8n of that line would hand it), not the package's own.
 */
import * as n8nWorkflow from 'n8n-workflow';

import { loadPackage, NODE_TYPE } from '../../tools/harness/workflow';

declare const EXPECTED_N8N_LINE: string;

test(`the node is loaded against n8n-workflow ${EXPECTED_N8N_LINE}x`, async () => {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const { version } = require('n8n-workflow/package.json') as { version: string };
	expect(version.startsWith(EXPECTED_N8N_LINE)).toBe(true);
	// 2.41 dropped sleepWithAbort: the node must not depend on it being there.
	const hasSleepWithAbort =
		typeof (n8nWorkflow as Record<string, unknown>).sleepWithAbort === 'function';
	expect(hasSleepWithAbort).toBe(EXPECTED_N8N_LINE === '2.8.');
	const { nodeTypes } = await loadPackage();
	expect(nodeTypes[NODE_TYPE]).toBeDefined();
});
