import { getQueueToken } from '@nestjs/bull';
import { MikroORM } from '@mikro-orm/postgresql';
import type { Queue } from 'bull';
import { spawnSync } from 'node:child_process';
import { PACKAGE } from '../../src/common/package-info.js';
import { Bottle, type BottleStatus } from '../../src/inventory/bottles/bottle.entity.js';
import { Pour } from '../../src/inventory/pours/pour.entity.js';
import { Whisky } from '../../src/inventory/whiskies/whisky.entity.js';
import { QUEUES } from '../../src/jobs/queues.js';
import { TastingSession, type SessionStatus } from '../../src/sessions/tasting-session.entity.js';
import { Household } from '../../src/users/households/household.entity.js';
import { User } from '../../src/users/user.entity.js';
import { openRegistration, registerUser, type SignedIn } from '../factories/users.js';
import { createTestApp, type TestApp } from '../setup/test-app.js';

const TOKEN = 'metrics-token-0123456789';

/** Runs Debian's `promtool check metrics` on an exposition; CI installs the `prometheus` package. */
function promtoolCheck(exposition: string): { status: number | null; output: string } {
  const result = spawnSync('promtool', ['check', 'metrics'], { input: exposition, encoding: 'utf8' });
  if (result.error) throw new Error('promtool is missing: install the Debian package `prometheus`');
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

/** The value of the one sample `name{labels}` in an exposition (labels as printed, in order). */
function sample(exposition: string, series: string): number | undefined {
  const line = exposition.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('GET /metrics', () => {
  let t: TestApp;
  let admin: SignedIn;
  beforeAll(async () => {
    t = await createTestApp({ METRICS_TOKEN: TOKEN }, { probes: true });
    admin = await registerUser(t.app);
    await openRegistration(t.app, admin);
  });
  afterAll(async () => {
    await t.close();
  });

  const scrape = (authorization?: string) =>
    t.app.inject({ method: 'GET', url: '/metrics', headers: authorization ? { authorization } : {} });
  const metrics = async () => (await scrape(`Bearer ${TOKEN}`)).body;

  it('requires the bearer token when METRICS_TOKEN is set', async () => {
    expect((await scrape()).statusCode).toBe(401);
    expect((await scrape('Bearer wrong-token-wrong-token')).statusCode).toBe(401);
    expect((await scrape(`Bearer ${TOKEN}`)).statusCode).toBe(200);
  });

  it('labels request durations by route template, never by raw URL', async () => {
    await t.app.inject({ method: 'GET', url: '/api/v1/probe/bottles/17' });
    await t.app.inject({ method: 'GET', url: '/api/v1/probe/bottles/23' });
    await t.app.inject({ method: 'GET', url: '/api/v1/nothing/here/99' });
    const body = await metrics();
    expect(body).toMatch(
      /whiskey_http_request_duration_seconds_count\{method="GET",route="\/api\/v1\/probe\/bottles\/:id",status="200"\} 2/,
    );
    expect(body).toMatch(
      /whiskey_http_request_duration_seconds_count\{method="GET",route="unmatched",status="404"\} 1/,
    );
    expect(body).not.toMatch(/bottles\/17|nothing\/here/);
  });

  it('exposes Node runtime metrics and queue gauges with the whiskey_ prefix', async () => {
    const body = await metrics();
    expect(body).toContain('whiskey_process_resident_memory_bytes');
    expect(body).toContain('whiskey_nodejs_eventloop_lag_seconds');
    for (const state of ['waiting', 'active', 'failed', 'delayed']) {
      expect(body).toMatch(new RegExp(`whiskey_queue_jobs\\{queue="system",state="${state}"\\} \\d+`));
    }
  });

  it('names the running build: package version, commit (BUILD_COMMIT, unset here) and Node.js version', async () => {
    expect(
      sample(
        await metrics(),
        `whiskey_build_info{version="${PACKAGE.version}",commit="unknown",node="${process.version}"}`,
      ),
    ).toBe(1);
  });

  it('reports PostgreSQL and Redis as ready', async () => {
    const body = await metrics();
    expect(sample(body, 'whiskey_readiness_status{check="database"}')).toBe(1);
    expect(sample(body, 'whiskey_readiness_status{check="redis"}')).toBe(1);
  });

  it("exposes the database pool's connections by state", async () => {
    const body = await metrics();
    const used = sample(body, 'whiskey_db_pool_connections{state="used"}');
    const free = sample(body, 'whiskey_db_pool_connections{state="free"}');
    // The requests above opened at least one connection; nothing waits for one now.
    expect(used! + free!).toBeGreaterThanOrEqual(1);
    expect(sample(body, 'whiskey_db_pool_connections{state="pending"}')).toBe(0);
  });

  it('exposes the age of the oldest active job of every queue', async () => {
    const body = await metrics();
    for (const queue of Object.values(QUEUES)) {
      expect(
        sample(body, `whiskey_queue_oldest_active_job_age_seconds{queue="${queue}"}`),
      ).toBeGreaterThanOrEqual(0);
    }
  });

  it('counts a refresh token presented a second time', async () => {
    const series = 'whiskey_auth_refresh_token_reuse_total';
    const before = sample(await metrics(), series);
    const session = await registerUser(t.app);
    const refresh = () =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/refresh',
        payload: { refreshToken: session.refreshToken },
      });
    expect((await refresh()).statusCode).toBe(200);
    expect(sample(await metrics(), series)).toBe(before);
    expect((await refresh()).statusCode).toBe(401);
    expect(sample(await metrics(), series)).toBe(before! + 1);
  });

  describe('collection totals of the instance', () => {
    let orm: MikroORM;
    let stranger: SignedIn;

    /** Seeds straight into the database: the API that makes these rows is not under test here. */
    async function seed(
      owner: SignedIn,
      bottles: { status: BottleStatus; price?: number; estimate?: number }[],
      pours: number,
      sessions: SessionStatus[],
    ) {
      const em = orm.em.fork({ disableContextResolution: true });
      const household = em.getReference(Household, owner.user.householdId);
      const whisky = em.create(Whisky, { household, name: 'Springbank 10', style: 'single_malt', abv: 46 });
      const made = bottles.map(({ status, price, estimate }) =>
        em.create(Bottle, {
          household,
          whisky,
          status,
          sizeMl: 700,
          currentVolumeMl: 700 - pours * 10,
          ...(price === undefined ? {} : { purchasePrice: price, estimatedValue: estimate, currency: 'CHF' }),
        }),
      );
      for (let i = 0; i < pours; i++) {
        em.create(Pour, { household, bottle: made[0], ml: 10, reason: 'dram', pouredAt: new Date() });
      }
      for (const status of sessions) {
        em.create(TastingSession, {
          household,
          title: `A ${status} tasting`,
          startsAt: new Date(),
          host: em.getReference(User, owner.user.id),
          status,
        });
      }
      await em.flush();
    }

    /** Runs the periodic job now, through the queue, as the worker's schedule would. */
    async function runCollectionJob(): Promise<void> {
      const queue = t.app.get<Queue>(getQueueToken(QUEUES.system), { strict: false });
      const job = await queue.add('collection-metrics', {});
      await job.finished();
    }

    beforeAll(async () => {
      orm = t.app.get(MikroORM);
      stranger = await registerUser(t.app);
    });

    it('are the numbers of the last job run, across households, without household labels', async () => {
      // Waits for the job queued at start, so its numbers (an empty instance) are the ones exposed.
      await runCollectionJob();
      await seed(
        admin,
        [
          { status: 'sealed', price: 80.5, estimate: 120 },
          { status: 'sealed', price: 45, estimate: 50 },
        ],
        0,
        ['planned', 'finished'],
      );
      await seed(
        stranger,
        [
          { status: 'open', price: 60, estimate: 70 },
          { status: 'sold', price: 500, estimate: 900 },
        ],
        3,
        ['finished'],
      );
      // Not recomputed at scrape: the rows are there, but the job has not run since.
      expect(sample(await metrics(), 'whiskey_collection_bottles{status="sealed"}')).toBe(0);

      await runCollectionJob();
      const body = await metrics();
      expect(sample(body, 'whiskey_collection_bottles{status="sealed"}')).toBe(2);
      expect(sample(body, 'whiskey_collection_bottles{status="open"}')).toBe(1);
      expect(sample(body, 'whiskey_collection_bottles{status="sold"}')).toBe(1);
      expect(sample(body, 'whiskey_collection_bottles{status="finished"}')).toBe(0);
      // On hand only (sealed and open): the sold bottle's price is not in it.
      expect(sample(body, 'whiskey_collection_value{kind="paid",currency="CHF"}')).toBe(185.5);
      expect(sample(body, 'whiskey_collection_value{kind="estimated",currency="CHF"}')).toBe(240);
      expect(sample(body, 'whiskey_collection_pours_total')).toBe(3);
      expect(sample(body, 'whiskey_tasting_sessions_total{status="finished"}')).toBe(2);
      expect(sample(body, 'whiskey_tasting_sessions_total{status="planned"}')).toBe(1);
      expect(sample(body, 'whiskey_tasting_sessions_total{status="live"}')).toBe(0);
      expect(body).not.toMatch(/household/);
    });

    it('follow the data at the next run', async () => {
      await seed(stranger, [{ status: 'sealed' }], 1, []);
      await runCollectionJob();
      const body = await metrics();
      expect(sample(body, 'whiskey_collection_bottles{status="sealed"}')).toBe(3);
      expect(sample(body, 'whiskey_collection_pours_total')).toBe(4);
    });

    it('keep the exposition clean for promtool check metrics', async () => {
      const body = await metrics();
      expect(body).toContain('# TYPE whiskey_collection_pours_total counter');
      const { status, output } = promtoolCheck(body);
      expect(output).toBe('');
      expect(status).toBe(0);
    });

    it('are read from the snapshot in Redis, so a process that never ran the job exposes them too', async () => {
      const apiOnly = await createTestApp(
        { METRICS_TOKEN: TOKEN, APP_ROLE: 'api', DATABASE_URL: t.config.databaseUrl },
        { keepRedis: true },
      );
      try {
        const body = (
          await apiOnly.app.inject({
            method: 'GET',
            url: '/metrics',
            headers: { authorization: `Bearer ${TOKEN}` },
          })
        ).body;
        expect(sample(body, 'whiskey_collection_bottles{status="sealed"}')).toBe(3);
      } finally {
        await apiOnly.close();
      }
    });
  });

  it('passes promtool check metrics', async () => {
    const { status, output } = promtoolCheck(await metrics());
    expect(output).toBe('');
    expect(status).toBe(0);
  });
});

describe('GET /metrics while PostgreSQL is gone', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ METRICS_TOKEN: TOKEN });
  });
  afterAll(async () => {
    await t.close();
  });

  it('reports the database as not ready (0) while the process keeps serving metrics', async () => {
    await t.database.drop();
    const res = await t.app.inject({
      method: 'GET',
      url: '/metrics',
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(res.statusCode).toBe(200);
    expect(sample(res.body, 'whiskey_readiness_status{check="database"}')).toBe(0);
    expect(sample(res.body, 'whiskey_readiness_status{check="redis"}')).toBe(1);
    expect((await t.app.inject({ method: 'GET', url: '/health/ready' })).statusCode).toBe(503);
  });
});
