/**
 * The collection file format shared by export and import: which kinds of records a file holds, in
 * which order, and the columns of each. JSON, CSV and XLSX carry the same rows; only the cell
 * encoding differs (see `spreadsheet-cells.ts` for CSV and XLSX).
 */

/** Kinds of records, in dependency order: a kind only refers to kinds before it. */
export const TRANSFER_KINDS = ['locations', 'whiskies', 'bottles', 'pours'] as const;
export type TransferKind = (typeof TRANSFER_KINDS)[number];

/** Formats `GET /export` writes. */
export const EXPORT_FORMATS = ['csv', 'json', 'xlsx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Formats `POST /import` recognises from the content. */
export const IMPORT_FORMATS = ['json', 'xlsx', 'zip', 'csv'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/** `format` and `version` of a JSON export; an import refuses any other. */
export const FILE_FORMAT_NAME = 'whiskey-tracker';
export const FILE_FORMAT_VERSION = 1;

/** Separator of list cells (barcodes, tags, cask types) in CSV and XLSX; JSON uses arrays. */
export const LIST_SEPARATOR = ';';

/**
 * How a column's cells are written and read: `text` and `ref` are strings (a `ref` is another
 * record's `id`), `date` is YYYY-MM-DD, `datetime` is ISO 8601 with a time zone, `list` is a
 * `;`-separated list in CSV and XLSX and an array in JSON.
 */
export type CellType = 'text' | 'ref' | 'integer' | 'decimal' | 'boolean' | 'date' | 'datetime' | 'list';

export interface Column {
  name: string;
  type: CellType;
  /** The row is refused without a value. */
  required?: boolean;
  /** What an empty cell (or JSON `null`) stands for, when not `null`: the column's default. */
  empty?: RowValue;
}

/** A value of a row as exported: JSON-ready (dates as strings, lists as arrays, no value as null). */
export type RowValue = string | number | boolean | string[] | null;
export type ExportRow = Record<string, RowValue>;

/**
 * The columns of each kind, in file order. Every row starts with `id`: the record's `externalId` when
 * it has one, else its database id. References (`whiskyId`, `locationId`, `bottleId`) use those ids.
 * A bottle's `currentVolumeMl` is derived from its pours (size − pours): an import checks it instead
 * of setting it.
 */
export const COLUMNS: Record<TransferKind, readonly Column[]> = {
  locations: [
    { name: 'id', type: 'ref', required: true },
    { name: 'name', type: 'text', required: true },
    { name: 'description', type: 'text' },
  ],
  whiskies: [
    { name: 'id', type: 'ref', required: true },
    { name: 'name', type: 'text', required: true },
    { name: 'distillery', type: 'text' },
    { name: 'bottlerKind', type: 'text', empty: 'official' },
    { name: 'bottlerName', type: 'text' },
    { name: 'country', type: 'text' },
    { name: 'region', type: 'text' },
    { name: 'style', type: 'text', required: true },
    { name: 'ageYears', type: 'integer' },
    { name: 'vintageYear', type: 'integer' },
    { name: 'bottledYear', type: 'integer' },
    { name: 'abv', type: 'decimal', required: true },
    { name: 'caskTypes', type: 'list', empty: [] },
    { name: 'caskStrength', type: 'boolean', empty: false },
    { name: 'chillFiltered', type: 'boolean' },
    { name: 'naturalColour', type: 'boolean' },
    { name: 'defaultSizeMl', type: 'integer', empty: 700 },
    { name: 'barcodes', type: 'list', empty: [] },
    { name: 'tags', type: 'list', empty: [] },
    { name: 'notes', type: 'text' },
    { name: 'externalUrl', type: 'text' },
  ],
  bottles: [
    { name: 'id', type: 'ref', required: true },
    { name: 'whiskyId', type: 'ref', required: true },
    { name: 'locationId', type: 'ref' },
    { name: 'status', type: 'text', required: true },
    { name: 'sizeMl', type: 'integer', required: true },
    { name: 'currentVolumeMl', type: 'decimal' },
    { name: 'openedAt', type: 'date' },
    { name: 'finishedAt', type: 'date' },
    { name: 'purchasePrice', type: 'decimal' },
    { name: 'currency', type: 'text' },
    { name: 'purchasedAt', type: 'date' },
    { name: 'shop', type: 'text' },
    { name: 'estimatedValue', type: 'decimal' },
    { name: 'notes', type: 'text' },
  ],
  pours: [
    { name: 'id', type: 'ref', required: true },
    { name: 'bottleId', type: 'ref', required: true },
    { name: 'ml', type: 'decimal', required: true },
    { name: 'reason', type: 'text', required: true },
    { name: 'pouredAt', type: 'datetime', required: true },
    { name: 'notes', type: 'text' },
  ],
};

/** `whiskey-tracker-2026-11-26` (UTC date), plus the kind for a single CSV. */
export function exportFileStem(now: Date, kind?: TransferKind): string {
  return `whiskey-tracker${kind ? `-${kind}` : ''}-${now.toISOString().slice(0, 10)}`;
}

/** Whether `value` is shaped like a database id (a UUID), so it may be compared with `id` columns. */
export function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}
