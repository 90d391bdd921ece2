/**
 * An IVR asks for a callback through real SIP: SIPp, as the IVR, hands over a caller with `X-Ringside-Callback`
 * (`caller`, or the number to call); Kamailio passes the header to the bridge over evapi; the bridge turns the
 * call into a queue callback that keeps the caller's place (their arrival time) and Kamailio answers the IVR
 * `603 Callback Queued` (the SIPp scenario fails on any other reply). A repeated request for a number whose
 * callback is already open in that queue (an earlier IVR call, a website's request) is merged into it — one
 * callback, the earlier place, audited — and the IVR hears `603 Callback Already Queued`, as final. The same
 * header with a value that is no number leaves the caller waiting in the queue.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { and, desc, eq, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, interactions, queueCallbacks } from '../../db/schema';
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

let runs = 0;

/** The IVR hands the caller over; `reply()` is the final answer's status line as SIPp received it. */
async function ivrCall(caller: string, callback: string) {
  const ports = await sippPorts();
  const messages = join(t.dataDir, `ivr-${caller}-${++runs}.messages`);
  const run = startSipp(
    [
      `127.0.0.1:${kam.sipPort}`,
      ...['-sf', resolve(import.meta.dirname, '../fixtures/sipp/uac-ivr-callback.xml')],
      ...['-s', SALES, '-key', 'caller', caller, '-key', 'cb', callback],
      ...['-m', '1', '-i', '127.0.0.1', '-p', String(ports.signalling), '-mp', String(ports.media)],
      ...['-nostdin', '-timeout', '30s', '-timeout_error', '-trace_msg', '-message_file', messages],
    ],
    { cwd: t.dataDir, errorFile: join(t.dataDir, `ivr-${caller}-${runs}.errors`), patienceMs: 40_000 },
  );
  const reply = () => /^SIP\/2\.0 6\d\d [^\r\n]*/m.exec(readFileSync(messages, 'utf8'))?.[0] ?? null;
  return { ...run, reply };
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
    expect(own.reply()).toBe('SIP/2.0 603 Callback Queued');
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

  it('merges a repeated request into the open one (IVR again, or after a website’s): 603 Callback Already Queued', async () => {
    // a website asked first for 2125550174; then the caller phones and the IVR asks too
    const web = await t.api<{ callbackId: number; alreadyQueued: boolean }>(
      'POST',
      '/api/queue-callbacks',
      undefined,
      { number: '+1 212 555 0174', queue: 'sales' },
    );
    expect(web.body.alreadyQueued).toBe(false);
    const afterWeb = await ivrCall('2125550174', 'caller');
    expect(await afterWeb.exited, afterWeb.errors()).toBe(0);
    expect(afterWeb.reply()).toBe('SIP/2.0 603 Callback Already Queued');
    // the first test's caller, handed over by the IVR a second time
    const firstAgain = await ivrCall('2125550171', 'caller');
    expect(await firstAgain.exited, firstAgain.errors()).toBe(0);
    expect(firstAgain.reply()).toBe('SIP/2.0 603 Callback Already Queued');

    for (const [raw, e164, source] of [
      ['2125550174', '+12125550174', 'web'],
      ['2125550171', '+12125550171', 'sip'],
    ] as const) {
      // no second callback: one open request for the number, in its first place
      const open = t.ringside.db
        .select()
        .from(queueCallbacks)
        .where(and(eq(queueCallbacks.e164, e164), eq(queueCallbacks.state, 'waiting')))
        .all();
      expect(open).toHaveLength(1);
      const [callback] = open;
      const row = interactionOf(raw);
      expect(callback).toMatchObject({ source });
      expect(callback?.arrivedAt).toBeLessThan(row?.queuedAt ?? 0);
      expect(row?.routingRule).toBe('queue sales, IVR asked: callback already queued');
      expect(row?.routingDecision).toMatchObject({ callbackId: callback?.id, alreadyQueued: true });
      const merged = t.ringside.db
        .select()
        .from(auditLog)
        .where(
          and(
            eq(auditLog.action, 'queue-callback.merged'),
            eq(auditLog.subject, `queue-callback:${callback?.id ?? 0}`),
          ),
        )
        .all();
      expect(merged.map((m) => m.details)).toMatchObject([{ source: 'sip', originalInteractionId: row?.id }]);
    }
    expect(interactionOf('2125550174')).toBeDefined();
    expect(web.body.callbackId).toBe(
      t.ringside.db.select().from(queueCallbacks).where(eq(queueCallbacks.e164, '+12125550174')).get()?.id,
    );
    const live = await t.api<QueueUpdate>('GET', '/api/queues/live', supervisor);
    expect(live.body.queues.find((q) => q.code === 'sales')?.callbacksWaiting).toBe(3);
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
