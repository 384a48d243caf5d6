import { getQueueToken } from '@nestjs/bull';
import type { Queue } from 'bull';
import { spawnSync } from 'node:child_process';
import { MikroORM } from '@mikro-orm/postgresql';
import { Bottle } from '../../src/inventory/bottles/bottle.entity.js';
import { Whisky } from '../../src/inventory/whiskies/whisky.entity.js';
import { FlightItem } from '../../src/sessions/flight-item.entity.js';
import { TastingNote } from '../../src/sessions/notes/tasting-note.entity.js';
import { Participant } from '../../src/sessions/participant.entity.js';
import { TastingSession, type SessionStatus } from '../../src/sessions/tasting-session.entity.js';
import { Household } from '../../src/users/households/household.entity.js';
import { User } from '../../src/users/user.entity.js';
import { addMember, bearer, openRegistration, registerUser, type SignedIn } from '../factories/users.js';
import { QUEUES } from '../../src/jobs/queues.js';
import { createTestApp, type TestApp } from '../setup/test-app.js';

const METRICS_TOKEN = 'metrics-token-0123456789';
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

interface Summary {
  average: number | null;
  min: number | null;
  max: number | null;
}
interface ItemResult {
  flightItemId: string;
  position: number;
  label: string;
  whisky: { id: string; name: string } | null;
  rank: number | null;
  scoreCount: number;
  normalised: Summary;
  inScale: Summary;
  scores: { participantId: string; displayName: string; score: number | null; scoreInScale: number | null }[];
  topFlavours: { slug: string; label: string; count: number }[];
  guesses:
    | { displayName: string; guessWhiskyId: string | null; guessText: string | null; correct: boolean }[]
    | null;
}
interface Results {
  sessionId: string;
  status: string;
  scale: string;
  items: ItemResult[];
}

/** A note as the database holds it: normalised score, flavours, and a guess. */
interface NoteSeed {
  who: Participant;
  score: number | null;
  tags?: string[];
  guessWhisky?: Whisky;
  guessText?: string;
}

describe('session results and sharing', () => {
  let t: TestApp;
  let orm: MikroORM;
  let ada: SignedIn; // admin, hosts the session
  let bob: SignedIn; // member, prefers stars
  let cleo: SignedIn; // member, neither host nor admin
  let stranger: SignedIn;
  let lagavulin: Whisky;
  let springbank: Whisky;
  let glenfarclas: Whisky;
  let talisker: Whisky;
  let session: TastingSession;
  let items: FlightItem[];

  beforeAll(async () => {
    t = await createTestApp({ METRICS_TOKEN });
    orm = t.app.get(MikroORM);
    ada = await registerUser(t.app, { displayName: 'Ada' });
    bob = await addMember(t.app, ada, 'user', 'bob');
    cleo = await addMember(t.app, ada, 'user', 'cleo');
    await openRegistration(t.app, ada);
    stranger = await registerUser(t.app, { displayName: 'Stranger' });
    const me = (await get('/api/v1/users/me', bob)).json<{ version: number }>();
    const scale = await t.app.inject({
      method: 'PATCH',
      url: '/api/v1/users/me',
      headers: bearer(bob.accessToken),
      payload: { version: me.version, ratingScale: 'stars5' },
    });
    expect(scale.statusCode).toBe(200);

    lagavulin = await insertWhisky(ada, 'Lagavulin 16');
    springbank = await insertWhisky(ada, 'Springbank 10');
    glenfarclas = await insertWhisky(ada, 'Glenfarclas 15');
    talisker = await insertWhisky(ada, 'Talisker 10');

    // A live blind session hosted by Ada: Ada, Bob and a guest; sample 1 is already revealed.
    session = await insertSession(ada, { status: 'live', blind: true });
    const [pAda, pBob, pGuest] = await insertParticipants(session, [ada, bob, null]);
    items = await insertItems(session, [lagavulin, springbank, glenfarclas, talisker]);
    const [one, two, three] = items;
    await reveal(one);
    // Sample 1: 90, 80, 85 → 85; sample 2: 70, 60 → 65; sample 3: 85 × 3 → 85 (ties with 1); sample 4: no score.
    await insertNotes(session, one, [
      { who: pAda, score: 90, tags: ['peaty', 'smoky', 'iodine'], guessText: 'Caol Ila 12' },
      { who: pBob, score: 80, tags: ['peaty', 'smoky'], guessWhisky: lagavulin },
      { who: pGuest, score: 85, tags: ['peaty', 'brine'], guessText: 'lagavulin 16!' },
    ]);
    await insertNotes(session, two, [
      { who: pAda, score: 70, tags: ['sherry'], guessText: 'Springbank 10' },
      { who: pBob, score: 60, tags: ['sherry', 'brine'] },
    ]);
    await insertNotes(session, three, [
      { who: pAda, score: 85 },
      { who: pBob, score: 85 },
      { who: pGuest, score: 85 },
    ]);
    // The other household's session counts in the metric, never in these results.
    await insertSession(stranger, { status: 'live', blind: false });
  });
  afterAll(async () => {
    await t.close();
  });

  function get(url: string, who?: SignedIn) {
    return t.app.inject({ method: 'GET', url, headers: who ? bearer(who.accessToken) : {} });
  }
  const send = (method: 'POST' | 'DELETE', url: string, who: SignedIn) =>
    t.app.inject({ method, url, headers: bearer(who.accessToken) });
  const results = async (who: SignedIn, id = session.id): Promise<Results> => {
    const res = await get(`/api/v1/sessions/${id}/results`, who);
    if (res.statusCode !== 200) throw new Error(`${res.statusCode}: ${res.body}`);
    return res.json<Results>();
  };

  async function insertWhisky(owner: SignedIn, name: string): Promise<Whisky> {
    const em = orm.em.fork();
    const whisky = em.create(Whisky, {
      household: em.getReference(Household, owner.user.householdId),
      name,
      style: 'single_malt',
      abv: 46,
    });
    await em.flush();
    return whisky;
  }

  async function insertSession(
    host: SignedIn,
    fields: { status: SessionStatus; blind: boolean },
  ): Promise<TastingSession> {
    const em = orm.em.fork();
    const created = em.create(TastingSession, {
      household: em.getReference(Household, host.user.householdId),
      host: em.getReference(User, host.user.id),
      title: 'Islay night',
      startsAt: new Date('2026-11-20T19:00:00Z'),
      startedAt: new Date('2026-11-20T19:05:00Z'),
      ...fields,
    });
    await em.flush();
    return created;
  }

  async function insertParticipants(of: TastingSession, who: (SignedIn | null)[]): Promise<Participant[]> {
    const em = orm.em.fork();
    const participants = who.map((member, index) =>
      em.create(Participant, {
        household: em.getReference(Household, ada.user.householdId),
        session: em.getReference(TastingSession, of.id),
        user: member ? em.getReference(User, member.user.id) : null,
        displayName: member ? (member === ada ? 'Ada' : 'Bob') : 'Guest Gina',
        guestTokenHash: member ? null : 'f'.repeat(64),
        createdAt: new Date(Date.UTC(2026, 10, 20, 19, index)),
      }),
    );
    await em.flush();
    return participants;
  }

  async function insertItems(of: TastingSession, whiskies: Whisky[]): Promise<FlightItem[]> {
    const em = orm.em.fork();
    const household = em.getReference(Household, ada.user.householdId);
    const created = whiskies.map((whisky, index) => {
      const bottle = em.create(Bottle, {
        household,
        whisky: em.getReference(Whisky, whisky.id),
        sizeMl: 700,
        currentVolumeMl: 700,
        purchasePrice: 123.45,
        currency: 'GBP',
      });
      return em.create(FlightItem, {
        household,
        session: em.getReference(TastingSession, of.id),
        position: index + 1,
        bottle,
        mlPerParticipant: 15,
      });
    });
    await em.flush();
    return created;
  }

  async function reveal(item: FlightItem): Promise<void> {
    await orm.em
      .fork()
      .nativeUpdate(FlightItem, { id: item.id }, { revealedAt: new Date() }, { filters: false });
  }

  async function setStatus(of: TastingSession, status: SessionStatus): Promise<void> {
    await orm.em
      .fork()
      .nativeUpdate(
        TastingSession,
        { id: of.id },
        { status, finishedAt: status === 'finished' ? new Date() : null },
        { filters: false },
      );
  }

  async function insertNotes(of: TastingSession, item: FlightItem, notes: NoteSeed[]): Promise<void> {
    const em = orm.em.fork();
    const whiskyOf = new Map(
      items.map((it, index) => [it.id, [lagavulin, springbank, glenfarclas, talisker][index]]),
    );
    for (const note of notes) {
      em.create(TastingNote, {
        household: em.getReference(Household, ada.user.householdId),
        whisky: em.getReference(Whisky, whiskyOf.get(item.id)!.id),
        session: em.getReference(TastingSession, of.id),
        flightItem: em.getReference(FlightItem, item.id),
        participant: em.getReference(Participant, note.who.id),
        score: note.score,
        scoreScale: 'points100',
        flavourTags: note.tags ?? [],
        guessWhisky: note.guessWhisky ? em.getReference(Whisky, note.guessWhisky.id) : null,
        guessText: note.guessText ?? null,
      });
    }
    await em.flush();
  }

  describe('GET /sessions/:id/results', () => {
    it('summarises every sample by position: averages, extremes, ties sharing a rank, top flavours', async () => {
      const body = await results(ada);
      expect(body.scale).toBe('points100');
      expect(body.items.map((item) => [item.label, item.rank, item.scoreCount])).toEqual([
        ['Sample 1', 1, 3],
        ['Sample 2', 3, 2],
        ['Sample 3', 1, 3],
        ['Sample 4', null, 0],
      ]);
      expect(body.items.map((item) => item.normalised)).toEqual([
        { average: 85, min: 80, max: 90 },
        { average: 65, min: 60, max: 70 },
        { average: 85, min: 85, max: 85 },
        { average: null, min: null, max: null },
      ]);
      expect(body.items[0].topFlavours).toEqual([
        { slug: 'peaty', label: 'Peaty', count: 3 },
        { slug: 'smoky', label: 'Smoky', count: 2 },
        { slug: 'brine', label: 'Brine', count: 1 },
      ]);
      // Every participant is listed, with null where they gave no score.
      expect(body.items[1].scores.map(({ displayName, score }) => [displayName, score])).toEqual([
        ['Ada', 70],
        ['Bob', 60],
        ['Guest Gina', null],
      ]);
    });

    it('shows scores in the viewer’s preferred scale as well (Bob: 5 stars)', async () => {
      const body = await results(bob);
      expect(body.scale).toBe('stars5');
      expect(body.items[0].inScale).toEqual({ average: 4.3, min: 4, max: 4.5 });
      expect(body.items[0].normalised).toEqual({ average: 85, min: 80, max: 90 });
      expect(body.items[0].scores[0]).toMatchObject({ displayName: 'Ada', score: 90, scoreInScale: 4.5 });
    });

    it('hides unrevealed samples from everyone but the host while the blind session is live', async () => {
      const forBob = await results(bob);
      expect(forBob.items.map((item) => item.whisky?.name ?? null)).toEqual([
        'Lagavulin 16',
        null,
        null,
        null,
      ]);
      const json = JSON.stringify(forBob);
      for (const hidden of [springbank, glenfarclas, talisker]) {
        expect(json).not.toContain(hidden.name);
        expect(json).not.toContain(hidden.id);
      }
      expect(forBob.items[1].guesses).toBeNull();
      // The host sees every whisky, but guesses only for what is revealed.
      const forAda = await results(ada);
      expect(forAda.items.map((item) => item.whisky?.name)).toEqual([
        'Lagavulin 16',
        'Springbank 10',
        'Glenfarclas 15',
        'Talisker 10',
      ]);
      expect(forAda.items[1].guesses).toBeNull();
    });

    it('judges guesses of revealed samples: by the picked whisky, or loosely by the words', async () => {
      const guesses = (await results(bob)).items[0].guesses!;
      expect(guesses.map(({ displayName, correct }) => [displayName, correct])).toEqual(
        expect.arrayContaining([
          ['Ada', false],
          ['Bob', true],
          ['Guest Gina', true],
        ]),
      );
      expect(guesses).toHaveLength(3);
    });

    it('is 404 for another household and for a session that does not exist', async () => {
      expect((await get(`/api/v1/sessions/${session.id}/results`, stranger)).statusCode).toBe(404);
      expect(
        (await get('/api/v1/sessions/00000000-0000-4000-8000-000000000000/results', ada)).statusCode,
      ).toBe(404);
    });
  });

  describe('sharing', () => {
    let finished: TastingSession;
    beforeAll(async () => {
      await setStatus(session, 'finished');
      finished = session;
    });

    it('refuses sessions that are not finished (409), non-hosts (403) and other households (404)', async () => {
      const planned = await insertSession(ada, { status: 'planned', blind: false });
      expect((await send('POST', `/api/v1/sessions/${planned.id}/share`, ada)).statusCode).toBe(409);
      expect((await send('POST', `/api/v1/sessions/${finished.id}/share`, cleo)).statusCode).toBe(403);
      expect((await send('POST', `/api/v1/sessions/${finished.id}/share`, stranger)).statusCode).toBe(404);
    });

    it('lets an admin share a session someone else hosted', async () => {
      const bobs = await insertSession(bob, { status: 'finished', blind: false });
      const res = await send('POST', `/api/v1/sessions/${bobs.id}/share`, ada);
      expect(res.statusCode).toBe(201);
    });

    it('shows the results publicly with display names only, until revoked or replaced', async () => {
      const res = await send('POST', `/api/v1/sessions/${finished.id}/share`, ada);
      expect(res.statusCode).toBe(201);
      const { token, url } = res.json<{ token: string; url: string }>();
      expect(url).toBe(`${t.config.http.publicUrl}/admin/shared/${token}`);
      const stored = await orm.em.fork().findOneOrFail(TastingSession, finished.id, { filters: false });
      expect(stored.shareTokenHash).toMatch(/^[0-9a-f]{64}$/);
      expect(stored.shareTokenHash).not.toContain(token);

      const shared = await get(`/api/v1/shared/sessions/${token}`);
      expect(shared.statusCode).toBe(200);
      const body = shared.json<{ items: { whisky: { name: string } | null; normalised: Summary }[] }>();
      expect(body.items.map((item) => item.whisky?.name)).toEqual([
        'Lagavulin 16',
        'Springbank 10',
        'Glenfarclas 15',
        'Talisker 10',
      ]);
      expect(body.items[0].normalised).toEqual({ average: 85, min: 80, max: 90 });
      expect(shared.body).toContain('Guest Gina');
      expect(shared.body).not.toMatch(UUID);
      expect(shared.body).not.toMatch(
        /@example\.org|123\.45|GBP|household|email|price|participantId|bottle/i,
      );

      // A new share replaces the old link.
      const again = (await send('POST', `/api/v1/sessions/${finished.id}/share`, ada)).json<{
        token: string;
      }>();
      expect((await get(`/api/v1/shared/sessions/${token}`)).statusCode).toBe(404);
      expect((await get(`/api/v1/shared/sessions/${again.token}`)).statusCode).toBe(200);

      expect((await send('DELETE', `/api/v1/sessions/${finished.id}/share`, ada)).statusCode).toBe(204);
      expect((await get(`/api/v1/shared/sessions/${again.token}`)).statusCode).toBe(404);
      expect((await get('/api/v1/shared/sessions/not-a-real-token-at-all')).statusCode).toBe(404);
    });

    it('records sharing and revoking in the audit trail', async () => {
      const events = (await get('/api/v1/audit-events?perPage=100', ada)).json<{
        data: { action: string; targetId: string }[];
      }>();
      const about = events.data
        .filter((event) => event.targetId === finished.id)
        .map((event) => event.action);
      expect(about).toEqual(expect.arrayContaining(['session.shared', 'session.share_revoked']));
    });
  });

  describe('metrics', () => {
    it('counts sessions per status across every household, and passes promtool', async () => {
      // The totals come from the periodic collection job: run it now rather than wait for it.
      const queue = t.app.get<Queue>(getQueueToken(QUEUES.system), { strict: false });
      await (await queue.add('collection-metrics', {})).finished();
      const scrape = await t.app.inject({
        method: 'GET',
        url: '/metrics',
        headers: { authorization: `Bearer ${METRICS_TOKEN}` },
      });
      // Ada: the finished session, the planned one, Bob's finished one; the stranger: one live session.
      expect(scrape.body).toMatch(/whiskey_tasting_sessions_total\{status="finished"\} 2/);
      expect(scrape.body).toMatch(/whiskey_tasting_sessions_total\{status="planned"\} 1/);
      expect(scrape.body).toMatch(/whiskey_tasting_sessions_total\{status="live"\} 1/);
      expect(scrape.body).toMatch(/whiskey_tasting_sessions_total\{status="cancelled"\} 0/);
      const promtool = spawnSync('promtool', ['check', 'metrics'], { input: scrape.body, encoding: 'utf8' });
      expect(`${promtool.stdout}${promtool.stderr}`).toBe('');
    });
  });
});
