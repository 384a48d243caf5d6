import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { addMember, bearer, openRegistration, registerUser, type SignedIn } from '../factories/users.js';
import { createTestApp, type TestApp } from '../setup/test-app.js';

const PROBLEM = /^application\/problem\+json/;
const MISSING_ID = '00000000-0000-4000-8000-000000000000';

interface Location {
  id: string;
  name: string;
  description: string | null;
  bottleCount: number;
  version: number;
}

interface Page<T> {
  data: T[];
  total: number;
}

interface Problem {
  detail: string;
  errors?: { field: string; message: string }[];
}

describe('locations', () => {
  let t: TestApp;
  let db: pg.Client;
  let admin: SignedIn;
  let reader: SignedIn;
  let stranger: SignedIn;
  let whiskyId: string;

  beforeAll(async () => {
    t = await createTestApp();
    db = new pg.Client({ connectionString: t.database.url });
    await db.connect();
    admin = await registerUser(t.app, { displayName: 'Ada' });
    reader = await addMember(t.app, admin, 'read_only', 'reader');
    await openRegistration(t.app, admin);
    stranger = await registerUser(t.app, { displayName: 'Stranger' });
    const whisky = await send('POST', '/api/v1/whiskies', {
      name: 'House malt',
      style: 'single_malt',
      abv: 40,
    });
    whiskyId = whisky.json<{ id: string }>().id;
  });
  afterAll(async () => {
    // Optional chaining: when start-up fails, the failure shown should be that one, not this.
    await db?.end();
    await t?.close();
  });

  const get = (url: string, token = admin.accessToken) =>
    t.app.inject({ method: 'GET', url, headers: bearer(token) });
  const send = (
    method: 'POST' | 'PATCH' | 'DELETE',
    url: string,
    payload?: object,
    token = admin.accessToken,
  ) => t.app.inject({ method, url, payload, headers: bearer(token) });

  async function createLocation(fields: object, token = admin.accessToken): Promise<Location> {
    const res = await send('POST', '/api/v1/locations', fields, token);
    if (res.statusCode !== 201) throw new Error(`${res.statusCode}: ${res.body}`);
    return res.json<Location>();
  }

  async function list(query: string, token = admin.accessToken): Promise<Page<Location>> {
    const res = await get(`/api/v1/locations?${query}`, token);
    expect(res.statusCode).toBe(200);
    return res.json<Page<Location>>();
  }

  /** A bottle row written straight into the database (the bottles API is not what these tests are about). */
  async function insertBottle(location: Location): Promise<string> {
    const id = randomUUID();
    await db.query(
      `insert into bottle (id, household_id, whisky_id, location_id, size_ml, current_volume_ml, created_at, updated_at)
       values ($1, $2, $3, $4, 700, 700, now(), now())`,
      [id, admin.user.householdId, whiskyId, location.id],
    );
    return id;
  }

  it('creates, reads, changes and deletes a location, auditing each write', async () => {
    const created = await send('POST', '/api/v1/locations', {
      name: '  Cellar  ',
      description: 'Cool and dark',
    });
    expect(created.statusCode).toBe(201);
    const cellar = created.json<Location>();
    expect(cellar).toMatchObject({
      name: 'Cellar',
      description: 'Cool and dark',
      bottleCount: 0,
      version: 1,
    });
    expect((await get(`/api/v1/locations/${cellar.id}`)).json()).toEqual(cellar);

    const changed = await send('PATCH', `/api/v1/locations/${cellar.id}`, {
      version: cellar.version,
      name: 'Wine cellar',
      description: null,
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({
      name: 'Wine cellar',
      description: null,
      version: cellar.version + 1,
    });

    const deleted = await send('DELETE', `/api/v1/locations/${cellar.id}`);
    expect(deleted.statusCode).toBe(204);
    expect((await get(`/api/v1/locations/${cellar.id}`)).statusCode).toBe(404);

    const audit = (await get(`/api/v1/audit-events?perPage=100`)).json<
      Page<{ action: string; targetId: string }>
    >();
    expect(
      audit.data
        .filter((e) => e.targetId === cellar.id)
        .map((e) => e.action)
        .sort(),
    ).toEqual(['location.created', 'location.deleted', 'location.updated']);
  });

  it('refuses a name already used in the household with 409, but not in another household', async () => {
    await createLocation({ name: 'Bar cart' });
    const duplicate = await send('POST', '/api/v1/locations', { name: 'Bar cart' });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json<Problem>().detail).toContain('Bar cart');

    const other = await createLocation({ name: 'Other shelf' });
    const rename = await send('PATCH', `/api/v1/locations/${other.id}`, {
      version: other.version,
      name: 'Bar cart',
    });
    expect(rename.statusCode).toBe(409);
    expect((await createLocation({ name: 'Bar cart' }, stranger.accessToken)).name).toBe('Bar cart');
  });

  it.each([
    ['an unknown field', { name: 'Shelf', household: MISSING_ID }, 'household'],
    ['an empty name', { name: '   ' }, 'name'],
    ['a name of 101 characters', { name: 'x'.repeat(101) }, 'name'],
    ['a missing name', { description: 'Nameless' }, 'name'],
  ])('refuses %s with 400 naming the field', async (_case, payload, field) => {
    const res = await send('POST', '/api/v1/locations', payload);
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(PROBLEM);
    expect(res.json<Problem>().errors?.map((e) => e.field)).toContain(field);
  });

  it('refuses a stale version with 409 and null for the name with 400', async () => {
    const shelf = await createLocation({ name: 'Top shelf' });
    const url = `/api/v1/locations/${shelf.id}`;
    expect((await send('PATCH', url, { version: shelf.version, description: 'Dusty' })).statusCode).toBe(200);
    const stale = await send('PATCH', url, { version: shelf.version, description: 'Clean' });
    expect(stale.statusCode).toBe(409);
    expect((await send('PATCH', url, { version: shelf.version + 1, name: null })).statusCode).toBe(400);
    expect((await get(url)).json()).toMatchObject({ name: 'Top shelf', description: 'Dusty' });
  });

  it('counts its bottles and refuses to be deleted while it holds any, saying how many', async () => {
    const cabinet = await createLocation({ name: 'Cabinet' });
    const bottles = [await insertBottle(cabinet), await insertBottle(cabinet), await insertBottle(cabinet)];
    expect((await get(`/api/v1/locations/${cabinet.id}`)).json()).toMatchObject({ bottleCount: 3 });
    expect((await list('q=cabinet')).data).toEqual([expect.objectContaining({ bottleCount: 3 })]);

    const refused = await send('DELETE', `/api/v1/locations/${cabinet.id}`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json<Problem>().detail).toMatch(/still holds 3 bottles/);

    await db.query('update bottle set location_id = null where id = any($1)', [bottles]);
    expect((await send('DELETE', `/api/v1/locations/${cabinet.id}`)).statusCode).toBe(204);
  });

  describe('listing', () => {
    let token: string;
    beforeAll(async () => {
      const other = await registerUser(t.app);
      token = other.accessToken;
      for (const name of ['Study', 'Attic', 'Kitchen 100%', 'Garage', 'Study nook']) {
        await createLocation({ name }, token);
      }
    });
    const namesOf = (page: Page<Location>) => page.data.map((location) => location.name);

    it('sorts by name by default, by creation on request, and pages', async () => {
      expect(namesOf(await list('', token))).toEqual([
        'Attic',
        'Garage',
        'Kitchen 100%',
        'Study',
        'Study nook',
      ]);
      expect(namesOf(await list('sort=createdAt&order=DESC&perPage=2', token))).toEqual([
        'Study nook',
        'Garage',
      ]);
      expect(await list('perPage=2&page=3', token)).toMatchObject({
        total: 5,
        data: [{ name: 'Study nook' }],
      });
      expect((await get('/api/v1/locations?sort=description', token)).statusCode).toBe(400);
    });

    it('searches the name case-insensitively, taking % and _ literally', async () => {
      expect(namesOf(await list('q=STUDY', token))).toEqual(['Study', 'Study nook']);
      expect(namesOf(await list(`q=${encodeURIComponent('%')}`, token))).toEqual(['Kitchen 100%']);
      expect(await list('q=_', token)).toMatchObject({ total: 0 });
    });
  });

  describe('access', () => {
    let shelf: Location;
    beforeAll(async () => {
      shelf = await createLocation({ name: 'Shared shelf' });
    });

    it('lets a read-only member read but answers 403 on every write', async () => {
      expect((await get('/api/v1/locations', reader.accessToken)).statusCode).toBe(200);
      expect((await get(`/api/v1/locations/${shelf.id}`, reader.accessToken)).statusCode).toBe(200);
      const writes = [
        await send('POST', '/api/v1/locations', { name: 'Mine' }, reader.accessToken),
        await send(
          'PATCH',
          `/api/v1/locations/${shelf.id}`,
          { version: shelf.version, name: 'Mine' },
          reader.accessToken,
        ),
        await send('DELETE', `/api/v1/locations/${shelf.id}`, undefined, reader.accessToken),
      ];
      expect(writes.map((res) => res.statusCode)).toEqual([403, 403, 403]);
      expect((await get(`/api/v1/locations/${shelf.id}`)).json()).toMatchObject({ name: 'Shared shelf' });
    });

    it("answers 404 for another household's location on read, change and delete, and never lists it", async () => {
      const url = `/api/v1/locations/${shelf.id}`;
      const theirs = await get(url, stranger.accessToken);
      const missing = await get(`/api/v1/locations/${MISSING_ID}`, stranger.accessToken);
      expect(theirs.statusCode).toBe(404);
      expect(theirs.json<Problem>().detail.replace(shelf.id, 'X')).toBe(
        missing.json<Problem>().detail.replace(MISSING_ID, 'X'),
      );
      expect(
        (await send('PATCH', url, { version: shelf.version, name: 'Taken' }, stranger.accessToken))
          .statusCode,
      ).toBe(404);
      expect((await send('DELETE', url, undefined, stranger.accessToken)).statusCode).toBe(404);
      const seen = await list('perPage=100', stranger.accessToken);
      expect(seen.data.map((location) => location.id)).not.toContain(shelf.id);
      expect((await get(url)).json()).toMatchObject({ name: 'Shared shelf', version: shelf.version });
    });
  });
});
