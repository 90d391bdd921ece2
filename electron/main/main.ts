/** Electron entry point (package.json "main" → dist-electron/main/main.js). */
import { startShell } from './shell.js';

startShell().catch((error: unknown) => {
  console.error('Ringside shell failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
