import { randomBytes, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import type {
  ConnectionTestResult,
  ConnectionTestStep,
  ConnectionTestStepName,
  StorageProvider,
} from './storage-provider.js';
import { StorageError, StorageOperationError } from './storage.errors.js';

/** Folder of the probe objects; a probe is deleted at the end of its test. */
export const PROBE_FOLDER = '.connection-test';

const PROBE_BYTES = 4096;

type ProbeOperations = Pick<StorageProvider, 'put' | 'get' | 'list' | 'delete'>;

async function timed(step: ConnectionTestStepName, run: () => Promise<void>): Promise<ConnectionTestStep> {
  const started = performance.now();
  try {
    await run();
    return { step, status: 'ok', latencyMs: Math.round(performance.now() - started) };
  } catch (error) {
    const latencyMs = Math.round(performance.now() - started);
    const known = error instanceof StorageError;
    return {
      step,
      status: 'failed',
      latencyMs,
      errorType: known ? error.name : 'Error',
      // Unknown errors come from a bug, not from the back end: their text is not shown.
      error: known ? error.message : 'Unexpected error (a bug): see the server log',
    };
  }
}

function skipped(step: ConnectionTestStepName): ConnectionTestStep {
  return { step, status: 'skipped', latencyMs: 0 };
}

/**
 * Writes, reads back, lists and deletes a probe object through `provider`, reporting each step.
 * The other steps run only after a successful write, and all of them even when reading fails, so
 * that no probe is left behind.
 */
export async function runConnectionTest(
  provider: ProbeOperations,
  freeBytes: () => Promise<number | undefined>,
): Promise<ConnectionTestResult> {
  const key = `${PROBE_FOLDER}/${randomUUID()}`;
  const content = randomBytes(PROBE_BYTES);
  const steps: ConnectionTestStep[] = [
    await timed('write', () => provider.put(key, Readable.from([content]), { size: content.length })),
  ];
  if (steps[0].status === 'ok') {
    steps.push(
      await timed('read', async () => {
        const read = await buffer(await provider.get(key));
        if (!read.equals(content)) {
          throw new StorageOperationError(
            `The probe read back differs from what was written (${read.length} bytes)`,
          );
        }
      }),
      await timed('list', async () => {
        for await (const object of provider.list(`${PROBE_FOLDER}/`)) if (object.key === key) return;
        throw new StorageOperationError(`The probe ${key} was written but is missing from the listing`);
      }),
      await timed('delete', () => provider.delete(key)),
    );
  } else {
    steps.push(skipped('read'), skipped('list'), skipped('delete'));
  }
  const ok = steps.every((step) => step.status === 'ok');
  const free = ok ? await freeBytes().catch(() => undefined) : undefined;
  return { ok, steps, ...(free === undefined ? {} : { freeBytes: free }) };
}
