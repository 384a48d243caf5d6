import { PluginMetadataGenerator } from '@nestjs/cli/lib/compiler/plugins/plugin-metadata-generator.js';
import { ReadonlyVisitor } from '@nestjs/swagger/plugin';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

interface NestCliJson {
  compilerOptions: { tsConfigPath: string; plugins: { name: string; options: Record<string, unknown> }[] };
}

/**
 * Runs the @nestjs/swagger CLI plugin over the sources, with the options from nest-cli.json, and
 * returns the `metadata.ts` module it prints (DTO properties and route responses for OpenAPI).
 */
export function generatePluginMetadata(): string {
  const cli = JSON.parse(readFileSync('nest-cli.json', 'utf8')) as NestCliJson;
  const swagger = cli.compilerOptions.plugins.find((plugin) => plugin.name === '@nestjs/swagger');
  if (!swagger) throw new Error('nest-cli.json does not configure the @nestjs/swagger plugin');
  const outputDir = mkdtempSync(join(tmpdir(), 'whiskey-metadata-'));
  try {
    new PluginMetadataGenerator().generate({
      visitors: [
        new ReadonlyVisitor({ ...swagger.options, pathToSource: resolve('src'), esmCompatible: true }),
      ],
      outputDir,
      tsconfigPath: cli.compilerOptions.tsConfigPath,
      filename: 'metadata.ts',
      printDiagnostics: false,
    });
    return readFileSync(join(outputDir, 'metadata.ts'), 'utf8');
  } finally {
    rmSync(outputDir, { recursive: true, force: true });
  }
}
