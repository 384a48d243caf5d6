import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
/** Where `npm run dev:admin` sends API calls: the API started with `npm run start:dev`. */
const api = process.env.API_URL ?? 'http://localhost:3000';

/** Builds the console into dist/admin, which the API serves at /admin. */
export default defineConfig({
  root,
  base: '/admin/',
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: fileURLToPath(new URL('../dist/admin', import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    rolldownOptions: {
      // MUI marks its modules "use client" for React Server Components, which a browser bundle has no use for.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
      output: {
        // Everything the first screen needs in one chunk: left to automatic splitting, the modules the
        // lazy screens share with it became ~90 small chunks, each compressed (and fetched) alone.
        codeSplitting: { groups: [{ name: 'console', tags: ['$initial'] }] },
      },
    },
  },
  server: {
    proxy: { '/api': api, '/admin/queues': api },
  },
});
