import { MikroORM } from '@mikro-orm/postgresql';
import { Bottle } from '../../src/inventory/bottles/bottle.entity.js';
import { Whisky } from '../../src/inventory/whiskies/whisky.entity.js';
import { MetricsService } from '../../src/metrics/metrics.service.js';
import { FlightItem } from '../../src/sessions/flight-item.entity.js';
import { TastingNote } from '../../src/sessions/notes/tasting-note.entity.js';
import { Participant } from '../../src/sessions/participant.entity.js';
import { TastingSession, type SessionStatus } from '../../src/sessions/tasting-session.entity.js';
import { Household } from '../../src/users/households/household.entity.js';
import { User, type RatingScale } from '../../src/users/user.entity.js';
import { addMember, bearer, openRegistration, registerUser, type SignedIn } from '../factories/users.js';
import { createTestApp, type TestApp } from '../setup/test-app.js';

const PROBLEM = /^application\/problem\+json/;
const BASE = '/api/v1/tasting-notes';
const MISSING = '00000000-0000-4000-8000-000000000000';

interface Note {
  id: string;
  whisky: { id: string; name: string; distillery: string | null; abv: number } | null;
  hidden: boolean;
  sample: { sessionId: string; flightItemId: string; position: number; label: string } | null;
  author: { userId: string | null; participantId: string | null; displayName: string };
  nose: string | null;
  score: number | null;
  scale: RatingScale;
  flavourTags: string[];
  freeTags: string[];
  guess: { whisky: { id: string } | null; text: string | null } | null;
  version: number;
}
interface Page<T> {
  data: T[];
  total: number;
}
interface WhiskyNotes extends Page<Note> {
  averageScore: number | null;
  scoredNotes: number;
  scale: RatingScale;
}
interface Flight {
  session: TastingSession;
  items: FlightItem[];
}

describe('tasting notes', () => {
  let t: TestApp;
  let orm: MikroORM;
  let ada: SignedIn; // admin, points100, hosts the sessions
  let bea: SignedIn; // stars5
  let carl: SignedIn; // points10
  let reader: SignedIn;
  let stranger: SignedIn;
  let lagavulin: Whisky;
  let springbank: Whisky;
  let lagavulinBottle: Bottle;
  let springbankBottle: Bottle;

  beforeAll(async () => {
    t = await createTestApp();
    orm = t.app.get(MikroORM);
    ada = await registerUser(t.app, { displayName: 'Ada' });
    bea = await addMember(t.app, ada, 'user', 'bea');
    carl = await addMember(t.app, ada, 'user', 'carl');
    reader = await addMember(t.app, ada, 'read_only', 'reader');
    await openRegistration(t.app, ada);
    stranger = await registerUser(t.app, { displayName: 'Stranger' });
    await setScale(bea, 'stars5');
    await setScale(carl, 'points10');
    lagavulin = await insertWhisky(ada, 'Lagavulin 16', 43);
    springbank = await insertWhisky(ada, 'Springbank 10', 46);
    lagavulinBottle = await insertBottle(ada, lagavulin);
    springbankBottle = await insertBottle(ada, springbank);
  });
  afterAll(async () => {
    await t.close();
  });

  async function setScale(who: SignedIn, ratingScale: RatingScale): Promise<void> {
    await orm.em.fork().nativeUpdate(User, { id: who.user.id }, { ratingScale }, { filters: false });
  }

  async function insertWhisky(owner: SignedIn, name: string, abv: number): Promise<Whisky> {
    const em = orm.em.fork();
    const whisky = em.create(Whisky, {
      household: em.getReference(Household, owner.user.householdId),
      name,
      style: 'single_malt',
      abv,
    });
    await em.flush();
    return whisky;
  }

  async function insertBottle(owner: SignedIn, whisky: Whisky): Promise<Bottle> {
    const em = orm.em.fork();
    const bottle = em.create(Bottle, {
      household: em.getReference(Household, owner.user.householdId),
      whisky: em.getReference(Whisky, whisky.id),
      sizeMl: 700,
      currentVolumeMl: 700,
    });
    await em.flush();
    return bottle;
  }

  /** A session made directly in the database (the sessions API is built elsewhere). */
  async function insertSession(options: {
    host?: SignedIn;
    status?: SessionStatus;
    blind?: boolean;
    members?: SignedIn[];
    bottles?: Bottle[];
  }): Promise<Flight> {
    const host = options.host ?? ada;
    const em = orm.em.fork();
    const household = em.getReference(Household, host.user.householdId);
    const session = em.create(TastingSession, {
      household,
      title: 'Islay night',
      startsAt: new Date(),
      host: em.getReference(User, host.user.id),
      status: options.status ?? 'live',
      blind: options.blind ?? false,
    });
    for (const member of options.members ?? [host]) {
      em.create(Participant, {
        household,
        session,
        user: em.getReference(User, member.user.id),
        displayName: member.user.email,
      });
    }
    const items = (options.bottles ?? [lagavulinBottle, springbankBottle]).map((bottle, index) =>
      em.create(FlightItem, {
        household,
        session,
        position: index + 1,
        bottle: em.getReference(Bottle, bottle.id),
        mlPerParticipant: 20,
      }),
    );
    await em.flush();
    return { session, items };
  }

  async function setSession(session: TastingSession, status: SessionStatus): Promise<void> {
    await orm.em.fork().nativeUpdate(TastingSession, { id: session.id }, { status }, { filters: false });
  }

  const get = (url: string, who: SignedIn = ada) =>
    t.app.inject({ method: 'GET', url, headers: bearer(who.accessToken) });
  const send = (method: 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object, who: SignedIn = ada) =>
    t.app.inject({ method, url, payload, headers: bearer(who.accessToken) });

  async function create(payload: object, who: SignedIn = ada): Promise<Note> {
    const res = await send('POST', BASE, payload, who);
    if (res.statusCode !== 201) throw new Error(`${res.statusCode}: ${res.body}`);
    return res.json<Note>();
  }
  const stored = (id: string) => orm.em.fork().findOneOrFail(TastingNote, id, { filters: false });
  const auditTotal = async (action: string, targetId: string) =>
    (await get(`/api/v1/audit-events?action=${action}&perPage=100`))
      .json<Page<{ targetId: string }>>()
      .data.filter((event) => event.targetId === targetId).length;
  const fieldsOf = (body: string) =>
    (JSON.parse(body) as { errors: { field: string }[] }).errors.map((e) => e.field);

  describe('at home', () => {
    it('writes a note of a whisky: scored in the author scale, tags normalised, audited and counted', async () => {
      const metric = t.app.get(MetricsService).registry.getSingleMetric('whiskey_tasting_notes_total');
      const before = (await metric!.get()).values.find((v) => v.labels.kind === 'standalone')?.value ?? 0;
      const note = await create({
        whiskyId: lagavulin.id,
        nose: 'Peat smoke and iodine',
        score: 87.5,
        flavourTags: ['peaty', ' Smoky '],
        freeTags: ['Campfire', 'campfire ', 'BBQ'],
        servedMl: 25,
      });
      expect(note).toMatchObject({
        whisky: { id: lagavulin.id, name: 'Lagavulin 16', abv: 43 },
        hidden: false,
        sample: null,
        author: { userId: ada.user.id, participantId: null },
        nose: 'Peat smoke and iodine',
        score: 87.5,
        scale: 'points100',
        flavourTags: ['peaty', 'smoky'],
        freeTags: ['campfire', 'bbq'],
        guess: null,
        version: 1,
      });
      expect(await stored(note.id)).toMatchObject({ score: 87.5, scoreScale: 'points100' });
      expect(await auditTotal('tasting_note.created', note.id)).toBe(1);
      const after = (await metric!.get()).values.find((v) => v.labels.kind === 'standalone')?.value;
      expect(after).toBe(before + 1);
    });

    it('validates the body (400): whisky or sample, lengths, tag limits, unknown fields', async () => {
      const fields = async (payload: object) => {
        const res = await send('POST', BASE, payload);
        expect(res.statusCode).toBe(400);
        expect(res.headers['content-type']).toMatch(PROBLEM);
        return [...new Set(fieldsOf(res.body))];
      };
      expect(await fields({})).toEqual(['whiskyId']);
      expect(await fields({ whiskyId: lagavulin.id, flightItemId: MISSING })).toEqual(['flightItemId']);
      expect(await fields({ whiskyId: lagavulin.id, nose: 'x'.repeat(5001) })).toEqual(['nose']);
      expect(await fields({ whiskyId: lagavulin.id, overall: 'x'.repeat(5001) })).toEqual(['overall']);
      const many = Array.from({ length: 21 }, (_, i) => `tag${i}`);
      expect(await fields({ whiskyId: lagavulin.id, freeTags: many })).toEqual(['freeTags']);
      expect(await fields({ whiskyId: lagavulin.id, freeTags: ['x'.repeat(41)] })).toEqual(['freeTags']);
      expect(await fields({ whiskyId: lagavulin.id, score: 101 })).toEqual(['score']);
      expect(await fields({ whiskyId: lagavulin.id, flavourTags: null })).toEqual(['flavourTags']);
      expect(await fields({ whiskyId: lagavulin.id, household: MISSING })).toEqual(['household']);
    });

    it('refuses unknown flavour tags (422, naming them), a score outside the scale and guesses', async () => {
      const tags = await send('POST', BASE, { whiskyId: lagavulin.id, flavourTags: ['peaty', 'unicorn'] });
      expect(tags.statusCode).toBe(422);
      expect(tags.json()).toMatchObject({ errors: [{ field: 'flavourTags', message: 'unknown: unicorn' }] });

      const stars = await send('POST', BASE, { whiskyId: lagavulin.id, score: 4.3 }, bea);
      expect(stars.statusCode).toBe(422);
      expect(stars.json()).toMatchObject({ errors: [{ field: 'score' }] });
      expect((await send('POST', BASE, { whiskyId: lagavulin.id, score: 6 }, bea)).statusCode).toBe(422);
      expect((await send('POST', BASE, { whiskyId: lagavulin.id, score: 10.5 }, carl)).statusCode).toBe(422);
      expect((await send('POST', BASE, { whiskyId: lagavulin.id, score: 9.5 }, carl)).statusCode).toBe(201);

      const guess = await send('POST', BASE, { whiskyId: lagavulin.id, guessText: 'Islay' });
      expect(guess.statusCode).toBe(422);
      expect(guess.json()).toMatchObject({ errors: [{ field: 'guessText' }] });
    });

    it("answers 404 for a missing or another household's whisky", async () => {
      const theirs = await insertWhisky(stranger, 'Their whisky', 40);
      expect((await send('POST', BASE, { whiskyId: theirs.id })).statusCode).toBe(404);
      expect((await send('POST', BASE, { whiskyId: MISSING })).statusCode).toBe(404);
    });
  });

  describe('in a session', () => {
    it('takes the whisky from the sample, one note per participant and sample (409)', async () => {
      const { session, items } = await insertSession({ members: [ada, bea] });
      const note = await create({ flightItemId: items[1].id, score: 4.5 }, bea);
      expect(note).toMatchObject({
        whisky: { id: springbank.id, name: 'Springbank 10' },
        sample: { sessionId: session.id, flightItemId: items[1].id, position: 2, label: 'Sample 2' },
        author: { userId: bea.user.id },
        score: 4.5,
        scale: 'stars5',
      });
      expect(note.author.participantId).not.toBeNull();
      expect(await stored(note.id)).toMatchObject({ score: 90, scoreScale: 'stars5' });
      const again = await send('POST', BASE, { flightItemId: items[1].id, score: 3 }, bea);
      expect(again.statusCode).toBe(409);
      expect(again.headers['content-type']).toMatch(PROBLEM);
    });

    it('refuses a caller who does not take part (403) and a missing sample (404)', async () => {
      const { items } = await insertSession({ members: [ada] });
      const res = await send('POST', BASE, { flightItemId: items[0].id }, carl);
      expect(res.statusCode).toBe(403);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      const missing = await send('POST', BASE, { flightItemId: MISSING });
      expect(missing.statusCode).toBe(404);
      expect(missing.json()).toMatchObject({ errors: [{ field: 'flightItemId' }] });
      const theirs = await insertSession({
        host: stranger,
        members: [stranger],
        bottles: [await insertBottle(stranger, await insertWhisky(stranger, 'Theirs', 40))],
      });
      expect((await send('POST', BASE, { flightItemId: theirs.items[0].id })).statusCode).toBe(404);
    });

    it('takes notes only while the session is live or finished (422 when planned or cancelled)', async () => {
      const flight = await insertSession({ status: 'planned' });
      const planned = await send('POST', BASE, { flightItemId: flight.items[0].id });
      expect(planned.statusCode).toBe(422);
      await setSession(flight.session, 'cancelled');
      expect((await send('POST', BASE, { flightItemId: flight.items[0].id })).statusCode).toBe(422);
      await setSession(flight.session, 'finished');
      expect((await send('POST', BASE, { flightItemId: flight.items[0].id })).statusCode).toBe(201);
    });

    it('shows scores in the reader scale: 4.5 stars are 9.0 points10 and 90 points', async () => {
      const { items } = await insertSession({ members: [ada, bea, carl] });
      const note = await create({ flightItemId: items[0].id, score: 4.5 }, bea);
      expect((await get(`${BASE}/${note.id}`, carl)).json<Note>()).toMatchObject({
        score: 9,
        scale: 'points10',
      });
      expect((await get(`${BASE}/${note.id}`, ada)).json<Note>()).toMatchObject({
        score: 90,
        scale: 'points100',
      });
      expect((await get(`${BASE}/${note.id}`, bea)).json<Note>()).toMatchObject({
        score: 4.5,
        scale: 'stars5',
      });
      const carls = await create({ flightItemId: items[0].id, score: 8.7 }, carl);
      expect((await get(`${BASE}/${carls.id}`, bea)).json<Note>()).toMatchObject({ score: 4.5 });
      expect((await get(`${BASE}/${carls.id}`, ada)).json<Note>()).toMatchObject({ score: 87 });
    });
  });

  describe('blind sessions', () => {
    let flight: Flight;
    let beas: Note;

    beforeAll(async () => {
      flight = await insertSession({ blind: true, members: [ada, bea, carl] });
      beas = await create({ flightItemId: flight.items[0].id, score: 5, guessText: 'Islay, surely' }, bea);
    });

    it('hides the whisky of a sample from everyone but the host until it is revealed', async () => {
      expect(beas).toMatchObject({ whisky: null, hidden: true, sample: { label: 'Sample 1' } });
      expect(beas.guess).toEqual({ whisky: null, text: 'Islay, surely' });

      const res = await get(`/api/v1/sessions/${flight.session.id}/notes`, carl);
      expect(res.statusCode).toBe(200);
      const page = res.json<Page<Note>>();
      expect(page.data).toEqual([
        expect.objectContaining({ id: beas.id, whisky: null, hidden: true, guess: null, score: 10 }),
      ]);
      for (const leak of [lagavulin.id, lagavulinBottle.id, 'Lagavulin', 'Islay']) {
        expect(res.body).not.toContain(leak);
      }
      const host = (await get(`/api/v1/sessions/${flight.session.id}/notes`, ada)).json<Page<Note>>();
      expect(host.data[0]).toMatchObject({ hidden: false, whisky: { id: lagavulin.id } });
    });

    it('keeps hidden notes out of the whisky filters and averages, until revealed', async () => {
      const forCarl = (
        await get(`/api/v1/whiskies/${lagavulin.id}/notes?perPage=100`, carl)
      ).json<WhiskyNotes>();
      expect(forCarl.data.map((n) => n.id)).not.toContain(beas.id);
      const listed = (await get(`${BASE}?whiskyId=${lagavulin.id}&perPage=100`, bea)).json<Page<Note>>();
      expect(listed.data.map((n) => n.id)).not.toContain(beas.id);
      const forHost = (
        await get(`/api/v1/whiskies/${lagavulin.id}/notes?perPage=100`, ada)
      ).json<WhiskyNotes>();
      expect(forHost.data.map((n) => n.id)).toContain(beas.id);

      await orm.em
        .fork()
        .nativeUpdate(FlightItem, { id: flight.items[0].id }, { revealedAt: new Date() }, { filters: false });
      const revealed = (
        await get(`/api/v1/whiskies/${lagavulin.id}/notes?perPage=100`, carl)
      ).json<WhiskyNotes>();
      expect(revealed.data.map((n) => n.id)).toContain(beas.id);
      expect((await get(`${BASE}/${beas.id}`, carl)).json<Note>()).toMatchObject({
        hidden: false,
        whisky: { id: lagavulin.id },
        guess: { text: 'Islay, surely' },
      });
    });

    it('takes guesses of a whisky of the household', async () => {
      const note = await create({ flightItemId: flight.items[1].id, guessWhiskyId: lagavulin.id }, carl);
      expect(note).toMatchObject({ hidden: true, whisky: null, guess: { whisky: { id: lagavulin.id } } });
      const missing = await send(
        'POST',
        BASE,
        { flightItemId: flight.items[1].id, guessWhiskyId: MISSING },
        bea,
      );
      expect(missing.statusCode).toBe(404);
      expect(missing.json()).toMatchObject({ errors: [{ field: 'guessWhiskyId' }] });
    });
  });

  describe('the average score of a whisky', () => {
    it('averages notes at home and in sessions, in the reader scale', async () => {
      const owner = await registerUser(t.app, { displayName: 'Averager' });
      const friend = await addMember(t.app, owner, 'user', 'friend');
      await setScale(friend, 'stars5');
      const whisky = await insertWhisky(owner, 'Kilkerran 12', 46);
      const flight = await insertSession({
        host: owner,
        members: [owner, friend],
        bottles: [await insertBottle(owner, whisky)],
      });
      await create({ whiskyId: whisky.id, score: 80 }, owner);
      await create({ whiskyId: whisky.id, nose: 'no score' }, owner);
      await create({ flightItemId: flight.items[0].id, score: 4.5 }, friend);

      const asOwner = (await get(`/api/v1/whiskies/${whisky.id}/notes`, owner)).json<WhiskyNotes>();
      expect(asOwner).toMatchObject({ total: 3, averageScore: 85, scoredNotes: 2, scale: 'points100' });
      const asFriend = (
        await get(`/api/v1/whiskies/${whisky.id}/notes?perPage=1`, friend)
      ).json<WhiskyNotes>();
      expect(asFriend).toMatchObject({ total: 3, averageScore: 4.3, scoredNotes: 2, scale: 'stars5' });
      expect(asFriend.data).toHaveLength(1);
      expect((await get(`/api/v1/whiskies/${MISSING}/notes`, owner)).statusCode).toBe(404);
      expect((await get(`/api/v1/whiskies/${lagavulin.id}/notes`, owner)).statusCode).toBe(404);
    });
  });

  describe('changing and deleting', () => {
    it('lets the author change their note with its version, also after the session finished', async () => {
      const flight = await insertSession({ members: [ada, bea] });
      const note = await create({ flightItemId: flight.items[0].id, score: 3, nose: 'Sweet' }, bea);
      await setSession(flight.session, 'finished');
      const res = await send(
        'PATCH',
        `${BASE}/${note.id}`,
        { version: note.version, score: 3.5, nose: null, freeTags: ['Honey'] },
        bea,
      );
      expect(res.statusCode).toBe(200);
      expect(res.json<Note>()).toMatchObject({ score: 3.5, nose: null, freeTags: ['honey'], version: 2 });
      expect(await stored(note.id)).toMatchObject({ score: 70 });
      expect(await auditTotal('tasting_note.updated', note.id)).toBe(1);
      const stale = await send('PATCH', `${BASE}/${note.id}`, { version: note.version, score: 1 }, bea);
      expect(stale.statusCode).toBe(409);
      expect((await send('PATCH', `${BASE}/${note.id}`, { score: 1 }, bea)).statusCode).toBe(400);
      expect((await send('PATCH', `${BASE}/${note.id}`, { version: 2, score: 1.2 }, bea)).statusCode).toBe(
        422,
      );
    });

    it("refuses changes to someone else's note (403) and another household's (404)", async () => {
      const note = await create({ whiskyId: springbank.id, score: 3.5 }, bea);
      const patch = await send('PATCH', `${BASE}/${note.id}`, { version: 1, score: 10 }, carl);
      expect(patch.statusCode).toBe(403);
      expect((await send('DELETE', `${BASE}/${note.id}`, undefined, ada)).statusCode).toBe(403);
      expect(
        (await send('PATCH', `${BASE}/${note.id}`, { version: 1, score: 10 }, stranger)).statusCode,
      ).toBe(404);
      expect((await send('DELETE', `${BASE}/${note.id}`, undefined, stranger)).statusCode).toBe(404);
      expect((await get(`${BASE}/${note.id}`, stranger)).statusCode).toBe(404);
      expect(await stored(note.id)).toMatchObject({ score: 70, version: 1 });
    });

    it('deletes the author note (204, audited)', async () => {
      const note = await create({ whiskyId: springbank.id });
      const res = await send('DELETE', `${BASE}/${note.id}`);
      expect(res.statusCode).toBe(204);
      expect((await get(`${BASE}/${note.id}`)).statusCode).toBe(404);
      expect(await auditTotal('tasting_note.deleted', note.id)).toBe(1);
    });

    it('lets read-only members read but not write (403)', async () => {
      const note = await create({ whiskyId: springbank.id });
      expect((await get(`${BASE}/${note.id}`, reader)).statusCode).toBe(200);
      expect((await get(BASE, reader)).statusCode).toBe(200);
      const writes = [
        await send('POST', BASE, { whiskyId: springbank.id }, reader),
        await send('PATCH', `${BASE}/${note.id}`, { version: 1, nose: 'x' }, reader),
        await send('DELETE', `${BASE}/${note.id}`, undefined, reader),
      ];
      for (const res of writes) {
        expect(res.statusCode).toBe(403);
        expect(res.headers['content-type']).toMatch(PROBLEM);
      }
    });
  });

  describe('the list', () => {
    let owner: SignedIn;
    let friend: SignedIn;
    let notes: Note[];
    let flight: Flight;

    beforeAll(async () => {
      owner = await registerUser(t.app, { displayName: 'Lister' });
      friend = await addMember(t.app, owner, 'user', 'friend');
      const whisky = await insertWhisky(owner, 'Ardbeg 10', 46);
      const other = await insertWhisky(owner, 'Talisker 10', 45.8);
      flight = await insertSession({
        host: owner,
        members: [owner, friend],
        bottles: [await insertBottle(owner, whisky)],
      });
      notes = [
        await create({ whiskyId: whisky.id, score: 60, palate: 'Tarry 100% rope' }, owner),
        await create({ whiskyId: other.id }, owner),
        await create({ flightItemId: flight.items[0].id, score: 90 }, friend),
        await create({ whiskyId: other.id, score: 75 }, friend),
      ];
    });
    const list = async (query: string, who: SignedIn = owner) => {
      const res = await get(`${BASE}?${query}`, who);
      expect(res.statusCode).toBe(200);
      return res.json<Page<Note>>().data.map((n) => n.id);
    };

    it('is newest first, and filters by author, mine, session and whisky', async () => {
      expect(await list('')).toEqual(notes.map((n) => n.id).reverse());
      expect(await list(`authorId=${friend.user.id}`)).toEqual([notes[3].id, notes[2].id]);
      expect(await list('mine=true', friend)).toEqual([notes[3].id, notes[2].id]);
      expect(await list('mine=false', friend)).toHaveLength(4);
      expect(await list(`sessionId=${flight.session.id}`)).toEqual([notes[2].id]);
      expect(await list(`whiskyId=${notes[0].whisky!.id}&order=ASC`)).toEqual([notes[0].id, notes[2].id]);
      const session = await get(`/api/v1/sessions/${flight.session.id}/notes?mine=true`, friend);
      expect(session.json<Page<Note>>()).toMatchObject({ total: 1, data: [{ id: notes[2].id }] });
      expect((await get(`/api/v1/sessions/${MISSING}/notes`, owner)).statusCode).toBe(404);
    });

    it("searches the notes' words case-insensitively, with % taken literally, never the whisky name", async () => {
      expect(await list('q=tarry')).toEqual([notes[0].id]);
      expect(await list('q=100%25')).toEqual([notes[0].id]);
      expect(await list('q=%25%25')).toEqual([]);
      expect(await list('q=Ardbeg')).toEqual([]);
    });

    it('sorts by score with unscored notes last, and pages', async () => {
      expect(await list('sort=score&order=DESC')).toEqual([
        notes[2].id,
        notes[3].id,
        notes[0].id,
        notes[1].id,
      ]);
      expect(await list('sort=score&order=ASC')).toEqual([
        notes[0].id,
        notes[3].id,
        notes[2].id,
        notes[1].id,
      ]);
      const page = (await get(`${BASE}?perPage=3&page=2`, owner)).json<Page<Note>>();
      expect(page).toMatchObject({ total: 4, data: [{ id: notes[0].id }] });
    });

    it('refuses unknown sorts, filters and bad values (400)', async () => {
      for (const query of ['sort=nose', 'mine=yes', 'whiskyId=nope', 'colour=amber', 'perPage=101']) {
        expect((await get(`${BASE}?${query}`, owner)).statusCode).toBe(400);
      }
    });
  });

  describe('flavour tags', () => {
    it('lists the vocabulary grouped by family, the family word first', async () => {
      const res = await get('/api/v1/flavour-tags', reader);
      expect(res.statusCode).toBe(200);
      const families = res.json<{ family: string; tags: { slug: string; label: string }[] }[]>();
      expect(families.flatMap((f) => f.tags)).toHaveLength(48);
      expect(families.map((f) => f.family)).toEqual([...families.map((f) => f.family)].sort());
      expect(families.find((f) => f.family === 'smoky')).toEqual({
        family: 'smoky',
        tags: [
          { slug: 'smoky', label: 'Smoky' },
          { slug: 'ash', label: 'Ash' },
          { slug: 'bonfire', label: 'Bonfire' },
          { slug: 'tar', label: 'Tar' },
        ],
      });
    });
  });
});
