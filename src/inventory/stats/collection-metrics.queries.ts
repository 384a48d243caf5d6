import { raw, type FilterOptions } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import {
  SESSION_STATUSES,
  TastingSession,
  type SessionStatus,
} from '../../sessions/tasting-session.entity.js';
import { HOUSEHOLD_FILTER } from '../../users/households/household-scope.js';
import { BOTTLE_STATUSES, Bottle, type BottleStatus } from '../bottles/bottle.entity.js';
import { Pour } from '../pours/pour.entity.js';

/**
 * Whose rows an aggregate covers: `household` applies the household filter of the current request
 * (the stats endpoint), `instance` turns it off explicitly (the collection metrics: instance totals).
 */
export type AggregateScope = 'household' | 'instance';

/** Bottles that are still in the collection. */
export const ON_HAND: BottleStatus[] = ['sealed', 'open'];

/** What the bottles on hand cost and are worth, in one currency. */
export interface CurrencyValue {
  /** ISO 4217. */
  currency: string;
  paid: number;
  estimated: number;
}

/** What `rows()` needs of a QueryBuilder, whatever its entity and joins. */
interface AggregateQuery {
  applyFilters(filters?: FilterOptions): Promise<void>;
  execute(method: 'all', mapResults: false): Promise<unknown>;
}

/**
 * Confines `qb` to `scope` and returns its raw rows (column names as selected). The QueryBuilder
 * does not apply entity filters by itself (only `em.find…` does), hence `applyFilters()`.
 */
async function rows<T>(qb: AggregateQuery, scope: AggregateScope): Promise<T[]> {
  await qb.applyFilters(scope === 'instance' ? { [HOUSEHOLD_FILTER]: false } : undefined);
  return (await qb.execute('all', false)) as T[];
}

/** Counts per status, with 0 for the statuses no row has. */
function countsOf<S extends string>(
  statuses: readonly S[],
  found: { status: S; count: string }[],
): Record<S, number> {
  const counts = Object.fromEntries(statuses.map((status) => [status, 0])) as Record<S, number>;
  for (const row of found) counts[row.status] = Number(row.count);
  return counts;
}

/** Bottles per status (sealed, open, finished, gifted, sold). */
export async function bottlesByStatus(
  em: EntityManager,
  scope: AggregateScope,
): Promise<Record<BottleStatus, number>> {
  const qb = em
    .createQueryBuilder(Bottle, 'b')
    .select(['b.status', raw('count(*) as count')])
    .groupBy('b.status');
  return countsOf(BOTTLE_STATUSES, await rows<{ status: BottleStatus; count: string }>(qb, scope));
}

/**
 * Purchase prices and estimated values of the bottles on hand, summed per currency (bottles without a
 * currency are left out: their amounts cannot be added to anything).
 */
export async function valueByCurrency(em: EntityManager, scope: AggregateScope): Promise<CurrencyValue[]> {
  const qb = em
    .createQueryBuilder(Bottle, 'b')
    .select(['b.currency', raw('sum(b.purchase_price) as paid'), raw('sum(b.estimated_value) as estimated')])
    .where({ status: { $in: ON_HAND }, currency: { $ne: null } })
    .groupBy('b.currency')
    .orderBy({ currency: 'asc' });
  const found = await rows<{ currency: string; paid: string | null; estimated: string | null }>(qb, scope);
  return found.map((row) => ({
    currency: row.currency,
    paid: Number(row.paid ?? 0),
    estimated: Number(row.estimated ?? 0),
  }));
}

/** Pours in the ledger. */
export async function pourCount(em: EntityManager, scope: AggregateScope): Promise<number> {
  const qb = em.createQueryBuilder(Pour, 'p').select([raw('count(*) as count')]);
  const [row] = await rows<{ count: string }>(qb, scope);
  return Number(row?.count ?? 0);
}

/** Tasting sessions per status (planned, live, finished, cancelled). */
export async function sessionsByStatus(
  em: EntityManager,
  scope: AggregateScope,
): Promise<Record<SessionStatus, number>> {
  const qb = em
    .createQueryBuilder(TastingSession, 's')
    .select(['s.status', raw('count(*) as count')])
    .groupBy('s.status');
  return countsOf(SESSION_STATUSES, await rows<{ status: SessionStatus; count: string }>(qb, scope));
}
