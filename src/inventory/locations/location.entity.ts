import { defineEntity, p } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Household } from '../../users/households/household.entity.js';
import { householdFilter } from '../../users/households/household-scope.js';

const LocationSchema = defineEntity({
  name: 'Location',
  tableName: 'location',
  filters: householdFilter(),
  uniques: [{ properties: ['household', 'name'] }],
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => randomUUID()),
    household: () => p.manyToOne(Household),
    /** @example "Living-room cabinet, top shelf" */
    name: p.string().length(100),
    description: p.text().nullable(),
    externalId: p.string().length(100).nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    version: p.integer().version(),
  },
});

/** Where bottles live (a cabinet, a shelf, the cellar). */
export class Location extends LocationSchema.class {}
LocationSchema.setClass(Location);
