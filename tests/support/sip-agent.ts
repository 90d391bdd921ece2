/**
 * An agent as the Kamailio tests need one: logged in to the bridge (socket.io), with a sip.js phone in Node
 * registered with the SIP credentials the login handed over; and callers, unauthenticated phones outside.
 */
import { performance } from 'node:perf_hooks';
import { expect } from 'vitest';
import type { SipCredentials } from '../../cti-bridge/protocol/http.schema';
import { createTestPhone, type TestPhone } from './kamailio-phone';
import { command, type AgentSocket, type TestRingside } from './test-ringside';

export interface SipAgent {
  socket: AgentSocket;
  phone: TestPhone;
  /** performance.now() of every `call:offered`, to compare with the phone's INVITEs. */
  offers: { callId: string; at: number }[];
}

/** Logs in, registers the agent's phone (stopped with `phones`), and goes ready unless told otherwise. */
export async function sipAgent(
  t: TestRingside,
  phones: TestPhone[],
  username: string,
  ready = true,
): Promise<SipAgent> {
  const login = await t.api<{ token: string; sip: SipCredentials | null }>(
    'POST',
    '/api/auth/login',
    undefined,
    { username, password: 'ringside' },
  );
  const sip = login.body.sip;
  if (!sip) throw new Error('no SIP credentials at login in kamailio mode');
  const socket = await t.connect(login.body.token);
  const offers: SipAgent['offers'] = [];
  socket.on('call:offered', (offer) => offers.push({ callId: offer.callId, at: performance.now() }));
  const phone = createTestPhone({
    wsUri: sip.wsUri,
    aor: sip.aor,
    authorizationUsername: sip.authorizationUsername,
    password: sip.password,
  });
  phones.push(phone);
  await phone.register();
  if (ready) expect((await command(socket, 'agent:set-state', { status: 'ready' })).ok).toBe(true);
  return { socket, phone, offers };
}

/** A caller's phone (no credentials: a customer or a trunk), started on Kamailio's WebSocket. */
export async function sipCaller(wsUri: string, phones: TestPhone[], number: string): Promise<TestPhone> {
  const phone = createTestPhone({ wsUri, aor: `sip:${number}@customers.example`, displayName: 'Caller' });
  phones.push(phone);
  await phone.ua.start();
  return phone;
}
