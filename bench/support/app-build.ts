import { existsSync } from 'node:fs';
import { copyFile, cp, mkdir, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { runCommand } from './server-process.js';

/** Where the build's entry point lives, relative to the project root. */
export const APP_ENTRY = join('dist', 'src', 'main.js');

/** Runs `npm run build` when the project has not been built yet; an existing build is used as it is. */
export async function ensureBuilt(root: string, say: (message: string) => void): Promise<void> {
  if (existsSync(join(root, APP_ENTRY))) return;
  say(`${join(root, APP_ENTRY)} is missing: running npm run build`);
  await runCommand('npm', ['run', 'build'], root);
}

/**
 * Copies the build (dist/ and package.json, with node_modules linked) into `directory`, so that an
 * `npm run build` started elsewhere during the benchmark (it begins with `rm -rf dist`) can neither
 * break the servers nor mix two builds into one measurement. Returns the copy's root.
 */
export async function snapshotBuild(root: string, directory: string): Promise<string> {
  await mkdir(directory, { recursive: true });
  await cp(join(root, 'dist'), join(directory, 'dist'), { recursive: true });
  await copyFile(join(root, 'package.json'), join(directory, 'package.json'));
  await symlink(join(root, 'node_modules'), join(directory, 'node_modules'), 'dir');
  if (!existsSync(join(directory, APP_ENTRY))) {
    throw new Error(`${join(root, APP_ENTRY)} disappeared while it was copied: is a build running?`);
  }
  return directory;
}
