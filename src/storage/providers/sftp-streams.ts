import { Readable, Writable } from 'node:stream';
import type { SFTPWrapper } from 'ssh2';

/**
 * Bytes per WRITE request: below the 34000-byte packets ssh2 assumes for servers other than
 * OpenSSH (minus its 2 KiB overhead), so that ssh2 never splits a request and copies each one's
 * data when it is issued.
 */
const WRITE_BYTES = 31 * 1024;
/**
 * WRITE requests kept in flight. SFTP acknowledges every request; one at a time (as ssh2's own
 * write stream does), throughput is one chunk per network round trip.
 */
const WRITES_IN_FLIGHT = 32;

/**
 * A stream writing to an open SFTP file handle from offset 0, with up to {@link WRITES_IN_FLIGHT}
 * WRITE requests pipelined. It finishes when every request has been acknowledged, and fails with the
 * first error the server returns.
 */
export function sftpWriteStream(sftp: SFTPWrapper, handle: Buffer): Writable {
  let position = 0;
  let inFlight = 0;
  let failure: Error | undefined;
  const waiting: (() => void)[] = [];
  const settled = (error: Error | undefined | null) => {
    inFlight--;
    if (error) failure ??= error;
    for (const wake of waiting.splice(0)) wake();
  };
  /** Calls back once fewer than `limit` requests are in flight, or with the first failure. */
  const whenBelow = (limit: number, callback: (error?: Error | null) => void) => {
    const check = () => {
      if (failure) callback(failure);
      else if (inFlight < limit) callback();
      else waiting.push(check);
    };
    check();
  };
  return new Writable({
    write(chunk: Buffer, _encoding, callback) {
      if (failure) return callback(failure);
      for (let offset = 0; offset < chunk.length; offset += WRITE_BYTES) {
        const length = Math.min(WRITE_BYTES, chunk.length - offset);
        inFlight++;
        sftp.write(handle, chunk, offset, length, position, settled);
        position += length;
      }
      whenBelow(WRITES_IN_FLIGHT, callback);
    },
    final(callback) {
      whenBelow(1, callback);
    },
  });
}

/**
 * Bytes asked for by one READ request: ssh2 cuts it to what the server accepts per packet (256 KiB
 * for OpenSSH, 31 KiB for others) and reads the rest with follow-up requests.
 */
const READ_BYTES = 256 * 1024;

function readAt(sftp: SFTPWrapper, handle: Buffer, position: number, length: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    sftp.read(handle, Buffer.allocUnsafe(length), 0, length, position, (error, bytesRead, data) =>
      error ? reject(error) : resolve(data.subarray(0, bytesRead)),
    );
  });
}

/**
 * Bytes `start` to `end` (inclusive) of an open SFTP file handle, read one request at a time.
 * Reads are not pipelined, unlike writes: a server that answers concurrent reads out of order
 * may seek, and rclone's then reopens the file by name, mixing in the bytes of an object that
 * replaced it meanwhile; in order, a reader sees the file it opened, whole. A short answer is
 * followed by a request for the rest; an empty one (the file shrank) ends the stream. `close`
 * (which must not fail) runs when the stream ends or is destroyed.
 */
export function sftpReadStream(
  sftp: SFTPWrapper,
  handle: Buffer,
  start: number,
  end: number,
  close: () => Promise<void>,
): Readable {
  async function* chunks(): AsyncGenerator<Buffer> {
    for (let position = start; position <= end;) {
      const data = await readAt(sftp, handle, position, Math.min(READ_BYTES, end + 1 - position));
      if (data.length === 0) return;
      position += data.length;
      yield data;
    }
  }
  const stream = Readable.from(chunks(), { objectMode: false });
  // On 'close' rather than in the generator: a stream destroyed before its first read never runs it.
  stream.once('close', () => void close());
  return stream;
}
