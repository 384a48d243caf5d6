import { StaleVersionError } from './errors/domain-error.js';

/** Anything that carries an optimistic-concurrency `version`. */
export interface Versioned {
  version: number;
}

/**
 * Refuses an update based on an outdated copy: the client sends the `version` it last read, and a
 * different current version means someone else changed the resource in between (409).
 */
export function assertCurrentVersion(resource: string, current: Versioned, sentVersion: number): void {
  if (current.version !== sentVersion) throw new StaleVersionError(resource, sentVersion, current.version);
}
