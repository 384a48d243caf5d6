import { PassThrough, type Readable } from 'node:stream';

/**
 * Copies `source` into `count` streams that are consumed independently (one upload per storage
 * target), so the database is dumped and encrypted once however many targets there are. The source
 * is read as fast as the slowest live branch allows. A branch whose consumer gives up (destroys it)
 * is dropped and the others go on; when every branch is gone, the source is destroyed. An error of
 * the source is passed to every branch.
 */
export function fanOut(source: Readable, count: number): Readable[] {
  const branches = Array.from({ length: count }, () => new PassThrough());
  const live = new Set(branches);
  const resumeIfClear = (): void => {
    if (source.isPaused() && [...live].every((branch) => !branch.writableNeedDrain)) source.resume();
  };
  for (const branch of branches) {
    branch.on('drain', resumeIfClear);
    branch.on('close', () => {
      live.delete(branch);
      if (live.size === 0) source.destroy();
      else resumeIfClear();
    });
  }
  source.on('data', (chunk: Buffer) => {
    for (const branch of live) branch.write(chunk);
    if ([...live].some((branch) => branch.writableNeedDrain)) source.pause();
  });
  source.on('end', () => {
    for (const branch of live) branch.end();
  });
  source.on('error', (error) => {
    for (const branch of live) branch.destroy(error);
  });
  return branches;
}
