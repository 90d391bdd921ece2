/**
 * An IVR asks for a callback through real SIP: SIPp, as the IVR, hands over a caller with `X-Ringside-Callback`
 * (`caller`, or the number to call); Kamailio passes the header to the bridge over evapi; the bridge turns the
 * call into a queue callback that keeps the caller's place (their arrival time) and Kamailio answers the IVR
 * `603 Callback Queued` (the SIPp scenario fails on any other reply). The same header with a value that is no
 * number leaves the caller waiting in the queue.
 */
import { join, resolve } from 'node:path';
import { desc, eq, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { interactions, queueCallbacks } from '../../db/schema';
import type { QueueUpdate } from '../../cti-bridge/protocol/queue.schema';
import {
  logKamailioOnFailure,
  startTelephony,
  type KamailioBridge,
  type RunningKamailio,
} from '../support/kamailio';
import { sippPorts, startSipp } from '../support/sipp';
import { until } from '../support/until';

const SALES = '+18005550100';
let t: KamailioBridge;
let kam: RunningKamailio;
let supervisor: string;

beforeAll(async () => {
  // pbx.sh's default header list: X-Ringside-Callback is in it
  ({ t, kam } = await startTelephony({ pstnGateway: 'sip:127.0.0.2:5190', agents: 10 }));
  supervisor = await t.login('supervisor');
}, 60_000);

logKamailioOnFailure(() => kam);

afterAll(async () => {
  await kam?.stop();
  await t?.stop();
});

function ivrCall(caller: string, callback: string) {
  return sippPorts().then((ports) => sippRun(ports, caller, callback));
}

function sippRun(ports: { signalling: number; media: number }, caller: string, callback: string) {
  return startSipp(
    [
      `127.0.0.1:${kam.sipPort}`,
      ...['-sf', resolve(import.meta.dirname, '../fixtures/sipp/uac-ivr-callback.xml')],
      ...['-s', SALES, '-key', 'caller', caller, '-key', 'cb', callback],
      ...['-m', '1', '-i', '127.0.0.1', '-p', String(ports.signalling), '-mp', String(ports.media)],
      ...['-nostdin', '-timeout', '30s', '-timeout_error'],
    ],
    { cwd: t.dataDir, errorFile: join(t.dataDir, `ivr-${caller}.errors`), patienceMs: 40_000 },
  );
}

/** The interaction of a call from this SIP user (the raw caller id is the From URI). */
const interactionOf = (callerRaw: string) =>
  t.ringside.db
    .select()
    .from(interactions)
    .where(like(interactions.callerRaw, `%${callerRaw}%`))
    .orderBy(desc(interactions.id))
    .get();
const callbacksOf = (interactionId: number) =>
  t.ringside.db
    .select()
    .from(queueCallbacks)
    .where(eq(queueCallbacks.originalInteractionId, interactionId))
    .all();

describe('an IVR callback request through Kamailio', () => {
  it('turns the call into a callback in the caller’s place; the IVR hears 603 Callback Queued', async () => {
    // nobody is on the floor: without the header the caller would wait
    const own = await ivrCall('2125550171', 'caller');
    expect(await own.exited, own.errors()).toBe(0);
    const other = await ivrCall('2125550172', '+86 138 0013 8000');
    expect(await other.exited, other.errors()).toBe(0);

    for (const [raw, e164] of [
      ['2125550171', '+12125550171'],
      ['2125550172', '+8613800138000'],
    ] as const) {
      const row = interactionOf(raw);
      expect(row).toMatchObject({ routingRule: 'queue sales, IVR asked: callback requested' });
      expect(row?.attachedDropped ?? null).toBeNull();
      const [callback] = callbacksOf(row?.id ?? 0);
      // the caller's place: the callback arrived when the call did
      expect(callback).toMatchObject({ source: 'sip', state: 'waiting', e164, arrivedAt: row?.queuedAt });
    }
    const live = await t.api<QueueUpdate>('GET', '/api/queues/live', supervisor);
    expect(live.body.queues.find((q) => q.code === 'sales')?.callbacksWaiting).toBe(2);
  });

  it('a value that is no number to call leaves the caller waiting in the queue', async () => {
    // the IVR's scenario waits for a 603 that never comes: it is killed once the call waits
    const sipp = await ivrCall('2125550173', 'ring me maybe');
    await until(() => interactionOf('2125550173') !== undefined, 15_000, 'the call reached the bridge');
    const row = interactionOf('2125550173');
    expect(row?.outcome).toBe('queued');
    expect(callbacksOf(row?.id ?? 0)).toEqual([]);
    sipp.kill();
    await sipp.exited;
  });
});
