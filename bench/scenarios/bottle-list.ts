import type { ScenarioContext, ScenarioHeaders } from '../scenarios.js';

/** Bottles in the benchmark household: the list endpoint's page is read from this many rows. */
export const BOTTLE_COUNT = 10_000;
const WHISKY_COUNT = 500;
const LOCATION_COUNT = 20;

/** The SQL the bare baseline runs for one page (and `explain` prints the plan of). */
export const BOTTLE_PAGE_SQL = `
  select b.id, b.status, b.size_ml, b.current_volume_ml, b.purchase_price, b.currency, b.created_at,
         w.id as whisky_id, w.name as whisky_name, w.distillery, w.abv,
         l.id as location_id, l.name as location_name
    from bottle b
    join whisky w on w.id = b.whisky_id
    left join location l on l.id = b.location_id
   where b.household_id = $1
   order by b.created_at desc
   limit 25`;

/**
 * Registers the first account on the application (so both servers share a real session), then
 * seeds its household with whiskies, locations and {@link BOTTLE_COUNT} bottles in a few statements.
 */
export async function seedBottles(context: ScenarioContext): Promise<ScenarioHeaders> {
  const response = await fetch(`${context.appOrigin}/api/v1/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      email: 'bench@example.org',
      password: 'benchmark passphrase 1',
      displayName: 'Bench',
    }),
  });
  if (!response.ok) throw new Error(`registration failed: ${response.status} ${await response.text()}`);
  const { accessToken, user } = (await response.json()) as {
    accessToken: string;
    user: { householdId: string };
  };
  const household = user.householdId;
  await context.db.query(
    `insert into location (id, household_id, name, created_at, version)
       select gen_random_uuid(), $1, 'Shelf ' || i, now(), 1 from generate_series(1, ${LOCATION_COUNT}) i`,
    [household],
  );
  await context.db.query(
    `insert into whisky (id, household_id, name, distillery, style, abv, created_at, updated_at, version)
       select gen_random_uuid(), $1, 'Whisky ' || i, 'Distillery ' || (i % 50), 'single_malt', 40 + (i % 20), now(), now(), 1
         from generate_series(1, ${WHISKY_COUNT}) i`,
    [household],
  );
  await context.db.query(
    `insert into bottle (id, household_id, whisky_id, location_id, status, size_ml, current_volume_ml,
                         purchase_price, currency, created_at, updated_at, version)
       select gen_random_uuid(), $1,
              (select id from whisky where household_id = $1 order by name offset (i % ${WHISKY_COUNT}) limit 1),
              (select id from location where household_id = $1 order by name offset (i % ${LOCATION_COUNT}) limit 1),
              case when i % 3 = 0 then 'open' else 'sealed' end, 700, 700 - (i % 3) * 100, 50 + (i % 200), 'EUR',
              now() - (i || ' minutes')::interval, now(), 1
         from generate_series(1, ${BOTTLE_COUNT}) i`,
    [household],
  );
  await context.db.query('analyze bottle; analyze whisky; analyze location');
  await assertIndexedPage(context, household);
  return { authorization: `Bearer ${accessToken}` };
}

/**
 * Prints the plan PostgreSQL chooses for a page of the list and fails the benchmark unless the page
 * is read through the (household, created_at) index rather than by sorting every bottle.
 */
async function assertIndexedPage(context: ScenarioContext, household: string): Promise<void> {
  const plan = await context.db.query<{ 'QUERY PLAN': string }>(`explain ${BOTTLE_PAGE_SQL}`, [household]);
  const text = plan.rows.map((row) => row['QUERY PLAN']).join('\n');
  process.stdout.write(`bottle list plan:\n${text}\n`);
  if (!text.includes('bottle_household_id_created_at_index')) {
    throw new Error('The bottle list page is not served by bottle_household_id_created_at_index');
  }
}
