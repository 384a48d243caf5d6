import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import { PassThrough, Readable, type Writable } from 'node:stream';
import yazl from 'yazl';
import type { CollectionSnapshot } from './collection-snapshot.js';
import { ESCAPED_CELL, escapeCellText } from './spreadsheet-cells.js';
import {
  COLUMNS,
  exportFileStem,
  FILE_FORMAT_NAME,
  FILE_FORMAT_VERSION,
  LIST_SEPARATOR,
  type ExportFormat,
  type RowValue,
  type TransferKind,
} from './transfer-format.js';

/** A file being written: read `stream` to get it. */
export interface ExportFile {
  stream: Readable;
  contentType: string;
  fileName: string;
}

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * The export of `kinds` from `snapshot` in `format`, produced as it is read: every writer pulls one
 * batch of rows at a time and only when its consumer wants more, so memory does not grow with the
 * collection. A failure while writing destroys the stream (the download breaks off rather than
 * looking complete).
 */
export function writeExport(
  snapshot: CollectionSnapshot,
  format: ExportFormat,
  kinds: readonly TransferKind[],
  now: Date,
): ExportFile {
  const single = kinds.length === 1 ? kinds[0] : undefined;
  const stem = exportFileStem(now, single);
  switch (format) {
    case 'json':
      return {
        stream: Readable.from(jsonChunks(snapshot, kinds, now), { objectMode: false }),
        contentType: 'application/json; charset=utf-8',
        fileName: `${stem}.json`,
      };
    case 'csv':
      return single
        ? {
            stream: Readable.from(csvChunks(snapshot, single), { objectMode: false }),
            contentType: 'text/csv; charset=utf-8',
            fileName: `${stem}.csv`,
          }
        : { stream: csvZip(snapshot, kinds, now), contentType: 'application/zip', fileName: `${stem}.zip` };
    case 'xlsx':
      return {
        stream: workbook(snapshot, kinds, now),
        contentType: XLSX_CONTENT_TYPE,
        fileName: `${stem}.xlsx`,
      };
  }
}

/** `{ "format", "version", "exportedAt", "locations": [...], … }`, one row per line. */
async function* jsonChunks(
  snapshot: CollectionSnapshot,
  kinds: readonly TransferKind[],
  exportedAt: Date,
): AsyncGenerator<string> {
  yield `{"format":${JSON.stringify(FILE_FORMAT_NAME)},"version":${FILE_FORMAT_VERSION},"exportedAt":"${exportedAt.toISOString()}"`;
  for (const kind of kinds) {
    yield `,\n"${kind}":[`;
    let separator = '\n';
    for await (const batch of snapshot.rows(kind)) {
      let chunk = '';
      for (const row of batch) {
        chunk += separator + JSON.stringify(row);
        separator = ',\n';
      }
      yield chunk;
    }
    yield '\n]';
  }
  yield '}\n';
}

/**
 * RFC 4180 (CRLF, quotes where needed), UTF-8 with a byte order mark so that Excel reads it as UTF-8;
 * cells escaped against formula injection are always quoted, as OWASP advises.
 */
const CSV_OPTIONS = { record_delimiter: 'windows', quoted_match: ESCAPED_CELL } as const;
const BYTE_ORDER_MARK = '\uFEFF';

async function* csvChunks(snapshot: CollectionSnapshot, kind: TransferKind): AsyncGenerator<string> {
  const columns = COLUMNS[kind];
  yield BYTE_ORDER_MARK + stringify([columns.map((column) => column.name)], CSV_OPTIONS);
  for await (const batch of snapshot.rows(kind)) {
    yield stringify(
      batch.map((row) => columns.map((column) => csvCell(row[column.name] ?? null))),
      CSV_OPTIONS,
    );
  }
}

function csvCell(value: RowValue): string {
  if (value === null) return '';
  if (Array.isArray(value)) return escapeCellText(value.join(LIST_SEPARATOR));
  if (typeof value === 'string') return escapeCellText(value);
  return String(value);
}

/** A zip of one CSV per kind. yazl asks for each entry's stream only when the previous one is done. */
function csvZip(snapshot: CollectionSnapshot, kinds: readonly TransferKind[], now: Date): Readable {
  const zip = new yazl.ZipFile();
  const output = zip.outputStream as PassThrough;
  for (const kind of kinds) {
    zip.addReadStreamLazy(`${kind}.csv`, { mtime: now }, (callback) => {
      const source = Readable.from(csvChunks(snapshot, kind), { objectMode: false });
      // yazl pipes the entry without forwarding its errors; an abandoned download must stop the entry.
      source.once('error', (error) => output.destroy(error));
      output.once('close', () => source.destroy());
      callback(null, source);
    });
  }
  zip.end();
  return output;
}

/**
 * One sheet per kind, through exceljs's streaming writer (no shared strings, no styles: both would
 * keep every row in memory). Each row is committed at once; after every batch the writer waits until
 * the consumer has taken what was written, so a slow download slows the reading down instead of
 * piling the workbook up in memory.
 */
function workbook(snapshot: CollectionSnapshot, kinds: readonly TransferKind[], now: Date): Readable {
  const output = new PassThrough();
  const writer = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: output,
    useStyles: false,
    useSharedStrings: false,
  });
  writer.creator = 'Whiskey Tracker';
  writer.created = now;
  (writer as unknown as { zip: Readable }).zip.on('error', (error: Error) => output.destroy(error));
  // An abandoned download ends every wait below (the zip then never drains again).
  const closed = new Promise<void>((resolve) => output.once('close', resolve));
  const fill = async (): Promise<void> => {
    for (const kind of kinds) {
      const columns = COLUMNS[kind];
      const sheet = writer.addWorksheet(kind);
      sheet.addRow(columns.map((column) => column.name)).commit();
      for await (const batch of snapshot.rows(kind)) {
        for (const row of batch) {
          sheet.addRow(columns.map((column) => sheetCell(row[column.name] ?? null))).commit();
        }
        await Promise.race([closed, sheetDrained(sheet).then(() => drained(output))]);
        if (output.destroyed) return;
      }
      sheet.commit();
    }
    await writer.commit();
  };
  fill().catch((error: unknown) => output.destroy(error instanceof Error ? error : new Error(String(error))));
  return output;
}

function sheetCell(value: RowValue): string | number | boolean | null {
  if (Array.isArray(value)) return escapeCellText(value.join(LIST_SEPARATOR));
  if (typeof value === 'string') return escapeCellText(value);
  return value;
}

/**
 * Resolves once the zip has taken what the sheet wrote. exceljs hands a sheet's XML to the zip
 * (archiver) without waiting for it (its StreamBuf ignores backpressure), so when rows are read faster
 * than they are compressed they would pile up in the zip's input. The sheet's stream, its pipes and
 * their `_writableState` (readable-stream 2, without `writableNeedDrain`) are exceljs 4.4 internals.
 */
async function sheetDrained(sheet: ExcelJS.Worksheet): Promise<void> {
  const pipes = (sheet as unknown as { stream?: { pipes?: Writable[] } }).stream?.pipes ?? [];
  for (const pipe of pipes) await drained(pipe);
}

/** Resolves once `stream` has room again (or is gone). */
function drained(stream: Writable): Promise<void> {
  const needsDrain =
    stream.writableNeedDrain ??
    (stream as unknown as { _writableState?: { needDrain?: boolean } })._writableState?.needDrain;
  if (!needsDrain || stream.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      stream.off('drain', done);
      stream.off('close', done);
      stream.off('error', done);
      resolve();
    };
    stream.on('drain', done);
    stream.on('close', done);
    stream.on('error', done);
  });
}
