import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const bridge = 'http://localhost:4780';

// Run from the repository root (`vite build --config renderer/vite.config.ts`); everything is anchored to this
// folder so the build never depends on the working directory.
export default defineConfig({
  root: import.meta.dirname,
  // Relative asset URLs: the same build is served by the bridge at `/` and can be loaded by the Electron shell.
  base: './',
  plugins: [react()],
  html: {
    // The bridge replaces this with each response's Content-Security-Policy nonce (server/console-page.ts);
    // Vite also writes it to <meta property="csp-nonce">, where run-time style tags take it from.
    cspNonce: 'RINGSIDE_CSP_NONCE',
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Source maps would publish the console's source wherever it is served; the dev server has its own.
    // RINGSIDE_SOURCEMAPS=1 builds them for local debugging (the bridge still never serves *.map).
    sourcemap: process.env['RINGSIDE_SOURCEMAPS'] === '1',
  },
  server: {
    port: 5173,
    proxy: {
      '/api': { target: bridge, changeOrigin: true },
      // The bridge accepts console sockets from its own origin: the dev page's socket arrives as if from it.
      '/socket.io': { target: bridge, ws: true, changeOrigin: true, headers: { origin: bridge } },
    },
  },
});
