import { defineEntity, p } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Household } from '../../users/households/household.entity.js';
import { householdFilter } from '../../users/households/household-scope.js';

export const WHISKY_STYLES = [
  'single_malt',
  'blended_malt',
  'blend',
  'single_grain',
  'bourbon',
  'rye',
  'other',
] as const;
export type WhiskyStyle = (typeof WHISKY_STYLES)[number];

export const BOTTLER_KINDS = ['official', 'independent'] as const;
/** Official (distillery) bottling or an independent bottler's. */
export type BottlerKind = (typeof BOTTLER_KINDS)[number];

const WhiskySchema = defineEntity({
  name: 'Whisky',
  tableName: 'whisky',
  filters: householdFilter(),
  indexes: [{ properties: ['household', 'name'] }],
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => randomUUID()),
    household: () => p.manyToOne(Household),
    name: p.string().length(200),
    distillery: p.string().length(200).nullable(),
    bottlerKind: p.enum(BOTTLER_KINDS).default('official'),
    bottlerName: p.string().length(200).nullable(),
    country: p.string().length(100).nullable(),
    region: p.string().length(100).nullable(),
    style: p.enum(WHISKY_STYLES),
    /** Years; null for no age statement (NAS). */
    ageYears: p.smallint().nullable(),
    vintageYear: p.smallint().nullable(),
    bottledYear: p.smallint().nullable(),
    /** Alcohol by volume in percent, one decimal. */
    abv: p.decimal('number').precision(4).scale(1),
    caskTypes: p.array().default([]),
    caskStrength: p.boolean().default(false),
    chillFiltered: p.boolean().nullable(),
    naturalColour: p.boolean().nullable(),
    defaultSizeMl: p.integer().default(700),
    tags: p.array().default([]),
    notes: p.text().nullable(),
    externalUrl: p.string().length(2000).nullable(),
    /** Stable id across exports and imports, so re-importing a file updates instead of duplicating. */
    externalId: p.string().length(100).nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p
      .datetime()
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
    version: p.integer().version(),
  },
});

/** An expression: a whisky as sold (distillery, age, cask, strength), of which one may own bottles. */
export class Whisky extends WhiskySchema.class {}
WhiskySchema.setClass(Whisky);
