import { lookup } from 'node:dns/promises';
import { BlockList } from 'node:net';
import { canonicalAddress } from '../ip-address';

/** What an address is, for deciding whether the server may connect to it on a partner's behalf. */
export type AddressClass = 'public' | 'loopback' | 'private' | 'link-local' | 'metadata' | 'unspecified' | 'reserved';

/** Whether webhooks may target loopback (WEBHOOK_ALLOW_LOOPBACK, development only). */
export interface TargetPolicy {
  allowLoopback: boolean;
}

// Every range that is not a public unicast address, by class. Checked in this order; the first
// list that holds the address names it.
const RANGES: Array<[Exclude<AddressClass, 'public'>, Array<[string, number, 'ipv4' | 'ipv6']>]> = [
  ['metadata', [['169.254.169.254', 32, 'ipv4'], ['169.254.170.2', 32, 'ipv4'], ['100.100.100.200', 32, 'ipv4'], ['fd00:ec2::254', 128, 'ipv6']]],
  ['unspecified', [['0.0.0.0', 8, 'ipv4'], ['::', 128, 'ipv6']]],
  ['loopback', [['127.0.0.0', 8, 'ipv4'], ['::1', 128, 'ipv6']]],
  [
    'private',
    [
      ['10.0.0.0', 8, 'ipv4'],
      ['172.16.0.0', 12, 'ipv4'],
      ['192.168.0.0', 16, 'ipv4'],
      ['100.64.0.0', 10, 'ipv4'], // carrier-grade NAT, also cloud-internal (Alibaba's metadata)
      ['fc00::', 7, 'ipv6'], // unique local (AWS's IPv6 metadata is in here)
      ['fec0::', 10, 'ipv6'], // site-local, deprecated but still routed by some
    ],
  ],
  ['link-local', [['169.254.0.0', 16, 'ipv4'], ['fe80::', 10, 'ipv6']]],
  [
    'reserved',
    [
      ['192.0.0.0', 24, 'ipv4'], // IETF protocol assignments
      ['192.0.2.0', 24, 'ipv4'], // documentation
      ['192.88.99.0', 24, 'ipv4'], // 6to4 relay anycast
      ['198.18.0.0', 15, 'ipv4'], // benchmarking
      ['198.51.100.0', 24, 'ipv4'], // documentation
      ['203.0.113.0', 24, 'ipv4'], // documentation
      ['224.0.0.0', 4, 'ipv4'], // multicast
      ['240.0.0.0', 4, 'ipv4'], // reserved, and the broadcast address
      ['::', 96, 'ipv6'], // IPv4-compatible (deprecated)
      ['64:ff9b:1::', 48, 'ipv6'], // local-use NAT64
      ['100::', 64, 'ipv6'], // discard
      ['2001::', 23, 'ipv6'], // IETF protocol assignments, Teredo included
      ['2001:db8::', 32, 'ipv6'], // documentation
      ['3fff::', 20, 'ipv6'], // documentation
      ['ff00::', 8, 'ipv6'], // multicast
    ],
  ],
];

const LISTS = RANGES.map(([kind, ranges]) => {
  const list = new BlockList();
  for (const [network, prefix, family] of ranges) list.addSubnet(network, prefix, family);
  return [kind, list] as const;
});

/**
 * Classifies an IP address in any textual form (brackets, zone ids, IPv4-mapped IPv6). IPv6
 * forms that carry an IPv4 address for translation (NAT64 64:ff9b::/96, 6to4 2002::/16) are
 * classified by the IPv4 address they lead to. Null when the text is not an IP address.
 */
export function classifyAddress(text: string): AddressClass | null {
  const canonical = canonicalAddress(text);
  if (!canonical) return null;
  if (canonical.family === 6) {
    const g = canonical.groups!;
    const v4 = (hi: number, lo: number) => [hi >> 8, hi & 0xff, lo >> 8, lo & 0xff].join('.');
    if (g[0] === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((x) => x === 0)) return classifyAddress(v4(g[6], g[7]));
    if (g[0] === 0x2002) return classifyAddress(v4(g[1], g[2]));
  }
  const family = canonical.family === 4 ? 'ipv4' : 'ipv6';
  for (const [kind, list] of LISTS) if (list.check(canonical.address, family)) return kind;
  return 'public';
}

// Names that never lead to the public internet: RFC 6761/6762 special-use names and common
// private suffixes. Any other name (single-label ones included) is judged by what it resolves to.
const PRIVATE_SUFFIXES = ['localhost', 'local', 'internal', 'home.arpa', 'localdomain', 'lan', 'intranet', 'corp'];

/** The URL's host as a bare name or address: brackets and trailing dots removed, lowercase. */
function bareHost(url: URL): string {
  return url.hostname.replace(/^\[|\]$/g, '').replace(/\.+$/, '').toLowerCase();
}

function isLoopbackName(host: string): boolean {
  return host === 'localhost' || host.endsWith('.localhost');
}

/**
 * Checks a webhook URL as written, before anything is stored (delivery checks again after DNS).
 * Only https, to a public address or a public-looking name; no credentials in the URL. With
 * `allowLoopback`, http and https to loopback (localhost, 127.0.0.0/8, ::1) are accepted too.
 * The WHATWG URL parser has already turned every IPv4 spelling (decimal, octal, hex, short
 * forms) into dotted form, and IPv6 into its compressed form, so one classification covers them.
 */
export function webhookUrlProblem(raw: string, policy: TargetPolicy): string | null {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return 'That is not a URL.';
  }
  if (url.username || url.password) return 'A webhook URL cannot carry credentials.';
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'A webhook URL must use https.';
  const host = bareHost(url);
  const kind = classifyAddress(host) ?? (isLoopbackName(host) ? 'loopback' : null);
  if (kind === 'loopback' && policy.allowLoopback) return null;
  if (url.protocol !== 'https:') return 'A webhook URL must use https (http is allowed for localhost only, in development).';
  if (kind && kind !== 'public') return `A webhook cannot target a ${kind} address.`;
  if (!kind && PRIVATE_SUFFIXES.some((suffix) => host === suffix || host.endsWith(`.${suffix}`))) {
    return 'A webhook must target a public host name.';
  }
  return null;
}

/**
 * Where a delivery may connect, decided at delivery time: the URL is checked again as written,
 * then its host is resolved and every address it resolves to must be public (or loopback under
 * `allowLoopback`); one private answer refuses the delivery. The answer is the checked address,
 * which the delivery then connects to, so a second resolution (DNS rebinding) cannot move it.
 */
export async function resolveDeliveryTarget(
  raw: string,
  policy: TargetPolicy,
): Promise<{ ok: true; url: URL; address: string; family: 4 | 6 } | { ok: false; problem: string }> {
  const problem = webhookUrlProblem(raw, policy);
  if (problem) return { ok: false, problem };
  const url = new URL(raw.trim());
  const host = bareHost(url);
  let addresses: Array<{ address: string; family: number }>;
  if (classifyAddress(host)) {
    addresses = [{ address: host, family: host.includes(':') ? 6 : 4 }];
  } else {
    try {
      // The system resolver, as connecting would use: hosts file, search domains and DNS.
      addresses = await lookup(host, { all: true, verbatim: true });
    } catch (error) {
      return { ok: false, problem: `${host} could not be resolved: ${error instanceof Error ? error.message : String(error)}` };
    }
  }
  if (addresses.length === 0) return { ok: false, problem: `${host} has no address.` };
  for (const { address } of addresses) {
    const kind = classifyAddress(address);
    if (kind === 'public' || (kind === 'loopback' && policy.allowLoopback)) continue;
    return { ok: false, problem: `${host} resolves to a ${kind ?? 'unknown'} address (${address}); deliveries go to public addresses only.` };
  }
  const [first] = addresses;
  return { ok: true, url, address: first.address, family: first.family === 6 ? 6 : 4 };
}
