import type { Location } from '../locations/location.entity.js';
import { whiskyFields } from '../whiskies/whisky-fields.js';
import type { Whisky } from '../whiskies/whisky.entity.js';
import type { ExportRow } from './transfer-format.js';

/** The id a record has in a file: its `externalId` when it has one, else its database id. */
export function exportId(record: { id: string; externalId?: string | null }): string {
  return record.externalId ?? record.id;
}

/** The rows below list their fields in the order of `COLUMNS`, which is also the JSON key order. */

export function locationRow(location: Location): ExportRow {
  return {
    id: exportId(location),
    name: location.name,
    description: location.description ?? null,
  };
}

/** `barcodes`: the whisky's codes, sorted. */
export function whiskyRow(whisky: Whisky, barcodes: string[]): ExportRow {
  return { id: exportId(whisky), ...whiskyFields(whisky), barcodes };
}

/** A bottle as the export reads it: its columns, and the export ids of its whisky and location. */
export interface BottleRecord {
  id: string;
  externalId: string | null;
  status: string;
  sizeMl: number;
  currentVolumeMl: number | string;
  openedAt: string | null;
  finishedAt: string | null;
  purchasePrice: number | string | null;
  currency: string | null;
  purchasedAt: string | null;
  shop: string | null;
  estimatedValue: number | string | null;
  notes: string | null;
  whiskyExportId: string;
  locationExportId: string | null;
}

export function bottleRow(bottle: BottleRecord): ExportRow {
  return {
    id: exportId(bottle),
    whiskyId: bottle.whiskyExportId,
    locationId: bottle.locationExportId,
    status: bottle.status,
    sizeMl: bottle.sizeMl,
    currentVolumeMl: Number(bottle.currentVolumeMl),
    openedAt: bottle.openedAt,
    finishedAt: bottle.finishedAt,
    purchasePrice: numberOrNull(bottle.purchasePrice),
    currency: bottle.currency,
    purchasedAt: bottle.purchasedAt,
    shop: bottle.shop,
    estimatedValue: numberOrNull(bottle.estimatedValue),
    notes: bottle.notes,
  };
}

/** A pour as the export reads it: its columns, and the export id of its bottle. */
export interface PourRecord {
  id: string;
  externalId: string | null;
  ml: number | string;
  reason: string;
  pouredAt: Date | string;
  notes: string | null;
  bottleExportId: string;
}

export function pourRow(pour: PourRecord): ExportRow {
  return {
    id: exportId(pour),
    bottleId: pour.bottleExportId,
    ml: Number(pour.ml),
    reason: pour.reason,
    pouredAt: new Date(pour.pouredAt).toISOString(),
    notes: pour.notes,
  };
}

/** Decimal columns, whether the driver hands them over as numbers or as strings. */
function numberOrNull(value: number | string | null): number | null {
  return value === null ? null : Number(value);
}
