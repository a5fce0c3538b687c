import dns from 'node:dns';
import net from 'node:net';

/**
 * The SSRF guard of webhooks (ADR 050): a webhook must not reach the server's own network. An
 * address is refused when it is private, loopback, link-local (cloud metadata at 169.254.169.254
 * included), unique-local, carrier-grade NAT, multicast, reserved or unspecified, in IPv4 or IPv6,
 * and an IPv6 address that embeds an IPv4 one (mapped `::ffff:a.b.c.d`, NAT64 `64:ff9b::/96`,
 * 6to4 `2002::/16`) is judged by that IPv4 address. `WEBHOOK_ALLOW_PRIVATE=true` lifts it.
 */

const blocked = new net.BlockList();
for (const [prefix, bits] of [
  ['0.0.0.0', 8], // "this network", unspecified
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // carrier-grade NAT (Alibaba's metadata at 100.100.100.200)
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local: cloud metadata
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation
  ['192.88.99.0', 24], // 6to4 relay
  ['192.168.0.0', 16], // private
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // documentation
  ['203.0.113.0', 24], // documentation
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const) {
  blocked.addSubnet(prefix, bits, 'ipv4');
}
for (const [prefix, bits] of [
  ['::', 128], // unspecified
  ['::1', 128], // loopback
  ['::', 96], // IPv4-compatible (deprecated)
  ['100::', 64], // discard
  ['2001::', 23], // IETF protocol assignments (Teredo included)
  ['2001:db8::', 32], // documentation
  ['fc00::', 7], // unique-local (AWS metadata at fd00:ec2::254)
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local (deprecated)
  ['ff00::', 8], // multicast
] as const) {
  blocked.addSubnet(prefix, bits, 'ipv6');
}

/** The IPv4 address an IPv6 one carries (mapped, NAT64, 6to4), if any. */
function embeddedIpv4(address: string): string | undefined {
  const lower = address.toLowerCase();
  const dotted = lower.match(/^(?:::ffff:|64:ff9b::)(\d+\.\d+\.\d+\.\d+)$/);
  if (dotted) return dotted[1];
  const words = expandIpv6(lower);
  if (!words) return undefined;
  const v4 = (hi: number, lo: number) => `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  const zero = (from: number, to: number) => words.slice(from, to).every((w) => w === 0);
  // ::ffff:a.b.c.d
  if (zero(0, 5) && words[5] === 0xffff) return v4(words[6] as number, words[7] as number);
  // 64:ff9b::a.b.c.d
  if (words[0] === 0x64 && words[1] === 0xff9b && zero(2, 6)) return v4(words[6] as number, words[7] as number);
  // 2002:AABB:CCDD::/48 (6to4)
  if (words[0] === 0x2002) return v4(words[1] as number, words[2] as number);
  return undefined;
}

/** The eight 16-bit words of an IPv6 address (a dotted IPv4 tail allowed), or undefined. */
function expandIpv6(address: string): number[] | undefined {
  let text = address.split('%')[0] as string;
  const tail = text.match(/(\d+)\.(\d+)\.(\d+)\.(\d+)$/);
  if (tail) {
    const [a, b, c, d] = tail.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, -tail[0].length)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const part = (s: string | undefined) => (s ? s.split(':').map((w) => Number.parseInt(w, 16)) : []);
  const head = part(halves[0]);
  const rest = part(halves[1]);
  const fill = halves.length === 2 ? 8 - head.length - rest.length : 0;
  const words = [...head, ...Array<number>(Math.max(0, fill)).fill(0), ...rest];
  return words.length === 8 && words.every((w) => Number.isInteger(w) && w >= 0 && w <= 0xffff) ? words : undefined;
}

/** Whether a webhook may not connect to this IP address (without WEBHOOK_ALLOW_PRIVATE). */
export function isForbiddenAddress(address: string): boolean {
  const family = net.isIP(address);
  if (family === 4) return blocked.check(address, 'ipv4');
  if (family !== 6) return true;
  const v4 = embeddedIpv4(address);
  if (v4 !== undefined && net.isIPv4(v4)) return blocked.check(v4, 'ipv4');
  return blocked.check(address.split('%')[0] as string, 'ipv6');
}

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Why an address cannot be used, in words a person reads at the `url` field or in a delivery's try. */
export class AddressRefused extends Error {}

/** A host name without the brackets of an IPv6 literal in a URL. */
export function bareHost(hostname: string): string {
  return hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
}

/**
 * Resolves `hostname` and answers the address to connect to: the first one, all of them having
 * been checked (a name with one private address among public ones is refused, so a resolver that
 * rotates its answers cannot slip one through). Throws `AddressRefused`.
 */
export async function resolveSafely(hostname: string, allowPrivate: boolean): Promise<ResolvedAddress> {
  const host = bareHost(hostname);
  const literal = net.isIP(host);
  let addresses: ResolvedAddress[];
  if (literal) {
    addresses = [{ address: host, family: literal as 4 | 6 }];
  } else {
    try {
      addresses = (await dns.promises.lookup(host, { all: true, verbatim: true })).map((a) => ({
        address: a.address,
        family: a.family as 4 | 6,
      }));
    } catch {
      throw new AddressRefused(`The host ${host} could not be resolved`);
    }
  }
  const first = addresses[0];
  if (!first) throw new AddressRefused(`The host ${host} could not be resolved`);
  if (!allowPrivate) {
    const bad = addresses.find((a) => isForbiddenAddress(a.address));
    if (bad) {
      throw new AddressRefused(
        `The address ${host}${bad.address === host ? '' : ` (${bad.address})`} is private, loopback, link-local or reserved; webhooks may not call it`,
      );
    }
  }
  return first;
}
