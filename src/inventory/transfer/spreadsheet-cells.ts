/**
 * Formula injection (OWASP "CSV Injection"): a spreadsheet treats a cell that starts with `=`, `+`,
 * `-`, `@`, a tab or a carriage return as a formula. Exported text cells that would start like that
 * get a single quote in front, which spreadsheets show as text; the importer removes exactly that
 * quote again. Text that already starts with quotes followed by such a character gets one more quote,
 * so the round trip is lossless for every string.
 */
const NEEDS_ESCAPE = /^'*[=+\-@\t\r]/;
const ESCAPED = /^'+[=+\-@\t\r]/;

/** `text` as it is written into a CSV or XLSX cell. */
export function escapeCellText(text: string): string {
  return NEEDS_ESCAPE.test(text) ? `'${text}` : text;
}

/** The text an exported CSV or XLSX cell stands for (the inverse of {@link escapeCellText}). */
export function unescapeCellText(cell: string): string {
  return ESCAPED.test(cell) ? cell.slice(1) : cell;
}

/** Whether a written cell carries the escaping quote (such cells are also quoted in CSV). */
export const ESCAPED_CELL = ESCAPED;
