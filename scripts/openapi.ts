/**
 * `npm run openapi`: regenerates the Swagger plugin metadata (src/metadata.ts, read by the app and the
 * tests, which are compiled by SWC without the plugin), then the committed docs/openapi.json and the
 * console's API types generated from it.
 * `--check` only reports whether both are fresh (exit 1 when stale).
 */
import 'reflect-metadata';
import { readFileSync, writeFileSync } from 'node:fs';
import { generatePluginMetadata } from './openapi/plugin-metadata.js';
import { renderOpenApiDocument } from './openapi/document.js';
import { CONSOLE_TYPES_PATH, renderConsoleTypes } from './openapi/console-types.js';

const OPENAPI_PATH = 'docs/openapi.json';
const METADATA_PATH = 'src/metadata.ts';
const check = process.argv.includes('--check');

function readOrEmpty(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

const metadata = generatePluginMetadata();
const stale: string[] = [];
if (readOrEmpty(METADATA_PATH) !== metadata) {
  stale.push(METADATA_PATH);
  if (!check) writeFileSync(METADATA_PATH, metadata);
}
// The document is rendered after the metadata is written, so it reflects the DTOs as they are now.
const document = await renderOpenApiDocument();
if (readOrEmpty(OPENAPI_PATH) !== document) {
  stale.push(OPENAPI_PATH);
  if (!check) writeFileSync(OPENAPI_PATH, document);
}
const consoleTypes = await renderConsoleTypes(document);
if (readOrEmpty(CONSOLE_TYPES_PATH) !== consoleTypes) {
  stale.push(CONSOLE_TYPES_PATH);
  if (!check) writeFileSync(CONSOLE_TYPES_PATH, consoleTypes);
}
if (check && stale.length > 0) {
  process.stderr.write(`Stale: ${stale.join(', ')}; run npm run openapi and commit the result.\n`);
  process.exit(1);
}
process.stderr.write(
  check
    ? 'OpenAPI metadata and document are fresh.\n'
    : `Wrote ${METADATA_PATH}, ${OPENAPI_PATH} and ${CONSOLE_TYPES_PATH}.\n`,
);
process.exit(0);
