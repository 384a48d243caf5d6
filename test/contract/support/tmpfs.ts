import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A small tmpfs mounted for a test: a real file system that runs out of space. */
export interface TinyFileSystem {
  directory: string;
  unmount(): void;
}

/**
 * Mounts a tmpfs of `bytes` on a fresh directory, or returns `undefined` when this process may not
 * mount (not root, no CAP_SYS_ADMIN): the disk-full cases then say so and check nothing.
 */
export function mountTinyFileSystem(bytes: number): TinyFileSystem | undefined {
  const directory = mkdtempSync(join(tmpdir(), 'whiskey-full-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${bytes}`, 'tmpfs', directory], { stdio: 'ignore' });
  } catch {
    rmSync(directory, { recursive: true, force: true });
    return undefined;
  }
  return {
    directory,
    unmount: () => {
      execFileSync('umount', ['--lazy', directory], { stdio: 'ignore' });
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
