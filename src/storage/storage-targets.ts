import { lookup as dnsLookup } from 'node:dns';
import { lookup as dnsLookupAll } from 'node:dns/promises';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import type { StorageTargetMode } from '../config/environment.schema.js';
import { StorageTargetRefusedError } from './storage.errors.js';

/** What an address is, as far as the SSRF guard is concerned. */
export type AddressKind = 'public' | 'private' | 'loopback' | 'forbidden';

function blockList(ipv4: string[], ipv6: string[]): BlockList {
  const list = new BlockList();
  for (const [entries, type] of [
    [ipv4, 'ipv4'],
    [ipv6, 'ipv6'],
  ] as const) {
    for (const entry of entries) {
      const [network, bits] = entry.split('/');
      list.addSubnet(network, Number(bits), type);
    }
  }
  return list;
}

/**
 * Refused in every mode: link-local (where cloud metadata services live), the known metadata
 * addresses outside it (AWS over IPv6, Alibaba, Oracle), multicast and reserved ranges. IPv4
 * rules also match IPv4-mapped IPv6 addresses (`::ffff:169.254.169.254`).
 */
const FORBIDDEN = blockList(
  ['169.254.0.0/16', '100.100.100.200/32', '192.0.0.192/32', '224.0.0.0/4', '240.0.0.0/4'],
  ['fe80::/10', 'fd00:ec2::254/128', 'ff00::/8'],
);
/** This machine; `0.0.0.0` and `::` reach it too. */
const LOOPBACK = blockList(['127.0.0.0/8', '0.0.0.0/8'], ['::1/128', '::/128']);
/** Private networks: RFC 1918, carrier-grade NAT (Tailscale), IPv6 unique local addresses. */
const PRIVATE = blockList(['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10'], ['fc00::/7']);

const ALLOWED: Record<StorageTargetMode, readonly AddressKind[]> = {
  public: ['public'],
  lan: ['public', 'private'],
  any: ['public', 'private', 'loopback'],
};

/** The eight 16-bit groups of an IPv6 address (which may end in a dotted IPv4 part). */
function ipv6Groups(address: string): number[] {
  let text = address.toLowerCase();
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number);
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split('::');
  const headGroups = head ? head.split(':') : [];
  const tailGroups = tail ? tail.split(':') : [];
  const zeros = tail === undefined ? [] : Array<string>(8 - headGroups.length - tailGroups.length).fill('0');
  return [...headGroups, ...zeros, ...tailGroups].map((group) => parseInt(group, 16));
}

/** The IPv4 address inside a NAT64 address (`64:ff9b::a9fe:a9fe` → `169.254.169.254`), if it is one. */
function nat64Embedded(address: string): string | undefined {
  const groups = ipv6Groups(address);
  if (groups[0] !== 0x64 || groups[1] !== 0xff9b || groups.slice(2, 6).some((group) => group !== 0)) {
    return undefined;
  }
  return [groups[6] >> 8, groups[6] & 0xff, groups[7] >> 8, groups[7] & 0xff].join('.');
}

/** Classifies an IP address (`[…]` brackets and `%zone` suffixes are ignored). */
export function classifyAddress(address: string): AddressKind {
  const bare = address.replace(/^\[(.*)\]$/, '$1').replace(/%.*$/, '');
  const family = isIP(bare);
  if (family === 0) throw new TypeError(`Not an IP address: ${address}`);
  const embedded = family === 6 ? nat64Embedded(bare) : undefined;
  if (embedded) return classifyAddress(embedded);
  const type = family === 4 ? 'ipv4' : 'ipv6';
  if (FORBIDDEN.check(bare, type)) return 'forbidden';
  if (LOOPBACK.check(bare, type)) return 'loopback';
  if (PRIVATE.check(bare, type)) return 'private';
  return 'public';
}

const REASONS: Record<Exclude<AddressKind, 'public'>, string> = {
  forbidden: 'a link-local, cloud metadata or reserved address, refused whatever STORAGE_TARGETS says',
  loopback: 'an address of this machine; only STORAGE_TARGETS=any allows it',
  private: 'a private (LAN) address; STORAGE_TARGETS=lan or any allows it',
};

/** Throws a {@link StorageTargetRefusedError} unless `mode` allows connecting to `address`. */
export function assertAllowedAddress(host: string, address: string, mode: StorageTargetMode): void {
  const kind = classifyAddress(address);
  if (kind === 'public' || ALLOWED[mode].includes(kind)) return;
  const where = host === address ? address : `${host} (${address})`;
  throw new StorageTargetRefusedError(
    `Storage target ${where} refused by STORAGE_TARGETS=${mode}: ${REASONS[kind]}`,
  );
}

/**
 * Checks a host that is an IP literal, which Node connects to without calling `lookup`; host names
 * are left to {@link targetLookup} at connect time. Call it when a provider is created.
 */
export function assertAllowedHost(host: string, mode: StorageTargetMode): void {
  const bare = host.replace(/^\[(.*)\]$/, '$1');
  if (isIP(bare.replace(/%.*$/, ''))) assertAllowedAddress(host, bare, mode);
}

/**
 * A `lookup` for sockets and HTTP agents that resolves as usual, then refuses the connection unless
 * every address the name resolves to is allowed by `mode`. Checking at connect time, on the
 * resolved address, defeats DNS rebinding (a name that resolved to a public address when the
 * settings were saved and to 169.254.169.254 now).
 */
export function targetLookup(mode: StorageTargetMode): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '');
      try {
        for (const { address } of addresses) assertAllowedAddress(hostname, address, mode);
      } catch (refused) {
        return callback(refused as NodeJS.ErrnoException, '');
      }
      if (options.all) return callback(null, addresses);
      const [first] = addresses;
      return callback(null, first.address, first.family);
    });
  };
}

/**
 * Resolves `host` now and checks every address: for back ends reached by another process (rclone),
 * where the connect-time lookup cannot be hooked. A rebinding between this check and rclone's own
 * lookup is not caught.
 */
export async function assertAllowedHostNow(host: string, mode: StorageTargetMode): Promise<void> {
  assertAllowedHost(host, mode);
  if (isIP(host.replace(/^\[(.*)\]$/, '$1').replace(/%.*$/, ''))) return;
  const addresses = await dnsLookupAll(host, { all: true });
  for (const { address } of addresses) assertAllowedAddress(host, address, mode);
}
