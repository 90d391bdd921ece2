import { cpSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineConfig } from 'vite';

const root = resolve(import.meta.dirname, '..');
const outDir = resolve(root, 'dist/bridge');

/**
 * The production bridge (`npm run build`): cti-bridge/src/main.ts compiled to plain JavaScript in
 * dist/bridge/main.js, run by `node` alone (`npm run start:prod`): no tsx. Packages stay in node_modules
 * (an SSR build leaves them external); the demo generator, imported dynamically, is its own chunk that
 * loads (with faker) only in demo mode. main.js sits two levels below the repository root like main.ts, so
 * the default data and console folders resolve the same.
 */
export default defineConfig({
  root,
  publicDir: false,
  logLevel: 'warn',
  build: {
    ssr: resolve(root, 'cti-bridge/src/main.ts'),
    outDir,
    emptyOutDir: true,
    target: 'node20',
    // For stack traces in the bridge's own logs (`node --enable-source-maps`); never served to anyone.
    sourcemap: true,
    rollupOptions: { output: { entryFileNames: 'main.js', chunkFileNames: '[name]-[hash].js' } },
  },
  plugins: [
    {
      name: 'ringside-migrations',
      // db/open-database.ts finds the migrations beside itself, which in the bundle is beside main.js.
      writeBundle: () =>
        cpSync(resolve(root, 'db/migrations'), resolve(outDir, 'migrations'), { recursive: true }),
    },
  ],
});
