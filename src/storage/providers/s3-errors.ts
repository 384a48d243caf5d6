import { httpStatusClass, type StorageErrorClass } from '../storage-error-translation.js';
import {
  StorageAuthError,
  StorageConfigError,
  StorageFullError,
  StorageNotFoundError,
  StorageUnavailableError,
} from '../storage.errors.js';

/** S3 error codes (the exception's name) and what they mean; MinIO's and Garage's included. */
const S3_ERRORS: Record<string, StorageErrorClass> = {
  NoSuchKey: StorageNotFoundError,
  NotFound: StorageNotFoundError,
  NoSuchBucket: StorageConfigError,
  InvalidBucketName: StorageConfigError,
  PermanentRedirect: StorageConfigError,
  AuthorizationHeaderMalformed: StorageConfigError,
  InvalidAccessKeyId: StorageAuthError,
  SignatureDoesNotMatch: StorageAuthError,
  AccessDenied: StorageAuthError,
  ExpiredToken: StorageAuthError,
  InvalidToken: StorageAuthError,
  QuotaExceeded: StorageFullError,
  XMinioStorageFull: StorageFullError,
  SlowDown: StorageUnavailableError,
  ServiceUnavailable: StorageUnavailableError,
  RequestTimeout: StorageUnavailableError,
  TimeoutError: StorageUnavailableError,
};

/** The parts of an AWS SDK error that say what went wrong. */
export interface S3Failure {
  name?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
}

/** `error` seen as an AWS SDK error (every field optional). */
export function s3Failure(error: unknown): S3Failure {
  return typeof error === 'object' && error !== null ? error : {};
}

/** The HTTP status of the S3 answer, if there was one. */
export function s3Status(error: unknown): number | undefined {
  return s3Failure(error).$metadata?.httpStatusCode;
}

/** The storage error class for an S3 error code or, failing that, its HTTP status. */
export function classifyS3Error(error: unknown): StorageErrorClass | undefined {
  return S3_ERRORS[s3Failure(error).name ?? ''] ?? httpStatusClass(s3Status(error));
}
