import { PassThrough, Readable, Transform } from 'node:stream';
import { StorageSizeMismatchError } from './storage.errors.js';

/** The caller's stream as a provider reads it, and why it failed when the failure was not the provider's. */
export interface UploadSource {
  stream: Readable;
  /** The caller's stream's own error, or a size mismatch; `undefined` when it did not fail. */
  failure(): Error | undefined;
}

/**
 * Wraps the body of an upload so that its own failures (and, with `size`, a stream longer or
 * shorter than announced) are told apart from the back end's: when a back end fails, Node's
 * pipelines destroy the source with the back end's error, which then looks like the source's.
 */
export function uploadSource(body: Readable, size: number | undefined): UploadSource {
  let failure: Error | undefined;
  let seen = 0;
  const mismatch = () =>
    new StorageSizeMismatchError(`The upload announced ${size} bytes but the stream had ${seen}`);
  const fail = (error: unknown) => (failure = error instanceof Error ? error : new Error(String(error)));
  async function* chunks(): AsyncGenerator<Buffer> {
    const iterator = body[Symbol.asyncIterator]() as AsyncIterator<Buffer | string>;
    try {
      for (;;) {
        // Only errors of the body itself count as its failure: when the back end fails, Node
        // throws the back end's error into this generator at `yield`.
        let next: IteratorResult<Buffer | string>;
        try {
          next = await iterator.next();
        } catch (error) {
          throw fail(error);
        }
        if (next.done) break;
        const bytes = Buffer.isBuffer(next.value) ? next.value : Buffer.from(next.value);
        seen += bytes.length;
        if (size !== undefined && seen > size) throw fail(mismatch());
        yield bytes;
      }
      if (size !== undefined && seen !== size) throw fail(mismatch());
    } finally {
      await iterator.return?.();
    }
  }
  return { stream: Readable.from(chunks(), { objectMode: false }), failure: () => failure };
}

/**
 * Keeps bytes `start` to `end` (inclusive) of what passes through: for servers that ignore a Range
 * header and send the whole object.
 */
export function sliceBytes(start: number, end = Infinity): Transform {
  let position = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      const from = Math.max(start - position, 0);
      const to = Math.min(end + 1 - position, chunk.length);
      position += chunk.length;
      callback(null, from < to ? chunk.subarray(from, to) : undefined);
    },
  });
}

/** A stream with no bytes. */
export function emptyStream(): Readable {
  return Readable.from([]);
}

/**
 * A stream relaying `source` whose errors are replaced by `translate(error)`; destroying it
 * destroys `source`.
 */
export function relayWithTranslatedErrors(source: Readable, translate: (error: unknown) => Error): Readable {
  const relay = new PassThrough();
  source.once('error', (error) => relay.destroy(translate(error)));
  relay.once('close', () => {
    if (!source.destroyed) source.destroy();
  });
  source.pipe(relay);
  return relay;
}
