import { MikroORM } from '@mikro-orm/postgresql';
import { Bottle, type BottleStatus } from '../../src/inventory/bottles/bottle.entity.js';
import { Pour } from '../../src/inventory/pours/pour.entity.js';
import { Whisky, type WhiskyStyle } from '../../src/inventory/whiskies/whisky.entity.js';
import { Household } from '../../src/users/households/household.entity.js';
import { addMember, bearer, openRegistration, registerUser, type SignedIn } from '../factories/users.js';
import { createTestApp, type TestApp } from '../setup/test-app.js';

const URL = '/api/v1/stats/collection';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** The admin's time zone: UTC+10 all year (tzdata's `Etc/GMT-10`; the sign is POSIX's). */
const ADMIN_ZONE = 'Etc/GMT-10';
const ADMIN_OFFSET = 10 * HOUR;

interface Stats {
  bottlesByStatus: Record<BottleStatus, number>;
  byCountry: { key: string | null; bottles: number }[];
  byRegion: { key: string | null; bottles: number }[];
  byStyle: { key: string | null; bottles: number }[];
  value: { currency: string; paid: number; estimated: number }[];
  litresOnHand: number;
  openBottles: number;
  poursPerMonth: { month: string; pours: number; ml: number }[];
  mostPoured: { whiskyId: string; name: string; ml: number; pours: number }[];
}

/** `YYYY-MM` of an instant on the wall clock `offset` ms ahead of UTC. */
const monthAt = (instant: number, offset: number) => new Date(instant + offset).toISOString().slice(0, 7);

/** The 12 months ending with the current one on that wall clock, oldest first. */
function window(offset: number): string[] {
  const now = new Date(Date.now() + offset);
  return Array.from({ length: 12 }, (_, index) =>
    new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 11 + index, 1)).toISOString().slice(0, 7),
  );
}

/**
 * The instant of local midnight on the 1st of the month `monthsFromNow` away, in the admin's zone, plus
 * `plus` ms: the pours below are placed on that grid, so the expected buckets are known by hand.
 */
function adminMonthStart(monthsFromNow: number, plus = 0): Date {
  const now = new Date(Date.now() + ADMIN_OFFSET);
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + monthsFromNow, 1) - ADMIN_OFFSET + plus);
}

describe('collection stats', () => {
  let t: TestApp;
  let orm: MikroORM;
  let admin: SignedIn;
  let reader: SignedIn;
  let stranger: SignedIn;
  let collector: SignedIn;
  /** Every pour of the admin's household, to bucket them for a reader in UTC. */
  const adminPours: { at: Date; ml: number }[] = [];
  const whiskyIds: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp();
    orm = t.app.get(MikroORM);
    admin = await registerUser(t.app, { displayName: 'Ada' });
    reader = await addMember(t.app, admin, 'read_only', 'reader');
    await openRegistration(t.app, admin);
    stranger = await registerUser(t.app, { displayName: 'Stranger' });
    collector = await registerUser(t.app, { displayName: 'Collector' });
    const profile = await t.app.inject({
      method: 'PATCH',
      url: '/api/v1/users/me',
      headers: bearer(admin.accessToken),
      payload: { version: admin.user.version, timeZone: ADMIN_ZONE },
    });
    expect(profile.statusCode).toBe(200);
    await seedAdminHousehold();
    await seedStrangerHousehold();
    await seedCollectorHousehold();
  });
  afterAll(async () => {
    await t.close();
  });

  type WhiskySpec = { name: string; country?: string; region?: string; style: WhiskyStyle };
  type BottleSpec = {
    status: BottleStatus;
    sizeMl?: number;
    currentVolumeMl: number;
    purchasePrice?: number;
    estimatedValue?: number;
    currency?: string;
  };

  /** Writes a household's whiskies, bottles and pours straight into the database. */
  async function seed(
    owner: SignedIn,
    whiskies: { whisky: WhiskySpec; bottles: (BottleSpec & { pours?: { at: Date; ml: number }[] })[] }[],
  ): Promise<void> {
    const em = orm.em.fork();
    const household = em.getReference(Household, owner.user.householdId);
    for (const { whisky: spec, bottles } of whiskies) {
      const whisky = em.create(Whisky, {
        household,
        name: spec.name,
        country: spec.country ?? null,
        region: spec.region ?? null,
        style: spec.style,
        abv: 46,
      });
      whiskyIds[spec.name] = whisky.id;
      for (const { pours = [], ...bottle } of bottles) {
        const created = em.create(Bottle, {
          household,
          whisky,
          sizeMl: bottle.sizeMl ?? 700,
          status: bottle.status,
          currentVolumeMl: bottle.currentVolumeMl,
          purchasePrice: bottle.purchasePrice ?? null,
          estimatedValue: bottle.estimatedValue ?? null,
          currency: bottle.currency ?? null,
        });
        for (const pour of pours) {
          em.create(Pour, { household, bottle: created, ml: pour.ml, reason: 'dram', pouredAt: pour.at });
        }
      }
    }
    await em.flush();
  }

  async function seedAdminHousehold(): Promise<void> {
    const springbankPours = [
      // Half an hour into this month on the admin's clock: still last month in UTC.
      { at: adminMonthStart(0, 30 * 60_000), ml: 30 },
      // Half an hour before this month began on the admin's clock: last month.
      { at: adminMonthStart(0, -30 * 60_000), ml: 20 },
      // The oldest month of the window, and the month just before it (outside).
      { at: adminMonthStart(-11, 14 * DAY + 12 * HOUR), ml: 25.5 },
      { at: adminMonthStart(-12, 14 * DAY + 12 * HOUR), ml: 40 },
    ];
    const lagavulinPours = [
      { at: adminMonthStart(-3, 14 * DAY + 12 * HOUR), ml: 100 },
      { at: adminMonthStart(-3, 15 * DAY + 12 * HOUR), ml: 50 },
    ];
    const bourbonPours = [{ at: adminMonthStart(-6, 9 * DAY), ml: 700 }];
    // Noon on the 1st on the admin's clock: this month in UTC as well.
    const mysteryPours = [{ at: adminMonthStart(0, 12 * HOUR), ml: 10.5 }];
    adminPours.push(...springbankPours, ...lagavulinPours, ...bourbonPours, ...mysteryPours);
    await seed(admin, [
      {
        whisky: { name: 'Springbank 10', country: 'Scotland', region: 'Campbeltown', style: 'single_malt' },
        bottles: [
          { status: 'sealed', currentVolumeMl: 700, purchasePrice: 60, estimatedValue: 80, currency: 'CHF' },
          {
            status: 'open',
            currentVolumeMl: 356,
            purchasePrice: 55.5,
            currency: 'CHF',
            pours: springbankPours,
          },
        ],
      },
      {
        whisky: { name: 'Lagavulin 16', country: 'Scotland', region: 'Islay', style: 'single_malt' },
        bottles: [
          {
            status: 'open',
            currentVolumeMl: 100,
            purchasePrice: 90,
            estimatedValue: 120.25,
            currency: 'EUR',
            pours: lagavulinPours,
          },
        ],
      },
      {
        whisky: { name: 'Buffalo Trace', country: 'USA', region: 'Kentucky', style: 'bourbon' },
        bottles: [
          { status: 'sealed', sizeMl: 1000, currentVolumeMl: 1000 },
          { status: 'finished', currentVolumeMl: 0, purchasePrice: 30, currency: 'EUR', pours: bourbonPours },
        ],
      },
      {
        whisky: { name: 'Mystery Blend', style: 'blend' },
        bottles: [
          { status: 'gifted', currentVolumeMl: 700, purchasePrice: 40, currency: 'CHF' },
          { status: 'sold', currentVolumeMl: 700, estimatedValue: 500, currency: 'CHF' },
          {
            status: 'open',
            sizeMl: 500,
            currentVolumeMl: 250,
            purchasePrice: 25,
            currency: 'USD',
            pours: mysteryPours,
          },
        ],
      },
    ]);
  }

  /** A household with big numbers everywhere, so any leak into the admin's figures shows. */
  async function seedStrangerHousehold(): Promise<void> {
    await seed(stranger, [
      {
        whisky: { name: 'Stranger Malt', country: 'Scotland', region: 'Islay', style: 'single_malt' },
        bottles: [
          {
            status: 'open',
            sizeMl: 1000,
            currentVolumeMl: 999,
            purchasePrice: 1000,
            estimatedValue: 2000,
            currency: 'CHF',
            pours: [
              { at: new Date(Date.now() - HOUR), ml: 1 },
              { at: adminMonthStart(-3, 14 * DAY), ml: 200 },
            ],
          },
          { status: 'finished', currentVolumeMl: 0 },
        ],
      },
    ]);
  }

  /** Twelve whiskies poured 1…12 ml, for the top-ten cut. */
  async function seedCollectorHousehold(): Promise<void> {
    await seed(
      collector,
      Array.from({ length: 12 }, (_, index) => ({
        whisky: { name: `Cask ${String(index + 1).padStart(2, '0')}`, style: 'single_malt' as const },
        bottles: [
          {
            status: 'open' as const,
            currentVolumeMl: 700 - (index + 1),
            pours: [{ at: new Date(Date.now() - DAY), ml: index + 1 }],
          },
        ],
      })),
    );
  }

  const stats = async (who: SignedIn): Promise<Stats> => {
    const res = await t.app.inject({ method: 'GET', url: URL, headers: bearer(who.accessToken) });
    expect(res.statusCode).toBe(200);
    return res.json<Stats>();
  };

  describe("the admin's household", () => {
    let result: Stats;
    beforeAll(async () => {
      result = await stats(admin);
    });

    it('counts bottles by status, and the open ones', () => {
      expect(result.bottlesByStatus).toEqual({ sealed: 2, open: 3, finished: 1, gifted: 1, sold: 1 });
      expect(result.openBottles).toBe(3);
    });

    it('breaks the bottles on hand (sealed + open) down by country, region and style, most first', () => {
      expect(result.byCountry).toEqual([
        { key: 'Scotland', bottles: 3 },
        { key: 'USA', bottles: 1 },
        { key: null, bottles: 1 },
      ]);
      expect(result.byRegion).toEqual([
        { key: 'Campbeltown', bottles: 2 },
        { key: 'Islay', bottles: 1 },
        { key: 'Kentucky', bottles: 1 },
        { key: null, bottles: 1 },
      ]);
      expect(result.byStyle).toEqual([
        { key: 'single_malt', bottles: 3 },
        { key: 'blend', bottles: 1 },
        { key: 'bourbon', bottles: 1 },
      ]);
    });

    it('adds up what the bottles on hand cost and are worth, per currency', () => {
      // CHF: 60 + 55.50 paid, 80 estimated; the gifted and sold CHF bottles are gone.
      // EUR: only the open Lagavulin (the finished bourbon is gone). USD: no estimate.
      // The sealed bourbon has no currency and no amounts.
      expect(result.value).toEqual([
        { currency: 'CHF', paid: 115.5, estimated: 80 },
        { currency: 'EUR', paid: 90, estimated: 120.25 },
        { currency: 'USD', paid: 25, estimated: 0 },
      ]);
    });

    it('sums the litres left in the bottles on hand (two decimals)', () => {
      // 700 + 356 + 100 + 1000 + 250 = 2406 ml
      expect(result.litresOnHand).toBe(2.41);
    });

    it("puts pours into the last 12 months of the caller's time zone, zero-filled", () => {
      const months = window(ADMIN_OFFSET);
      expect(result.poursPerMonth.map((entry) => entry.month)).toEqual(months);
      const expected = new Map([
        [months[11], { pours: 2, ml: 40.5 }], // Springbank 30 just after midnight on the 1st + Mystery 10.5
        [months[10], { pours: 1, ml: 20 }], // Springbank 20 just before midnight
        [months[8], { pours: 2, ml: 150 }], // Lagavulin 100 + 50
        [months[5], { pours: 1, ml: 700 }], // the whole bourbon
        [months[0], { pours: 1, ml: 25.5 }], // Springbank; its 40 ml a month earlier are outside
      ]);
      expect(result.poursPerMonth).toEqual(
        months.map((month) => ({ month, ...(expected.get(month) ?? { pours: 0, ml: 0 }) })),
      );
    });

    it('ranks whiskies by millilitres poured, of all time', () => {
      expect(result.mostPoured).toEqual([
        { whiskyId: whiskyIds['Buffalo Trace'], name: 'Buffalo Trace', ml: 700, pours: 1 },
        { whiskyId: whiskyIds['Lagavulin 16'], name: 'Lagavulin 16', ml: 150, pours: 2 },
        { whiskyId: whiskyIds['Springbank 10'], name: 'Springbank 10', ml: 115.5, pours: 4 },
        { whiskyId: whiskyIds['Mystery Blend'], name: 'Mystery Blend', ml: 10.5, pours: 1 },
      ]);
    });
  });

  it('lets read-only users read, with months in their own time zone (UTC here)', async () => {
    const result = await stats(reader);
    expect(result.bottlesByStatus).toEqual({ sealed: 2, open: 3, finished: 1, gifted: 1, sold: 1 });
    expect(result.litresOnHand).toBe(2.41);
    const months = window(0);
    const expected = months.map((month) => {
      const inMonth = adminPours.filter((pour) => monthAt(pour.at.getTime(), 0) === month);
      return { month, pours: inMonth.length, ml: inMonth.reduce((sum, pour) => sum + pour.ml, 0) };
    });
    expect(result.poursPerMonth).toEqual(expected);
    // The two pours around the admin's midnight on the 1st both fall in the previous UTC month.
    const previousUtc = monthAt(adminMonthStart(0).getTime(), 0);
    expect(result.poursPerMonth.find((entry) => entry.month === previousUtc)).toMatchObject({
      pours: 2,
      ml: 50,
    });
  });

  it('shows another household only its own numbers', async () => {
    const result = await stats(stranger);
    expect(result).toEqual({
      bottlesByStatus: { sealed: 0, open: 1, finished: 1, gifted: 0, sold: 0 },
      byCountry: [{ key: 'Scotland', bottles: 1 }],
      byRegion: [{ key: 'Islay', bottles: 1 }],
      byStyle: [{ key: 'single_malt', bottles: 1 }],
      value: [{ currency: 'CHF', paid: 1000, estimated: 2000 }],
      litresOnHand: 1,
      openBottles: 1,
      poursPerMonth: expect.any(Array),
      mostPoured: [{ whiskyId: whiskyIds['Stranger Malt'], name: 'Stranger Malt', ml: 201, pours: 2 }],
    });
    const months = window(0);
    const current = result.poursPerMonth.find((entry) => entry.month === months[11]);
    expect(current).toMatchObject({ pours: 1, ml: 1 });
    expect(result.poursPerMonth.reduce((sum, entry) => sum + entry.pours, 0)).toBe(2);
  });

  it('lists only the ten whiskies poured most', async () => {
    const result = await stats(collector);
    expect(result.mostPoured.map((entry) => [entry.name, entry.ml, entry.pours])).toEqual(
      Array.from({ length: 10 }, (_, index) => [
        `Cask ${String(12 - index).padStart(2, '0')}`,
        12 - index,
        1,
      ]),
    );
    expect(result.byCountry).toEqual([{ key: null, bottles: 12 }]);
  });

  it('answers an empty household with zeros', async () => {
    const newcomer = await registerUser(t.app);
    const result = await stats(newcomer);
    expect(result).toMatchObject({
      bottlesByStatus: { sealed: 0, open: 0, finished: 0, gifted: 0, sold: 0 },
      byCountry: [],
      byRegion: [],
      byStyle: [],
      value: [],
      litresOnHand: 0,
      openBottles: 0,
      mostPoured: [],
    });
    expect(result.poursPerMonth).toHaveLength(12);
    expect(result.poursPerMonth.every((entry) => entry.pours === 0 && entry.ml === 0)).toBe(true);
  });
});
