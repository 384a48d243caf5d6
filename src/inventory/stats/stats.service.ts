import { IsolationLevel, raw } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { Principal } from '../../users/auth/principal.js';
import { User } from '../../users/user.entity.js';
import { Bottle } from '../bottles/bottle.entity.js';
import { Pour } from '../pours/pour.entity.js';
import { bottlesByStatus, ON_HAND, valueByCurrency } from './collection-metrics.queries.js';
import {
  BottlesByStatusDto,
  CollectionStatsDto,
  CollectionValueDto,
  MonthlyPoursDto,
  PouredWhiskyDto,
  StatsGroupDto,
} from './dto/collection-stats.dto.js';

/** What `rows()` needs of a QueryBuilder, whatever its entity and joins. */
interface AggregateQuery {
  applyFilters(): Promise<void>;
  execute(method: 'all', mapResults: false): Promise<unknown>;
}

const MONTHS = 12;
const MOST_POURED = 10;

/** The whisky attributes the collection is broken down by (columns of the joined whisky `w`). */
type WhiskyDimension = 'w.country' | 'w.region' | 'w.style';

/** Numeric aggregates arrive as strings (PostgreSQL `numeric`, `bigint`); rounds to `decimals`. */
function toNumber(value: string | number | null | undefined, decimals = 1): number {
  const factor = 10 ** decimals;
  return Math.round(Number(value ?? 0) * factor) / factor;
}

/** A calendar month as `YYYY-MM`, `offset` months after `year`-`month` (1-based). */
function monthKey(year: number, month: number, offset = 0): string {
  const date = new Date(Date.UTC(year, month - 1 + offset, 1));
  return date.toISOString().slice(0, 7);
}

/** The current year and month (1-based) on the wall clocks of `timeZone`. */
function currentMonth(timeZone: string, now = new Date()): { year: number; month: number } {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: 'numeric',
  }).formatToParts(now);
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return { year: part('year'), month: part('month') };
}

/**
 * The collection in numbers. Every figure is aggregated by PostgreSQL (GROUP BY) through MikroORM's
 * QueryBuilder. The QueryBuilder does not apply entity filters by itself (only `em.find…` does), so
 * each query calls `applyFilters()`, which adds the household filter of this request to its root
 * entity; joined whiskies and bottles are reached through that root's foreign keys and so belong to
 * the same household.
 */
@Injectable()
export class StatsService {
  constructor(private readonly em: EntityManager) {}

  /**
   * All figures come from one read-only snapshot (repeatable read), so they agree with each other even
   * while someone pours, and the request holds one connection instead of one per figure.
   */
  async collection(principal: Principal): Promise<CollectionStatsDto> {
    return this.em.transactional(
      async (em) => {
        const user = await em.findOneOrFail(User, principal.userId);
        const bottlesByStatus = await this.bottlesByStatus(em);
        return Object.assign(new CollectionStatsDto(), {
          bottlesByStatus,
          byCountry: await this.onHandBy(em, 'w.country'),
          byRegion: await this.onHandBy(em, 'w.region'),
          byStyle: await this.onHandBy(em, 'w.style'),
          value: await this.value(em),
          litresOnHand: await this.litresOnHand(em),
          openBottles: bottlesByStatus.open,
          poursPerMonth: await this.poursPerMonth(em, user.timeZone),
          mostPoured: await this.mostPoured(em),
        });
      },
      { isolationLevel: IsolationLevel.REPEATABLE_READ, readOnly: true },
    );
  }

  private async bottlesByStatus(em: EntityManager): Promise<BottlesByStatusDto> {
    return Object.assign(new BottlesByStatusDto(), await bottlesByStatus(em, 'household'));
  }

  /** Bottles on hand per value of a whisky attribute, most first (unrecorded values last). */
  private async onHandBy(em: EntityManager, column: WhiskyDimension): Promise<StatsGroupDto[]> {
    const qb = em
      .createQueryBuilder(Bottle, 'b')
      .join('b.whisky', 'w')
      .select([raw(`${column} as key`), raw('count(*) as bottles')])
      .where({ status: { $in: ON_HAND } })
      .groupBy(column)
      .orderBy([{ [raw('count(*)')]: 'desc' }, { [column]: 'asc' }]);
    const rows = await this.rows<{ key: string | null; bottles: string }>(qb);
    return rows.map((row) =>
      Object.assign(new StatsGroupDto(), { key: row.key, bottles: Number(row.bottles) }),
    );
  }

  private async value(em: EntityManager): Promise<CollectionValueDto[]> {
    const values = await valueByCurrency(em, 'household');
    return values.map((value) => Object.assign(new CollectionValueDto(), value));
  }

  private async litresOnHand(em: EntityManager): Promise<number> {
    const qb = em
      .createQueryBuilder(Bottle, 'b')
      .select([raw('sum(b.current_volume_ml) as ml')])
      .where({ status: { $in: ON_HAND } });
    const [row] = await this.rows<{ ml: string | null }>(qb);
    return toNumber(Number(row?.ml ?? 0) / 1000, 2);
  }

  /**
   * Pours of the last 12 calendar months in `timeZone`, zero-filled. The window's ends are local
   * midnights that PostgreSQL turns into instants (`timestamp … at time zone`), and pours are put into
   * months by their local time, so a pour late on the 31st in Zurich counts for that month.
   */
  private async poursPerMonth(em: EntityManager, timeZone: string): Promise<MonthlyPoursDto[]> {
    const { year, month } = currentMonth(timeZone);
    const months = Array.from({ length: MONTHS }, (_, index) => monthKey(year, month, index - MONTHS + 1));
    const from = `${months[0]}-01 00:00:00`;
    const until = `${monthKey(year, month, 1)}-01 00:00:00`;
    const localMonth = `to_char(p.poured_at at time zone ?, 'YYYY-MM')`;
    const qb = em
      .createQueryBuilder(Pour, 'p')
      .select([raw(`${localMonth} as month`, [timeZone]), raw('count(*) as pours'), raw('sum(p.ml) as ml')])
      .where({
        pouredAt: {
          $gte: raw('?::timestamp at time zone ?', [from, timeZone]),
          $lt: raw('?::timestamp at time zone ?', [until, timeZone]),
        },
      })
      .groupBy(raw(localMonth, [timeZone]));
    const rows = await this.rows<{ month: string; pours: string; ml: string }>(qb);
    const byMonth = new Map(rows.map((row) => [row.month, row]));
    return months.map((key) =>
      Object.assign(new MonthlyPoursDto(), {
        month: key,
        pours: Number(byMonth.get(key)?.pours ?? 0),
        ml: toNumber(byMonth.get(key)?.ml),
      }),
    );
  }

  private async mostPoured(em: EntityManager): Promise<PouredWhiskyDto[]> {
    const qb = em
      .createQueryBuilder(Pour, 'p')
      .join('p.bottle', 'b')
      .join('b.whisky', 'w')
      .select([
        raw('w.id as whisky_id'),
        raw('w.name as name'),
        raw('sum(p.ml) as ml'),
        raw('count(*) as pours'),
      ])
      .groupBy(['w.id', 'w.name'])
      .orderBy([{ [raw('sum(p.ml)')]: 'desc' }, { 'w.name': 'asc' }, { 'w.id': 'asc' }])
      .limit(MOST_POURED);
    const rows = await this.rows<{ whisky_id: string; name: string; ml: string; pours: string }>(qb);
    return rows.map((row) =>
      Object.assign(new PouredWhiskyDto(), {
        whiskyId: row.whisky_id,
        name: row.name,
        ml: toNumber(row.ml),
        pours: Number(row.pours),
      }),
    );
  }

  /** Confines `qb` to the caller's household and returns its raw rows (column names as selected). */
  private async rows<T>(qb: AggregateQuery): Promise<T[]> {
    await qb.applyFilters();
    return (await qb.execute('all', false)) as T[];
  }
}
