import { defineEntity, p } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Household } from '../../users/households/household.entity.js';
import { householdFilter } from '../../users/households/household-scope.js';
import { Location } from '../locations/location.entity.js';
import { Whisky } from '../whiskies/whisky.entity.js';

export const BOTTLE_STATUSES = ['sealed', 'open', 'finished', 'gifted', 'sold'] as const;
export type BottleStatus = (typeof BOTTLE_STATUSES)[number];

const BottleSchema = defineEntity({
  name: 'Bottle',
  tableName: 'bottle',
  filters: householdFilter(),
  indexes: [{ properties: ['household', 'createdAt'] }, { properties: ['household', 'status'] }],
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => randomUUID()),
    household: () => p.manyToOne(Household),
    whisky: () => p.manyToOne(Whisky).index(),
    location: () => p.manyToOne(Location).nullable().index().deleteRule('restrict'),
    status: p.enum(BOTTLE_STATUSES).default('sealed'),
    sizeMl: p.integer().check('size_ml > 0'),
    /** Always equal to the size minus the pours in the ledger; the database refuses anything outside 0…size. */
    currentVolumeMl: p
      .decimal('number')
      .precision(8)
      .scale(1)
      .check('current_volume_ml >= 0 and current_volume_ml <= size_ml'),
    openedAt: p.date().nullable(),
    finishedAt: p.date().nullable(),
    purchasePrice: p.decimal('number').precision(12).scale(2).nullable(),
    /** ISO 4217. */
    currency: p.string().length(3).nullable(),
    purchasedAt: p.date().nullable(),
    shop: p.string().length(200).nullable(),
    estimatedValue: p.decimal('number').precision(12).scale(2).nullable(),
    notes: p.text().nullable(),
    externalId: p.string().length(100).nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p
      .datetime()
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
    version: p.integer().version(),
  },
});

/** A physical bottle of a whisky that the household owns (or owned). */
export class Bottle extends BottleSchema.class {}
BottleSchema.setClass(Bottle);
