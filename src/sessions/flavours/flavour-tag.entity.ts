import { defineEntity, p } from '@mikro-orm/core';

const FlavourTagSchema = defineEntity({
  name: 'FlavourTag',
  tableName: 'flavour_tag',
  properties: {
    /** @example "peaty" */
    slug: p.string().length(40).primary(),
    /** The whisky-wheel family it belongs to. @example "smoky" */
    family: p.string().length(40),
    label: p.string().length(60),
  },
});

/** One entry of the fixed flavour vocabulary (seeded by migration, the same for every household). */
export class FlavourTag extends FlavourTagSchema.class {}
FlavourTagSchema.setClass(FlavourTag);
