import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { Counter } from 'prom-client';
import { InvalidError, NotFoundError } from '../../common/errors/domain-error.js';
import { MetricsService } from '../../metrics/metrics.service.js';
import type { Principal } from '../../users/auth/principal.js';
import { Household } from '../../users/households/household.entity.js';
import { User } from '../../users/user.entity.js';
import { Bottle, type BottleStatus } from '../bottles/bottle.entity.js';
import { Pour, type PourReason } from './pour.entity.js';

/** What to take from a bottle. */
export interface PourRequest {
  bottleId: string;
  ml: number;
  reason: PourReason;
  pouredAt?: Date;
  tastingSessionId?: string;
  notes?: string;
}

/** Statuses a bottle can be poured from. */
const POURABLE: readonly BottleStatus[] = ['sealed', 'open'];

const POURS_METRIC = 'whiskey_inventory_pours_total';

/** Largest single pour the ledger records: the content of the largest bottle (5 l). */
export const MAX_POUR_ML = 5000;

/** One decimal of a millilitre: the ledger's resolution. */
function roundMl(ml: number): number {
  return Math.round(ml * 10) / 10;
}

/**
 * The bottle's row lock lives as long as the transaction: outside one, PostgreSQL would release it at
 * once and concurrent pours could overdraw the bottle. A programming error, hence no DomainError.
 */
function assertTransaction(em: EntityManager): void {
  if (!em.isInTransaction()) throw new Error('The pour ledger must run inside a transaction');
}

function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/**
 * The pour ledger: the only code that changes a bottle's volume. Every change happens in the caller's
 * transaction with the bottle row locked, so concurrent pours can never overdraw a bottle, and the
 * volume always equals the size minus the pours.
 */
@Injectable()
export class PourLedger {
  private readonly pours: Counter;

  constructor(metrics: MetricsService) {
    this.pours = new Counter({
      name: POURS_METRIC,
      help: 'Pours recorded in the ledger.',
      registers: [metrics.registry],
    });
  }

  /**
   * Takes `request.ml` from the bottle: refuses (422, naming the bottle) more than remains or a bottle
   * that is finished, gifted or sold; the first pour opens a sealed bottle, reaching 0 ml finishes it.
   * Must run inside a transaction of `em`, before the caller changes the bottle in that `em` (the lock
   * refreshes only what the caller left untouched). The pour's `bottle` is the locked, updated bottle.
   */
  async pour(em: EntityManager, principal: Principal, request: PourRequest): Promise<Pour> {
    assertTransaction(em);
    const ml = roundMl(request.ml);
    if (!Number.isFinite(ml) || ml <= 0 || ml > MAX_POUR_ML) {
      throw new InvalidError(`A pour is between 0.1 and ${MAX_POUR_ML} ml; got ${request.ml}`, [
        { field: 'ml', message: `between 0.1 and ${MAX_POUR_ML}` },
      ]);
    }
    const bottle = await this.lockBottle(em, request.bottleId);
    const label = `${bottle.whisky.name} (bottle ${bottle.id})`;
    if (!POURABLE.includes(bottle.status)) {
      throw new InvalidError(`${label} is ${bottle.status}; nothing can be poured from it`, [
        { field: 'bottleId', message: `bottle is ${bottle.status}` },
      ]);
    }
    if (ml > bottle.currentVolumeMl) {
      throw new InvalidError(`Only ${bottle.currentVolumeMl} ml remain in ${label}; cannot pour ${ml} ml`, [
        { field: 'ml', message: `at most ${bottle.currentVolumeMl}` },
      ]);
    }
    const pouredAt = request.pouredAt ?? new Date();
    bottle.currentVolumeMl = roundMl(bottle.currentVolumeMl - ml);
    if (bottle.status === 'sealed') {
      bottle.status = 'open';
      bottle.openedAt ??= isoDate(pouredAt);
    }
    if (bottle.currentVolumeMl === 0) {
      bottle.status = 'finished';
      bottle.finishedAt = isoDate(pouredAt);
    }
    const pour = em.create(Pour, {
      household: em.getReference(Household, principal.householdId),
      bottle,
      ml,
      reason: request.reason,
      pouredAt,
      pouredBy: em.getReference(User, principal.userId),
      tastingSessionId: request.tastingSessionId ?? null,
      notes: request.notes ?? null,
    });
    await em.flush();
    this.pours.inc();
    return pour;
  }

  /**
   * Undoes a pour: its ml go back into the bottle (a bottle finished by the ledger opens again) and the
   * entry is removed. Refuses (404) a pour that a concurrent transaction already undid, so its ml never
   * go back twice. Must run inside a transaction of `em`.
   */
  async reverse(em: EntityManager, pour: Pour): Promise<void> {
    assertTransaction(em);
    const bottle = await this.lockBottle(em, pour.bottle.id);
    // Every change to this bottle's ledger holds the bottle's lock, so once we hold it a fresh read
    // (a count always queries, unlike the identity map) tells whether someone else undid the pour first.
    if ((await em.count(Pour, { id: pour.id })) === 0) {
      throw new NotFoundError(`Pour ${pour.id} does not exist (it was already undone)`);
    }
    bottle.currentVolumeMl = roundMl(Math.min(bottle.sizeMl, bottle.currentVolumeMl + pour.ml));
    if (bottle.status === 'finished' && bottle.currentVolumeMl > 0) {
      bottle.status = 'open';
      bottle.finishedAt = null;
    }
    em.remove(pour);
    await em.flush();
  }

  private async lockBottle(em: EntityManager, bottleId: string): Promise<Bottle> {
    const bottle = await em.findOne(Bottle, bottleId, {
      lockMode: LockMode.PESSIMISTIC_WRITE,
      lockTableAliases: ['b0'],
    });
    if (!bottle) throw new NotFoundError(`Bottle ${bottleId} does not exist`);
    await em.populate(bottle, ['whisky']);
    return bottle;
  }
}
