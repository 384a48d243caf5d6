import type { FastifyRequest } from 'fastify';
import { BadRequestError } from '../../common/errors/domain-error.js';
import { TRANSFER_KINDS, type TransferKind } from './transfer-format.js';
import { ContentTooLargeError, UnsupportedMediaTypeError } from './transfer.errors.js';

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
  if (!request.isMultipart()) {
    throw new UnsupportedMediaTypeError('Send the file as multipart/form-data, in the field "file"');
  }
  let content: Buffer | undefined;
  const fields: Record<string, string> = {};
  try {
    const parts = request.parts({
      limits: { fileSize: IMPORT_LIMIT_BYTES, files: 1, fields: 10, fieldSize: 1024 },
    });
    for await (const part of parts) {
      if (part.type === 'field') {
        if (!['dryRun', 'kind'].includes(part.fieldname)) {
          throw new BadRequestError(`Unknown form field "${part.fieldname}" (expected file, dryRun, kind)`);
        }
        fields[part.fieldname] = String(part.value);
        continue;
      }
      if (part.fieldname !== 'file') {
        throw new BadRequestError(`The file must be sent in the form field "file", not "${part.fieldname}"`);
      }
      const chunks: Buffer[] = [];
      for await (const chunk of part.file) chunks.push(chunk as Buffer);
      if (part.file.truncated) throw tooLarge();
      content = Buffer.concat(chunks);
    }
  } catch (error) {
    throw asUploadError(error);
  }
  if (!content) throw new BadRequestError('The form has no file: send it in the field "file"');
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
  return { content, dryRun: dryRun === 'true', kind: kind as TransferKind | undefined };
}

function tooLarge(): ContentTooLargeError {
  return new ContentTooLargeError(`The file is larger than ${IMPORT_LIMIT_BYTES / 2 ** 20} MiB`);
}

/** @fastify/multipart's errors (code FST_…) as the API's: too large is 413, anything else malformed 400. */
function asUploadError(error: unknown): Error {
  if (error instanceof BadRequestError || error instanceof ContentTooLargeError) return error;
  const { code, message } = error as { code?: string; message?: string };
  if (code === 'FST_REQ_FILE_TOO_LARGE') return tooLarge();
  if (code === 'FST_FILES_LIMIT') return new BadRequestError('Send one file only');
  if (code?.startsWith('FST_') || message?.toLowerCase().includes('multipart')) {
    return new BadRequestError(`The multipart form is malformed: ${message ?? code}`);
  }
  return error instanceof Error ? error : new Error(String(error));
}
