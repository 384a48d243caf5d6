import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { flattenValidationErrors } from '../../common/errors/validation.js';
import { BottleRowDto, LocationRowDto, PourRowDto, WhiskyRowDto } from './dto/collection-rows.dto.js';
import type { ImportRowErrorDto } from './dto/import-report.dto.js';
import { CellError, type RawRow } from './import-readers.js';
import { unescapeCellText } from './spreadsheet-cells.js';
import { COLUMNS, LIST_SEPARATOR, type Column, type TransferKind } from './transfer-format.js';

/**
 * Turns raw rows into typed, validated rows: each cell is converted to its column's type (text from
 * CSV and XLSX cells, typed values from JSON), then the row is validated with the class-validator
 * rules of the API's create-DTO of its kind (see `collection-rows.dto.ts`) and the API's rules across
 * fields. Every problem is reported with its row and column; nothing stops at the first error.
 *
 * A column the file does not have is `undefined` (an update leaves that field as it is); an empty cell
 * or JSON `null` clears the field (or sets its default, see `Column.empty`).
 */

export const ROW_CLASSES = {
  locations: LocationRowDto,
  whiskies: WhiskyRowDto,
  bottles: BottleRowDto,
  pours: PourRowDto,
} as const;

/** The validated row type of each kind. */
export interface RowOf {
  locations: LocationRowDto;
  whiskies: WhiskyRowDto;
  bottles: BottleRowDto;
  pours: PourRowDto;
}

export interface CheckedRow<K extends TransferKind = TransferKind> {
  row: number;
  /** The row's `id`, when it is usable (also when other cells of the row are not). */
  id?: string;
  /** The converted cells, also of a row with errors (to see what it refers to). */
  given: Record<string, unknown>;
  /** The validated row; absent when the row has errors. */
  values?: RowOf[K];
}

const VALIDATION = {
  whitelist: true,
  forbidNonWhitelisted: true,
  forbidUnknownValues: true,
  validationError: { target: false, value: false },
} as const;

/** Checks the raw rows of `kind`; problems are appended to `errors`. */
export function checkRows<K extends TransferKind>(
  kind: K,
  rows: RawRow[],
  source: 'sheet' | 'json',
  errors: ImportRowErrorDto[],
): CheckedRow<K>[] {
  return rows.map((raw) => checkRow(kind, raw, source, errors));
}

function checkRow<K extends TransferKind>(
  kind: K,
  raw: RawRow,
  source: 'sheet' | 'json',
  errors: ImportRowErrorDto[],
): CheckedRow<K> {
  const failed = new Map<string, string>();
  const fail = (field: string, message: string): void => {
    if (failed.has(field)) return;
    failed.set(field, message);
    errors.push({ kind, row: raw.row, field, message });
  };
  const columns = COLUMNS[kind];
  const given: Record<string, unknown> = {};
  if (typeof raw.cells !== 'object' || raw.cells === null || Array.isArray(raw.cells)) {
    fail('row', `each of ${kind} must be an object`);
    return { row: raw.row, given };
  }
  const cells = raw.cells as Record<string, unknown>;
  for (const key of Object.keys(cells)) {
    if (!columns.some((column) => column.name === key)) fail(key, `${key} is not a column of ${kind}`);
  }
  for (const column of columns) {
    const converted = convertCell(column, cells[column.name], source);
    if ('error' in converted) fail(column.name, converted.error);
    else if (converted.value !== undefined) given[column.name] = converted.value;
    else if (column.required) fail(column.name, `${column.name} is required`);
  }

  // Only nullable columns can be null here (the others have a default or are required), and for the
  // API's rules a cleared field is one that is not given (a currency is needed only with a price).
  const present = Object.fromEntries(Object.entries(given).filter(([, value]) => value !== null));
  const instance = plainToInstance(ROW_CLASSES[kind] as new () => RowOf[K], present);
  const ruleErrors = flattenValidationErrors(validateSync(instance as object, VALIDATION));
  for (const error of ruleErrors) {
    const field = error.field.split('.')[0] ?? error.field;
    if (!failed.has(field)) fail(field, error.message);
  }
  for (const [field, value] of Object.entries(given)) {
    if (value === null) Object.assign(instance as object, { [field]: null });
  }
  for (const [field, message] of acrossFields(kind, given)) fail(field, message);

  const id = typeof given.id === 'string' && !failed.has('id') ? given.id : undefined;
  return { row: raw.row, id, given, values: failed.size === 0 ? instance : undefined };
}

/** The API's rules that involve several fields of a row. */
function acrossFields(kind: TransferKind, row: Record<string, unknown>): [string, string][] {
  const problems: [string, string][] = [];
  if (kind === 'whiskies') {
    if (row.bottlerKind === 'independent' && row.bottlerName === null) {
      problems.push(['bottlerName', 'bottlerName is required when bottlerKind is independent']);
    }
    const { vintageYear, bottledYear } = row;
    if (typeof vintageYear === 'number' && typeof bottledYear === 'number' && bottledYear < vintageYear) {
      problems.push(['bottledYear', `bottledYear must not be before vintageYear (${vintageYear})`]);
    }
  }
  if (kind === 'bottles') {
    const { sizeMl, currentVolumeMl } = row;
    if (typeof sizeMl === 'number' && typeof currentVolumeMl === 'number' && currentVolumeMl > sizeMl) {
      problems.push(['currentVolumeMl', `currentVolumeMl must not be more than sizeMl (${sizeMl})`]);
    }
  }
  return problems;
}

type Converted = { value: unknown } | { error: string };

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i;
const INTEGER = /^[+-]?\d+$/;
const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;
const BOOLEANS: Record<string, boolean> = {
  true: true,
  false: false,
  yes: true,
  no: false,
  '1': true,
  '0': false,
};

/** A cell as a value of its column's type; `undefined` for a column the row does not have. */
export function convertCell(column: Column, raw: unknown, source: 'sheet' | 'json'): Converted {
  if (raw === undefined) return { value: undefined };
  if (raw instanceof CellError) return { error: `${column.name} shows the spreadsheet error ${raw.code}` };
  let value = raw;
  if (typeof value === 'string' && source === 'sheet') {
    value = unescapeCellText(value);
    if ((value as string).trim() === '') value = null;
  }
  if (value === null) {
    if (column.required) return { error: `${column.name} is required` };
    return { value: column.empty ?? null };
  }
  const sheet = source === 'sheet';
  const name = column.name;
  switch (column.type) {
    case 'text':
      if (typeof value === 'string') return { value };
      if (sheet && (typeof value === 'number' || typeof value === 'boolean')) return { value: String(value) };
      if (sheet && value instanceof Date) return { value: value.toISOString() };
      return { error: `${name} must be text` };
    case 'ref':
      if (typeof value === 'string') return { value: value.trim() };
      if (typeof value === 'number' && Number.isFinite(value)) return { value: String(value) };
      return { error: `${name} must be the id of a record` };
    case 'integer': {
      const number = sheet && typeof value === 'string' && INTEGER.test(value.trim()) ? Number(value) : value;
      if (typeof number === 'number' && Number.isInteger(number)) return { value: number };
      return { error: `${name} must be a whole number` };
    }
    case 'decimal': {
      const number = sheet && typeof value === 'string' && DECIMAL.test(value.trim()) ? Number(value) : value;
      if (typeof number === 'number' && Number.isFinite(number)) return { value: number };
      return { error: `${name} must be a number (with a dot before decimals)` };
    }
    case 'boolean': {
      if (typeof value === 'boolean') return { value };
      const parsed =
        sheet && (typeof value === 'string' || typeof value === 'number')
          ? BOOLEANS[String(value).trim().toLowerCase()]
          : undefined;
      if (parsed !== undefined) return { value: parsed };
      return { error: `${name} must be true or false` };
    }
    case 'date':
      if (typeof value === 'string' && DATE.test(value.trim())) return { value: value.trim() };
      if (sheet && value instanceof Date) return { value: value.toISOString().slice(0, 10) };
      return { error: `${name} must be a date (YYYY-MM-DD)` };
    case 'datetime': {
      if (sheet && value instanceof Date) return { value };
      const text = typeof value === 'string' ? value.trim() : '';
      const date = DATE_TIME.test(text) ? new Date(text) : undefined;
      if (date && !Number.isNaN(date.getTime())) return { value: date };
      return {
        error: `${name} must be a date and time with a time zone (ISO 8601, e.g. 2025-03-14T20:15:00Z)`,
      };
    }
    case 'list': {
      const items = Array.isArray(value)
        ? value
        : typeof value === 'string'
          ? value.split(LIST_SEPARATOR)
          : sheet && typeof value === 'number'
            ? [String(value)]
            : undefined;
      if (!items || !items.every((item) => typeof item === 'string')) {
        return { error: `${name} must be a list of texts` };
      }
      return { value: items.map((item) => item.trim()).filter((item) => item !== '') };
    }
  }
}
