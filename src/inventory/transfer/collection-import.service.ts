import { IsolationLevel, LockMode } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { AuditService } from '../../audit/audit.service.js';
import type { Principal, RequestOrigin } from '../../users/auth/principal.js';
import { Household } from '../../users/households/household.entity.js';
import type { ImportReportDto, ImportRowErrorDto } from './dto/import-report.dto.js';
import { emptyCounts, ImportPlanner, type CheckedCollection, type ImportCounts } from './import-planner.js';
import { readCollectionFile } from './import-readers.js';
import { checkRows } from './import-rows.js';
import type { ImportUpload } from './import-upload.js';
import { TRANSFER_KINDS, type ImportFormat } from './transfer-format.js';
import { ImportRejectedError } from './transfer.errors.js';

/** Errors listed in a report; `errorCount` tells how many there were in all. */
const MAX_REPORTED_ERRORS = 1000;

/**
 * Imports a collection file into the caller's household: reads it (any export format), checks every
 * row, matches rows to existing records, and writes it all in one transaction, or nothing.
 */
@Injectable()
export class CollectionImportService {
  constructor(
    private readonly em: EntityManager,
    private readonly audit: AuditService,
  ) {}

  /**
   * A dry run only reports. A real import of a file with any error writes nothing and throws
   * {@link ImportRejectedError} (422) with the report; a valid file is written all at once.
   */
  async import(principal: Principal, upload: ImportUpload, origin: RequestOrigin): Promise<ImportReportDto> {
    const file = await readCollectionFile(upload.content, upload.kind);
    const errors: ImportRowErrorDto[] = [...file.errors];
    const rows: CheckedCollection = {};
    for (const kind of TRANSFER_KINDS) {
      const raw = file.tables[kind];
      if (raw) Object.assign(rows, { [kind]: checkRows(kind, raw, file.source, errors) });
    }

    // Forks of the request's EntityManager keep its household filter.
    if (upload.dryRun) {
      return this.em.fork().transactional(
        async (em) => {
          const plan = await new ImportPlanner(em, principal.householdId, false, errors).plan(rows);
          return report(file.format, true, plan.counts, errors);
        },
        { readOnly: true, isolationLevel: IsolationLevel.REPEATABLE_READ },
      );
    }
    return this.em.fork().transactional(async (em) => {
      // One import at a time per household: two must not both create the same records.
      await em.findOneOrFail(Household, principal.householdId, { lockMode: LockMode.PESSIMISTIC_WRITE });
      const plan = await new ImportPlanner(em, principal.householdId, true, errors).plan(rows);
      const result = report(file.format, false, plan.counts, errors);
      if (!result.valid) throw new ImportRejectedError(result);
      plan.apply();
      await this.audit.record(
        {
          action: 'inventory.imported',
          actor: principal,
          target: { type: 'household', id: principal.householdId },
          origin,
          details: { format: file.format, counts: plan.counts },
        },
        em,
      );
      return result;
    });
  }
}

function report(
  format: ImportFormat,
  dryRun: boolean,
  counts: ImportCounts,
  errors: ImportRowErrorDto[],
): ImportReportDto {
  const kindOrder = (error: ImportRowErrorDto) => TRANSFER_KINDS.indexOf(error.kind);
  const sorted = [...errors].sort((a, b) => kindOrder(a) - kindOrder(b) || a.row - b.row);
  return {
    format,
    dryRun,
    valid: errors.length === 0,
    counts: { ...emptyCounts(), ...counts },
    errors: sorted.slice(0, MAX_REPORTED_ERRORS),
    errorCount: errors.length,
  };
}
