import { DomainError } from '../common/errors/domain-error.js';

/**
 * Base of every error a storage provider throws. The message names what failed and carries the
 * back end's own explanation, with secrets removed: it is safe to show to an administrator. The
 * status is what the problem filter answers by default; an API can map the classes differently.
 */
export abstract class StorageError extends DomainError {}

/** The key (or list prefix) breaks the key rules; nothing was sent to the back end. */
export class InvalidStorageKeyError extends StorageError {
  readonly status = 400;
  readonly title = 'Bad Request';
}

/** A range or option passed to the provider is malformed. */
export class InvalidStorageRequestError extends StorageError {
  readonly status = 400;
  readonly title = 'Bad Request';
}

/** The stream passed to `put` ended with another length than the announced size; nothing was stored. */
export class StorageSizeMismatchError extends StorageError {
  readonly status = 400;
  readonly title = 'Bad Request';
}

/** There is no object at the key. */
export class StorageNotFoundError extends StorageError {
  readonly status = 404;
  readonly title = 'Not Found';
}

/**
 * The settings cannot work: a missing bucket, directory or rclone remote, a malformed URL or key,
 * a host refused by STORAGE_TARGETS.
 */
export class StorageConfigError extends StorageError {
  readonly status = 422;
  readonly title = 'Unprocessable Content';
}

/** The address a storage host resolves to is not allowed by STORAGE_TARGETS (SSRF guard). */
export class StorageTargetRefusedError extends StorageConfigError {
  /** Kept by client libraries that wrap socket errors and keep only their code (node-fetch). */
  readonly code = 'ERR_STORAGE_TARGET_REFUSED';
}

/** The back end rejected the credentials or denied the operation (missing permission). */
export class StorageAuthError extends StorageError {
  readonly status = 502;
  readonly title = 'Bad Gateway';
}

/** The SFTP server presented another host key than the pinned one: possibly a man in the middle. */
export class StorageHostKeyMismatchError extends StorageAuthError {}

/** The back end cannot be reached or is failing (connection refused, timeout, 5xx). */
export class StorageUnavailableError extends StorageError {
  readonly status = 502;
  readonly title = 'Bad Gateway';
}

/** The back end has no space left (disk full, quota exceeded). */
export class StorageFullError extends StorageError {
  readonly status = 507;
  readonly title = 'Insufficient Storage';
}

/** The back end refused the operation for another reason; the message carries its explanation. */
export class StorageOperationError extends StorageError {
  readonly status = 502;
  readonly title = 'Bad Gateway';
}

/**
 * The stored secrets of a configuration cannot be decrypted: the key (STORAGE_SECRET_KEY or
 * DATA_DIR/storage-secret-key) changed since they were saved, or the row was altered.
 */
export class StorageSecretsUnreadableError extends StorageConfigError {}
