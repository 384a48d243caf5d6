/**
 * Configuration docs from the one config schema: reads the TSDoc and defaults of `EnvironmentVariables`
 * (parsed with the TypeScript compiler API, never executed) and renders `.env.example` and the README table.
 */
import ts from 'typescript';

/** The schema class whose properties are the environment variables. */
const SCHEMA_CLASS = 'EnvironmentVariables';

/** Comment lines in `.env.example` are wrapped to stay within this many characters. */
const COMMENT_WIDTH = 100;

/** Marks where the README's configuration table starts (the markers are written by hand). */
export const TABLE_START = '<!-- env-table:start -->';
/** Marks where the README's configuration table ends. */
export const TABLE_END = '<!-- env-table:end -->';

const ENV_EXAMPLE_HEADER = [
  'Whiskey Tracker configuration: every environment variable the application reads, with its default.',
  'Copy it to `.env` (read by docker compose; with plain node use `node --env-file=.env`) or export the' +
    ' variables in your shell; the application itself reads only its process environment.',
  'Every variable is optional in development. Production requires NODE_ENV=production, JWT_SECRET,' +
    ' DATABASE_URL and REDIS_URL.',
  'Defaults are shown commented out, so this file as it is changes nothing.',
  'Generated from src/config/environment.schema.ts by `npm run env:docs`: edit the TSDoc there, not this file.',
];

/** One environment variable as documented by the schema. */
export interface EnvVarDoc {
  name: string;
  /** The property's TSDoc, joined to one line; empty when it has none. */
  description: string;
  /** The initializer's value as it would be written in the environment; undefined without one. */
  defaultValue: string | undefined;
  /** Whether the property is declared optional (`NAME?: type`). */
  optional: boolean;
}

function descriptionOf(property: ts.PropertyDeclaration): string {
  const comment = ts.getJSDocCommentsAndTags(property).filter(ts.isJSDoc).at(-1)?.comment;
  return (ts.getTextOfJSDocComment(comment) ?? '').replace(/\s+/g, ' ').trim();
}

function defaultValueOf(
  name: string,
  initializer: ts.Expression | undefined,
  source: ts.SourceFile,
): string | undefined {
  if (initializer === undefined) return undefined;
  if (ts.isStringLiteral(initializer) || ts.isNoSubstitutionTemplateLiteral(initializer)) {
    return initializer.text;
  }
  if (
    ts.isNumericLiteral(initializer) ||
    initializer.kind === ts.SyntaxKind.TrueKeyword ||
    initializer.kind === ts.SyntaxKind.FalseKeyword
  ) {
    return initializer.getText(source);
  }
  // An expression's text (`60 * 1000`, a constant's name) is not a value the variable could be set to.
  throw new Error(
    `${name}: the default must be a string, number or boolean literal to be documented (got ${initializer.getText(source)})`,
  );
}

/**
 * Parses the schema source and returns one entry per property of its `EnvironmentVariables` class,
 * in declaration order. Throws when the class is missing or a default is not a literal.
 */
export function readEnvironmentDocs(sourceText: string): EnvVarDoc[] {
  const source = ts.createSourceFile('environment.schema.ts', sourceText, ts.ScriptTarget.Latest, true);
  const schema = source.statements.find(
    (statement): statement is ts.ClassDeclaration =>
      ts.isClassDeclaration(statement) && statement.name?.text === SCHEMA_CLASS,
  );
  if (schema === undefined) throw new Error(`No class ${SCHEMA_CLASS} in the schema source`);

  return schema.members.filter(ts.isPropertyDeclaration).map((property) => {
    const name = property.name.getText(source);
    return {
      name,
      description: descriptionOf(property),
      defaultValue: defaultValueOf(name, property.initializer, source),
      optional: property.questionToken !== undefined,
    };
  });
}

/** Wraps `text` into `# ` comment lines of at most {@link COMMENT_WIDTH} characters (longer words stay whole). */
function commentLines(text: string): string[] {
  const lines: string[] = [];
  for (const word of text.split(' ').filter(Boolean)) {
    const last = lines.at(-1);
    if (last !== undefined && last.length + 1 + word.length <= COMMENT_WIDTH) {
      lines[lines.length - 1] = `${last} ${word}`;
    } else {
      lines.push(`# ${word}`);
    }
  }
  return lines;
}

/**
 * Renders `.env.example`: a header, then per variable its description as comments and the variable
 * commented out, with its default when it has one (`# PORT=3000`) or empty (`# DATABASE_URL=`).
 */
export function renderEnvExample(docs: readonly EnvVarDoc[]): string {
  const header = ENV_EXAMPLE_HEADER.flatMap(commentLines).join('\n');
  const variables = docs.map((doc) =>
    [...commentLines(doc.description), `# ${doc.name}=${doc.defaultValue ?? ''}`].join('\n'),
  );
  return `${[header, ...variables].join('\n\n')}\n`;
}

/** Escapes `|`, which would otherwise end a Markdown table cell (even inside a code span). */
function tableCell(text: string): string {
  return text.replaceAll('|', '\\|');
}

/** Renders the Markdown table `| Variable | Default | Description |`, one row per variable. */
export function renderEnvTable(docs: readonly EnvVarDoc[]): string {
  const rows = docs.map((doc) => {
    const defaultValue = doc.defaultValue ? `\`${tableCell(doc.defaultValue)}\`` : '_unset_';
    return `| \`${doc.name}\` | ${defaultValue} | ${tableCell(doc.description)} |`;
  });
  return ['| Variable | Default | Description |', '| --- | --- | --- |', ...rows].join('\n');
}

/**
 * Returns `text` with everything between {@link TABLE_START} and {@link TABLE_END} replaced by `table`,
 * or undefined when `text` has neither marker. Throws when only one is present or they are out of order.
 */
export function replaceBetweenMarkers(text: string, table: string): string | undefined {
  const start = text.indexOf(TABLE_START);
  const end = text.indexOf(TABLE_END, start === -1 ? 0 : start);
  if (start === -1 && end === -1) return undefined;
  if (start === -1 || end === -1) throw new Error(`Expected ${TABLE_START} followed by ${TABLE_END}`);
  // Blank lines around the table: Markdown (and Prettier) separate the table from the comment blocks.
  return `${text.slice(0, start + TABLE_START.length)}\n\n${table.trimEnd()}\n\n${text.slice(end)}`;
}
