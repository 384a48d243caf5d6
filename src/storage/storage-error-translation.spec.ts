import {
  findStorageError,
  httpStatusClass,
  redactSecrets,
  systemErrorClass,
} from './storage-error-translation.js';
import {
  StorageAuthError,
  StorageConfigError,
  StorageFullError,
  StorageNotFoundError,
  StorageTargetRefusedError,
  StorageUnavailableError,
} from './storage.errors.js';

/** An error as Node's file system and sockets make them: a message and an errno code. */
function systemError(code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: something failed, write`), { code });
}

describe('storage error translation', () => {
  it.each([
    ['ENOSPC', StorageFullError],
    ['EDQUOT', StorageFullError],
    ['EACCES', StorageAuthError],
    ['EROFS', StorageAuthError],
    ['ENOTFOUND', StorageConfigError],
    ['ECONNREFUSED', StorageUnavailableError],
    ['ECONNRESET', StorageUnavailableError],
    ['ETIMEDOUT', StorageUnavailableError],
    ['ERR_STORAGE_TARGET_REFUSED', StorageTargetRefusedError],
  ])('maps the system error %s', (code, kind) => {
    expect(systemErrorClass(systemError(code))).toBe(kind);
  });

  it('finds a system error code inside wrapping errors, and ignores unknown codes', () => {
    expect(systemErrorClass(new Error('upload failed', { cause: systemError('ENOSPC') }))).toBe(
      StorageFullError,
    );
    expect(systemErrorClass(systemError('EWHATEVER'))).toBeUndefined();
    expect(systemErrorClass('a string')).toBeUndefined();
  });

  it.each([
    [401, StorageAuthError],
    [403, StorageAuthError],
    [404, StorageNotFoundError],
    [507, StorageFullError],
    [500, StorageUnavailableError],
    [503, StorageUnavailableError],
    [409, undefined],
    [undefined, undefined],
  ])('maps the HTTP status %s', (status, kind) => {
    expect(httpStatusClass(status)).toBe(kind);
  });

  it('finds a storage error a client library wrapped as a cause', () => {
    const refused = new StorageTargetRefusedError('refused');
    expect(findStorageError(new Error('request failed', { cause: refused }))).toBe(refused);
    expect(findStorageError(new Error('plain'))).toBeUndefined();
  });

  it('removes secrets and URL credentials from messages, longest first', () => {
    const text = 'PUT https://ada:hunter22@nas.lan/dav failed for key s3cr3t-key-long (s3cr3t-key)';
    expect(redactSecrets(text, ['s3cr3t-key', 's3cr3t-key-long', undefined])).toBe(
      'PUT https://••••@nas.lan/dav failed for key •••• (••••)',
    );
  });

  it('leaves secrets too short to tell from ordinary text alone', () => {
    expect(redactSecrets('/tmp/dbg/folder', ['b'])).toBe('/tmp/dbg/folder');
  });
});
