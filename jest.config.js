/**
 * Jest in native ESM mode (NestJS 12 and MikroORM 7 ship ES modules): TypeScript is compiled by SWC with
 * legacy decorators and their metadata, and relative `.js` import specifiers map back to the `.ts` sources.
 */
const swc = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
    target: 'es2023',
    keepClassNames: true,
  },
  module: { type: 'es6' },
  sourceMaps: 'inline',
};

/** @type {import('jest').Config} */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', swc] },
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  roots: ['<rootDir>/src', '<rootDir>/test'],
  testMatch: ['**/*.spec.ts'],
  globalSetup: '<rootDir>/test/setup/global-setup.js',
  globalTeardown: '<rootDir>/test/setup/global-teardown.js',
  setupFiles: ['<rootDir>/test/setup/reflect.ts'],
  testTimeout: 30_000,
  maxWorkers: 2,
  // A worker is replaced after a test file that leaves it above this: a worker's heap otherwise grows
  // file after file (each file loads the app anew), and every full collection on a heap of gigabytes
  // slowed the later files, the streaming contract tests most (a 200 MiB put+get: 2 s alone, 110 s).
  workerIdleMemoryLimit: '800MB',
};
