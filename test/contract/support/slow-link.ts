import { once } from 'node:events';
import { connect, createServer, type Socket } from 'node:net';
import { Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { setTimeout as sleep } from 'node:timers/promises';

/** Slices are sent this often, so the rate is smooth at the scale of a progress bar. */
const TICK_MS = 50;

/** Passes bytes on at no more than `bytesPerSecond`, holding back the writer (backpressure). */
class Throttle extends Transform {
  constructor(private readonly bytesPerSecond: number) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    const slice = Math.max(1, Math.floor((this.bytesPerSecond * TICK_MS) / 1000));
    void (async () => {
      for (let offset = 0; offset < chunk.length; offset += slice) {
        this.push(chunk.subarray(offset, offset + slice));
        await sleep(TICK_MS);
      }
    })().then(() => done(), done);
  }
}

/** A TCP relay on a random port whose uploads (client to server) are slow. */
export interface SlowLink {
  port: number;
  close(): Promise<void>;
}

/**
 * A slow line in front of a real server on `targetPort` (a NAS on a weak uplink): what clients send
 * goes through at `bytesPerSecond`, answers come back at full speed.
 */
export async function startSlowLink(targetPort: number, bytesPerSecond: number): Promise<SlowLink> {
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = connect({ host: '127.0.0.1', port: targetPort });
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    }
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    pipeline(client, new Throttle(bytesPerSecond), upstream).catch(end);
    pipeline(upstream, client).catch(end);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('the slow link has no port');
  return {
    port: address.port,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
