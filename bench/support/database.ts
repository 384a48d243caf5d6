import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import pg from 'pg';

/** A PostgreSQL database created for one benchmark run. */
export interface BenchDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * Creates an empty database named `whiskey_bench_<random>` on the server of `adminUrl` (whose own
 * database is only used to issue `create`/`drop database`). The application migrates it at start.
 */
export async function createBenchDatabase(adminUrl: string): Promise<BenchDatabase> {
  const name = `whiskey_bench_${randomBytes(4).toString('hex')}`;
  await withClient(adminUrl, (client) => client.query(`create database "${name}"`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    drop: async () => {
      await withClient(adminUrl, (client) => client.query(`drop database if exists "${name}" with (force)`));
    },
  };
}

/**
 * The logical database index of a Redis URL (`redis://host:6379/14` → 14). Refuses index 0 and URLs
 * without one, because the benchmark flushes that database: it must be one reserved for benchmarks.
 */
export function benchRedisDatabase(redisUrl: string): number {
  const index = Number(new URL(redisUrl).pathname.slice(1));
  if (!Number.isInteger(index) || index <= 0) {
    throw new Error(
      `${redisUrl} must name a Redis logical database other than 0 reserved for benchmarks (e.g. /14): it is flushed`,
    );
  }
  return index;
}

/** Empties the Redis logical database of `redisUrl` (queues and keys left by the application). */
export async function flushRedisDatabase(redisUrl: string): Promise<void> {
  benchRedisDatabase(redisUrl);
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1, connectTimeout: 2000 });
  try {
    await redis.connect();
    await redis.flushdb();
  } finally {
    redis.disconnect();
  }
}
