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
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
  },
  server: {
    port: 5173,
    proxy: {
      '/api': { target: bridge, changeOrigin: true },
      '/socket.io': { target: bridge, ws: true, changeOrigin: true },
    },
  },
});
