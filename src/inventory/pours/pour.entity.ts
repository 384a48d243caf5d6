import { defineEntity, p } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Household } from '../../users/households/household.entity.js';
import { householdFilter } from '../../users/households/household-scope.js';
import { User } from '../../users/user.entity.js';
import { Bottle } from '../bottles/bottle.entity.js';

export const POUR_REASONS = ['dram', 'tasting', 'share', 'infinity', 'spill', 'correction'] as const;
export type PourReason = (typeof POUR_REASONS)[number];

const PourSchema = defineEntity({
  name: 'Pour',
  tableName: 'pour',
  filters: householdFilter(),
  indexes: [{ properties: ['household', 'pouredAt'] }, { properties: ['bottle', 'pouredAt'] }],
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => randomUUID()),
    household: () => p.manyToOne(Household),
    bottle: () => p.manyToOne(Bottle).deleteRule('cascade'),
    ml: p.decimal('number').precision(8).scale(1).check('ml > 0'),
    reason: p.enum(POUR_REASONS),
    pouredAt: p.datetime(),
    pouredBy: () => p.manyToOne(User).nullable().deleteRule('set null'),
    /** The tasting session this pour served, if any. */
    tastingSessionId: p.uuid().nullable().index(),
    notes: p.text().nullable(),
    externalId: p.string().length(100).nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});

/** A ledger entry: ml taken from a bottle. The bottle's volume is the size minus its pours. */
export class Pour extends PourSchema.class {}
PourSchema.setClass(Pour);
