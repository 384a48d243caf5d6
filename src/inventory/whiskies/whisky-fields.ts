import type { Whisky } from './whisky.entity.js';

/**
 * The user-facing fields of a whisky, with absent values as null: what the API shows and what an
 * export writes (each adds its own ids, barcodes and bookkeeping).
 */
export function whiskyFields(whisky: Whisky) {
  return {
    name: whisky.name,
    distillery: whisky.distillery ?? null,
    bottlerKind: whisky.bottlerKind,
    bottlerName: whisky.bottlerName ?? null,
    country: whisky.country ?? null,
    region: whisky.region ?? null,
    style: whisky.style,
    ageYears: whisky.ageYears ?? null,
    vintageYear: whisky.vintageYear ?? null,
    bottledYear: whisky.bottledYear ?? null,
    abv: whisky.abv,
    caskTypes: whisky.caskTypes,
    caskStrength: whisky.caskStrength,
    chillFiltered: whisky.chillFiltered ?? null,
    naturalColour: whisky.naturalColour ?? null,
    defaultSizeMl: whisky.defaultSizeMl,
    tags: whisky.tags,
    notes: whisky.notes ?? null,
    externalUrl: whisky.externalUrl ?? null,
  };
}
