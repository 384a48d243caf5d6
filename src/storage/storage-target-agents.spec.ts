import { once } from 'node:events';
import { createServer, request, type Agent, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { StorageTargetMode } from '../config/environment.schema.js';
import { guardedAgents } from './storage-target-agents.js';

/** GET `url` through `agent`: the status, or the error the request failed with. */
async function get(url: string, agent: Agent): Promise<number | Error> {
  return new Promise((resolve) => {
    const outgoing = request(url, { agent }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    outgoing.on('error', resolve);
    outgoing.end();
  });
}

describe('guarded HTTP agents', () => {
  let server: Server;
  let port: number;

  beforeAll(async () => {
    server = createServer((_request, response) => response.end('ok'));
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => server.close());

  it.each([
    ['any', '127.0.0.1', 200],
    ['any', 'localhost', 200],
    ['lan', '127.0.0.1', 'refused'],
    ['lan', 'localhost', 'refused'],
    ['public', 'localhost', 'refused'],
    ['any', '169.254.169.254', 'refused'],
  ] as [StorageTargetMode, string, number | 'refused'][])(
    'STORAGE_TARGETS=%s, host %s: %s',
    async (mode, host, expected) => {
      const agents = guardedAgents(mode);
      try {
        const result = await get(`http://${host}:${port}/`, agents.http);
        if (expected === 'refused') {
          expect(result).toBeInstanceOf(Error);
          expect((result as Error).name).toBe('StorageTargetRefusedError');
        } else {
          expect(result).toBe(expected);
        }
      } finally {
        agents.http.destroy();
        agents.https.destroy();
      }
    },
  );
});
