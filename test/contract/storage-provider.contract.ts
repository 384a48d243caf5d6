import { randomBytes, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import type { StorageProvider, StoredObject } from '../../src/storage/storage-provider.js';
import {
  InvalidStorageKeyError,
  InvalidStorageRequestError,
  StorageAuthError,
  StorageConfigError,
  StorageFullError,
  StorageNotFoundError,
  StorageSizeMismatchError,
  StorageTargetRefusedError,
} from '../../src/storage/storage.errors.js';
import { measureMemoryGrowth } from './support/memory.js';
import { digestOf, failingStream, generatedStream, pausingStream } from './support/streams.js';

const KiB = 1024;
const MiB = 1024 * KiB;

/** Size of the streamed object, and the memory growth it may cause at most. */
const LARGE_OBJECT_BYTES = 200 * MiB;
const MEMORY_BOUND_MIB = 64;
/**
 * Peak RSS also holds garbage V8 has not collected yet, which grows with the allocation rate and with
 * the machine's load (a full test run on two cores): bound it by half the object, which a provider that
 * buffered the object could never meet; the live memory after a collection is held to the tight bound.
 */
const RSS_BOUND_MIB = 100;
/** More than one page of S3 (1000 keys). */
const MANY_KEYS = 1050;
const SEED_CONCURRENCY = 16;

/** A provider that fails in a known way, and the secret it must not reveal. */
export interface FailingProvider {
  open: () => StorageProvider;
  /** A secret of its settings, which no error message may contain. */
  secret?: string;
}

/** What a provider's spec gives the shared suite. */
export interface ContractFixture {
  /** The provider under test, on an empty storage. */
  provider: StorageProvider;
  /** The same back end with a wrong password or key; absent where there are none (local). */
  wrongCredentials?: FailingProvider;
  /** The same back end with a bucket, folder or remote that does not exist. */
  missingContainer: FailingProvider;
  /** A provider on a storage of `capacityBytes`, or why that case cannot run against this server. */
  full: { provider: StorageProvider; capacityBytes: number } | { skip: string };
  /**
   * Set, with the reason, when the test server itself replaces objects in place (s3rver): readers
   * are then checked while the upload is in progress and after it, not during the server's commit.
   */
  serverReplacesInPlace?: string;
  /**
   * Stores objects (content = key) directly in the back end's storage, for back ends where writing
   * a thousand objects one by one takes minutes (rclone starts a process per operation): the case
   * that uses it tests listing, not writing.
   */
  seed?: (keys: string[]) => Promise<void>;
  /** The same server reached through the name `localhost` under STORAGE_TARGETS=lan: must be refused. */
  loopbackByName?: () => StorageProvider;
  /** Stops servers and removes directories. */
  close(): Promise<void>;
}

const INVALID_KEYS = [
  '',
  '/etc/passwd',
  '../outside',
  'photos/../../outside',
  'photos/./a.jpg',
  'photos//a.jpg',
  'photos/',
  'photos\\a.jpg',
  'photos/a\u0000.jpg',
  'photos/a\n.jpg',
  'x'.repeat(1025),
  `photos/${'y'.repeat(256)}`,
  '.whiskey-uploads/in-progress',
];

function bytes(length: number, fill: string): Buffer {
  return Buffer.alloc(length, fill);
}

async function read(provider: StorageProvider, key: string): Promise<Buffer> {
  return buffer(await provider.get(key));
}

async function collect(iterable: AsyncIterable<StoredObject>): Promise<StoredObject[]> {
  const objects: StoredObject[] = [];
  for await (const object of iterable) objects.push(object);
  return objects.sort((a, b) => a.key.localeCompare(b.key));
}

/** Runs `task` on every item, at most `limit` at a time. */
async function inParallel<T>(items: T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  const queue = [...items];
  const worker = async () => {
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) await task(item);
  };
  await Promise.all(Array.from({ length: limit }, worker));
}

/** A failure raised while creating the provider or by its first write. */
async function firstWriteOf(open: () => StorageProvider): Promise<unknown> {
  try {
    await open().put('probe/first-write', Readable.from([Buffer.from('x')]));
  } catch (error) {
    return error;
  }
  return new Error('the write succeeded');
}

function say(message: string): void {
  process.stdout.write(`${message}\n`);
}

/**
 * The contract every StorageProvider fulfils, run against a real back end by one spec per provider.
 * Each test works under its own random folder, so the order of tests does not matter.
 */
export function describeStorageContract(name: string, setup: () => Promise<ContractFixture>): void {
  describe(`${name} storage provider contract`, () => {
    let fixture: ContractFixture;
    let provider: StorageProvider;
    const opened: StorageProvider[] = [];
    /** Opens a failing provider and remembers it for closing. */
    const open = (failing: FailingProvider) => () => {
      const created = failing.open();
      opened.push(created);
      return created;
    };
    const folder = () => `contract-${randomUUID().slice(0, 8)}`;

    beforeAll(async () => {
      fixture = await setup();
      provider = fixture.provider;
    }, 60_000);

    afterAll(async () => {
      for (const created of opened) await created.close().catch(() => undefined);
      await fixture?.close();
    }, 60_000);

    it('stores, reads, describes, lists and deletes an object', async () => {
      const base = folder();
      const key = `${base}/Ardbeg Uigeadail – 2024 (fût ß).txt`;
      const content = Buffer.from('Peat, tar and dark chocolate.\n'.repeat(100));
      await provider.put(key, Readable.from([content]), { size: content.length, contentType: 'text/plain' });

      expect(await read(provider, key)).toEqual(content);
      const info = await provider.stat(key);
      expect(info?.size).toBe(content.length);
      expect(Math.abs(info!.modifiedAt.getTime() - Date.now())).toBeLessThan(10 * 60_000);
      const listed = await collect(provider.list(`${base}/`));
      expect(listed.map(({ key, size }) => ({ key, size }))).toEqual([{ key, size: content.length }]);

      await provider.delete(key);
      expect(await provider.stat(key)).toBeNull();
      expect(await collect(provider.list(`${base}/`))).toEqual([]);
    });

    it('reads byte ranges, clamped to the object', async () => {
      const key = `${folder()}/range.bin`;
      const content = Buffer.from(Array.from({ length: 1000 }, (_, index) => index % 251));
      await provider.put(key, Readable.from([content]));
      const range = async (start: number, end?: number) => buffer(await provider.get(key, { start, end }));

      expect(await range(10, 19)).toEqual(content.subarray(10, 20));
      expect(await range(0, 0)).toEqual(content.subarray(0, 1));
      expect(await range(990)).toEqual(content.subarray(990));
      expect(await range(995, 5000)).toEqual(content.subarray(995));
      expect(await range(1000)).toEqual(Buffer.alloc(0));
      await expect(provider.get(key, { start: 5, end: 4 })).rejects.toBeInstanceOf(
        InvalidStorageRequestError,
      );
      await expect(provider.get(key, { start: -1 })).rejects.toBeInstanceOf(InvalidStorageRequestError);
    });

    it('replaces an object when it is written again', async () => {
      const key = `${folder()}/overwrite.txt`;
      await provider.put(key, Readable.from([bytes(64 * KiB, 'a')]));
      await provider.put(key, Readable.from([Buffer.from('short')]));
      expect((await read(provider, key)).toString()).toBe('short');
      expect((await provider.stat(key))?.size).toBe(5);
    });

    it('reports a missing object: not found on read, null on stat, nothing to delete or list', async () => {
      const key = `${folder()}/missing.txt`;
      await expect(provider.get(key)).rejects.toBeInstanceOf(StorageNotFoundError);
      await expect(provider.get(key, { start: 2 })).rejects.toBeInstanceOf(StorageNotFoundError);
      expect(await provider.stat(key)).toBeNull();
      await expect(provider.delete(key)).resolves.toBeUndefined();
      expect(await collect(provider.list(`${key}/`))).toEqual([]);
    });

    it.each(INVALID_KEYS.map((key) => [JSON.stringify(key).slice(0, 40), key]))(
      'refuses the key %s before contacting the back end',
      async (_label, key) => {
        await expect(provider.put(key, Readable.from([Buffer.from('x')]))).rejects.toBeInstanceOf(
          InvalidStorageKeyError,
        );
        await expect(provider.get(key)).rejects.toBeInstanceOf(InvalidStorageKeyError);
        await expect(provider.stat(key)).rejects.toBeInstanceOf(InvalidStorageKeyError);
        await expect(provider.delete(key)).rejects.toBeInstanceOf(InvalidStorageKeyError);
      },
    );

    it('refuses an invalid list prefix', async () => {
      await expect(collect(provider.list('../'))).rejects.toBeInstanceOf(InvalidStorageKeyError);
      await expect(collect(provider.list('/abs'))).rejects.toBeInstanceOf(InvalidStorageKeyError);
    });

    it(`lists ${MANY_KEYS} keys (more than one page of the back end), by folder and by partial name`, async () => {
      const base = folder();
      const keys = Array.from({ length: MANY_KEYS }, (_, index) => {
        const name = String(index).padStart(4, '0');
        return index % 10 === 0 ? `${base}/sub/${name}` : `${base}/${name}`;
      });
      if (fixture.seed) await fixture.seed(keys);
      else
        await inParallel(keys, SEED_CONCURRENCY, (key) =>
          provider.put(key, Readable.from([Buffer.from(key)])),
        );

      const all = await collect(provider.list(`${base}/`));
      expect(all).toHaveLength(MANY_KEYS);
      expect(all.map((object) => object.key)).toEqual([...keys].sort((a, b) => a.localeCompare(b)));
      expect(all.every((object) => object.size === Buffer.byteLength(object.key))).toBe(true);
      expect(await collect(provider.list(`${base}/00`))).toHaveLength(90);
      expect(await collect(provider.list(`${base}/sub/`))).toHaveLength(MANY_KEYS / 10);
    }, 300_000);

    it('writes atomically: readers during a slow write see the old object or none, never a part', async () => {
      const base = folder();
      const key = `${base}/slow.bin`;
      const before = bytes(256 * KiB, 'o');
      const after = randomBytes(3 * MiB);
      await provider.put(key, Readable.from([before]));

      const seen = new Set<string>();
      const observe = async () => {
        try {
          const content = await read(provider, key);
          seen.add(
            content.equals(before) ? 'old' : content.equals(after) ? 'new' : `part of ${content.length}`,
          );
        } catch (error) {
          if (!(error instanceof StorageNotFoundError)) throw error;
          seen.add('none');
        }
      };
      const slow = pausingStream(after, MiB + 123);
      const writing = provider.put(key, slow.stream, { size: after.length });
      await slow.paused;
      for (let attempt = 0; attempt < 5; attempt++) await observe();
      expect((await collect(provider.list(`${base}/`))).map((object) => object.key)).toEqual([key]);
      expect((await provider.stat(key))?.size).toBe(before.length);
      expect([...seen]).toEqual(['old']);

      let finished = !!fixture.serverReplacesInPlace;
      if (fixture.serverReplacesInPlace)
        say(`[${name}] no reads during the commit: ${fixture.serverReplacesInPlace}`);
      const polling = (async () => {
        while (!finished) await observe();
      })();
      slow.resume();
      await writing.finally(() => (finished = true));
      await polling;
      await observe();
      expect([...seen].filter((state) => !['old', 'none', 'new'].includes(state))).toEqual([]);
      // Buffer.equals: Jest's toEqual compares megabytes element by element, for a minute.
      expect((await read(provider, key)).equals(after)).toBe(true);
      expect((await collect(provider.list(`${base}/`))).map((object) => object.key)).toEqual([key]);
    }, 60_000);

    it('keeps the old object when a write fails midway, and rethrows the stream’s own error', async () => {
      const base = folder();
      const key = `${base}/kept.txt`;
      const before = Buffer.from('the bottle as it was');
      await provider.put(key, Readable.from([before]));

      const clientGone = new Error('the client went away');
      await expect(provider.put(key, failingStream(512 * KiB, clientGone))).rejects.toBe(clientGone);
      await expect(
        provider.put(key, Readable.from([Buffer.from('12345')]), { size: 10 }),
      ).rejects.toBeInstanceOf(StorageSizeMismatchError);
      await expect(provider.put(key, Readable.from([bytes(20, 'z')]), { size: 10 })).rejects.toBeInstanceOf(
        StorageSizeMismatchError,
      );

      expect(await read(provider, key)).toEqual(before);
      expect((await collect(provider.list(`${base}/`))).map((object) => object.key)).toEqual([key]);
    });

    it(`streams a ${LARGE_OBJECT_BYTES / MiB} MiB object with flat memory`, async () => {
      const key = `${folder()}/large.bin`;
      // Warm up first: code loaded and compiled on first use is not what is measured.
      await provider.put(key, generatedStream(8 * MiB).stream);
      await digestOf(await provider.get(key));
      const source = generatedStream(LARGE_OBJECT_BYTES);
      let read: { sha256: string; bytes: number } | undefined;
      const started = performance.now();
      const growth = await measureMemoryGrowth(async () => {
        await provider.put(key, source.stream, { size: LARGE_OBJECT_BYTES });
        read = await digestOf(await provider.get(key));
      });
      const seconds = (performance.now() - started) / 1000;
      say(
        `[${name}] ${LARGE_OBJECT_BYTES / MiB} MiB put+get in ${seconds.toFixed(1)} s: ` +
          `peak RSS +${growth.rssMiB.toFixed(1)} MiB, live heap and buffers +${growth.liveMiB.toFixed(1)} MiB ` +
          `(bounds ${RSS_BOUND_MIB} and ${MEMORY_BOUND_MIB} MiB)`,
      );
      expect(read).toEqual({ sha256: source.sha256(), bytes: LARGE_OBJECT_BYTES });
      expect((await provider.stat(key))?.size).toBe(LARGE_OBJECT_BYTES);
      expect(growth.rssMiB).toBeLessThan(RSS_BOUND_MIB);
      expect(growth.liveMiB).toBeLessThan(MEMORY_BOUND_MIB);
      await provider.delete(key);
    }, 600_000);

    it('maps wrong credentials to StorageAuthError without revealing them', async () => {
      if (!fixture.wrongCredentials) return say(`[${name}] no credentials to get wrong`);
      const error = await firstWriteOf(open(fixture.wrongCredentials));
      expect(error).toBeInstanceOf(StorageAuthError);
      if (fixture.wrongCredentials.secret) {
        expect((error as Error).message).not.toContain(fixture.wrongCredentials.secret);
      }
    });

    it('maps a missing bucket, folder or remote to StorageConfigError', async () => {
      const error = await firstWriteOf(open(fixture.missingContainer));
      expect(error).toBeInstanceOf(StorageConfigError);
      expect((error as Error).message).toMatch(/does not exist|no remote|not found/i);
    });

    it('maps a full disk to StorageFullError, and the failed write leaves no data behind', async () => {
      if ('skip' in fixture.full) return say(`[${name}] disk-full case not run: ${fixture.full.skip}`);
      const { provider: small, capacityBytes } = fixture.full;
      const tooLarge = generatedStream(capacityBytes + 2 * MiB);
      await expect(small.put('too-large.bin', tooLarge.stream)).rejects.toBeInstanceOf(StorageFullError);
      expect(await collect(small.list(''))).toEqual([]);
      // The space of the failed upload was given back: more than half the disk can be written again.
      const half = generatedStream(Math.floor(capacityBytes * 0.6));
      await small.put('fits.bin', half.stream);
      await small.delete('fits.bin');
    }, 60_000);

    it('tests the connection step by step, leaving no probe behind', async () => {
      const result = await provider.testConnection();
      expect(result.ok).toBe(true);
      expect(result.steps.map(({ step, status }) => [step, status])).toEqual([
        ['write', 'ok'],
        ['read', 'ok'],
        ['list', 'ok'],
        ['delete', 'ok'],
      ]);
      for (const step of result.steps) expect(step.latencyMs).toBeGreaterThanOrEqual(0);
      expect(await collect(provider.list('.connection-test/'))).toEqual([]);

      if (!fixture.wrongCredentials) return;
      const failed = await open(fixture.wrongCredentials)().testConnection();
      expect(failed.ok).toBe(false);
      expect(failed.steps.map(({ step, status }) => [step, status])).toEqual([
        ['write', 'failed'],
        ['read', 'skipped'],
        ['list', 'skipped'],
        ['delete', 'skipped'],
      ]);
      expect(failed.steps[0].errorType).toBe('StorageAuthError');
    });

    it('refuses a host name that resolves to this machine when STORAGE_TARGETS=lan', async () => {
      if (!fixture.loopbackByName) return say(`[${name}] connects to no host`);
      const error = await firstWriteOf(open({ open: fixture.loopbackByName }));
      expect(error).toBeInstanceOf(StorageTargetRefusedError);
      expect((error as Error).message).toMatch(
        /localhost \((127\.0\.0\.1|::1)\) refused by STORAGE_TARGETS=lan/,
      );
    });
  });
}
