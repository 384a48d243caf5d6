import { randomUUID } from 'node:crypto';
import { InvalidStorageKeyError } from './storage.errors.js';

/** Longest key in UTF-8 bytes (S3's limit). */
export const MAX_KEY_BYTES = 1024;

/** Longest key segment in UTF-8 bytes, below the 255 of common file systems. */
export const MAX_SEGMENT_BYTES = 255;

/**
 * Top-level folder where providers that rename (local, WebDAV, SFTP, rclone) write uploads in
 * progress. Reserved: no key may start with it, and listings skip it.
 */
export const UPLOADS_FOLDER = '.whiskey-uploads';

// eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;

function invalid(what: string, value: string, reason: string): InvalidStorageKeyError {
  return new InvalidStorageKeyError(`Invalid storage ${what} ${JSON.stringify(value)}: ${reason}`);
}

/** Why `key` is not a valid key, or `undefined` when it is. */
function keyProblem(key: string): string | undefined {
  if (key === '') return 'it is empty';
  if (Buffer.byteLength(key) > MAX_KEY_BYTES) return `it is longer than ${MAX_KEY_BYTES} bytes`;
  if (CONTROL_CHARACTER.test(key)) return 'it contains a control character (NUL, newline, …)';
  if (key.includes('\\')) return 'it contains a backslash';
  if (key.startsWith('/')) return 'it is absolute (starts with /)';
  const segments = key.split('/');
  if (segments.some((segment) => segment === '')) return 'it has an empty segment (// or a trailing /)';
  if (segments.some((segment) => segment === '.' || segment === '..')) return 'it has a . or .. segment';
  if (segments.some((segment) => Buffer.byteLength(segment) > MAX_SEGMENT_BYTES)) {
    return `a segment is longer than ${MAX_SEGMENT_BYTES} bytes`;
  }
  if (segments[0] === UPLOADS_FOLDER) return `${UPLOADS_FOLDER} is reserved for uploads in progress`;
  return undefined;
}

/** Throws an {@link InvalidStorageKeyError} unless `key` follows the key rules of StorageProvider. */
export function assertValidKey(key: string): void {
  const problem = typeof key === 'string' ? keyProblem(key) : 'it is not a string';
  if (problem) throw invalid('key', String(key), problem);
}

/**
 * Throws an {@link InvalidStorageKeyError} unless `prefix` is `''` or a valid key, optionally
 * followed by a `/` (`photos/`, `photos/ab`).
 */
export function assertValidPrefix(prefix: string): void {
  if (prefix === '') return;
  const problem = typeof prefix === 'string' ? keyProblem(prefix.replace(/\/$/, '')) : 'it is not a string';
  if (problem) throw invalid('prefix', String(prefix), problem);
}

/** The folder part of a key or prefix, with its trailing `/` (`a/b/` for `a/b/c`), `''` for none. */
export function folderOf(keyOrPrefix: string): string {
  return keyOrPrefix.slice(0, keyOrPrefix.lastIndexOf('/') + 1);
}

/** A fresh key in {@link UPLOADS_FOLDER} for an upload in progress. */
export function temporaryUploadKey(): string {
  return `${UPLOADS_FOLDER}/${randomUUID()}`;
}
