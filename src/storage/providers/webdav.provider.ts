import type { Agent as HttpAgent } from 'node:http';
import type { Agent as HttpsAgent } from 'node:https';
import { pipeline, Readable } from 'node:stream';
import type { FileStat, WebDAVClient } from 'webdav';
import { httpStatusClass, type StorageErrorClass } from '../storage-error-translation.js';
import { folderOf, temporaryUploadKey, UPLOADS_FOLDER } from '../storage-key.js';
import { StorageProviderBase } from '../storage-provider.base.js';
import type {
  ByteRange,
  PutOptions,
  StorageCapabilities,
  StoredObject,
  StoredObjectInfo,
} from '../storage-provider.js';
import type { StorageProviderContext, WebdavStorageSettings } from '../storage-settings.js';
import { emptyStream, sliceBytes } from '../storage-streams.js';
import { guardedAgents } from '../storage-target-agents.js';
import { StorageConfigError, StorageOperationError } from '../storage.errors.js';

/** The WebDAV client takes most of a second to load: loaded on first use, not at start-up. */
const webdavClient = () => import('webdav');

/** The HTTP status of a failed WebDAV request, if it got an answer. */
function statusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' ? status : undefined;
}

/** `/` + the key with each segment percent-encoded by the client: paths are given unencoded. */
function path(key: string): string {
  return `/${key}`;
}

/**
 * Objects as files in a WebDAV folder. A write is a PUT to `.whiskey-uploads/` followed by a MOVE
 * into place (creating missing folders), so readers see the old file or the new one; servers that
 * implement an overwriting MOVE as delete-then-rename show no file for that instant.
 */
export class WebdavStorageProvider extends StorageProviderBase {
  readonly type = 'webdav';
  readonly capabilities: StorageCapabilities = {
    rangeReads: true,
    serverSideRename: true,
    multipartUpload: false,
  };
  private readonly client: Promise<WebDAVClient>;
  private readonly agents: [HttpAgent, HttpsAgent];
  private readonly location: string;
  private uploadsFolderReady = false;

  constructor(
    private readonly settings: WebdavStorageSettings,
    context: StorageProviderContext,
  ) {
    super();
    let url: URL;
    try {
      url = new URL(settings.url);
    } catch {
      throw new StorageConfigError('The WebDAV URL is not a URL');
    }
    if (!['http:', 'https:'].includes(url.protocol)) {
      throw new StorageConfigError(`The WebDAV URL must be an http(s) URL, not ${url.protocol}`);
    }
    if (url.username || url.password) {
      throw new StorageConfigError(
        'Put the WebDAV user name and password in their own fields, not in the URL',
      );
    }
    this.location = `${url.origin}${url.pathname}`;
    const agents = guardedAgents(context.targets);
    this.agents = [agents.http, agents.https];
    this.client = webdavClient().then(({ createClient }) =>
      createClient(settings.url.replace(/\/+$/, ''), {
        username: settings.username,
        password: settings.password,
        httpAgent: agents.http,
        httpsAgent: agents.https,
      }),
    );
  }

  protected async putObject(key: string, body: Readable, options: PutOptions): Promise<void> {
    await this.ensureUploadsFolder();
    const temporary = temporaryUploadKey();
    try {
      await (
        await this.client
      ).customRequest(path(temporary), {
        method: 'PUT',
        headers: {
          'Content-Type': options.contentType ?? 'application/octet-stream',
          ...(options.size === undefined ? {} : { 'Content-Length': String(options.size) }),
        },
        data: body,
      });
      await this.moveIntoPlace(temporary, key);
    } catch (error) {
      this.uploadsFolderReady = false;
      await (await this.client).deleteFile(path(temporary)).catch(() => undefined);
      throw error;
    }
  }

  protected async getObject(key: string, range: ByteRange | undefined): Promise<Readable> {
    let response;
    try {
      response = await (
        await this.client
      ).customRequest(path(key), {
        method: 'GET',
        headers: range ? { Range: `bytes=${range.start}-${range.end ?? ''}` } : {},
      });
    } catch (error) {
      // A range starting at or after the end of the object: nothing to read.
      if (range && statusOf(error) === 416) return emptyStream();
      throw error;
    }
    const body = (response as { body?: unknown }).body;
    if (!(body instanceof Readable)) throw new StorageOperationError('webdav get: the response has no body');
    // A server that ignores Range answers 200 with the whole object.
    if (!range || response.status !== 200) return body;
    return pipeline(body, sliceBytes(range.start, range.end), () => undefined);
  }

  protected async statObject(key: string): Promise<StoredObjectInfo | null> {
    try {
      const info = (await (await this.client).stat(path(key))) as FileStat;
      if (info.type !== 'file') return null;
      return { size: info.size, modifiedAt: new Date(info.lastmod), etag: info.etag ?? undefined };
    } catch (error) {
      if (statusOf(error) === 404) return null;
      throw error;
    }
  }

  protected async *listObjects(prefix: string): AsyncGenerator<StoredObject> {
    yield* this.walk(folderOf(prefix), prefix);
  }

  protected async deleteObject(key: string): Promise<void> {
    try {
      await (await this.client).deleteFile(path(key));
    } catch (error) {
      if (statusOf(error) !== 404) throw error;
    }
  }

  protected classifyError(error: unknown): StorageErrorClass | undefined {
    return httpStatusClass(statusOf(error));
  }

  protected override async freeBytes(): Promise<number | undefined> {
    const quota = await (await this.client).getQuota();
    const available = quota && 'available' in quota ? quota.available : undefined;
    return typeof available === 'number' ? available : undefined;
  }

  protected override secrets(): (string | undefined)[] {
    return [this.settings.password];
  }

  override async close(): Promise<void> {
    for (const agent of this.agents) agent.destroy();
  }

  /**
   * Creates `.whiskey-uploads/` once. A missing base folder is a configuration error: MKCOL there
   * answers 409 (no parent), an existing uploads folder 405.
   */
  private async ensureUploadsFolder(): Promise<void> {
    if (this.uploadsFolderReady) return;
    try {
      await (await this.client).createDirectory(path(UPLOADS_FOLDER));
    } catch (error) {
      const status = statusOf(error);
      if (status === 404 || status === 409) {
        throw new StorageConfigError(`The WebDAV folder ${this.location} does not exist`);
      }
      if (status !== 405) throw error;
    }
    this.uploadsFolderReady = true;
  }

  /**
   * MOVEs the upload over the target. A missing target folder makes the MOVE fail (409 Conflict per
   * RFC 4918; 403 from rclone and golang.org/x/net/webdav): the folders are then created and the
   * MOVE tried once more.
   */
  private async moveIntoPlace(temporary: string, key: string): Promise<void> {
    try {
      await (await this.client).moveFile(path(temporary), path(key), { overwrite: true });
    } catch (error) {
      const status = statusOf(error);
      if ((status !== 409 && status !== 403) || folderOf(key) === '') throw error;
      await (await this.client).createDirectory(path(folderOf(key)), { recursive: true });
      await (await this.client).moveFile(path(temporary), path(key), { overwrite: true });
    }
  }

  /** Files under `folder` (a key prefix ending in `/`, or `''`) whose key starts with `prefix`. */
  private async *walk(folder: string, prefix: string): AsyncGenerator<StoredObject> {
    let entries: FileStat[];
    try {
      entries = await (await this.client).getDirectoryContents(path(folder));
    } catch (error) {
      if (statusOf(error) === 404) return;
      throw error;
    }
    for (const entry of entries) {
      const key = `${folder}${entry.basename}`;
      if (key === UPLOADS_FOLDER) continue;
      if (entry.type === 'directory' && `${key}/`.startsWith(prefix)) {
        yield* this.walk(`${key}/`, prefix);
      } else if (entry.type === 'file' && key.startsWith(prefix)) {
        yield { key, size: entry.size, modifiedAt: new Date(entry.lastmod), etag: entry.etag ?? undefined };
      }
    }
  }
}
