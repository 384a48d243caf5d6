import type { Readable } from 'node:stream';
import { runConnectionTest } from './connection-test.js';
import { messageOf } from '../common/errors/message-of.js';
import {
  findStorageError,
  redactSecrets,
  systemErrorClass,
  type StorageErrorClass,
} from './storage-error-translation.js';
import { assertValidKey, assertValidPrefix } from './storage-key.js';
import type {
  ByteRange,
  ConnectionTestResult,
  PutOptions,
  StorageCapabilities,
  StorageProvider,
  StorageProviderType,
  StoredObject,
  StoredObjectInfo,
} from './storage-provider.js';
import { relayWithTranslatedErrors, uploadSource } from './storage-streams.js';
import { InvalidStorageRequestError, StorageOperationError, type StorageError } from './storage.errors.js';

/** The operations of a {@link StorageProvider}, as named in messages and metric labels. */
export type StorageOperation = 'put' | 'get' | 'stat' | 'list' | 'delete' | 'test_connection';

/** What was being done when an error happened. */
export interface ErrorContext {
  operation: StorageOperation;
  /** Key or prefix concerned, if any. */
  key?: string;
}

function isByteOffset(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 0;
}

function assertValidRange(range: ByteRange | undefined): void {
  if (range === undefined) return;
  const valid = isByteOffset(range.start) && (range.end === undefined || isByteOffset(range.end));
  if (!valid || (range.end !== undefined && range.end < range.start)) {
    throw new InvalidStorageRequestError(`Invalid byte range ${JSON.stringify(range)}`);
  }
}

/**
 * What every provider does the same way, in one place: key, range and size validation, the size
 * check of uploads, translation of every failure into a {@link StorageError} with secrets removed,
 * and the connection test. Providers implement the protected `…Object` methods and
 * {@link classifyError}; they receive only valid keys.
 */
export abstract class StorageProviderBase implements StorageProvider {
  abstract readonly type: StorageProviderType;
  abstract readonly capabilities: StorageCapabilities;

  async put(key: string, body: Readable, options: PutOptions = {}): Promise<void> {
    assertValidKey(key);
    if (options.size !== undefined && !isByteOffset(options.size)) {
      throw new InvalidStorageRequestError(`Invalid size ${String(options.size)}`);
    }
    const source = uploadSource(body, options.size);
    try {
      await this.putObject(key, source.stream, options);
    } catch (error) {
      if (!body.destroyed) body.destroy();
      // The caller's stream failed, or was not as long as announced: that, not a storage error.
      throw source.failure() ?? this.translate(error, { operation: 'put', key });
    }
  }

  async get(key: string, range?: ByteRange): Promise<Readable> {
    assertValidKey(key);
    assertValidRange(range);
    const context: ErrorContext = { operation: 'get', key };
    try {
      const stream = await this.getObject(key, range);
      return relayWithTranslatedErrors(stream, (error) => this.translate(error, context));
    } catch (error) {
      throw this.translate(error, context);
    }
  }

  async stat(key: string): Promise<StoredObjectInfo | null> {
    assertValidKey(key);
    try {
      return await this.statObject(key);
    } catch (error) {
      throw this.translate(error, { operation: 'stat', key });
    }
  }

  async *list(prefix = ''): AsyncGenerator<StoredObject> {
    assertValidPrefix(prefix);
    try {
      yield* this.listObjects(prefix);
    } catch (error) {
      throw this.translate(error, { operation: 'list', key: prefix });
    }
  }

  async delete(key: string): Promise<void> {
    assertValidKey(key);
    try {
      await this.deleteObject(key);
    } catch (error) {
      throw this.translate(error, { operation: 'delete', key });
    }
  }

  testConnection(): Promise<ConnectionTestResult> {
    return runConnectionTest(this, () => this.freeBytes());
  }

  async close(): Promise<void> {}

  /** Stores the stream atomically (see {@link StorageProvider.put}); the key is valid. */
  protected abstract putObject(key: string, body: Readable, options: PutOptions): Promise<void>;

  /** Opens the object; rejects when it does not exist. The key and range are valid. */
  protected abstract getObject(key: string, range: ByteRange | undefined): Promise<Readable>;

  /** The object's information, `null` when it does not exist. */
  protected abstract statObject(key: string): Promise<StoredObjectInfo | null>;

  /** Every object whose key starts with `prefix`, skipping uploads in progress. */
  protected abstract listObjects(prefix: string): AsyncIterable<StoredObject>;

  /** Deletes the object; succeeds when it does not exist. */
  protected abstract deleteObject(key: string): Promise<void>;

  /**
   * The storage error class for a failure of the back end's client library, or `undefined` to let
   * the generic rules decide (operating-system error codes, else {@link StorageOperationError}).
   */
  protected abstract classifyError(error: unknown): StorageErrorClass | undefined;

  /** Free space reported by the back end, `undefined` when it does not report one. */
  protected async freeBytes(): Promise<number | undefined> {
    return undefined;
  }

  /** Secrets of the settings, removed from every error message. */
  protected secrets(): readonly (string | undefined)[] {
    return [];
  }

  /** The back end's explanation of a failure (the error message unless a provider knows better). */
  protected explain(error: unknown): string {
    return messageOf(error);
  }

  /** Turns any failure into a {@link StorageError} whose message names the operation and is free of secrets. */
  protected translate(error: unknown, context: ErrorContext): StorageError {
    const known = findStorageError(error);
    if (known) return known;
    const kind = this.classifyError(error) ?? systemErrorClass(error) ?? StorageOperationError;
    const what = `${this.type} ${context.operation}${context.key ? ` ${JSON.stringify(context.key)}` : ''}`;
    return new kind(`${what} failed: ${redactSecrets(this.explain(error), this.secrets())}`);
  }
}
