/**
 * The bare baseline the application is measured against: plain Fastify, a `pg` pool and ioredis,
 * with routes doing the same work as the application's, and nothing else (no Nest, no hooks, no
 * logging). The gap between the two is what the framework and the application's cross-cutting
 * concerns cost. Configured by the benchmark through DATABASE_URL, REDIS_URL, HOST, PORT and
 * MIGRATIONS_DIR (the built migrations the database must have applied to be ready).
 */
import Fastify from 'fastify';
import { Redis } from 'ioredis';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { readdirSync } from 'node:fs';
import pg from 'pg';
import { BOTTLE_PAGE_SQL } from './scenarios/bottle-list.js';

/** Same per-dependency time limit as the application's readiness check. */
const DEPENDENCY_TIMEOUT_MS = 1000;

function required(name: string): string {
  const value = process.env[name];
  if (!value) {
    process.stderr.write(`baseline-server: ${name} is required\n`);
    process.exit(1);
  }
  return value;
}

function withTimeout<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${what} timed out after ${DEPENDENCY_TIMEOUT_MS} ms`)),
      DEPENDENCY_TIMEOUT_MS,
    );
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

type IndicatorResult = Record<string, { status: 'up' | 'down'; [detail: string]: unknown }>;

async function indicator(
  name: string,
  probe: () => Promise<Record<string, unknown> | undefined>,
): Promise<IndicatorResult> {
  try {
    const failure = await probe();
    return { [name]: failure ? { status: 'down', ...failure } : { status: 'up' } };
  } catch (error) {
    return { [name]: { status: 'down', message: error instanceof Error ? error.message : String(error) } };
  }
}

const migrationNames = readdirSync(required('MIGRATIONS_DIR'))
  .filter((file) => /^Migration.*\.js$/.test(file))
  .map((file) => file.replace(/\.js$/, ''));

const pool = new pg.Pool({
  connectionString: required('DATABASE_URL'),
  max: 10,
  idleTimeoutMillis: 30_000,
  connectionTimeoutMillis: 5000,
});
const redis = new Redis(required('REDIS_URL'), {
  enableOfflineQueue: false,
  maxRetriesPerRequest: 1,
  connectTimeout: 1000,
  retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
});

const server = Fastify({ logger: false });

server.get('/health/ready', async (_request, reply) => {
  const results = await Promise.all([
    indicator('database', async () => {
      await withTimeout(pool.query('select 1'), 'PostgreSQL ping');
      return undefined;
    }),
    indicator('redis', async () => {
      await withTimeout(redis.ping(), 'Redis ping');
      return undefined;
    }),
    indicator('migrations', async () => {
      const applied = await withTimeout(
        pool.query<{ name: string }>('select name from mikro_orm_migrations'),
        'migration check',
      );
      const done = new Set(applied.rows.map((row) => row.name));
      const pending = migrationNames.filter((name) => !done.has(name));
      return pending.length === 0 ? undefined : { message: 'migrations pending', pending };
    }),
  ]);
  const details: IndicatorResult = Object.fromEntries(results.flatMap((result) => Object.entries(result)));
  const entries = Object.entries(details);
  const info = Object.fromEntries(entries.filter(([, result]) => result.status === 'up'));
  const error = Object.fromEntries(entries.filter(([, result]) => result.status === 'down'));
  const ok = Object.keys(error).length === 0;
  if (!ok) void reply.status(503).header('cache-control', 'no-store');
  return { status: ok ? 'ok' : 'error', info, error, details };
});

const jwtSecret = required('JWT_SECRET');

/** The claims of a valid HS256 access token, or undefined: the same check the app makes, by hand. */
function verifiedClaims(authorization: string | undefined): { sub: string; sid: string } | undefined {
  const [header, payload, signature] = (authorization ?? '').replace(/^Bearer /, '').split('.');
  if (!header || !payload || !signature) return undefined;
  const expected = createHmac('sha256', jwtSecret).update(`${header}.${payload}`).digest('base64url');
  if (
    expected.length !== signature.length ||
    !timingSafeEqual(Buffer.from(expected), Buffer.from(signature))
  ) {
    return undefined;
  }
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as {
    sub: string;
    sid: string;
    exp: number;
  };
  return claims.exp * 1000 > Date.now() ? claims : undefined;
}

// The bottle list: authenticate (token + open session), then one page with whisky and location joined
// and the total, as the application's GET /api/v1/bottles does.
server.get('/bottles', async (request, reply) => {
  const claims = verifiedClaims(request.headers.authorization);
  if (!claims) return reply.status(401).send({ status: 401 });
  const session = await pool.query<{ household_id: string }>(
    `select u.household_id from auth_session s join app_user u on u.id = s.user_id
      where s.id = $1 and s.user_id = $2 and s.revoked_at is null and s.expires_at > now() and u.disabled_at is null`,
    [claims.sid, claims.sub],
  );
  const household = session.rows[0]?.household_id;
  if (!household) return reply.status(401).send({ status: 401 });
  const [page, total] = await Promise.all([
    pool.query(BOTTLE_PAGE_SQL, [household]),
    pool.query<{ count: string }>('select count(*) from bottle where household_id = $1', [household]),
  ]);
  return { data: page.rows, total: Number(total.rows[0]?.count ?? 0) };
});

const shutdown = (): void => {
  void server
    .close()
    .then(() => Promise.all([pool.end(), redis.quit()]))
    .then(
      () => process.exit(0),
      () => process.exit(1),
    );
};
process.once('SIGTERM', shutdown);
process.once('SIGINT', shutdown);

await server.listen({ host: required('HOST'), port: Number(required('PORT')) });
