import type { WhiskyView } from '../whiskies.service.js';
import { whiskyFields } from '../whisky-fields.js';
import type { BottlerKind, WhiskyStyle } from '../whisky.entity.js';

/** A whisky (an expression as sold) of the collection, with its barcodes and how many bottles of it exist. */
export class WhiskyDto {
  /** @example "0195b3c2-7f4e-7a1c-9a55-1c0de0a1b2c3" */
  id: string;
  /** @example "Lagavulin 16" */
  name: string;
  /** @example "Lagavulin" */
  distillery: string | null;
  bottlerKind: BottlerKind;
  /** The independent bottler's name. @example "Signatory Vintage" */
  bottlerName: string | null;
  /** @example "Scotland" */
  country: string | null;
  /** @example "Islay" */
  region: string | null;
  style: WhiskyStyle;
  /** Null for no age statement (NAS). @example 16 */
  ageYears: number | null;
  /** @example 2008 */
  vintageYear: number | null;
  /** @example 2024 */
  bottledYear: number | null;
  /** Alcohol by volume in percent. @example 43 */
  abv: number;
  /** @example ["ex-bourbon", "oloroso sherry"] */
  caskTypes: string[];
  caskStrength: boolean;
  /** Null when unknown. */
  chillFiltered: boolean | null;
  /** Null when unknown. */
  naturalColour: boolean | null;
  /** @example 700 */
  defaultSizeMl: number;
  /** EAN/UPC codes, sorted. @example ["5000281005416"] */
  barcodes: string[];
  /** @example ["peated", "islay"] */
  tags: string[];
  notes: string | null;
  /** @example "https://www.whiskybase.com/whiskies/whisky/1234" */
  externalUrl: string | null;
  externalId: string | null;
  /** Bottles of this whisky in the collection, whatever their status (finished, gifted and sold included). @example 2 */
  bottleCount: number;
  createdAt: Date;
  updatedAt: Date;
  /** Send it back when changing the whisky; a stale version is refused with 409. */
  version: number;

  static from({ whisky, barcodes, bottleCount }: WhiskyView): WhiskyDto {
    return Object.assign(new WhiskyDto(), {
      id: whisky.id,
      ...whiskyFields(whisky),
      barcodes,
      externalId: whisky.externalId ?? null,
      bottleCount,
      createdAt: whisky.createdAt,
      updatedAt: whisky.updatedAt,
      version: whisky.version,
    });
  }
}
