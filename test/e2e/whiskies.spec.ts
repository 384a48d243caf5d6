import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { addMember, bearer, openRegistration, registerUser, type SignedIn } from '../factories/users.js';
import { createTestApp, type TestApp } from '../setup/test-app.js';

const PROBLEM = /^application\/problem\+json/;
const MISSING_ID = '00000000-0000-4000-8000-000000000000';

/** The whisky as the API shows it (the fields these tests look at). */
interface Whisky {
  id: string;
  name: string;
  distillery: string | null;
  bottlerKind: string;
  bottlerName: string | null;
  abv: number;
  ageYears: number | null;
  barcodes: string[];
  tags: string[];
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

describe('whiskies', () => {
  let t: TestApp;
  let db: pg.Client;
  let admin: SignedIn;
  let reader: SignedIn;
  let stranger: SignedIn;

  beforeAll(async () => {
    t = await createTestApp();
    db = new pg.Client({ connectionString: t.database.url });
    await db.connect();
    admin = await registerUser(t.app, { displayName: 'Ada' });
    reader = await addMember(t.app, admin, 'read_only', 'reader');
    await openRegistration(t.app, admin);
    stranger = await registerUser(t.app, { displayName: 'Stranger' });
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

  async function createWhisky(fields: object = {}, token = admin.accessToken): Promise<Whisky> {
    const res = await send(
      'POST',
      '/api/v1/whiskies',
      { name: 'Test Whisky', style: 'single_malt', abv: 40, ...fields },
      token,
    );
    if (res.statusCode !== 201) throw new Error(`${res.statusCode}: ${res.body}`);
    return res.json<Whisky>();
  }

  async function list(query: string, token = admin.accessToken): Promise<Page<Whisky>> {
    const res = await get(`/api/v1/whiskies?${query}`, token);
    expect(res.statusCode).toBe(200);
    return res.json<Page<Whisky>>();
  }

  /** A bottle row written straight into the database (the bottles API is not what these tests are about). */
  async function insertBottle(whisky: Whisky, householdId = admin.user.householdId): Promise<string> {
    const id = randomUUID();
    await db.query(
      `insert into bottle (id, household_id, whisky_id, size_ml, current_volume_ml, created_at, updated_at)
       values ($1, $2, $3, 700, 700, now(), now())`,
      [id, householdId, whisky.id],
    );
    return id;
  }

  describe('creating', () => {
    it('stores a whisky with defaults, normalised tags and barcodes, and audits it', async () => {
      const res = await send('POST', '/api/v1/whiskies', {
        name: 'Lagavulin 16',
        distillery: 'Lagavulin',
        country: 'Scotland',
        region: 'Islay',
        style: 'single_malt',
        ageYears: 16,
        abv: 43,
        caskTypes: ['ex-bourbon'],
        tags: [' Peated ', 'PEATED', 'Islay'],
        barcodes: ['5 000281 005416'],
        externalUrl: 'https://example.org/lagavulin-16',
      });
      expect(res.statusCode).toBe(201);
      const whisky = res.json<Whisky>();
      expect(whisky).toMatchObject({
        name: 'Lagavulin 16',
        bottlerKind: 'official',
        bottlerName: null,
        caskStrength: false,
        chillFiltered: null,
        naturalColour: null,
        defaultSizeMl: 700,
        vintageYear: null,
        tags: ['peated', 'islay'],
        barcodes: ['5000281005416'],
        bottleCount: 0,
        version: 1,
      });
      expect((await get(`/api/v1/whiskies/${whisky.id}`)).json()).toEqual(whisky);

      const audit = await get('/api/v1/audit-events?action=whisky.created');
      expect(audit.json<Page<{ targetId: string }>>().data.map((e) => e.targetId)).toContain(whisky.id);
    });

    it('accepts an independent bottling with its bottler, vintage and bottling year', async () => {
      const whisky = await createWhisky({
        name: 'Caol Ila 2008',
        bottlerKind: 'independent',
        bottlerName: 'Signatory Vintage',
        vintageYear: 2008,
        bottledYear: 2008,
        abv: 57.1,
        caskStrength: true,
      });
      expect(whisky).toMatchObject({ bottlerName: 'Signatory Vintage', abv: 57.1, caskStrength: true });
    });

    it.each([
      ['an unknown field', { role: 'admin' }, 'role'],
      ['a barcode with a wrong check digit', { barcodes: ['5000281005417'] }, 'barcodes'],
      ['a barcode of the wrong length', { barcodes: ['123456789'] }, 'barcodes'],
      ['more than one decimal of abv', { abv: 46.35 }, 'abv'],
      ['an abv above 100', { abv: 100.5 }, 'abv'],
      ['an age above 100', { ageYears: 101 }, 'ageYears'],
      ['a vintage before 1800', { vintageYear: 1799 }, 'vintageYear'],
      ['a bottling year in the future', { bottledYear: new Date().getFullYear() + 1 }, 'bottledYear'],
      ['an unknown style', { style: 'moonshine' }, 'style'],
      ['an empty name', { name: '' }, 'name'],
      ['a name of 201 characters', { name: 'x'.repeat(201) }, 'name'],
      ['a tag of 41 characters', { tags: ['x'.repeat(41)] }, 'tags'],
      ['an empty cask type', { caskTypes: [''] }, 'caskTypes'],
      ['a bottle size below 50 ml', { defaultSizeMl: 20 }, 'defaultSizeMl'],
      ['a non-web URL', { externalUrl: 'ftp://example.org/whisky' }, 'externalUrl'],
      ['null for a list', { tags: null }, 'tags'],
    ])('refuses %s with 400 naming the field', async (_case, fields, field) => {
      const res = await send('POST', '/api/v1/whiskies', {
        name: 'Invalid',
        style: 'single_malt',
        abv: 40,
        ...fields,
      });
      expect(res.statusCode).toBe(400);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect(res.json<Problem>().errors?.map((e) => e.field)).toContain(field);
    });

    it('refuses an independent bottling without its bottler with 422', async () => {
      const res = await send('POST', '/api/v1/whiskies', {
        name: 'Anonymous cask',
        style: 'single_malt',
        abv: 50,
        bottlerKind: 'independent',
      });
      expect(res.statusCode).toBe(422);
      expect(res.json<Problem>().errors?.map((e) => e.field)).toEqual(['bottlerName']);
    });

    it('refuses a bottling year before the vintage with 422', async () => {
      const res = await send('POST', '/api/v1/whiskies', {
        name: 'Time traveller',
        style: 'single_malt',
        abv: 46,
        vintageYear: 2010,
        bottledYear: 2009,
      });
      expect(res.statusCode).toBe(422);
      expect(res.json<Problem>().errors?.map((e) => e.field)).toEqual(['bottledYear']);
    });
  });

  describe('barcodes', () => {
    let ardbeg: Whisky;
    beforeAll(async () => {
      ardbeg = await createWhisky({ name: 'Ardbeg Ten', barcodes: ['5010494195286', '036000291452'] });
    });

    it('finds the whisky of a scanned code, spaces and all', async () => {
      const found = await list(`barcode=${encodeURIComponent('0 36000 29145 2')}`);
      expect(found.total).toBe(1);
      expect(found.data[0]).toMatchObject({ id: ardbeg.id, barcodes: ['036000291452', '5010494195286'] });
      expect(await list('barcode=4006381333931')).toEqual({ data: [], total: 0 });
    });

    it('refuses a code already used by another whisky of the household with 409 naming it', async () => {
      const res = await send('POST', '/api/v1/whiskies', {
        name: 'Copycat',
        style: 'single_malt',
        abv: 40,
        barcodes: ['4006381333931', '5010494195286'],
      });
      expect(res.statusCode).toBe(409);
      expect(res.json<Problem>().detail).toContain('5010494195286');
      expect(res.json<Problem>().detail).toContain('Ardbeg Ten');
      expect(await list('barcode=4006381333931')).toMatchObject({ total: 0 });

      const other = await createWhisky({ name: 'Other' });
      const patch = await send('PATCH', `/api/v1/whiskies/${other.id}`, {
        version: other.version,
        barcodes: ['036000291452'],
      });
      expect(patch.statusCode).toBe(409);
      expect(patch.json<Problem>().detail).toContain('036000291452');
    });

    it('lets another household use the same code for its own whisky', async () => {
      const theirs = await createWhisky(
        { name: 'Their Ardbeg', barcodes: ['5010494195286'] },
        stranger.accessToken,
      );
      expect(theirs.barcodes).toEqual(['5010494195286']);
      expect((await list('barcode=5010494195286', stranger.accessToken)).data.map((w) => w.id)).toEqual([
        theirs.id,
      ]);
      expect((await list('barcode=5010494195286')).data.map((w) => w.id)).toEqual([ardbeg.id]);
    });

    it('replaces the set on PATCH (keeping a code that stays) and makes removed codes free again', async () => {
      const res = await send('PATCH', `/api/v1/whiskies/${ardbeg.id}`, {
        version: ardbeg.version,
        barcodes: ['5010494195286', '73513537'],
      });
      expect(res.statusCode).toBe(200);
      const updated = res.json<Whisky>();
      expect(updated.barcodes).toEqual(['5010494195286', '73513537']);
      expect(updated.version).toBe(ardbeg.version + 1);
      expect(await list('barcode=036000291452')).toMatchObject({ total: 0 });
      const reused = await createWhisky({ name: 'New owner of the code', barcodes: ['036000291452'] });
      expect(reused.barcodes).toEqual(['036000291452']);
    });
  });

  describe('listing', () => {
    const names: Record<string, string> = {};
    let token: string;
    beforeAll(async () => {
      const other = await registerUser(t.app);
      const seed = [
        {
          name: 'Springbank 10',
          distillery: 'Springbank',
          region: 'Campbeltown',
          ageYears: 10,
          abv: 46,
          tags: ['coastal'],
        },
        {
          name: 'Octomore 14.1',
          distillery: 'Bruichladdich',
          region: 'Islay',
          ageYears: 5,
          abv: 59.1,
          tags: ['peated', 'heavy'],
        },
        {
          name: 'Glendronach 15 Revival',
          distillery: 'Glendronach',
          region: 'Highland',
          ageYears: 15,
          abv: 46,
          tags: ['sherry'],
        },
        {
          name: 'Hazelburn 10',
          distillery: 'Springbank',
          region: 'Campbeltown',
          ageYears: 10,
          abv: 46,
          tags: [],
        },
        {
          name: 'Monkey Shoulder',
          distillery: null,
          style: 'blended_malt',
          region: null,
          ageYears: null,
          abv: 40,
          tags: [],
        },
        {
          name: 'Ledaig 2005 100% Sherry',
          distillery: 'Tobermory',
          bottlerKind: 'independent',
          bottlerName: 'Gordon & MacPhail',
          region: 'Islands',
          ageYears: 13,
          abv: 55.5,
          tags: ['peated'],
        },
        {
          name: 'Buffalo Trace',
          distillery: 'Buffalo Trace',
          country: 'USA',
          region: 'Kentucky',
          style: 'bourbon',
          ageYears: null,
          abv: 45,
          tags: [],
        },
      ];
      for (const fields of seed) {
        const whisky = await createWhisky({ country: 'Scotland', ...fields }, other.accessToken);
        names[whisky.id] = whisky.name;
      }
      token = other.accessToken;
    });
    const namesOf = (page: Page<Whisky>) => page.data.map((whisky) => whisky.name);

    it('sorts by name by default and pages through the results', async () => {
      const all = await list('', token);
      expect(all.total).toBe(7);
      expect(namesOf(all)).toEqual([...namesOf(all)].sort((a, b) => a.localeCompare(b)));
      const page2 = await list('perPage=3&page=2', token);
      expect(page2.total).toBe(7);
      expect(namesOf(page2)).toEqual(namesOf(all).slice(3, 6));
      expect(namesOf(await list('perPage=3&page=3', token))).toEqual(namesOf(all).slice(6));
    });

    it('sorts by abv, age and distillery in either direction', async () => {
      const byAbv = (await list('sort=abv&order=DESC', token)).data.map((w) => w.abv);
      expect(byAbv).toEqual([...byAbv].sort((a, b) => b - a));
      expect(byAbv[0]).toBe(59.1);
      const byAge = (await list('sort=ageYears&order=ASC', token)).data.map((w) => w.ageYears);
      expect(byAge.slice(0, 5)).toEqual([5, 10, 10, 13, 15]);
      expect(namesOf(await list('sort=distillery&order=ASC&perPage=1', token))).toEqual(['Octomore 14.1']);
      expect((await get('/api/v1/whiskies?sort=price', token)).statusCode).toBe(400);
    });

    it('searches name, distillery and bottler case-insensitively, and matches tags', async () => {
      expect(namesOf(await list('q=springbank', token))).toEqual(['Hazelburn 10', 'Springbank 10']);
      expect(namesOf(await list('q=REVIVAL', token))).toEqual(['Glendronach 15 Revival']);
      expect(namesOf(await list('q=macphail', token))).toEqual(['Ledaig 2005 100% Sherry']);
      expect(namesOf(await list('q=Peated', token))).toEqual(['Ledaig 2005 100% Sherry', 'Octomore 14.1']);
    });

    it('takes % and _ in the search literally', async () => {
      expect(namesOf(await list(`q=${encodeURIComponent('100%')}`, token))).toEqual([
        'Ledaig 2005 100% Sherry',
      ]);
      expect(await list(`q=${encodeURIComponent('%')}`, token)).toMatchObject({ total: 1 });
      expect(await list('q=_', token)).toMatchObject({ total: 0 });
    });

    it('filters by country, region, style and tag', async () => {
      expect(namesOf(await list('country=usa', token))).toEqual(['Buffalo Trace']);
      expect(namesOf(await list('region=campbeltown', token))).toEqual(['Hazelburn 10', 'Springbank 10']);
      expect(namesOf(await list('style=blended_malt', token))).toEqual(['Monkey Shoulder']);
      expect(namesOf(await list('tag=PEATED&region=Islay', token))).toEqual(['Octomore 14.1']);
      expect((await get('/api/v1/whiskies?style=moonshine', token)).statusCode).toBe(400);
    });

    it("shows neither another household's whiskies nor finds them by search", async () => {
      const mine = await list('perPage=100');
      expect(mine.data.every((whisky) => !(whisky.id in names))).toBe(true);
      expect(await list('q=springbank')).toMatchObject({ total: 0 });
    });
  });

  describe('changing', () => {
    it('changes the fields sent, clears nullable ones with null and bumps the version', async () => {
      const whisky = await createWhisky({ name: 'Talisker', distillery: 'Talisker', ageYears: 10 });
      const res = await send('PATCH', `/api/v1/whiskies/${whisky.id}`, {
        version: whisky.version,
        name: 'Talisker 10',
        ageYears: null,
        tags: ['Maritime'],
      });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({
        name: 'Talisker 10',
        distillery: 'Talisker',
        ageYears: null,
        tags: ['maritime'],
        version: whisky.version + 1,
      });
      expect((await get(`/api/v1/whiskies/${whisky.id}`)).json()).toMatchObject({ name: 'Talisker 10' });
    });

    it('refuses a stale version with 409 and changes nothing', async () => {
      const whisky = await createWhisky({ name: 'Bowmore 12' });
      await send('PATCH', `/api/v1/whiskies/${whisky.id}`, { version: whisky.version, abv: 40.5 });
      const stale = await send('PATCH', `/api/v1/whiskies/${whisky.id}`, {
        version: whisky.version,
        abv: 41,
      });
      expect(stale.statusCode).toBe(409);
      expect(stale.json<Problem>().errors?.map((e) => e.field)).toEqual(['version']);
      expect((await get(`/api/v1/whiskies/${whisky.id}`)).json()).toMatchObject({ abv: 40.5 });
    });

    it('refuses null for a field that cannot be empty, a missing version and unknown fields with 400', async () => {
      const whisky = await createWhisky();
      const url = `/api/v1/whiskies/${whisky.id}`;
      const nullName = await send('PATCH', url, { version: whisky.version, name: null });
      expect(new Set(nullName.json<Problem>().errors?.map((e) => e.field))).toEqual(new Set(['name']));
      expect((await send('PATCH', url, { name: 'No version' })).statusCode).toBe(400);
      const unknown = await send('PATCH', url, {
        version: whisky.version,
        household: stranger.user.householdId,
      });
      expect(unknown.statusCode).toBe(400);
      expect(unknown.json<Problem>().errors?.map((e) => e.field)).toEqual(['household']);
      expect(nullName.statusCode).toBe(400);
    });

    it('checks the rules against the whisky as it will be (422)', async () => {
      const whisky = await createWhisky({ vintageYear: 2012 });
      const url = `/api/v1/whiskies/${whisky.id}`;
      expect((await send('PATCH', url, { version: whisky.version, bottledYear: 2011 })).statusCode).toBe(422);
      expect(
        (await send('PATCH', url, { version: whisky.version, bottlerKind: 'independent' })).statusCode,
      ).toBe(422);
    });
  });

  describe('deleting', () => {
    it('is refused with 409 while bottles of it exist, counted in bottleCount', async () => {
      const whisky = await createWhisky({ name: 'Kilchoman Machir Bay', barcodes: ['5060210700089'] });
      const first = await insertBottle(whisky);
      await insertBottle(whisky);
      expect((await get(`/api/v1/whiskies/${whisky.id}`)).json()).toMatchObject({ bottleCount: 2 });
      expect((await list('q=machir')).data).toEqual([expect.objectContaining({ bottleCount: 2 })]);

      const refused = await send('DELETE', `/api/v1/whiskies/${whisky.id}`);
      expect(refused.statusCode).toBe(409);
      expect(refused.json<Problem>().detail).toMatch(/still has 2 bottles/);
      expect((await get(`/api/v1/whiskies/${whisky.id}`)).statusCode).toBe(200);

      await db.query('delete from bottle where whisky_id = $1 and id <> $2', [whisky.id, first]);
      expect((await send('DELETE', `/api/v1/whiskies/${whisky.id}`)).json<Problem>().detail).toMatch(
        /still has 1 bottle in/,
      );
      await db.query('delete from bottle where id = $1', [first]);
    });

    it('answers 204, then 404, and frees its barcodes', async () => {
      const whisky = await createWhisky({ name: 'Short-lived', barcodes: ['12345670'] });
      const res = await send('DELETE', `/api/v1/whiskies/${whisky.id}`);
      expect(res.statusCode).toBe(204);
      expect(res.body).toBe('');
      expect((await get(`/api/v1/whiskies/${whisky.id}`)).statusCode).toBe(404);
      expect((await send('DELETE', `/api/v1/whiskies/${whisky.id}`)).statusCode).toBe(404);
      expect((await createWhisky({ barcodes: ['12345670'] })).barcodes).toEqual(['12345670']);
      const audit = await get('/api/v1/audit-events?action=whisky.deleted');
      expect(audit.json<Page<{ targetId: string }>>().data.map((e) => e.targetId)).toContain(whisky.id);
    });
  });

  describe('access', () => {
    let whisky: Whisky;
    beforeAll(async () => {
      whisky = await createWhisky({ name: 'Household dram', barcodes: ['96385074'] });
    });

    it('lets a read-only member read but answers 403 on every write', async () => {
      expect((await get('/api/v1/whiskies', reader.accessToken)).statusCode).toBe(200);
      expect((await get(`/api/v1/whiskies/${whisky.id}`, reader.accessToken)).statusCode).toBe(200);
      const writes = [
        await send('POST', '/api/v1/whiskies', { name: 'Nope', style: 'rye', abv: 50 }, reader.accessToken),
        await send(
          'PATCH',
          `/api/v1/whiskies/${whisky.id}`,
          { version: whisky.version, name: 'Nope' },
          reader.accessToken,
        ),
        await send('DELETE', `/api/v1/whiskies/${whisky.id}`, undefined, reader.accessToken),
      ];
      expect(writes.map((res) => res.statusCode)).toEqual([403, 403, 403]);
      expect(writes[0].headers['content-type']).toMatch(PROBLEM);
      expect((await get(`/api/v1/whiskies/${whisky.id}`)).json()).toMatchObject({ name: 'Household dram' });
    });

    it("answers 404 for another household's whisky on read, change and delete, like a missing one", async () => {
      const url = `/api/v1/whiskies/${whisky.id}`;
      const theirs = await get(url, stranger.accessToken);
      const missing = await get(`/api/v1/whiskies/${MISSING_ID}`, stranger.accessToken);
      expect(theirs.statusCode).toBe(404);
      expect(missing.statusCode).toBe(404);
      expect(theirs.json<Problem>().detail.replace(whisky.id, 'X')).toBe(
        missing.json<Problem>().detail.replace(MISSING_ID, 'X'),
      );
      expect(
        (await send('PATCH', url, { version: whisky.version, name: 'Stolen' }, stranger.accessToken))
          .statusCode,
      ).toBe(404);
      expect((await send('DELETE', url, undefined, stranger.accessToken)).statusCode).toBe(404);
      const seen = await list('perPage=100', stranger.accessToken);
      expect(seen.data.map((w) => w.id)).not.toContain(whisky.id);
      expect(await list('barcode=96385074', stranger.accessToken)).toMatchObject({ total: 0 });
      expect((await get(url)).json()).toMatchObject({ name: 'Household dram', version: whisky.version });
    });

    it('answers 400 for an id that is not a UUID', async () => {
      expect((await get('/api/v1/whiskies/not-a-uuid')).statusCode).toBe(400);
    });
  });
});
