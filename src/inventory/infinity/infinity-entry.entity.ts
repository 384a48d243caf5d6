import { defineEntity, p } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Household } from '../../users/households/household.entity.js';
import { householdFilter } from '../../users/households/household-scope.js';
import { User } from '../../users/user.entity.js';
import { Pour } from '../pours/pour.entity.js';
import { Whisky } from '../whiskies/whisky.entity.js';
import { InfinityBottle } from './infinity-bottle.entity.js';

export const INFINITY_ENTRY_KINDS = ['addition', 'pour'] as const;
export type InfinityEntryKind = (typeof INFINITY_ENTRY_KINDS)[number];

const InfinityEntrySchema = defineEntity({
  name: 'InfinityEntry',
  tableName: 'infinity_entry',
  filters: householdFilter(),
  indexes: [{ properties: ['infinityBottle', 'at'] }],
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => randomUUID()),
    household: () => p.manyToOne(Household),
    infinityBottle: () => p.manyToOne(InfinityBottle).deleteRule('cascade'),
    kind: p.enum(INFINITY_ENTRY_KINDS),
    ml: p.decimal('number').precision(8).scale(1).check('ml > 0'),
    /** Additions: what went in, and the source bottle's pour (reason `infinity`). */
    whisky: () => p.manyToOne(Whisky).nullable().deleteRule('restrict'),
    abv: p.decimal('number').precision(4).scale(1).nullable(),
    sourcePour: () => p.oneToOne(Pour).owner().nullable().deleteRule('set null'),
    at: p.datetime(),
    by: () => p.manyToOne(User).nullable().deleteRule('set null'),
    notes: p.text().nullable(),
  },
});

/** One movement of an infinity bottle: an addition from a bottle, or a pour out of it. */
export class InfinityEntry extends InfinityEntrySchema.class {}
InfinityEntrySchema.setClass(InfinityEntry);
