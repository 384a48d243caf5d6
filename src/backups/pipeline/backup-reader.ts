import { Readable, pipeline } from 'node:stream';
import type { StorageProvider } from '../../storage/storage-provider.js';
import { decompressor, decryptor } from './codec.js';
import { MANIFEST_FORMAT, MANIFEST_NAME, type BackupManifest, type ManifestObject } from './manifest.js';
import { Meter } from './meter.js';

/** A backup that cannot be read back as it was written. */
export class BackupIntegrityError extends Error {
  override readonly name = 'BackupIntegrityError';
}

/** An object opened for reading, decrypted, with the checks to run once it was read to the end. */
export interface OpenedObject {
  /** The plaintext (decompressed for the database dump). */
  stream: Readable;
  /** Throws a {@link BackupIntegrityError} when a size or checksum differs from the manifest. */
  check(): void;
}

/** Reads a backup back from one target with the instance's identity. */
export class BackupReader {
  constructor(
    private readonly provider: StorageProvider,
    private readonly secretKey: string,
  ) {}

  /** Downloads and decrypts the manifest of the run stored under `keyPrefix`. */
  async manifest(keyPrefix: string): Promise<BackupManifest> {
    const encrypted = await this.provider.get(`${keyPrefix}${MANIFEST_NAME}`);
    const parts: Buffer[] = [];
    for await (const part of pipeline(encrypted, decryptor(this.secretKey), () => undefined)) {
      parts.push(part as Buffer);
    }
    const manifest = JSON.parse(Buffer.concat(parts).toString('utf8')) as BackupManifest;
    if (manifest.format !== MANIFEST_FORMAT) {
      throw new BackupIntegrityError(`Unknown manifest format ${String(manifest.format)}`);
    }
    return manifest;
  }

  /**
   * Opens `object` decrypted (and decompressed for the dump), checking the encrypted and plain
   * checksums as it is read. Decryption already refuses a modified byte; the checksums also catch
   * an object swapped for another valid one.
   */
  async open(object: ManifestObject): Promise<OpenedObject> {
    const cipher = new Meter();
    const plain = new Meter();
    const stored = await this.provider.get(object.key);
    const stream: Readable =
      object.kind === 'database'
        ? pipeline(stored, cipher, decryptor(this.secretKey), decompressor(), plain, () => undefined)
        : pipeline(stored, cipher, decryptor(this.secretKey), plain, () => undefined);
    return {
      stream,
      check: () => {
        if (cipher.bytes !== object.size || cipher.sha256() !== object.sha256) {
          throw new BackupIntegrityError(`${object.key}: the stored bytes differ from the manifest`);
        }
        if (plain.bytes !== object.plainSize || plain.sha256() !== object.plainSha256) {
          throw new BackupIntegrityError(`${object.key}: the decrypted content differs from the manifest`);
        }
      },
    };
  }
}
