import { MikroORM } from '@mikro-orm/postgresql';
import { Bottle } from '../../src/inventory/bottles/bottle.entity.js';
import { Whisky } from '../../src/inventory/whiskies/whisky.entity.js';
import { randomToken, sha256 } from '../../src/users/auth/secrets.js';
import { FlightItem } from '../../src/sessions/flight-item.entity.js';
import { TastingNote } from '../../src/sessions/notes/tasting-note.entity.js';
import { Participant } from '../../src/sessions/participant.entity.js';
import { TastingSession, type SessionStatus } from '../../src/sessions/tasting-session.entity.js';
import { Household } from '../../src/users/households/household.entity.js';
import { User } from '../../src/users/user.entity.js';
import { bearer, openRegistration, registerUser, type SignedIn } from '../factories/users.js';
import { createTestApp, type TestApp } from '../setup/test-app.js';

const PROBLEM = /^application\/problem\+json/;
const MISSING = '00000000-0000-4000-8000-000000000000';

interface Item {
  id: string;
  label: string;
  position: number;
  identityHidden: boolean;
  whisky?: { id: string; name: string };
}
interface Note {
  id: string;
  whisky: { id: string } | null;
  hidden: boolean;
  sample: { flightItemId: string; label: string } | null;
  author: { userId: string | null; participantId: string | null; displayName: string };
  nose: string | null;
  score: number | null;
  scale: string;
  flavourTags: string[];
  version: number;
}
interface GuestSession {
  title: string;
  status: string;
  blind: boolean;
  guest: { participantId: string; displayName: string };
  items: Item[];
  notes: Note[];
}
/** A session with one guest, whose link token the test knows. */
interface GuestFlight {
  session: TastingSession;
  items: FlightItem[];
  guest: Participant;
  token: string;
}

describe('guests', () => {
  let t: TestApp;
  let orm: MikroORM;
  let ada: SignedIn;
  let stranger: SignedIn;
  let bottles: Bottle[];
  let whiskies: Whisky[];
  let blind: GuestFlight;

  beforeAll(async () => {
    t = await createTestApp();
    orm = t.app.get(MikroORM);
    ada = await registerUser(t.app, { displayName: 'Ada' });
    await openRegistration(t.app, ada);
    stranger = await registerUser(t.app, { displayName: 'Stranger' });
    whiskies = [
      await insertWhisky(ada, 'Lagavulin 16', 43.3),
      await insertWhisky(ada, 'Springbank 10', 46.1),
    ];
    bottles = [await insertBottle(ada, whiskies[0]), await insertBottle(ada, whiskies[1])];
    blind = await insertFlight({ blind: true });
  });
  afterAll(async () => {
    await t.close();
  });

  async function insertWhisky(owner: SignedIn, name: string, abv: number): Promise<Whisky> {
    const em = orm.em.fork();
    const whisky = em.create(Whisky, {
      household: em.getReference(Household, owner.user.householdId),
      name,
      distillery: name.split(' ')[0],
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

  /** A session with the host and a guest, made directly in the database (the sessions API is built elsewhere). */
  async function insertFlight(
    options: { host?: SignedIn; status?: SessionStatus; blind?: boolean; bottles?: Bottle[] } = {},
  ): Promise<GuestFlight> {
    const host = options.host ?? ada;
    const em = orm.em.fork();
    const household = em.getReference(Household, host.user.householdId);
    const session = em.create(TastingSession, {
      household,
      title: 'Campbeltown evening',
      startsAt: new Date(),
      host: em.getReference(User, host.user.id),
      status: options.status ?? 'live',
      blind: options.blind ?? false,
    });
    em.create(Participant, {
      household,
      session,
      user: em.getReference(User, host.user.id),
      displayName: 'Ada',
    });
    const token = randomToken();
    const guest = em.create(Participant, {
      household,
      session,
      displayName: 'Fergus',
      guestTokenHash: sha256(token),
    });
    const items = (options.bottles ?? bottles).map((bottle, index) =>
      em.create(FlightItem, {
        household,
        session,
        position: index + 1,
        bottle: em.getReference(Bottle, bottle.id),
        mlPerParticipant: 15,
      }),
    );
    await em.flush();
    return { session, items, guest, token };
  }

  const view = (token: string, query = '') =>
    t.app.inject({ method: 'GET', url: `/api/v1/guest/${token}${query}` });
  const write = (token: string, itemId: string, payload: object) =>
    t.app.inject({ method: 'PUT', url: `/api/v1/guest/${token}/items/${itemId}/note`, payload });
  const notesOf = (guest: Participant) =>
    orm.em.fork().find(TastingNote, { participant: guest.id }, { filters: false });

  describe('the guest view', () => {
    it('shows a live blind session by sample labels only, with no whisky, bottle or strength in the body', async () => {
      const res = await view(blind.token);
      expect(res.statusCode).toBe(200);
      const body = res.json<GuestSession>();
      expect(body).toMatchObject({
        title: 'Campbeltown evening',
        status: 'live',
        blind: true,
        guest: { participantId: blind.guest.id, displayName: 'Fergus' },
        notes: [],
      });
      expect(body.items.map((item) => [item.label, item.identityHidden])).toEqual([
        ['Sample 1', true],
        ['Sample 2', true],
      ]);
      const secrets = [
        ...whiskies.flatMap((w) => [w.id, w.name, 'Lagavulin', 'Springbank', '43.3', '46.1']),
        ...bottles.map((b) => b.id),
      ];
      for (const secret of secrets) expect(res.body).not.toContain(secret);
      expect(res.body).not.toMatch(/"(whisky|abv|bottleId|price)"/);
    });

    it('shows the whisky of a revealed sample, and every whisky of a session that is not blind', async () => {
      const flight = await insertFlight({ blind: true });
      await orm.em
        .fork()
        .nativeUpdate(FlightItem, { id: flight.items[1].id }, { revealedAt: new Date() }, { filters: false });
      const items = (await view(flight.token)).json<GuestSession>().items;
      expect(items[0]).toMatchObject({ identityHidden: true });
      expect(items[0]).not.toHaveProperty('whisky');
      expect(items[1]).toMatchObject({ identityHidden: false, whisky: { id: whiskies[1].id } });

      const open = await insertFlight({ blind: false });
      const openItems = (await view(open.token)).json<GuestSession>().items;
      expect(openItems.map((item) => item.whisky?.name)).toEqual(['Lagavulin 16', 'Springbank 10']);
    });

    it('answers the same 404 for a wrong token and for the link of a finished or cancelled session', async () => {
      const wrong = await view(randomToken());
      expect(wrong.statusCode).toBe(404);
      expect(wrong.headers['content-type']).toMatch(PROBLEM);
      for (const status of ['finished', 'cancelled'] as const) {
        const flight = await insertFlight({ status });
        const res = await view(flight.token);
        expect(res.statusCode).toBe(404);
        expect(res.json<{ detail: string }>().detail).toBe(wrong.json<{ detail: string }>().detail);
        expect((await write(flight.token, flight.items[0].id, { score: 50 })).statusCode).toBe(404);
      }
      expect((await write(randomToken(), blind.items[0].id, { score: 50 })).statusCode).toBe(404);
    });

    it('needs no account, and ignores one', async () => {
      const res = await t.app.inject({
        method: 'GET',
        url: `/api/v1/guest/${blind.token}`,
        headers: bearer(stranger.accessToken),
      });
      expect(res.statusCode).toBe(200);
    });
  });

  describe("the guest's notes", () => {
    it('creates, then changes the note in place; scores in 100 points unless a scale is sent', async () => {
      const flight = await insertFlight({ blind: true });
      const item = flight.items[0];
      const created = await write(flight.token, item.id, {
        nose: 'Smoke',
        score: 85,
        flavourTags: ['smoky'],
      });
      expect(created.statusCode).toBe(200);
      const note = created.json<Note>();
      expect(note).toMatchObject({
        whisky: null,
        hidden: true,
        sample: { flightItemId: item.id, label: 'Sample 1' },
        author: { userId: null, participantId: flight.guest.id, displayName: 'Fergus' },
        nose: 'Smoke',
        score: 85,
        scale: 'points100',
        flavourTags: ['smoky'],
        version: 1,
      });
      for (const secret of [whiskies[0].id, whiskies[0].name, bottles[0].id]) {
        expect(created.body).not.toContain(secret);
      }

      const changed = await write(flight.token, item.id, { score: 4.5, scale: 'stars5', version: 1 });
      expect(changed.statusCode).toBe(200);
      expect(changed.json<Note>()).toMatchObject({
        id: note.id,
        nose: 'Smoke',
        score: 4.5,
        scale: 'stars5',
        version: 2,
      });
      expect(await notesOf(flight.guest)).toEqual([
        expect.objectContaining({ score: 90, scoreScale: 'stars5' }),
      ]);

      const stale = await write(flight.token, item.id, { nose: 'Peat', version: 1 });
      expect(stale.statusCode).toBe(409);

      const seen = (await view(flight.token, '?scale=points10')).json<GuestSession>();
      expect(seen.notes).toEqual([
        expect.objectContaining({ id: note.id, score: 9, scale: 'points10', whisky: null }),
      ]);
      expect((await view(flight.token)).json<GuestSession>().notes[0]).toMatchObject({ score: 90 });

      // The host sees the guest's note with its whisky, in their own scale.
      const host = await t.app.inject({
        method: 'GET',
        url: `/api/v1/tasting-notes/${note.id}`,
        headers: bearer(ada.accessToken),
      });
      expect(host.json<Note>()).toMatchObject({ score: 90, whisky: { id: whiskies[0].id } });
    });

    it('validates the note like a member note (400 and 422)', async () => {
      const item = blind.items[1];
      expect((await write(blind.token, item.id, { score: 4.3, scale: 'stars5' })).statusCode).toBe(422);
      expect((await write(blind.token, item.id, { score: 50, scale: 'points1000' })).statusCode).toBe(400);
      const tags = await write(blind.token, item.id, { flavourTags: ['dragonfruit'] });
      expect(tags.statusCode).toBe(422);
      expect(tags.json()).toMatchObject({
        errors: [{ field: 'flavourTags', message: 'unknown: dragonfruit' }],
      });
      expect((await write(blind.token, item.id, { nose: 'x'.repeat(5001) })).statusCode).toBe(400);
      expect((await write(blind.token, item.id, { whiskyId: whiskies[0].id })).statusCode).toBe(400);
      expect((await write(blind.token, 'not-a-uuid', { score: 1 })).statusCode).toBe(400);
      expect(await notesOf(blind.guest)).toEqual([]);
    });

    it("cannot read or write another session's samples (404), of this household or another", async () => {
      const other = await insertFlight({ blind: true });
      const theirBottle = await insertBottle(stranger, await insertWhisky(stranger, 'Their dram', 40));
      const theirs = await insertFlight({ host: stranger, bottles: [theirBottle] });
      for (const itemId of [other.items[0].id, theirs.items[0].id, MISSING]) {
        const res = await write(blind.token, itemId, { score: 50 });
        expect(res.statusCode).toBe(404);
        expect(res.headers['content-type']).toMatch(PROBLEM);
      }
      expect(await notesOf(blind.guest)).toEqual([]);
      const theirView = (await view(theirs.token)).json<GuestSession>();
      expect(theirView.items.map((item) => item.id)).toEqual([theirs.items[0].id]);
      expect(JSON.stringify(theirView)).not.toContain(blind.session.id);
    });

    it('writes notes only while the session is live (422 while planned)', async () => {
      const planned = await insertFlight({ status: 'planned' });
      expect((await view(planned.token)).statusCode).toBe(200);
      expect((await write(planned.token, planned.items[0].id, { score: 50 })).statusCode).toBe(422);
    });
  });
});
