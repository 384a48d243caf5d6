import { MikroORM } from '@mikro-orm/postgresql';
import { createHash } from 'node:crypto';
import { Pour } from '../../src/inventory/pours/pour.entity.js';
import { Whisky } from '../../src/inventory/whiskies/whisky.entity.js';
import { Participant } from '../../src/sessions/participant.entity.js';
import { Household } from '../../src/users/households/household.entity.js';
import { addMember, bearer, openRegistration, registerUser, type SignedIn } from '../factories/users.js';
import { createTestApp, type TestApp } from '../setup/test-app.js';

const BASE = '/api/v1/sessions';
const MISSING = '00000000-0000-4000-8000-000000000000';

interface FlightItem {
  id: string;
  label: string;
  position: number;
  mlPerParticipant: number;
  servedAt: string | null;
  revealedAt: string | null;
  identityHidden: boolean;
  whisky?: { id: string; name: string; distillery: string | null; abv: number };
  bottleId?: string;
  price?: number | null;
  currency?: string | null;
}
interface Session {
  id: string;
  title: string;
  status: string;
  blind: boolean;
  place: string | null;
  host: { id: string; displayName: string };
  participants: { id: string; displayName: string; isGuest: boolean; userId: string | null }[];
  items: FlightItem[];
  startedAt: string | null;
  finishedAt: string | null;
  version: number;
}
interface Page<T> {
  data: T[];
  total: number;
}
interface Bottle {
  id: string;
  currentVolumeMl: number;
}
interface LedgerPour {
  id: string;
  bottleId: string;
  ml: number;
  reason: string;
  tastingSessionId: string | null;
}

describe('tasting sessions', () => {
  let t: TestApp;
  let orm: MikroORM;
  let admin: SignedIn;
  let host: SignedIn;
  let taster: SignedIn;
  let reader: SignedIn;
  let stranger: SignedIn;
  let lagavulin: Whisky;
  let springbank: Whisky;

  beforeAll(async () => {
    t = await createTestApp();
    orm = t.app.get(MikroORM);
    admin = await registerUser(t.app, { displayName: 'Ada' });
    host = await addMember(t.app, admin, 'user', 'hal');
    taster = await addMember(t.app, admin, 'user', 'tess');
    reader = await addMember(t.app, admin, 'read_only', 'reader');
    await openRegistration(t.app, admin);
    stranger = await registerUser(t.app, { displayName: 'Stranger' });
    lagavulin = await insertWhisky({ name: 'Lagavulin 16', distillery: 'Lagavulin', abv: 43 });
    springbank = await insertWhisky({ name: 'Springbank 10', distillery: 'Springbank', abv: 46.3 });
  });
  afterAll(async () => {
    await t.close();
  });

  /** A whisky made directly in the database (the whisky API is not under test here). */
  async function insertWhisky(fields: { name: string; distillery: string; abv: number }): Promise<Whisky> {
    const em = orm.em.fork();
    const whisky = em.create(Whisky, {
      household: em.getReference(Household, admin.user.householdId),
      style: 'single_malt',
      ...fields,
    });
    await em.flush();
    return whisky;
  }

  const get = (url: string, who: SignedIn = host) =>
    t.app.inject({ method: 'GET', url, headers: bearer(who.accessToken) });
  const send = (method: 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object, who: SignedIn = host) =>
    t.app.inject({ method, url, payload, headers: bearer(who.accessToken) });

  async function ok<T>(
    method: 'POST' | 'PATCH',
    url: string,
    payload?: object,
    who: SignedIn = host,
  ): Promise<T> {
    const res = await send(method, url, payload, who);
    if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
    return res.json<T>();
  }

  async function createBottle(whisky: Whisky, fields: object = {}): Promise<Bottle> {
    return ok<Bottle>(
      'POST',
      '/api/v1/bottles',
      { whiskyId: whisky.id, purchasePrice: 89.9, currency: 'GBP', ...fields },
      admin,
    );
  }
  const volumeOf = async (bottleId: string): Promise<number> =>
    (await get(`/api/v1/bottles/${bottleId}`, admin)).json<Bottle>().currentVolumeMl;
  // Read as the host: until a blind session ends, its pours are hidden from everyone else (even admins).
  const tastingPours = async (sessionId: string): Promise<LedgerPour[]> =>
    (await get(`/api/v1/pours?tastingSessionId=${sessionId}&perPage=100`, host)).json<Page<LedgerPour>>()
      .data;
  const auditTotal = async (action: string, targetId: string) =>
    (await get(`/api/v1/audit-events?action=${action}&perPage=100`, admin))
      .json<Page<{ targetId: string }>>()
      .data.filter((event) => event.targetId === targetId).length;

  const plan = (payload: object = {}, who: SignedIn = host) =>
    ok<Session>('POST', BASE, { title: 'Islay night', startsAt: '2026-12-05T19:30:00Z', ...payload }, who);
  const addItem = (sessionId: string, bottleId: string, mlPerParticipant: number, position?: number) =>
    ok<Session>('POST', `${BASE}/${sessionId}/items`, { bottleId, mlPerParticipant, position });
  const addTaster = (sessionId: string) =>
    ok('POST', `${BASE}/${sessionId}/participants`, { userId: taster.user.id });
  const addGuest = (sessionId: string, guestName = 'Fergus') =>
    ok<{ id: string; guestToken: string; guestLink: string }>('POST', `${BASE}/${sessionId}/participants`, {
      guestName,
    });

  describe('a blind session from plan to finish', () => {
    let session: Session;
    let lagavulinBottle: Bottle;
    let springbankBottle: Bottle;
    /** Everything that identifies the flight's samples, as it would appear in a JSON body. */
    let secrets: string[];

    const leaked = (body: string) => secrets.filter((secret) => body.includes(secret));

    beforeAll(async () => {
      lagavulinBottle = await createBottle(lagavulin);
      springbankBottle = await createBottle(springbank, { purchasePrice: 64.5 });
      secrets = [
        lagavulin.name,
        lagavulin.id,
        lagavulinBottle.id,
        springbank.name,
        springbank.id,
        springbankBottle.id,
        '"whisky"',
        '"bottleId"',
        '"abv"',
        '"price"',
        '"currency"',
        '89.9',
        '64.5',
        '46.3',
      ];
    });

    it('plans a session with its host as the first participant', async () => {
      const res = await send('POST', BASE, {
        title: 'Islay night',
        startsAt: '2026-12-05T19:30:00Z',
        place: "Hal's kitchen",
        blind: true,
      });
      expect(res.statusCode).toBe(201);
      session = res.json<Session>();
      expect(session).toMatchObject({
        status: 'planned',
        blind: true,
        place: "Hal's kitchen",
        host: { id: host.user.id },
        items: [],
        version: 1,
      });
      expect(session.participants).toEqual([
        expect.objectContaining({ userId: host.user.id, isGuest: false }),
      ]);
      expect(await auditTotal('session.created', session.id)).toBe(1);
    });

    it('adds a member once (409 the second time) and a guest with a link shown once', async () => {
      const member = await send('POST', `${BASE}/${session.id}/participants`, { userId: taster.user.id });
      expect(member.statusCode).toBe(201);
      expect(member.json()).toMatchObject({ userId: taster.user.id, isGuest: false });
      expect(member.json()).not.toHaveProperty('guestToken');
      const again = await send('POST', `${BASE}/${session.id}/participants`, { userId: taster.user.id });
      expect(again.statusCode).toBe(409);

      const guest = await addGuest(session.id);
      expect(guest).toMatchObject({ displayName: 'Fergus', isGuest: true, userId: null });
      expect(guest.guestLink).toBe(`${t.config.http.publicUrl}/admin/guest/${guest.guestToken}`);
      const stored = await orm.em.fork().findOneOrFail(Participant, guest.id, { filters: false });
      expect(stored.guestTokenHash).toBe(createHash('sha256').update(guest.guestToken).digest('hex'));

      const body = (await get(`${BASE}/${session.id}`)).body;
      expect(body).not.toContain(guest.guestToken);
      expect(body).not.toContain(stored.guestTokenHash!);
      expect(body).not.toContain('guestToken');
    });

    it('builds the flight, inserting at a position and renumbering', async () => {
      await addItem(session.id, lagavulinBottle.id, 20);
      session = await addItem(session.id, springbankBottle.id, 15, 1);
      expect(session.items.map((item) => [item.label, item.bottleId])).toEqual([
        ['Sample 1', springbankBottle.id],
        ['Sample 2', lagavulinBottle.id],
      ]);
    });

    it('starts: one tasting pour per sample of its measure × 3 participants', async () => {
      const res = await send('POST', `${BASE}/${session.id}/start`);
      expect(res.statusCode).toBe(200);
      session = res.json<Session>();
      expect(session.status).toBe('live');
      expect(session.items.every((item) => item.servedAt !== null)).toBe(true);

      const pours = await tastingPours(session.id);
      expect(
        pours.map(({ bottleId, ml, reason }) => ({ bottleId, ml, reason })).sort((a, b) => a.ml - b.ml),
      ).toEqual([
        { bottleId: springbankBottle.id, ml: 45, reason: 'tasting' },
        { bottleId: lagavulinBottle.id, ml: 60, reason: 'tasting' },
      ]);
      expect(await volumeOf(springbankBottle.id)).toBe(655);
      expect(await volumeOf(lagavulinBottle.id)).toBe(640);
      expect(await auditTotal('session.started', session.id)).toBe(1);
    });

    it('hides every sample from a non-host member, in the session and in the list', async () => {
      const one = await get(`${BASE}/${session.id}`, taster);
      expect(one.statusCode).toBe(200);
      expect(leaked(one.body)).toEqual([]);
      expect(one.json<Session>().items).toEqual([
        expect.objectContaining({ label: 'Sample 1', identityHidden: true }),
        expect.objectContaining({ label: 'Sample 2', identityHidden: true }),
      ]);
      const list = await get(`${BASE}?status=live`, taster);
      expect(list.statusCode).toBe(200);
      expect(list.json<Page<Session>>().data.map((s) => s.id)).toContain(session.id);
      expect(leaked(list.body)).toEqual([]);
      // An admin who is not the host tastes blind too.
      expect(leaked((await get(`${BASE}/${session.id}`, admin)).body)).toEqual([]);
    });

    it('shows the host everything', async () => {
      const res = await get(`${BASE}/${session.id}`);
      expect(res.json<Session>().items[0]).toMatchObject({
        identityHidden: false,
        bottleId: springbankBottle.id,
        whisky: { id: springbank.id, name: 'Springbank 10', distillery: 'Springbank', abv: 46.3 },
        price: 64.5,
        currency: 'GBP',
      });
    });

    it('reveals one sample: only that one shows', async () => {
      const lagavulinItem = session.items.find((item) => item.position === 2)!;
      const res = await send('POST', `${BASE}/${session.id}/items/${lagavulinItem.id}/reveal`);
      expect(res.statusCode).toBe(200);
      const seen = await get(`${BASE}/${session.id}`, taster);
      const items = seen.json<Session>().items;
      expect(items[1]).toMatchObject({ identityHidden: false, whisky: { name: 'Lagavulin 16' } });
      expect(items[0]).not.toHaveProperty('whisky');
      expect(items[0]).not.toHaveProperty('bottleId');
      expect(items[0]).not.toHaveProperty('price');
      expect(seen.body).not.toContain(springbank.name);
      expect(seen.body).not.toContain(springbankBottle.id);
      expect(await auditTotal('session.item_revealed', session.id)).toBe(1);
    });

    it('finishes, revealing everything', async () => {
      const res = await send('POST', `${BASE}/${session.id}/finish`);
      expect(res.statusCode).toBe(200);
      expect(res.json<Session>()).toMatchObject({ status: 'finished' });
      const seen = (await get(`${BASE}/${session.id}`, taster)).json<Session>();
      expect(seen.items.map((item) => [item.whisky?.name, item.bottleId, item.revealedAt !== null])).toEqual([
        ['Springbank 10', springbankBottle.id, true],
        ['Lagavulin 16', lagavulinBottle.id, true],
      ]);
      expect((await tastingPours(session.id)).length).toBe(2);
    });

    it('refuses to delete or cancel a finished session (409)', async () => {
      expect((await send('DELETE', `${BASE}/${session.id}`)).statusCode).toBe(409);
      expect((await send('POST', `${BASE}/${session.id}/cancel`)).statusCode).toBe(409);
    });
  });

  describe('cancelling', () => {
    it('gives a live session’s pours back to their bottles and removes them from the ledger', async () => {
      const bottle = await createBottle(lagavulin);
      const session = await plan();
      await addTaster(session.id);
      await addGuest(session.id);
      await addItem(session.id, bottle.id, 25);
      await ok('POST', `${BASE}/${session.id}/start`);
      expect(await volumeOf(bottle.id)).toBe(625);
      expect(await tastingPours(session.id)).toHaveLength(1);

      const res = await send('POST', `${BASE}/${session.id}/cancel`);
      expect(res.statusCode).toBe(200);
      expect(res.json<Session>()).toMatchObject({ status: 'cancelled' });
      expect(res.json<Session>().items[0]).toMatchObject({ servedAt: null });
      expect(await volumeOf(bottle.id)).toBe(700);
      expect(await tastingPours(session.id)).toEqual([]);
      expect(await auditTotal('session.cancelled', session.id)).toBe(1);

      expect((await send('DELETE', `${BASE}/${session.id}`)).statusCode).toBe(204);
      expect((await get(`${BASE}/${session.id}`)).statusCode).toBe(404);
    });
  });

  describe('starting without enough whisky', () => {
    it('answers 422 naming the bottle, pours nothing and stays planned', async () => {
      const full = await createBottle(lagavulin);
      const low = await createBottle(springbank, { status: 'open', currentVolumeMl: 30 });
      const session = await plan();
      await addTaster(session.id);
      await addItem(session.id, full.id, 20);
      await addItem(session.id, low.id, 20);

      const res = await send('POST', `${BASE}/${session.id}/start`);
      expect(res.statusCode).toBe(422);
      const problem = res.json<{ detail: string }>();
      expect(problem.detail).toContain('Springbank 10');
      expect(problem.detail).toContain(low.id);

      expect(await tastingPours(session.id)).toEqual([]);
      const count = await orm.em.fork().count(Pour, { tastingSessionId: session.id }, { filters: false });
      expect(count).toBe(0);
      expect(await volumeOf(full.id)).toBe(700);
      expect(await volumeOf(low.id)).toBe(30);
      const after = (await get(`${BASE}/${session.id}`)).json<Session>();
      expect(after.status).toBe('planned');
      expect(after.items.every((item) => item.servedAt === null)).toBe(true);
    });

    it('answers 422 for a session without samples', async () => {
      const session = await plan();
      expect((await send('POST', `${BASE}/${session.id}/start`)).statusCode).toBe(422);
    });
  });

  describe('the flight', () => {
    it('keeps positions 1…n when samples move and go', async () => {
      const bottles = await Promise.all([
        createBottle(lagavulin),
        createBottle(springbank),
        createBottle(lagavulin),
      ]);
      const session = await plan();
      for (const bottle of bottles) await addItem(session.id, bottle.id, 10);
      let items = (await get(`${BASE}/${session.id}`)).json<Session>().items;
      const [first, second, third] = items.map((item) => item.id);

      items = (await ok<Session>('PATCH', `${BASE}/${session.id}/items/${third}`, { position: 1 })).items;
      expect(items.map((item) => [item.id, item.position])).toEqual([
        [third, 1],
        [first, 2],
        [second, 3],
      ]);
      expect((await send('DELETE', `${BASE}/${session.id}/items/${first}`)).statusCode).toBe(204);
      items = (await get(`${BASE}/${session.id}`)).json<Session>().items;
      expect(items.map((item) => [item.id, item.position, item.label])).toEqual([
        [third, 1, 'Sample 1'],
        [second, 2, 'Sample 2'],
      ]);
      const measure = await ok<Session>('PATCH', `${BASE}/${session.id}/items/${second}`, {
        mlPerParticipant: 12.5,
      });
      expect(measure.items[1]).toMatchObject({ id: second, mlPerParticipant: 12.5, position: 2 });

      expect((await send('PATCH', `${BASE}/${session.id}/items/${second}`, { position: 3 })).statusCode).toBe(
        422,
      );
      expect(
        (
          await send('POST', `${BASE}/${session.id}/items`, {
            bottleId: bottles[0].id,
            mlPerParticipant: 10,
            position: 4,
          })
        ).statusCode,
      ).toBe(422);
      expect(
        (
          await send('POST', `${BASE}/${session.id}/items`, {
            bottleId: bottles[0].id,
            mlPerParticipant: 101,
          })
        ).statusCode,
      ).toBe(400);
      expect(
        (await send('POST', `${BASE}/${session.id}/items`, { bottleId: MISSING, mlPerParticipant: 10 }))
          .statusCode,
      ).toBe(404);
    });
  });

  describe('rules', () => {
    let live: Session;
    let planned: Session;
    let bottle: Bottle;

    beforeAll(async () => {
      bottle = await createBottle(springbank);
      planned = await plan({ blind: true });
      planned = await addItem(planned.id, bottle.id, 10);
      live = await plan();
      await addTaster(live.id);
      await addGuest(live.id);
      await addItem(live.id, bottle.id, 10);
      live = await ok<Session>('POST', `${BASE}/${live.id}/start`);
    });

    it('changes flight, participants, start time, blind mode and host only while planned (409)', async () => {
      const item = live.items[0];
      const guest = live.participants.find((participant) => participant.isGuest)!;
      const refusals = [
        send('POST', `${BASE}/${live.id}/items`, { bottleId: bottle.id, mlPerParticipant: 10 }),
        send('PATCH', `${BASE}/${live.id}/items/${item.id}`, { mlPerParticipant: 5 }),
        send('DELETE', `${BASE}/${live.id}/items/${item.id}`),
        send('POST', `${BASE}/${live.id}/participants`, { guestName: 'Late' }),
        send('DELETE', `${BASE}/${live.id}/participants/${guest.id}`),
        send('PATCH', BASE + `/${live.id}`, { version: live.version, blind: true }),
        send('PATCH', BASE + `/${live.id}`, { version: live.version, startsAt: '2026-12-06T19:00:00Z' }),
        send('DELETE', `${BASE}/${live.id}`),
        send('POST', `${BASE}/${live.id}/start`),
        send('POST', `${BASE}/${planned.id}/finish`),
        send('POST', `${BASE}/${planned.id}/reveal`),
      ];
      expect((await Promise.all(refusals)).map((res) => res.statusCode)).toEqual(refusals.map(() => 409));

      const renamed = await send('PATCH', `${BASE}/${live.id}`, {
        version: live.version,
        title: 'Islay, late',
      });
      expect(renamed.statusCode).toBe(200);
      expect(renamed.json<Session>()).toMatchObject({ title: 'Islay, late', version: live.version + 1 });
      const stale = await send('PATCH', `${BASE}/${live.id}`, { version: live.version, notes: 'x' });
      expect(stale.statusCode).toBe(409);
    });

    it('lets only the host (or an admin) run a session: 403 for another member', async () => {
      const item = planned.items[0];
      const attempts = [
        send('PATCH', `${BASE}/${planned.id}`, { version: planned.version, title: 'Mine' }, taster),
        send('DELETE', `${BASE}/${planned.id}`, undefined, taster),
        send('POST', `${BASE}/${planned.id}/participants`, { guestName: 'Gatecrasher' }, taster),
        send('POST', `${BASE}/${planned.id}/items`, { bottleId: bottle.id, mlPerParticipant: 10 }, taster),
        send('PATCH', `${BASE}/${planned.id}/items/${item.id}`, { position: 1 }, taster),
        send('DELETE', `${BASE}/${planned.id}/items/${item.id}`, undefined, taster),
        send('POST', `${BASE}/${planned.id}/start`, undefined, taster),
        send('POST', `${BASE}/${planned.id}/cancel`, undefined, taster),
        send('POST', `${BASE}/${live.id}/reveal`, undefined, taster),
        send('POST', `${BASE}/${live.id}/items/${live.items[0].id}/reveal`, undefined, taster),
        send('POST', `${BASE}/${live.id}/finish`, undefined, taster),
      ];
      expect((await Promise.all(attempts)).map((res) => res.statusCode)).toEqual(attempts.map(() => 403));
      expect((await get(`${BASE}/${planned.id}`, taster)).statusCode).toBe(200);

      const byAdmin = await send(
        'PATCH',
        `${BASE}/${planned.id}`,
        { version: planned.version, place: 'Cellar' },
        admin,
      );
      expect(byAdmin.statusCode).toBe(200);
      // Managing does not unmask: the admin is not the host of this blind session.
      expect(byAdmin.json<Session>().items[0]).toMatchObject({ identityHidden: true });
      expect(byAdmin.json<Session>().items[0]).not.toHaveProperty('bottleId');
    });

    it('refuses every write to a read-only member (403) but lets them read', async () => {
      expect((await get(`${BASE}/${planned.id}`, reader)).statusCode).toBe(200);
      expect(
        (await send('POST', BASE, { title: 'Mine', startsAt: '2026-12-05T19:30:00Z' }, reader)).statusCode,
      ).toBe(403);
      expect((await send('POST', `${BASE}/${planned.id}/start`, undefined, reader)).statusCode).toBe(403);
    });

    it('hides the session from another household (404)', async () => {
      expect((await get(`${BASE}/${planned.id}`, stranger)).statusCode).toBe(404);
      expect(
        (await send('PATCH', `${BASE}/${planned.id}`, { version: 1, title: 'x' }, stranger)).statusCode,
      ).toBe(404);
      expect((await send('POST', `${BASE}/${planned.id}/start`, undefined, stranger)).statusCode).toBe(404);
      expect((await get(BASE, stranger)).json<Page<Session>>().total).toBe(0);
      expect((await get(`${BASE}/${MISSING}`)).statusCode).toBe(404);
    });

    it('accepts only members of the household as host or participant (422)', async () => {
      const res = await send('POST', BASE, {
        title: 'x',
        startsAt: '2026-12-05T19:30:00Z',
        hostUserId: stranger.user.id,
      });
      expect(res.statusCode).toBe(422);
      const join = await send('POST', `${BASE}/${planned.id}/participants`, { userId: stranger.user.id });
      expect(join.statusCode).toBe(422);
      const both = await send('POST', `${BASE}/${planned.id}/participants`, {
        userId: taster.user.id,
        guestName: 'Two',
      });
      expect(both.statusCode).toBe(400);
      expect((await send('POST', `${BASE}/${planned.id}/participants`, {})).statusCode).toBe(400);
    });

    it('plans a session for another host, who joins it', async () => {
      const session = await plan({ hostUserId: taster.user.id }, admin);
      expect(session.host.id).toBe(taster.user.id);
      expect(session.participants.map((participant) => participant.userId)).toEqual([taster.user.id]);
      const hostParticipant = session.participants[0];
      expect(
        (await send('DELETE', `${BASE}/${session.id}/participants/${hostParticipant.id}`, undefined, taster))
          .statusCode,
      ).toBe(409);
    });

    it('lists with filters and sorting', async () => {
      const blind = (await get(`${BASE}?blind=true&perPage=100`)).json<Page<Session>>();
      expect(blind.data.length).toBeGreaterThan(0);
      expect(blind.data.every((session) => session.blind)).toBe(true);
      const byTitle = (await get(`${BASE}?sort=title&order=ASC&status=live&perPage=100`)).json<
        Page<Session>
      >();
      expect(byTitle.data.every((session) => session.status === 'live')).toBe(true);
      expect((await get(`${BASE}?blind=maybe`)).statusCode).toBe(400);
      expect((await get(`${BASE}?sort=place`)).statusCode).toBe(400);
    });
  });
});
