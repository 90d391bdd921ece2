import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../../cti-bridge/src/logger';
import { Faults, guardWrites, type Fault } from '../../cti-bridge/src/services/faults';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const faults = new Faults({
    log: createLogger('debug', (line) => lines.push(JSON.parse(line) as Record<string, unknown>)),
    now: () => 1_000,
  });
  return { faults, lines };
}

const busy = () => Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });

afterEach(() => vi.useRealTimers());

describe('Faults', () => {
  it('contains a failure in a timer callback: logged, counted, announced, never thrown out of the timer', () => {
    vi.useFakeTimers();
    const { faults, lines } = capture();
    const seen: Fault[] = [];
    faults.onFault((fault) => seen.push(fault));
    setTimeout(
      faults.guarded('ring timeout', () => {
        throw busy();
      }),
      1000,
    );
    expect(() => vi.advanceTimersByTime(1000)).not.toThrow();
    expect(seen).toEqual([
      { at: 1_000, where: 'ring timeout', code: 'SQLITE_BUSY', message: 'database is locked' },
    ]);
    expect(faults.snapshot()).toEqual({ total: 1, last: seen[0] });
    expect(lines).toEqual([
      expect.objectContaining({ level: 'error', where: 'ring timeout', code: 'SQLITE_BUSY' }),
    ]);
  });

  it('contains a failure in a promise continuation (no unhandled rejection)', async () => {
    const { faults } = capture();
    await Promise.resolve().then(
      faults.guarded('ring after the pop', () => {
        throw new TypeError('boom');
      }),
    );
    expect(faults.snapshot().last).toMatchObject({ where: 'ring after the pop', code: 'TypeError' });
  });

  it('guards the named repository writes only; the others and the reads behave as before', () => {
    const { faults } = capture();
    const repository = {
      rows: [] as number[],
      requeued(): void {
        throw busy();
      },
      createInbound(): number {
        throw busy();
      },
      count(): number {
        return this.rows.length;
      },
    };
    const guarded = guardWrites(faults, 'interactions', repository, ['requeued']);
    expect(() => guarded.requeued()).not.toThrow();
    expect(faults.snapshot().last?.where).toBe('interactions.requeued');
    expect(() => guarded.createInbound()).toThrow('database is locked');
    expect(guarded.count()).toBe(0);
  });

  it('a listener that throws does not turn the report into a crash', () => {
    const { faults } = capture();
    faults.onFault(() => {
      throw new Error('listener');
    });
    expect(() => faults.record('heartbeat', busy())).not.toThrow();
    expect(faults.snapshot().total).toBe(1);
  });
});
