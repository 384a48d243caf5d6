import type { StorageTargetMode } from '../config/environment.schema.js';
import { StorageTargetRefusedError } from './storage.errors.js';
import {
  assertAllowedAddress,
  assertAllowedHost,
  assertAllowedHostNow,
  classifyAddress,
  targetLookup,
  type AddressKind,
} from './storage-targets.js';

const EXAMPLES: [string, AddressKind][] = [
  ['93.184.215.14', 'public'],
  ['8.8.8.8', 'public'],
  ['2606:4700:4700::1111', 'public'],
  ['192.168.1.20', 'private'],
  ['10.0.0.5', 'private'],
  ['172.16.3.4', 'private'],
  ['172.31.255.255', 'private'],
  ['100.101.102.103', 'private'],
  ['fd12:3456:789a::1', 'private'],
  ['::ffff:192.168.1.20', 'private'],
  ['127.0.0.1', 'loopback'],
  ['127.8.9.10', 'loopback'],
  ['0.0.0.0', 'loopback'],
  ['::1', 'loopback'],
  ['::', 'loopback'],
  ['::ffff:127.0.0.1', 'loopback'],
  ['169.254.169.254', 'forbidden'],
  ['169.254.0.1', 'forbidden'],
  ['100.100.100.200', 'forbidden'],
  ['192.0.0.192', 'forbidden'],
  ['fe80::1', 'forbidden'],
  ['fe80::1%eth0', 'forbidden'],
  ['[fe80::abcd]', 'forbidden'],
  ['fd00:ec2::254', 'forbidden'],
  ['::ffff:169.254.169.254', 'forbidden'],
  ['::ffff:a9fe:a9fe', 'forbidden'],
  ['64:ff9b::a9fe:a9fe', 'forbidden'],
  ['64:ff9b::169.254.169.254', 'forbidden'],
  ['64:ff9b::7f00:1', 'loopback'],
  ['64:ff9b::808:808', 'public'],
  ['224.0.0.251', 'forbidden'],
  ['255.255.255.255', 'forbidden'],
  ['ff02::1', 'forbidden'],
];

/** What each mode allows, by kind of address. */
const ALLOWED: Record<StorageTargetMode, Record<AddressKind, boolean>> = {
  public: { public: true, private: false, loopback: false, forbidden: false },
  lan: { public: true, private: true, loopback: false, forbidden: false },
  any: { public: true, private: true, loopback: true, forbidden: false },
};

function lookup(mode: StorageTargetMode, host: string, all: boolean): Promise<unknown> {
  return new Promise((resolve, reject) =>
    targetLookup(mode)(host, { all }, (error, address) => (error ? reject(error) : resolve(address))),
  );
}

describe('storage targets (SSRF guard)', () => {
  it.each(EXAMPLES)('classifies %s as %s', (address, kind) => {
    expect(classifyAddress(address)).toBe(kind);
  });

  it('refuses to classify what is not an address', () => {
    expect(() => classifyAddress('nas.local')).toThrow(TypeError);
  });

  describe.each(Object.keys(ALLOWED) as StorageTargetMode[])('STORAGE_TARGETS=%s', (mode) => {
    it.each(EXAMPLES)('decides on %s (%s)', (address, kind) => {
      const check = () => assertAllowedAddress('nas.example', address, mode);
      if (ALLOWED[mode][kind]) expect(check).not.toThrow();
      else expect(check).toThrow(StorageTargetRefusedError);
    });

    it('checks IP literals given as hosts, and leaves names to the connect-time lookup', () => {
      expect(() => assertAllowedHost('nas.example', mode)).not.toThrow();
      expect(() => assertAllowedHost('[fe80::1]', mode)).toThrow(StorageTargetRefusedError);
      expect(() => assertAllowedHost('169.254.169.254', mode)).toThrow(StorageTargetRefusedError);
      const loopback = () => assertAllowedHost('127.0.0.1', mode);
      if (mode === 'any') expect(loopback).not.toThrow();
      else expect(loopback).toThrow(StorageTargetRefusedError);
    });

    it('checks the address a name resolves to when connecting (localhost, from /etc/hosts)', async () => {
      const resolved = lookup(mode, 'localhost', false);
      if (mode === 'any') await expect(resolved).resolves.toMatch(/^(127\.0\.0\.1|::1)$/);
      else await expect(resolved).rejects.toBeInstanceOf(StorageTargetRefusedError);
      const all = lookup(mode, 'localhost', true);
      if (mode === 'any')
        await expect(all).resolves.toEqual(expect.arrayContaining([expect.objectContaining({})]));
      else await expect(all).rejects.toBeInstanceOf(StorageTargetRefusedError);
    });

    it('resolves and checks a host right away for back ends reached by another process', async () => {
      const check = assertAllowedHostNow('localhost', mode);
      if (mode === 'any') await expect(check).resolves.toBeUndefined();
      else await expect(check).rejects.toBeInstanceOf(StorageTargetRefusedError);
    });
  });

  it('explains a refusal with the host, the address and the setting that would allow it', () => {
    expect(() => assertAllowedAddress('localhost', '127.0.0.1', 'lan')).toThrow(
      'Storage target localhost (127.0.0.1) refused by STORAGE_TARGETS=lan: an address of this machine; only STORAGE_TARGETS=any allows it',
    );
    expect(() => assertAllowedAddress('nas', '192.168.1.2', 'public')).toThrow(
      /STORAGE_TARGETS=lan or any allows it/,
    );
    expect(() => assertAllowedAddress('meta', '169.254.169.254', 'any')).toThrow(
      /refused whatever STORAGE_TARGETS says/,
    );
  });

  it('passes lookup failures through', async () => {
    await expect(lookup('any', 'no-such-host.invalid', false)).rejects.toMatchObject({ code: 'ENOTFOUND' });
  });
});
