import { createHash, type Hash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';

/**
 * Passes bytes through unchanged while counting them and computing their SHA-256, so one pass over
 * a stream gives the size and checksum the manifest records. `onBytes` sees every chunk's length
 * (progress reporting).
 */
export class Meter extends Transform {
  private readonly hash: Hash = createHash('sha256');
  private count = 0;

  constructor(private readonly onBytes?: (bytes: number) => void) {
    super();
  }

  /** Bytes seen so far. */
  get bytes(): number {
    return this.count;
  }

  /** Hex SHA-256 of every byte seen; call once, after the stream ended. */
  sha256(): string {
    return this.hash.digest('hex');
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.hash.update(chunk);
    this.count += chunk.length;
    this.onBytes?.(chunk.length);
    callback(null, chunk);
  }
}
