import openapiTS, { astToString } from 'openapi-typescript';

/** Where the console's API types live (generated, committed, never edited by hand). */
export const CONSOLE_TYPES_PATH = 'admin/api/schema.ts';

const HEADER = `/**
 * The API's types for the console, generated from docs/openapi.json by \`npm run openapi\`.
 * Do not edit: change the DTOs and regenerate.
 */
`;

/** TypeScript types (`paths`, `components`, `operations`) of the given OpenAPI document. */
export async function renderConsoleTypes(document: string): Promise<string> {
  const ast = await openapiTS(JSON.parse(document) as Parameters<typeof openapiTS>[0], {
    exportType: true,
    alphabetize: true,
    // A default is what the API assumes when a field is left out: the field stays optional to send.
    defaultNonNullable: false,
  });
  return HEADER + astToString(ast);
}
