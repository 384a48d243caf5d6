import { MikroORM } from '@mikro-orm/postgresql';
import { createTestApp, type TestApp } from '../setup/test-app.js';

const PROBLEM = /^application\/problem\+json/;

describe('HTTP contracts', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({}, { probes: true });
  });
  afterAll(async () => {
    await t.close();
  });

  describe('errors are RFC 9457 problem documents', () => {
    it('answers malformed JSON with 400', async () => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/probe/bottles',
        headers: { 'content-type': 'application/json' },
        payload: '{bad json',
      });
      expect(res.statusCode).toBe(400);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect(res.json()).toMatchObject({
        status: 400,
        title: 'Bad Request',
        instance: '/api/v1/probe/bottles',
      });
    });

    it('answers an unknown route with 404', async () => {
      const res = await t.app.inject({ method: 'GET', url: '/api/v1/no-such-thing?x=1' });
      expect(res.statusCode).toBe(404);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect(res.json()).toMatchObject({
        status: 404,
        title: 'Not Found',
        instance: '/api/v1/no-such-thing',
      });
    });

    it('answers a body over 1 MiB with 413', async () => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/probe/bottles',
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify({ name: 'x'.repeat(1024 * 1024 + 10), sizeMl: 700 }),
      });
      expect(res.statusCode).toBe(413);
      expect(res.headers['content-type']).toMatch(PROBLEM);
    });

    it('lists every offending field of a validation failure, nested ones by path', async () => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/probe/bottles',
        payload: { name: '', sizeMl: 'big', tags: [1], shop: { name: 42 } },
      });
      expect(res.statusCode).toBe(400);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      const fields = (res.json<{ errors: { field: string }[] }>().errors ?? []).map((error) => error.field);
      expect(new Set(fields)).toEqual(new Set(['name', 'sizeMl', 'tags', 'shop.name']));
    });

    it('refuses unknown fields instead of silently storing them', async () => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/probe/bottles',
        payload: { name: 'Lagavulin 16', sizeMl: 700, role: 'admin' },
      });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({
        errors: [{ field: 'role', message: 'property role should not exist' }],
      });
    });

    it('accepts a valid body', async () => {
      const payload = {
        name: 'Lagavulin 16',
        sizeMl: 700,
        tags: ['peaty'],
        shop: { name: 'The Whisky Shop' },
      };
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/probe/bottles', payload });
      expect(res.statusCode).toBe(201);
      expect(res.json()).toEqual(payload);
    });

    it('maps a domain NotFoundError to 404 with its message', async () => {
      const res = await t.app.inject({ method: 'GET', url: '/api/v1/probe/bottles/5000' });
      expect(res.statusCode).toBe(404);
      expect(res.json()).toMatchObject({ detail: 'Bottle 5000 does not exist' });
    });

    it('answers an unexpected error with 500, the request id, and nothing internal', async () => {
      const res = await t.app.inject({
        method: 'GET',
        url: '/api/v1/probe/boom',
        headers: { 'x-request-id': 'req-42' },
      });
      expect(res.statusCode).toBe(500);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect(res.json()).toMatchObject({ status: 500, requestId: 'req-42' });
      expect(res.body).not.toMatch(/secret|\/srv\/app|stack|at \w+ \(/);
    });
  });

  describe('list convention', () => {
    it('applies defaults: page 1, 25 per page, the resource default sort', async () => {
      const res = await t.app.inject({ method: 'GET', url: '/api/v1/probe/bottles' });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({
        data: [
          {
            query: { page: 1, perPage: 25, sort: 'createdAt', order: 'DESC' },
            find: { limit: 25, offset: 0, orderBy: { createdAt: 'DESC' } },
          },
        ],
        total: 1,
      });
    });

    it('converts page, perPage, sort, order, q and named filters', async () => {
      const res = await t.app.inject({
        method: 'GET',
        url: '/api/v1/probe/bottles?page=3&perPage=10&sort=name&order=ASC&q=islay&status=open',
      });
      expect(res.statusCode).toBe(200);
      expect(res.json<{ data: unknown[] }>().data[0]).toEqual({
        query: { page: 3, perPage: 10, sort: 'name', order: 'ASC', q: 'islay', status: 'open' },
        find: { limit: 10, offset: 20, orderBy: { name: 'ASC' } },
      });
    });

    it.each([
      ['perPage=101', 'perPage'],
      ['page=0', 'page'],
      ['sort=passwordHash', 'sort'],
      ['order=sideways', 'order'],
      ['status=drunk', 'status'],
      ['unknown=1', 'unknown'],
    ])('refuses %s with a 400 naming %s', async (queryString, field) => {
      const res = await t.app.inject({ method: 'GET', url: `/api/v1/probe/bottles?${queryString}` });
      expect(res.statusCode).toBe(400);
      expect(res.json<{ errors: { field: string }[] }>().errors.map((error) => error.field)).toEqual([field]);
    });
  });

  describe('optimistic concurrency', () => {
    it('refuses an update based on a stale version with 409', async () => {
      const first = await t.app.inject({
        method: 'PUT',
        url: '/api/v1/probe/settings/mode',
        payload: { value: 'open', version: 0 },
      });
      expect(first.statusCode).toBe(200);
      expect(first.json()).toEqual({ value: 'open', version: 1 });

      const second = await t.app.inject({
        method: 'PUT',
        url: '/api/v1/probe/settings/mode',
        payload: { value: 'invite', version: 1 },
      });
      expect(second.json()).toEqual({ value: 'invite', version: 2 });

      const stale = await t.app.inject({
        method: 'PUT',
        url: '/api/v1/probe/settings/mode',
        payload: { value: 'closed', version: 1 },
      });
      expect(stale.statusCode).toBe(409);
      expect(stale.headers['content-type']).toMatch(PROBLEM);
      expect(stale.json()).toMatchObject({ errors: [{ field: 'version', message: 'expected 2' }] });
    });
  });

  describe('readiness', () => {
    it('answers 503 naming the migrations when one was reverted behind its back', async () => {
      const connection = t.app.get(MikroORM).em.getConnection();
      const [applied] = await connection.execute<{ name: string }[]>(
        'select name from mikro_orm_migrations limit 1',
      );
      await connection.execute('delete from mikro_orm_migrations where name = ?', [applied.name]);
      try {
        const res = await t.app.inject({ method: 'GET', url: '/health/ready' });
        expect(res.statusCode).toBe(503);
        expect(res.json()).toMatchObject({
          error: { migrations: { status: 'down', pending: [applied.name] } },
        });
      } finally {
        await connection.execute('insert into mikro_orm_migrations (name, executed_at) values (?, now())', [
          applied.name,
        ]);
      }
      expect((await t.app.inject({ method: 'GET', url: '/health/ready' })).statusCode).toBe(200);
    });
  });

  describe('request ids', () => {
    it('echoes a well-formed X-Request-Id', async () => {
      const res = await t.app.inject({
        method: 'GET',
        url: '/health/live',
        headers: { 'x-request-id': 'abc-123' },
      });
      expect(res.headers['x-request-id']).toBe('abc-123');
    });

    it('replaces a malformed one with a generated UUID', async () => {
      const res = await t.app.inject({
        method: 'GET',
        url: '/health/live',
        headers: { 'x-request-id': 'bad id\u0007' },
      });
      expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    });
  });

  describe('security headers', () => {
    it('sends a CSP that admits only this origin, and no CORS by default', async () => {
      const res = await t.app.inject({
        method: 'GET',
        url: '/health/live',
        headers: { origin: 'https://evil.example' },
      });
      expect(res.headers['content-security-policy']).toContain("default-src 'self'");
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
    });
  });
});
