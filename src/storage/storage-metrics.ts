import { Injectable } from '@nestjs/common';
import type { Readable } from 'node:stream';
import { Counter, Histogram } from 'prom-client';
import { MetricsService } from '../metrics/metrics.service.js';
import type { StorageOperation } from './storage-provider.base.js';
import type {
  ByteRange,
  ConnectionTestResult,
  PutOptions,
  StorageProvider,
  StoredObject,
  StoredObjectInfo,
} from './storage-provider.js';
import {
  InvalidStorageKeyError,
  InvalidStorageRequestError,
  StorageNotFoundError,
  StorageSizeMismatchError,
} from './storage.errors.js';

type Labels = 'provider_type' | 'op';

/** Failures of the caller, not of the back end: not counted as storage errors. */
const CALLER_ERRORS = [
  StorageNotFoundError,
  InvalidStorageKeyError,
  InvalidStorageRequestError,
  StorageSizeMismatchError,
];

/**
 * The storage metrics, and the wrapper that records them for any provider: every operation is timed
 * (a `get` or `list` until its stream or iteration ends) and every back-end failure counted, in
 * this one place rather than in each provider.
 */
@Injectable()
export class StorageMetrics {
  private readonly duration: Histogram<Labels>;
  private readonly errors: Counter<Labels>;

  constructor(metrics: MetricsService) {
    this.duration = new Histogram({
      name: 'whiskey_storage_operation_duration_seconds',
      help: 'Duration of storage operations in seconds (get and list until fully read), by provider type and operation.',
      labelNames: ['provider_type', 'op'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 1800],
      registers: [metrics.registry],
    });
    this.errors = new Counter({
      name: 'whiskey_storage_errors_total',
      help: 'Storage operations that failed because of the back end (not found and invalid keys excluded), by provider type and operation.',
      labelNames: ['provider_type', 'op'],
      registers: [metrics.registry],
    });
  }

  /** `provider` with its operations recorded. */
  instrument(provider: StorageProvider): StorageProvider {
    return new InstrumentedStorageProvider(provider, this);
  }

  /** Records one operation that took `seconds` and failed with `error` (if defined). */
  record(provider: StorageProvider, op: StorageOperation, seconds: number, error?: unknown): void {
    const labels = { provider_type: provider.type, op };
    this.duration.observe(labels, seconds);
    if (error !== undefined && !CALLER_ERRORS.some((kind) => error instanceof kind)) this.errors.inc(labels);
  }
}

/** Delegates to a provider and reports each operation to {@link StorageMetrics}. */
class InstrumentedStorageProvider implements StorageProvider {
  constructor(
    private readonly inner: StorageProvider,
    private readonly metrics: StorageMetrics,
  ) {}

  get type() {
    return this.inner.type;
  }

  get capabilities() {
    return this.inner.capabilities;
  }

  put(key: string, body: Readable, options?: PutOptions): Promise<void> {
    return this.timed('put', () => this.inner.put(key, body, options));
  }

  async get(key: string, range?: ByteRange): Promise<Readable> {
    const started = performance.now();
    const stream = await this.timed('get', () => this.inner.get(key, range), false);
    let recorded = false;
    const record = (error?: unknown) => {
      if (recorded) return;
      recorded = true;
      this.metrics.record(this.inner, 'get', (performance.now() - started) / 1000, error);
    };
    stream.once('end', () => record());
    stream.once('error', (error) => record(error));
    stream.once('close', () => record());
    return stream;
  }

  stat(key: string): Promise<StoredObjectInfo | null> {
    return this.timed('stat', () => this.inner.stat(key));
  }

  async *list(prefix?: string): AsyncGenerator<StoredObject> {
    const started = performance.now();
    let failure: unknown;
    try {
      yield* this.inner.list(prefix);
    } catch (error) {
      failure = error;
      throw error;
    } finally {
      this.metrics.record(this.inner, 'list', (performance.now() - started) / 1000, failure);
    }
  }

  delete(key: string): Promise<void> {
    return this.timed('delete', () => this.inner.delete(key));
  }

  async testConnection(): Promise<ConnectionTestResult> {
    const started = performance.now();
    const result = await this.inner.testConnection();
    const failed = result.steps.find((step) => step.status === 'failed');
    this.metrics.record(this.inner, 'test_connection', (performance.now() - started) / 1000, failed);
    return result;
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  /** Runs `operation`, recording its duration when it settles (or only its failure, when `recordSuccess` is false). */
  private async timed<T>(
    op: StorageOperation,
    operation: () => Promise<T>,
    recordSuccess = true,
  ): Promise<T> {
    const started = performance.now();
    try {
      const result = await operation();
      if (recordSuccess) this.metrics.record(this.inner, op, (performance.now() - started) / 1000);
      return result;
    } catch (error) {
      this.metrics.record(this.inner, op, (performance.now() - started) / 1000, error);
      throw error;
    }
  }
}
