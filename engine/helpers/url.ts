import { attempt } from './settle';

export function parseUrl(text: string): URL | undefined {
	const parsed = attempt(() => new URL(text));
	return parsed.ok ? parsed.value : undefined;
}

/** `localhost`, 127.x.x.x and [::1] (as `URL.hostname` writes it): hosts where plain http is safe. */
const LOOPBACK_HOSTS = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i;

export function isLoopbackHost(hostname: string): boolean {
	return LOOPBACK_HOSTS.test(hostname);
}

/** Whether an API key may be sent to this URL: https, or plain http to a loopback host only. */
export function isSafeForKey(url: URL | undefined): boolean {
	if (!url) return false;
	return url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname));
}
