import type { FastifyRequest } from 'fastify';
import { BadRequestError, ContentTooLargeError, UnsupportedMediaTypeError } from '../errors/domain-error.js';

/** A multipart form of one file and a few text fields, read into memory within a size limit. */
export interface MultipartForm {
  file: Buffer;
  /** The text fields sent, by name (only the allowed ones; others are refused). */
  fields: Record<string, string>;
}

/** What {@link readMultipartForm} accepts. */
export interface MultipartFormRules {
  /** Largest file accepted; a larger one is refused with 413 before it is read whole. */
  maxFileBytes: number;
  /** Names of the text fields the form may carry besides `file`. */
  fields?: readonly string[];
  /** What the file is, for messages ("photo", "collection file"). */
  what: string;
}

/**
 * Reads a multipart form whose file is in the field `file`: 415 when the request is not multipart,
 * 413 beyond `maxFileBytes`, 400 for a malformed form, an unknown field, a second file or no file.
 * The file is held in memory, bounded by the limit.
 */
export async function readMultipartForm(
  request: FastifyRequest,
  rules: MultipartFormRules,
): Promise<MultipartForm> {
  const allowed = rules.fields ?? [];
  if (!request.isMultipart()) {
    throw new UnsupportedMediaTypeError(`Send the ${rules.what} as multipart/form-data, in the field "file"`);
  }
  const tooLarge = () =>
    new ContentTooLargeError(`The ${rules.what} is larger than ${formatMiB(rules.maxFileBytes)}`);
  let file: Buffer | undefined;
  const fields: Record<string, string> = {};
  try {
    const parts = request.parts({
      limits: { fileSize: rules.maxFileBytes, files: 1, fields: 10, fieldSize: 1024 },
    });
    for await (const part of parts) {
      if (part.type === 'field') {
        if (!allowed.includes(part.fieldname)) {
          const expected = ['file', ...allowed].join(', ');
          throw new BadRequestError(`Unknown form field "${part.fieldname}" (expected ${expected})`);
        }
        fields[part.fieldname] = String(part.value);
        continue;
      }
      if (part.fieldname !== 'file') {
        throw new BadRequestError(
          `The ${rules.what} must be sent in the form field "file", not "${part.fieldname}"`,
        );
      }
      const chunks: Buffer[] = [];
      for await (const chunk of part.file) chunks.push(chunk as Buffer);
      if (part.file.truncated) throw tooLarge();
      file = Buffer.concat(chunks);
    }
  } catch (error) {
    throw asUploadError(error, tooLarge);
  }
  if (!file) throw new BadRequestError(`The form has no ${rules.what}: send it in the field "file"`);
  return { file, fields };
}

function formatMiB(bytes: number): string {
  return `${Math.round((bytes / 2 ** 20) * 10) / 10} MiB`;
}

/** @fastify/multipart's errors (code FST_…) as the API's: too large is 413, anything else malformed 400. */
function asUploadError(error: unknown, tooLarge: () => ContentTooLargeError): Error {
  if (error instanceof BadRequestError || error instanceof ContentTooLargeError) return error;
  const { code, message } = error as { code?: string; message?: string };
  if (code === 'FST_REQ_FILE_TOO_LARGE') return tooLarge();
  if (code === 'FST_FILES_LIMIT') return new BadRequestError('Send one file only');
  if (code?.startsWith('FST_') || message?.toLowerCase().includes('multipart')) {
    return new BadRequestError(`The multipart form is malformed: ${message ?? code}`);
  }
  return error instanceof Error ? error : new Error(String(error));
}
