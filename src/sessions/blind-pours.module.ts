import { EntityManager } from '@mikro-orm/postgresql';
import { Global, Injectable, Module } from '@nestjs/common';
import {
  TASTING_POUR_VISIBILITY,
  type TastingPourVisibility,
} from '../inventory/pours/tasting-pour-visibility.js';
import type { Principal } from '../users/auth/principal.js';
import { TastingSession } from './tasting-session.entity.js';

/**
 * Keeps the pour ledger from giving away a blind flight: until a blind session is finished, its pours
 * (which name the bottles) are shown to its host only.
 */
@Injectable()
export class BlindSessionPours implements TastingPourVisibility {
  constructor(private readonly em: EntityManager) {}

  async hiddenSessionIds(principal: Principal): Promise<string[]> {
    const sessions = await this.em.find(
      TastingSession,
      { blind: true, status: { $in: ['planned', 'live'] }, host: { $ne: principal.userId } },
      { fields: ['id'], disableIdentityMap: true },
    );
    return sessions.map((session) => session.id);
  }
}

/** Provides {@link TASTING_POUR_VISIBILITY} to the inventory's pour ledger (global: inventory cannot import sessions). */
@Global()
@Module({
  providers: [{ provide: TASTING_POUR_VISIBILITY, useClass: BlindSessionPours }],
  exports: [TASTING_POUR_VISIBILITY],
})
export class BlindPoursModule {}
