import {
  StorageAuthError,
  StorageConfigError,
  StorageError,
  StorageFullError,
  StorageNotFoundError,
  StorageTargetRefusedError,
  StorageUnavailableError,
} from './storage.errors.js';

/** A concrete storage error class, to build an error of a kind chosen at run time. */
export type StorageErrorClass = new (message: string) => StorageError;

const PLACEHOLDER = '••••';

/** Operating-system and socket error codes and what they mean for storage. */
const SYSTEM_ERRORS: Record<string, StorageErrorClass> = {
  ERR_STORAGE_TARGET_REFUSED: StorageTargetRefusedError,
  ENOSPC: StorageFullError,
  EDQUOT: StorageFullError,
  EACCES: StorageAuthError,
  EPERM: StorageAuthError,
  EROFS: StorageAuthError,
  ENOTFOUND: StorageConfigError,
  ECONNREFUSED: StorageUnavailableError,
  ECONNRESET: StorageUnavailableError,
  ECONNABORTED: StorageUnavailableError,
  ETIMEDOUT: StorageUnavailableError,
  EHOSTUNREACH: StorageUnavailableError,
  ENETUNREACH: StorageUnavailableError,
  EHOSTDOWN: StorageUnavailableError,
  EAI_AGAIN: StorageUnavailableError,
  EPIPE: StorageUnavailableError,
  ERR_SOCKET_CONNECTION_TIMEOUT: StorageUnavailableError,
};

/** The errors in `error`'s `cause` chain, `error` first (bounded, in case of a cycle). */
function causeChain(error: unknown): unknown[] {
  const chain: unknown[] = [];
  for (let current = error; current !== undefined && chain.length < 8;) {
    chain.push(current);
    current = current instanceof Error ? current.cause : undefined;
  }
  return chain;
}

/** A storage error already in `error`'s cause chain, e.g. a refused target inside a socket error. */
export function findStorageError(error: unknown): StorageError | undefined {
  return causeChain(error).find((entry): entry is StorageError => entry instanceof StorageError);
}

/** The first string `code` in `error`'s cause chain (`ENOSPC`, `ECONNREFUSED`, …). */
export function errorCode(error: unknown): string | undefined {
  for (const entry of causeChain(error)) {
    const code = (entry as { code?: unknown } | null)?.code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}

/**
 * The storage error class for the HTTP status of a failed request (S3, WebDAV), `undefined` when
 * the status alone says nothing.
 */
export function httpStatusClass(status: number | undefined): StorageErrorClass | undefined {
  if (status === undefined) return undefined;
  if (status === 401 || status === 403) return StorageAuthError;
  if (status === 404) return StorageNotFoundError;
  if (status === 507) return StorageFullError;
  return status >= 500 ? StorageUnavailableError : undefined;
}

/** The storage error class for an operating-system or socket error code, if it is one. */
export function systemErrorClass(error: unknown): StorageErrorClass | undefined {
  const code = errorCode(error);
  return code === undefined ? undefined : SYSTEM_ERRORS[code];
}

/** Shorter secrets cannot be told from ordinary text: replacing them would mangle every message. */
const MIN_SECRET_CHARS = 4;

/**
 * `text` with every secret of at least {@link MIN_SECRET_CHARS} characters, and the user
 * information of any URL (`https://user:pass@host`), replaced by a placeholder.
 */
export function redactSecrets(text: string, secrets: readonly (string | undefined)[]): string {
  let result = text.replace(/(\b[a-z][a-z0-9+.-]*:\/\/)[^/\s@]+@/gi, `$1${PLACEHOLDER}@`);
  const sorted = secrets
    .filter((secret): secret is string => (secret?.length ?? 0) >= MIN_SECRET_CHARS)
    .sort((a, b) => b.length - a.length);
  for (const secret of sorted) result = result.split(secret).join(PLACEHOLDER);
  return result;
}
