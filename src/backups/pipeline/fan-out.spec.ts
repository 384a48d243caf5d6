import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fanOut } from './fan-out.js';

function chunks(count: number, size: number): Buffer[] {
  return Array.from({ length: count }, (_, index) => Buffer.alloc(size, index % 256));
}

async function collect(stream: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of stream) parts.push(part as Buffer);
  return Buffer.concat(parts);
}

describe('fanOut', () => {
  it('gives every branch the whole source, even when one consumer is slow', async () => {
    const data = chunks(200, 16 * 1024);
    const [fast, slow] = fanOut(Readable.from(data), 2);
    const slowSink = new Writable({
      highWaterMark: 1024,
      write(_chunk, _encoding, callback) {
        setImmediate(callback);
      },
    });
    let slowBytes = 0;
    slowSink.on('pipe', () => undefined);
    const slowDone = pipeline(
      slow,
      async function* (source) {
        for await (const part of source) {
          slowBytes += (part as Buffer).length;
          yield part as Buffer;
        }
      },
      slowSink,
    );
    const [fastData] = await Promise.all([collect(fast), slowDone]);
    expect(fastData.equals(Buffer.concat(data))).toBe(true);
    expect(slowBytes).toBe(200 * 16 * 1024);
  });

  it('lets the other branches finish when one consumer gives up', async () => {
    const data = chunks(100, 8 * 1024);
    const [quitter, stayer] = fanOut(Readable.from(data), 2);
    let seen = 0;
    quitter.on('data', (chunk: Buffer) => {
      seen += chunk.length;
      if (seen > 64 * 1024) quitter.destroy(new Error('target failed'));
    });
    quitter.on('error', () => undefined);
    const stayed = await collect(stayer);
    expect(stayed.length).toBe(100 * 8 * 1024);
  });

  it('destroys the source when every branch is gone, and passes source errors on', async () => {
    const source = new Readable({ read() {} });
    const [only] = fanOut(source, 1);
    only.destroy();
    await new Promise((resolve) => setImmediate(resolve));
    expect(source.destroyed).toBe(true);

    const failing = new Readable({ read() {} });
    const [a, b] = fanOut(failing, 2);
    const results = Promise.allSettled([collect(a), collect(b)]);
    failing.destroy(new Error('pg_dump died'));
    for (const result of await results) {
      expect(result).toMatchObject({ status: 'rejected', reason: { message: 'pg_dump died' } });
    }
  });
});
