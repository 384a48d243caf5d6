/**
 * `@Transform(trimmed)`: a string field without surrounding blanks (a name pasted with a trailing
 * space is the same name); other values pass through for the validators to judge.
 */
export const trimmed = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? value.trim() : value;
