/*
 * Which network a host of a URL is on, from its text alone: IPv4 and IPv6 literals and the
 * name `localhost`. A DNS name that resolves to a private address cannot be told apart here
 * (node code may not use `dns`); see docs/security-limits.md.
 */

export type AddressClass = 'public' | 'loopback' | 'private' | 'linkLocal' | 'uniqueLocal';

/** Four octets of a dotted IPv4 literal, or undefined. */
function ipv4(text: string): number[] | undefined {
	const parts = text.split('.');
	if (parts.length !== 4) return undefined;
	const octets = parts.map((part) => (/^\d{1,3}$/.test(part) ? Number(part) : NaN));
	return octets.every((octet) => octet >= 0 && octet <= 255) ? octets : undefined;
}

function classifyIpv4([a, b]: number[]): AddressClass {
	if (a === 127) return 'loopback';
	if (a === 0) return 'private'; // "this network": reaches the local host on most systems
	if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168)) return 'private';
	if (a === 100 && b >= 64 && b <= 127) return 'private'; // carrier-grade NAT (RFC 6598)
	if (a === 169 && b === 254) return 'linkLocal'; // cloud metadata services live here
	return 'public';
}

/** The 8 groups of an IPv6 literal (URL.hostname writes it in brackets), or undefined. */
function ipv6(text: string): number[] | undefined {
	if (!text.includes(':')) return undefined;
	let body = text;
	// An embedded IPv4 tail (::ffff:10.0.0.1): URL normalises it to hex, but accept both.
	const tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(body);
	if (tail) {
		const octets = ipv4(tail[1]);
		if (!octets) return undefined;
		body = `${body.slice(0, -tail[1].length)}${((octets[0] << 8) | octets[1]).toString(16)}:${((octets[2] << 8) | octets[3]).toString(16)}`;
	}
	const halves = body.split('::');
	if (halves.length > 2) return undefined;
	const parse = (half: string) => (half ? half.split(':') : []);
	const head = parse(halves[0]);
	const rest = halves.length === 2 ? parse(halves[1]) : [];
	const missing = 8 - head.length - rest.length;
	if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
	const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...rest];
	if (!groups.every((group) => /^[0-9a-f]{1,4}$/i.test(group))) return undefined;
	return groups.map((group) => parseInt(group, 16));
}

function classifyIpv6(groups: number[]): AddressClass {
	const zeroHead = groups.slice(0, 5).every((group) => group === 0);
	if (zeroHead && groups[5] === 0 && groups[6] === 0 && groups[7] <= 1) {
		return groups[7] === 1 ? 'loopback' : 'private'; // ::1, and :: (unspecified)
	}
	// IPv4-mapped (::ffff:a.b.c.d): the IPv4 address decides.
	if (zeroHead && groups[5] === 0xffff) {
		return classifyIpv4([groups[6] >> 8, groups[6] & 0xff, groups[7] >> 8, groups[7] & 0xff]);
	}
	if ((groups[0] & 0xfe00) === 0xfc00) return 'uniqueLocal'; // fc00::/7
	if ((groups[0] & 0xffc0) === 0xfe80) return 'linkLocal'; // fe80::/10
	return 'public';
}

/** The class of a URL's hostname (`URL.hostname`: IPv6 in brackets, lower case). */
export function classifyHost(hostname: string): AddressClass {
	const host = hostname
		.toLowerCase()
		.replace(/^\[|\]$/g, '')
		.replace(/\.$/, '');
	if (host === 'localhost' || host.endsWith('.localhost')) return 'loopback';
	const v4 = ipv4(host);
	if (v4) return classifyIpv4(v4);
	const v6 = ipv6(host.replace(/%.*$/, ''));
	if (v6) return classifyIpv6(v6);
	return 'public';
}

/**
 * Whether a video may be fetched from `videoHost` when the API is at `apiHost`: a public host
 * always; a loopback, private, link-local or unique-local one only when the API's own host is
 * of that same class (a local emulator serves its files on loopback too). So an API on
 * 127.0.0.1 cannot point n8n at 10.x or at the cloud metadata address 169.254.169.254.
 */
export function videoHostAllowed(videoHost: string, apiHost: string): boolean {
	const video = classifyHost(videoHost);
	return video === 'public' || video === classifyHost(apiHost);
}
