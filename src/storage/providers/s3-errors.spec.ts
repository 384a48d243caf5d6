import { S3ServiceException } from '@aws-sdk/client-s3';
import {
  StorageAuthError,
  StorageConfigError,
  StorageFullError,
  StorageNotFoundError,
  StorageUnavailableError,
} from '../storage.errors.js';
import { classifyS3Error } from './s3-errors.js';

/** An error as the AWS SDK throws it for an S3 error answer. */
function s3Error(name: string, status: number): S3ServiceException {
  return new S3ServiceException({
    name,
    $fault: status >= 500 ? 'server' : 'client',
    $metadata: { httpStatusCode: status },
    message: name,
  });
}

describe('S3 error classification', () => {
  it.each([
    ['XMinioStorageFull', 507, StorageFullError],
    ['QuotaExceeded', 403, StorageFullError],
    ['InsufficientStorage', 507, StorageFullError],
    ['NoSuchBucket', 404, StorageConfigError],
    ['PermanentRedirect', 301, StorageConfigError],
    ['NoSuchKey', 404, StorageNotFoundError],
    ['InvalidAccessKeyId', 403, StorageAuthError],
    ['SignatureDoesNotMatch', 403, StorageAuthError],
    ['AccessDenied', 403, StorageAuthError],
    ['SlowDown', 503, StorageUnavailableError],
    ['InternalError', 500, StorageUnavailableError],
    ['Unknown', 401, StorageAuthError],
  ])('maps %s (HTTP %d)', (name, status, kind) => {
    expect(classifyS3Error(s3Error(name, status))).toBe(kind);
  });

  it('leaves errors without an S3 answer to the generic rules', () => {
    expect(classifyS3Error(new Error('socket hang up'))).toBeUndefined();
  });
});
