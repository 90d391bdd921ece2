import { describe, expect, it } from 'vitest';
import { parseKamailioEvent } from '../../cti-bridge/src/pbx/kamailio/evapi-messages.schema';

const tx = { callid: 'abc@host', tindex: 61841, tlabel: 1921165200 };

describe('evapi events from kamailio.cfg', () => {
  it.each([
    ['offer', { event: 'offer', ...tx, service: '+18005550102', from: 'sip:2125550123@example.com' }],
    [
      'offer with PAI',
      { event: 'offer', ...tx, service: '4001', from: 'sip:x@y', pai: '<sip:+1212@y>', ts_s: 1, ts_us: 2 },
    ],
    ['ring-failed', { event: 'ring-failed', ...tx, agent: 'agent1', reason: 'no-answer', code: 408 }],
    ['cancel', { event: 'cancel', callid: 'abc@host' }],
    ['timeout', { event: 'timeout', ...tx }],
    ['answered', { event: 'answered', callid: 'c', kind: 'inbound', agent: 'agent2' }],
    ['ended', { event: 'ended', callid: 'c', kind: 'outbound', agent: 'agent2', by: 'callee' }],
    ['dial', { event: 'dial', ...tx, agent: 'agent1', to: '+15551234567' }],
    [
      'talking',
      { event: 'talking', callid: 'c', kind: 'internal', agent: 'agent2', peer: 'agent1', ts_s: 1 },
    ],
    ['stale', { event: 'stale', tindex: 1, tlabel: 2 }],
  ])('accepts %s', (_name, message) => {
    const parsed = parseKamailioEvent(JSON.stringify(message));
    expect(parsed.ok).toBe(true);
  });

  it('turns a transaction label jansson sent as a string into a number', () => {
    const parsed = parseKamailioEvent(JSON.stringify({ event: 'timeout', ...tx, tlabel: '3000000000' }));
    expect(parsed.ok && parsed.event.event === 'timeout' && parsed.event.tlabel).toBe(3_000_000_000);
  });

  it.each([
    ['not JSON', '{"event":'],
    ['an unknown event', JSON.stringify({ event: 'explode', callid: 'x' })],
    ['an offer without ids', JSON.stringify({ event: 'offer', callid: 'x', service: '1', from: 'a' })],
    ['a negative tindex', JSON.stringify({ event: 'timeout', ...tx, tindex: -1 })],
    ['an unknown ring failure', JSON.stringify({ event: 'ring-failed', ...tx, agent: 'a', reason: 'bored' })],
    [
      'a call in progress without its answer time',
      JSON.stringify({ event: 'talking', callid: 'c', kind: 'inbound', agent: 'a' }),
    ],
    ['an empty call id', JSON.stringify({ event: 'cancel', callid: '' })],
    ['an array', '[]'],
    ['null', 'null'],
  ])('rejects %s without throwing', (_name, payload) => {
    const parsed = parseKamailioEvent(payload);
    expect(parsed.ok).toBe(false);
  });
});
