import { InvalidError } from '../../common/errors/domain-error.js';
import type { ImportReportDto } from './dto/import-report.dto.js';

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
