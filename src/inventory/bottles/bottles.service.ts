import { LockMode, QueryOrder, raw, type FilterQuery } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { AuditService } from '../../audit/audit.service.js';
import { InvalidError, NotFoundError } from '../../common/errors/domain-error.js';
import { containsPattern } from '../../common/pagination/like-pattern.js';
import { toFindOptions } from '../../common/pagination/list-query.js';
import { paginated, type Paginated } from '../../common/pagination/paginated.js';
import { assertCurrentVersion } from '../../common/versioning.js';
import type { Principal, RequestOrigin } from '../../users/auth/principal.js';
import { Household } from '../../users/households/household.entity.js';
import { Location } from '../locations/location.entity.js';
import { CoverPhotos } from '../photos/cover-photos.js';
import { PourLedger } from '../pours/pour-ledger.service.js';
import { Pour } from '../pours/pour.entity.js';
import { Whisky } from '../whiskies/whisky.entity.js';
import { Bottle, type BottleStatus } from './bottle.entity.js';
import type { BottleListQuery } from './dto/bottle-list-query.dto.js';
import type { BottleView } from './dto/bottle.dto.js';
import type { CreateBottleDto } from './dto/create-bottle.dto.js';
import type { UpdateBottleDto } from './dto/update-bottle.dto.js';

/** A bottle with the totals of its pour ledger. */
export interface BottleWithLedger {
  bottle: Bottle & BottleView;
  totalPouredMl: number;
  pourCount: number;
}

/** Where a bottle may go from each status through an update (the ledger opens and finishes bottles too). */
const TRANSITIONS: Record<BottleStatus, readonly BottleStatus[]> = {
  sealed: ['open', 'gifted', 'sold'],
  open: ['finished', 'gifted', 'sold'],
  finished: [],
  gifted: [],
  sold: [],
};

/** Fields of an update that are plain values, copied as they come (`null` clears them). */
const PLAIN_FIELDS = ['purchasePrice', 'purchasedAt', 'shop', 'estimatedValue', 'notes'] as const;

function today(): string {
  return new Date().toISOString().slice(0, 10);
}

function refuseTransition(bottleId: string, from: BottleStatus, to: BottleStatus): never {
  const allowed = TRANSITIONS[from];
  const why =
    allowed.length === 0
      ? `a ${from} bottle keeps its status`
      : `from ${from} it can only become ${allowed.join(', ')}`;
  throw new InvalidError(`Bottle ${bottleId} cannot go from ${from} to ${to}: ${why}`, [
    { field: 'status', message: why },
  ]);
}

/**
 * Bottles of the collection. Their volume changes only through the {@link PourLedger}: a bottle added
 * half-full or marked finished gets a `correction` pour, so the ledger always explains the volume.
 */
@Injectable()
export class BottlesService {
  constructor(
    private readonly em: EntityManager,
    private readonly ledger: PourLedger,
    private readonly audit: AuditService,
    private readonly covers: CoverPhotos,
  ) {}

  /**
   * One page of bottles with their whisky and location, in two queries whatever the page size (the
   * relations are joined, the total is one count).
   */
  async list(query: BottleListQuery): Promise<Paginated<BottleView>> {
    const where: FilterQuery<Bottle> = {
      ...(query.status ? { status: query.status } : {}),
      ...(query.locationId ? { location: query.locationId } : {}),
      ...(query.whiskyId ? { whisky: query.whiskyId } : {}),
      // The fill as the DTO rounds it (tenths of a percent), so the filter agrees with `fillPercent`. A
      // condition of the query itself: the household filter, paging and total all apply to it.
      ...(query.fillBelow
        ? {
            [raw((alias) => `round(${alias}.current_volume_ml * 1000 / ${alias}.size_ml)`)]: {
              $lt: query.fillBelow * 10,
            },
          }
        : {}),
      // Under $and, so the name search and the whisky filter do not overwrite each other's `whisky` key.
      ...(query.q ? { $and: [{ whisky: { name: { $ilike: containsPattern(query.q) } } }] } : {}),
    };
    const { limit, offset } = toFindOptions(query);
    // Undated bottles go last either way; the id makes pages stable among equal values.
    const order =
      query.sort === 'purchasedAt'
        ? query.order === 'ASC'
          ? QueryOrder.ASC_NULLS_LAST
          : QueryOrder.DESC_NULLS_LAST
        : query.order;
    // Read-only page: no identity map (nothing is changed), only the columns the list shows of the
    // joined whisky and location, and a count that joins nothing it does not filter on.
    const [bottles, total] = await Promise.all([
      this.em.find(Bottle, where, {
        populate: ['whisky', 'location'],
        fields: [
          '*',
          'whisky.id',
          'whisky.name',
          'whisky.distillery',
          'whisky.abv',
          'location.id',
          'location.name',
        ],
        strategy: 'joined',
        orderBy: [{ [query.sort]: order }, { id: QueryOrder.ASC }],
        limit,
        offset,
        disableIdentityMap: true,
      }),
      this.em.count(Bottle, where),
    ]);
    const covers = await this.covers.ofBottles(bottles.map((bottle) => bottle.id));
    return paginated(
      bottles.map((bottle) => Object.assign(bottle, { coverThumbnail: covers.get(bottle.id) ?? null })),
      total,
    );
  }

  /** A bottle of the caller's household with its ledger totals (404 for any other). */
  async get(id: string): Promise<BottleWithLedger> {
    const bottle = await this.em.findOne(Bottle, id, {
      populate: ['whisky', 'location'],
      strategy: 'joined',
    });
    if (!bottle) throw new NotFoundError(`Bottle ${id} does not exist`);
    // One aggregate over the ledger; the bottle is the caller's, so are its pours.
    const [[totals], covers] = await Promise.all([
      this.em.execute<{ pourCount: number; totalPouredMl: number }[]>(
        'select count(*)::int as "pourCount", coalesce(sum(ml), 0)::float8 as "totalPouredMl" from pour where bottle_id = ?',
        [bottle.id],
      ),
      this.covers.ofBottles([bottle.id]),
    ]);
    return {
      bottle: Object.assign(bottle, { coverThumbnail: covers.get(bottle.id) ?? null }),
      pourCount: totals?.pourCount ?? 0,
      totalPouredMl: totals?.totalPouredMl ?? 0,
    };
  }

  /**
   * Adds a bottle. A `currentVolumeMl` below the size is recorded as a `correction` pour through the
   * ledger (which opens the bottle, or finishes it at 0 ml).
   */
  async create(
    principal: Principal,
    input: CreateBottleDto,
    origin: RequestOrigin,
  ): Promise<BottleWithLedger> {
    const id = await this.em.transactional(async (em) => {
      const whisky = await em.findOne(Whisky, input.whiskyId);
      if (!whisky) {
        throw new NotFoundError(`Whisky ${input.whiskyId} does not exist`, [
          { field: 'whiskyId', message: 'no such whisky' },
        ]);
      }
      const location = input.locationId ? await this.findLocation(em, input.locationId) : null;
      const sizeMl = input.sizeMl ?? whisky.defaultSizeMl;
      const currentVolumeMl = input.currentVolumeMl ?? sizeMl;
      if (currentVolumeMl > sizeMl) {
        throw new InvalidError(`A ${sizeMl} ml bottle cannot hold ${currentVolumeMl} ml`, [
          { field: 'currentVolumeMl', message: `at most ${sizeMl}` },
        ]);
      }
      const correctionMl = Math.round((sizeMl - currentVolumeMl) * 10) / 10;
      if (input.status === 'sealed' && correctionMl > 0) {
        throw new InvalidError('A sealed bottle is full; add it as open to record what is left', [
          { field: 'currentVolumeMl', message: `a sealed bottle holds ${sizeMl}` },
        ]);
      }
      const status = input.status ?? (correctionMl > 0 ? 'open' : 'sealed');
      const bottle = em.create(Bottle, {
        household: em.getReference(Household, principal.householdId),
        whisky,
        location,
        status,
        sizeMl,
        // Full at first: the ledger takes what is missing, so the volume is the size minus the pours.
        currentVolumeMl: sizeMl,
        openedAt: status === 'open' ? today() : null,
        purchasePrice: input.purchasePrice ?? null,
        currency: input.currency?.toUpperCase() ?? null,
        purchasedAt: input.purchasedAt ?? null,
        shop: input.shop ?? null,
        estimatedValue: input.estimatedValue ?? null,
        notes: input.notes ?? null,
        externalId: input.externalId ?? null,
      });
      await em.flush();
      await this.audit.record(
        {
          action: 'bottle.created',
          actor: principal,
          target: { type: 'bottle', id: bottle.id },
          origin,
          details: { whiskyId: whisky.id, sizeMl, status },
        },
        em,
      );
      if (correctionMl > 0) {
        await this.recordCorrection(
          em,
          principal,
          bottle,
          correctionMl,
          origin,
          'Volume when the bottle was added',
        );
      }
      return bottle.id;
    });
    return this.get(id);
  }

  /**
   * Changes a bottle based on the `version` the client read. The row is locked first, so the version
   * check and the status rules see the bottle as concurrent pours left it.
   */
  async update(
    principal: Principal,
    id: string,
    changes: UpdateBottleDto,
    origin: RequestOrigin,
  ): Promise<BottleWithLedger> {
    await this.em.transactional(async (em) => {
      const bottle = await em.findOne(Bottle, id, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!bottle) throw new NotFoundError(`Bottle ${id} does not exist`);
      assertCurrentVersion(`Bottle ${id}`, bottle, changes.version);
      const from: BottleStatus = bottle.status;
      const changed: string[] = [];

      if (changes.status !== undefined && changes.status !== from) {
        const to = changes.status;
        if (!TRANSITIONS[from].includes(to)) refuseTransition(id, from, to);
        if (to === 'finished' && bottle.currentVolumeMl > 0) {
          // The ledger stays the truth: what is left becomes a correction pour, which finishes the bottle.
          await this.recordCorrection(
            em,
            principal,
            bottle,
            bottle.currentVolumeMl,
            origin,
            'Remainder when the bottle was marked finished',
          );
        } else {
          bottle.status = to;
          if (to === 'open') bottle.openedAt ??= today();
          if (to === 'finished') bottle.finishedAt = today();
        }
        changed.push('status');
      }
      if (changes.locationId !== undefined) {
        bottle.location = changes.locationId ? await this.findLocation(em, changes.locationId) : null;
        changed.push('locationId');
      }
      for (const field of PLAIN_FIELDS) {
        if (changes[field] === undefined) continue;
        Object.assign(bottle, { [field]: changes[field] });
        changed.push(field);
      }
      if (changes.currency !== undefined) {
        bottle.currency = changes.currency?.toUpperCase() ?? null;
        changed.push('currency');
      }
      if ((bottle.purchasePrice != null || bottle.estimatedValue != null) && !bottle.currency) {
        throw new InvalidError('A bottle with a price or value needs its currency', [
          { field: 'currency', message: 'required with purchasePrice or estimatedValue' },
        ]);
      }
      if (changed.length === 0) return;
      await em.flush();
      await this.audit.record(
        {
          action: 'bottle.updated',
          actor: principal,
          target: { type: 'bottle', id },
          origin,
          details: {
            fields: changed,
            ...(bottle.status !== from ? { status: { from, to: bottle.status } } : {}),
          },
        },
        em,
      );
    });
    return this.get(id);
  }

  /** Deletes a bottle and its pour ledger (infinity additions from it keep their content). */
  async delete(principal: Principal, id: string, origin: RequestOrigin): Promise<void> {
    await this.em.transactional(async (em) => {
      const bottle = await em.findOne(Bottle, id, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!bottle) throw new NotFoundError(`Bottle ${id} does not exist`);
      const pours = await em.nativeDelete(Pour, { bottle: bottle.id });
      em.remove(bottle);
      await em.flush();
      await this.audit.record(
        {
          action: 'bottle.deleted',
          actor: principal,
          target: { type: 'bottle', id },
          origin,
          details: { whiskyId: bottle.whisky.id, pours },
        },
        em,
      );
    });
  }

  private async findLocation(em: EntityManager, id: string): Promise<Location> {
    const location = await em.findOne(Location, id);
    if (!location) {
      throw new NotFoundError(`Location ${id} does not exist`, [
        { field: 'locationId', message: 'no such location' },
      ]);
    }
    return location;
  }

  /** Records `ml` taken from the bottle outside of drinking, through the ledger, and audits it. */
  private async recordCorrection(
    em: EntityManager,
    principal: Principal,
    bottle: Bottle,
    ml: number,
    origin: RequestOrigin,
    notes: string,
  ): Promise<void> {
    const pour = await this.ledger.pour(em, principal, {
      bottleId: bottle.id,
      ml,
      reason: 'correction',
      notes,
    });
    await this.audit.record(
      {
        action: 'pour.created',
        actor: principal,
        target: { type: 'pour', id: pour.id },
        origin,
        details: { bottleId: bottle.id, ml: pour.ml, reason: pour.reason },
      },
      em,
    );
  }
}
