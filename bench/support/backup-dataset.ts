import pg from 'pg';

/**
 * How much the generated collection holds. Every household but the first (the instance admin's,
 * created through the API) is generated; each has one member, shelves, whiskies with barcodes,
 * bottles, their pours, tasting sessions and notes. Audit events come on top.
 */
export interface DatasetScale {
  households: number;
  whiskiesPerHousehold: number;
  bottlesPerWhisky: number;
  poursPerBottle: number;
  sessionsPerHousehold: number;
  notesPerHousehold: number;
  auditEvents: number;
}

/**
 * About 1.0 GB on disk (pg_database_size; 0.58 GB of it table data, the rest indexes) with
 * PostgreSQL 15's defaults, generated in about 70 s on two cores; pg_dump's plain output is 0.74 GB. 600 households of 300 whiskies look like a large shared
 * instance; a pour every few weeks over years is what makes the big table.
 */
export const DEFAULT_SCALE: DatasetScale = {
  households: 600,
  whiskiesPerHousehold: 300,
  bottlesPerWhisky: 2,
  poursPerBottle: 4,
  sessionsPerHousehold: 20,
  notesPerHousehold: 400,
  auditEvents: 400_000,
};

/** The instance admin's household and account, which the generated data joins as household 0. */
export interface Founder {
  householdId: string;
  userId: string;
}

/** What the database holds, for the report. */
export interface DatasetFacts {
  /** pg_database_size. */
  databaseBytes: number;
  /** Sum of pg_table_size (heap and TOAST, no indexes): roughly what pg_dump reads. */
  tableBytes: number;
  /** Exact row counts of the generated tables. */
  rows: Record<string, number>;
}

/** Row counts reported by {@link datasetFacts}. */
const COUNTED_TABLES = [
  'household',
  'app_user',
  'location',
  'whisky',
  'whisky_barcode',
  'bottle',
  'pour',
  'tasting_session',
  'tasting_note',
  'audit_event',
] as const;

/** Shelves per household. */
const LOCATIONS = 5;

/**
 * A UUID (version 4 layout) derived from `kind` and the SQL expression `n`: ids computed again from
 * the same numbers let one statement refer to rows another one inserted, without lookups, while
 * being as random-looking (as incompressible) as the application's own ids.
 */
function uuidOf(kind: string, n: string): string {
  return `overlay(overlay(md5('${kind}:' || (${n})) placing '4' from 13) placing '8' from 17)::uuid`;
}

/** Household number `n` (SQL expression): number 0 is the founder's (query parameter $1). */
function household(n: string): string {
  return `(case when (${n}) = 0 then $1::uuid else ${uuidOf('household', n)} end)`;
}

/** The one member of household number `n`: number 0 is the founder (query parameter $2). */
function member(n: string): string {
  return `(case when (${n}) = 0 then $2::uuid else ${uuidOf('user', n)} end)`;
}

/** Picks a word of `words` by the SQL integer expression `n` (deterministic, repeats like real text). */
function pick(words: readonly string[], n: string): string {
  const list = words.map((word) => `'${word.replaceAll("'", "''")}'`).join(',');
  return `(array[${list}])[1 + ((${n}) % ${words.length})]`;
}

const DISTILLERIES = [
  'Lagavulin',
  'Ardbeg',
  'Laphroaig',
  'Springbank',
  'Glenfarclas',
  'Macallan',
  'Highland Park',
  'Talisker',
  'Bruichladdich',
  'Bunnahabhain',
  'Caol Ila',
  'GlenDronach',
  'Benriach',
  'Balvenie',
  'Glenfiddich',
  'Clynelish',
  'Mortlach',
  'Kilchoman',
  'Yamazaki',
  'Hakushu',
  'Buffalo Trace',
  'Wild Turkey',
  'Redbreast',
  'Kavalan',
  'Amrut',
  'Mackmyra',
  'Westland',
  'Penderyn',
];
const REGIONS = ['Islay', 'Speyside', 'Highlands', 'Lowlands', 'Campbeltown', 'Islands', 'Kentucky', 'Cork'];
const COUNTRIES = ['Scotland', 'Scotland', 'Scotland', 'Japan', 'USA', 'Ireland', 'Taiwan', 'India'];
const STYLES = [
  'single_malt',
  'single_malt',
  'single_malt',
  'blended_malt',
  'blend',
  'bourbon',
  'rye',
  'single_grain',
];
const AROMAS = [
  'vanilla',
  'peat smoke',
  'sherry',
  'heather honey',
  'dried apricot',
  'sea salt',
  'orange peel',
  'toffee',
  'cinnamon',
  'leather',
  'tobacco',
  'green apple',
  'dark chocolate',
  'oak spice',
  'iodine',
  'raisins',
  'malt',
  'pepper',
  'citrus',
  'brine',
  'espresso',
  'clove',
  'pear drops',
  'bonfire',
];
const VERDICTS = [
  'A dram to come back to.',
  'Better with a drop of water.',
  'Too hot neat, opens up after ten minutes.',
  'Long, warming finish.',
  'Short finish, a little thin.',
  'Would buy again.',
  'Best of the flight.',
  'Closed at first, rewarding with patience.',
  'Great value for the money.',
  'Not my style.',
];
const ACTIONS = [
  'auth.login',
  'bottle.create',
  'bottle.update',
  'pour.create',
  'whisky.update',
  'session.finish',
];

/**
 * The statements that fill the database, in foreign-key order. Every one takes the founder's
 * household ($1) and account ($2) so that household 0's rows belong to the instance admin.
 */
function statements(scale: DatasetScale): { what: string; sql: string }[] {
  const s = scale;
  const lastHousehold = s.households;
  const whiskies = (s.households + 1) * s.whiskiesPerHousehold;
  const bottles = whiskies * s.bottlesPerWhisky;
  const pours = bottles * s.poursPerBottle;
  // Number of the household of whisky `w` and of bottle `b` (1-based).
  const whiskyHousehold = (w: string) => `((${w}) - 1) / ${s.whiskiesPerHousehold}`;
  const bottleWhisky = (b: string) => `(1 + ((${b}) - 1) / ${s.bottlesPerWhisky})`;
  const pourBottle = (p: string) => `(1 + ((${p}) - 1) / ${s.poursPerBottle})`;
  return [
    {
      what: `${s.households} households with one member each`,
      sql: `
        with h as (
          insert into household (id, name, founding, created_at, version)
          select ${household('g')}, 'Household ' || g, false, timestamptz '2023-01-01' + g * interval '1 hour', 1
            from generate_series(1, ${lastHousehold}) g
          returning id)
        insert into app_user (id, household_id, email, display_name, password_hash, role, created_at, updated_at, version)
        select ${member('g')}, ${household('g')}, 'member' || g || '@bench.example.org', 'Member ' || g, null,
               'admin', timestamptz '2023-01-01' + g * interval '1 hour', timestamptz '2023-01-01' + g * interval '1 hour', 1
          from generate_series(1, ${lastHousehold}) g`,
    },
    {
      what: `${(s.households + 1) * LOCATIONS} shelves`,
      sql: `
        insert into location (id, household_id, name, description, created_at, version)
        select ${uuidOf('location', 'h * 100 + k')}, ${household('h')}, 'Shelf ' || k, 'Cabinet ' || (k % 2 + 1),
               now(), 1
          from generate_series(0, ${lastHousehold}) h cross join generate_series(1, ${LOCATIONS}) k`,
    },
    {
      what: `${whiskies.toLocaleString('en')} whiskies with a barcode each`,
      sql: `
        with w as (
          insert into whisky (id, household_id, name, distillery, bottler_kind, country, region, style, age_years,
                              abv, cask_types, cask_strength, chill_filtered, natural_colour, tags, notes,
                              created_at, updated_at, version)
          select ${uuidOf('whisky', 'g')}, ${household(whiskyHousehold('g'))},
                 ${pick(DISTILLERIES, 'g * 7')} || ' ' || (8 + g % 25) || ' Year Old ' || ${pick(AROMAS, 'g')} || ' edition',
                 ${pick(DISTILLERIES, 'g * 7')}, case when g % 5 = 0 then 'independent' else 'official' end,
                 ${pick(COUNTRIES, 'g * 3')}, ${pick(REGIONS, 'g * 3')}, ${pick(STYLES, 'g * 11')},
                 case when g % 4 = 0 then null else 8 + g % 25 end, 40 + (g % 230) / 10.0,
                 array[${pick(['ex-bourbon', 'oloroso', 'PX', 'port', 'virgin oak', 'rum'], 'g')},
                       ${pick(['refill hogshead', 'first fill', 'sherry butt', 'barrique'], 'g / 3')}],
                 g % 6 = 0, g % 3 = 0, g % 2 = 0,
                 array[${pick(AROMAS, 'g * 5')}, ${pick(AROMAS, 'g * 13')}],
                 case when g % 3 = 0 then ${pick(VERDICTS, 'g')} || ' Bought at ' || ${pick(REGIONS, 'g')} || '.' end,
                 timestamptz '2023-01-01' + g * interval '1 minute', timestamptz '2024-01-01' + g * interval '1 minute', 1
            from generate_series(1, ${whiskies}) g
          returning id)
        insert into whisky_barcode (household_id, code, whisky_id)
        select ${household(whiskyHousehold('g'))}, lpad(g::text, 13, '0'), ${uuidOf('whisky', 'g')}
          from generate_series(1, ${whiskies}) g`,
    },
    {
      what: `${bottles.toLocaleString('en')} bottles`,
      sql: `
        insert into bottle (id, household_id, whisky_id, location_id, status, size_ml, current_volume_ml, opened_at,
                            purchase_price, currency, purchased_at, shop, estimated_value, notes,
                            created_at, updated_at, version)
        select ${uuidOf('bottle', 'g')}, ${household(whiskyHousehold(bottleWhisky('g')))},
               ${uuidOf('whisky', bottleWhisky('g'))},
               ${uuidOf('location', `${whiskyHousehold(bottleWhisky('g'))} * 100 + 1 + g % ${LOCATIONS}`)},
               case when g % 3 = 0 then 'sealed' else 'open' end, 700,
               case when g % 3 = 0 then 700 else 700 - ${s.poursPerBottle * 30} end,
               case when g % 3 = 0 then null else date '2024-01-01' + (g % 700) end,
               30 + (g % 2000) / 10.0, 'EUR', date '2022-01-01' + (g % 1000), 'Shop ' || (g % 40),
               case when g % 4 = 0 then 50 + (g % 3000) / 10.0 end,
               case when g % 5 = 0 then ${pick(VERDICTS, 'g * 3')} end,
               timestamptz '2023-01-01' + g * interval '1 minute', timestamptz '2024-01-01' + g * interval '1 minute', 1
          from generate_series(1, ${bottles}) g`,
    },
    {
      what: `${pours.toLocaleString('en')} pours`,
      sql: `
        insert into pour (id, household_id, bottle_id, ml, reason, poured_at, poured_by_id, notes, created_at)
        select ${uuidOf('pour', 'g')}, ${household(whiskyHousehold(bottleWhisky(pourBottle('g'))))},
               ${uuidOf('bottle', pourBottle('g'))}, 25 + (g % 4) * 5,
               ${pick(['dram', 'dram', 'dram', 'tasting', 'share', 'dram'], 'g')},
               timestamptz '2024-01-01' + g * interval '37 seconds',
               ${member(whiskyHousehold(bottleWhisky(pourBottle('g'))))},
               case when g % 4 = 0 then ${pick(AROMAS, 'g')} || ' and ' || ${pick(AROMAS, 'g * 7')} || '. '
                                        || ${pick(VERDICTS, 'g / 3')} end,
               timestamptz '2024-01-01' + g * interval '37 seconds'
          from generate_series(1, ${pours}) g`,
    },
    {
      what: `${((s.households + 1) * s.sessionsPerHousehold).toLocaleString('en')} tasting sessions`,
      sql: `
        insert into tasting_session (id, household_id, title, starts_at, place, host_id, status, blind, notes,
                                     started_at, finished_at, created_at, version)
        select ${uuidOf('session', `h * ${s.sessionsPerHousehold} + k`)}, ${household('h')},
               ${pick(REGIONS, 'k')} || ' night #' || k, timestamptz '2024-01-01' + (h * 97 + k * 13) * interval '1 day',
               'Living room', ${member('h')}, 'finished', k % 3 = 0, ${pick(VERDICTS, 'k')},
               timestamptz '2024-01-01' + (h * 97 + k * 13) * interval '1 day',
               timestamptz '2024-01-01' + (h * 97 + k * 13) * interval '1 day' + interval '3 hours',
               timestamptz '2024-01-01' + (h * 97 + k * 13) * interval '1 day', 1
          from generate_series(0, ${lastHousehold}) h cross join generate_series(1, ${s.sessionsPerHousehold}) k`,
    },
    {
      what: `${((s.households + 1) * s.notesPerHousehold).toLocaleString('en')} tasting notes`,
      sql: `
        insert into tasting_note (id, household_id, whisky_id, session_id, author_id, nose, palate, finish, overall,
                                  score, score_scale, flavour_tags, free_tags, served_ml, created_at, updated_at, version)
        select ${uuidOf('note', `h * ${s.notesPerHousehold} + k`)}, ${household('h')},
               ${uuidOf('whisky', `h * ${s.whiskiesPerHousehold} + 1 + (k * 7919) % ${s.whiskiesPerHousehold}`)},
               case when k % 2 = 0 then ${uuidOf('session', `h * ${s.sessionsPerHousehold} + 1 + k % ${s.sessionsPerHousehold}`)} end,
               ${member('h')},
               ${pick(AROMAS, 'k')} || ', ' || ${pick(AROMAS, 'k * 3 + h')} || ' and a hint of ' || ${pick(AROMAS, 'k * 7')},
               ${pick(AROMAS, 'k * 5')} || ' up front, then ' || ${pick(AROMAS, 'k * 11 + h')} || '; oily, mouth-coating',
               ${pick(['Long', 'Medium', 'Short'], 'k')} || ', ' || ${pick(AROMAS, 'k * 13')} || ' and ' || ${pick(AROMAS, 'k + h')},
               ${pick(VERDICTS, 'k + h')} || ' ' || ${pick(VERDICTS, 'k * 3')},
               70 + (k * 37 + h) % 30, 'points100',
               array['smoky', 'fruity'], array[${pick(AROMAS, 'k * 17')}], 25,
               timestamptz '2024-01-01' + (h * 400 + k) * interval '1 hour',
               timestamptz '2024-01-01' + (h * 400 + k) * interval '1 hour', 1
          from generate_series(0, ${lastHousehold}) h cross join generate_series(1, ${s.notesPerHousehold}) k`,
    },
    {
      what: `${s.auditEvents.toLocaleString('en')} audit events`,
      sql: `
        insert into audit_event (at, actor_id, household_id, action, target_type, target_id, ip, request_id, details)
        select timestamptz '2024-01-01' + g * interval '41 seconds', ${member(`g % ${lastHousehold + 1}`)},
               ${household(`g % ${lastHousehold + 1}`)}, ${pick(ACTIONS, 'g')}, 'bottle',
               ${uuidOf('bottle', `1 + g % ${bottles}`)}::text, '192.168.' || (g % 7) || '.' || (g % 250),
               md5('request:' || g),
               jsonb_build_object('changes', jsonb_build_object('currentVolumeMl', jsonb_build_array(700 - g % 50, 670 - g % 50)),
                                  'userAgent', 'Mozilla/5.0 (X11; Linux x86_64) Firefox/' || (120 + g % 20))
          from generate_series(1, ${s.auditEvents}) g`,
    },
  ];
}

/**
 * Fills a freshly migrated database whose only household is the founder's with {@link DatasetScale}
 * worth of collection, with `insert … select generate_series` (one statement per table). Foreign-key
 * triggers are off for the session (the generated rows are consistent by construction), which
 * makes it several times faster; indexes are maintained as usual. Ends with VACUUM (FREEZE, ANALYZE)
 * and a CHECKPOINT, so that neither setting hint bits nor writing dirty buffers falls into the
 * measurements that follow.
 */
export async function generateDataset(
  databaseUrl: string,
  founder: Founder,
  scale: DatasetScale,
  say: (message: string) => void,
): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    await client.query(`set session_replication_role = replica`);
    await client.query(`set synchronous_commit = off`);
    await client.query(`set maintenance_work_mem = '256MB'`);
    for (const { what, sql } of statements(scale)) {
      const started = performance.now();
      // Statements that do not name the founder's account must not get it: PostgreSQL could not type it.
      const parameters = sql.includes('$2') ? [founder.householdId, founder.userId] : [founder.householdId];
      await client.query(sql, parameters);
      say(`  ${what}: ${((performance.now() - started) / 1000).toFixed(1)} s`);
    }
    await client.query(`set session_replication_role = origin`);
    const started = performance.now();
    await client.query('vacuum (freeze, analyze)');
    await client.query('checkpoint');
    say(`  vacuum (freeze, analyze) and checkpoint: ${((performance.now() - started) / 1000).toFixed(1)} s`);
  } finally {
    await client.end();
  }
}

/** Sizes and row counts of the database at `databaseUrl`. */
export async function datasetFacts(databaseUrl: string): Promise<DatasetFacts> {
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    const { rows } = await client.query<{ database: string; tables: string }>(
      `select pg_database_size(current_database())::text as database,
              (select sum(pg_table_size(c.oid)) from pg_class c join pg_namespace n on n.oid = c.relnamespace
                where c.relkind = 'r' and n.nspname = 'public')::text as tables`,
    );
    const counts: Record<string, number> = {};
    for (const table of COUNTED_TABLES) {
      const result = await client.query<{ n: string }>(`select count(*)::text as n from "${table}"`);
      counts[table] = Number(result.rows[0]?.n ?? 0);
    }
    return { databaseBytes: Number(rows[0]?.database), tableBytes: Number(rows[0]?.tables), rows: counts };
  } finally {
    await client.end();
  }
}
