import { defineEntity, p } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Household } from '../../users/households/household.entity.js';
import { householdFilter } from '../../users/households/household-scope.js';

const InfinityBottleSchema = defineEntity({
  name: 'InfinityBottle',
  tableName: 'infinity_bottle',
  filters: householdFilter(),
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => randomUUID()),
    household: () => p.manyToOne(Household),
    name: p.string().length(100),
    capacityMl: p.integer().check('capacity_ml > 0'),
    notes: p.text().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    version: p.integer().version(),
  },
});

/** A vessel fed with drams of many bottles; its blend is computed from its ledger. */
export class InfinityBottle extends InfinityBottleSchema.class {}
InfinityBottleSchema.setClass(InfinityBottle);
