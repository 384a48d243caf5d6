import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable, Logger } from '@nestjs/common';
import { finished } from 'node:stream';
import { AuditService } from '../../audit/audit.service.js';
import type { Principal, RequestOrigin } from '../../users/auth/principal.js';
import { CollectionSnapshot } from './collection-snapshot.js';
import { writeExport, type ExportFile } from './export-writers.js';
import { TRANSFER_KINDS, type ExportFormat, type TransferKind } from './transfer-format.js';

/**
 * A download that has not asked for a batch this long is abandoned: its snapshot transaction holds a
 * pooled database connection, which a stalled client must not keep forever.
 */
const STALL_TIMEOUT_MS = 120_000;
const STALL_CHECK_MS = 10_000;

/** Streams the household's collection as a file (see `export-writers.ts` for the formats). */
@Injectable()
export class CollectionExportService {
  private readonly logger = new Logger(CollectionExportService.name);

  constructor(
    private readonly em: EntityManager,
    private readonly audit: AuditService,
  ) {}

  /**
   * Opens a snapshot of the collection, records the export in the audit trail (with the number of
   * records of each kind) and returns the file as a stream that reads the snapshot while it is being
   * consumed. The snapshot ends with the stream, however it ends.
   */
  async export(
    principal: Principal,
    options: { format: ExportFormat; kind?: TransferKind },
    origin: RequestOrigin,
  ): Promise<ExportFile> {
    const kinds = options.kind ? [options.kind] : TRANSFER_KINDS;
    // The request's EntityManager carries the household filter; the snapshot's fork inherits it.
    const snapshot = await CollectionSnapshot.open(this.em);
    try {
      const counts = await snapshot.count(kinds);
      await this.audit.record({
        action: 'inventory.exported',
        actor: principal,
        target: { type: 'household', id: principal.householdId },
        origin,
        details: { format: options.format, kind: options.kind ?? null, counts },
      });
      const file = writeExport(snapshot, options.format, kinds, new Date());
      this.closeWith(file, snapshot);
      return file;
    } catch (error) {
      await snapshot.close();
      throw error;
    }
  }

  private closeWith(file: ExportFile, snapshot: CollectionSnapshot): void {
    const watchdog = setInterval(() => {
      if (snapshot.idleMs > STALL_TIMEOUT_MS) {
        file.stream.destroy(new Error(`Export stalled: no data was read for ${STALL_TIMEOUT_MS / 1000} s`));
      }
    }, STALL_CHECK_MS);
    watchdog.unref();
    finished(file.stream, (error) => {
      clearInterval(watchdog);
      if (error && error.message !== 'Premature close') {
        this.logger.warn({ err: error }, `Export ${file.fileName} broke off`);
      }
      snapshot.close().catch((closeError: unknown) => {
        this.logger.error({ err: closeError }, 'Could not end the export snapshot');
      });
    });
  }
}
