import { QueryOrder, type FilterQuery } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable, Optional } from '@nestjs/common';
import { AuditService } from '../../audit/audit.service.js';
import { ConflictError, NotFoundError } from '../../common/errors/domain-error.js';
import { toFindOptions } from '../../common/pagination/list-query.js';
import { paginated, type Paginated } from '../../common/pagination/paginated.js';
import type { Principal, RequestOrigin } from '../../users/auth/principal.js';
import { Bottle } from '../bottles/bottle.entity.js';
import { containsPattern } from '../../common/pagination/like-pattern.js';
import { InfinityEntry } from '../infinity/infinity-entry.entity.js';
import type { BottlePourListQuery, PourListQuery } from './dto/pour-list-query.dto.js';
import type { CreatePourDto } from './dto/create-pour.dto.js';
import { PourLedger } from './pour-ledger.service.js';
import { TASTING_POUR_VISIBILITY, type TastingPourVisibility } from './tasting-pour-visibility.js';
import { Pour } from './pour.entity.js';

/** The pour ledger as the API shows it: pours from a bottle, the household's pours, and undoing one. */
@Injectable()
export class PoursService {
  constructor(
    private readonly em: EntityManager,
    private readonly ledger: PourLedger,
    private readonly audit: AuditService,
    @Optional() @Inject(TASTING_POUR_VISIBILITY) private readonly visibility?: TastingPourVisibility,
  ) {}

  /**
   * Pours from a bottle in a transaction of its own: the ledger locks the bottle, so concurrent pours
   * queue up and the bottle can never be overdrawn (422 and nothing changes).
   */
  create(principal: Principal, bottleId: string, input: CreatePourDto, origin: RequestOrigin): Promise<Pour> {
    return this.em.transactional(async (em) => {
      const pour = await this.ledger.pour(em, principal, {
        bottleId,
        ml: input.ml,
        reason: input.reason,
        pouredAt: input.pouredAt,
        notes: input.notes,
      });
      await this.audit.record(
        {
          action: 'pour.created',
          actor: principal,
          target: { type: 'pour', id: pour.id },
          origin,
          details: { bottleId, ml: pour.ml, reason: pour.reason },
        },
        em,
      );
      return pour;
    });
  }

  /** The pours of one bottle (404 when the bottle is not the caller's household's). */
  async listForBottle(
    principal: Principal,
    bottleId: string,
    query: BottlePourListQuery,
  ): Promise<Paginated<Pour>> {
    if ((await this.em.count(Bottle, { id: bottleId })) === 0) {
      throw new NotFoundError(`Bottle ${bottleId} does not exist`);
    }
    return this.find(principal, { bottle: bottleId }, query);
  }

  /** The household's pours, across bottles. */
  list(principal: Principal, query: PourListQuery): Promise<Paginated<Pour>> {
    return this.find(principal, query.bottleId ? { bottle: query.bottleId } : {}, query);
  }

  /**
   * Undoes a pour through the ledger: its ml go back into the bottle (a finished bottle opens again).
   * Pours that another record depends on are undone there instead (409).
   */
  async delete(principal: Principal, id: string, origin: RequestOrigin): Promise<void> {
    await this.em.transactional(async (em) => {
      const pour = await em.findOne(Pour, id);
      if (!pour) throw new NotFoundError(`Pour ${id} does not exist`);
      if (pour.tastingSessionId) {
        throw new ConflictError(
          `Pour ${id} belongs to tasting session ${pour.tastingSessionId}; remove it from the session instead`,
        );
      }
      // The infinity module builds on this one, so its entries are read here rather than through its service.
      const addition = await em.findOne(InfinityEntry, { sourcePour: pour.id });
      if (addition) {
        throw new ConflictError(
          `Pour ${id} went into infinity bottle ${addition.infinityBottle.id}; undo that addition there instead`,
        );
      }
      await this.ledger.reverse(em, pour);
      await this.audit.record(
        {
          action: 'pour.deleted',
          actor: principal,
          target: { type: 'pour', id },
          origin,
          details: { bottleId: pour.bottle.id, ml: pour.ml, reason: pour.reason },
        },
        em,
      );
    });
  }

  /**
   * One page of pours with their bottles (for the cost) joined: two queries whatever the page size.
   */
  private async find(
    principal: Principal,
    base: FilterQuery<Pour>,
    query: BottlePourListQuery,
  ): Promise<Paginated<Pour>> {
    const hidden = (await this.visibility?.hiddenSessionIds(principal)) ?? [];
    const pouredAt = {
      ...(query.from ? { $gte: query.from } : {}),
      ...(query.to ? { $lte: query.to } : {}),
    };
    const where: FilterQuery<Pour> = {
      ...(base as object),
      ...(query.q ? { notes: { $ilike: containsPattern(query.q) } } : {}),
      ...(query.reason ? { reason: query.reason } : {}),
      ...(query.tastingSessionId ? { tastingSessionId: query.tastingSessionId } : {}),
      ...(query.from || query.to ? { pouredAt } : {}),
      // `not in` alone would also drop the pours that belong to no session (NULL).
      ...(hidden.length > 0
        ? { $and: [{ $or: [{ tastingSessionId: null }, { tastingSessionId: { $nin: hidden } }] }] }
        : {}),
    };
    const { limit, offset } = toFindOptions(query);
    const [pours, total] = await this.em.findAndCount(Pour, where, {
      populate: ['bottle'],
      strategy: 'joined',
      orderBy: [{ [query.sort]: query.order }, { createdAt: query.order }, { id: QueryOrder.ASC }],
      limit,
      offset,
    });
    return paginated(pours, total);
  }
}
