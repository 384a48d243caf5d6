import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** What the application knows about itself from its package.json. */
export interface PackageInfo {
  name: string;
  version: string;
  description: string;
  /** Absolute path of the project root (the folder holding package.json). */
  root: string;
}

function find(): PackageInfo {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate)) {
      const json = JSON.parse(readFileSync(candidate, 'utf8')) as Omit<PackageInfo, 'root'>;
      if (json.name === 'whiskey-tracker') return { ...json, root: dir };
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error('package.json of whiskey-tracker not found above the running code');
    dir = parent;
  }
}

/** Name, version and root of the running application, from source or from the build alike. */
export const PACKAGE: PackageInfo = find();
