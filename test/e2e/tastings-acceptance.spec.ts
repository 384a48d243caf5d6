import { addMember, bearer, registerUser, type SignedIn } from '../factories/users.js';
import { createTestApp, type TestApp } from '../setup/test-app.js';

/**
 * The tastings issue's acceptance scenario, through the HTTP API only: a blind session with the host,
 * a second member and a guest goes planned → live → finished over four samples, with the ledger, blind
 * masking, score scales, results and the share link checked on the way.
 */

const ML = 20;
const PARTICIPANTS = 3;

interface Whisky {
  id: string;
  name: string;
}
interface Bottle {
  id: string;
  currentVolumeMl: number;
}
interface Session {
  id: string;
  status: string;
  items: { id: string; position: number; whisky?: { id: string; name: string } }[];
}
interface Note {
  id: string;
  score: number | null;
  scale: string;
  version: number;
}
interface Results {
  items: {
    position: number;
    whisky: { name: string } | null;
    rank: number | null;
    normalised: { average: number | null; min: number | null; max: number | null };
    inScale: { average: number | null; min: number | null; max: number | null };
    scores: { displayName: string; score: number | null; scoreInScale: number | null }[];
    guesses: { displayName: string; correct: boolean }[] | null;
  }[];
}

describe('tastings: acceptance', () => {
  let t: TestApp;
  let ada: SignedIn; // admin, hosts; 100 points
  let bob: SignedIn; // member; 5 stars
  let whiskies: Whisky[];
  let bottles: Bottle[];
  let session: Session;
  let guestToken: string;
  /** Notes by sample position, for each writer. */
  const notes: Record<'ada' | 'bob' | 'guest', Note[]> = { ada: [], bob: [], guest: [] };

  beforeAll(async () => {
    t = await createTestApp();
    ada = await registerUser(t.app, { displayName: 'Ada' });
    bob = await addMember(t.app, ada, 'user', 'bob');
    const me = await call<{ version: number }>('GET', '/api/v1/users/me', bob);
    await call('PATCH', '/api/v1/users/me', bob, {
      version: me.version,
      ratingScale: 'stars5',
      displayName: 'Bob',
    });
  });
  afterAll(async () => {
    await t.close();
  });

  async function request(method: string, url: string, who?: SignedIn, payload?: object) {
    return t.app.inject({
      method: method as 'GET',
      url,
      payload,
      headers: who ? bearer(who.accessToken) : {},
    });
  }
  /** A call that must succeed; its JSON body (undefined for 204). */
  async function call<T = unknown>(
    method: string,
    url: string,
    who?: SignedIn,
    payload?: object,
  ): Promise<T> {
    const res = await request(method, url, who, payload);
    if (res.statusCode >= 300) throw new Error(`${method} ${url} → ${res.statusCode}: ${res.body}`);
    return (res.statusCode === 204 ? undefined : res.json()) as T;
  }
  const volumes = async () =>
    Promise.all(
      bottles.map(async (b) => (await call<Bottle>('GET', `/api/v1/bottles/${b.id}`, ada)).currentVolumeMl),
    );
  const itemAt = (position: number) => session.items.find((item) => item.position === position)!;

  it('plans a blind session with three participants (one a guest) and four samples', async () => {
    whiskies = [];
    bottles = [];
    for (const name of ['Lagavulin 16', 'Springbank 10', 'Glenfarclas 15', 'Talisker 10']) {
      const whisky = await call<Whisky>('POST', '/api/v1/whiskies', ada, {
        name,
        style: 'single_malt',
        abv: 46,
      });
      whiskies.push(whisky);
      bottles.push(await call<Bottle>('POST', '/api/v1/bottles', ada, { whiskyId: whisky.id, sizeMl: 700 }));
    }
    session = await call<Session>('POST', '/api/v1/sessions', ada, {
      title: 'Islay night',
      startsAt: '2026-12-05T19:30:00Z',
      blind: true,
    });
    await call('POST', `/api/v1/sessions/${session.id}/participants`, ada, { userId: bob.user.id });
    const guest = await call<{ guestToken: string; guestLink: string }>(
      'POST',
      `/api/v1/sessions/${session.id}/participants`,
      ada,
      { guestName: 'Gina' },
    );
    expect(guest.guestLink).toContain(guest.guestToken);
    guestToken = guest.guestToken;
    for (const bottle of bottles) {
      await call('POST', `/api/v1/sessions/${session.id}/items`, ada, {
        bottleId: bottle.id,
        mlPerParticipant: ML,
      });
    }
    session = await call<Session>('GET', `/api/v1/sessions/${session.id}`, ada);
    expect(session.status).toBe('planned');
    expect(session.items).toHaveLength(4);
    expect(await volumes()).toEqual([700, 700, 700, 700]);
  });

  it('starts: the ledger shows one tasting pour of ml × participants per sample', async () => {
    session = await call<Session>('POST', `/api/v1/sessions/${session.id}/start`, ada);
    expect(session.status).toBe('live');
    const pours = await call<{ data: { bottleId: string; ml: number; reason: string }[]; total: number }>(
      'GET',
      `/api/v1/pours?tastingSessionId=${session.id}`,
      ada,
    );
    expect(pours.total).toBe(4);
    expect(pours.data.map((pour) => [pour.reason, pour.ml])).toEqual(
      Array.from({ length: 4 }, () => ['tasting', ML * PARTICIPANTS]),
    );
    expect(new Set(pours.data.map((pour) => pour.bottleId))).toEqual(new Set(bottles.map((b) => b.id)));
    expect(await volumes()).toEqual(Array.from({ length: 4 }, () => 700 - ML * PARTICIPANTS));
    // The ledger would name the flight's bottles: until the blind session ends, only the host sees its pours.
    const asBob = await call<{ total: number }>('GET', `/api/v1/pours?tastingSessionId=${session.id}`, bob);
    expect(asBob.total).toBe(0);
    for (const bottle of bottles) {
      const ofBottle = await call<{ data: { reason: string }[] }>(
        'GET',
        `/api/v1/bottles/${bottle.id}/pours`,
        bob,
      );
      expect(ofBottle.data.filter((pour) => pour.reason === 'tasting')).toEqual([]);
    }
  });

  it('takes notes in every scale: 4.5 stars = 90 = 9.0 points', async () => {
    // Normalised: sample 1: 88, 90, 90; sample 2: 70, 70, 80; sample 3: 95, 80, 65; sample 4: 60, 60, 60.
    const ada100 = [88, 70, 95, 60];
    const bobStars = [4.5, 3.5, 4, 3];
    const gina10 = [9, 8, 6.5, 6];
    for (const position of [1, 2, 3, 4]) {
      const flightItemId = itemAt(position).id;
      notes.ada.push(
        await call<Note>('POST', '/api/v1/tasting-notes', ada, {
          flightItemId,
          score: ada100[position - 1],
          nose: 'smoke',
          flavourTags: ['peaty'],
        }),
      );
      notes.bob.push(
        await call<Note>('POST', '/api/v1/tasting-notes', bob, {
          flightItemId,
          score: bobStars[position - 1],
          nose: 'sea air',
          flavourTags: ['peaty', 'brine'],
          guessText: 'something coastal',
        }),
      );
      notes.guest.push(
        await call<Note>('PUT', `/api/v1/guest/${guestToken}/items/${flightItemId}/note`, undefined, {
          score: gina10[position - 1],
          scale: 'points10',
          nose: 'campfire',
          guessText: position === 1 ? 'Springbank?' : 'no idea',
        }),
      );
    }
    expect(notes.bob[0]).toMatchObject({ score: 4.5, scale: 'stars5' });
    expect(notes.guest[0]).toMatchObject({ score: 9, scale: 'points10' });
    // Bob's 4.5 stars and Gina's 9.0 points both read as 90 for Ada (100 points)…
    expect(await call<Note>('GET', `/api/v1/tasting-notes/${notes.bob[0].id}`, ada)).toMatchObject({
      score: 90,
      scale: 'points100',
    });
    expect(await call<Note>('GET', `/api/v1/tasting-notes/${notes.guest[0].id}`, ada)).toMatchObject({
      score: 90,
      scale: 'points100',
    });
    // …Ada's 88 as 4.5 stars for Bob (the nearest half), and Gina sees her 9.0 as 4.5 stars when she asks.
    expect(await call<Note>('GET', `/api/v1/tasting-notes/${notes.ada[0].id}`, bob)).toMatchObject({
      score: 4.5,
      scale: 'stars5',
    });
    const inStars = await call<{ notes: Note[] }>('GET', `/api/v1/guest/${guestToken}?scale=stars5`);
    expect(inStars.notes[0]).toMatchObject({ score: 4.5, scale: 'stars5' });
  });

  it('shows no whisky name or id to the member or the guest anywhere before the reveal', async () => {
    const secrets = [...whiskies.flatMap((whisky) => [whisky.name, whisky.id]), ...bottles.map((b) => b.id)];
    const memberUrls = [
      '/api/v1/sessions',
      `/api/v1/sessions?status=live`,
      `/api/v1/sessions/${session.id}`,
      `/api/v1/sessions/${session.id}/notes`,
      `/api/v1/sessions/${session.id}/results`,
      '/api/v1/tasting-notes',
      ...notes.bob.map((note) => `/api/v1/tasting-notes/${note.id}`),
      ...notes.ada.map((note) => `/api/v1/tasting-notes/${note.id}`),
    ];
    const guestUrls = [`/api/v1/guest/${guestToken}`, `/api/v1/guest/${guestToken}?scale=points10`];
    const leaks: string[] = [];
    for (const [who, url] of [
      ...memberUrls.map((url) => [bob, url] as const),
      ...guestUrls.map((url) => [undefined, url] as const),
    ]) {
      const res = await request('GET', url, who);
      expect([url, res.statusCode]).toEqual([url, 200]);
      for (const secret of secrets) if (res.body.includes(secret)) leaks.push(`${url} shows ${secret}`);
    }
    expect(leaks).toEqual([]);
    // The host sees everything.
    const forHost = await call<Session>('GET', `/api/v1/sessions/${session.id}`, ada);
    expect(forHost.items.map((item) => item.whisky?.name)).toEqual(whiskies.map((w) => w.name));
  });

  it('keeps a guest link to its own session; a cancelled session gives its pours back', async () => {
    const other = await call<Session>('POST', '/api/v1/sessions', ada, {
      title: 'Another night',
      startsAt: '2026-12-12T19:30:00Z',
      blind: false,
    });
    const items: { id: string }[] = [];
    for (const bottle of bottles) {
      items.push(
        await call('POST', `/api/v1/sessions/${other.id}/items`, ada, {
          bottleId: bottle.id,
          mlPerParticipant: ML,
        }),
      );
    }
    await call('POST', `/api/v1/sessions/${other.id}/start`, ada);
    const foreign = await request('PUT', `/api/v1/guest/${guestToken}/items/${items[0].id}/note`, undefined, {
      score: 5,
    });
    expect(foreign.statusCode).toBe(404);
    const view = await call<{ title: string }>('GET', `/api/v1/guest/${guestToken}`);
    expect(view.title).toBe('Islay night');
    expect((await request('GET', '/api/v1/guest/not-a-real-guest-token-at-all')).statusCode).toBe(404);
    // The other session (its host alone) poured once more from every bottle; cancelling gives it back.
    expect(await volumes()).toEqual(Array.from({ length: 4 }, () => 700 - ML * PARTICIPANTS - ML));
    await call('POST', `/api/v1/sessions/${other.id}/cancel`, ada);
    expect(await volumes()).toEqual(Array.from({ length: 4 }, () => 700 - ML * PARTICIPANTS));
  });

  it('reveals one sample, then finishes with results that match the hand-computed averages', async () => {
    // Bob names sample 1 by the whisky itself.
    await call('PATCH', `/api/v1/tasting-notes/${notes.bob[0].id}`, bob, {
      version: notes.bob[0].version,
      guessWhiskyId: whiskies[0].id,
    });
    await call('POST', `/api/v1/sessions/${session.id}/items/${itemAt(1).id}/reveal`, ada);
    const forBob = await call<Session>('GET', `/api/v1/sessions/${session.id}`, bob);
    expect(forBob.items.map((item) => item.whisky?.name ?? null)).toEqual(['Lagavulin 16', null, null, null]);
    const live = await call<Results>('GET', `/api/v1/sessions/${session.id}/results`, bob);
    expect(live.items[0].guesses?.map((guess) => [guess.displayName, guess.correct])).toEqual(
      expect.arrayContaining([
        ['Bob', true],
        ['Gina', false],
      ]),
    );
    expect(live.items[1].guesses).toBeNull();

    // Revealing the rest while still live shows every sample to Bob.
    await call('POST', `/api/v1/sessions/${session.id}/reveal`, ada);
    const revealed = await call<Session>('GET', `/api/v1/sessions/${session.id}`, bob);
    expect(revealed.status).toBe('live');
    expect(revealed.items.map((item) => item.whisky?.name)).toEqual(whiskies.map((w) => w.name));

    session = await call<Session>('POST', `/api/v1/sessions/${session.id}/finish`, ada);
    expect(session.status).toBe('finished');
    const results = await call<Results>('GET', `/api/v1/sessions/${session.id}/results`, ada);
    expect(
      results.items.map((item) => [item.position, item.whisky?.name, item.rank, item.normalised]),
    ).toEqual([
      [1, 'Lagavulin 16', 1, { average: 89.3, min: 88, max: 90 }], // (88 + 90 + 90) / 3
      [2, 'Springbank 10', 3, { average: 73.3, min: 70, max: 80 }], // (70 + 70 + 80) / 3
      [3, 'Glenfarclas 15', 2, { average: 80, min: 65, max: 95 }], // (95 + 80 + 65) / 3
      [4, 'Talisker 10', 4, { average: 60, min: 60, max: 60 }],
    ]);
    const forBobFinished = await call<Results>('GET', `/api/v1/sessions/${session.id}/results`, bob);
    expect(forBobFinished.items[3].inScale).toEqual({ average: 3, min: 3, max: 3 });
    expect(forBobFinished.items[0].scores.find((s) => s.displayName === 'Gina')).toMatchObject({
      score: 90,
      scoreInScale: 4.5,
    });
    // The finished session's pours stay in the ledger.
    expect(await volumes()).toEqual(Array.from({ length: 4 }, () => 700 - ML * PARTICIPANTS));
  });

  it('shares the results through a public link until it is revoked', async () => {
    const { token, url } = await call<{ token: string; url: string }>(
      'POST',
      `/api/v1/sessions/${session.id}/share`,
      ada,
    );
    expect(url).toMatch(new RegExp(`/admin/shared/${token}$`));
    const shared = await request('GET', `/api/v1/shared/sessions/${token}`);
    expect(shared.statusCode).toBe(200);
    const body = shared.json<Results>();
    expect(body.items.map((item) => item.normalised.average)).toEqual([89.3, 73.3, 80, 60]);
    expect(shared.body).toContain('Gina');
    expect(shared.body).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i);
    expect(shared.body).not.toContain('@example.org');

    await call('DELETE', `/api/v1/sessions/${session.id}/share`, ada);
    expect((await request('GET', `/api/v1/shared/sessions/${token}`)).statusCode).toBe(404);
  });
});
