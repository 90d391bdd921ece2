/**
 * Bundles the preload into one CommonJS file. A sandboxed preload cannot load sibling modules or packages
 * (only `electron` and a few built-ins), so tsc's per-file output cannot be used for it.
 * Run: vite build --config electron/preload/vite.config.ts
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  // No public dir, no index.html: this build has a single script entry.
  publicDir: false,
  build: {
    outDir: fileURLToPath(new URL('../../dist-electron/preload', import.meta.url)),
    emptyOutDir: false,
    minify: true,
    sourcemap: true,
    target: 'esnext',
    lib: {
      entry: fileURLToPath(new URL('./preload.ts', import.meta.url)),
      formats: ['cjs'],
      fileName: () => 'preload.cjs',
    },
    rolldownOptions: { external: ['electron'] },
  },
});
