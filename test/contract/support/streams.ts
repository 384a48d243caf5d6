import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';

const CHUNK_BYTES = 64 * 1024;

/** A stream of `size` pseudo-random bytes made on the fly (never held whole), and its SHA-256. */
export function generatedStream(size: number): { stream: Readable; sha256: () => string } {
  const pattern = randomBytes(CHUNK_BYTES);
  const hash = createHash('sha256');
  let sent = 0;
  let index = 0;
  const stream = new Readable({
    read() {
      if (sent >= size) {
        this.push(null);
        return;
      }
      const chunk = Buffer.allocUnsafe(Math.min(CHUNK_BYTES, size - sent));
      pattern.copy(chunk);
      // Every chunk differs: a back end that dropped or repeated one would change the hash.
      if (chunk.length >= 4) chunk.writeUInt32BE(index++);
      sent += chunk.length;
      hash.update(chunk);
      this.push(chunk);
    },
  });
  return { stream, sha256: () => hash.digest('hex') };
}

/** The SHA-256 and length of everything `stream` yields. */
export async function digestOf(stream: Readable): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of stream) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { sha256: hash.digest('hex'), bytes };
}

/**
 * A stream of `content` that stops after `pauseAt` bytes until {@link resume} is called: a slow
 * client in the middle of an upload. `paused` resolves once the first part has been taken.
 */
export function pausingStream(content: Buffer, pauseAt: number) {
  let resume!: () => void;
  let reachedPause!: () => void;
  const resumed = new Promise<void>((resolve) => (resume = resolve));
  const paused = new Promise<void>((resolve) => (reachedPause = resolve));
  async function* chunks(): AsyncGenerator<Buffer> {
    for (let offset = 0; offset < pauseAt; offset += CHUNK_BYTES) {
      yield content.subarray(offset, Math.min(offset + CHUNK_BYTES, pauseAt));
    }
    reachedPause();
    await resumed;
    for (let offset = pauseAt; offset < content.length; offset += CHUNK_BYTES) {
      yield content.subarray(offset, Math.min(offset + CHUNK_BYTES, content.length));
    }
  }
  return { stream: Readable.from(chunks(), { objectMode: false }), paused, resume };
}

/** A stream that yields `bytes` bytes and then fails with `error`: a client that goes away. */
export function failingStream(bytes: number, error: Error): Readable {
  async function* chunks(): AsyncGenerator<Buffer> {
    for (let offset = 0; offset < bytes; offset += CHUNK_BYTES) {
      yield Buffer.alloc(Math.min(CHUNK_BYTES, bytes - offset), 0x78);
    }
    throw error;
  }
  return Readable.from(chunks(), { objectMode: false });
}
