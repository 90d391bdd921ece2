import { rmSync } from 'node:fs';
import { count } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { customers, users } from '../../db/schema';
import { startTestRingside } from '../support/test-ringside';

describe('start-up configuration', () => {
  it('starts on an empty database with RINGSIDE_DEMO=0 and ensures the admin from RINGSIDE_ADMIN_PASSWORD', async () => {
    const t = await startTestRingside({
      RINGSIDE_DEMO: '0',
      RINGSIDE_ADMIN_PASSWORD: 'correct-horse-battery',
    });
    try {
      expect(t.ringside.db.select({ n: count() }).from(customers).get()?.n).toBe(0);
      expect(t.ringside.db.select({ username: users.username }).from(users).all()).toEqual([
        { username: 'admin' },
      ]);
      expect(t.ringside.demoAccounts).toEqual([]);
      await expect(t.login('admin', 'ringside')).rejects.toThrow();
      const token = await t.login('admin', 'correct-horse-battery');
      const me = await t.api<{ role: string }>('GET', '/api/me', token);
      expect(me.body.role).toBe('admin');
      const dispositions = await t.api<{ dispositions: { code: string }[] }>(
        'GET',
        '/api/dispositions',
        token,
      );
      expect(dispositions.body.dispositions.map((d) => d.code)).toEqual(
        expect.arrayContaining([
          'resolved',
          'callback-requested',
          'do-not-call',
          'wrong-number',
          'complaint-escalated',
        ]),
      );
    } finally {
      await t.stop();
    }
  });

  it('does not duplicate demo data on a restart with the same data directory', async () => {
    const first = await startTestRingside({ RINGSIDE_DEMO_CUSTOMERS: '50' });
    const dataDir = first.dataDir;
    const before = first.ringside.db.select({ n: count() }).from(customers).get()?.n;
    await first.ringside.stop();
    const second = await startTestRingside({ RINGSIDE_DATA_DIR: dataDir, RINGSIDE_DEMO_CUSTOMERS: '50' });
    try {
      expect(before).toBe(50);
      expect(second.ringside.db.select({ n: count() }).from(customers).get()?.n).toBe(50);
      expect(second.ringside.demoCustomersCreated).toBe(0);
    } finally {
      await second.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
