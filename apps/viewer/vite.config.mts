// Builds the viewer into dist/apps/viewer. The workspace packages resolve to their browser-safe entries
// (src/browser.ts), as the `browser` export condition of the published packages does.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const packages = fileURLToPath(new URL('../../packages/', import.meta.url));

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  logLevel: 'warn',
  resolve: {
    alias: [
      { find: /^@nln\/(datasets|models|nln-core)(\/browser)?$/, replacement: `${packages}$1/src/browser.ts` },
      { find: /^@nln\/metrics$/, replacement: `${packages}metrics/src/index.ts` },
    ],
  },
  build: {
    outDir: fileURLToPath(new URL('../../dist/apps/viewer', import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 4096,
  },
});
