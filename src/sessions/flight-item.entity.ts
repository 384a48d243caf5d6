import { defineEntity, p } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Bottle } from '../inventory/bottles/bottle.entity.js';
import { Pour } from '../inventory/pours/pour.entity.js';
import { Household } from '../users/households/household.entity.js';
import { householdFilter } from '../users/households/household-scope.js';
import { TastingSession } from './tasting-session.entity.js';

const FlightItemSchema = defineEntity({
  name: 'FlightItem',
  tableName: 'flight_item',
  filters: householdFilter(),
  uniques: [{ properties: ['session', 'position'] }],
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => randomUUID()),
    household: () => p.manyToOne(Household),
    session: () => p.manyToOne(TastingSession).index().deleteRule('cascade'),
    /** 1-based place in the flight; blind labels are "Sample <position>". */
    position: p.smallint().check('position > 0'),
    bottle: () => p.manyToOne(Bottle).deleteRule('restrict'),
    mlPerParticipant: p.decimal('number').precision(6).scale(1).check('ml_per_participant > 0'),
    /** The ledger's `tasting` pour written when the item was served (ml × participants). */
    pour: () => p.oneToOne(Pour).owner().nullable().deleteRule('set null'),
    servedAt: p.datetime().nullable(),
    /** Revealed to everyone before the session finished (finishing reveals all). */
    revealedAt: p.datetime().nullable(),
  },
});

/** One sample of a session's flight: which bottle, and how much each participant gets. */
export class FlightItem extends FlightItemSchema.class {}
FlightItemSchema.setClass(FlightItem);
