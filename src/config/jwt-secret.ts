import { randomBytes } from 'node:crypto';
import { readOrCreateSecretFile } from './secret-file.js';

/**
 * Returns the development JWT secret kept in `dataDir`, creating it on first use.
 * The file is readable by its owner only. `created` tells the caller to warn about it.
 */
export function developmentJwtSecret(dataDir: string): { secret: string; created: boolean } {
  return readOrCreateSecretFile(
    dataDir,
    'jwt-secret',
    () => randomBytes(48).toString('base64url'),
    (secret) => secret.length >= 32,
  );
}
