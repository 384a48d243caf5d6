import { existsSync, readFileSync } from 'node:fs';
import { format, resolveConfig } from 'prettier';
import {
  readEnvironmentDocs,
  renderEnvExample,
  renderEnvTable,
  replaceBetweenMarkers,
} from '../../scripts/env-docs/lib.js';
import { environmentVariableNames } from './load-config.js';

const schemaSource = readFileSync(new URL('./environment.schema.ts', import.meta.url), 'utf8');
const envExamplePath = new URL('../../.env.example', import.meta.url);

const fixture = `
class EnvironmentVariables {
  /** Port to listen on. */
  @IsInt()
  PORT = 3000;

  /**
   * Where local state lives,
   * in two lines.
   */
  @IsString()
  DATA_DIR = './data';

  /** Signs tokens; \`a | b\` is escaped in tables. */
  @IsOptional()
  TOKEN?: string;
}`;

describe('configuration docs', () => {
  const docs = readEnvironmentDocs(schemaSource);

  it('documents every validated environment variable, and only those, each with a description', () => {
    expect(docs.map((doc) => doc.name).sort()).toEqual(environmentVariableNames().sort());
    expect(docs.filter((doc) => doc.description === '').map((doc) => doc.name)).toEqual([]);
  });

  it('has a committed .env.example generated from the schema', () => {
    const committed = existsSync(envExamplePath) ? readFileSync(envExamplePath, 'utf8') : '';
    if (committed !== renderEnvExample(docs)) {
      throw new Error('.env.example is stale: run npm run env:docs and commit the result.');
    }
  });

  it('has the configuration table in README.md generated from the schema', async () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const table = await format(renderEnvTable(docs), {
      ...(await resolveConfig('README.md')),
      parser: 'markdown',
    });
    if (replaceBetweenMarkers(readme, table) !== readme) {
      throw new Error(
        'The configuration table in README.md is stale: run npm run env:docs and commit the result.',
      );
    }
  });

  it('reads name, joined TSDoc, default and optionality from a schema class', () => {
    expect(readEnvironmentDocs(fixture)).toEqual([
      { name: 'PORT', description: 'Port to listen on.', defaultValue: '3000', optional: false },
      {
        name: 'DATA_DIR',
        description: 'Where local state lives, in two lines.',
        defaultValue: './data',
        optional: false,
      },
      {
        name: 'TOKEN',
        description: 'Signs tokens; `a | b` is escaped in tables.',
        defaultValue: undefined,
        optional: true,
      },
    ]);
  });

  it('rejects a default that is not a literal', () => {
    expect(() => readEnvironmentDocs('class EnvironmentVariables { TIMEOUT = 60 * 1000; }')).toThrow(
      'TIMEOUT: the default must be a string, number or boolean literal',
    );
  });

  it('renders .env.example entries with defaults commented out', () => {
    expect(renderEnvExample(readEnvironmentDocs(fixture))).toContain(
      '# Where local state lives, in two lines.\n# DATA_DIR=./data\n\n# Signs tokens; `a | b` is escaped in tables.\n# TOKEN=\n',
    );
  });

  it('renders the table between the README markers, escaping |', () => {
    const table = renderEnvTable(readEnvironmentDocs(fixture));
    expect(table).toContain('| `TOKEN` | _unset_ | Signs tokens; `a \\| b` is escaped in tables. |');

    const readme = '# Title\n\n<!-- env-table:start -->\nold\n<!-- env-table:end -->\n\nMore.\n';
    expect(replaceBetweenMarkers(readme, table)).toBe(
      `# Title\n\n<!-- env-table:start -->\n\n${table}\n\n<!-- env-table:end -->\n\nMore.\n`,
    );
    expect(replaceBetweenMarkers('# Title\n', table)).toBeUndefined();
    expect(() => replaceBetweenMarkers('<!-- env-table:end -->\n', table)).toThrow('Expected');
  });
});
