import { LockMode, raw } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { AuditService } from '../../audit/audit.service.js';
import { ConflictError, InvalidError, NotFoundError } from '../../common/errors/domain-error.js';
import { containsPattern } from '../../common/pagination/like-pattern.js';
import { toFindOptions } from '../../common/pagination/list-query.js';
import { paginated, type Paginated } from '../../common/pagination/paginated.js';
import { assertCurrentVersion } from '../../common/versioning.js';
import type { Principal, RequestOrigin } from '../../users/auth/principal.js';
import { Household } from '../../users/households/household.entity.js';
import { User } from '../../users/user.entity.js';
import { PourLedger } from '../pours/pour-ledger.service.js';
import { blend, type Blend, type BlendEntry } from './blend.js';
import type { InfinityBottleListQuery } from './dto/infinity-bottle-list-query.dto.js';
import type { CreateInfinityBottleDto, UpdateInfinityBottleDto } from './dto/infinity-bottle.dto.js';
import type { AddToInfinityBottleDto, PourFromInfinityBottleDto } from './dto/infinity-entry.dto.js';
import { InfinityBottle } from './infinity-bottle.entity.js';
import { InfinityEntry } from './infinity-entry.entity.js';

/** An infinity bottle with its ledger (oldest first) and the blend computed from it. */
export interface InfinityBottleContents {
  bottle: InfinityBottle;
  entries: InfinityEntry[];
  contents: Blend;
}

/** A page of infinity bottles with what each holds. */
export interface InfinityBottleSummary {
  bottle: InfinityBottle;
  volumeMl: number;
}

/** Clock skew tolerated on a client-supplied `at` before it counts as in the future. */
const FUTURE_TOLERANCE_MS = 5 * 60_000;

/** The ledger's resolution is a tenth of a millilitre; comparisons happen at that resolution. */
function tenths(ml: number): number {
  return Math.round(ml * 10);
}

/**
 * Infinity bottles: vessels fed with drams from the collection's bottles. Their contents are never
 * stored, only their ledger of additions and pours; the blend is replayed from it. Every movement
 * locks the vessel's row, so checks of capacity, volume and "latest entry" cannot race each other.
 */
@Injectable()
export class InfinityService {
  constructor(
    private readonly em: EntityManager,
    private readonly ledger: PourLedger,
    private readonly audit: AuditService,
  ) {}

  async list(query: InfinityBottleListQuery): Promise<Paginated<InfinityBottleSummary>> {
    const where = query.q ? { name: { $ilike: containsPattern(query.q) } } : {};
    const [bottles, total] = await this.em.findAndCount(InfinityBottle, where, toFindOptions(query));
    const volumes = await this.volumes(
      this.em,
      bottles.map((bottle) => bottle.id),
    );
    return paginated(
      bottles.map((bottle) => ({ bottle, volumeMl: volumes.get(bottle.id) ?? 0 })),
      total,
    );
  }

  get(id: string): Promise<InfinityBottleContents> {
    return this.contentsOf(this.em, id);
  }

  async create(
    principal: Principal,
    input: CreateInfinityBottleDto,
    origin: RequestOrigin,
  ): Promise<InfinityBottleContents> {
    return this.em.transactional(async (em) => {
      const bottle = em.create(InfinityBottle, {
        household: em.getReference(Household, principal.householdId),
        name: input.name,
        capacityMl: input.capacityMl,
        notes: input.notes ?? null,
      });
      await this.record(em, principal, origin, 'infinity_bottle.created', bottle.id, {
        capacityMl: bottle.capacityMl,
      });
      await em.flush();
      return { bottle, entries: [], contents: blend([]) };
    });
  }

  async update(
    principal: Principal,
    id: string,
    changes: UpdateInfinityBottleDto,
    origin: RequestOrigin,
  ): Promise<InfinityBottleContents> {
    return this.em.transactional(async (em) => {
      const bottle = await this.lock(em, id);
      assertCurrentVersion(`Infinity bottle ${id}`, bottle, changes.version);
      if (changes.capacityMl !== undefined) {
        const volumeMl = (await this.volumes(em, [id])).get(id) ?? 0;
        if (tenths(changes.capacityMl) < tenths(volumeMl)) {
          throw new InvalidError(
            `Infinity bottle ${id} holds ${volumeMl} ml; its capacity cannot go below that`,
            [{ field: 'capacityMl', message: `at least ${volumeMl}` }],
          );
        }
      }
      const { version: _version, ...fields } = changes;
      em.assign(bottle, fields);
      await this.record(em, principal, origin, 'infinity_bottle.updated', id, {
        fields: Object.keys(fields),
      });
      await em.flush();
      return this.contentsOf(em, id);
    });
  }

  /** Only an empty vessel can be deleted (409 otherwise); its ledger goes with it. */
  async delete(principal: Principal, id: string, origin: RequestOrigin): Promise<void> {
    await this.em.transactional(async (em) => {
      const bottle = await this.lock(em, id);
      const volumeMl = (await this.volumes(em, [id])).get(id) ?? 0;
      if (tenths(volumeMl) > 0) {
        throw new ConflictError(`Infinity bottle ${id} still holds ${volumeMl} ml; empty it first`);
      }
      await this.record(em, principal, origin, 'infinity_bottle.deleted', id, { name: bottle.name });
      em.remove(bottle);
    });
  }

  /**
   * Pours `input.ml` from a bottle of the collection into the vessel: the bottle's ledger records the
   * pour (reason `infinity`), and the vessel's ledger an addition of that bottle's whisky at its
   * strength. Either both happen or neither does.
   */
  async add(
    principal: Principal,
    id: string,
    input: AddToInfinityBottleDto,
    origin: RequestOrigin,
  ): Promise<InfinityBottleContents> {
    return this.em.transactional(async (em) => {
      const vessel = await this.lock(em, id);
      const at = await this.entryTime(em, id, input.at);
      const volumeMl = (await this.volumes(em, [id])).get(id) ?? 0;
      if (tenths(volumeMl) + tenths(input.ml) > tenths(vessel.capacityMl)) {
        const room = (tenths(vessel.capacityMl) - tenths(volumeMl)) / 10;
        throw new InvalidError(
          `Infinity bottle ${id} has room for ${room} ml (${volumeMl} of ${vessel.capacityMl} ml used); cannot add ${input.ml} ml`,
          [{ field: 'ml', message: `at most ${room}` }],
        );
      }
      const pour = await this.ledger.pour(em, principal, {
        bottleId: input.bottleId,
        ml: input.ml,
        reason: 'infinity',
        pouredAt: at,
        notes: input.notes,
      });
      const whisky = pour.bottle.whisky;
      const entry = em.create(InfinityEntry, {
        household: em.getReference(Household, principal.householdId),
        infinityBottle: vessel,
        kind: 'addition',
        ml: pour.ml,
        whisky,
        abv: whisky.abv,
        sourcePour: pour,
        at,
        by: em.getReference(User, principal.userId),
        notes: input.notes ?? null,
      });
      await this.record(em, principal, origin, 'infinity_bottle.added', id, {
        entryId: entry.id,
        bottleId: input.bottleId,
        pourId: pour.id,
        ml: pour.ml,
      });
      await em.flush();
      return this.contentsOf(em, id);
    });
  }

  /** Pours `input.ml` out of the vessel (a dram of the blend); no more than it holds (422). */
  async pour(
    principal: Principal,
    id: string,
    input: PourFromInfinityBottleDto,
    origin: RequestOrigin,
  ): Promise<InfinityBottleContents> {
    return this.em.transactional(async (em) => {
      const vessel = await this.lock(em, id);
      const at = await this.entryTime(em, id, input.at);
      const volumeMl = (await this.volumes(em, [id])).get(id) ?? 0;
      if (tenths(input.ml) > tenths(volumeMl)) {
        throw new InvalidError(
          `Only ${volumeMl} ml remain in infinity bottle ${id}; cannot pour ${input.ml} ml`,
          [{ field: 'ml', message: `at most ${volumeMl}` }],
        );
      }
      const entry = em.create(InfinityEntry, {
        household: em.getReference(Household, principal.householdId),
        infinityBottle: vessel,
        kind: 'pour',
        ml: input.ml,
        at,
        by: em.getReference(User, principal.userId),
        notes: input.notes ?? null,
      });
      await this.record(em, principal, origin, 'infinity_bottle.poured', id, {
        entryId: entry.id,
        ml: input.ml,
      });
      await em.flush();
      return this.contentsOf(em, id);
    });
  }

  /**
   * Undoes the vessel's latest entry (409 for any other: later entries were computed on top of it).
   * Undoing an addition gives the millilitres back to the source bottle through its ledger; undoing a
   * pour refills the vessel, which must still fit its (possibly reduced) capacity (422).
   */
  async undo(principal: Principal, id: string, entryId: string, origin: RequestOrigin): Promise<void> {
    await this.em.transactional(async (em) => {
      const vessel = await this.lock(em, id);
      const entry = await em.findOne(
        InfinityEntry,
        { id: entryId, infinityBottle: id },
        { populate: ['sourcePour'] },
      );
      if (!entry) throw new NotFoundError(`Infinity bottle ${id} has no entry ${entryId}`);
      const latest = await this.latestEntry(em, id);
      if (latest?.id !== entry.id) {
        throw new ConflictError(`Only the latest entry of infinity bottle ${id} can be undone`);
      }
      if (entry.kind === 'pour') {
        const volumeMl = (await this.volumes(em, [id])).get(id) ?? 0;
        if (tenths(volumeMl) + tenths(entry.ml) > tenths(vessel.capacityMl)) {
          throw new InvalidError(
            `Undoing this pour would put ${(tenths(volumeMl) + tenths(entry.ml)) / 10} ml into infinity bottle ${id}, which holds ${vessel.capacityMl} ml`,
          );
        }
      }
      await this.record(em, principal, origin, 'infinity_bottle.entry_undone', id, {
        entryId,
        kind: entry.kind,
        ml: entry.ml,
        ...(entry.sourcePour ? { pourId: entry.sourcePour.id, bottleId: entry.sourcePour.bottle.id } : {}),
      });
      em.remove(entry);
      // A source pour that is gone already (its bottle was deleted) has nothing left to give back.
      if (entry.sourcePour) await this.ledger.reverse(em, entry.sourcePour);
      await em.flush();
    });
  }

  private async contentsOf(em: EntityManager, id: string): Promise<InfinityBottleContents> {
    const bottle = await em.findOne(InfinityBottle, id);
    if (!bottle) throw new NotFoundError(`Infinity bottle ${id} does not exist`);
    const entries = await em.find(
      InfinityEntry,
      { infinityBottle: id },
      { populate: ['whisky', 'by', 'sourcePour'], orderBy: { at: 'ASC', id: 'ASC' } },
    );
    return { bottle, entries, contents: blend(entries.map(toBlendEntry)) };
  }

  /** Locks the vessel's row for the rest of the transaction (404 for other households' ids). */
  private async lock(em: EntityManager, id: string): Promise<InfinityBottle> {
    const bottle = await em.findOne(InfinityBottle, id, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!bottle) throw new NotFoundError(`Infinity bottle ${id} does not exist`);
    return bottle;
  }

  private latestEntry(em: EntityManager, id: string): Promise<InfinityEntry | null> {
    return em.findOne(InfinityEntry, { infinityBottle: id }, { orderBy: { at: 'DESC', id: 'DESC' } });
  }

  /**
   * When a new entry happens. The blend is replayed in time order while checks look at the current
   * state, so an entry may not be dated before the latest one (422) nor in the future; without a
   * date it is now, nudged a millisecond past the latest entry if the clock would tie with it.
   */
  private async entryTime(em: EntityManager, id: string, requested?: Date): Promise<Date> {
    const latest = await this.latestEntry(em, id);
    if (requested) {
      if (requested.getTime() > Date.now() + FUTURE_TOLERANCE_MS) {
        throw new InvalidError('An entry cannot be dated in the future', [
          { field: 'at', message: 'in the future' },
        ]);
      }
      if (latest && requested.getTime() <= latest.at.getTime()) {
        throw new InvalidError(
          `Infinity bottle ${id} has an entry at ${latest.at.toISOString()}; new entries must come after it`,
          [{ field: 'at', message: `after ${latest.at.toISOString()}` }],
        );
      }
      return requested;
    }
    const now = Date.now();
    return new Date(latest ? Math.max(now, latest.at.getTime() + 1) : now);
  }

  /** What each vessel holds: its additions minus its pours, summed exactly by the database. */
  private async volumes(em: EntityManager, ids: string[]): Promise<Map<string, number>> {
    if (ids.length === 0) return new Map();
    const qb = em
      .createQueryBuilder(InfinityEntry, 'e')
      .select([
        'e.infinityBottle',
        raw(`sum(case when e.kind = 'addition' then e.ml else -e.ml end) as volume`),
      ])
      .where({ infinityBottle: { $in: ids } })
      .groupBy('e.infinityBottle');
    await qb.applyFilters();
    const rows = await qb.execute<{ infinity_bottle_id: string; volume: string }[]>('all', false);
    return new Map(rows.map((row) => [row.infinity_bottle_id, Number(row.volume)]));
  }

  private record(
    em: EntityManager,
    principal: Principal,
    origin: RequestOrigin,
    action: string,
    id: string,
    details: Record<string, unknown>,
  ): Promise<void> {
    return this.audit.record(
      { action, actor: principal, target: { type: 'infinity_bottle', id }, origin, details },
      em,
    );
  }
}

function toBlendEntry(entry: InfinityEntry): BlendEntry {
  if (entry.kind === 'pour') return { kind: 'pour', at: entry.at, ml: entry.ml };
  if (!entry.whisky || entry.abv === null || entry.abv === undefined) {
    throw new Error(`Infinity entry ${entry.id} is an addition without a whisky or strength`);
  }
  return { kind: 'addition', at: entry.at, ml: entry.ml, whiskyId: entry.whisky.id, abv: entry.abv };
}
