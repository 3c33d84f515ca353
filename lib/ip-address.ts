import { isIPv4, isIPv6 } from 'node:net';

/** An IP address in one canonical text form: dotted IPv4, or eight lowercase hex groups for IPv6. */
export interface CanonicalAddress {
  family: 4 | 6;
  address: string;
  /** IPv6 only: the eight 16-bit groups. */
  groups?: number[];
}

/** The eight groups of an IPv6 address (zone id dropped), or null when it is not one. */
export function ipv6Groups(text: string): number[] | null {
  const bare = text.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  if (!isIPv6(bare)) return null;
  let head = bare;
  const tail: number[] = [];
  // An embedded dotted IPv4 address fills the last two groups.
  const dotted = /:(\d+\.\d+\.\d+\.\d+)$/.exec(head);
  if (dotted) {
    const [a, b, c, d] = dotted[1].split('.').map(Number);
    tail.push((a << 8) | b, (c << 8) | d);
    head = head.slice(0, -dotted[1].length);
    // Keep a "::" that ends the head; drop the single ":" that only separated the IPv4 part.
    if (!head.endsWith('::')) head = head.slice(0, -1);
  }
  const [left, right] = head.includes('::') ? head.split('::') : [head, null];
  const parse = (part: string) => (part === '' ? [] : part.split(':').map((g) => parseInt(g, 16)));
  const before = parse(left);
  const after = right === null ? [] : parse(right);
  const missing = 8 - tail.length - before.length - after.length;
  if (missing < 0 || (right === null && missing !== 0)) return null;
  return [...before, ...Array<number>(right === null ? 0 : missing).fill(0), ...after, ...tail];
}

/**
 * Reads an IP address in any form Node's parsers accept (brackets, zone ids, IPv4-mapped IPv6)
 * and answers its canonical form; an IPv4-mapped IPv6 address is the IPv4 address it carries.
 * Null when the text is not an IP address.
 */
export function canonicalAddress(text: string): CanonicalAddress | null {
  const bare = text.trim().replace(/^\[|\]$/g, '');
  if (isIPv4(bare)) return { family: 4, address: bare };
  const groups = ipv6Groups(bare);
  if (!groups) return null;
  // ::ffff:a.b.c.d is the IPv4 address a.b.c.d on a dual-stack socket.
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    return { family: 4, address: [groups[6] >> 8, groups[6] & 0xff, groups[7] >> 8, groups[7] & 0xff].join('.') };
  }
  return { family: 6, address: groups.map((g) => g.toString(16)).join(':'), groups };
}

/**
 * Where limits per address count a client: its IPv4 address, or the /64 network of its IPv6
 * address (one subscriber usually holds a whole /64, so counting single IPv6 addresses would let
 * one client rotate through billions of them).
 */
export function addressBucket(text: string): string {
  const canonical = canonicalAddress(text);
  if (!canonical) return text.slice(0, 100);
  if (canonical.family === 4) return canonical.address;
  return `${canonical.groups!.slice(0, 4).map((g) => g.toString(16)).join(':')}::/64`;
}
