import { jest } from '@jest/globals';
import { MikroORM } from '@mikro-orm/postgresql';
import { Location } from '../../src/inventory/locations/location.entity.js';
import { Whisky } from '../../src/inventory/whiskies/whisky.entity.js';
import { Household } from '../../src/users/households/household.entity.js';
import { addMember, bearer, openRegistration, registerUser, type SignedIn } from '../factories/users.js';
import { createTestApp, type TestApp } from '../setup/test-app.js';

const PROBLEM = /^application\/problem\+json/;
const BASE = '/api/v1/bottles';
const MISSING = '00000000-0000-4000-8000-000000000000';

interface Bottle {
  id: string;
  whisky: { id: string; name: string; distillery: string | null; abv: number };
  location: { id: string; name: string } | null;
  status: string;
  sizeMl: number;
  currentVolumeMl: number;
  fillPercent: number;
  openedAt: string | null;
  finishedAt: string | null;
  purchasePrice: number | null;
  currency: string | null;
  purchasedAt: string | null;
  shop: string | null;
  estimatedValue: number | null;
  notes: string | null;
  version: number;
  totalPouredMl: number;
  pourCount: number;
}
interface Page<T> {
  data: T[];
  total: number;
}
interface Pour {
  id: string;
  ml: number;
  reason: string;
}

describe('bottles', () => {
  let t: TestApp;
  let orm: MikroORM;
  let admin: SignedIn;
  let reader: SignedIn;
  let stranger: SignedIn;
  let lagavulin: Whisky;
  let springbank: Whisky;
  let cabinet: Location;
  let cellar: Location;

  beforeAll(async () => {
    t = await createTestApp();
    orm = t.app.get(MikroORM);
    admin = await registerUser(t.app, { displayName: 'Ada' });
    reader = await addMember(t.app, admin, 'read_only', 'reader');
    await openRegistration(t.app, admin);
    stranger = await registerUser(t.app, { displayName: 'Stranger' });
    lagavulin = await insertWhisky(admin, { name: 'Lagavulin 16', distillery: 'Lagavulin', abv: 43 });
    springbank = await insertWhisky(admin, { name: 'Springbank 10', distillery: 'Springbank', abv: 46 });
    cabinet = await insertLocation(admin, 'Cabinet');
    cellar = await insertLocation(admin, 'Cellar');
  });
  afterAll(async () => {
    await t.close();
  });

  /** A whisky made directly in the database (the whisky API is not under test here). */
  async function insertWhisky(
    owner: SignedIn,
    fields: { name: string; distillery?: string; abv?: number; defaultSizeMl?: number },
  ): Promise<Whisky> {
    const em = orm.em.fork();
    const whisky = em.create(Whisky, {
      household: em.getReference(Household, owner.user.householdId),
      style: 'single_malt',
      abv: 46,
      ...fields,
    });
    await em.flush();
    return whisky;
  }

  async function insertLocation(owner: SignedIn, name: string): Promise<Location> {
    const em = orm.em.fork();
    const location = em.create(Location, {
      household: em.getReference(Household, owner.user.householdId),
      name,
    });
    await em.flush();
    return location;
  }

  const get = (url: string, who: SignedIn = admin) =>
    t.app.inject({ method: 'GET', url, headers: bearer(who.accessToken) });
  const send = (method: 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object, who: SignedIn = admin) =>
    t.app.inject({ method, url, payload, headers: bearer(who.accessToken) });

  async function create(payload: object, who: SignedIn = admin): Promise<Bottle> {
    const res = await send('POST', BASE, payload, who);
    if (res.statusCode !== 201) throw new Error(`${res.statusCode}: ${res.body}`);
    return res.json<Bottle>();
  }
  const fetchBottle = async (id: string): Promise<Bottle> => (await get(`${BASE}/${id}`)).json<Bottle>();
  const pour = (id: string, ml: number) => send('POST', `${BASE}/${id}/pours`, { ml, reason: 'dram' });
  const auditTotal = async (action: string, targetId: string) =>
    (await get(`/api/v1/audit-events?action=${action}&perPage=100`))
      .json<Page<{ targetId: string }>>()
      .data.filter((event) => event.targetId === targetId).length;

  describe('adding a bottle', () => {
    it('defaults to a sealed, full bottle of the whisky default size, with whisky and location embedded', async () => {
      const res = await send('POST', BASE, { whiskyId: lagavulin.id, locationId: cabinet.id });
      expect(res.statusCode).toBe(201);
      const bottle = res.json<Bottle>();
      expect(bottle).toMatchObject({
        whisky: { id: lagavulin.id, name: 'Lagavulin 16', distillery: 'Lagavulin', abv: 43 },
        location: { id: cabinet.id, name: 'Cabinet' },
        status: 'sealed',
        sizeMl: 700,
        currentVolumeMl: 700,
        fillPercent: 100,
        openedAt: null,
        totalPouredMl: 0,
        pourCount: 0,
        version: 1,
      });
      expect(await auditTotal('bottle.created', bottle.id)).toBe(1);
    });

    it('records what is missing from an already open bottle as a correction pour', async () => {
      const bottle = await create({
        whiskyId: lagavulin.id,
        status: 'open',
        sizeMl: 1000,
        currentVolumeMl: 455.5,
      });
      expect(bottle).toMatchObject({
        status: 'open',
        sizeMl: 1000,
        currentVolumeMl: 455.5,
        fillPercent: 45.6,
        totalPouredMl: 544.5,
        pourCount: 1,
      });
      expect(bottle.openedAt).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      const pours = (await get(`${BASE}/${bottle.id}/pours`)).json<Page<Pour>>();
      expect(pours.data).toEqual([expect.objectContaining({ ml: 544.5, reason: 'correction' })]);
    });

    it('takes a partial volume without a status as an open bottle, and 0 ml as a finished one', async () => {
      expect(await create({ whiskyId: springbank.id, currentVolumeMl: 300 })).toMatchObject({
        status: 'open',
        currentVolumeMl: 300,
      });
      const empty = await create({ whiskyId: springbank.id, currentVolumeMl: 0 });
      expect(empty).toMatchObject({ status: 'finished', currentVolumeMl: 0, totalPouredMl: 700 });
      expect(empty.finishedAt).not.toBeNull();
    });

    it('refuses a sealed bottle that is not full and more than the size (422)', async () => {
      const sealed = await send('POST', BASE, {
        whiskyId: lagavulin.id,
        status: 'sealed',
        currentVolumeMl: 500,
      });
      expect(sealed.statusCode).toBe(422);
      expect(sealed.headers['content-type']).toMatch(PROBLEM);
      const overfull = await send('POST', BASE, {
        whiskyId: lagavulin.id,
        sizeMl: 500,
        currentVolumeMl: 700,
      });
      expect(overfull.statusCode).toBe(422);
      expect(overfull.json()).toMatchObject({ errors: [{ field: 'currentVolumeMl' }] });
    });

    it('validates the body: size range, price decimals, currency with a price, unknown fields (400)', async () => {
      const fields = async (payload: object) => {
        const res = await send('POST', BASE, { whiskyId: lagavulin.id, ...payload });
        expect(res.statusCode).toBe(400);
        return res.json<{ errors: { field: string }[] }>().errors.map((e) => e.field);
      };
      expect(await fields({ sizeMl: 40 })).toEqual(['sizeMl']);
      expect(await fields({ sizeMl: 5001 })).toEqual(['sizeMl']);
      expect(await fields({ purchasePrice: 10.123, currency: 'GBP' })).toEqual(['purchasePrice']);
      expect(await fields({ purchasePrice: -1, currency: 'GBP' })).toEqual(['purchasePrice']);
      expect(await fields({ purchasePrice: 50 })).toEqual(['currency']);
      expect(await fields({ currency: 'XYZ' })).toEqual(['currency']);
      expect(await fields({ purchasedAt: '2024-02-30' })).toEqual(['purchasedAt']);
      expect(await fields({ status: 'finished' })).toEqual(['status']);
      expect(await fields({ currentVolumeMl: 10.25 })).toEqual(['currentVolumeMl']);
      expect(await fields({ household: MISSING })).toEqual(['household']);
      expect(await fields({ currentVolume: 10 })).toEqual(['currentVolume']);
    });

    it('stores purchase details and normalises the currency', async () => {
      const bottle = await create({
        whiskyId: springbank.id,
        purchasePrice: 89.9,
        currency: 'gbp',
        purchasedAt: '2024-12-01',
        shop: 'The Whisky Exchange',
        estimatedValue: 120,
        notes: 'Christmas',
        externalId: 'ext-1',
      });
      expect(bottle).toMatchObject({
        purchasePrice: 89.9,
        currency: 'GBP',
        purchasedAt: '2024-12-01',
        shop: 'The Whisky Exchange',
        estimatedValue: 120,
        notes: 'Christmas',
      });
    });

    it("answers 404 for another household's whisky or location", async () => {
      const theirs = await insertWhisky(stranger, { name: 'Their whisky' });
      const theirPlace = await insertLocation(stranger, 'Their shelf');
      expect((await send('POST', BASE, { whiskyId: theirs.id })).statusCode).toBe(404);
      expect((await send('POST', BASE, { whiskyId: MISSING })).statusCode).toBe(404);
      const place = await send('POST', BASE, { whiskyId: lagavulin.id, locationId: theirPlace.id });
      expect(place.statusCode).toBe(404);
      expect(place.json()).toMatchObject({ errors: [{ field: 'locationId' }] });
    });
  });

  describe('changing a bottle', () => {
    it('moves it, reprices it and annotates it with the current version; null clears', async () => {
      const bottle = await create({ whiskyId: lagavulin.id, locationId: cabinet.id });
      const res = await send('PATCH', `${BASE}/${bottle.id}`, {
        version: bottle.version,
        locationId: cellar.id,
        purchasePrice: 65.5,
        currency: 'EUR',
        notes: 'Birthday present',
      });
      expect(res.statusCode).toBe(200);
      const moved = res.json<Bottle>();
      expect(moved).toMatchObject({
        location: { id: cellar.id, name: 'Cellar' },
        purchasePrice: 65.5,
        currency: 'EUR',
        notes: 'Birthday present',
        version: bottle.version + 1,
      });
      const cleared = await send('PATCH', `${BASE}/${bottle.id}`, {
        version: moved.version,
        locationId: null,
        notes: null,
      });
      expect(cleared.json()).toMatchObject({ location: null, notes: null, currency: 'EUR' });
      expect(await auditTotal('bottle.updated', bottle.id)).toBe(2);
    });

    it('refuses a stale version with 409 and changes nothing', async () => {
      const bottle = await create({ whiskyId: lagavulin.id });
      await send('PATCH', `${BASE}/${bottle.id}`, { version: bottle.version, notes: 'first' });
      const stale = await send('PATCH', `${BASE}/${bottle.id}`, { version: bottle.version, notes: 'second' });
      expect(stale.statusCode).toBe(409);
      expect(stale.headers['content-type']).toMatch(PROBLEM);
      expect((await fetchBottle(bottle.id)).notes).toBe('first');
    });

    it('knows that a pour changed the bottle since it was read (409)', async () => {
      const bottle = await create({ whiskyId: lagavulin.id });
      expect((await pour(bottle.id, 30)).statusCode).toBe(201);
      const stale = await send('PATCH', `${BASE}/${bottle.id}`, { version: bottle.version, notes: 'late' });
      expect(stale.statusCode).toBe(409);
    });

    it('refuses unknown fields and the volume itself (400): the volume changes only through pours', async () => {
      const bottle = await create({ whiskyId: lagavulin.id });
      const res = await send('PATCH', `${BASE}/${bottle.id}`, {
        version: bottle.version,
        currentVolumeMl: 10,
      });
      expect(res.statusCode).toBe(400);
      expect(res.json<{ errors: { field: string }[] }>().errors.map((e) => e.field)).toEqual([
        'currentVolumeMl',
      ]);
      const noVersion = await send('PATCH', `${BASE}/${bottle.id}`, { notes: 'x' });
      expect(noVersion.statusCode).toBe(400);
      const nullStatus = await send('PATCH', `${BASE}/${bottle.id}`, {
        version: bottle.version,
        status: null,
      });
      expect(nullStatus.statusCode).toBe(400);
      expect((await fetchBottle(bottle.id)).currentVolumeMl).toBe(700);
    });

    it('needs a currency for a price (422 when the bottle has none)', async () => {
      const bottle = await create({ whiskyId: lagavulin.id });
      const res = await send('PATCH', `${BASE}/${bottle.id}`, { version: bottle.version, purchasePrice: 30 });
      expect(res.statusCode).toBe(422);
      expect(res.json()).toMatchObject({ errors: [{ field: 'currency' }] });
      expect((await fetchBottle(bottle.id)).purchasePrice).toBeNull();
    });
  });

  describe('status transitions', () => {
    const patch = (bottle: Bottle, status: string) =>
      send('PATCH', `${BASE}/${bottle.id}`, { version: bottle.version, status });

    it('sealed → open sets the opening day', async () => {
      const bottle = await create({ whiskyId: lagavulin.id });
      const res = await patch(bottle, 'open');
      expect(res.statusCode).toBe(200);
      expect(res.json<Bottle>()).toMatchObject({ status: 'open', currentVolumeMl: 700, pourCount: 0 });
      expect(res.json<Bottle>().openedAt).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    });

    it('open → finished records the remainder as a correction pour through the ledger', async () => {
      const bottle = await create({ whiskyId: lagavulin.id, status: 'open' });
      expect((await pour(bottle.id, 100)).statusCode).toBe(201);
      const res = await patch(await fetchBottle(bottle.id), 'finished');
      expect(res.statusCode).toBe(200);
      const finished = res.json<Bottle>();
      expect(finished).toMatchObject({
        status: 'finished',
        currentVolumeMl: 0,
        totalPouredMl: 700,
        pourCount: 2,
      });
      expect(finished.finishedAt).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      const pours = (await get(`${BASE}/${bottle.id}/pours?sort=ml&order=ASC`)).json<Page<Pour>>();
      expect(pours.data.map((p) => [p.ml, p.reason])).toEqual([
        [100, 'dram'],
        [600, 'correction'],
      ]);
    });

    it('sealed or open → gifted or sold keeps the volume', async () => {
      const sealed = await create({ whiskyId: lagavulin.id });
      expect((await patch(sealed, 'gifted')).json()).toMatchObject({
        status: 'gifted',
        currentVolumeMl: 700,
      });
      const open = await create({ whiskyId: lagavulin.id, status: 'open', currentVolumeMl: 350 });
      expect((await patch(open, 'sold')).json()).toMatchObject({ status: 'sold', currentVolumeMl: 350 });
    });

    it('refuses every other transition with 422 and a message that says why', async () => {
      const sealed = await create({ whiskyId: lagavulin.id });
      const early = await patch(sealed, 'finished');
      expect(early.statusCode).toBe(422);
      expect(early.json<{ detail: string }>().detail).toMatch(
        /from sealed it can only become open, gifted, sold/,
      );

      const open = await create({ whiskyId: lagavulin.id, status: 'open' });
      expect((await patch(open, 'sealed')).statusCode).toBe(422);

      const gifted = (await patch(await create({ whiskyId: lagavulin.id }), 'gifted')).json<Bottle>();
      const regift = await patch(gifted, 'sold');
      expect(regift.statusCode).toBe(422);
      expect(regift.json<{ detail: string }>().detail).toMatch(/a gifted bottle keeps its status/);

      const finished = (await patch(open, 'finished')).json<Bottle>();
      for (const status of ['open', 'sealed', 'sold', 'gifted']) {
        const res = await patch(finished, status);
        expect(res.statusCode).toBe(422);
        expect(res.json()).toMatchObject({ errors: [{ field: 'status' }] });
      }
      expect(await fetchBottle(finished.id)).toMatchObject({ status: 'finished', version: finished.version });
    });

    it('the same status again is no change', async () => {
      const bottle = await create({ whiskyId: lagavulin.id });
      const res = await patch(bottle, 'sealed');
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ status: 'sealed', version: bottle.version });
    });
  });

  describe('deleting a bottle', () => {
    it('removes it with its pours (204) and is audited', async () => {
      const bottle = await create({ whiskyId: springbank.id, status: 'open', currentVolumeMl: 600 });
      expect((await pour(bottle.id, 25)).statusCode).toBe(201);
      const res = await send('DELETE', `${BASE}/${bottle.id}`);
      expect(res.statusCode).toBe(204);
      expect(res.body).toBe('');
      expect((await get(`${BASE}/${bottle.id}`)).statusCode).toBe(404);
      expect((await get(`/api/v1/pours?bottleId=${bottle.id}`)).json()).toMatchObject({ total: 0 });
      expect(await auditTotal('bottle.deleted', bottle.id)).toBe(1);
      expect((await send('DELETE', `${BASE}/${bottle.id}`)).statusCode).toBe(404);
    });
  });

  describe('the list', () => {
    let lister: SignedIn;
    let glen: Whisky;
    let wild: Whisky;
    let listed: Bottle[];

    beforeAll(async () => {
      // A fresh household, so the counts below are exact.
      const owner = await registerUser(t.app, { displayName: 'Lister' });
      lister = owner;
      glen = await insertWhisky(owner, { name: 'Glen Scotia 15', distillery: 'Glen Scotia', abv: 46 });
      wild = await insertWhisky(owner, { name: '100% Rye_Cask', distillery: null as never, abv: 50 });
      const shelf = await insertLocation(owner, 'Shelf');
      const add = (payload: object) => create(payload, owner);
      listed = [
        await add({ whiskyId: glen.id, locationId: shelf.id, purchasedAt: '2023-05-01' }),
        await add({ whiskyId: glen.id, status: 'open', currentVolumeMl: 200 }),
        await add({
          whiskyId: wild.id,
          locationId: shelf.id,
          currentVolumeMl: 500,
          purchasedAt: '2024-01-01',
        }),
        await add({ whiskyId: wild.id, status: 'open', currentVolumeMl: 650 }),
        await add({ whiskyId: glen.id, currentVolumeMl: 0 }),
      ];
    });
    const list = async (query: string) => {
      const res = await get(`${BASE}?${query}`, lister);
      expect(res.statusCode).toBe(200);
      return res.json<Page<Bottle>>();
    };
    const ids = (page: Page<Bottle>) => page.data.map((bottle) => bottle.id);

    it('is newest first by default, embeds whisky and location, and pages', async () => {
      const all = await list('');
      expect(all.total).toBe(5);
      expect(ids(all)).toEqual(listed.map((b) => b.id).reverse());
      expect(all.data[4]).toMatchObject({
        whisky: { id: glen.id, name: 'Glen Scotia 15', distillery: 'Glen Scotia', abv: 46 },
        location: { name: 'Shelf' },
        fillPercent: 100,
      });
      expect(all.data[3]).toMatchObject({ location: null, fillPercent: 28.6 });
      expect(all.data[0]).not.toHaveProperty('pourCount');
      const second = await list('perPage=2&page=2');
      expect(second.total).toBe(5);
      expect(ids(second)).toEqual([listed[2].id, listed[1].id]);
      expect((await list('perPage=2&page=4')).data).toEqual([]);
    });

    it('filters by status, whisky and location', async () => {
      expect(ids(await list('status=open'))).toEqual([listed[3].id, listed[2].id, listed[1].id]);
      expect((await list(`whiskyId=${wild.id}`)).total).toBe(2);
      expect(ids(await list(`locationId=${listed[0].location!.id}`))).toEqual([listed[2].id, listed[0].id]);
      expect((await list(`whiskyId=${glen.id}&status=finished`)).total).toBe(1);
      expect((await list(`whiskyId=${lagavulin.id}`)).total).toBe(0);
    });

    it('searches the whisky name case-insensitively, with % and _ taken literally', async () => {
      expect((await list('q=scotia')).total).toBe(3);
      expect((await list('q=100%25')).total).toBe(2);
      expect((await list('q=%25')).total).toBe(2);
      expect((await list('q=_')).total).toBe(2);
      expect((await list('q=Glen%25')).total).toBe(0);
      expect((await list('q=Glen_Scotia')).total).toBe(0);
    });

    it('sorts by volume, purchase date (undated last) and status (alphabetically)', async () => {
      const byVolume = await list('sort=currentVolumeMl&order=ASC');
      expect(byVolume.data.map((b) => b.currentVolumeMl)).toEqual([0, 200, 500, 650, 700]);
      const byPurchase = await list('sort=purchasedAt&order=DESC');
      expect(byPurchase.data.slice(0, 2).map((b) => b.purchasedAt)).toEqual(['2024-01-01', '2023-05-01']);
      const byPurchaseAsc = await list('sort=purchasedAt&order=ASC');
      expect(byPurchaseAsc.data.slice(0, 2).map((b) => b.purchasedAt)).toEqual(['2023-05-01', '2024-01-01']);
      const byStatus = await list('sort=status&order=ASC');
      expect(byStatus.data.map((b) => b.status)).toEqual(['finished', 'open', 'open', 'open', 'sealed']);
    });

    it('refuses unknown sort fields, filters and bad values (400)', async () => {
      for (const query of ['sort=whisky', 'status=empty', 'whiskyId=nope', 'colour=amber', 'perPage=101']) {
        expect((await get(`${BASE}?${query}`, lister)).statusCode).toBe(400);
      }
    });

    it('loads a page with its whiskies, locations and cover photos in three queries (no N+1)', async () => {
      // Every query of the ORM passes through the connection's (protected) executeQuery.
      const connection = orm.em.getConnection() as unknown as {
        executeQuery(sql: string, ...rest: unknown[]): Promise<unknown>;
      };
      const spy = jest.spyOn(connection, 'executeQuery');
      try {
        const page = await list('perPage=100');
        expect(page.data).toHaveLength(5);
        const queries = spy.mock.calls
          .map(([sql]) => sql)
          .filter((sql) => /\b(bottle|whisky|location|photo)\b/.test(sql));
        // One count, one select that joins whisky and location, one for the page's covers; none per bottle.
        expect(queries).toHaveLength(3);
        expect(queries.find((sql) => /join "whisky"/.test(sql) && /join "location"/.test(sql))).toBeDefined();
      } finally {
        spy.mockRestore();
      }
    });
  });

  describe('households and roles', () => {
    let mine: Bottle;
    beforeAll(async () => {
      mine = await create({ whiskyId: lagavulin.id, locationId: cabinet.id });
    });

    it("answers 404 for another household's bottle on get, patch, delete and pour", async () => {
      const url = `${BASE}/${mine.id}`;
      const theirs = await get(url, stranger);
      const missing = await get(`${BASE}/${MISSING}`, stranger);
      expect(theirs.statusCode).toBe(404);
      expect(missing.statusCode).toBe(404);
      expect(theirs.json<{ detail: string }>().detail.replace(mine.id, 'X')).toBe(
        missing.json<{ detail: string }>().detail.replace(MISSING, 'X'),
      );
      expect(
        (await send('PATCH', url, { version: mine.version, notes: 'mine now' }, stranger)).statusCode,
      ).toBe(404);
      expect((await send('DELETE', url, undefined, stranger)).statusCode).toBe(404);
      expect((await send('POST', `${url}/pours`, { ml: 10, reason: 'dram' }, stranger)).statusCode).toBe(404);
      expect((await get(`${url}/pours`, stranger)).statusCode).toBe(404);
      expect(await fetchBottle(mine.id)).toMatchObject({
        notes: null,
        currentVolumeMl: 700,
        version: mine.version,
      });
    });

    it("keeps other households' bottles out of lists, even when searched for", async () => {
      const theirs = (await get(`${BASE}?perPage=100`, stranger)).json<Page<Bottle>>();
      expect(theirs.data.map((b) => b.id)).not.toContain(mine.id);
      const searched = (await get(`${BASE}?q=Lagavulin&whiskyId=${lagavulin.id}`, stranger)).json<
        Page<Bottle>
      >();
      expect(searched.total).toBe(0);
    });

    it('lets read-only members read but not write (403 on every write route)', async () => {
      expect((await get(`${BASE}/${mine.id}`, reader)).statusCode).toBe(200);
      expect((await get(BASE, reader)).statusCode).toBe(200);
      const writes = [
        await send('POST', BASE, { whiskyId: lagavulin.id }, reader),
        await send('PATCH', `${BASE}/${mine.id}`, { version: mine.version, notes: 'x' }, reader),
        await send('DELETE', `${BASE}/${mine.id}`, undefined, reader),
        await send('POST', `${BASE}/${mine.id}/pours`, { ml: 10, reason: 'dram' }, reader),
      ];
      for (const res of writes) {
        expect(res.statusCode).toBe(403);
        expect(res.headers['content-type']).toMatch(PROBLEM);
      }
      expect(await fetchBottle(mine.id)).toMatchObject({ currentVolumeMl: 700, version: mine.version });
    });

    it('validates ids in the path (400)', async () => {
      expect((await get(`${BASE}/not-a-uuid`)).statusCode).toBe(400);
    });
  });

  describe('the running-low filter (fillBelow)', () => {
    let owner: SignedIn;
    let low: Bottle[];

    beforeAll(async () => {
      // A household of its own, so the totals are exact.
      owner = await registerUser(t.app, { displayName: 'Low' });
      const whisky = await insertWhisky(owner, { name: 'Ardbeg 10', defaultSizeMl: 700 });
      const add = (payload: object) => create({ whiskyId: whisky.id, ...payload }, owner);
      await add({});
      await add({ status: 'open', currentVolumeMl: 200 });
      // 19.99 % shows as fillPercent 20: not below 20, like the number the console shows.
      await add({ status: 'open', currentVolumeMl: 139.9 });
      low = [
        await add({ status: 'open', currentVolumeMl: 100 }),
        await add({ status: 'open', currentVolumeMl: 70 }),
        await add({ currentVolumeMl: 0 }),
      ];
    });
    const list = async (query: string) => {
      const res = await get(`${BASE}?${query}`, owner);
      expect(res.statusCode).toBe(200);
      return res.json<Page<Bottle>>();
    };

    it('lists only bottles whose fillPercent is below it, in SQL: totals and pages stay right', async () => {
      const below20 = await list('fillBelow=20');
      expect(below20.total).toBe(3);
      expect(below20.data.map((b) => b.id)).toEqual(low.map((b) => b.id).reverse());
      expect(below20.data.map((b) => b.fillPercent)).toEqual([0, 10, 14.3]);

      const runningLow = await list('fillBelow=20&status=open&perPage=1&page=2');
      expect(runningLow.total).toBe(2);
      expect(runningLow.data.map((b) => b.id)).toEqual([low[0].id]);

      expect((await list('fillBelow=100')).total).toBe(5);
      expect((await list('fillBelow=1')).total).toBe(1);
      // Another household's low bottles stay out.
      expect((await get(`${BASE}?fillBelow=100`, stranger)).json<Page<Bottle>>().data).not.toContainEqual(
        expect.objectContaining({ id: low[0].id }),
      );
    });

    it('refuses a fillBelow that is not a whole percentage from 1 to 100 (400 problem+json)', async () => {
      for (const value of ['low', '12.5', '0', '101', '']) {
        const res = await get(`${BASE}?fillBelow=${value}`, owner);
        expect(res.statusCode).toBe(400);
        expect(res.headers['content-type']).toMatch(PROBLEM);
        expect(res.json<{ errors: { field: string }[] }>().errors).toContainEqual(
          expect.objectContaining({ field: 'fillBelow' }),
        );
      }
    });
  });
});
