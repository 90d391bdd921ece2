import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type RingsideDb } from '../../db/open-database';
import { startWalCheckpoints, type WalCheckpoints } from '../../db/wal-checkpoints';
import { createAuditRepository } from '../../cti-bridge/src/repositories/audit.repository';
import { until } from '../support/until';

/** A dial decision's audit row (same columns, details of the same size as the gate's). */
const row = (i: number) => ({
  at: 1_780_000_000_000 + i,
  actorUserId: null,
  action: 'dial.check',
  subject: `lead:${i}`,
  decision: 'allowed' as const,
  reason: null,
  details: { path: 'campaign', number: '*******0123', zones: [{ zone: 'America/New_York', local: '12:00' }] },
});

const FRAME = 4096 + 24; // a WAL frame: one page and its header

let dir = '';
const open: { db: RingsideDb; checkpoints: WalCheckpoints }[] = [];

function start(options: Parameters<typeof startWalCheckpoints>[1]) {
  dir = mkdtempSync(join(tmpdir(), 'ringside-wal-'));
  const db = openDatabase(join(dir, 'ringside.sqlite'));
  const checkpoints = startWalCheckpoints(db.$client, options);
  open.push({ db, checkpoints });
  return { db, checkpoints, audit: createAuditRepository(db), wal: join(dir, 'ringside.sqlite-wal') };
}

const walBytes = (file: string) => (existsSync(file) ? statSync(file).size : 0);
const count = (db: RingsideDb) =>
  db.$client.prepare('SELECT count(*) FROM audit_log').pluck().get() as number;

afterEach(async () => {
  for (const { db, checkpoints } of open.splice(0)) {
    await checkpoints.stop();
    if (db.$client.open) db.$client.close();
  }
  rmSync(dir, { recursive: true, force: true });
});

describe('WAL checkpoints off the writer’s path', () => {
  it('the background connection checkpoints while writes pause, and the next commit restarts the log', async () => {
    const { db, checkpoints, audit } = start({ intervalMs: 10, fallbackPages: 100_000 });
    for (let i = 0; i < 300; i++) audit.record(row(i)); // a few hundred frames: the writer never checkpoints
    // a pass counted two after this read began after the last write (passes run one after another)
    const written = checkpoints.stats().runs;
    await until(
      () => {
        const { runs, walFrames, checkpointedFrames } = checkpoints.stats();
        return runs >= written + 2 && walFrames > 0 && checkpointedFrames === walFrames;
      },
      15_000,
      'a background pass that copied every frame',
    );
    // a commit that finds every frame checkpointed writes from the start of the log again (if a background pass
    // holds a read mark at that very moment, the commit appends instead and the next one restarts it)
    let rows = 300;
    for (let tries = 0; tries < 5; tries++) {
      audit.record(row(rows++));
      const after = checkpoints.stats().runs;
      await until(() => checkpoints.stats().runs >= after + 2, 15_000, 'a pass after the next commit');
      if (checkpoints.stats().walFrames < 10) break;
    }
    expect(checkpoints.stats().walFrames).toBeLessThan(10);
    expect(count(db)).toBe(rows);
  });

  it('keeps the WAL bounded when writes never pause, with every committed row readable and intact', async () => {
    const { db, audit, wal } = start({ intervalMs: 10, fallbackPages: 1000 });
    const reader = new Database(join(dir, 'ringside.sqlite'), { readonly: true });
    const readCount = reader.prepare('SELECT count(*) FROM audit_log').pluck();
    const rows = 30_000; // a page each: over 120 MB of WAL if nothing ever checkpointed
    let largest = 0;
    let seen = 0;
    for (let i = 0; i < rows; i++) {
      audit.record(row(i));
      if (i % 200 === 199) {
        largest = Math.max(largest, walBytes(wal));
        // another connection sees every commit so far, never fewer than before
        const visible = readCount.get() as number;
        expect(visible).toBe(i + 1);
        expect(visible).toBeGreaterThanOrEqual(seen);
        seen = visible;
      }
    }
    reader.close();
    // the writer's fallback restarts the log about every 1,000 pages; a quarter of the unbounded WAL is far above it
    expect(largest).toBeLessThan((rows * FRAME) / 4);
    expect(count(db)).toBe(rows);
    expect(db.$client.pragma('integrity_check', { simple: true })).toBe('ok');
    const ids = db.$client.prepare('SELECT min(id), max(id), count(DISTINCT id) FROM audit_log').raw().get();
    expect(ids).toEqual([1, rows, rows]);
  });

  it('stops before the writer closes: the last close checkpoints everything and removes the WAL', async () => {
    const { db, checkpoints, audit, wal } = start({ intervalMs: 10 });
    for (let i = 0; i < 50; i++) audit.record(row(i));
    await until(() => checkpoints.stats().runs > 0, 15_000, 'a background pass');
    await checkpoints.stop();
    db.$client.close();
    expect(existsSync(wal)).toBe(false);
    const again = new Database(join(dir, 'ringside.sqlite'), { readonly: true });
    expect(again.prepare('SELECT count(*) FROM audit_log').pluck().get()).toBe(50);
    again.close();
  });

  it('starts nothing for an in-memory database', async () => {
    const db = openDatabase(':memory:');
    const checkpoints = startWalCheckpoints(db.$client);
    await checkpoints.stop();
    expect(checkpoints.stats().runs).toBe(0);
    db.$client.close();
  });
});
