/**
 * The server-placed calls section alone (`npx tsx tests/bench/server-calls-bench.ts`; `npm run bench` runs it
 * too): see server-calls-section.ts. Writes .bench/server-calls.md.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { serverCallsSection } from './server-calls-section';

serverCallsSection((message) => console.info(message)).then(
  (lines) => {
    const report = lines.join('\n');
    console.info(report);
    mkdirSync('.bench', { recursive: true });
    writeFileSync(join('.bench', 'server-calls.md'), `${report}\n`);
    process.exit(0);
  },
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
