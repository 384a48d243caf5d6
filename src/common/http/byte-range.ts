import { DomainError } from '../errors/domain-error.js';

/** Bytes `start`…`end` (inclusive) of a representation. */
export interface SatisfiableRange {
  start: number;
  end: number;
}

/** The requested range lies outside the representation (416, with its size). */
export class RangeNotSatisfiableError extends DomainError {
  readonly status = 416;
  readonly title = 'Range Not Satisfiable';

  constructor(readonly size: number) {
    super(`The range lies outside the ${size} bytes of the file`);
  }
}

/**
 * Reads an HTTP `Range` header (RFC 9110) for a representation of `size` bytes. Only single byte
 * ranges are served (`bytes=0-99`, `bytes=100-`, `bytes=-100`); anything else, including multiple
 * ranges, is ignored and the whole representation is sent, as the RFC allows. A range starting past
 * the end is refused with {@link RangeNotSatisfiableError}.
 */
export function parseByteRange(header: string | undefined, size: number): SatisfiableRange | null {
  const match = /^bytes=(\d*)-(\d*)$/.exec(header?.trim() ?? '');
  if (!match || (match[1] === '' && match[2] === '')) return null;
  const [first, last] = [match[1], match[2]];
  if (first === '') {
    const suffix = Number(last);
    if (suffix === 0) throw new RangeNotSatisfiableError(size);
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  if (start >= size) throw new RangeNotSatisfiableError(size);
  if (end < start) return null;
  return { start, end };
}
