import { DomainError, InvalidError } from '../../common/errors/domain-error.js';
import type { ImportReportDto } from './dto/import-report.dto.js';

/** The request's content is in a format this route does not read. */
export class UnsupportedMediaTypeError extends DomainError {
  readonly status = 415;
  readonly title = 'Unsupported Media Type';
}

/** The upload is larger than the route accepts. */
export class ContentTooLargeError extends DomainError {
  readonly status = 413;
  readonly title = 'Content Too Large';
}

/**
 * A real import of a file with errors: nothing was written. Thrown inside the import's transaction so
 * that it rolls back; `ImportRejectedFilter` answers 422 with the report.
 */
export class ImportRejectedError extends InvalidError {
  constructor(readonly report: ImportReportDto) {
    super(
      `The file has ${report.errorCount} error${report.errorCount === 1 ? '' : 's'}; nothing was imported`,
    );
  }
}
