import { Agent as HttpAgent, type AgentOptions, type ClientRequestArgs } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { StorageTargetMode } from '../config/environment.schema.js';
import { assertAllowedHost, targetLookup } from './storage-targets.js';

/**
 * Node connects to an IP literal without calling `lookup`, so literals (including those a redirect
 * points to) are checked here, on every connection; a refused one becomes a socket that fails
 * with the refusal, which the HTTP client reports as the request's error.
 */
function refusedLiteral(options: ClientRequestArgs, mode: StorageTargetMode): Duplex | undefined {
  try {
    assertAllowedHost(options.host ?? options.hostname ?? '', mode);
    return undefined;
  } catch (refusal) {
    const socket = new Socket();
    process.nextTick(() => socket.destroy(refusal as Error));
    return socket;
  }
}

/** An HTTP agent that connects only to addresses allowed by STORAGE_TARGETS. */
class GuardedHttpAgent extends HttpAgent {
  constructor(
    private readonly mode: StorageTargetMode,
    options: AgentOptions,
  ) {
    super({ ...options, lookup: targetLookup(mode) });
  }

  override createConnection(
    options: ClientRequestArgs,
    callback?: (error: Error | null, stream: Duplex) => void,
  ): Duplex | null | undefined {
    return refusedLiteral(options, this.mode) ?? super.createConnection(options, callback);
  }
}

/** An HTTPS agent that connects only to addresses allowed by STORAGE_TARGETS. */
class GuardedHttpsAgent extends HttpsAgent {
  constructor(
    private readonly mode: StorageTargetMode,
    options: AgentOptions,
  ) {
    super({ ...options, lookup: targetLookup(mode) });
  }

  override createConnection(
    options: ClientRequestArgs,
    callback?: (error: Error | null, stream: Duplex) => void,
  ): Duplex | null | undefined {
    return refusedLiteral(options, this.mode) ?? super.createConnection(options, callback);
  }
}

/** HTTP and HTTPS agents (keep-alive) whose every connection is checked against `mode`. */
export function guardedAgents(mode: StorageTargetMode): { http: HttpAgent; https: HttpsAgent } {
  return {
    http: new GuardedHttpAgent(mode, { keepAlive: true }),
    https: new GuardedHttpsAgent(mode, { keepAlive: true }),
  };
}
