/**
 * Debian's `chromium`, driven through playwright-core (no browser download: the registry here
 * has none, and a distribution package gets security updates). Installed with apt-get when
 * missing, as root; otherwise the suite says how to install it.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

import { chromium } from 'playwright-core';
import type { BrowserContext } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

export function ensureChromium(): void {
	if (existsSync(CHROMIUM)) return;
	if (process.getuid?.() !== 0)
		throw new Error(
			`${CHROMIUM} is missing: sudo apt-get install chromium (Debian's package), then run again.`,
		);
	console.log('Installing Debian chromium (apt-get)…');
	execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
	execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'chromium'], {
		stdio: 'inherit',
		env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
	});
}

/** A headless Chromium with a profile in `profileDir`, quiet on the network. */
export async function launch(profileDir: string): Promise<BrowserContext> {
	return await chromium.launchPersistentContext(profileDir, {
		executablePath: CHROMIUM,
		headless: true,
		args: [
			'--headless',
			'--no-sandbox',
			'--disable-gpu',
			'--disable-quic',
			'--no-first-run',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
		],
		viewport: { width: 1440, height: 900 },
	});
}
