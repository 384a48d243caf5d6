/**
 * A `LIKE`/`ILIKE` pattern that matches `text` literally: `%`, `_` and the escape character `\` in
 * user input lose their wildcard meaning.
 */
export function literalPattern(text: string): string {
  return text.replace(/[\\%_]/g, '\\$&');
}

/** An `ILIKE` pattern matching values that contain `text` literally. */
export function containsPattern(text: string): string {
  return `%${literalPattern(text)}%`;
}
