/**
 * Outbound bench: lead import, DNC registry import, scrubbing (outbound-import-rows.ts), and the compliance gate
 * with the registry loaded (outbound-gate-rows.ts), each against a baseline in the same run. Sizes: BENCH_LEADS
 * (100,000), BENCH_DNC (10,000,000), BENCH_SCRUB_LEADS (1,000,000), BENCH_GATE_DECISIONS (20,000);
 * BENCH_OUTBOUND=0 skips the section.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase } from '../../db/open-database';
import { startWalCheckpoints } from '../../db/wal-checkpoints';
import { ensureReferenceData } from '../../db/seed/reference-data';
import { markdownTable } from './bench-stats';
import { wireOutboundBench } from './outbound-bench-app';
import { gateRows } from './outbound-gate-rows';
import { leadImportRows, registryRows, scrubRows, type RegistryRun } from './outbound-import-rows';

export function outboundSizes() {
  const size = (name: string, fallback: number, max: number) => {
    const value = Number(process.env[name] ?? fallback);
    if (!Number.isSafeInteger(value) || value < 1 || value > max)
      throw new Error(`${name} must be an integer from 1 to ${max}, got "${process.env[name]}"`);
    return value;
  };
  return {
    leads: size('BENCH_LEADS', 100_000, 1_000_000),
    dnc: size('BENCH_DNC', 10_000_000, 50_000_000),
    scrubLeads: size('BENCH_SCRUB_LEADS', 1_000_000, 5_000_000),
    gateDecisions: size('BENCH_GATE_DECISIONS', 20_000, 1_000_000),
  };
}

export async function outboundSection(rootDir: string, say: (message: string) => void): Promise<string[]> {
  if (process.env.BENCH_OUTBOUND === '0') return ['Outbound section skipped (BENCH_OUTBOUND=0).'];
  const sizes = outboundSizes();
  const dir = join(rootDir, '.bench', `outbound-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  const db = openDatabase(join(dir, 'ringside.sqlite'));
  ensureReferenceData(db);
  const checkpoints = startWalCheckpoints(db.$client); // as the bridge runs: WAL checkpoints off the commits
  const app = wireOutboundBench(db, dir);
  let registry: RegistryRun | null = null;
  try {
    say(`Outbound: lead import (${sizes.leads.toLocaleString('en-US')} rows)…`);
    const rows = await leadImportRows(app, sizes.leads);
    say(`Outbound: DNC registry import (${sizes.dnc.toLocaleString('en-US')} numbers)…`);
    registry = await registryRows(app, dir, sizes.dnc);
    rows.push(...registry.rows);
    say(`Outbound: scrubbing ${sizes.scrubLeads.toLocaleString('en-US')} leads…`);
    rows.push(...scrubRows(app, registry, sizes.scrubLeads));
    say(`Outbound: ${sizes.gateDecisions.toLocaleString('en-US')} gate decisions…`);
    rows.push(...(await gateRows(app, registry, sizes.gateDecisions, dir)));
    return ['### Outbound: imports, DNC scrub, compliance gate', '', markdownTable(rows)];
  } finally {
    registry?.baseline.close();
    await checkpoints.stop();
    db.$client.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
