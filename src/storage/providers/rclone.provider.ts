import type { Readable } from 'node:stream';
import type { StorageTargetMode } from '../../config/environment.schema.js';
import { messageOf } from '../../common/errors/message-of.js';
import { errorCode, type StorageErrorClass } from '../storage-error-translation.js';
import { folderOf, temporaryUploadKey, UPLOADS_FOLDER } from '../storage-key.js';
import { StorageProviderBase } from '../storage-provider.base.js';
import type {
  ByteRange,
  PutOptions,
  StorageCapabilities,
  StoredObject,
  StoredObjectInfo,
} from '../storage-provider.js';
import type { RcloneStorageSettings, StorageProviderContext } from '../storage-settings.js';
import { assertAllowedHostNow } from '../storage-targets.js';
import {
  StorageAuthError,
  StorageConfigError,
  StorageFullError,
  StorageNotFoundError,
  StorageUnavailableError,
} from '../storage.errors.js';
import {
  assertRcloneConfigAllowed,
  parseRcloneConfig,
  parseRemote,
  rcloneSecrets,
  rcloneTargetHosts,
} from './rclone-config.js';
import { RcloneCommandError, RcloneRunner } from './rclone-process.js';

/** rclone's exit codes for "directory not found" and "file not found". */
const NOT_FOUND_EXIT_CODES = new Set([3, 4]);
/** rclone's exit code for "temporary error, a retry may work". */
const TEMPORARY_EXIT_CODE = 5;

/** What rclone's error text says, most specific first. */
const MESSAGES: [RegExp, StorageErrorClass][] = [
  [/didn't find section in config|unknown backend|NoSuchBucket/i, StorageConfigError],
  [/no space left|quota|insufficient ?storage|storage ?full/i, StorageFullError],
  [
    /\b40[13]\b|unauthori[sz]ed|forbidden|invalid_grant|invalid_client|access ?denied|authentication|permission denied|InvalidAccessKeyId|SignatureDoesNotMatch/i,
    StorageAuthError,
  ],
  [/not found|doesn't exist|no such file/i, StorageNotFoundError],
  [
    /connection refused|no such host|timeout|timed out|unreachable|connection reset|\bEOF\b/i,
    StorageUnavailableError,
  ],
];

interface LsJsonEntry {
  Path: string;
  Size: number;
  ModTime: string;
  IsDir: boolean;
}

function isNotFound(error: unknown): boolean {
  return (
    error instanceof RcloneCommandError &&
    (NOT_FOUND_EXIT_CODES.has(error.exitCode ?? -1) || /not found|doesn't exist/i.test(error.message))
  );
}

/**
 * Objects on any rclone remote (Google Drive, OneDrive, Dropbox, B2, …) through the rclone
 * command line, one process per operation. A write streams into `.whiskey-uploads/` with
 * `rclone rcat`, then `rclone moveto` puts it in place: a rename where the remote has one, a
 * server-side copy where it does not (buckets); either way the target only ever holds a complete
 * object. The remote's own pagination is rclone's business; listings stream line by line.
 */
export class RcloneStorageProvider extends StorageProviderBase {
  readonly type = 'rclone';
  readonly capabilities: StorageCapabilities = {
    rangeReads: true,
    serverSideRename: false,
    multipartUpload: false,
  };
  private readonly runner: RcloneRunner;
  private readonly base: string;
  private readonly hosts: string[];
  private readonly secretValues: string[];
  private readonly targets: StorageTargetMode;

  constructor(settings: RcloneStorageSettings, context: StorageProviderContext) {
    super();
    const config = parseRcloneConfig(settings.config);
    const remote = parseRemote(settings.remote, config);
    assertRcloneConfigAllowed(config, context.targets);
    this.hosts = rcloneTargetHosts(config);
    this.secretValues = rcloneSecrets(config);
    this.targets = context.targets;
    this.base = `${remote.name}:${remote.path.replace(/\/+$/, '')}`;
    this.runner = new RcloneRunner(settings.config);
  }

  protected async putObject(key: string, body: Readable, options: PutOptions): Promise<void> {
    await this.assertTargetsAllowed();
    const temporary = this.remotePath(temporaryUploadKey());
    const size = options.size === undefined ? [] : [`--size=${options.size}`];
    try {
      await this.runner.run(['rcat', ...size, temporary], body);
      await this.runner.run(['moveto', temporary, this.remotePath(key)]);
    } catch (error) {
      await this.runner.run(['deletefile', temporary]).catch(() => undefined);
      throw error;
    }
  }

  protected async getObject(key: string, range: ByteRange | undefined): Promise<Readable> {
    await this.assertTargetsAllowed();
    const slice = range
      ? [
          `--offset=${range.start}`,
          ...(range.end === undefined ? [] : [`--count=${range.end - range.start + 1}`]),
        ]
      : [];
    return this.runner.open(['cat', ...slice, this.remotePath(key)]);
  }

  protected async statObject(key: string): Promise<StoredObjectInfo | null> {
    await this.assertTargetsAllowed();
    try {
      const entry = JSON.parse(
        await this.runner.run(['lsjson', '--stat', '--no-mimetype', this.remotePath(key)]),
      ) as LsJsonEntry;
      return entry.IsDir ? null : { size: entry.Size, modifiedAt: new Date(entry.ModTime) };
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  }

  protected async *listObjects(prefix: string): AsyncGenerator<StoredObject> {
    await this.assertTargetsAllowed();
    const folder = folderOf(prefix);
    const args = ['lsjson', '-R', '--files-only', '--no-mimetype', this.remotePath(folder)];
    try {
      // lsjson prints `[`, one entry per line (each but the last followed by a comma), then `]`.
      for await (const line of this.runner.lines(args)) {
        const text = line.trim().replace(/,$/, '');
        if (!text.startsWith('{')) continue;
        const entry = JSON.parse(text) as LsJsonEntry;
        const key = `${folder}${entry.Path}`;
        if (key.startsWith(`${UPLOADS_FOLDER}/`) || !key.startsWith(prefix)) continue;
        yield { key, size: entry.Size, modifiedAt: new Date(entry.ModTime) };
      }
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }

  protected async deleteObject(key: string): Promise<void> {
    await this.assertTargetsAllowed();
    try {
      await this.runner.run(['deletefile', this.remotePath(key)]);
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }

  protected classifyError(error: unknown): StorageErrorClass | undefined {
    if (errorCode(error) === 'ENOENT' && /spawn/.test(messageOf(error))) {
      return StorageConfigError;
    }
    if (!(error instanceof RcloneCommandError)) return undefined;
    const match = MESSAGES.find(([pattern]) => pattern.test(error.message));
    if (match) return match[1];
    if (NOT_FOUND_EXIT_CODES.has(error.exitCode ?? -1)) return StorageNotFoundError;
    return error.exitCode === TEMPORARY_EXIT_CODE ? StorageUnavailableError : undefined;
  }

  protected override explain(error: unknown): string {
    if (errorCode(error) === 'ENOENT') return 'the rclone command is not installed (Debian package rclone)';
    return messageOf(error);
  }

  protected override async freeBytes(): Promise<number | undefined> {
    const about = JSON.parse(await this.runner.run(['about', '--json', this.base])) as { free?: unknown };
    return typeof about.free === 'number' ? about.free : undefined;
  }

  protected override secrets(): string[] {
    return this.secretValues;
  }

  override async close(): Promise<void> {
    await this.runner.close();
  }

  /** `remote:path/key`; a folder (`a/`) or `''` gives the folder itself. */
  private remotePath(key: string): string {
    const relative = key.replace(/\/$/, '');
    if (relative === '') return this.base;
    return this.base.endsWith(':') ? `${this.base}${relative}` : `${this.base}/${relative}`;
  }

  /**
   * rclone resolves and connects by itself, so the SSRF rules are checked here, on the addresses the
   * config's hosts resolve to now (a rebinding in between is not caught).
   */
  private async assertTargetsAllowed(): Promise<void> {
    await Promise.all(this.hosts.map((host) => assertAllowedHostNow(host, this.targets)));
  }
}
