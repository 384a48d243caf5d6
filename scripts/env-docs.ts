/**
 * `npm run env:docs`: regenerates .env.example and, when README.md has the env-table markers, the
 * configuration table between them, from the TSDoc and defaults in src/config/environment.schema.ts.
 * `--check` only reports whether both are fresh (exit 1 when stale).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { format, resolveConfig } from 'prettier';
import {
  readEnvironmentDocs,
  renderEnvExample,
  renderEnvTable,
  replaceBetweenMarkers,
} from './env-docs/lib.js';

const SCHEMA_PATH = 'src/config/environment.schema.ts';
const ENV_EXAMPLE_PATH = '.env.example';
const README_PATH = 'README.md';
const check = process.argv.includes('--check');

function readOrEmpty(path: string): string {
  return existsSync(path) ? readFileSync(path, 'utf8') : '';
}

const docs = readEnvironmentDocs(readFileSync(SCHEMA_PATH, 'utf8'));
const outputs = new Map([[ENV_EXAMPLE_PATH, renderEnvExample(docs)]]);
if (existsSync(README_PATH)) {
  // Prettier pads Markdown tables; the table is written as Prettier prints it so `npm run format` keeps it.
  const prettierOptions = await resolveConfig(README_PATH);
  const table = await format(renderEnvTable(docs), { ...prettierOptions, parser: 'markdown' });
  const readme = replaceBetweenMarkers(readFileSync(README_PATH, 'utf8'), table);
  if (readme !== undefined) outputs.set(README_PATH, readme);
}

const stale = [...outputs].filter(([path, text]) => readOrEmpty(path) !== text);
const stalePaths = stale.map(([path]) => path).join(', ');
if (check) {
  if (stale.length > 0) {
    process.stderr.write(`Stale: ${stalePaths}; run npm run env:docs and commit the result.\n`);
    process.exit(1);
  }
  process.stderr.write(`Fresh: ${[...outputs.keys()].join(', ')}.\n`);
} else {
  for (const [path, text] of stale) writeFileSync(path, text);
  process.stderr.write(stale.length > 0 ? `Wrote ${stalePaths}.\n` : 'Already up to date.\n');
}
