import { parse as parseCsv } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { basename, posix } from 'node:path';
import { Readable } from 'node:stream';
import yauzl from 'yauzl';
import {
  BadRequestError,
  ContentTooLargeError,
  DomainError,
  UnsupportedMediaTypeError,
} from '../../common/errors/domain-error.js';
import type { ImportRowErrorDto } from './dto/import-report.dto.js';
import {
  COLUMNS,
  FILE_FORMAT_NAME,
  FILE_FORMAT_VERSION,
  TRANSFER_KINDS,
  type ImportFormat,
  type TransferKind,
} from './transfer-format.js';

/**
 * Reading an uploaded collection file into raw rows, whatever its format. The format is recognised
 * from the content, never from the file name: `PK\x03\x04` starts a zip (an xlsx workbook when it
 * holds `[Content_Types].xml` and `xl/`, else a zip of CSVs), `{` a JSON export, and any other UTF-8
 * text is a CSV. Binary content that is none of these is refused with 415; a damaged zip, invalid
 * JSON or broken CSV with 400.
 */

/** One data row as read: `row` is its 1-based number (0 is the header), `cells` its values by column. */
export interface RawRow {
  row: number;
  /** Sheets: the cells of the columns the header has (empty cells are null). JSON: the array element. */
  cells: unknown;
}

export interface RawCollection {
  format: ImportFormat;
  /** `sheet` cells (CSV, XLSX) are text escaped against formula injection; `json` values are typed. */
  source: 'sheet' | 'json';
  /** The kinds the file holds; a kind it lacks is left alone by the import. */
  tables: Partial<Record<TransferKind, RawRow[]>>;
  /** Problems of the headers (row 0). */
  errors: ImportRowErrorDto[];
}

/** Decompressed size a zip or workbook may declare: a small upload must not unpack into gigabytes. */
export const MAX_UNCOMPRESSED_BYTES = 256 * 1024 * 1024;

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const OLE_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
const BYTE_ORDER_MARK = '\uFEFF';
const KIND_LIST = TRANSFER_KINDS.join(', ');

/** Reads `content`; `kind` names the kind of a single CSV (and is refused for any other format). */
export async function readCollectionFile(content: Buffer, kind?: TransferKind): Promise<RawCollection> {
  if (content.length === 0) throw new BadRequestError('The file is empty');
  if (content.subarray(0, ZIP_MAGIC.length).equals(ZIP_MAGIC)) return readZip(content, kind);
  if (content.subarray(0, OLE_MAGIC.length).equals(OLE_MAGIC)) {
    throw new UnsupportedMediaTypeError(
      'This is a legacy Office file (e.g. .xls); save it as .xlsx, CSV (UTF-8) or export JSON',
    );
  }
  const text = utf8Text(content);
  const start = text.trimStart();
  if (start.startsWith('{') || start.startsWith('[')) {
    refuseKind(kind, 'JSON');
    return readJson(text);
  }
  if (!kind) {
    throw new BadRequestError(
      `This looks like a single CSV file: say which kind it holds in the form field kind (${KIND_LIST})`,
    );
  }
  const errors: ImportRowErrorDto[] = [];
  const rows = csvRows(kind, text, `The CSV file`, errors);
  return { format: 'csv', source: 'sheet', tables: { [kind]: rows }, errors };
}

function refuseKind(kind: TransferKind | undefined, format: string): void {
  if (kind) throw new BadRequestError(`The field kind applies to a single CSV file only, not to ${format}`);
}

/** The content as text; binary content (not UTF-8, or with NUL bytes) is none of the formats. */
function utf8Text(content: Buffer): string {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(content);
  } catch {
    throw new UnsupportedMediaTypeError(
      'The file is neither a zip, an xlsx workbook, a JSON export nor UTF-8 CSV text ' +
        '(a CSV saved in another encoding must be saved as "CSV UTF-8")',
    );
  }
  if (text.includes('\u0000')) {
    throw new UnsupportedMediaTypeError(
      'The file is binary: neither a zip, an xlsx workbook, a JSON export nor CSV text',
    );
  }
  return text.startsWith(BYTE_ORDER_MARK) ? text.slice(1) : text;
}

function readJson(text: string): RawCollection {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new BadRequestError(`The file is not valid JSON: ${(error as Error).message}`);
  }
  if (!isPlainObject(document)) {
    throw new BadRequestError(`A JSON import is an object { "format": "${FILE_FORMAT_NAME}", … }`);
  }
  if (document.format !== FILE_FORMAT_NAME) {
    throw new BadRequestError(
      `This JSON is not a Whiskey Tracker export ("format" is not "${FILE_FORMAT_NAME}")`,
    );
  }
  if (document.version !== FILE_FORMAT_VERSION) {
    throw new BadRequestError(
      `Version ${JSON.stringify(document.version)} of the format is not supported (this server reads version ${FILE_FORMAT_VERSION})`,
    );
  }
  const known = new Set<string>(['format', 'version', 'exportedAt', ...TRANSFER_KINDS]);
  const unknown = Object.keys(document).filter((key) => !known.has(key));
  if (unknown.length > 0) {
    throw new BadRequestError(
      `Unknown members ${unknown.map((key) => `"${key}"`).join(', ')} in the JSON export`,
    );
  }
  const tables: RawCollection['tables'] = {};
  for (const kind of TRANSFER_KINDS) {
    const items = document[kind];
    if (items === undefined) continue;
    if (!Array.isArray(items)) throw new BadRequestError(`"${kind}" must be an array`);
    tables[kind] = items.map((cells: unknown, index) => ({ row: index + 1, cells }));
  }
  return { format: 'json', source: 'json', tables, errors: [] };
}

async function readZip(content: Buffer, kind?: TransferKind): Promise<RawCollection> {
  let zip!: yauzl.ZipFile;
  const entries: yauzl.Entry[] = [];
  try {
    zip = await yauzl.fromBufferPromise(content, { lazyEntries: true, validateEntrySizes: true });
    for await (const entry of zip.eachEntry()) entries.push(entry);
  } catch (error) {
    throw new BadRequestError(`The zip archive is damaged: ${(error as Error).message}`);
  }
  const declared = entries.reduce((sum, entry) => sum + entry.uncompressedSize, 0);
  if (declared > MAX_UNCOMPRESSED_BYTES) {
    throw new ContentTooLargeError(
      `The archive unpacks to ${Math.round(declared / 2 ** 20)} MiB; at most ${MAX_UNCOMPRESSED_BYTES / 2 ** 20} MiB are read`,
    );
  }
  const names = entries.map((entry) => entry.fileName);
  if (names.includes('[Content_Types].xml')) {
    if (!names.some((name) => name.startsWith('xl/'))) {
      throw new UnsupportedMediaTypeError('This Office document is not an Excel workbook (.xlsx)');
    }
    refuseKind(kind, 'a workbook');
    return readWorkbook(zip, entries);
  }
  refuseKind(kind, 'a zip (its entries are named after their kinds)');
  return readCsvZip(zip, entries);
}

async function readCsvZip(zip: yauzl.ZipFile, entries: yauzl.Entry[]): Promise<RawCollection> {
  const byKind = new Map<TransferKind, yauzl.Entry>();
  for (const entry of entries) {
    const name = entry.fileName;
    if (name.endsWith('/') || name.startsWith('__MACOSX/') || basename(name).startsWith('.')) continue;
    const kind = TRANSFER_KINDS.find((candidate) => `${candidate}.csv` === basename(name).toLowerCase());
    if (!kind) {
      throw new BadRequestError(
        `The zip holds "${name}"; only ${TRANSFER_KINDS.map((k) => `${k}.csv`).join(', ')} are read`,
      );
    }
    if (byKind.has(kind)) throw new BadRequestError(`The zip holds ${kind}.csv twice`);
    byKind.set(kind, entry);
  }
  if (byKind.size === 0) {
    throw new BadRequestError(`The zip holds none of ${TRANSFER_KINDS.map((k) => `${k}.csv`).join(', ')}`);
  }
  const tables: RawCollection['tables'] = {};
  const errors: ImportRowErrorDto[] = [];
  for (const kind of TRANSFER_KINDS) {
    const entry = byKind.get(kind);
    if (!entry) continue;
    let content: Buffer;
    try {
      content = Buffer.concat(await (await zip.openReadStreamPromise(entry)).toArray());
    } catch (error) {
      throw new BadRequestError(
        `The zip archive is damaged (${entry.fileName}): ${(error as Error).message}`,
      );
    }
    let text: string;
    try {
      text = utf8Text(content);
    } catch {
      throw new BadRequestError(`${entry.fileName} is not UTF-8 CSV text`);
    }
    tables[kind] = csvRows(kind, text, entry.fileName, errors);
  }
  return { format: 'zip', source: 'sheet', tables, errors };
}

function csvRows(kind: TransferKind, text: string, label: string, errors: ImportRowErrorDto[]): RawRow[] {
  let records: string[][];
  try {
    records = parseCsv(text, { bom: true, relax_column_count: true, skip_empty_lines: false });
  } catch (error) {
    throw new BadRequestError(`${label} is not valid CSV: ${(error as Error).message}`);
  }
  const [header = [], ...data] = records;
  return sheetRows(
    kind,
    header,
    data.map((values, index) => ({ row: index + 1, values })),
    errors,
  );
}

/**
 * The parts of exceljs's streaming `WorkbookReader` (exceljs 4.4) that `readWorkbook` drives itself.
 * Its own `parse()` reads the zip with unzipper, whose parser announces its end before it has handed
 * over the entries still in its buffer: the entries after the worksheets (in exceljs's own files
 * `xl/workbook.xml` with the sheet names; in others possibly `xl/sharedStrings.xml`) were lost in about
 * half of the reads of small files. yauzl, which has already checked the archive, supplies the entries
 * instead, in the order the reader needs them.
 */
interface WorkbookReaderParts {
  _parseRels(entry: Readable): Promise<void>;
  _parseWorkbook(entry: Readable): Promise<void>;
  _parseSharedStrings(entry: Readable): AsyncGenerator<unknown>;
  _parseStyles(entry: Readable): Promise<void>;
  _parseWorksheet(
    entry: Readable,
    sheetNo: string,
  ): Generator<{ eventType: string; value: AsyncIterable<ExcelJS.Row> }>;
  model?: { sheets?: { name: string; rId: string }[] };
  workbookRels?: { Id: string; Target: string }[];
}

async function readWorkbook(zip: yauzl.ZipFile, entries: yauzl.Entry[]): Promise<RawCollection> {
  const tables: RawCollection['tables'] = {};
  const errors: ImportRowErrorDto[] = [];
  const byName = new Map(entries.map((entry) => [entry.fileName, entry]));
  const open = async (path: string): Promise<Readable | undefined> => {
    const entry = byName.get(path);
    return entry ? zip.openReadStreamPromise(entry) : undefined;
  };
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([]), {
    worksheets: 'emit',
    sharedStrings: 'cache',
    // Styles tell date cells from numbers.
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  }) as unknown as WorkbookReaderParts;
  try {
    const rels = await open('xl/_rels/workbook.xml.rels');
    const book = await open('xl/workbook.xml');
    if (!rels || !book)
      throw new BadRequestError('The workbook has no xl/workbook.xml: it is not an xlsx file');
    await reader._parseRels(rels);
    await reader._parseWorkbook(book);
    const sharedStrings = await open('xl/sharedStrings.xml');
    if (sharedStrings) for await (const _ of reader._parseSharedStrings(sharedStrings));
    const styles = await open('xl/styles.xml');
    if (styles) await reader._parseStyles(styles);

    for (const sheet of reader.model?.sheets ?? []) {
      const kind = TRANSFER_KINDS.find((candidate) => candidate === sheet.name.trim().toLowerCase());
      if (!kind) {
        throw new BadRequestError(
          `The workbook has a sheet "${sheet.name}"; only sheets named ${KIND_LIST} are read`,
        );
      }
      if (tables[kind]) throw new BadRequestError(`The workbook has two sheets named ${kind}`);
      const target = reader.workbookRels?.find((rel) => rel.Id === sheet.rId)?.Target ?? '';
      const path = target.startsWith('/') ? target.slice(1) : posix.join('xl', target);
      const sheetNo = /sheet(\d+)\.xml$/.exec(path)?.[1];
      const content = await open(path);
      if (!sheetNo || !content) throw new BadRequestError(`The workbook's sheet "${sheet.name}" is missing`);
      let header: unknown[] | undefined;
      let headerRow = 0;
      const records: { row: number; values: unknown[] }[] = [];
      for (const { value: worksheet } of reader._parseWorksheet(content, sheetNo)) {
        for await (const row of worksheet) {
          const values = (row.values as unknown[]).slice(1).map(sheetValue);
          if (!header) {
            if (values.every(isEmptyCell)) continue;
            header = values;
            headerRow = row.number;
            continue;
          }
          records.push({ row: row.number - headerRow, values });
        }
      }
      tables[kind] = sheetRows(kind, header ?? [], records, errors);
    }
  } catch (error) {
    if (error instanceof DomainError) throw error;
    throw new BadRequestError(`The workbook cannot be read: ${(error as Error).message}`);
  }
  if (Object.keys(tables).length === 0)
    throw new BadRequestError(`The workbook has no sheet named ${KIND_LIST}`);
  return { format: 'xlsx', source: 'sheet', tables, errors };
}

/** A cell error such as `#N/A`, kept apart from text so that it is reported, not imported. */
export class CellError {
  constructor(readonly code: string) {}
}

/** An exceljs cell value as a plain value: rich text as its text, a formula as its result. */
function sheetValue(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'object' || value instanceof Date) return value;
  if ('richText' in value && Array.isArray(value.richText)) {
    return (value.richText as { text?: string }[]).map((part) => part.text ?? '').join('');
  }
  if ('error' in value) return new CellError(String(value.error));
  if ('result' in value) return sheetValue(value.result);
  if ('text' in value) return sheetValue(value.text);
  return new CellError('unreadable cell');
}

function isEmptyCell(value: unknown): boolean {
  return value === null || value === undefined || (typeof value === 'string' && value.trim() === '');
}

/**
 * Maps a sheet's header to the kind's columns (case-insensitively) and its records to rows. Unknown,
 * repeated and missing required columns are reported as errors of row 0; blank records are skipped.
 */
function sheetRows(
  kind: TransferKind,
  header: unknown[],
  records: { row: number; values: unknown[] }[],
  errors: ImportRowErrorDto[],
): RawRow[] {
  const columns = COLUMNS[kind];
  const seen = new Set<string>();
  const positions = header.map((cell) => {
    const label = typeof cell === 'string' ? cell.trim() : isEmptyCell(cell) ? '' : String(cell);
    if (!label) return undefined;
    const column = columns.find((candidate) => candidate.name.toLowerCase() === label.toLowerCase());
    if (!column) {
      errors.push({ kind, row: 0, field: label, message: `is not a column of ${kind}` });
      return undefined;
    }
    if (seen.has(column.name)) {
      errors.push({ kind, row: 0, field: column.name, message: 'appears twice in the header' });
      return undefined;
    }
    seen.add(column.name);
    return column.name;
  });
  for (const column of columns) {
    if (column.required && !seen.has(column.name)) {
      errors.push({ kind, row: 0, field: column.name, message: 'required column is missing' });
    }
  }
  const rows: RawRow[] = [];
  for (const record of records) {
    if (record.values.every(isEmptyCell)) continue;
    const cells: Record<string, unknown> = {};
    for (const name of positions) if (name) cells[name] = null;
    record.values.forEach((value, index) => {
      const name = positions[index];
      if (name) cells[name] = value ?? null;
    });
    const beyond = record.values.findIndex((value, index) => index >= header.length && !isEmptyCell(value));
    if (beyond >= 0) {
      errors.push({
        kind,
        row: record.row,
        field: 'row',
        message: `has a value in column ${beyond + 1}, beyond the ${header.length} columns of the header`,
      });
    }
    rows.push({ row: record.row, cells });
  }
  return rows;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
