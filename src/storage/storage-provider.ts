import type { Readable } from 'node:stream';

/** The kinds of storage back end; each is one file under `providers/`. */
export const STORAGE_PROVIDER_TYPES = ['local', 's3', 'webdav', 'sftp', 'rclone'] as const;
export type StorageProviderType = (typeof STORAGE_PROVIDER_TYPES)[number];

/** Options of {@link StorageProvider.put}. */
export interface PutOptions {
  /**
   * Exact length of the stream in bytes, when known. A stream that ends with another length is
   * refused with a `StorageSizeMismatchError` and nothing is stored. Lets back ends announce the
   * length (Content-Length, preallocation) and choose between a single request and a multipart upload.
   */
  size?: number;
  /** MIME type, kept by back ends that store one (S3; WebDAV servers that honour Content-Type). */
  contentType?: string;
}

/** Bytes `start` to `end`, both inclusive and zero-based, as in HTTP `Range: bytes=start-end`. */
export interface ByteRange {
  start: number;
  /** Last byte to read; omitted: to the end of the object. Clamped to the object's last byte. */
  end?: number;
}

/** What a back end knows about one stored object. */
export interface StoredObjectInfo {
  /** Length in bytes. */
  size: number;
  /** When the object was last written, as the back end reports it. */
  modifiedAt: Date;
  /** Opaque version tag, when the back end has one (S3 and WebDAV ETags). */
  etag?: string;
}

/** One object found by {@link StorageProvider.list}. */
export interface StoredObject extends StoredObjectInfo {
  key: string;
}

/** What a provider can do beyond the common contract, for callers that can take advantage of it. */
export interface StorageCapabilities {
  /** A ranged `get` transfers only the requested bytes from the back end. */
  rangeReads: boolean;
  /**
   * The back end renames on the server in one step: writes go to a temporary name and are renamed
   * into place. Without it, atomicity comes from the protocol (S3 PUT, multipart completion) or
   * from a server-side copy.
   */
  serverSideRename: boolean;
  /** Large objects are uploaded in parts and become visible only when the upload is completed. */
  multipartUpload: boolean;
}

/** The steps {@link StorageProvider.testConnection} runs, in order. */
export type ConnectionTestStepName = 'write' | 'read' | 'list' | 'delete';

/** Outcome of one step of a connection test. */
export interface ConnectionTestStep {
  step: ConnectionTestStepName;
  /** `skipped` when an earlier step failed and this one could not run. */
  status: 'ok' | 'failed' | 'skipped';
  /** Time the step took; 0 when skipped. */
  latencyMs: number;
  /** Class of the error (`StorageAuthError`, …) when the step failed. */
  errorType?: string;
  /** The provider's explanation when the step failed; never contains secrets. */
  error?: string;
}

/** Result of {@link StorageProvider.testConnection}. */
export interface ConnectionTestResult {
  /** Every step succeeded. */
  ok: boolean;
  steps: ConnectionTestStep[];
  /** Free space reported by the back end, when it reports one. */
  freeBytes?: number;
}

/**
 * Where the application keeps bytes (photos, backups): one implementation per kind of back end, all
 * held to the same contract test suite (test/contract). In the spirit of Vendure's
 * AssetStorageStrategy, it knows nothing about what it stores.
 *
 * Keys are relative paths such as `photos/ab/abcdef.webp`: segments separated by `/`, no empty,
 * `.` or `..` segment, no leading `/`, no backslash, no control character, at most 1024 bytes; the
 * first segment `.whiskey-uploads` is reserved for uploads in progress. An invalid key is refused
 * with an `InvalidStorageKeyError` before the back end is contacted.
 *
 * Every failure is a `StorageError` subclass (see storage.errors.ts) whose message is safe to show:
 * it carries the back end's explanation and never a secret.
 */
export interface StorageProvider {
  /** The kind of back end (metrics label, logs). */
  readonly type: StorageProviderType;
  readonly capabilities: StorageCapabilities;

  /**
   * Stores `body` under `key`, replacing any object there. Atomic: until the promise resolves,
   * readers see the previous object (or, where the back end replaces by delete-then-rename, briefly
   * none), never a partly written one; on failure nothing new is visible and temporary data is
   * removed (multipart uploads are aborted). The body is streamed, so memory stays flat whatever its
   * size. If `body` fails, its error is rethrown as it is; on any failure `body` is destroyed.
   */
  put(key: string, body: Readable, options?: PutOptions): Promise<void>;

  /**
   * Opens the object for reading, whole or the bytes of `range`. Rejects with a
   * `StorageNotFoundError` when there is no object at `key`. A range starting at or after the end
   * of the object gives an empty stream. Errors while streaming are emitted by the stream, already
   * translated to `StorageError`s. Destroy the stream to stop early.
   */
  get(key: string, range?: ByteRange): Promise<Readable>;

  /** Size, modification time and ETag of the object at `key`; `null` when there is none. */
  stat(key: string): Promise<StoredObjectInfo | null>;

  /**
   * Every object whose key starts with `prefix` (string prefix, not only whole segments; `''` for
   * all), in no particular order. Pages through the back end's listing, so any number of keys can
   * be listed without holding them all. Uploads in progress are never listed.
   */
  list(prefix?: string): AsyncIterable<StoredObject>;

  /** Removes the object at `key`. Idempotent: deleting a missing object succeeds. */
  delete(key: string): Promise<void>;

  /**
   * Writes, reads back, lists and deletes a small probe object, reporting each step's outcome and
   * latency instead of throwing; also the free space where the back end reports it.
   */
  testConnection(): Promise<ConnectionTestResult>;

  /** Releases connections, processes and temporary files. The provider is unusable afterwards. */
  close(): Promise<void>;
}
