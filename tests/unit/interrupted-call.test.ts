import { describe, expect, it } from 'vitest';
import { interruptedEnd } from '../../cti-bridge/src/domain/interrupted-call';

describe('interruptedEnd', () => {
  it.each([
    [
      'queued, bridge alive after it',
      { queuedAt: 1000, offeredAt: null, answeredAt: null },
      5000,
      { endedAt: 5000, waitMs: 4000, talkMs: null },
    ],
    [
      'ringing',
      { queuedAt: 1000, offeredAt: 1500, answeredAt: null },
      5000,
      { endedAt: 5000, waitMs: 4000, talkMs: null },
    ],
    [
      'answered: talked until the last stamp',
      { queuedAt: 1000, offeredAt: 1500, answeredAt: 2000 },
      5000,
      { endedAt: 5000, waitMs: 1000, talkMs: 3000 },
    ],
    [
      'arrived after the last stamp: ends where it was last recorded',
      { queuedAt: 6000, offeredAt: 6500, answeredAt: null },
      5000,
      { endedAt: 6500, waitMs: 500, talkMs: null },
    ],
    [
      'no stamp at all (a database from before heartbeats)',
      { queuedAt: 1000, offeredAt: 1500, answeredAt: 2000 },
      null,
      { endedAt: 2000, waitMs: 1000, talkMs: 0 },
    ],
  ])('%s', (_what, call, lastAliveAt, expected) => {
    expect(interruptedEnd(call, lastAliveAt)).toEqual(expected);
  });
});
