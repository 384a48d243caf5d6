import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The secret kept in the file `name` of `dataDir`, created with `generate()` when the file is missing
 * or holds no valid secret. The file is readable by its owner only. `created` tells the caller that
 * the secret is new.
 */
export function readOrCreateSecretFile(
  dataDir: string,
  name: string,
  generate: () => string,
  isValid: (secret: string) => boolean,
): { secret: string; created: boolean } {
  const path = join(dataDir, name);
  try {
    const existing = readFileSync(path, 'utf8').trim();
    if (isValid(existing)) return { secret: existing, created: false };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(dataDir, { recursive: true });
  const secret = generate();
  writeFileSync(path, `${secret}\n`, { mode: 0o600 });
  return { secret, created: true };
}
