import type { FastifyRequest } from 'fastify';
import { BadRequestError } from '../../common/errors/domain-error.js';
import { TRANSFER_KINDS, type TransferKind } from './transfer-format.js';
import { readMultipartForm } from '../../common/http/multipart-form.js';

/** Largest collection file an import reads. */
export const IMPORT_LIMIT_BYTES = 20 * 1024 * 1024;

/** The form of `POST /import`. */
export interface ImportUpload {
  content: Buffer;
  dryRun: boolean;
  /** The kind a single CSV holds. */
  kind?: TransferKind;
}

/**
 * Reads the multipart form of an import: the field `file` (at most {@link IMPORT_LIMIT_BYTES}, else
 * 413) and the optional fields `dryRun` (`true`/`false`) and `kind`, in any order. The file is kept in
 * memory, bounded by the limit: checking every row against every other (references, duplicates)
 * needs all of them before anything is written.
 */
export async function readImportUpload(request: FastifyRequest): Promise<ImportUpload> {
  const { file, fields } = await readMultipartForm(request, {
    maxFileBytes: IMPORT_LIMIT_BYTES,
    fields: ['dryRun', 'kind'],
    what: 'file',
  });
  const dryRun = fields.dryRun ?? 'false';
  if (dryRun !== 'true' && dryRun !== 'false') {
    throw new BadRequestError('dryRun must be "true" or "false"', [
      { field: 'dryRun', message: 'true or false' },
    ]);
  }
  const kind = fields.kind;
  if (kind !== undefined && !(TRANSFER_KINDS as readonly string[]).includes(kind)) {
    throw new BadRequestError(`kind must be one of ${TRANSFER_KINDS.join(', ')}`, [
      { field: 'kind', message: `one of ${TRANSFER_KINDS.join(', ')}` },
    ]);
  }
  return { content: file, dryRun: dryRun === 'true', kind: kind as TransferKind | undefined };
}
