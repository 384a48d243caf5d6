import { defineEntity, p } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';

const HouseholdSchema = defineEntity({
  name: 'Household',
  tableName: 'household',
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => randomUUID()),
    name: p.string().length(100),
    /** The household created with the first account: its admins administer the instance itself. */
    founding: p.boolean().default(false),
    createdAt: p.datetime().onCreate(() => new Date()),
    version: p.integer().version(),
  },
});

/** A group of people sharing one collection; every collection record belongs to exactly one. */
export class Household extends HouseholdSchema.class {}
HouseholdSchema.setClass(Household);
