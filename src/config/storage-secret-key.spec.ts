import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from './config.error.js';
import { storageSecretKey } from './storage-secret-key.js';

describe('storageSecretKey', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'whiskey-key-'));
  });
  afterEach(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  const keyOf = (secretKey?: Buffer) => storageSecretKey({ dataDir, storage: { targets: 'lan', secretKey } });

  it('uses STORAGE_SECRET_KEY when it is set, writing nothing', () => {
    expect(keyOf(Buffer.alloc(32, 1))).toEqual(Buffer.alloc(32, 1));
    expect(() => statSync(join(dataDir, 'storage-secret-key'))).toThrow(/ENOENT/);
  });

  it('generates a key once in DATA_DIR, private to its owner, when none is set', () => {
    const first = keyOf();
    expect(first).toHaveLength(32);
    expect(keyOf()).toEqual(first);
    const path = join(dataDir, 'storage-secret-key');
    expect(Buffer.from(readFileSync(path, 'utf8').trim(), 'base64')).toEqual(first);
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it('refuses a damaged key file instead of replacing it', () => {
    writeFileSync(join(dataDir, 'storage-secret-key'), 'not a key\n');
    expect(() => keyOf()).toThrow(ConfigError);
    expect(() => keyOf()).toThrow(/storage-secret-key does not hold a 32-byte base64 key/);
    expect(readFileSync(join(dataDir, 'storage-secret-key'), 'utf8')).toBe('not a key\n');
  });
});
