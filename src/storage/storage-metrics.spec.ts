import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { loadConfig } from '../config/load-config.js';
import { MetricsService } from '../metrics/metrics.service.js';
import { StorageMetrics } from './storage-metrics.js';
import type { StorageProvider } from './storage-provider.js';
import { StorageService } from './storage.service.js';
import { StorageNotFoundError, StorageTargetRefusedError } from './storage.errors.js';

let dataDir: string;
let metrics: MetricsService;
let storage: StorageService;
let provider: StorageProvider;

/** The value of a sample of the storage metrics, by name and labels. */
async function sample(name: string, labels: Record<string, string>): Promise<number | undefined> {
  const metric = name.startsWith('whiskey_storage_errors')
    ? 'whiskey_storage_errors_total'
    : 'whiskey_storage_operation_duration_seconds';
  const values = (await metrics.registry.getSingleMetric(metric)?.get())?.values ?? [];
  return values.find(
    (value) =>
      ((value as { metricName?: string }).metricName ?? metric) === name &&
      Object.entries(labels).every(([key, wanted]) => value.labels[key] === wanted),
  )?.value;
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'whiskey-storage-metrics-'));
  const config = loadConfig({ NODE_ENV: 'test', JWT_SECRET: 'x'.repeat(32), DATA_DIR: dataDir });
  metrics = new MetricsService();
  storage = new StorageService(config, new StorageMetrics(metrics));
  provider = await storage.openDefault();
});
afterAll(async () => {
  await provider.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('storage metrics', () => {
  it('times every operation by provider type, a read until its stream ends', async () => {
    await provider.put('photos/a.txt', Readable.from([Buffer.from('dram')]));
    expect((await buffer(await provider.get('photos/a.txt'))).toString()).toBe('dram');
    await provider.stat('photos/a.txt');
    for await (const object of provider.list('photos/')) expect(object.key).toBe('photos/a.txt');
    await provider.delete('photos/a.txt');
    for (const op of ['put', 'get', 'stat', 'list', 'delete']) {
      expect(
        await sample('whiskey_storage_operation_duration_seconds_count', { provider_type: 'local', op }),
      ).toBe(1);
    }
  });

  it('counts failures of the back end, not the caller’s missing keys', async () => {
    await expect(provider.get('photos/missing.txt')).rejects.toBeInstanceOf(StorageNotFoundError);
    expect(
      await sample('whiskey_storage_errors_total', { provider_type: 'local', op: 'get' }),
    ).toBeUndefined();

    const refused = storage.open({
      type: 'webdav',
      url: 'http://169.254.169.254/latest/',
      username: 'ada',
      password: 'secret',
    });
    await expect(refused.put('a.txt', Readable.from([Buffer.from('x')]))).rejects.toBeInstanceOf(
      StorageTargetRefusedError,
    );
    await refused.close();
    expect(await sample('whiskey_storage_errors_total', { provider_type: 'webdav', op: 'put' })).toBe(1);
  });

  it('records connection tests, failed ones as errors', async () => {
    const result = await provider.testConnection();
    expect(result.ok).toBe(true);
    expect(result.freeBytes).toBeGreaterThan(0);
    expect(
      await sample('whiskey_storage_operation_duration_seconds_count', {
        provider_type: 'local',
        op: 'test_connection',
      }),
    ).toBe(1);
    const text = (await metrics.render()).body;
    expect(text).toContain('# TYPE whiskey_storage_operation_duration_seconds histogram');
    expect(text).toContain('# TYPE whiskey_storage_errors_total counter');
  });
});
