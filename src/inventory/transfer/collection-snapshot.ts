import { IsolationLevel, sql, type EntityClass } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Bottle } from '../bottles/bottle.entity.js';
import { Location } from '../locations/location.entity.js';
import { Pour } from '../pours/pour.entity.js';
import { WhiskyBarcode } from '../whiskies/whisky-barcode.entity.js';
import { Whisky } from '../whiskies/whisky.entity.js';
import {
  bottleRow,
  locationRow,
  pourRow,
  whiskyRow,
  type BottleRecord,
  type PourRecord,
} from './export-rows.js';
import type { ExportRow, TransferKind } from './transfer-format.js';

/** Rows per query: memory stays flat however large the collection is. */
export const EXPORT_BATCH_SIZE = 1000;

/** Where the previous page ended: keyset pagination, so each page is an index range, never an OFFSET. */
interface Cursor {
  id: string;
  name?: string;
}

/**
 * A consistent, read-only view of the household's collection for one export: a REPEATABLE READ
 * transaction on a fork of the request's EntityManager (which carries the household filter), read in
 * keyset-paginated batches with the identity map cleared after each, so a bottle never refers to a
 * whisky that a concurrent change added after the whiskies were written.
 *
 * The transaction holds a pooled connection until {@link close}: the exporter closes the snapshot
 * when its output stream ends, fails or is abandoned.
 */
export class CollectionSnapshot {
  private closed = false;
  private lastRead = Date.now();

  private constructor(private readonly em: EntityManager) {}

  static async open(em: EntityManager): Promise<CollectionSnapshot> {
    const fork = em.fork();
    await fork.begin({ isolationLevel: IsolationLevel.REPEATABLE_READ, readOnly: true });
    return new CollectionSnapshot(fork);
  }

  /** Milliseconds since a batch was last asked for: how long a consumer has stalled. */
  get idleMs(): number {
    return Date.now() - this.lastRead;
  }

  async count(kinds: readonly TransferKind[]): Promise<Partial<Record<TransferKind, number>>> {
    const counts: Partial<Record<TransferKind, number>> = {};
    for (const kind of kinds) {
      counts[kind] = await this.em.count(ENTITY_OF[kind] as EntityClass<object>);
    }
    return counts;
  }

  /** The rows of `kind`, one batch at a time, ordered by name (locations, whiskies) or id. */
  async *rows(kind: TransferKind): AsyncGenerator<ExportRow[]> {
    let after: Cursor | undefined;
    while (!this.closed) {
      this.lastRead = Date.now();
      const page = await this.page(kind, after);
      this.em.clear();
      if (page.rows.length > 0) yield page.rows;
      if (page.rows.length < EXPORT_BATCH_SIZE || !page.last) return;
      after = page.last;
    }
  }

  /** Ends the transaction; idempotent. A query still running finishes first (same connection). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.em.rollback();
  }

  private async page(kind: TransferKind, after?: Cursor): Promise<{ rows: ExportRow[]; last?: Cursor }> {
    switch (kind) {
      case 'locations': {
        const locations = await this.em.find(Location, byName(after), {
          orderBy: { name: 'asc', id: 'asc' },
          limit: EXPORT_BATCH_SIZE,
        });
        const last = locations.at(-1);
        return { rows: locations.map(locationRow), last: last && { id: last.id, name: last.name } };
      }
      case 'whiskies': {
        const whiskies = await this.em.find(Whisky, byName(after), {
          orderBy: { name: 'asc', id: 'asc' },
          limit: EXPORT_BATCH_SIZE,
        });
        const barcodes = await this.barcodesOf(whiskies.map((whisky) => whisky.id));
        const last = whiskies.at(-1);
        return {
          rows: whiskies.map((whisky) => whiskyRow(whisky, barcodes.get(whisky.id) ?? [])),
          last: last && { id: last.id, name: last.name },
        };
      }
      case 'bottles': {
        const qb = this.em
          .createQueryBuilder(Bottle, 'b')
          .select(BOTTLE_COLUMNS)
          .addSelect([
            sql`coalesce(w.external_id, w.id::text)`.as('whiskyExportId'),
            sql`coalesce(l.external_id, l.id::text)`.as('locationExportId'),
          ])
          .join('b.whisky', 'w')
          .leftJoin('b.location', 'l')
          .where(after ? { id: { $gt: after.id } } : {})
          .orderBy({ id: 'asc' })
          .limit(EXPORT_BATCH_SIZE);
        await qb.applyFilters();
        const bottles = await qb.execute<BottleRecord[]>('all');
        const last = bottles.at(-1);
        return { rows: bottles.map(bottleRow), last: last && { id: last.id } };
      }
      case 'pours': {
        const qb = this.em
          .createQueryBuilder(Pour, 'p')
          .select(POUR_COLUMNS)
          .addSelect(sql`coalesce(b.external_id, b.id::text)`.as('bottleExportId'))
          .join('p.bottle', 'b')
          .where(after ? { id: { $gt: after.id } } : {})
          .orderBy({ id: 'asc' })
          .limit(EXPORT_BATCH_SIZE);
        await qb.applyFilters();
        const pours = await qb.execute<PourRecord[]>('all');
        const last = pours.at(-1);
        return { rows: pours.map(pourRow), last: last && { id: last.id } };
      }
    }
  }

  private async barcodesOf(whiskyIds: string[]): Promise<Map<string, string[]>> {
    const byWhisky = new Map<string, string[]>();
    if (whiskyIds.length === 0) return byWhisky;
    const barcodes = await this.em.find(
      WhiskyBarcode,
      { whisky: { $in: whiskyIds } },
      { orderBy: { code: 'asc' } },
    );
    for (const barcode of barcodes) {
      const codes = byWhisky.get(barcode.whisky.id) ?? [];
      codes.push(barcode.code);
      byWhisky.set(barcode.whisky.id, codes);
    }
    return byWhisky;
  }
}

const ENTITY_OF = { locations: Location, whiskies: Whisky, bottles: Bottle, pours: Pour } as const;

/**
 * Bottles and pours, the large kinds, are read as plain rows rather than entities: hydrating managed
 * entities was most of an export's CPU time and garbage.
 */
const BOTTLE_COLUMNS = [
  'b.id',
  'b.externalId',
  'b.status',
  'b.sizeMl',
  'b.currentVolumeMl',
  'b.openedAt',
  'b.finishedAt',
  'b.purchasePrice',
  'b.currency',
  'b.purchasedAt',
  'b.shop',
  'b.estimatedValue',
  'b.notes',
] as const;
const POUR_COLUMNS = ['p.id', 'p.externalId', 'p.ml', 'p.reason', 'p.pouredAt', 'p.notes'] as const;

/** Rows after `after` in (name, id) order. */
function byName(after?: Cursor): object {
  if (!after) return {};
  return { $or: [{ name: { $gt: after.name } }, { name: after.name, id: { $gt: after.id } }] };
}
