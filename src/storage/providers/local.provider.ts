import { createWriteStream, type Stats } from 'node:fs';
import { mkdir, open, opendir, rename, rm, stat, statfs, unlink } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { errorCode, type StorageErrorClass } from '../storage-error-translation.js';
import { folderOf, temporaryUploadKey, UPLOADS_FOLDER } from '../storage-key.js';
import { StorageProviderBase } from '../storage-provider.base.js';
import type { ByteRange, StorageCapabilities, StoredObject, StoredObjectInfo } from '../storage-provider.js';
import type { LocalStorageSettings } from '../storage-settings.js';
import { StorageConfigError, StorageNotFoundError } from '../storage.errors.js';

const MISSING = new Set(['ENOENT', 'ENOTDIR']);

/** `null` when the path does not exist, its stats otherwise. */
async function statOrNull(path: string): Promise<Stats | null> {
  try {
    return await stat(path);
  } catch (error) {
    if (MISSING.has(errorCode(error) ?? '')) return null;
    throw error;
  }
}

/** Makes a rename in `directory` durable (the new entry survives a power cut). */
async function syncDirectory(directory: string): Promise<void> {
  const handle = await open(directory, 'r');
  try {
    await handle.sync();
  } catch (error) {
    if (errorCode(error) !== 'EINVAL') throw error; // file systems that cannot sync directories
  } finally {
    await handle.close();
  }
}

/**
 * Objects as files under a directory of this machine. A write goes to a file in
 * `.whiskey-uploads/`, is flushed to disk, then renamed into place: rename(2) replaces the target
 * atomically, so readers see the old file or the new one.
 */
export class LocalStorageProvider extends StorageProviderBase {
  readonly type = 'local';
  readonly capabilities: StorageCapabilities = {
    rangeReads: true,
    serverSideRename: true,
    multipartUpload: false,
  };
  private readonly root: string;

  constructor(settings: Pick<LocalStorageSettings, 'root'>) {
    super();
    if (!isAbsolute(settings.root)) {
      throw new StorageConfigError(`The storage directory must be an absolute path, not ${settings.root}`);
    }
    this.root = resolve(settings.root);
  }

  protected async putObject(key: string, body: Readable): Promise<void> {
    await this.assertRootExists();
    const temporary = this.path(temporaryUploadKey());
    await mkdir(dirname(temporary), { recursive: true });
    try {
      await pipeline(body, createWriteStream(temporary, { flags: 'wx', flush: true }));
      const target = this.path(key);
      await mkdir(dirname(target), { recursive: true });
      await rename(temporary, target);
      await syncDirectory(dirname(target));
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
  }

  protected async getObject(key: string, range: ByteRange | undefined): Promise<Readable> {
    const handle = await open(this.path(key), 'r');
    if (!(await handle.stat()).isFile()) {
      await handle.close();
      throw new StorageNotFoundError(`local get ${JSON.stringify(key)} failed: it is a folder`);
    }
    return handle.createReadStream({ start: range?.start, end: range?.end });
  }

  protected async statObject(key: string): Promise<StoredObjectInfo | null> {
    const info = await statOrNull(this.path(key));
    return info?.isFile() ? { size: info.size, modifiedAt: info.mtime } : null;
  }

  protected async *listObjects(prefix: string): AsyncGenerator<StoredObject> {
    await this.assertRootExists();
    yield* this.walk(folderOf(prefix), prefix);
  }

  protected async deleteObject(key: string): Promise<void> {
    try {
      await unlink(this.path(key));
    } catch (error) {
      if (!MISSING.has(errorCode(error) ?? '')) throw error;
    }
  }

  protected classifyError(error: unknown): StorageErrorClass | undefined {
    return MISSING.has(errorCode(error) ?? '') ? StorageNotFoundError : undefined;
  }

  protected override async freeBytes(): Promise<number> {
    const info = await statfs(this.root);
    return info.bavail * info.bsize;
  }

  private path(key: string): string {
    return join(this.root, ...key.split('/'));
  }

  /**
   * A missing root is an error, never created: a NAS share that failed to mount must not be
   * replaced silently by a folder on the system disk.
   */
  private async assertRootExists(): Promise<void> {
    if (!(await statOrNull(this.root))?.isDirectory()) {
      throw new StorageConfigError(`The storage directory ${this.root} does not exist`);
    }
  }

  /** Files under `folder` (a key prefix ending in `/`, or `''`) whose key starts with `prefix`. */
  private async *walk(folder: string, prefix: string): AsyncGenerator<StoredObject> {
    let directory;
    try {
      directory = await opendir(this.path(folder));
    } catch (error) {
      if (MISSING.has(errorCode(error) ?? '')) return;
      throw error;
    }
    for await (const entry of directory) {
      const key = `${folder}${entry.name}`;
      if (key === UPLOADS_FOLDER) continue;
      if (entry.isDirectory() && `${key}/`.startsWith(prefix)) {
        yield* this.walk(`${key}/`, prefix);
      } else if (entry.isFile() && key.startsWith(prefix)) {
        const info = await statOrNull(this.path(key));
        if (info) yield { key, size: info.size, modifiedAt: info.mtime };
      }
    }
  }
}
