import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { connect, type Socket } from 'node:net';
import type { SFTPWrapper } from 'ssh2';
import type SftpClient from 'ssh2-sftp-client';
import type { StorageTargetMode } from '../../config/environment.schema.js';
import { messageOf } from '../../common/errors/message-of.js';
import { findStorageError, systemErrorClass } from '../storage-error-translation.js';
import type { SftpStorageSettings } from '../storage-settings.js';
import { assertAllowedHost, targetLookup } from '../storage-targets.js';
import { StorageHostKeyMismatchError, StorageUnavailableError } from '../storage.errors.js';

/** ssh2 takes a while to load: loaded on first connection, not at start-up. */
const sftpClientClass = async () => (await import('ssh2-sftp-client')).default;

const CONNECT_TIMEOUT_MS = 15_000;
const DEFAULT_PORT = 22;

/** An open SFTP session: the client (to end it) and the SFTP channel. */
export interface SftpSession {
  client: SftpClient;
  sftp: SFTPWrapper;
}

/** Called when an open session ends or fails, so that the next operation reconnects. */
export type SessionLost = () => void;

/** The SHA-256 fingerprint of an SSH public key as `ssh-keygen -l` prints it: `SHA256:` + unpadded base64. */
export function hostKeyFingerprint(publicKey: Buffer): string {
  return `SHA256:${createHash('sha256').update(publicKey).digest('base64').replace(/=+$/, '')}`;
}

/**
 * A TCP connection through the SSRF guard (the resolved address is checked, IP literals too), with
 * Nagle's algorithm off: SFTP sends many small packets and waits for their answers, and with
 * delayed ACKs its throughput collapses by two orders of magnitude.
 */
async function openSocket(host: string, port: number, mode: StorageTargetMode): Promise<Socket> {
  assertAllowedHost(host, mode);
  const socket = connect({ host, port, lookup: targetLookup(mode), noDelay: true, keepAlive: true });
  socket.setNoDelay(true);
  const timeout = AbortSignal.timeout(CONNECT_TIMEOUT_MS);
  try {
    await once(socket, 'connect', { signal: timeout });
    return socket;
  } catch (error) {
    socket.destroy();
    if (timeout.aborted) {
      throw new StorageUnavailableError(
        `sftp: no connection to ${host}:${port} within ${CONNECT_TIMEOUT_MS} ms`,
      );
    }
    throw error;
  }
}

/**
 * Connects and authenticates, accepting only the server whose host key has the pinned fingerprint;
 * another key fails with a {@link StorageHostKeyMismatchError} before any credential is sent.
 */
export async function openSftpSession(
  settings: SftpStorageSettings,
  mode: StorageTargetMode,
  onLost: SessionLost,
): Promise<SftpSession> {
  const port = settings.port ?? DEFAULT_PORT;
  const sock = await openSocket(settings.host, port, mode);
  const client = new (await sftpClientClass())('whiskey-storage', {
    error: onLost,
    end: onLost,
    close: onLost,
  });
  let presented: string | undefined;
  try {
    const sftp = await client.connect({
      sock,
      username: settings.username,
      password: settings.password,
      privateKey: settings.privateKey,
      passphrase: settings.passphrase,
      readyTimeout: CONNECT_TIMEOUT_MS,
      hostVerifier: (key: Buffer) => {
        presented = hostKeyFingerprint(key);
        return presented === settings.hostKeyFingerprint;
      },
    });
    return { client, sftp };
  } catch (error) {
    sock.destroy();
    if (presented !== undefined && presented !== settings.hostKeyFingerprint) {
      throw new StorageHostKeyMismatchError(
        `The SFTP server ${settings.host}:${port} presented the host key ${presented}, ` +
          `not the pinned ${settings.hostKeyFingerprint}: if the server was reinstalled, capture its key again`,
      );
    }
    throw error;
  }
}

/**
 * Connects to an SFTP server only to read its host key, and returns the fingerprint to pin in
 * {@link SftpStorageSettings.hostKeyFingerprint} (trust on first use: show it to the administrator).
 * No credential is sent.
 */
export async function captureSftpHostKey(
  settings: Pick<SftpStorageSettings, 'host' | 'port'>,
  mode: StorageTargetMode,
): Promise<string> {
  const port = settings.port ?? DEFAULT_PORT;
  let presented: string | undefined;
  try {
    const sock = await openSocket(settings.host, port, mode);
    const client = new (await sftpClientClass())('whiskey-host-key', { error: () => undefined });
    await client
      .connect({
        sock,
        username: 'host-key-capture',
        readyTimeout: CONNECT_TIMEOUT_MS,
        hostVerifier: (key: Buffer) => {
          presented = hostKeyFingerprint(key);
          return false;
        },
      })
      .catch((error: unknown) => {
        if (presented === undefined) throw error;
      })
      .finally(() => sock.destroy());
  } catch (error) {
    const kind = systemErrorClass(error) ?? StorageUnavailableError;
    throw (
      findStorageError(error) ??
      new kind(`sftp: cannot read the host key of ${settings.host}:${port}: ${messageOf(error)}`)
    );
  }
  if (presented === undefined) throw new StorageUnavailableError('sftp: the server presented no host key');
  return presented;
}
