import { spawnSync } from 'node:child_process';
import { createTestApp, type TestApp } from '../setup/test-app.js';

const TOKEN = 'metrics-token-0123456789';

/** Runs Debian's `promtool check metrics` on an exposition; CI installs the `prometheus` package. */
function promtoolCheck(exposition: string): { status: number | null; output: string } {
  const result = spawnSync('promtool', ['check', 'metrics'], { input: exposition, encoding: 'utf8' });
  if (result.error) throw new Error('promtool is missing: install the Debian package `prometheus`');
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('GET /metrics', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ METRICS_TOKEN: TOKEN }, { probes: true });
  });
  afterAll(async () => {
    await t.close();
  });

  const scrape = (authorization?: string) =>
    t.app.inject({ method: 'GET', url: '/metrics', headers: authorization ? { authorization } : {} });

  it('requires the bearer token when METRICS_TOKEN is set', async () => {
    expect((await scrape()).statusCode).toBe(401);
    expect((await scrape('Bearer wrong-token-wrong-token')).statusCode).toBe(401);
    expect((await scrape(`Bearer ${TOKEN}`)).statusCode).toBe(200);
  });

  it('labels request durations by route template, never by raw URL', async () => {
    await t.app.inject({ method: 'GET', url: '/api/v1/probe/bottles/17' });
    await t.app.inject({ method: 'GET', url: '/api/v1/probe/bottles/23' });
    await t.app.inject({ method: 'GET', url: '/api/v1/nothing/here/99' });
    const body = (await scrape(`Bearer ${TOKEN}`)).body;
    expect(body).toMatch(
      /whiskey_http_request_duration_seconds_count\{method="GET",route="\/api\/v1\/probe\/bottles\/:id",status="200"\} 2/,
    );
    expect(body).toMatch(
      /whiskey_http_request_duration_seconds_count\{method="GET",route="unmatched",status="404"\} 1/,
    );
    expect(body).not.toMatch(/bottles\/17|nothing\/here/);
  });

  it('exposes Node runtime metrics and queue gauges with the whiskey_ prefix', async () => {
    const body = (await scrape(`Bearer ${TOKEN}`)).body;
    expect(body).toContain('whiskey_process_resident_memory_bytes');
    expect(body).toContain('whiskey_nodejs_eventloop_lag_seconds');
    for (const state of ['waiting', 'active', 'failed', 'delayed']) {
      expect(body).toMatch(new RegExp(`whiskey_queue_jobs\\{queue="system",state="${state}"\\} \\d+`));
    }
  });

  it('passes promtool check metrics', async () => {
    const { status, output } = promtoolCheck((await scrape(`Bearer ${TOKEN}`)).body);
    expect(output).toBe('');
    expect(status).toBe(0);
  });
});
