import { MikroORM, type EntityManager } from '@mikro-orm/postgresql';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { InfinityBottle } from '../../src/inventory/infinity/infinity-bottle.entity.js';
import { InfinityEntry } from '../../src/inventory/infinity/infinity-entry.entity.js';
import { PourLedger } from '../../src/inventory/pours/pour-ledger.service.js';
import { Pour } from '../../src/inventory/pours/pour.entity.js';
import { Whisky } from '../../src/inventory/whiskies/whisky.entity.js';
import type { Principal } from '../../src/users/auth/principal.js';
import { HOUSEHOLD_FILTER } from '../../src/users/households/household-scope.js';
import { Household } from '../../src/users/households/household.entity.js';
import { addMember, bearer, openRegistration, registerUser, type SignedIn } from '../factories/users.js';
import { createTestApp, type TestApp } from '../setup/test-app.js';

const PROBLEM = /^application\/problem\+json/;
const BOTTLES = '/api/v1/bottles';
const POURS = '/api/v1/pours';

interface BottleView {
  id: string;
  status: string;
  sizeMl: number;
  currentVolumeMl: number;
  openedAt: string | null;
  finishedAt: string | null;
  version: number;
  totalPouredMl: number;
  pourCount: number;
}
interface PourView {
  id: string;
  bottleId: string;
  ml: number;
  reason: string;
  pouredAt: string;
  pouredById: string | null;
  tastingSessionId: string | null;
  notes: string | null;
  cost: number | null;
  currency: string | null;
}
interface Page<T> {
  data: T[];
  total: number;
}

describe('pours', () => {
  let t: TestApp;
  let orm: MikroORM;
  let admin: SignedIn;
  let reader: SignedIn;
  let stranger: SignedIn;
  let whisky: Whisky;

  beforeAll(async () => {
    t = await createTestApp();
    orm = t.app.get(MikroORM);
    admin = await registerUser(t.app, { displayName: 'Ada' });
    reader = await addMember(t.app, admin, 'read_only', 'reader');
    await openRegistration(t.app, admin);
    stranger = await registerUser(t.app, { displayName: 'Stranger' });
    whisky = await insertWhisky(admin, 'Talisker 10');
  });
  afterAll(async () => {
    await t.close();
  });

  /** A whisky made directly in the database (the whisky API is not under test here). */
  async function insertWhisky(owner: SignedIn, name: string): Promise<Whisky> {
    const em = orm.em.fork();
    const created = em.create(Whisky, {
      household: em.getReference(Household, owner.user.householdId),
      name,
      style: 'single_malt',
      abv: 45.8,
    });
    await em.flush();
    return created;
  }

  const get = (url: string, who: SignedIn = admin) =>
    t.app.inject({ method: 'GET', url, headers: bearer(who.accessToken) });
  const send = (method: 'POST' | 'DELETE', url: string, payload?: object, who: SignedIn = admin) =>
    t.app.inject({ method, url, payload, headers: bearer(who.accessToken) });

  async function newBottle(payload: object = {}, who: SignedIn = admin): Promise<BottleView> {
    const whiskyId = who === admin ? whisky.id : (await insertWhisky(who, 'Theirs')).id;
    const res = await send('POST', BOTTLES, { whiskyId, ...payload }, who);
    if (res.statusCode !== 201) throw new Error(`${res.statusCode}: ${res.body}`);
    return res.json<BottleView>();
  }
  const bottle = async (id: string): Promise<BottleView> =>
    (await get(`${BOTTLES}/${id}`)).json<BottleView>();
  const pour = (id: string, ml: number, extra: object = {}, who: SignedIn = admin) =>
    send('POST', `${BOTTLES}/${id}/pours`, { ml, reason: 'dram', ...extra }, who);
  const pours = async (query = '', who: SignedIn = admin) => {
    const res = await get(`${POURS}?${query}`, who);
    expect(res.statusCode).toBe(200);
    return res.json<Page<PourView>>();
  };

  /** The ledger explains the volume: size minus the pours recorded. */
  async function expectLedgerTruth(id: string): Promise<BottleView> {
    const current = await bottle(id);
    const entries = (await pours(`bottleId=${id}&perPage=100`)).data;
    const poured = entries.reduce((sum, entry) => sum + entry.ml * 10, 0) / 10;
    expect(current.totalPouredMl).toBe(poured);
    expect(current.pourCount).toBe(entries.length);
    expect(Math.round((current.sizeMl - poured) * 10) / 10).toBe(current.currentVolumeMl);
    return current;
  }

  /** The ledger, called in a transaction of our own on the household's data (as a module would). */
  async function withLedger<T>(
    owner: SignedIn,
    work: (em: EntityManager, ledger: PourLedger, who: Principal) => Promise<T>,
  ) {
    const em = orm.em.fork();
    em.setFilterParams(HOUSEHOLD_FILTER, { id: owner.user.householdId });
    const principal = {
      userId: owner.user.id,
      householdId: owner.user.householdId,
      role: 'admin',
      instanceAdmin: false,
      emailVerified: true,
      scope: 'write',
    } satisfies Principal;
    return em.transactional((tx) => work(tx, t.app.get(PourLedger), principal));
  }

  describe('pouring', () => {
    it('answers 201 with the pour; the first pour opens a sealed bottle', async () => {
      const sealed = await newBottle();
      expect(sealed).toMatchObject({ status: 'sealed', openedAt: null });
      const res = await pour(sealed.id, 25, { notes: 'After dinner', pouredAt: '2025-03-14T20:30:00.000Z' });
      expect(res.statusCode).toBe(201);
      expect(res.json<PourView>()).toMatchObject({
        bottleId: sealed.id,
        ml: 25,
        reason: 'dram',
        pouredAt: '2025-03-14T20:30:00.000Z',
        pouredById: admin.user.id,
        tastingSessionId: null,
        notes: 'After dinner',
        cost: null,
        currency: null,
      });
      expect(await expectLedgerTruth(sealed.id)).toMatchObject({
        status: 'open',
        openedAt: '2025-03-14',
        currentVolumeMl: 675,
      });
      const audit = await get(`/api/v1/audit-events?action=pour.created&perPage=100`);
      expect(audit.json<Page<{ targetId: string }>>().data.map((e) => e.targetId)).toContain(
        res.json<PourView>().id,
      );
    });

    it('refuses to pour more than remains (422) and changes nothing', async () => {
      const open = await newBottle({ status: 'open', currentVolumeMl: 30 });
      const before = await bottle(open.id);
      const res = await pour(open.id, 30.1);
      expect(res.statusCode).toBe(422);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect(res.json()).toMatchObject({
        detail: expect.stringMatching(/Only 30 ml remain/),
        errors: [{ field: 'ml' }],
      });
      expect(await expectLedgerTruth(open.id)).toEqual(before);
    });

    it('finishes the bottle at 0 ml; a finished, gifted or sold bottle cannot be poured from (422)', async () => {
      const open = await newBottle({ status: 'open', currentVolumeMl: 40 });
      expect((await pour(open.id, 40)).statusCode).toBe(201);
      const finished = await expectLedgerTruth(open.id);
      expect(finished).toMatchObject({ status: 'finished', currentVolumeMl: 0 });
      expect(finished.finishedAt).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      const again = await pour(open.id, 0.1);
      expect(again.statusCode).toBe(422);
      expect(again.json<{ detail: string }>().detail).toMatch(/is finished; nothing can be poured/);

      for (const status of ['gifted', 'sold']) {
        const given = await newBottle();
        await t.app.inject({
          method: 'PATCH',
          url: `${BOTTLES}/${given.id}`,
          payload: { version: given.version, status },
          headers: bearer(admin.accessToken),
        });
        const res = await pour(given.id, 10);
        expect(res.statusCode).toBe(422);
        expect(await bottle(given.id)).toMatchObject({ status, currentVolumeMl: 700, pourCount: 0 });
      }
    });

    it('validates the pour (400): range, one decimal, reason (never infinity), future, unknown fields', async () => {
      const open = await newBottle({ status: 'open' });
      const fields = async (payload: object) => {
        const res = await send('POST', `${BOTTLES}/${open.id}/pours`, payload);
        expect(res.statusCode).toBe(400);
        return [...new Set(res.json<{ errors: { field: string }[] }>().errors.map((e) => e.field))];
      };
      expect(await fields({ ml: 0, reason: 'dram' })).toEqual(['ml']);
      expect(await fields({ ml: 0.05, reason: 'dram' })).toEqual(['ml']);
      expect(await fields({ ml: 5000.1, reason: 'dram' })).toEqual(['ml']);
      expect(await fields({ ml: 12.34, reason: 'dram' })).toEqual(['ml']);
      expect(await fields({ ml: '12', reason: 'dram' })).toEqual(['ml']);
      expect(await fields({ ml: 10, reason: 'infinity' })).toEqual(['reason']);
      expect(await fields({ ml: 10, reason: 'spilt' })).toEqual(['reason']);
      const tomorrow = new Date(Date.now() + 86_400_000).toISOString();
      expect(await fields({ ml: 10, reason: 'dram', pouredAt: tomorrow })).toEqual(['pouredAt']);
      expect(await fields({ ml: 10, reason: 'dram', pouredAt: 'yesterday' })).toEqual(['pouredAt']);
      expect(await fields({ ml: 10, reason: 'dram', tastingSessionId: randomUUID() })).toEqual([
        'tastingSessionId',
      ]);
      expect(await fields({ ml: 10, reason: 'dram', pouredBy: stranger.user.id })).toEqual(['pouredBy']);
      expect((await bottle(open.id)).pourCount).toBe(0);
    });

    it('accepts every manual reason and a 0.1 ml pour', async () => {
      const open = await newBottle({ status: 'open' });
      for (const reason of ['dram', 'tasting', 'share', 'spill', 'correction']) {
        expect((await pour(open.id, 0.1, { reason })).statusCode).toBe(201);
      }
      expect(await expectLedgerTruth(open.id)).toMatchObject({ currentVolumeMl: 699.5, pourCount: 5 });
    });

    it('answers 404 for a bottle that does not exist', async () => {
      expect((await pour(randomUUID(), 10)).statusCode).toBe(404);
    });
  });

  describe('cost', () => {
    it('is the price × ml / size, rounded to cents, in the bottle currency', async () => {
      const priced = await newBottle({ status: 'open', purchasePrice: 70, currency: 'EUR' });
      expect((await pour(priced.id, 25)).json()).toMatchObject({ cost: 2.5, currency: 'EUR' });
      const odd = await newBottle({ status: 'open', purchasePrice: 89.99, currency: 'GBP', sizeMl: 700 });
      // 89.99 × 33.3 / 700 = 4.28095…
      expect((await pour(odd.id, 33.3)).json()).toMatchObject({ cost: 4.28, currency: 'GBP' });
      // 1.00 × 3.5 / 700 = 0.005: half a cent rounds up.
      const cheap = await newBottle({ status: 'open', purchasePrice: 1, currency: 'CHF' });
      expect((await pour(cheap.id, 3.5)).json()).toMatchObject({ cost: 0.01, currency: 'CHF' });
      const free = await newBottle({ status: 'open', purchasePrice: 0, currency: 'CHF' });
      expect((await pour(free.id, 50)).json()).toMatchObject({ cost: 0, currency: 'CHF' });
      // Listed pours carry it too.
      const listed = await pours(`bottleId=${odd.id}`);
      expect(listed.data).toEqual([expect.objectContaining({ ml: 33.3, cost: 4.28, currency: 'GBP' })]);
    });
  });

  describe('undoing a pour', () => {
    it('restores the volume (204), reopens a finished bottle, and is audited', async () => {
      const open = await newBottle({ status: 'open', currentVolumeMl: 60 });
      const first = (await pour(open.id, 20)).json<PourView>();
      const last = (await pour(open.id, 40)).json<PourView>();
      expect(await bottle(open.id)).toMatchObject({ status: 'finished', currentVolumeMl: 0 });
      const res = await send('DELETE', `${POURS}/${last.id}`);
      expect(res.statusCode).toBe(204);
      expect(await expectLedgerTruth(open.id)).toMatchObject({
        status: 'open',
        currentVolumeMl: 40,
        finishedAt: null,
      });
      expect((await send('DELETE', `${POURS}/${first.id}`)).statusCode).toBe(204);
      expect(await expectLedgerTruth(open.id)).toMatchObject({ status: 'open', currentVolumeMl: 60 });
      expect((await send('DELETE', `${POURS}/${first.id}`)).statusCode).toBe(404);
      const audit = await get(`/api/v1/audit-events?action=pour.deleted&perPage=100`);
      expect(audit.json<Page<{ targetId: string }>>().data.map((e) => e.targetId)).toEqual(
        expect.arrayContaining([first.id, last.id]),
      );
    });

    it('gives the ml back only once when the same pour is undone twice at the same time', async () => {
      const open = await newBottle({ status: 'open' });
      const entry = (await pour(open.id, 100)).json<PourView>();
      const results = await Promise.all(
        Array.from({ length: 5 }, () => send('DELETE', `${POURS}/${entry.id}`)),
      );
      expect(results.map((r) => r.statusCode).sort()).toEqual([204, 404, 404, 404, 404]);
      expect(await expectLedgerTruth(open.id)).toMatchObject({ currentVolumeMl: 700, pourCount: 0 });
    });

    it('refuses (409) a pour that served a tasting session, saying why', async () => {
      const open = await newBottle({ status: 'open' });
      const sessionId = randomUUID();
      const tasting = await withLedger(admin, (em, ledger, who) =>
        ledger.pour(em, who, { bottleId: open.id, ml: 15, reason: 'tasting', tastingSessionId: sessionId }),
      );
      const res = await send('DELETE', `${POURS}/${tasting.id}`);
      expect(res.statusCode).toBe(409);
      expect(res.json<{ detail: string }>().detail).toMatch(new RegExp(`tasting session ${sessionId}`));
      expect(await expectLedgerTruth(open.id)).toMatchObject({ currentVolumeMl: 685 });
    });

    it('refuses (409) a pour that went into an infinity bottle, saying why', async () => {
      const open = await newBottle({ status: 'open' });
      const vessel = await withLedger(admin, async (em, ledger, who) => {
        const source = await ledger.pour(em, who, { bottleId: open.id, ml: 30, reason: 'infinity' });
        const infinity = em.create(InfinityBottle, {
          household: em.getReference(Household, who.householdId),
          name: 'Solera',
          capacityMl: 700,
        });
        em.create(InfinityEntry, {
          household: em.getReference(Household, who.householdId),
          infinityBottle: infinity,
          kind: 'addition',
          ml: 30,
          whisky: em.getReference(Whisky, whisky.id),
          abv: 45.8,
          sourcePour: source,
          at: new Date(),
        });
        await em.flush();
        return { infinityId: infinity.id, pourId: source.id };
      });
      const res = await send('DELETE', `${POURS}/${vessel.pourId}`);
      expect(res.statusCode).toBe(409);
      expect(res.json<{ detail: string }>().detail).toMatch(
        new RegExp(`infinity bottle ${vessel.infinityId}`),
      );
      expect(await expectLedgerTruth(open.id)).toMatchObject({ currentVolumeMl: 670 });
    });
  });

  describe('lists', () => {
    let owner: SignedIn;
    let a: BottleView;
    let b: BottleView;
    let sessionId: string;

    beforeAll(async () => {
      // A household of its own, so the totals below are exact.
      owner = await registerUser(t.app, { displayName: 'Lister' });
      a = await newBottle({ status: 'open', purchasePrice: 70, currency: 'EUR' }, owner);
      b = await newBottle({ status: 'open' }, owner);
      const at = (day: number) => `2025-01-${String(day).padStart(2, '0')}T12:00:00.000Z`;
      for (const [id, ml, reason, day] of [
        [a.id, 20, 'dram', 1],
        [a.id, 35, 'share', 3],
        [b.id, 10, 'spill', 2],
        [b.id, 50, 'dram', 4],
      ] as const) {
        const res = await pour(id, ml, { reason, pouredAt: at(day), notes: `day ${day} 100%` }, owner);
        expect(res.statusCode).toBe(201);
      }
      sessionId = randomUUID();
      await withLedger(owner, (em, ledger, who) =>
        ledger.pour(em, who, {
          bottleId: b.id,
          ml: 5,
          reason: 'tasting',
          tastingSessionId: sessionId,
          pouredAt: new Date(at(5)),
        }),
      );
    });

    const list = async (url: string) => {
      const res = await get(url, owner);
      expect(res.statusCode).toBe(200);
      return res.json<Page<PourView>>();
    };
    const mls = (page: Page<PourView>) => page.data.map((p) => p.ml);

    it("lists a bottle's pours latest first, with sorting, filters and paging", async () => {
      expect(mls(await list(`${BOTTLES}/${a.id}/pours`))).toEqual([35, 20]);
      expect(mls(await list(`${BOTTLES}/${b.id}/pours?sort=ml&order=ASC`))).toEqual([5, 10, 50]);
      expect(mls(await list(`${BOTTLES}/${b.id}/pours?reason=dram`))).toEqual([50]);
      const paged = await list(`${BOTTLES}/${b.id}/pours?perPage=1&page=2`);
      expect(paged).toMatchObject({ total: 3, data: [{ ml: 50 }] });
      expect((await get(`${BOTTLES}/${b.id}/pours?bottleId=${a.id}`, owner)).statusCode).toBe(400);
    });

    it("lists the household's pours across bottles with filters", async () => {
      expect(mls(await list(POURS))).toEqual([5, 50, 35, 10, 20]);
      expect((await list(POURS)).total).toBe(5);
      expect(mls(await list(`${POURS}?bottleId=${a.id}`))).toEqual([35, 20]);
      expect(mls(await list(`${POURS}?reason=dram&order=ASC`))).toEqual([20, 50]);
      expect(mls(await list(`${POURS}?tastingSessionId=${sessionId}`))).toEqual([5]);
      expect(mls(await list(`${POURS}?from=2025-01-02T00:00:00Z&to=2025-01-04T12:00:00Z`))).toEqual([
        50, 35, 10,
      ]);
      expect(mls(await list(`${POURS}?to=2025-01-02T00:00:00Z`))).toEqual([20]);
      expect(mls(await list(`${POURS}?q=day%203`))).toEqual([35]);
      expect(mls(await list(`${POURS}?q=%25`))).toHaveLength(4);
      expect(mls(await list(`${POURS}?sort=ml&order=DESC&perPage=2`))).toEqual([50, 35]);
      const costed = (await list(`${POURS}?bottleId=${a.id}&sort=ml&order=ASC`)).data;
      expect(costed.map((p) => [p.cost, p.currency])).toEqual([
        [2, 'EUR'],
        [3.5, 'EUR'],
      ]);
    });

    it('refuses bad filters (400)', async () => {
      for (const query of [
        'sort=reason',
        'reason=sip',
        'from=soon',
        'bottleId=1',
        'perPage=0',
        'colour=gold',
      ]) {
        expect((await get(`${POURS}?${query}`, owner)).statusCode).toBe(400);
      }
    });

    it("keeps other households' pours out and answers 404 for them", async () => {
      const theirs = await pours('perPage=100', stranger);
      expect(theirs.data.map((p) => p.bottleId)).not.toContain(a.id);
      expect((await pours(`bottleId=${a.id}`, stranger)).total).toBe(0);
      expect((await get(`${BOTTLES}/${a.id}/pours`, stranger)).statusCode).toBe(404);
      const victim = (await list(`${POURS}?bottleId=${a.id}`)).data[0];
      expect((await send('DELETE', `${POURS}/${victim.id}`, undefined, stranger)).statusCode).toBe(404);
      expect((await pour(a.id, 1, {}, stranger)).statusCode).toBe(404);
      expect((await list(`${BOTTLES}/${a.id}/pours`)).total).toBe(2);
    });
  });

  describe('read-only members', () => {
    it('may list pours but get 403 on pouring and undoing', async () => {
      const open = await newBottle({ status: 'open' });
      const entry = (await pour(open.id, 10)).json<PourView>();
      expect((await get(`${BOTTLES}/${open.id}/pours`, reader)).statusCode).toBe(200);
      expect((await get(POURS, reader)).statusCode).toBe(200);
      const poured = await pour(open.id, 10, {}, reader);
      const undone = await send('DELETE', `${POURS}/${entry.id}`, undefined, reader);
      for (const res of [poured, undone]) {
        expect(res.statusCode).toBe(403);
        expect(res.headers['content-type']).toMatch(PROBLEM);
      }
      expect(await expectLedgerTruth(open.id)).toMatchObject({ currentVolumeMl: 690, pourCount: 1 });
    });
  });

  describe('concurrency', () => {
    /** 20 pours of 50 ml at once on a 700 ml bottle: exactly 14 fit. */
    async function expectFourteenOfTwenty(id: string, statuses: number[]): Promise<void> {
      expect(statuses.filter((s) => s === 201)).toHaveLength(14);
      expect(statuses.filter((s) => s === 422)).toHaveLength(6);
      const final = await expectLedgerTruth(id);
      expect(final).toMatchObject({
        currentVolumeMl: 0,
        status: 'finished',
        pourCount: 14,
        totalPouredMl: 700,
      });
      const entries = await orm.em.fork().count(Pour, { bottle: id }, { filters: false });
      expect(entries).toBe(14);
    }

    it('never overdraws a bottle: 20 parallel pours in-process', async () => {
      const full = await newBottle();
      const results = await Promise.all(Array.from({ length: 20 }, () => pour(full.id, 50)));
      await expectFourteenOfTwenty(
        full.id,
        results.map((r) => r.statusCode),
      );
    });

    it('never overdraws a bottle: 20 parallel pours over real connections', async () => {
      await t.app.listen({ port: 0, host: '127.0.0.1' });
      const { port } = t.app.getHttpServer().address() as AddressInfo;
      const full = await newBottle();
      const results = await Promise.all(
        Array.from({ length: 20 }, () =>
          fetch(`http://127.0.0.1:${port}${BOTTLES}/${full.id}/pours`, {
            method: 'POST',
            headers: { ...bearer(admin.accessToken), 'content-type': 'application/json' },
            body: JSON.stringify({ ml: 50, reason: 'dram' }),
          }),
        ),
      );
      await expectFourteenOfTwenty(
        full.id,
        results.map((r) => r.status),
      );
    });

    it('the row lock makes a second transaction wait for the first and see its pour', async () => {
      const full = await newBottle();
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      let locked!: () => void;
      const hasLock = new Promise<void>((resolve) => (locked = resolve));
      const first = withLedger(admin, async (em, ledger, who) => {
        await ledger.pour(em, who, { bottleId: full.id, ml: 600, reason: 'dram' });
        locked();
        await held;
      });
      await hasLock;
      let secondDone = false;
      const second = withLedger(admin, (em, ledger, who) =>
        ledger.pour(em, who, { bottleId: full.id, ml: 200, reason: 'dram' }),
      ).finally(() => (secondDone = true));
      second.catch(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(secondDone).toBe(false);
      release();
      await first;
      await expect(second).rejects.toMatchObject({
        status: 422,
        message: expect.stringMatching(/Only 100 ml remain/),
      });
      expect(await expectLedgerTruth(full.id)).toMatchObject({ currentVolumeMl: 100, pourCount: 1 });
    });

    it('refuses to run outside a transaction, where the lock would not hold', async () => {
      const full = await newBottle();
      const em = orm.em.fork();
      em.setFilterParams(HOUSEHOLD_FILTER, { id: admin.user.householdId });
      const who = { userId: admin.user.id, householdId: admin.user.householdId } as Principal;
      await expect(
        t.app.get(PourLedger).pour(em, who, { bottleId: full.id, ml: 10, reason: 'dram' }),
      ).rejects.toThrow(/inside a transaction/);
      expect((await bottle(full.id)).currentVolumeMl).toBe(700);
    });
  });
});
