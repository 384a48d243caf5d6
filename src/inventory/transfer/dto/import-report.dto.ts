import type { ImportFormat, TransferKind } from '../transfer-format.js';

/** What an import does (or would do) to one kind of record. */
export class ImportKindCountsDto {
  /** Rows that create a record. */
  create: number;
  /** Rows that change an existing record. */
  update: number;
  /** Rows that match an existing record that already looks like the row. */
  unchanged: number;
}

export class ImportCountsDto {
  locations: ImportKindCountsDto;
  whiskies: ImportKindCountsDto;
  bottles: ImportKindCountsDto;
  pours: ImportKindCountsDto;
}

/** One problem of the file. */
export class ImportRowErrorDto {
  /** @example "whiskies" */
  kind: TransferKind;
  /** 1-based data row (the header is not counted; JSON: array index + 1); 0 for the header itself. @example 3 */
  row: number;
  /** The column. @example "abv" */
  field: string;
  /** @example "abv must not be greater than 100" */
  message: string;
}

/** The outcome of an import or a dry run. */
export class ImportReportDto {
  /** Format recognised from the content. */
  format: ImportFormat;
  /** Nothing was written: only checked. */
  dryRun: boolean;
  /** The file has no errors: a real import writes it all. */
  valid: boolean;
  counts: ImportCountsDto;
  /** The problems found, at most 1000 (see `errorCount`). */
  errors: ImportRowErrorDto[];
  /** How many problems were found in all. */
  errorCount: number;
}

/** A refused import (422): a problem document that also carries the report. */
export class ImportRejectedDto extends ImportReportDto {
  /** @example "/problems/unprocessable-content" */
  type: string;
  /** @example "Unprocessable Content" */
  title: string;
  /** @example 422 */
  status: number;
  /** @example "The file has 3 errors; nothing was imported" */
  detail: string;
  /** @example "/api/v1/import" */
  instance: string;
  requestId?: string;
}
