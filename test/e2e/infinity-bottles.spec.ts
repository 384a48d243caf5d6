import { MikroORM } from '@mikro-orm/postgresql';
import { AuditEvent } from '../../src/audit/audit-event.entity.js';
import { Bottle, type BottleStatus } from '../../src/inventory/bottles/bottle.entity.js';
import { InfinityEntry } from '../../src/inventory/infinity/infinity-entry.entity.js';
import { Pour } from '../../src/inventory/pours/pour.entity.js';
import { Whisky } from '../../src/inventory/whiskies/whisky.entity.js';
import { Household } from '../../src/users/households/household.entity.js';
import { addMember, bearer, openRegistration, registerUser, type SignedIn } from '../factories/users.js';
import { createTestApp, type TestApp } from '../setup/test-app.js';

const PROBLEM = /^application\/problem\+json/;
const BASE = '/api/v1/infinity-bottles';

interface Composition {
  whiskyId: string;
  whiskyName: string;
  ml: number;
  percent: number;
}
interface Entry {
  id: string;
  kind: 'addition' | 'pour';
  ml: number;
  whisky: { id: string; name: string } | null;
  abv: number | null;
  sourceBottleId: string | null;
  at: string;
  by: { id: string; displayName: string } | null;
  notes: string | null;
}
interface Detail {
  id: string;
  name: string;
  capacityMl: number;
  volumeMl: number;
  notes: string | null;
  version: number;
  composition: Composition[];
  estimatedAbv: number | null;
  history: Entry[];
}

/** A whisky and one bottle of it, made directly in the database (the bottle API is not under test here). */
interface Source {
  whiskyId: string;
  bottleId: string;
}

describe('infinity bottles', () => {
  let t: TestApp;
  let orm: MikroORM;
  let admin: SignedIn;
  let reader: SignedIn;
  let stranger: SignedIn;
  let a: Source;
  let b: Source;
  let c: Source;

  beforeAll(async () => {
    t = await createTestApp();
    orm = t.app.get(MikroORM);
    admin = await registerUser(t.app, { displayName: 'Ada' });
    reader = await addMember(t.app, admin, 'read_only', 'reader');
    await openRegistration(t.app, admin);
    stranger = await registerUser(t.app, { displayName: 'Stranger' });
    a = await seed(admin, 'Springbank 10', 46);
    b = await seed(admin, 'Glenfarclas 12', 40);
    c = await seed(admin, 'Ardbeg Corryvreckan', 57.1);
  });
  afterAll(async () => {
    await t.close();
  });

  async function seed(
    owner: SignedIn,
    name: string,
    abv: number,
    bottle: { sizeMl?: number; currentVolumeMl?: number; status?: BottleStatus } = {},
  ): Promise<Source> {
    const em = orm.em.fork();
    const household = em.getReference(Household, owner.user.householdId);
    const whisky = em.create(Whisky, { household, name, style: 'single_malt', abv });
    const sizeMl = bottle.sizeMl ?? 700;
    const created = em.create(Bottle, {
      household,
      whisky,
      sizeMl,
      currentVolumeMl: bottle.currentVolumeMl ?? sizeMl,
      status: bottle.status ?? 'sealed',
    });
    await em.flush();
    return { whiskyId: whisky.id, bottleId: created.id };
  }

  /** A bottle as stored, looked at across households (the test is no request). */
  const bottleRow = (id: string) => orm.em.fork().findOneOrFail(Bottle, id, { filters: false });
  const poursOf = (bottleId: string) =>
    orm.em.fork().find(Pour, { bottle: bottleId }, { filters: false, orderBy: { pouredAt: 'ASC' } });

  const get = (url: string, who: SignedIn = admin) =>
    t.app.inject({ method: 'GET', url, headers: bearer(who.accessToken) });
  const send = (method: 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object, who: SignedIn = admin) =>
    t.app.inject({ method, url, payload, headers: bearer(who.accessToken) });
  const detail = async (id: string, who: SignedIn = admin) => {
    const res = await get(`${BASE}/${id}`, who);
    expect(res.statusCode).toBe(200);
    return res.json<Detail>();
  };
  const create = async (capacityMl: number, name = 'Solera', who: SignedIn = admin) => {
    const res = await send('POST', BASE, { name, capacityMl }, who);
    expect(res.statusCode).toBe(201);
    return res.json<Detail>();
  };
  const addFrom = (id: string, source: Source, ml: number, extra: object = {}) =>
    send('POST', `${BASE}/${id}/additions`, { bottleId: source.bottleId, ml, ...extra });
  const pourOut = (id: string, ml: number, extra: object = {}) =>
    send('POST', `${BASE}/${id}/pours`, { ml, ...extra });
  const byWhisky = (composition: Composition[]) =>
    Object.fromEntries(composition.map((item) => [item.whiskyName, { ml: item.ml, percent: item.percent }]));

  describe('creating and listing', () => {
    it('creates an empty vessel', async () => {
      const res = await send('POST', BASE, { name: 'House Blend', capacityMl: 700, notes: 'Peaty side' });
      expect(res.statusCode).toBe(201);
      expect(res.json()).toMatchObject({
        name: 'House Blend',
        capacityMl: 700,
        volumeMl: 0,
        notes: 'Peaty side',
        version: 1,
        composition: [],
        estimatedAbv: null,
        history: [],
      });
    });

    it('refuses a capacity outside 50–20000 ml, and unknown fields', async () => {
      for (const capacityMl of [49, 20_001, 100.5]) {
        const res = await send('POST', BASE, { name: 'Odd', capacityMl });
        expect(res.statusCode).toBe(400);
        expect(res.headers['content-type']).toMatch(PROBLEM);
      }
      expect((await send('POST', BASE, { name: 'Odd', capacityMl: 50, volumeMl: 10 })).statusCode).toBe(400);
      expect((await send('POST', BASE, { name: '', capacityMl: 50 })).statusCode).toBe(400);
    });

    it('lists with the list convention: sorted by name or date, searchable, with each volume', async () => {
      const zeta = await create(500, 'Zeta list');
      const alpha = await create(500, 'Alpha list');
      expect((await addFrom(alpha.id, a, 20)).statusCode).toBe(201);

      const byName = await get(`${BASE}?sort=name&order=ASC&q=list`);
      expect(byName.statusCode).toBe(200);
      const page = byName.json<{ data: { id: string; name: string; volumeMl: number }[]; total: number }>();
      expect(page.total).toBe(2);
      expect(page.data.map((item) => item.name)).toEqual(['Alpha list', 'Zeta list']);
      expect(page.data.map((item) => item.volumeMl)).toEqual([20, 0]);

      const newestFirst = await get(`${BASE}?sort=createdAt&order=DESC&perPage=1`);
      expect(newestFirst.json<{ data: { id: string }[] }>().data.map((item) => item.id)).toEqual([alpha.id]);
      expect(newestFirst.json<{ total: number }>().total).toBeGreaterThanOrEqual(3);
      expect((await get(`${BASE}?sort=capacityMl`)).statusCode).toBe(400);
      expect(zeta.id).toBeDefined();
    });
  });

  describe('the blend (acceptance: add, add, pour, add)', () => {
    let vessel: Detail;

    beforeAll(async () => {
      vessel = await create(1000, 'Acceptance');
    });

    it('follows the hand-computed values', async () => {
      expect((await addFrom(vessel.id, a, 100)).statusCode).toBe(201);
      expect((await addFrom(vessel.id, b, 300)).statusCode).toBe(201);
      const poured = await pourOut(vessel.id, 200);
      expect(poured.statusCode).toBe(201);
      // 400 ml at 1:3, minus 200 → half of each.
      expect(poured.json<Detail>().volumeMl).toBe(200);
      expect(byWhisky(poured.json<Detail>().composition)).toEqual({
        'Springbank 10': { ml: 50, percent: 25 },
        'Glenfarclas 12': { ml: 150, percent: 75 },
      });
      expect((await addFrom(vessel.id, c, 50)).statusCode).toBe(201);

      const result = await detail(vessel.id);
      expect(result.volumeMl).toBe(250);
      expect(result.capacityMl).toBe(1000);
      expect(result.composition[0]).toEqual({
        whiskyId: b.whiskyId,
        whiskyName: 'Glenfarclas 12',
        ml: 150,
        percent: 60,
      });
      expect(result.composition.slice(1)).toEqual(
        expect.arrayContaining([
          { whiskyId: a.whiskyId, whiskyName: 'Springbank 10', ml: 50, percent: 20 },
          { whiskyId: c.whiskyId, whiskyName: 'Ardbeg Corryvreckan', ml: 50, percent: 20 },
        ]),
      );
      // (50×46 + 150×40 + 50×57.1) / 250 = 44.62
      expect(result.estimatedAbv).toBe(44.6);
    });

    it('shows the history oldest first, with kind, ml, whisky, strength, source, time and author', async () => {
      const { history } = await detail(vessel.id);
      expect(history.map((entry) => [entry.kind, entry.ml, entry.whisky?.name ?? null, entry.abv])).toEqual([
        ['addition', 100, 'Springbank 10', 46],
        ['addition', 300, 'Glenfarclas 12', 40],
        ['pour', 200, null, null],
        ['addition', 50, 'Ardbeg Corryvreckan', 57.1],
      ]);
      expect(history.map((entry) => entry.sourceBottleId)).toEqual([
        a.bottleId,
        b.bottleId,
        null,
        c.bottleId,
      ]);
      expect(history.every((entry) => entry.by?.id === admin.user.id && entry.by.displayName === 'Ada')).toBe(
        true,
      );
      const times = history.map((entry) => Date.parse(entry.at));
      expect([...times].sort((x, y) => x - y)).toEqual(times);
    });

    it("took the additions out of the source bottles through their ledgers (reason 'infinity')", async () => {
      // Springbank also gave 20 ml to the list test's vessel.
      expect(await bottleRow(a.bottleId)).toMatchObject({ currentVolumeMl: 580, status: 'open' });
      expect(await bottleRow(b.bottleId)).toMatchObject({ currentVolumeMl: 400, status: 'open' });
      expect(await bottleRow(c.bottleId)).toMatchObject({ currentVolumeMl: 650, status: 'open' });
      const pours = await poursOf(b.bottleId);
      expect(pours.map((pour) => [pour.ml, pour.reason])).toEqual([[300, 'infinity']]);
      const entries = await orm.em
        .fork()
        .find(InfinityEntry, { infinityBottle: vessel.id, kind: 'addition' }, { filters: false });
      expect(entries.map((entry) => entry.sourcePour?.id).sort()).toEqual(
        [...(await poursOf(a.bottleId)).slice(-1), ...pours, ...(await poursOf(c.bottleId))]
          .map((pour) => pour.id)
          .sort(),
      );
    });

    it('records every movement in the audit trail', async () => {
      const events = await orm.em
        .fork()
        .find(AuditEvent, { targetId: vessel.id }, { filters: false, orderBy: { id: 'ASC' } });
      expect(events.map((event) => event.action)).toEqual([
        'infinity_bottle.created',
        'infinity_bottle.added',
        'infinity_bottle.added',
        'infinity_bottle.poured',
        'infinity_bottle.added',
      ]);
      expect(events.every((event) => event.actorId === admin.user.id)).toBe(true);
    });

    it('refuses an addition beyond the capacity (422) and changes nothing', async () => {
      // 250 ml in a 1000 ml vessel: 751 ml do not fit.
      const before = await bottleRow(b.bottleId);
      const res = await addFrom(vessel.id, b, 751);
      expect(res.statusCode).toBe(422);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect(res.json<{ errors: { field: string }[] }>().errors[0]?.field).toBe('ml');
      expect((await bottleRow(b.bottleId)).currentVolumeMl).toBe(before.currentVolumeMl);
      expect(await poursOf(b.bottleId)).toHaveLength(1);
      expect((await detail(vessel.id)).history).toHaveLength(4);
    });

    it("refuses to overdraw the source bottle or pour from a finished one (422, the ledger's refusal)", async () => {
      const nearlyEmpty = await seed(admin, 'Last drops', 43, {
        sizeMl: 700,
        currentVolumeMl: 30,
        status: 'open',
      });
      const overdraw = await addFrom(vessel.id, nearlyEmpty, 40);
      expect(overdraw.statusCode).toBe(422);
      expect((await bottleRow(nearlyEmpty.bottleId)).currentVolumeMl).toBe(30);
      expect(await poursOf(nearlyEmpty.bottleId)).toHaveLength(0);

      const finished = await seed(admin, 'Empty', 43, { currentVolumeMl: 0, status: 'finished' });
      expect((await addFrom(vessel.id, finished, 10)).statusCode).toBe(422);
      expect((await detail(vessel.id)).history).toHaveLength(4);
    });

    it('refuses to pour more than the vessel holds (422)', async () => {
      const res = await pourOut(vessel.id, 250.1);
      expect(res.statusCode).toBe(422);
      expect((await detail(vessel.id)).volumeMl).toBe(250);
    });

    it('refuses entries dated before the latest one or in the future (422), and validates ml', async () => {
      expect((await pourOut(vessel.id, 10, { at: '2020-01-01T00:00:00Z' })).statusCode).toBe(422);
      const future = new Date(Date.now() + 86_400_000).toISOString();
      expect((await pourOut(vessel.id, 10, { at: future })).statusCode).toBe(422);
      expect((await pourOut(vessel.id, 0)).statusCode).toBe(400);
      expect((await pourOut(vessel.id, 1.25)).statusCode).toBe(400);
      expect((await addFrom(vessel.id, a, 10, { bottleId: 'not-a-uuid' })).statusCode).toBe(400);
      expect((await detail(vessel.id)).history).toHaveLength(4);
    });

    it('undoes only the latest entry (409 for older ones); undoing an addition refills its source bottle', async () => {
      const { history } = await detail(vessel.id);
      const older = await send('DELETE', `${BASE}/${vessel.id}/entries/${history[1].id}`);
      expect(older.statusCode).toBe(409);

      const undo = await send('DELETE', `${BASE}/${vessel.id}/entries/${history[3].id}`);
      expect(undo.statusCode).toBe(204);
      expect(await bottleRow(c.bottleId)).toMatchObject({ currentVolumeMl: 700 });
      expect(await poursOf(c.bottleId)).toHaveLength(0);
      const after = await detail(vessel.id);
      expect(after.volumeMl).toBe(200);
      expect(byWhisky(after.composition)).toEqual({
        'Springbank 10': { ml: 50, percent: 25 },
        'Glenfarclas 12': { ml: 150, percent: 75 },
      });

      // Now the pour is the latest: undoing it puts its 200 ml back into the blend.
      expect((await send('DELETE', `${BASE}/${vessel.id}/entries/${history[2].id}`)).statusCode).toBe(204);
      const refilled = await detail(vessel.id);
      expect(refilled.volumeMl).toBe(400);
      expect(byWhisky(refilled.composition)).toEqual({
        'Springbank 10': { ml: 100, percent: 25 },
        'Glenfarclas 12': { ml: 300, percent: 75 },
      });
      expect(refilled.estimatedAbv).toBe(41.5);
      // An entry that is gone, or of another vessel, is not found.
      expect((await send('DELETE', `${BASE}/${vessel.id}/entries/${history[3].id}`)).statusCode).toBe(404);
      const other = await create(100, 'Other');
      expect((await send('DELETE', `${BASE}/${other.id}/entries/${history[1].id}`)).statusCode).toBe(404);
    });

    it('accepts an explicit date after the latest entry, to the millisecond', async () => {
      const latest = (await detail(vessel.id)).history.at(-1)!;
      const same = await pourOut(vessel.id, 40, { at: latest.at });
      expect(same.statusCode).toBe(422);
      const at = new Date(Date.parse(latest.at) + 1).toISOString();
      const res = await pourOut(vessel.id, 40, { at, notes: 'Friday dram' });
      expect(res.statusCode).toBe(201);
      expect(res.json<Detail>().history.at(-1)).toMatchObject({
        kind: 'pour',
        ml: 40,
        at,
        notes: 'Friday dram',
      });
      expect(res.json<Detail>().volumeMl).toBe(360);
    });
  });

  describe('changing and deleting', () => {
    it('renames and resizes with the current version; a stale one is 409', async () => {
      const vessel = await create(500, 'Resize me');
      const renamed = await send('PATCH', `${BASE}/${vessel.id}`, {
        version: vessel.version,
        name: 'Resized',
        capacityMl: 800,
      });
      expect(renamed.statusCode).toBe(200);
      expect(renamed.json()).toMatchObject({ name: 'Resized', capacityMl: 800, version: vessel.version + 1 });
      const stale = await send('PATCH', `${BASE}/${vessel.id}`, { version: vessel.version, name: 'Late' });
      expect(stale.statusCode).toBe(409);
      expect((await detail(vessel.id)).name).toBe('Resized');
      expect((await send('PATCH', `${BASE}/${vessel.id}`, { name: 'No version' })).statusCode).toBe(400);
      expect(
        (await send('PATCH', `${BASE}/${vessel.id}`, { version: vessel.version + 1, name: null })).statusCode,
      ).toBe(400);
    });

    it('refuses a capacity below what the vessel holds (422), and an undo that would overflow it', async () => {
      const vessel = await create(200, 'Small');
      expect((await addFrom(vessel.id, a, 100)).statusCode).toBe(201);
      expect((await pourOut(vessel.id, 40)).statusCode).toBe(201);

      // 60 ml inside: 59 ml is too small, 60 is enough.
      const below = await send('PATCH', `${BASE}/${vessel.id}`, { version: vessel.version, capacityMl: 59 });
      expect(below.statusCode).toBe(422);
      expect(below.json<{ errors: { field: string }[] }>().errors[0]?.field).toBe('capacityMl');
      expect((await detail(vessel.id)).capacityMl).toBe(200);
      const shrunk = await send('PATCH', `${BASE}/${vessel.id}`, { version: vessel.version, capacityMl: 60 });
      expect(shrunk.statusCode).toBe(200);
      expect(shrunk.json()).toMatchObject({ capacityMl: 60, volumeMl: 60 });

      // Undoing the 40 ml pour would put 100 ml into the 60 ml vessel.
      const { history } = await detail(vessel.id);
      const undo = await send('DELETE', `${BASE}/${vessel.id}/entries/${history[1].id}`);
      expect(undo.statusCode).toBe(422);
      expect(await detail(vessel.id)).toMatchObject({ volumeMl: 60, history: [{}, {}] });
    });

    it('deletes only an empty vessel (409 otherwise), with its history', async () => {
      const vessel = await create(500, 'Short-lived');
      expect((await addFrom(vessel.id, b, 0.1)).statusCode).toBe(201);
      expect((await addFrom(vessel.id, c, 0.2)).statusCode).toBe(201);
      expect((await send('DELETE', `${BASE}/${vessel.id}`)).statusCode).toBe(409);

      // 0.1 + 0.2 − 0.3 leaves exactly nothing, not float dust.
      const emptied = await pourOut(vessel.id, 0.3);
      expect(emptied.json()).toMatchObject({ volumeMl: 0, composition: [], estimatedAbv: null });
      expect((await send('DELETE', `${BASE}/${vessel.id}`)).statusCode).toBe(204);
      expect((await get(`${BASE}/${vessel.id}`)).statusCode).toBe(404);
      expect(
        await orm.em.fork().count(InfinityEntry, { infinityBottle: vessel.id }, { filters: false }),
      ).toBe(0);
      // The source bottles keep their pours: the whisky did leave them.
      expect((await poursOf(c.bottleId)).map((pour) => pour.ml)).toEqual([0.2]);
    });
  });

  describe('access', () => {
    let vessel: Detail;
    beforeAll(async () => {
      vessel = await create(700, 'Guarded');
      expect((await addFrom(vessel.id, a, 30)).statusCode).toBe(201);
    });

    it('lets read-only users look but not change anything (403)', async () => {
      expect((await get(BASE, reader)).statusCode).toBe(200);
      expect((await detail(vessel.id, reader)).volumeMl).toBe(30);
      const { history } = await detail(vessel.id);
      const writes = [
        send('POST', BASE, { name: 'Mine', capacityMl: 700 }, reader),
        send('PATCH', `${BASE}/${vessel.id}`, { version: vessel.version, name: 'Mine' }, reader),
        send('DELETE', `${BASE}/${vessel.id}`, undefined, reader),
        send('POST', `${BASE}/${vessel.id}/additions`, { bottleId: a.bottleId, ml: 10 }, reader),
        send('POST', `${BASE}/${vessel.id}/pours`, { ml: 10 }, reader),
        send('DELETE', `${BASE}/${vessel.id}/entries/${history[0].id}`, undefined, reader),
      ];
      for (const res of await Promise.all(writes)) {
        expect(res.statusCode).toBe(403);
        expect(res.headers['content-type']).toMatch(PROBLEM);
      }
      expect((await detail(vessel.id)).history).toHaveLength(1);
    });

    it("answers 404 for another household's vessel, and never lists it", async () => {
      const { history } = await detail(vessel.id);
      const theirs = await create(700, 'Their solera', stranger);
      const attempts = [
        get(`${BASE}/${vessel.id}`, stranger),
        send('PATCH', `${BASE}/${vessel.id}`, { version: vessel.version, name: 'Taken' }, stranger),
        send('DELETE', `${BASE}/${vessel.id}`, undefined, stranger),
        send('POST', `${BASE}/${vessel.id}/pours`, { ml: 10 }, stranger),
        send('DELETE', `${BASE}/${vessel.id}/entries/${history[0].id}`, undefined, stranger),
      ];
      for (const res of await Promise.all(attempts)) expect(res.statusCode).toBe(404);
      const strangersList = (await get(BASE, stranger)).json<{ data: { id: string }[]; total: number }>();
      expect(strangersList.data.map((item) => item.id)).toEqual([theirs.id]);
      expect((await get(`${BASE}/${theirs.id}`)).statusCode).toBe(404);
      expect((await detail(vessel.id)).history).toHaveLength(1);
    });

    it("cannot pour another household's bottle into one's own vessel (404), nor one's bottle into theirs", async () => {
      const theirBottle = await seed(stranger, 'Not yours', 40);
      const res = await addFrom(vessel.id, theirBottle, 10);
      expect(res.statusCode).toBe(404);
      expect((await bottleRow(theirBottle.bottleId)).currentVolumeMl).toBe(700);

      const theirs = await create(700, 'Their second', stranger);
      const intoTheirs = await send(
        'POST',
        `${BASE}/${theirs.id}/additions`,
        { bottleId: a.bottleId, ml: 10 },
        admin,
      );
      expect(intoTheirs.statusCode).toBe(404);
      const mine = await send(
        'POST',
        `${BASE}/${theirs.id}/additions`,
        { bottleId: a.bottleId, ml: 10 },
        stranger,
      );
      expect(mine.statusCode).toBe(404);
      expect((await detail(theirs.id, stranger)).volumeMl).toBe(0);
    });
  });
});
