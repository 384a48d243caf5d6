import { posix } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FileEntryWithStats, SFTPWrapper, Stats } from 'ssh2';
import type { StorageTargetMode } from '../../config/environment.schema.js';
import { messageOf } from '../../common/errors/message-of.js';
import { type StorageErrorClass } from '../storage-error-translation.js';
import { folderOf, temporaryUploadKey, UPLOADS_FOLDER } from '../storage-key.js';
import { StorageProviderBase } from '../storage-provider.base.js';
import type { ByteRange, StorageCapabilities, StoredObject, StoredObjectInfo } from '../storage-provider.js';
import type { SftpStorageSettings, StorageProviderContext } from '../storage-settings.js';
import { assertAllowedHost } from '../storage-targets.js';
import {
  StorageAuthError,
  StorageConfigError,
  StorageFullError,
  StorageNotFoundError,
  StorageUnavailableError,
} from '../storage.errors.js';
import { openSftpSession, type SftpSession } from './sftp-connection.js';
import { sftpReadStream, sftpWriteStream } from './sftp-streams.js';

/** SFTP status codes (draft-ietf-secsh-filexfer-02) that mean something here. */
const NO_SUCH_FILE = 2;
const PERMISSION_DENIED = 3;
const NO_CONNECTION = 6;
const CONNECTION_LOST = 7;

const FINGERPRINT = /^SHA256:[A-Za-z0-9+/]{43}$/;

function sftpStatus(error: unknown): number | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'number' ? code : undefined;
}

/** Runs one callback-style SFTP request as a promise. */
function request<T = void>(run: (callback: (error: Error | undefined | null, result: T) => void) => void) {
  return new Promise<T>((resolve, reject) => {
    run((error, result) => (error ? reject(error) : resolve(result)));
  });
}

function stat(sftp: SFTPWrapper, path: string): Promise<Stats> {
  return request<Stats>((done) => sftp.stat(path, done));
}

/**
 * Objects as files in a folder of an SFTP server, over one SSH connection opened on first use
 * and reopened after it drops. A write goes to `.whiskey-uploads/` and is renamed into place with
 * the posix-rename extension (atomic replacement, OpenSSH and rclone); servers without it get a
 * delete then a rename, so readers may briefly see no file, never a partial one.
 */
export class SftpStorageProvider extends StorageProviderBase {
  readonly type = 'sftp';
  readonly capabilities: StorageCapabilities = {
    rangeReads: true,
    serverSideRename: true,
    multipartUpload: false,
  };
  private readonly root: string;
  private readonly targets: StorageTargetMode;
  private session: Promise<SftpSession> | undefined;
  private uploadsFolderReady = false;

  constructor(
    private readonly settings: SftpStorageSettings,
    context: StorageProviderContext,
  ) {
    super();
    if (!FINGERPRINT.test(settings.hostKeyFingerprint ?? '')) {
      throw new StorageConfigError(
        'The SFTP host key fingerprint is missing or malformed (SHA256:…): capture it on first contact',
      );
    }
    if (!settings.password && !settings.privateKey) {
      throw new StorageConfigError('SFTP needs a password or a private key');
    }
    assertAllowedHost(settings.host, context.targets);
    this.targets = context.targets;
    this.root = settings.root.replace(/(.)\/+$/, '$1') || '.';
  }

  protected async putObject(key: string, body: Readable): Promise<void> {
    const sftp = await this.connection();
    if (!this.uploadsFolderReady) {
      await this.createFolders(sftp, UPLOADS_FOLDER);
      this.uploadsFolderReady = true;
    }
    const temporary = temporaryUploadKey();
    try {
      const handle = await request<Buffer>((done) => sftp.open(this.path(temporary), 'w', done));
      const closeHandle = () => request((done) => sftp.close(handle, done));
      try {
        await pipeline(body, sftpWriteStream(sftp, handle));
      } catch (error) {
        // Servers that write through a pipe (rclone) fail the writes with "closed pipe" and tell
        // the cause (no space left) when the file is closed.
        const closeError: unknown = await closeHandle().then(
          () => undefined,
          (cause: unknown) => cause,
        );
        throw closeError ?? error;
      }
      // Closed before the rename: some servers (rclone) commit the file on close.
      await closeHandle();
      await this.moveIntoPlace(sftp, temporary, key);
    } catch (error) {
      await request((done) => sftp.unlink(this.path(temporary), done)).catch(() => undefined);
      throw error;
    }
  }

  protected async getObject(key: string, range: ByteRange | undefined): Promise<Readable> {
    const sftp = await this.connection();
    const handle = await request<Buffer>((done) => sftp.open(this.path(key), 'r', done));
    const closeHandle = () => request((done) => sftp.close(handle, done));
    const info = await request<Stats>((done) => sftp.fstat(handle, done)).catch(async (error: unknown) => {
      await closeHandle().catch(() => undefined);
      throw error;
    });
    if (!info.isFile()) {
      await closeHandle();
      throw new StorageNotFoundError(`sftp get ${JSON.stringify(key)} failed: it is a folder`);
    }
    const end = Math.min(range?.end ?? Infinity, info.size - 1);
    return sftpReadStream(sftp, handle, range?.start ?? 0, end, () => closeHandle().catch(() => undefined));
  }

  protected async statObject(key: string): Promise<StoredObjectInfo | null> {
    try {
      const info = await stat(await this.connection(), this.path(key));
      return info.isFile() ? { size: info.size, modifiedAt: new Date(info.mtime * 1000) } : null;
    } catch (error) {
      if (sftpStatus(error) === NO_SUCH_FILE) return null;
      throw error;
    }
  }

  protected async *listObjects(prefix: string): AsyncGenerator<StoredObject> {
    yield* this.walk(await this.connection(), folderOf(prefix), prefix);
  }

  protected async deleteObject(key: string): Promise<void> {
    const sftp = await this.connection();
    try {
      await request((done) => sftp.unlink(this.path(key), done));
    } catch (error) {
      if (sftpStatus(error) !== NO_SUCH_FILE) throw error;
    }
  }

  protected classifyError(error: unknown): StorageErrorClass | undefined {
    const status = sftpStatus(error);
    const message = messageOf(error);
    if (status === NO_SUCH_FILE) return StorageNotFoundError;
    if (status === PERMISSION_DENIED) return StorageAuthError;
    if (status === NO_CONNECTION || status === CONNECTION_LOST) return StorageUnavailableError;
    if (/no space left|quota|disk full/i.test(message)) return StorageFullError;
    if (/authentication methods failed|permission denied/i.test(message)) return StorageAuthError;
    if (/private ?key|passphrase/i.test(message)) return StorageConfigError;
    if (/timed out|connection lost|not connected|no response/i.test(message)) return StorageUnavailableError;
    return undefined;
  }

  protected override async freeBytes(): Promise<number | undefined> {
    const sftp = await this.connection();
    const info = await request<unknown>((done) => sftp.ext_openssh_statvfs(this.root, done));
    const { bavail, frsize } = info as { bavail?: unknown; frsize?: unknown };
    return typeof bavail === 'number' && typeof frsize === 'number' ? bavail * frsize : undefined;
  }

  protected override secrets(): (string | undefined)[] {
    return [this.settings.password, this.settings.privateKey, this.settings.passphrase];
  }

  override async close(): Promise<void> {
    const session = this.session;
    this.session = undefined;
    if (session) await (await session.catch(() => undefined))?.client.end();
  }

  private path(key: string): string {
    return posix.join(this.root, key);
  }

  /** The open session's SFTP channel, connecting first when there is none. */
  private async connection(): Promise<SFTPWrapper> {
    if (!this.session) {
      const session: Promise<SftpSession> = this.connect(() => {
        // Only the current session: a late event of an older one must not drop its successor.
        if (this.session !== session) return;
        this.session = undefined;
        this.uploadsFolderReady = false;
      });
      this.session = session;
    }
    return (await this.session).sftp;
  }

  private async connect(lost: () => void): Promise<SftpSession> {
    try {
      const session = await openSftpSession(this.settings, this.targets, lost);
      const root = await stat(session.sftp, this.root).catch(() => undefined);
      if (!root?.isDirectory()) {
        await session.client.end();
        throw new StorageConfigError(
          `The folder ${this.root} does not exist on the SFTP server ${this.settings.host}`,
        );
      }
      return session;
    } catch (error) {
      lost();
      throw error;
    }
  }

  /** Creates the folders of `folder` (a key prefix) under the root, those missing only. */
  private async createFolders(sftp: SFTPWrapper, folder: string): Promise<void> {
    let current = this.root;
    for (const segment of folder.split('/').filter(Boolean)) {
      current = posix.join(current, segment);
      const path = current;
      try {
        await request((done) => sftp.mkdir(path, done));
      } catch (error) {
        // Already there (or created concurrently): fine if it is a folder.
        if (!(await stat(sftp, path).catch(() => undefined))?.isDirectory()) throw error;
      }
    }
  }

  /** Renames the upload over `key`, creating the key's folders when the server says they are missing. */
  private async moveIntoPlace(sftp: SFTPWrapper, temporary: string, key: string): Promise<void> {
    try {
      await this.rename(sftp, this.path(temporary), this.path(key));
    } catch (error) {
      if (sftpStatus(error) !== NO_SUCH_FILE || folderOf(key) === '') throw error;
      await this.createFolders(sftp, folderOf(key));
      await this.rename(sftp, this.path(temporary), this.path(key));
    }
  }

  private async rename(sftp: SFTPWrapper, from: string, to: string): Promise<void> {
    try {
      await request((done) => sftp.ext_openssh_rename(from, to, done));
      return;
    } catch (error) {
      // ssh2 throws this synchronously when the server lacks posix-rename@openssh.com.
      if (!messageOf(error).includes('does not support')) throw error;
    }
    // Plain SFTP rename refuses to replace a file: remove it first.
    await request((done) => sftp.unlink(to, done)).catch((error: unknown) => {
      if (sftpStatus(error) !== NO_SUCH_FILE) throw error;
    });
    await request((done) => sftp.rename(from, to, done));
  }

  /** Files under `folder` (a key prefix ending in `/`, or `''`) whose key starts with `prefix`. */
  private async *walk(sftp: SFTPWrapper, folder: string, prefix: string): AsyncGenerator<StoredObject> {
    let entries: FileEntryWithStats[];
    try {
      entries = await request<FileEntryWithStats[]>((done) => sftp.readdir(this.path(folder), done));
    } catch (error) {
      if (sftpStatus(error) === NO_SUCH_FILE) return;
      throw error;
    }
    for (const { filename, attrs } of entries) {
      const key = `${folder}${filename}`;
      if (filename === '.' || filename === '..' || key === UPLOADS_FOLDER) continue;
      if (attrs.isDirectory() && `${key}/`.startsWith(prefix)) {
        yield* this.walk(sftp, `${key}/`, prefix);
      } else if (attrs.isFile() && key.startsWith(prefix)) {
        yield { key, size: attrs.size, modifiedAt: new Date(attrs.mtime * 1000) };
      }
    }
  }
}
